import * as pulumi from "@pulumi/pulumi";
import { ProjectName, Side, identifyStack } from "../topology";
import { ConfigReader } from "./reader";
import { ConfigError, InvalidValue } from "./errors";
import * as v from "./validate";
import type { AccountInfrastructureArgs } from "../components/account-infrastructure";
import type { KubeconfigCredentials, NodeScaling } from "../components/cluster";
import { ENDPOINT_ACCESS, eksClusterName, publicAccessCidrs } from "./cluster-access";
import { kubernetesVersionFor } from "./eks-versions";
import { clusterName } from "../naming";
import { NAT_GATEWAY_STRATEGIES, NatGatewayStrategy } from "../components/network";
import { TRANSPORTS, Transport, usesAppMesh } from "../transport";

/** The keys an infra project declares in its Pulumi.yaml (the backend adds cloudMapNamespace). */
export const INFRA_KEYS = [
    "vpcCidr",
    "availabilityZones",
    "natGatewayStrategy",
    "privateSubnetPrefixLength",
    "publicSubnetPrefixLength",
    "kubernetesVersion",
    "nodeInstanceType",
    "nodeMinSize",
    "nodeDesiredSize",
    "nodeMaxSize",
    "acceptExtendedSupportCost",
    "clusterEndpointAccess",
    "clusterEndpointPublicAccessCidrs",
    "clusterAdminRoleArns",
    "clusterAdminUserArns",
    "kubeconfigRoleArn",
    "previewRoleArn",
    "clusterLogRetentionDays",
] as const;
export const INFRA_BACKEND_KEYS = [...INFRA_KEYS, "transport", "cloudMapNamespace"] as const;
export const INFRA_FRONTEND_KEYS = [...INFRA_KEYS, "latticeSignedCalls"] as const;
/** Keys only the backend's infra stack reads, named when found in the frontend's. */
const BACKEND_ONLY = { transport: "infra-backend", cloudMapNamespace: "infra-backend" } as const;
/** Keys only the frontend's (a calling account's) infra stack reads, named when found in the backend's. */
const FRONTEND_ONLY = { latticeSignedCalls: "infra-frontend" } as const;

export interface InfraConfig {
    /** The environment: the stack's name, or its name less `-<account>` (shared/topology.ts). */
    readonly environment: string;
    /** The account's name in the environment: frontend or backend in the two-account design. */
    readonly side: string;
    /** The one account this stack may touch (`aws:allowedAccountIds`). */
    readonly accountId: string;
    readonly region: string;
    /** `aws:profile`: the AWS CLI profile this side's provider and kubeconfig use; unset, the environment's. */
    readonly profile?: string;
    readonly vpcCidr: v.Cidr;
    readonly availabilityZones: number;
    readonly natGatewayStrategy: NatGatewayStrategy;
    readonly privateSubnetPrefixLength: number;
    readonly publicSubnetPrefixLength: number;
    readonly kubernetesVersion: string;
    readonly nodeInstanceType: string;
    readonly nodeScaling: NodeScaling;
    /** Keep an extended-support Kubernetes version (and pay for it) rather than be upgraded. */
    readonly acceptExtendedSupportCost: boolean;
    /** Public CIDRs that may reach the API; empty for a private endpoint only. */
    readonly clusterEndpointPublicAccessCidrs: string[];
    /** IAM roles besides the creator that administer the cluster (e.g. CI's deploy role). */
    readonly clusterAdminRoleArns: string[];
    /** IAM users that administer the cluster (teammates). */
    readonly clusterAdminUserArns: string[];
    /** The CI preview role given a read-only access entry (bootstrap/'s previewRoleArn output); "" for none. */
    readonly previewRoleArn: string;
    /** What the kubeconfig's `aws eks get-token` authenticates with: `aws:profile` and/or a role. */
    readonly kubeconfigCredentials: KubeconfigCredentials;
    readonly clusterLogRetentionDays: number;
    /**
     * A calling account (infra-frontend): make yelb-ui's own IAM role for signed Lattice calls (EKS
     * Pod Identity, with the cluster's Pod Identity agent), exported as `latticeCallerRoleArn`. The
     * stacks after it then sign yelb-ui's calls and admit only that role; false (the backend) otherwise.
     */
    readonly latticeSignedCalls: boolean;
}

/** The backend's infra config: it adds the Cloud Map namespace the frontend discovers the appserver through. */
export interface BackendInfraConfig extends InfraConfig {
    /** The environment's transport; the Cloud Map namespace exists only where it uses App Mesh. */
    readonly transport: Transport;
    /** The Cloud Map HTTP namespace for cross-account discovery (App Mesh). */
    readonly cloudMapNamespace: string;
}

/** Reads `aws:allowedAccountIds`, which must hold exactly the one account the stack belongs to. */
export function readAccount(reader: ConfigReader): string {
    const ids = reader.list("aws:allowedAccountIds", v.accountId);
    if (ids && ids.length !== 1) {
        reader.fail(
            "aws:allowedAccountIds",
            `lists ${ids.length} accounts`,
            "list exactly one account: the one this stack deploys into",
        );
    }
    return ids?.[0];
}

/** Loads and validates an infra project's configuration; throws ConfigError listing every problem. */
export function loadInfraConfig(side: "backend"): BackendInfraConfig;
export function loadInfraConfig(side: "frontend"): InfraConfig;
export function loadInfraConfig(side: Side): InfraConfig | BackendInfraConfig {
    const project = `infra-${side}`;
    const reader = new ConfigReader(project, side === "backend" ? INFRA_BACKEND_KEYS : INFRA_FRONTEND_KEYS, side === "backend" ? FRONTEND_ONLY : BACKEND_ONLY);
    const acceptExtendedSupportCost = reader.boolean("acceptExtendedSupportCost");
    const endpointAccess = reader.string("clusterEndpointAccess", v.oneOf(ENDPOINT_ACCESS));
    const profileName = reader.optionalString("aws:profile", v.awsProfileName);
    const roleArn = reader.string("kubeconfigRoleArn", (r) => (r === "" ? r : v.iamRoleArn(r)));
    // A stack of an environment file's account is <environment>-<account>; otherwise the stack is the environment.
    const found = identifyStack(project as ProjectName, pulumi.getStack());
    const config: InfraConfig | BackendInfraConfig = {
        environment: found?.topology.environment ?? pulumi.getStack(),
        side: found?.entry.account ?? side,
        accountId: readAccount(reader),
        region: reader.string("aws:region", v.awsRegion),
        ...(profileName ? { profile: profileName } : {}),
        vpcCidr: reader.string("vpcCidr", v.vpcCidr),
        availabilityZones: reader.number("availabilityZones", v.integerBetween(2, 3)),
        natGatewayStrategy: reader.string("natGatewayStrategy", v.oneOf(NAT_GATEWAY_STRATEGIES)),
        privateSubnetPrefixLength: reader.number("privateSubnetPrefixLength", v.integerBetween(16, 28)),
        publicSubnetPrefixLength: reader.number("publicSubnetPrefixLength", v.integerBetween(16, 28)),
        kubernetesVersion: reader.string("kubernetesVersion", kubernetesVersionFor(acceptExtendedSupportCost ?? false)),
        nodeInstanceType: reader.string("nodeInstanceType", v.instanceType),
        nodeScaling: {
            minSize: reader.number("nodeMinSize", v.integerBetween(1, 100)),
            desiredSize: reader.number("nodeDesiredSize", v.integerBetween(1, 100)),
            maxSize: reader.number("nodeMaxSize", v.integerBetween(1, 100)),
        },
        acceptExtendedSupportCost,
        clusterEndpointPublicAccessCidrs: reader.list("clusterEndpointPublicAccessCidrs", (c) => v.parseCidr(c).text),
        clusterAdminRoleArns: reader.list("clusterAdminRoleArns", v.iamRoleArn),
        clusterAdminUserArns: reader.list("clusterAdminUserArns", v.iamUserArn),
        previewRoleArn: reader.string("previewRoleArn", (r) => (r === "" ? r : v.iamRoleArn(r))),
        kubeconfigCredentials: { ...(profileName ? { profileName } : {}), ...(roleArn ? { roleArn } : {}) },
        clusterLogRetentionDays: reader.number("clusterLogRetentionDays", v.logRetentionDays),
        latticeSignedCalls: side === "frontend" ? reader.boolean("latticeSignedCalls") : false,
        ...(side === "backend" ? { transport: reader.string("transport", v.oneOf(TRANSPORTS)), cloudMapNamespace: reader.string("cloudMapNamespace", v.dnsName) } : {}),
    };
    reader.check(["vpcCidr", "availabilityZones", "privateSubnetPrefixLength", "publicSubnetPrefixLength"], "vpcCidr", () =>
        v.checkSubnetsFit(config.vpcCidr, {
            availabilityZones: config.availabilityZones,
            privatePrefixLength: config.privateSubnetPrefixLength,
            publicPrefixLength: config.publicSubnetPrefixLength,
        }),
    );
    reader.check(["nodeMinSize", "nodeDesiredSize", "nodeMaxSize"], "nodeDesiredSize", () => v.checkScaling(config.nodeScaling));
    reader.check(["clusterEndpointAccess", "clusterEndpointPublicAccessCidrs"], "clusterEndpointPublicAccessCidrs", () => {
        v.distinct(config.clusterEndpointPublicAccessCidrs);
        publicAccessCidrs(endpointAccess, config.clusterEndpointPublicAccessCidrs);
    });
    reader.check(["clusterAdminRoleArns"], "clusterAdminRoleArns", () => v.distinct(config.clusterAdminRoleArns));
    reader.check(["clusterAdminUserArns"], "clusterAdminUserArns", () => v.distinct(config.clusterAdminUserArns));
    reader.check([], `stack name "${config.environment}"`, () => eksClusterName(clusterName(config.environment, config.side), config.environment));
    reader.done(`stack ${project}/${pulumi.getStack()}`);
    return config;
}

/** The arguments of an account's infrastructure that its validated config decides (both sides alike). */
export function accountInfrastructureArgs(config: InfraConfig): AccountInfrastructureArgs {
    return {
        network: {
            cidrBlock: config.vpcCidr.text,
            availabilityZones: config.availabilityZones,
            natGatewayStrategy: config.natGatewayStrategy,
            privateSubnetPrefixLength: config.privateSubnetPrefixLength,
            publicSubnetPrefixLength: config.publicSubnetPrefixLength,
        },
        cluster: {
            clusterName: clusterName(config.environment, config.side),
            kubernetesVersion: config.kubernetesVersion,
            instanceType: config.nodeInstanceType,
            scaling: config.nodeScaling,
            endpointPublicAccessCidrs: config.clusterEndpointPublicAccessCidrs,
            adminRoleArns: config.clusterAdminRoleArns,
            adminUserArns: config.clusterAdminUserArns,
            ...(config.previewRoleArn ? { previewRoleArn: config.previewRoleArn } : {}),
            kubeconfigCredentials: config.kubeconfigCredentials,
            logRetentionDays: config.clusterLogRetentionDays,
            extendedSupport: config.acceptExtendedSupportCost,
            ...(config.latticeSignedCalls ? { podIdentityAgent: true } : {}),
        },
    };
}

/**
 * Refuses, before any resource, two infra stacks that cannot be joined by `transport` (see
 * checkPeerable). Without a transport (the offline plan's check across the two infra stacks, which
 * carry none), the CIDRs are left to the mesh owner's program, the one that knows the transport.
 */
export function assertPeerable(frontend: PeerFacts, backend: PeerFacts, context: string, transport?: Transport): void {
    const problems = checkPeerable(frontend, backend, transport);
    if (problems.length > 0) {
        throw new ConfigError(
            context,
            problems.map(({ key, error }) => ({ key, problem: error.problem, fix: error.fix })),
        );
    }
}

/** The facts of each account that the peering and the shared mesh need to agree. */
export interface PeerFacts {
    readonly accountId: string;
    readonly region: string;
    readonly vpcCidr: string;
}

/**
 * Checks that the two accounts can be joined: different accounts, one region (a mesh, a service
 * network and their RAM shares are regional), and where App Mesh is deployed (`appmesh` or `both`)
 * VPC CIDRs that do not overlap, which VPC peering requires. Lattice needs no peering and is made
 * for overlapping addresses (the AWS Gateway API Controller's docs/concepts/overview.md,
 * "Overlapping IP addresses", v2.1.3). Returns problems keyed by the backend's settings, which is
 * where a fix usually goes.
 */
export function checkPeerable(frontend: PeerFacts, backend: PeerFacts, transport: Transport | undefined): { key: string; error: InvalidValue }[] {
    const problems: { key: string; error: InvalidValue }[] = [];
    if (frontend.accountId === backend.accountId) {
        problems.push({
            key: "infra-backend aws:allowedAccountIds",
            error: new InvalidValue(
                `the frontend and backend are the same account ${backend.accountId}`,
                "give each side its own account; the design isolates them",
            ),
        });
    }
    if (frontend.region !== backend.region) {
        problems.push({
            key: "infra-backend aws:region",
            error: new InvalidValue(
                `the backend region ${backend.region} differs from the frontend region ${frontend.region}`,
                "deploy both accounts in one region; an App Mesh mesh, a VPC Lattice service network and their RAM shares are regional",
            ),
        });
    }
    const f = v.parseCidr(frontend.vpcCidr);
    const b = v.parseCidr(backend.vpcCidr);
    if (transport !== undefined && usesAppMesh(transport) && v.cidrsOverlap(f, b)) {
        problems.push({
            key: "infra-backend:vpcCidr",
            error: new InvalidValue(
                `the backend VPC ${b.text} overlaps the frontend VPC ${f.text}`,
                `choose non-overlapping CIDRs, e.g. 10.192.0.0/16 and 10.193.0.0/16; VPC peering (transport ${transport}) refuses overlapping ranges`,
            ),
        });
    }
    return problems;
}
