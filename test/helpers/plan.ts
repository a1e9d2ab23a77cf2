import { expect } from "chai";
import * as path from "path";
import { Plan, PlanOptions, PlannedStack, planEnvironment } from "../../tools/sim/environment";
import { RecordedResource } from "../../tools/sim/recorder";

/** Fixtures for tests: plans of the committed example environment, and finders over them. */
export const ROOT_DIR = path.resolve(__dirname, "..", "..");

/** A plan of an environment; its flows are traced only when asked (`traceFlows: true`), since that doubles the work. */
export function plan(overrides: Omit<PlanOptions, "rootDir"> = {}, environment = "example"): Promise<Plan> {
    return planEnvironment(environment, { rootDir: ROOT_DIR, traceFlows: false, ...overrides });
}

let example: Promise<Plan> | undefined;
/** The example environment's plan, flows traced as `npm start` does, computed once per test run (it is deterministic). */
export function examplePlan(): Promise<Plan> {
    example ??= plan({ traceFlows: true });
    return example;
}

let lattice: Promise<Plan> | undefined;
/** The example-lattice environment's plan (flows not traced), computed once per test run. */
export function latticeExamplePlan(): Promise<Plan> {
    lattice ??= plan({}, "example-lattice");
    return lattice;
}

let hub: Promise<Plan> | undefined;
/** The example-hub environment's plan (flows not traced), computed once per test run. */
export function hubPlan(): Promise<Plan> {
    hub ??= plan({}, "example-hub");
    return hub;
}

/** `project/stack +|-|~ type name` for each resource added, removed or whose inputs changed, from `before` to `after`, and `+|- project/stack` for whole stacks. */
export function planChanges(before: Plan, after: Plan): string[] {
    const key = (s: PlannedStack) => `${s.project}/${s.stack}`;
    const out: string[] = [];
    const old = new Map(before.stacks.map((s) => [key(s), s]));
    const now = new Map(after.stacks.map((s) => [key(s), s]));
    for (const k of now.keys()) if (!old.has(k)) out.push(`+ ${k}`);
    for (const k of old.keys()) if (!now.has(k)) out.push(`- ${k}`);
    for (const [k, s] of now) {
        const was = old.get(k);
        if (!was) continue;
        const inputs = (stack: PlannedStack) => new Map(stack.resources.map((r) => [`${r.type} ${r.name}`, JSON.stringify(r.inputs)]));
        const a = inputs(was);
        const b = inputs(s);
        for (const [r, v] of b) out.push(...(!a.has(r) ? [`${k} + ${r}`] : a.get(r) !== v ? [`${k} ~ ${r}`] : []));
        for (const r of a.keys()) if (!b.has(r)) out.push(`${k} - ${r}`);
    }
    return out.sort();
}

/** The appserver canary every canary test plans: another image tag, 80/20. */
export const CANARY_CONFIG = { "apps:appserverCanaryImage": "mreferre/yelb-appserver:0.6", "apps:appserverCanaryWeights": "[80,20]" } as const;

/** The SNS topic the options plan's alarms notify (the backend account's, example-lattice's region). */
export const ALARM_TOPIC_ARN = "arn:aws:sns:us-west-2:222222222222:yelb-alarms";

let options: Promise<Plan> | undefined;
/** yelb-ui's signed calls, as every signed-calls test plans them. */
export const SIGNED_CALLS_CONFIG = { "infra-frontend:latticeSignedCalls": "true" } as const;

/**
 * example-lattice with the optional Lattice settings set: CANARY_CONFIG and ALARM_TOPIC_ARN on the apps backend, access
 * logs to S3 kept 90 days on the mesh owner, and SIGNED_CALLS_CONFIG on the frontend's infra; once per test run.
 */
export function latticeOptionsPlan(): Promise<Plan> {
    options ??= plan(
        {
            configOverrides: {
                "infra-frontend": { ...SIGNED_CALLS_CONFIG },
                "mesh-owner": { "mesh:latticeAccessLogRetentionDays": "90", "mesh:latticeAccessLogDestination": "s3" },
                "apps-backend": { ...CANARY_CONFIG, "apps:latticeAlarmTopicArn": ALARM_TOPIC_ARN },
            },
        },
        "example-lattice",
    );
    return options;
}

export function stackOf(p: Plan, role: string): PlannedStack {
    const found = p.stacks.find((s) => s.role === role);
    if (!found) throw new Error(`the plan has no ${role} stack`);
    return found;
}

export function resourcesOfType(stack: PlannedStack | RecordedResource[], type: string): RecordedResource[] {
    const resources = Array.isArray(stack) ? stack : stack.resources;
    return resources.filter((r) => r.type === type);
}

/** The one resource of a type (and name, if given); fails the test when there are none or several. */
export function theResource(stack: PlannedStack | RecordedResource[], type: string, name?: string): RecordedResource {
    const matches = resourcesOfType(stack, type).filter((r) => name === undefined || r.name === name);
    expect(matches, `resources of type ${type}${name ? ` named ${name}` : ""}`).to.have.lengthOf(1);
    return matches[0];
}

/** Awaits a promise that must reject, and returns the error (a test fails if it resolves). */
export async function refusal(promise: Promise<unknown>): Promise<Error & { resources?: RecordedResource[] }> {
    try {
        await promise;
    } catch (e) {
        return e as Error;
    }
    throw new Error("expected a refusal, but it succeeded");
}
