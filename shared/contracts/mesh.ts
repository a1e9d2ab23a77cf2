import { defineContract } from "./contract";

/**
 * The mesh stacks' contracts: a part every stack exports (its transport and RAM mode, which the
 * readers compare), a part for App Mesh and a part for Lattice, each exported exactly when the
 * stack's transport uses it (see ./transport.ts).
 */
const common = {
    transport: { kind: "string", description: "The environment's transport: appmesh, lattice or both (mesh:transport)" },
    ramSharing: { kind: "string", description: "How RAM delivers the shares: invitation or organization (mesh:ramSharing)" },
    region: { kind: "string", description: "The region of the mesh or service network" },
} as const;

const appMeshShared = {
    meshName: { kind: "string", description: "The App Mesh mesh's name; namespaces join it with the label mesh=<name>" },
    meshArn: { kind: "string", description: "The mesh's ARN (in the owner's account)" },
    meshOwnerAccountId: { kind: "string", description: "The account that owns the mesh (frontend)" },
    resourceShareArn: { kind: "string", description: "The RAM share that gives the backend account the mesh" },
    peeringConnectionId: { kind: "string", description: "The VPC peering connection between the two VPCs" },
} as const;

/** What the mesh owner stack (frontend account) exports whatever its transport. */
export const meshOwnerContract = defineContract("mesh owner", common);

/** The owner's App Mesh part. */
export const meshOwnerAppMeshContract = defineContract("mesh owner (App Mesh)", {
    ...appMeshShared,
    frontendVpcCidr: { kind: "string", description: "The frontend VPC CIDR, which the backend routes to and admits" },
} as const);

/** The owner's Lattice part: the service network the participant's Gateway joins. */
export const meshOwnerLatticeContract = defineContract("mesh owner (Lattice)", {
    serviceNetworkName: { kind: "string", description: "The Lattice service network's name; the backend's Gateway carries it" },
    serviceNetworkArn: { kind: "string", description: "The service network's ARN (in the owner's account)" },
    serviceNetworkShareArn: { kind: "string", description: "The RAM share that gives the backend account the service network" },
    latticeListenerPort: { kind: "number", description: "The Lattice listeners' port, which the frontend's association admits" },
    latticeListenerProtocol: { kind: "string", description: "The Lattice listeners' protocol: HTTPS, or HTTP only when mesh:latticeListenerProtocol says so" },
} as const);

/** What the mesh participant stack (backend account) exports whatever its transport. */
export const meshParticipantContract = defineContract("mesh participant", {
    ...common,
    frontendCallablePorts: { kind: "number[]", description: "Backend ports the frontend may reach (the peering's ingress, or the Lattice targets' port)" },
} as const);

/** The participant's App Mesh part. */
export const meshParticipantAppMeshContract = defineContract("mesh participant (App Mesh)", appMeshShared);

/** The participant's Lattice part: the Gateway that routes attach to. */
export const meshParticipantLatticeContract = defineContract("mesh participant (Lattice)", {
    gatewayName: { kind: "string", description: "The Gateway's name (the service network's)" },
    gatewayNamespace: { kind: "string", description: "The Gateway's namespace" },
    gatewayListenerName: { kind: "string", description: "The Gateway listener routes attach to (their parentRefs sectionName): https, or http" },
    latticeRouteNamespaces: { kind: "string[]", description: "The only namespaces whose routes the Gateway accepts" },
} as const);
