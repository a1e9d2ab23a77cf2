import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { GetResourceShareAssociationsCommand, GetResourceSharesCommand, RAMClient } from "@aws-sdk/client-ram";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
    GetAuthPolicyCommand,
    GetRuleCommand,
    ListListenersCommand,
    ListRulesCommand,
    ListServiceNetworkServiceAssociationsCommand,
    ListServiceNetworkVpcAssociationsCommand,
    ListTargetsCommand,
    VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { serviceNetworkAuthPolicy } from "../../shared/components/lattice-service-network";
import { Side } from "../../shared/topology";
import { APP_MESH_END } from "../../shared/transport";
import { KubeApi, PodSummary } from "./kube";

/**
 * The checks of `npm run verify`, each a function of the facts read from the stack outputs and of
 * clients it is given (AWS SDK v3 clients, a small Kubernetes API), so tests give mocks. Every
 * check only reads, except the probe pods (probe.ts). Each result says what was seen and, when it
 * fails, the likely cause and the fix.
 */
export type Status = "PASS" | "FAIL" | "SKIP";

export interface CheckResult {
    /** Stable id, for --json consumers: `credentials-frontend`, `ram-share`... */
    readonly id: string;
    readonly status: Status;
    /** What was seen, one line. */
    readonly seen: string;
    /** When it failed: the likely cause and the fix, one line. */
    readonly fix?: string;
}

const pass = (id: string, seen: string): CheckResult => ({ id, status: "PASS", seen });
const fail = (id: string, seen: string, fix: string): CheckResult => ({ id, status: "FAIL", seen, fix });
export const skip = (id: string, seen: string): CheckResult => ({ id, status: "SKIP", seen });

/** The first line of an SDK or Kubernetes error, with its name when it has one. */
export function errorLine(e: unknown): string {
    const name = e instanceof Error && e.name !== "Error" ? `${e.name}: ` : "";
    const message = e instanceof Error ? e.message : String(e);
    return `${name}${message.split("\n")[0]}`;
}

/** What verify knows of one side, from its infra stack file (account, region) and outputs. */
export interface SideFacts {
    /** The account's name: frontend or backend in the two-account design, any account of an environment file. */
    readonly side: Side | string;
    /** The account the side's infra stack file names (`aws:allowedAccountIds`). */
    readonly accountId: string;
    readonly region: string;
    /** The AWS profile used for this side. */
    readonly profile: string;
    readonly clusterName: string;
    readonly vpcId: string;
    /** The Yelb namespace in this side's cluster (the apps stack's output). */
    readonly namespace: string;
}

/** The Lattice part, from the mesh and apps stacks' outputs. */
export interface LatticeFacts {
    readonly serviceNetworkArn: string;
    readonly serviceNetworkShareArn: string;
    readonly listenerPort: number;
    /** The listeners' protocol, as yelb-ui calls them (HTTPS unless mesh:latticeListenerProtocol says HTTP). */
    readonly listenerProtocol: "HTTPS" | "HTTP";
    readonly gatewayName: string;
    readonly gatewayNamespace: string;
    readonly serviceArn: string;
    readonly serviceDnsName: string;
    /** The HTTPRoute's name (the appserver's). */
    readonly routeName: string;
    /** The label value `app=` of the appserver's pods. */
    readonly appserverApp: string;
}

/** Each side's credentials reach the account its stack file names. */
export async function checkCredentials(sts: STSClient, side: SideFacts): Promise<CheckResult> {
    const id = `credentials-${side.side}`;
    try {
        const { Account, Arn } = await sts.send(new GetCallerIdentityCommand({}));
        if (Account === side.accountId) return pass(id, `profile "${side.profile}" is ${Arn} in account ${Account}`);
        return fail(
            id,
            `profile "${side.profile}" is ${Arn} in account ${Account}, not ${side.accountId}`,
            `the profile belongs to another account: pass --${side.side}-profile with a profile of account ${side.accountId}`,
        );
    } catch (e) {
        return fail(id, `profile "${side.profile}" could not sign in: ${errorLine(e)}`, `run "aws sso login --profile ${side.profile}" or "aws configure --profile ${side.profile}", or pass --${side.side}-profile`);
    }
}

/** The side's EKS cluster is ACTIVE. */
export async function checkCluster(eks: EKSClient, side: SideFacts): Promise<CheckResult> {
    const id = `cluster-${side.side}`;
    try {
        const { cluster } = await eks.send(new DescribeClusterCommand({ name: side.clusterName }));
        if (cluster?.status === "ACTIVE") return pass(id, `EKS cluster ${side.clusterName} is ACTIVE (Kubernetes ${cluster.version})`);
        return fail(id, `EKS cluster ${side.clusterName} is ${cluster?.status}`, `wait until it is ACTIVE (an update or upgrade is running), then run verify again`);
    } catch (e) {
        return fail(id, `EKS cluster ${side.clusterName} could not be read: ${errorLine(e)}`, `deploy infra-${side.side} again (npm run deploy), or check the profile's eks:DescribeCluster permission`);
    }
}

/**
 * The service network's RAM share (frontend account) is ACTIVE and associated with the backend
 * account alone. In invitation mode the association stays ASSOCIATING until the backend stack
 * accepts the invitation.
 */
export async function checkRamShare(ram: RAMClient, lattice: LatticeFacts, backendAccountId: string): Promise<CheckResult> {
    const id = "ram-share";
    const arns = [lattice.serviceNetworkShareArn];
    try {
        const { resourceShares } = await ram.send(new GetResourceSharesCommand({ resourceOwner: "SELF", resourceShareArns: arns }));
        const share = resourceShares?.[0];
        if (share === undefined) return fail(id, `share ${arns[0]} not found in the frontend account`, "deploy the mesh frontend stack again (npm run deploy): it creates the share");
        if (share.status !== "ACTIVE") return fail(id, `share ${share.name} is ${share.status}`, "RAM is still creating or deleting it: wait a minute and run verify again, or deploy again");
        const { resourceShareAssociations } = await ram.send(new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL", resourceShareArns: arns }));
        const principals = (resourceShareAssociations ?? []).filter((a) => a.status !== "DISASSOCIATED");
        const seen = principals.map((a) => `${a.associatedEntity} ${a.status}`).join(", ") || "no principal";
        const backend = principals.find((a) => a.associatedEntity === backendAccountId);
        const others = principals.filter((a) => a.associatedEntity !== backendAccountId);
        if (others.length > 0) {
            return fail(id, `share ${share.name} is ACTIVE with principals ${seen}`, `only account ${backendAccountId} may receive the service network: remove the others (pulumi refresh of the mesh frontend stack shows who added them)`);
        }
        if (backend?.status === "ASSOCIATED") return pass(id, `share ${share.name} is ACTIVE, associated with ${backendAccountId}`);
        if (backend?.status === "ASSOCIATING") {
            return fail(id, `share ${share.name} is ACTIVE but PENDING for ${backendAccountId} (association ASSOCIATING)`, "the backend stack accepts it in invitation mode: run the deploy again, or accept the invitation in the backend account's RAM console");
        }
        return fail(id, `share ${share.name} is ACTIVE with ${seen}`, `the backend account ${backendAccountId} is not a principal: deploy the mesh frontend stack again (npm run deploy)`);
    } catch (e) {
        return fail(id, `share ${arns[0]} could not be read: ${errorLine(e)}`, "check the frontend profile's ram:GetResourceShares and ram:GetResourceShareAssociations permissions");
    }
}

/** The service network's VPC associations (frontend account): the frontend VPC's is ACTIVE, and no other VPC is associated. */
export async function checkVpcAssociations(client: VPCLatticeClient, lattice: LatticeFacts, frontend: SideFacts): Promise<CheckResult> {
    const id = "vpc-association";
    try {
        const { items } = await client.send(new ListServiceNetworkVpcAssociationsCommand({ serviceNetworkIdentifier: lattice.serviceNetworkArn }));
        const seen = (items ?? []).map((a) => `${a.vpcId} ${a.status}`).join(", ") || "none";
        const mine = (items ?? []).find((a) => a.vpcId === frontend.vpcId);
        const others = (items ?? []).filter((a) => a.vpcId !== frontend.vpcId);
        if (mine === undefined) return fail(id, `VPC associations: ${seen}; the frontend VPC ${frontend.vpcId} is not associated`, "deploy the mesh frontend stack again (npm run deploy): it creates the association");
        if (mine.status !== "ACTIVE") return fail(id, `VPC associations: ${seen}`, "the frontend VPC's association is not ACTIVE: wait for CREATE_IN_PROGRESS to end; after CREATE_FAILED, deploy the mesh frontend stack again");
        if (others.length > 0) return fail(id, `VPC associations: ${seen}`, `only the frontend VPC ${frontend.vpcId} should call the network: remove the other associations, which this project does not create`);
        return pass(id, `the frontend VPC ${frontend.vpcId}'s association is ACTIVE, and it is the only one`);
    } catch (e) {
        return fail(id, `VPC associations could not be listed: ${errorLine(e)}`, "check the frontend profile's vpc-lattice:ListServiceNetworkVpcAssociations permission");
    }
}

/** The appserver's Lattice service (backend account) is associated with the shared service network, ACTIVE. */
export async function checkServiceAssociation(client: VPCLatticeClient, lattice: LatticeFacts): Promise<CheckResult> {
    const id = "service-association";
    try {
        const { items } = await client.send(new ListServiceNetworkServiceAssociationsCommand({ serviceIdentifier: lattice.serviceArn }));
        const mine = (items ?? []).find((a) => a.serviceNetworkArn === lattice.serviceNetworkArn);
        const seen = (items ?? []).map((a) => `${a.serviceNetworkName ?? a.serviceNetworkArn} ${a.status}`).join(", ") || "none";
        if (mine?.status === "ACTIVE") return pass(id, `service ${mine.serviceName} is ACTIVE in service network ${mine.serviceNetworkName}`);
        if (mine === undefined) {
            return fail(id, `service associations: ${seen}`, "the Gateway API Controller has not associated the service: check that the Gateway is Programmed and the controller's logs (kubectl logs -n aws-application-networking-system deploy/...)");
        }
        return fail(id, `service associations: ${seen}`, "wait for CREATE_IN_PROGRESS to end; after CREATE_FAILED, look at the Gateway API Controller's logs, then deploy the apps backend stack again");
    } catch (e) {
        return fail(id, `service associations could not be listed: ${errorLine(e)}`, "check the backend profile's vpc-lattice:ListServiceNetworkServiceAssociations permission");
    }
}

/**
 * The service network's auth policy, as Lattice enforces it (GetAuthPolicy), is exactly one the
 * program writes: unsigned callers admitted only from the frontend VPC (or the frontend account).
 * Together with the denied probe this is what proves the auth policy (see probe.ts).
 */
export async function checkAuthPolicy(client: VPCLatticeClient, lattice: LatticeFacts, frontend: SideFacts): Promise<CheckResult> {
    const id = "auth-policy";
    try {
        const { policy, state } = await client.send(new GetAuthPolicyCommand({ resourceIdentifier: lattice.serviceNetworkArn }));
        const expected = [serviceNetworkAuthPolicy("sourceVpc", frontend.vpcId), serviceNetworkAuthPolicy("sourceVpcOwnerAccount", frontend.accountId)].map((p) => JSON.stringify(JSON.parse(p)));
        const live = policy === undefined ? undefined : JSON.stringify(JSON.parse(policy));
        if (state !== "Active") return fail(id, `the service network's auth policy is ${state ?? "absent"}`, "the network's authType is not AWS_IAM: deploy the mesh frontend stack again");
        if (live === expected[0]) return pass(id, `auth policy Active, admitting only callers in VPC ${frontend.vpcId}`);
        if (live === expected[1]) return pass(id, `auth policy Active, admitting only callers in VPCs of account ${frontend.accountId}`);
        return fail(id, `auth policy Active but not the program's: ${live}`, "someone changed it outside Pulumi: deploy the mesh frontend stack again (pulumi refresh first shows the drift)");
    } catch (e) {
        return fail(id, `auth policy could not be read: ${errorLine(e)}`, "check the frontend profile's vpc-lattice:GetAuthPolicy permission");
    }
}

/** The target groups the service's listeners forward to (every rule, the default one included). */
async function targetGroupsOf(client: VPCLatticeClient, serviceArn: string): Promise<string[]> {
    const groups = new Set<string>();
    const { items: listeners } = await client.send(new ListListenersCommand({ serviceIdentifier: serviceArn }));
    for (const listener of listeners ?? []) {
        const { items: rules } = await client.send(new ListRulesCommand({ serviceIdentifier: serviceArn, listenerIdentifier: listener.id }));
        for (const rule of rules ?? []) {
            const { action } = await client.send(new GetRuleCommand({ serviceIdentifier: serviceArn, listenerIdentifier: listener.id, ruleIdentifier: rule.id }));
            for (const group of action?.forward?.targetGroups ?? []) if (group.targetGroupIdentifier) groups.add(group.targetGroupIdentifier);
        }
    }
    return [...groups];
}

/** The appserver's target group has as many HEALTHY targets as there are ready appserver pods. */
export async function checkTargets(client: VPCLatticeClient, kube: KubeApi, lattice: LatticeFacts, backend: SideFacts): Promise<CheckResult> {
    const id = "targets";
    try {
        const groups = await targetGroupsOf(client, lattice.serviceArn);
        if (groups.length === 0) return fail(id, `service ${lattice.serviceArn} forwards to no target group`, "the HTTPRoute's backendRefs did not become a target group: check the route's ResolvedRefs condition and the controller's logs");
        const targets = (await Promise.all(groups.map(async (g) => (await client.send(new ListTargetsCommand({ targetGroupIdentifier: g }))).items ?? []))).flat();
        const healthy = targets.filter((t) => t.status === "HEALTHY").length;
        const pods = await kube.listPods(backend.namespace, `app=${lattice.appserverApp}`);
        const ready = pods.filter((p) => p.ready).length;
        const states = targets.map((t) => `${t.id}:${t.status}${t.reasonCode ? `(${t.reasonCode})` : ""}`).join(", ") || "no targets";
        if (ready === 0) return fail(id, `no ready ${lattice.appserverApp} pod; targets: ${states}`, "see the pods check: the appserver is not running");
        if (healthy === ready) return pass(id, `${healthy} HEALTHY targets = ${ready} ready ${lattice.appserverApp} pods`);
        return fail(
            id,
            `${healthy} HEALTHY targets for ${ready} ready ${lattice.appserverApp} pods; targets: ${states}`,
            "targets UNHEALTHY fail the health check on /api/hostname (is the appserver answering? is its security group open to Lattice's prefix list?); INITIAL or DRAINING settle within a minute: run verify again",
        );
    } catch (e) {
        return fail(id, `targets could not be read: ${errorLine(e)}`, "check the backend profile's vpc-lattice:ListListeners, ListRules, GetRule and ListTargets permissions, and the backend kubeconfig");
    }
}

type Condition = { type?: string; status?: string; reason?: string; message?: string };
const conditionsText = (conditions: readonly Condition[]) => conditions.map((c) => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ""}`).join(", ") || "no conditions";

/** The backend's Gateway is Programmed (Gateway API, GatewayConditionType "Programmed"). */
export async function checkGateway(kube: KubeApi, lattice: LatticeFacts): Promise<CheckResult> {
    const id = "gateway";
    const name = `${lattice.gatewayNamespace}/${lattice.gatewayName}`;
    try {
        const gateway = await kube.getObject({ group: "gateway.networking.k8s.io", version: "v1", plural: "gateways", namespace: lattice.gatewayNamespace, name: lattice.gatewayName });
        if (gateway === undefined) return fail(id, `Gateway ${name} not found`, "deploy the mesh backend stack again (npm run deploy)");
        const conditions = ((gateway.status as { conditions?: Condition[] } | undefined)?.conditions ?? []) as Condition[];
        if (conditions.some((c) => c.type === "Programmed" && c.status === "True")) return pass(id, `Gateway ${name} Programmed`);
        return fail(id, `Gateway ${name}: ${conditionsText(conditions)}`, "the controller could not find the shared service network: check the ram-share check, then the controller's logs");
    } catch (e) {
        return fail(id, `Gateway ${name} could not be read: ${errorLine(e)}`, "check the backend kubeconfig and that the identity may read gateways");
    }
}

/** The appserver's HTTPRoute is Accepted by its Gateway and has ResolvedRefs. */
export async function checkRoute(kube: KubeApi, lattice: LatticeFacts, backend: SideFacts): Promise<CheckResult> {
    const id = "route";
    const name = `${backend.namespace}/${lattice.routeName}`;
    try {
        const route = await kube.getObject({ group: "gateway.networking.k8s.io", version: "v1", plural: "httproutes", namespace: backend.namespace, name: lattice.routeName });
        if (route === undefined) return fail(id, `HTTPRoute ${name} not found`, "deploy the apps backend stack again (npm run deploy)");
        const parents = ((route.status as { parents?: { conditions?: Condition[] }[] } | undefined)?.parents ?? []) as { conditions?: Condition[] }[];
        const conditions = parents.flatMap((p) => p.conditions ?? []);
        const isTrue = (type: string) => conditions.some((c) => c.type === type && c.status === "True");
        if (isTrue("Accepted") && isTrue("ResolvedRefs")) return pass(id, `HTTPRoute ${name} Accepted, ResolvedRefs`);
        return fail(id, `HTTPRoute ${name}: ${conditionsText(conditions)}`, "Accepted=False: the Gateway does not admit routes from this namespace (latticeRouteNamespaces); ResolvedRefs=False: the Service or its port does not exist");
    } catch (e) {
        return fail(id, `HTTPRoute ${name} could not be read: ${errorLine(e)}`, "check the backend kubeconfig and that the identity may read httproutes");
    }
}

/** Every pod in the side's Yelb namespace is Ready (and there is at least one). */
export async function checkPods(kube: KubeApi, side: SideFacts): Promise<CheckResult> {
    const id = `pods-${side.side}`;
    try {
        const pods: PodSummary[] = (await kube.listPods(side.namespace)).filter((p) => !p.probe);
        const notReady = pods.filter((p) => !p.ready);
        if (pods.length === 0) return fail(id, `no pods in namespace ${side.namespace}`, `deploy the apps ${side.side} stack again (npm run deploy)`);
        if (notReady.length === 0) return pass(id, `${pods.length} pods Ready in ${side.namespace}: ${pods.map((p) => p.name).join(", ")}`);
        return fail(
            id,
            `${notReady.length} of ${pods.length} pods not Ready in ${side.namespace}: ${notReady.map((p) => `${p.name} (${p.phase})`).join(", ")}`,
            `kubectl describe pod and kubectl logs show why (image pull, crash, readiness gate); a rollout in progress settles in minutes`,
        );
    } catch (e) {
        return fail(id, `pods in ${side.namespace} could not be listed: ${errorLine(e)}`, `check the ${side.side} kubeconfig and that the API endpoint is reachable from here (clusterEndpointPublicAccessCidrs)`);
    }
}

/**
 * An App Mesh environment: AWS ended App Mesh on APP_MESH_END, so its mesh, virtual services and
 * Envoy path cannot be checked any more; the accounts, clusters and pods still can.
 */
export function appMeshUnreachable(): CheckResult {
    return fail(
        "app-mesh",
        `App Mesh is no longer reachable: AWS ended it on ${APP_MESH_END}, so the mesh, its virtual services and the Envoy path cannot be checked`,
        "move the environment to VPC Lattice (transport: lattice, docs/transports.md), then deploy and verify again",
    );
}
