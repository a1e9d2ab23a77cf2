/**
 * Helpers over plain JSON resource properties, for the policy rules. Nothing here may import
 * `@pulumi/policy` or `@pulumi/pulumi`: tests and the offline plan load the rules without a policy runtime.
 *
 * Values a rule cannot see are strings: `"[unknown]"` (not known until the resource it comes from
 * exists, as in a preview) and `"[secret]"` (masked by the offline plan). A rule never reports a
 * violation on such a value: `pulumi up` sees the real value and checks it then.
 */

export const UNKNOWN = "[unknown]";
const SECRET = "[secret]";

/** True for a value the rule cannot inspect: unknown during preview, or a masked secret. */
export function isOpaque(value: unknown): boolean {
    return value === UNKNOWN || value === SECRET;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A value that may be one item or a list of them, as a list; nothing as an empty list. */
export function listOf(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

export function at(value: unknown, ...path: (string | number)[]): unknown {
    let node = value;
    for (const key of path) {
        if (Array.isArray(node) && typeof key === "number") node = node[key];
        else if (isRecord(node) && typeof key === "string") node = node[key];
        else return undefined;
    }
    return node;
}

/** A policy document as an object, from JSON text or an object; undefined when it cannot be read. */
export function policyDocument(value: unknown): Record<string, unknown> | undefined {
    if (isRecord(value)) return value;
    if (typeof value !== "string" || isOpaque(value)) return undefined;
    try {
        const parsed: unknown = JSON.parse(value);
        return isRecord(parsed) ? parsed : undefined;
    } catch {
        return undefined; // Not JSON: AWS refuses it, and there is nothing to judge.
    }
}

/** How a message names a policy statement: its Sid when it has one, else its index. */
export function statementName(statement: Record<string, unknown>, index: number): string {
    return typeof statement.Sid === "string" && statement.Sid !== "" ? `"${statement.Sid}"` : String(index);
}
