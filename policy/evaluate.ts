import type { Plan, PlannedStack, RecordedResource } from "../tools/engine/plan-model";
import { EnforcementLevel, PACK_NAME, RESOURCE_RULES, RuleContext, STACK_RULES, StackResource, checkResource } from "./rules";

/**
 * The policy pack's rules over the offline plan: the same functions `pulumi preview --policy-pack`
 * runs, over the resources each stack's program recorded under the simulated cloud. This file
 * needs no policy runtime; import it (not `policy/index.ts`, which starts the pack's server).
 */
export interface Violation {
    /** `project/stack`. */
    readonly stack: string;
    /** The resource in violation. */
    readonly urn: string;
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly message: string;
}

const LEVELS = new Map<string, EnforcementLevel>([...RESOURCE_RULES, ...STACK_RULES].map((rule) => [rule.name, rule.enforcementLevel]));

/** The offline allow-list of RAM principals: the accounts of the environment's own stacks. */
export function planContext(plan: Plan): RuleContext {
    return { allowedPrincipals: [...new Set(plan.stacks.map((s) => s.account))].sort() };
}

/**
 * Recorded resources as a stack rule sees them: the state after the update. What the program
 * declared comes from the inputs; what only the cloud knows (ARNs, subnet IDs) from the simulated
 * outputs, which echo the inputs and add those.
 */
function stackResources(resources: readonly RecordedResource[]): StackResource[] {
    return resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        ...(r.parent !== undefined ? { parent: r.parent } : {}),
        props: { ...r.outputs, ...r.inputs },
    }));
}

/** Every rule over one planned stack: resource rules on each resource's inputs, then the stack rules. */
export function evaluateStack(stack: PlannedStack, context: RuleContext): Violation[] {
    const name = `${stack.project}/${stack.stack}`;
    const violation = (urn: string, policy: string, message: string): Violation => ({
        stack: name,
        urn,
        policy,
        enforcementLevel: LEVELS.get(policy)!,
        message,
    });
    const byResource = stack.resources.flatMap((r) => checkResource(r.type, r.inputs, context).map((v) => violation(r.urn, v.policy, v.message)));
    const view = stackResources(stack.resources);
    const byStack = STACK_RULES.flatMap((rule) => rule.check(view, context).map((v) => violation(v.urn, rule.name, v.message)));
    return [...byResource, ...byStack];
}

/** Every rule over every stack of the plan, in the plan's stack order. */
export function evaluatePlan(plan: Plan): Violation[] {
    const context = planContext(plan);
    return plan.stacks.flatMap((stack) => evaluateStack(stack, context));
}

export function mandatoryViolations(violations: readonly Violation[]): Violation[] {
    return violations.filter((v) => v.enforcementLevel === "mandatory");
}

/** `name (type)` from a URN `urn:pulumi:stack::project::[parent$]type::name`. */
function describeUrn(urn: string): string {
    const parts = urn.split("::");
    const name = parts.slice(3).join("::");
    const type = (parts[2] ?? "").split("$").pop();
    return `${name} (${type})`;
}

/** The plan's policy lines: one when every stack complies; otherwise each violation with its stack, resource and message. */
export function formatViolations(plan: Plan, violations: readonly Violation[]): string {
    const rules = RESOURCE_RULES.length + STACK_RULES.length;
    const pack = `policy pack ${PACK_NAME}, ${rules} rules`;
    if (violations.length === 0) return `Policy: no violations in ${plan.stacks.length} stacks (${pack}).`;
    const mandatory = mandatoryViolations(violations).length;
    const stacks = new Set(violations.map((v) => v.stack)).size;
    const lines = [
        `Policy: ${violations.length} violation${violations.length === 1 ? "" : "s"} in ${stacks} of ${plan.stacks.length} stacks (${pack})` +
            (mandatory > 0 ? `, ${mandatory} mandatory: with the pack, pulumi preview and pulumi up fail.` : "."),
    ];
    for (const v of violations) lines.push(`  ${v.stack} [${v.policy}] ${describeUrn(v.urn)}`, `      ${v.message}`);
    return lines.join("\n");
}
