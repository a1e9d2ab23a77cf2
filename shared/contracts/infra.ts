import { defineContract } from "./contract";

const infraFields = {
    accountId: { kind: "string", description: "The account the stack runs in, from aws.getCallerIdentity" },
    region: { kind: "string", description: "The AWS region of the VPC and cluster" },
    environment: { kind: "string", description: "The environment name (the infra stack's name)" },
    vpcId: { kind: "string", description: "The VPC's ID" },
    vpcCidr: { kind: "string", description: "The VPC's IPv4 CIDR block" },
    privateSubnetIds: { kind: "string[]", description: "Private subnets, one per availability zone; nodes run here" },
    publicSubnetIds: { kind: "string[]", description: "Public subnets, one per availability zone; load balancers run here" },
    privateRouteTableIds: { kind: "string[]", description: "The route table of each private subnet, for peering routes" },
    clusterName: { kind: "string", description: "The EKS cluster's name" },
    clusterSecurityGroupId: { kind: "string", description: "The EKS-created cluster security group" },
    nodeSecurityGroupId: { kind: "string", description: "The security group of the nodes (the cluster security group, for managed nodes)" },
    kubeconfig: { kind: "string", secret: true, description: "A kubeconfig (JSON) for the cluster" },
    oidcProviderArn: { kind: "string", description: "The cluster's IAM OIDC provider ARN, for IAM roles for service accounts" },
    oidcProviderUrl: { kind: "string", description: "The cluster's OIDC issuer URL" },
} as const;

/** What infra-frontend exports: the same, plus the role yelb-ui signs its Lattice calls with. */
export const infraFrontendContract = defineContract("infra (frontend account)", {
    ...infraFields,
    latticeCallerRoleArn: {
        kind: "string",
        description: "yelb-ui's own IAM role for signed Lattice calls (infra-frontend:latticeSignedCalls); empty when calls are unsigned",
    },
} as const);

/** What infra-backend exports whatever the transport: the same, plus its transport. */
export const infraBackendContract = defineContract("infra (backend account)", {
    ...infraFields,
    transport: { kind: "string", description: "The environment's transport: appmesh, lattice or both (infra-backend:transport)" },
} as const);

/** With App Mesh: the Cloud Map namespace through which the frontend discovers yelb-appserver. */
export const infraBackendAppMeshContract = defineContract("infra (backend account), App Mesh part", {
    cloudMapNamespaceId: { kind: "string", description: "The Cloud Map HTTP namespace's ID" },
    cloudMapNamespaceName: { kind: "string", description: "The Cloud Map HTTP namespace's name" },
    cloudMapNamespaceArn: { kind: "string", description: "The Cloud Map HTTP namespace's ARN" },
} as const);

/** With Lattice: nothing; the backend's infrastructure is the same. */
export const infraBackendLatticeContract = defineContract("infra (backend account), Lattice part", {} as const);
