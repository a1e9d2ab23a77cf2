import { listOf } from "../json";
import { ResourceRule } from "./types";

const FULL_ACCESS_TYPES = {
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    role: "aws:iam/role:Role",
} as const;

/** An AWS managed policy (account `aws`, any partition, any path) whose name contains FullAccess. */
const AWS_MANAGED_FULL_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[^/]+\/)*[^/]*FullAccess[^/]*$/;

function isAwsManagedFullAccess(arn: unknown): boolean {
    return typeof arn === "string" && AWS_MANAGED_FULL_ACCESS.test(arn);
}

export const noFullAccessManagedPolicies: ResourceRule = {
    name: "no-full-access-managed-policies",
    description:
        "No AWS managed *FullAccess policy (AWSAppMeshFullAccess, ElasticLoadBalancingFullAccess, ...) is attached to a role, user or group: each grants every action of a service.",
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(FULL_ACCESS_TYPES),
    check: (type, inputs) => {
        const arns = type === FULL_ACCESS_TYPES.role ? listOf(inputs.managedPolicyArns) : [inputs.policyArn];
        return arns
            .filter(isAwsManagedFullAccess)
            .map((arn) => `attaches the AWS managed policy ${arn}, which allows every action of its service; attach a policy scoped to what the principal needs`);
    },
};
