import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * A route to the peer VPC's CIDR through the peering connection in each given route table. The
 * tables come from a stack contract as plain IDs, so each route is named after its position, a
 * stable identity, not after an ID that changes when a table is replaced.
 */
export function routesToPeer(
    name: string,
    args: { routeTableIds: readonly string[]; peerCidr: string; peeringConnectionId: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): aws.ec2.Route[] {
    return args.routeTableIds.map(
        (routeTableId, i) =>
            new aws.ec2.Route(
                `${name}-${i + 1}`,
                { routeTableId, destinationCidrBlock: args.peerCidr, vpcPeeringConnectionId: args.peeringConnectionId },
                opts,
            ),
    );
}
