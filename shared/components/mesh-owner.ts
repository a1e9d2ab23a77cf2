import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { meshObject } from "../appmesh/crds";
import { OutputsOf } from "../contracts";
import { AppMeshController } from "./appmesh-controller";
import { RamSharing, shareWithAccount } from "./ram-share";
import { routesToPeer } from "./peer-routes";

export interface MeshOwnerArgs {
    /** The frontend account's infrastructure, where this stack runs. */
    readonly frontend: OutputsOf<"infra-frontend">;
    /** The backend account's infrastructure: the peer VPC and the account the mesh is shared with. */
    readonly backend: OutputsOf<"infra-backend">;
    readonly meshName: string;
    /** "invitation": the share admits external principals (the participant accepts); "organization": internal only, no invitation. */
    readonly ramSharing: RamSharing;
    readonly controllerChartVersion: string;
}

/**
 * The frontend account's half of the join: it asks to peer with the backend VPC and routes to it,
 * runs the App Mesh controller, owns the mesh, and shares it with the backend account through RAM.
 * Nothing here assumes a role in the backend account; the participant stack accepts both offers.
 */
export class MeshOwner extends pulumi.ComponentResource {
    readonly meshArn: pulumi.Output<string>;
    readonly peeringConnectionId: pulumi.Output<string>;
    readonly resourceShareArn: pulumi.Output<string>;

    constructor(name: string, args: MeshOwnerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:mesh:MeshOwner", name, {}, opts);
        const { frontend, backend } = args;

        const peering = new aws.ec2.VpcPeeringConnection(
            `${name}-peering`,
            {
                vpcId: frontend.vpcId,
                peerVpcId: backend.vpcId,
                peerOwnerId: backend.accountId,
                peerRegion: backend.region,
                tags: { Name: `${frontend.clusterName} to ${backend.clusterName}` },
            },
            { parent: this },
        );
        // Routes to a connection still pending acceptance are accepted by EC2 and carry traffic
        // once the participant stack accepts it.
        routesToPeer(
            `${name}-route-to-backend`,
            { routeTableIds: frontend.privateRouteTableIds, peerCidr: backend.vpcCidr, peeringConnectionId: peering.id },
            { parent: this },
        );

        const controller = new AppMeshController(
            `${name}-controller`,
            {
                chartVersion: args.controllerChartVersion,
                clusterName: frontend.clusterName,
                accountId: frontend.accountId,
                region: frontend.region,
                oidcProviderArn: frontend.oidcProviderArn,
                oidcProviderUrl: frontend.oidcProviderUrl,
                meshName: args.meshName,
                meshOwnerAccountId: frontend.accountId,
            },
            { parent: this },
        );

        const mesh = meshObject(`${name}-mesh`, { meshName: args.meshName, ownerAccountId: frontend.accountId }, { parent: this, dependsOn: [controller] });

        const share = shareWithAccount(
            name,
            { shareName: `${args.meshName}-share`, resourceArn: mesh.arn, resourceRole: "mesh", accounts: [{ name: "backend", accountId: backend.accountId }], ramSharing: args.ramSharing },
            { parent: this },
        );

        this.meshArn = mesh.arn;
        this.peeringConnectionId = peering.id;
        this.resourceShareArn = share.arn;
        this.registerOutputs({ meshArn: this.meshArn, peeringConnectionId: this.peeringConnectionId, resourceShareArn: this.resourceShareArn });
    }
}
