import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Cluster, ClusterArgs } from "./cluster";
import { Network, NetworkArgs } from "./network";

/** A Cloud Map HTTP namespace for App Mesh service discovery across accounts. */
export interface ServiceDiscoveryArgs {
    /** The namespace's DNS name, e.g. `am-multi-account.local`. */
    readonly namespaceName: string;
}

export interface AccountInfrastructureArgs {
    /** The account's VPC; its subnets are tagged for the cluster below. */
    readonly network: Omit<NetworkArgs, "clusterName">;
    /** The account's EKS cluster, placed in the network's subnets. */
    readonly cluster: Omit<ClusterArgs, "vpcId" | "privateSubnetIds" | "publicSubnetIds">;
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

        this.network = new Network(`${name}-network`, { ...args.network, clusterName: args.cluster.clusterName }, { parent: this });

        this.cluster = new Cluster(
            `${name}-cluster`,
            {
                ...args.cluster,
                vpcId: this.network.vpcId,
                privateSubnetIds: this.network.privateSubnetIds,
                publicSubnetIds: this.network.publicSubnetIds,
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
