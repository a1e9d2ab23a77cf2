import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InfraConfig } from "../config/infra";
import { clusterName } from "../naming";
import { Cluster } from "./cluster";
import { Network } from "./network";

export interface AccountInfrastructureArgs {
    /** The validated configuration of the infra stack. */
    readonly config: InfraConfig;
    /**
     * The cluster runs stateful workloads: install the EBS CSI driver.
     * @default false
     */
    readonly persistentStorage?: boolean;
}

/**
 * Everything one account needs before the mesh joins it to the other: its VPC, its EKS cluster and,
 * in the backend account, the Cloud Map namespace the frontend discovers yelb-appserver through.
 * The two accounts' infrastructure never reads each other, so both are built at the same time.
 */
export class AccountInfrastructure extends pulumi.ComponentResource {
    readonly accountId: pulumi.Output<string>;
    readonly network: Network;
    readonly cluster: Cluster;
    readonly cloudMapNamespace?: aws.servicediscovery.HttpNamespace;

    constructor(name: string, args: AccountInfrastructureArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:infra:AccountInfrastructure", name, {}, opts);
        const { config } = args;
        const eksName = clusterName(config.environment, config.side);

        this.accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;

        this.network = new Network(
            `${name}-network`,
            {
                cidrBlock: config.vpcCidr.text,
                availabilityZones: config.availabilityZones,
                natGatewayStrategy: config.natGatewayStrategy,
                privateSubnetPrefixLength: config.privateSubnetPrefixLength,
                publicSubnetPrefixLength: config.publicSubnetPrefixLength,
                clusterName: eksName,
            },
            { parent: this },
        );

        this.cluster = new Cluster(
            `${name}-cluster`,
            {
                clusterName: eksName,
                kubernetesVersion: config.kubernetesVersion,
                vpcId: this.network.vpcId,
                privateSubnetIds: this.network.privateSubnetIds,
                publicSubnetIds: this.network.publicSubnetIds,
                instanceType: config.nodeInstanceType,
                scaling: config.nodeScaling,
                endpointPublicAccessCidrs: config.clusterEndpointPublicAccessCidrs,
                adminRoleArns: config.clusterAdminRoleArns,
                ebsCsiDriver: args.persistentStorage ?? false,
            },
            { parent: this },
        );

        if (config.cloudMapNamespace !== undefined) {
            this.cloudMapNamespace = new aws.servicediscovery.HttpNamespace(
                `${name}-cloudmap`,
                {
                    name: config.cloudMapNamespace,
                    description: "App Mesh service discovery across the frontend and backend accounts",
                },
                { parent: this },
            );
        }

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
