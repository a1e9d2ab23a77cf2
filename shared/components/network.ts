import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";

/** How NAT gateways are laid out; the infra config offers exactly these. */
export const NAT_GATEWAY_STRATEGIES = ["Single", "OnePerAz"] as const;
export type NatGatewayStrategy = (typeof NAT_GATEWAY_STRATEGIES)[number];

export interface NetworkArgs {
    /** The VPC's IPv4 CIDR block, already validated. */
    readonly cidrBlock: string;
    /** How many availability zones get a public and a private subnet (2 or 3). */
    readonly availabilityZones: number;
    /** `OnePerAz` for production; `Single` saves cost in development at the price of one AZ's NAT. */
    readonly natGatewayStrategy: NatGatewayStrategy;
    /** Prefix length of each private subnet, where nodes and pods run. */
    readonly privateSubnetPrefixLength: number;
    /** Prefix length of each public subnet, where only load balancers and NAT gateways run. */
    readonly publicSubnetPrefixLength: number;
    /** The EKS cluster that will use the subnets; tags them so its load balancers find them. */
    readonly clusterName: string;
}

/**
 * One account's VPC: public and private subnets in each availability zone, NAT gateways, and the
 * route table of each private subnet (which the mesh layer adds peering routes to).
 */
export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly vpcCidr: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateRouteTableIds: pulumi.Output<string[]>;

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:infra:Network", name, {}, opts);

        const clusterTag = `kubernetes.io/cluster/${args.clusterName}`;
        const vpc = new awsx.ec2.Vpc(
            `${name}-vpc`,
            {
                cidrBlock: args.cidrBlock,
                numberOfAvailabilityZones: args.availabilityZones,
                enableDnsHostnames: true,
                enableDnsSupport: true,
                natGateways: { strategy: args.natGatewayStrategy },
                subnetStrategy: "Auto",
                subnetSpecs: [
                    {
                        type: "Private",
                        cidrMask: args.privateSubnetPrefixLength,
                        tags: { [clusterTag]: "shared", "kubernetes.io/role/internal-elb": "1" },
                    },
                    {
                        type: "Public",
                        cidrMask: args.publicSubnetPrefixLength,
                        tags: { [clusterTag]: "shared", "kubernetes.io/role/elb": "1" },
                    },
                ],
            },
            { parent: this },
        );

        this.vpcId = vpc.vpcId;
        this.vpcCidr = pulumi.output(args.cidrBlock);
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.publicSubnetIds = vpc.publicSubnetIds;
        // awsx gives each private subnet its own route table; find them by association so the
        // mesh layer can route peering traffic from every one of them.
        this.privateRouteTableIds = aws.ec2
            .getRouteTablesOutput(
                {
                    vpcId: vpc.vpcId,
                    filters: [{ name: "association.subnet-id", values: vpc.privateSubnetIds }],
                },
                { parent: this },
            )
            .apply((tables) => [...tables.ids].sort());

        this.registerOutputs({
            vpcId: this.vpcId,
            vpcCidr: this.vpcCidr,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
            privateRouteTableIds: this.privateRouteTableIds,
        });
    }
}
