/** The EKS-related resource types the EKS rules look at. */
export const EKS_TYPES = {
    cluster: "eks:index:Cluster",
    managedNodeGroup: "eks:index:ManagedNodeGroup",
    awsNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    awsCluster: "aws:eks/cluster:Cluster",
    vpc: "awsx:ec2:Vpc",
    kmsKey: "aws:kms/key:Key",
} as const;
