import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { meshObject } from "../appmesh/crds";
import { OutputsOf } from "../contracts";
import { AppMeshOutputsOf } from "../contracts/transport";
import { AppMeshController } from "./appmesh-controller";
import { RamSharing, acceptShare } from "./ram-share";

/** Whether the stack creates AWSServiceRoleForAppMesh or uses the one the account has. */
export type ServiceLinkedRoleMode = "existing" | "create";
import { routesToPeer } from "./peer-routes";

export interface MeshParticipantArgs {
    /** The backend account's infrastructure, where this stack runs. */
    readonly backend: OutputsOf<"infra-backend"> & AppMeshOutputsOf<"infra-backend">;
    /** The owner stack's offers: the peering connection, the mesh share, the frontend CIDR. */
    readonly owner: AppMeshOutputsOf<"mesh-owner">;
    /** Backend ports the frontend VPC may reach; nothing else is opened. */
    readonly frontendCallablePorts: readonly number[];
    /** "invitation": accept the owner's mesh share; "organization": RAM sent no invitation, nothing to accept. */
    readonly ramSharing: RamSharing;
    /**
     * "existing": the account's `AWSServiceRoleForAppMesh` is used as it is, never created nor
     * deleted (a create fails with "has been taken" where it exists). "create": the stack owns it.
     */
    readonly serviceLinkedRole: ServiceLinkedRoleMode;
    readonly controllerChartVersion: string;
}

/**
 * The backend account's half of the join: it accepts the peering connection and the mesh share
 * (no invitation hunting), routes back to the frontend, admits the frontend only on the ports of
 * the services it calls, and runs the App Mesh controller in the shared mesh.
 */
export class MeshParticipant extends pulumi.ComponentResource {
    readonly meshArn: pulumi.Output<string>;
    readonly peeringConnectionId: pulumi.Output<string>;
    readonly resourceShareArn: pulumi.Output<string>;

    constructor(name: string, args: MeshParticipantArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:mesh:MeshParticipant", name, {}, opts);
        const { backend, owner } = args;

        const accepter = new aws.ec2.VpcPeeringConnectionAccepter(
            `${name}-peering-accepter`,
            { vpcPeeringConnectionId: owner.peeringConnectionId, autoAccept: true, tags: { Name: `${backend.clusterName} from frontend` } },
            { parent: this },
        );
        routesToPeer(
            `${name}-route-to-frontend`,
            { routeTableIds: backend.privateRouteTableIds, peerCidr: owner.frontendVpcCidr, peeringConnectionId: accepter.id },
            { parent: this },
        );
        for (const port of args.frontendCallablePorts) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-frontend-to-${port}`,
                {
                    description: `Frontend account (${owner.frontendVpcCidr}) to mesh port ${port}`,
                    securityGroupId: backend.nodeSecurityGroupId,
                    cidrIpv4: owner.frontendVpcCidr,
                    ipProtocol: "tcp",
                    fromPort: port,
                    toPort: port,
                },
                { parent: this },
            );
        }

        // Inside one Organization (RAM sharing enabled) the share arrives without an invitation.
        const shareAccepter = acceptShare(name, owner.resourceShareArn, args.ramSharing, { parent: this });

        const serviceLinkedRole = args.serviceLinkedRole === "create"
            ? [new aws.iam.ServiceLinkedRole(`${name}-appmesh-slr`, { awsServiceName: "appmesh.amazonaws.com" }, { parent: this })]
            : [];

        const controller = new AppMeshController(
            `${name}-controller`,
            {
                chartVersion: args.controllerChartVersion,
                clusterName: backend.clusterName,
                accountId: backend.accountId,
                region: backend.region,
                oidcProviderArn: backend.oidcProviderArn,
                oidcProviderUrl: backend.oidcProviderUrl,
                meshName: owner.meshName,
                meshOwnerAccountId: owner.meshOwnerAccountId,
                cloudMapNamespaceArn: backend.cloudMapNamespaceArn,
            },
            { parent: this, dependsOn: serviceLinkedRole },
        );

        // The controller can describe the owner's mesh only once the share is accepted.
        const mesh = meshObject(
            `${name}-mesh`,
            { meshName: owner.meshName, ownerAccountId: owner.meshOwnerAccountId },
            { parent: this, dependsOn: [controller, ...shareAccepter, ...serviceLinkedRole] },
        );

        this.meshArn = mesh.arn;
        this.peeringConnectionId = accepter.id;
        this.resourceShareArn = pulumi.output(owner.resourceShareArn);
        this.registerOutputs({ meshArn: this.meshArn, peeringConnectionId: this.peeringConnectionId, resourceShareArn: this.resourceShareArn });
    }
}
