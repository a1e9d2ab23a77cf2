import { isRecord, listOf, policyDocument, statementName } from "../json";
import type { ResourceRule } from "./types";

/**
 * lattice-auth-policies-conditioned: a VPC Lattice auth policy (or resource policy) that allows
 * every principal must say who may call through a Condition (source VPC, source account, ...).
 * An unconditioned `Principal: "*"` lets any caller in any associated VPC in. IAM policies that
 * allow `vpc-lattice:*` are already refused by no-wildcard-actions (`<service>:*`); this rule does
 * not report them a second time.
 */
export const LATTICE_POLICY_TYPES = {
    authPolicy: "aws:vpclattice/authPolicy:AuthPolicy",
    resourcePolicy: "aws:vpclattice/resourcePolicy:ResourcePolicy",
} as const;

/** `"*"`, `{ AWS: "*" }` or a list holding `"*"`: anyone. */
function isAnyone(principal: unknown): boolean {
    if (principal === "*") return true;
    return isRecord(principal) && listOf(principal.AWS).includes("*");
}

function hasCondition(condition: unknown): boolean {
    return isRecord(condition) && Object.values(condition).some((test) => isRecord(test) && Object.keys(test).length > 0);
}

export const latticeAuthPoliciesConditioned: ResourceRule = {
    name: "lattice-auth-policies-conditioned",
    description: 'No VPC Lattice auth or resource policy allows Principal "*" without a Condition (such as vpc-lattice-svcs:SourceVpc).',
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(LATTICE_POLICY_TYPES),
    check: (_type, inputs) =>
        listOf(policyDocument(inputs.policy)?.Statement).flatMap((statement, index) => {
            if (!isRecord(statement) || statement.Effect !== "Allow" || !isAnyone(statement.Principal) || hasCondition(statement.Condition)) return [];
            const name = statementName(statement, index);
            return [`statement ${name} allows every principal with no Condition; admit callers by vpc-lattice-svcs:SourceVpc or vpc-lattice-svcs:SourceVpcOwnerAccount`];
        }),
};
