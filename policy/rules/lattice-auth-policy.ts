import type { ResourceRule } from "../rules";

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

/** Values the offline plan and previews cannot see; a rule stays silent on them. */
const OPAQUE = ["[unknown]", "[secret]"];

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

function listOf(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

function document(value: unknown): Record<string, unknown> | undefined {
    if (isRecord(value)) return value;
    if (typeof value !== "string" || OPAQUE.includes(value)) return undefined;
    try {
        const parsed: unknown = JSON.parse(value);
        return isRecord(parsed) ? parsed : undefined;
    } catch {
        return undefined;
    }
}

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
        listOf(document(inputs.policy)?.Statement).flatMap((statement, index) => {
            if (!isRecord(statement) || statement.Effect !== "Allow" || !isAnyone(statement.Principal) || hasCondition(statement.Condition)) return [];
            const name = typeof statement.Sid === "string" && statement.Sid !== "" ? `"${statement.Sid}"` : String(index);
            return [`statement ${name} allows every principal with no Condition; admit callers by vpc-lattice-svcs:SourceVpc or vpc-lattice-svcs:SourceVpcOwnerAccount`];
        }),
};
