import { defineContract } from "./contract";

const sharedMeshFields = {
    meshName: { kind: "string", description: "The App Mesh mesh's name; namespaces join it with the label mesh=<name>" },
    meshArn: { kind: "string", description: "The mesh's ARN (in the owner's account)" },
    meshOwnerAccountId: { kind: "string", description: "The account that owns the mesh (frontend)" },
    region: { kind: "string", description: "The region of the mesh" },
    resourceShareArn: { kind: "string", description: "The RAM share that gives the backend account the mesh" },
    peeringConnectionId: { kind: "string", description: "The VPC peering connection between the two VPCs" },
} as const;

/** What the mesh owner stack (frontend account) exports. */
export const meshOwnerContract = defineContract("mesh owner", {
    ...sharedMeshFields,
    frontendVpcCidr: { kind: "string", description: "The frontend VPC CIDR, which the backend routes to and admits" },
} as const);

/** What the mesh participant stack (backend account) exports. */
export const meshParticipantContract = defineContract("mesh participant", {
    ...sharedMeshFields,
    frontendCallablePorts: { kind: "number[]", description: "Backend ports the frontend VPC may reach" },
} as const);
