import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cluster, KubeconfigCredentials, NodeScaling } from "./cluster";
import { NatGatewayStrategy, Network } from "./network";

/** A Cloud Map HTTP namespace for App Mesh service discovery across accounts. */
export interface ServiceDiscoveryArgs {
    /** The namespace's DNS name, e.g. `am-multi-account.local`. */
    readonly namespaceName: string;
}

export interface AccountInfrastructureArgs {
    /** The EKS cluster's name; stable, since renaming replaces the cluster (see `naming.clusterName`). */
    readonly clusterName: string;
    /** The VPC's IPv4 CIDR block, already validated. */
    readonly vpcCidr: string;
    /** How many availability zones get a public and a private subnet (2 or 3). */
    readonly availabilityZones: number;
    /** `OnePerAz` for production; `Single` saves cost in development at the price of one AZ's NAT. */
    readonly natGatewayStrategy: NatGatewayStrategy;
    /** Prefix length of each private subnet, where nodes and pods run. */
    readonly privateSubnetPrefixLength: number;
    /** Prefix length of each public subnet, where only load balancers and NAT gateways run. */
    readonly publicSubnetPrefixLength: number;
    /** Kubernetes minor version, e.g. `1.35`. */
    readonly kubernetesVersion: string;
    /** Worker instance type, e.g. `t3.large`. */
    readonly nodeInstanceType: string;
    /** How many worker nodes run. */
    readonly nodeScaling: NodeScaling;
    /**
     * Who may reach the cluster's API over a public endpoint.
     * @default none: private endpoint only
     */
    readonly endpointPublicAccessCidrs?: readonly string[];
    /**
     * IAM roles, besides the identity that creates the cluster, that administer it (e.g. CI's deploy role).
     * @default none
     */
    readonly adminRoleArns?: readonly string[];
    /**
     * IAM users that administer the cluster.
     * @default none
     */
    readonly adminUserArns?: readonly string[];
    /**
     * What the exported kubeconfig authenticates with (see `ClusterArgs.kubeconfigCredentials`).
     * @default the environment's credentials
     */
    readonly kubeconfigCredentials?: KubeconfigCredentials;
    /**
     * Days the control plane's log group keeps events.
     * @default 30
     */
    readonly logRetentionDays?: number;
    /**
     * Stay on the Kubernetes version in extended support, at extra cost.
     * @default false
     */
    readonly extendedSupport?: boolean;
    /**
     * The cluster runs stateful workloads: install the EBS CSI driver.
     * @default false
     */
    readonly persistentStorage?: boolean;
    /**
     * Create a Cloud Map HTTP namespace in this account (the backend's, which the frontend discovers
     * yelb-appserver through).
     * @default none: no namespace
     */
    readonly serviceDiscovery?: ServiceDiscoveryArgs;
}

/** The Cloud Map namespace's type: present exactly when the arguments ask for service discovery. */
export type CloudMapNamespaceOf<A extends AccountInfrastructureArgs> = A extends { readonly serviceDiscovery: ServiceDiscoveryArgs }
    ? aws.servicediscovery.HttpNamespace
    : aws.servicediscovery.HttpNamespace | undefined;

/**
 * Everything one account needs before the mesh joins it to the other: its VPC, its EKS cluster and,
 * in the backend account, the Cloud Map namespace the frontend discovers yelb-appserver through.
 * The two accounts' infrastructure never reads each other, so both are built at the same time.
 */
export class AccountInfrastructure<A extends AccountInfrastructureArgs = AccountInfrastructureArgs> extends pulumi.ComponentResource {
    readonly accountId: pulumi.Output<string>;
    readonly network: Network;
    readonly cluster: Cluster;
    /** Typed as present when the caller passed `serviceDiscovery`, so the backend needs no `!`. */
    readonly cloudMapNamespace: CloudMapNamespaceOf<A>;

    constructor(name: string, args: A, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:infra:AccountInfrastructure", name, {}, opts);

        this.accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        this.network = new Network(
            `${name}-network`,
            {
                cidrBlock: args.vpcCidr,
                availabilityZones: args.availabilityZones,
                natGatewayStrategy: args.natGatewayStrategy,
                privateSubnetPrefixLength: args.privateSubnetPrefixLength,
                publicSubnetPrefixLength: args.publicSubnetPrefixLength,
                clusterName: args.clusterName,
            },
            { parent: this },
        );

        this.cluster = new Cluster(
            `${name}-cluster`,
            {
                clusterName: args.clusterName,
                kubernetesVersion: args.kubernetesVersion,
                vpcId: this.network.vpcId,
                privateSubnetIds: this.network.privateSubnetIds,
                publicSubnetIds: this.network.publicSubnetIds,
                instanceType: args.nodeInstanceType,
                scaling: args.nodeScaling,
                endpointPublicAccessCidrs: args.endpointPublicAccessCidrs,
                adminRoleArns: args.adminRoleArns,
                adminUserArns: args.adminUserArns,
                kubeconfigCredentials: args.kubeconfigCredentials,
                logRetentionDays: args.logRetentionDays,
                extendedSupport: args.extendedSupport,
                ebsCsiDriver: args.persistentStorage ?? false,
            },
            { parent: this },
        );

        const discovery = args.serviceDiscovery;
        this.cloudMapNamespace = (discovery === undefined
            ? undefined
            : new aws.servicediscovery.HttpNamespace(
                  `${name}-cloudmap`,
                  { name: discovery.namespaceName, description: "App Mesh service discovery across the frontend and backend accounts" },
                  { parent: this },
              )) as CloudMapNamespaceOf<A>;

        this.registerOutputs({
            accountId: this.accountId,
            vpcId: this.network.vpcId,
            clusterName: this.cluster.clusterName,
            cloudMapNamespaceId: this.cloudMapNamespace?.id,
        });
    }

    /** The outputs every infra stack exports (the backend adds its Cloud Map namespace). */
    commonExports() {
        const { network, cluster } = this;
        return {
            accountId: this.accountId,
            vpcId: network.vpcId,
            vpcCidr: network.vpcCidr,
            privateSubnetIds: network.privateSubnetIds,
            publicSubnetIds: network.publicSubnetIds,
            privateRouteTableIds: network.privateRouteTableIds,
            clusterName: cluster.clusterName,
            clusterSecurityGroupId: cluster.clusterSecurityGroupId,
            nodeSecurityGroupId: cluster.nodeSecurityGroupId,
            kubeconfig: cluster.kubeconfig,
            oidcProviderArn: cluster.oidcProviderArn,
            oidcProviderUrl: cluster.oidcProviderUrl,
        };
    }
}
