import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import { ServiceAccountRole } from "./service-account-role";

/** The only AWS managed policies a worker node needs; App Mesh access is per workload (IRSA). */
export const NODE_MANAGED_POLICIES = {
    worker: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    cni: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    registry: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
} as const;

/** The managed node group's size; the infra config checks min <= desired <= max. */
export interface NodeScaling {
    readonly minSize: number;
    readonly desiredSize: number;
    readonly maxSize: number;
}

export interface ClusterArgs {
    /**
     * Run the EKS Pod Identity agent (the managed add-on eks-pod-identity-agent, a DaemonSet on the
     * nodes that hands pods the credentials of their Pod Identity association's role).
     * @default false: workloads use IAM roles for service accounts only
     */
    readonly podIdentityAgent?: boolean;
    /** The EKS cluster's name; stable, since renaming replaces the cluster. */
    readonly clusterName: string;
    /** Kubernetes minor version, e.g. `1.35`. */
    readonly kubernetesVersion: string;
    /** The VPC the cluster and its nodes run in. */
    readonly vpcId: pulumi.Input<string>;
    /** Subnets for the nodes and the control plane's network interfaces. */
    readonly privateSubnetIds: pulumi.Input<string[]>;
    /** Subnets for internet-facing load balancers. */
    readonly publicSubnetIds: pulumi.Input<string[]>;
    /** Worker instance type, e.g. `t3.large`. */
    readonly instanceType: string;
    /** How many worker nodes the managed node group runs. */
    readonly scaling: NodeScaling;
    /**
     * Who may reach the API over a public endpoint (where `pulumi up` and kubectl run). Nodes, and
     * anything inside the VPC, reach the API over the private endpoint, which is always on.
     * @default none: no public endpoint
     */
    readonly endpointPublicAccessCidrs?: readonly string[];
    /**
     * IAM roles, besides the identity that creates the cluster, given cluster-admin access entries
     * (for instance the role CI previews with).
     * @default none
     */
    readonly adminRoleArns?: readonly string[];
    /**
     * IAM users given cluster-admin access entries (teammates without a role to assume).
     * @default none
     */
    readonly adminUserArns?: readonly string[];
    /**
     * The role pull-request previews (and the scheduled `npm run verify --read-only`) assume
     * (bootstrap/'s `previewRoleArn`): given the read-only access entry of previewAccessPolicies.
     * @default none
     */
    readonly previewRoleArn?: string;
    /**
     * The AWS credentials the generated kubeconfig's `aws eks get-token` uses, so that it reaches this
     * cluster with this account's identity whatever else the environment holds.
     * @default the credentials in the environment (the AWS CLI's default chain)
     */
    readonly kubeconfigCredentials?: KubeconfigCredentials;
    /**
     * Days the control plane's log group (`/aws/eks/<cluster>/cluster`) keeps events.
     * @default 30
     */
    readonly logRetentionDays?: number;
    /**
     * Keep the Kubernetes version past its end of standard support, in extended support, billed at
     * $0.60 instead of $0.10 per cluster-hour; otherwise EKS upgrades the cluster at that date.
     * @default false
     */
    readonly extendedSupport?: boolean;
    /**
     * Install the EBS CSI driver add-on (with its own IRSA role), for workloads with persistent
     * volumes.
     * @default false
     */
    readonly ebsCsiDriver?: boolean;
}

/** A named AWS CLI profile, a role to assume, or both (the profile's credentials assume the role). */
export interface KubeconfigCredentials {
    /** A profile of the AWS CLI's config, e.g. `frontend`. */
    readonly profileName?: string;
    /** A role `aws eks get-token --role-arn` assumes. */
    readonly roleArn?: string;
}

/** The log group EKS writes control-plane logs to; EKS creates it itself unless it exists. */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

const CLUSTER_ADMIN_ACCESS_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/**
 * The namespaces of the Helm releases the mesh stacks install (the App Mesh controller's
 * appmesh-system, the Lattice Gateway API Controller's aws-application-networking-system; a test
 * checks them against the two charts' settings). Helm 3 keeps each release's record in a Secret
 * (`sh.helm.release.v1.<name>.v<n>`) of its namespace, and a preview of a helm.v3.Release reads it
 * to diff against: the only secrets a preview needs.
 */
export const HELM_RELEASE_NAMESPACES = ["appmesh-system", "aws-application-networking-system"] as const;

/**
 * The preview role's access policies (EKS User Guide, "Review access policy permissions"):
 * - AmazonEKSViewPolicy on the whole cluster: get/list/watch of the built-in objects, no Secrets.
 *   The Kubernetes provider's preview tries a server-side dry-run patch, which needs `patch`; without
 *   it the provider falls back to a client-side diff (pulumi/pulumi-kubernetes#3067), so reading is enough.
 * - AmazonEKSAdminViewPolicy only in the Helm release namespaces: reading everything there, the
 *   release Secrets included, and nothing else's secrets (the database password stays unreadable).
 */
export function previewAccessPolicies(): Record<string, { policyArn: string; accessScope: { type: "cluster" } | { type: "namespace"; namespaces: string[] } }> {
    return {
        view: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", accessScope: { type: "cluster" } },
        helmReleases: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy", accessScope: { type: "namespace", namespaces: [...HELM_RELEASE_NAMESPACES] } },
    };
}

/** The EBS CSI driver's controller service account and the AWS managed policy scoped to EBS volumes. */
const EBS_CSI_DRIVER = {
    addonName: "aws-ebs-csi-driver",
    namespace: "kube-system",
    serviceAccount: "ebs-csi-controller-sa",
    policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
} as const;

/**
 * An EKS cluster whose nodes live only in private subnets: access entries (no aws-auth ConfigMap),
 * an OIDC provider for IAM roles for service accounts, Kubernetes secrets encrypted with a rotating
 * KMS key, control-plane audit logs, and one managed node group without SSH.
 */
export class Cluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    /** The EKS-created security group. */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** The nodes' security group: with the default groups skipped, managed nodes carry the cluster's. */
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcProviderUrl: pulumi.Output<string>;
    readonly nodeRoleArn: pulumi.Output<string>;

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:infra:Cluster", name, {}, opts);

        const secretsKey = new aws.kms.Key(
            `${name}-secrets`,
            {
                description: `Envelope encryption of Kubernetes secrets in ${args.clusterName}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
            },
            { parent: this },
        );

        const nodeRole = new aws.iam.Role(
            `${name}-node`,
            {
                description: `Worker nodes of ${args.clusterName}`,
                assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "ec2.amazonaws.com" }),
            },
            { parent: this },
        );
        const attachments = Object.entries(NODE_MANAGED_POLICIES).map(
            ([purpose, policyArn]) =>
                new aws.iam.RolePolicyAttachment(`${name}-node-${purpose}`, { role: nodeRole.name, policyArn }, { parent: this }),
        );

        // Declared before the cluster so EKS writes into it instead of creating its own, which no
        // destroy would remove, and which would keep logs forever.
        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-logs`,
            { name: controlPlaneLogGroupName(args.clusterName), retentionInDays: args.logRetentionDays ?? 30 },
            { parent: this },
        );
        const admins = [
            ...(args.adminRoleArns ?? []).map((arn, i) => [`admin-${i + 1}`, arn] as const),
            ...(args.adminUserArns ?? []).map((arn, i) => [`admin-user-${i + 1}`, arn] as const),
        ];
        const publicCidrs = args.endpointPublicAccessCidrs ?? [];

        const cluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: args.clusterName,
                version: args.kubernetesVersion,
                vpcId: args.vpcId,
                privateSubnetIds: args.privateSubnetIds,
                publicSubnetIds: args.publicSubnetIds,
                endpointPrivateAccess: true,
                endpointPublicAccess: publicCidrs.length > 0,
                ...(publicCidrs.length > 0 ? { publicAccessCidrs: [...publicCidrs] } : {}),
                providerCredentialOpts: args.kubeconfigCredentials,
                upgradePolicy: { supportType: args.extendedSupport ? "EXTENDED" : "STANDARD" },
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: Object.fromEntries([
                    ...admins.map(([entry, principalArn]) => [
                        entry,
                        {
                            principalArn,
                            accessPolicies: {
                                admin: { policyArn: CLUSTER_ADMIN_ACCESS_POLICY, accessScope: { type: "cluster" } },
                            },
                        },
                    ]),
                    ...(args.previewRoleArn ? [["preview", { principalArn: args.previewRoleArn, accessPolicies: previewAccessPolicies() }]] : []),
                ]),
                createOidcProvider: true,
                encryptionConfigKeyArn: secretsKey.arn,
                enabledClusterLogTypes: ["api", "audit", "authenticator"],
                // Nodes come from the managed node group below; with the default security groups
                // skipped they use the EKS-created cluster security group.
                skipDefaultNodeGroup: true,
                skipDefaultSecurityGroups: true,
                nodeAssociatePublicIpAddress: false,
            },
            { parent: this, dependsOn: [logGroup] },
        );

        // The VPC CNI enforces NetworkPolicy objects only with its network policy agent turned on;
        // without it they are accepted and ignored. EKS installs the CNI unmanaged, so the managed
        // add-on takes it over (OVERWRITE) with that one setting.
        new eks.Addon(
            `${name}-vpc-cni`,
            {
                cluster,
                addonName: "vpc-cni",
                configurationValues: { enableNetworkPolicy: "true" },
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
            },
            { parent: this },
        );

        const nodes = new eks.ManagedNodeGroup(
            `${name}-nodes`,
            {
                cluster,
                nodeRole,
                subnetIds: args.privateSubnetIds,
                instanceTypes: [args.instanceType],
                scalingConfig: {
                    minSize: args.scaling.minSize,
                    desiredSize: args.scaling.desiredSize,
                    maxSize: args.scaling.maxSize,
                },
                enableIMDSv2: true,
            },
            { parent: this, dependsOn: attachments },
        );

        if (args.ebsCsiDriver) {
            const driverRole = new ServiceAccountRole(
                `${name}-ebs-csi`,
                {
                    description: `EBS CSI driver of ${args.clusterName}`,
                    oidcProviderArn: cluster.oidcProviderArn,
                    oidcProviderUrl: cluster.oidcProviderUrl,
                    namespace: EBS_CSI_DRIVER.namespace,
                    serviceAccount: EBS_CSI_DRIVER.serviceAccount,
                    managedPolicyArns: [EBS_CSI_DRIVER.policyArn],
                },
                { parent: this },
            );
            // After the nodes, so the driver's pods can schedule and the add-on becomes active.
            new eks.Addon(
                `${name}-ebs-csi-driver`,
                { cluster, addonName: EBS_CSI_DRIVER.addonName, serviceAccountRoleArn: driverRole.arn, resolveConflictsOnUpdate: "OVERWRITE" },
                { parent: this, dependsOn: [nodes] },
            );
        }

        if (args.podIdentityAgent) {
            // After the nodes: the agent is a DaemonSet (Amazon EKS User Guide, "Set up the Amazon EKS Pod Identity Agent").
            new eks.Addon(`${name}-pod-identity-agent`, { cluster, addonName: "eks-pod-identity-agent", resolveConflictsOnUpdate: "OVERWRITE" }, { parent: this, dependsOn: [nodes] });
        }

        this.clusterName = pulumi.output(args.clusterName);
        this.clusterSecurityGroupId = cluster.clusterSecurityGroupId;
        this.nodeSecurityGroupId = cluster.nodeSecurityGroupId;
        this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
        this.oidcProviderArn = cluster.oidcProviderArn;
        this.oidcProviderUrl = cluster.oidcProviderUrl;
        this.nodeRoleArn = nodeRole.arn;

        this.registerOutputs({
            clusterName: this.clusterName,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            nodeSecurityGroupId: this.nodeSecurityGroupId,
            kubeconfig: this.kubeconfig,
            oidcProviderArn: this.oidcProviderArn,
            oidcProviderUrl: this.oidcProviderUrl,
            nodeRoleArn: this.nodeRoleArn,
        });
    }
}
