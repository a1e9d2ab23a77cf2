import {
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    UnknownValueError,
} from "@pulumi/policy";
import { RESOURCE_RULES, ResourceRule, RuleContext, STACK_RULES, StackResource, StackRule, UNKNOWN, ramSharesOnlyToConfiguredAccounts } from "./rules";

/**
 * The rules of `rules/` as CrossGuard policies. Loading this file loads `@pulumi/policy` but
 * starts nothing; `index.ts` hands these policies to the `PolicyPack`, which serves them.
 */

/** The config of `ram-shares-only-to-configured-accounts` (`--policy-pack-config`). */
interface RamPolicyConfig {
    readonly allowedPrincipals?: string[];
}

/** An AWS account ID, as `allowedPrincipals` must list them. */
export const ACCOUNT_ID_PATTERN = "^[0-9]{12}$";

export const CONFIG_SCHEMAS: Readonly<Record<string, PolicyConfigSchema>> = {
    [ramSharesOnlyToConfiguredAccounts.name]: {
        properties: {
            allowedPrincipals: {
                type: "array",
                description: "Account IDs that RAM resource shares (the mesh) may be shared with: the environment's frontend and backend accounts.",
                items: { type: "string", pattern: ACCOUNT_ID_PATTERN },
                uniqueItems: true,
                default: [],
            },
        },
    },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (value === null || typeof value !== "object") return false;
    const prototype = Object.getPrototypeOf(value);
    return prototype === Object.prototype || prototype === null;
}

function read(container: Record<string | number, unknown>, key: string | number): unknown {
    try {
        return plain(container[key]);
    } catch (e) {
        if (e instanceof UnknownValueError) return UNKNOWN;
        throw e;
    }
}

function plain(value: unknown): unknown {
    if (Array.isArray(value)) {
        const items: unknown[] = [];
        for (let i = 0; i < value.length; i++) items.push(read(value as unknown as Record<number, unknown>, i));
        return items;
    }
    if (isPlainObject(value)) return Object.fromEntries(Object.keys(value).map((k) => [k, read(value, k)]));
    return value;
}

/**
 * CrossGuard's props as the rules' plain JSON. CrossGuard hands secrets over in the clear and
 * wraps the props in a proxy that throws on reading a value unknown during preview (failing the
 * whole policy with an advisory "can't run"); here each unknown value becomes `"[unknown]"`,
 * which the rules skip, so the rest of the resource is still checked.
 */
export function plainProps(props: Record<string, unknown>): Record<string, unknown> {
    return plain(props) as Record<string, unknown>;
}

function contextOf(args: { getConfig<T extends object>(): T }): RuleContext {
    return { allowedPrincipals: args.getConfig<RamPolicyConfig>().allowedPrincipals ?? [] };
}

function resourcePolicy(rule: ResourceRule): ResourceValidationPolicy {
    const schema = CONFIG_SCHEMAS[rule.name];
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.enforcementLevel,
        ...(schema !== undefined ? { configSchema: schema } : {}),
        validateResource: (args: ResourceValidationArgs, reportViolation) => {
            if (!rule.resourceTypes.includes(args.type)) return;
            for (const message of rule.check(args.type, plainProps(args.props), contextOf(args))) reportViolation(message);
        },
    };
}

function stackResource(r: PolicyResource): StackResource {
    const parent = r.parent?.urn ?? r.opts.parent;
    return { urn: r.urn, type: r.type, name: r.name, ...(parent ? { parent } : {}), props: plainProps(r.props) };
}

function stackPolicy(rule: StackRule): StackValidationPolicy {
    return {
        name: rule.name,
        description: rule.description,
        enforcementLevel: rule.enforcementLevel,
        validateStack: (args: StackValidationArgs, reportViolation) => {
            for (const v of rule.check(args.resources.map(stackResource), contextOf(args))) reportViolation(v.message, v.urn);
        },
    };
}

export const policies: (ResourceValidationPolicy | StackValidationPolicy)[] = [...RESOURCE_RULES.map(resourcePolicy), ...STACK_RULES.map(stackPolicy)];
