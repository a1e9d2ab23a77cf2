import type { OpMap } from "@pulumi/pulumi/automation";
import { RoleId, waves } from "../../shared/topology";
import { Action } from "./args";

/** What one stack's run produced. */
export interface StackRun {
    /** Resource operations by kind, as Pulumi counts them (`create`, `update`, `delete`, `replace`, `same`...). */
    readonly changes: OpMap;
    /** The stack's outputs after the run (secrets as "[secret]"); empty for preview and destroy. */
    readonly outputs: Readonly<Record<string, unknown>>;
    /**
     * Destroy only: the stack does not exist in the state backend, so nothing was destroyed.
     * @default false
     */
    readonly missing?: boolean;
}

/**
 * Runs one stack of the environment. The Automation API implements it (pulumi-runner.ts); tests use
 * a fake, so the scheduling below is tested without Pulumi or AWS.
 */
export interface StackRunner {
    up(role: RoleId): Promise<StackRun>;
    preview(role: RoleId): Promise<StackRun>;
    destroy(role: RoleId): Promise<StackRun>;
    /** Where the full Pulumi output of this role's run of this action is kept. */
    logPath(role: RoleId, action: Action): string;
}

export type StackEvent =
    | { readonly kind: "started"; readonly role: RoleId; readonly wave: number; readonly waves: number }
    | { readonly kind: "finished"; readonly role: RoleId; readonly durationMs: number; readonly changes: OpMap; readonly missing?: boolean }
    | { readonly kind: "failed"; readonly role: RoleId; readonly durationMs: number; readonly error: unknown; readonly logPath: string };

export interface StackFailure {
    readonly role: RoleId;
    readonly error: unknown;
    readonly logPath: string;
}

export interface Outcome {
    readonly ok: boolean;
    readonly finished: ReadonlyMap<RoleId, StackRun>;
    readonly failed: readonly StackFailure[];
    /** Roles never started because an earlier stack failed or the run was interrupted, in run order. */
    readonly notStarted: readonly RoleId[];
    readonly interrupted: boolean;
}

export interface ScheduleOptions {
    readonly onEvent?: (event: StackEvent) => void;
    /** Milliseconds; injectable so durations are testable. */
    readonly now?: () => number;
    /** Aborted (Ctrl-C): no further stack starts; the running ones finish. */
    readonly signal?: AbortSignal;
}

/**
 * The order an action runs the stacks in, as waves of stacks that run together: deploy and preview
 * follow `waves()`; destroy runs the waves in reverse, so no stack is destroyed while a stack that
 * reads it still exists.
 */
export function orderOf(action: Action): RoleId[][] {
    const order = waves();
    return action === "destroy" ? order.reverse() : order;
}

/**
 * Runs every stack of an environment wave by wave; the stacks of one wave in parallel. After a
 * failure (or an interrupt) no further stack starts, but every stack already running is awaited:
 * killing a Pulumi update midway leaves its stack locked with pending operations.
 */
export async function runEnvironment(action: Action, runner: StackRunner, options: ScheduleOptions = {}): Promise<Outcome> {
    const now = options.now ?? Date.now;
    const emit = options.onEvent ?? (() => undefined);
    const order = orderOf(action);
    const finished = new Map<RoleId, StackRun>();
    const failed: StackFailure[] = [];

    const runOne = async (role: RoleId, wave: number): Promise<void> => {
        emit({ kind: "started", role, wave, waves: order.length });
        const start = now();
        try {
            const run = await (action === "deploy" ? runner.up(role) : action === "preview" ? runner.preview(role) : runner.destroy(role));
            finished.set(role, run);
            emit({ kind: "finished", role, durationMs: now() - start, changes: run.changes, ...(run.missing ? { missing: true } : {}) });
        } catch (error) {
            const logPath = runner.logPath(role, action);
            failed.push({ role, error, logPath });
            emit({ kind: "failed", role, durationMs: now() - start, error, logPath });
        }
    };

    let next = 0;
    for (; next < order.length; next++) {
        if (failed.length > 0 || options.signal?.aborted) break;
        await Promise.all(order[next].map((role) => runOne(role, next)));
    }
    const notStarted = order.slice(next).flat();
    const interrupted = options.signal?.aborted ?? false;
    return { ok: failed.length === 0 && notStarted.length === 0, finished, failed, notStarted, interrupted };
}
