/**
 * The offline plan's data model: what the simulated cloud records of each stack, what the planner
 * returns, and what the commands (plan, deploy's estimates), the estimates and the policy pack's
 * offline evaluation read. Types only, so every room imports it without importing the engine.
 */
import type { RoleId } from "../../shared/topology";

/**
 * One resource a program registered under the mocks, with what the mocks alone do not see:
 * its parent, provider and dependencies, and its inputs with secrets and resource references
 * kept recognisable. Tests assert on these records; the offline plan writes them out.
 */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly parent?: string;
    /** The provider reference (`urn::id`) an AWS or Kubernetes resource was given. */
    readonly provider?: string;
    /** URNs this resource waits for: explicit dependsOn and the resources its inputs come from. */
    readonly dependencies: string[];
    /** Inputs as sent to the engine; secrets as `"[secret]"`, resource references as their URN. */
    readonly inputs: Record<string, unknown>;
    /** Outputs the simulated cloud returned, in the same form. */
    outputs: Record<string, unknown>;
    /** The ID the simulated cloud gave a custom resource (as a preview shows for existing ones); components have none. */
    id?: string;
    /** The `protect` resource option, when set: Pulumi refuses to delete or replace the resource. */
    readonly protect?: boolean;
    /** The `retainOnDelete` resource option, when set: Pulumi drops it from the state without deleting it. */
    readonly retainOnDelete?: boolean;
    /** The URNs the `aliases` option names (the resource's earlier identities), when it has any. */
    readonly aliases?: string[];
}

/** Where one value read through a StackReference ends up in the reading stack. */
export interface Flow {
    readonly from: string;
    readonly output: string;
    readonly value: unknown;
    /** `resource-name.input.path` of each input computed from the value. */
    readonly into: string[];
    /**
     * Outputs of other referenced stacks holding the same value, when the program refuses them to
     * differ (one region for both accounts): the value is proven to flow, but not which copy it was read from.
     */
    readonly sameValueAs?: string[];
}

/** A referenced output whose flows could not be established, and why. */
export interface UntracedOutput {
    readonly from: string;
    readonly output: string;
    readonly reason: string;
}

export interface PlannedStack {
    /** The stack's id in its topology: its kind (RoleId), or `<kind>-<account>` when several accounts play it. */
    readonly role: string;
    /** What the stack is: one of the six kinds. Not in plan.json (its role says it). */
    readonly kind: RoleId;
    /** The account's name in the environment description (frontend, backend in the two-account design). Not in plan.json. */
    readonly accountName: string;
    readonly project: string;
    readonly stack: string;
    readonly account: string;
    readonly region: string;
    readonly wave: number;
    readonly references: string[];
    readonly resources: RecordedResource[];
    /** Outputs with secrets as "[secret]". */
    readonly outputs: Record<string, unknown>;
    /** Proven flows of referenced outputs into this stack's inputs (tools/sim/flows.ts). */
    readonly flows: Flow[];
    /** Referenced outputs whose flows could not be established, with the reason. */
    readonly untraced?: UntracedOutput[];
}

export interface Plan {
    readonly environment: string;
    readonly stacks: PlannedStack[];
}
