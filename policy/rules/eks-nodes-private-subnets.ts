import { isOpaque } from "../json";
import { EKS_TYPES } from "./eks-types";
import { StackRule, StackViolation } from "./types";

function stringList(value: unknown): string[] | undefined {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || isOpaque(v))) return undefined;
    return value as string[];
}

export const eksNodesPrivateSubnets: StackRule = {
    name: "eks-nodes-private-subnets",
    description: "EKS node groups (eks:index:ManagedNodeGroup, aws:eks/nodeGroup:NodeGroup) run only in the private subnets of the stack's awsx:ec2:Vpc.",
    enforcementLevel: "mandatory",
    check: (resources) => {
        const vpcs = resources.filter((r) => r.type === EKS_TYPES.vpc);
        const privateIds = vpcs.map((vpc) => stringList(vpc.props.privateSubnetIds));
        const known = privateIds.every((ids) => ids !== undefined);
        const privateSubnets = new Set(privateIds.flatMap((ids) => ids ?? []));
        const violations: StackViolation[] = [];
        for (const group of resources.filter((r) => r.type === EKS_TYPES.managedNodeGroup || r.type === EKS_TYPES.awsNodeGroup)) {
            const subnetIds = group.props.subnetIds;
            if (subnetIds === undefined || subnetIds === null) {
                // A CrossGuard stack check sees the component's outputs, which leave the subnets to
                // the aws:eks/nodeGroup:NodeGroup it creates; that one is checked instead.
                if (resources.some((r) => r.type === EKS_TYPES.awsNodeGroup && r.parent === group.urn)) continue;
                violations.push({
                    urn: group.urn,
                    message: "subnetIds is not set, so the nodes would go in every subnet of the cluster, public ones included; set it to the VPC's privateSubnetIds",
                });
                continue;
            }
            if (vpcs.length === 0) {
                violations.push({
                    urn: group.urn,
                    message: `the stack has no ${EKS_TYPES.vpc}, so its private subnets are unknown; declare node groups in the stack that owns the VPC`,
                });
                continue;
            }
            const ids = stringList(subnetIds);
            if (ids === undefined || !known) continue; // Not known before the subnets exist; `pulumi up` checks it.
            const outside = ids.filter((id) => !privateSubnets.has(id));
            if (outside.length > 0) {
                violations.push({
                    urn: group.urn,
                    message: `subnets ${outside.join(", ")} are not private subnets of the VPC (${[...privateSubnets].join(", ")}); put nodes in privateSubnetIds only`,
                });
            }
        }
        return violations;
    },
};
