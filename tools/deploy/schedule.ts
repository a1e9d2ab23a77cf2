import type { OpMap } from "@pulumi/pulumi/automation";
import { ROLES, RoleId, waves } from "../../shared/topology";
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
    /**
     * It stopped after the run was interrupted: Pulumi cancelled it between resource operations
     * (the runner passes the interrupt on), so its state is saved and a rerun carries on.
     * @default false
     */
    readonly cancelled?: boolean;
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
    /**
     * The stacks each stack reads; a stack starts once these are done (destroy: once every stack
     * that reads it is gone). Injectable so tests can use another topology.
     * @default the `reads` of shared/topology.ts
     */
    readonly reads?: Readonly<Record<RoleId, readonly RoleId[]>>;
}

/**
 * The stacks of an action as waves, for display and for listing stacks in run order: deploy and
 * preview follow `waves()`, destroy the reverse. Stacks start by what they read (runEnvironment),
 * which never starts a stack later than its wave would.
 */
export function orderOf(action: Action): RoleId[][] {
    const order = waves();
    return action === "destroy" ? order.reverse() : order;
}

/** The stacks that must be done before `role` starts: what it reads, or for destroy every stack that reads it. */
export function prerequisites(action: Action, role: RoleId, reads: Readonly<Record<RoleId, readonly RoleId[]>>): RoleId[] {
    if (action !== "destroy") return [...reads[role]];
    return (Object.keys(reads) as RoleId[]).filter((reader) => reads[reader].includes(role));
}

const TOPOLOGY_READS = Object.fromEntries(Object.values(ROLES).map((r) => [r.id, r.reads])) as Record<RoleId, readonly RoleId[]>;

/**
 * Runs every stack of an environment, each as soon as the stacks it reads are done (destroy: as soon
 * as every stack reading it is destroyed), so one account's chain never waits for the other's. After
 * a failure (or an interrupt) no further stack starts, but every stack already running is awaited:
 * killing a Pulumi update midway leaves its stack locked with pending operations.
 */
export async function runEnvironment(action: Action, runner: StackRunner, options: ScheduleOptions = {}): Promise<Outcome> {
    const now = options.now ?? Date.now;
    const emit = options.onEvent ?? (() => undefined);
    const reads = options.reads ?? TOPOLOGY_READS;
    const order = orderOf(action);
    const waveOf = (role: RoleId) => order.findIndex((w) => w.includes(role));
    const finished = new Map<RoleId, StackRun>();
    const failed: StackFailure[] = [];
    const started = new Set<RoleId>();
    const running = new Set<Promise<void>>();

    const runOne = async (role: RoleId): Promise<void> => {
        emit({ kind: "started", role, wave: waveOf(role), waves: order.length });
        const start = now();
        try {
            const run = await (action === "deploy" ? runner.up(role) : action === "preview" ? runner.preview(role) : runner.destroy(role));
            finished.set(role, run);
            emit({ kind: "finished", role, durationMs: now() - start, changes: run.changes, ...(run.missing ? { missing: true } : {}) });
        } catch (error) {
            const logPath = runner.logPath(role, action);
            failed.push({ role, error, logPath, ...(options.signal?.aborted ? { cancelled: true } : {}) });
            emit({ kind: "failed", role, durationMs: now() - start, error, logPath });
        }
    };

    for (;;) {
        if (failed.length === 0 && !options.signal?.aborted) {
            const ready = order.flat().filter((r) => !started.has(r) && prerequisites(action, r, reads).every((p) => finished.has(p)));
            for (const role of ready) {
                started.add(role);
                const p: Promise<void> = runOne(role).then(() => void running.delete(p));
                running.add(p);
            }
        }
        if (running.size === 0) break;
        await Promise.race(running);
    }
    const notStarted = order.flat().filter((r) => !started.has(r));
    const interrupted = options.signal?.aborted ?? false;
    return { ok: failed.length === 0 && notStarted.length === 0, finished, failed, notStarted, interrupted };
}
