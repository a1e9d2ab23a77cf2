import type { Plan, PlannedStack } from "../../tools/sim/environment";
import type { RecordedResource } from "../../tools/sim/recorder";
import { evaluateStack, Violation } from "../../policy/evaluate";
import { RuleContext } from "../../policy/rules";

/** Fixtures for the policy tests: synthetic records shaped like the recorder's, and stacks of them. */

export const FRONTEND_ACCOUNT = "111111111111";
export const BACKEND_ACCOUNT = "222222222222";
export const CONTEXT: RuleContext = { allowedPrincipals: [FRONTEND_ACCOUNT, BACKEND_ACCOUNT] };

/** The URN a resource of this type and name gets at the top of stack `test` of project `policy-test`. */
export function urnOf(type: string, name: string, parentType?: string): string {
    return `urn:pulumi:test::policy-test::${parentType ? `${parentType}$` : ""}${type}::${name}`;
}

export interface RecordOptions {
    readonly outputs?: Record<string, unknown>;
    /** The parent's URN. */
    readonly parent?: string;
    readonly custom?: boolean;
}

/** A recorded resource; outputs default to the inputs, as the simulated cloud echoes them. */
export function record(type: string, name: string, inputs: Record<string, unknown>, options: RecordOptions = {}): RecordedResource {
    const parentType = options.parent?.split("::")[2];
    return {
        urn: urnOf(type, name, parentType),
        type,
        name,
        custom: options.custom ?? (!type.startsWith("eks:index:") && !type.startsWith("awsx:")),
        ...(options.parent !== undefined ? { parent: options.parent } : {}),
        dependencies: [],
        inputs,
        outputs: options.outputs ?? { ...inputs },
    };
}

export function plannedStack(resources: RecordedResource[], overrides: Partial<PlannedStack> = {}): PlannedStack {
    return {
        role: "infra-frontend",
        kind: "infra-frontend",
        accountName: "frontend",
        project: "policy-test",
        stack: "test",
        account: FRONTEND_ACCOUNT,
        region: "us-west-2",
        wave: 0,
        references: [],
        outputs: {},
        flows: [],
        resources,
        ...overrides,
    };
}

export function planOf(...stacks: PlannedStack[]): Plan {
    return { environment: "test", stacks };
}

/** The violations of every rule over these resources, as one stack of an environment with both accounts. */
export function violationsOf(...resources: RecordedResource[]): Violation[] {
    return evaluateStack(plannedStack(resources), CONTEXT);
}

/** The violation `violationsOf` reports for this resource, policy and message. */
export function violation(resource: RecordedResource, policy: string, message: string): Violation {
    return { stack: "policy-test/test", urn: resource.urn, policy, enforcementLevel: "mandatory", message };
}
