import { at, isRecord, listOf, policyDocument, statementName } from "../json";
import { ResourceRule } from "./types";

const POLICY_DOCUMENT_TYPES = {
    policy: "aws:iam/policy:Policy",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    role: "aws:iam/role:Role",
} as const;

/** `*`, or every action of one service (`s3:*`, and `*:*`). */
function isWildcardAction(action: unknown): boolean {
    return typeof action === "string" && (action === "*" || /^[^:]+:\*$/.test(action));
}

function wildcardActions(document: unknown, label: string): string[] {
    const statements = listOf(policyDocument(document)?.Statement);
    return statements.flatMap((statement, index) => {
        if (!isRecord(statement) || statement.Effect !== "Allow") return [];
        const name = statementName(statement, index);
        return listOf(statement.Action)
            .filter(isWildcardAction)
            .map((action) => `${label}statement ${name} allows "${action}"; list the actions the principal needs instead of a wildcard`);
    });
}

export const noWildcardActions: ResourceRule = {
    name: "no-wildcard-actions",
    description: 'No IAM policy document allows the action "*" or every action of a service ("appmesh:*").',
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(POLICY_DOCUMENT_TYPES),
    check: (type, inputs) => {
        if (type !== POLICY_DOCUMENT_TYPES.role) return wildcardActions(inputs.policy, "");
        return listOf(inputs.inlinePolicies).flatMap((inline, index) => {
            const name = at(inline, "name");
            return wildcardActions(at(inline, "policy"), `inline policy ${typeof name === "string" ? `"${name}"` : index} `);
        });
    },
};
