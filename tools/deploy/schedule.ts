import type { OpMap } from "@pulumi/pulumi/automation";
import { Topology, buildTopology, readsOf, topologyWaves } from "../../shared/topology";
import { Action } from "./args";

/** What one stack's run produced. */
export interface StackRun {
    /**
     * Resource operations by kind, as Pulumi counts them (`create`, `update`, `delete`, `replace`, `same`...);
     * undefined when Pulumi did not report them (a preview whose summary was not read): never shown as no changes.
     */
    readonly changes: OpMap | undefined;
    /** The stack's outputs after the run (secrets as "[secret]"); empty for preview and destroy. */
    readonly outputs: Readonly<Record<string, unknown>>;
    /**
     * Destroy only: the stack does not exist in the state backend, so nothing was destroyed.
     * @default false
     */
    readonly missing?: boolean;
}

/**
 * Runs one stack of the environment, named by its topology id (StackEntry.id: the role for the
 * two-account design, `<kind>-<account>` where several accounts play a kind). The Automation API
 * implements it (pulumi-runner.ts); tests use a fake, so the scheduling below is tested without
 * Pulumi or AWS.
 */
export interface StackRunner {
    up(role: string): Promise<StackRun>;
    preview(role: string): Promise<StackRun>;
    destroy(role: string): Promise<StackRun>;
    /** Where the full Pulumi output of this stack's run of this action is kept. */
    logPath(role: string, action: Action): string;
}

export type StackEvent =
    | { readonly kind: "started"; readonly role: string; readonly wave: number; readonly waves: number }
    | {
          readonly kind: "finished";
          readonly role: string;
          readonly durationMs: number;
          readonly changes: OpMap | undefined;
          readonly missing?: boolean;
          /** Where the run's full output is, given when its changes were not reported. */
          readonly logPath?: string;
      }
    | { readonly kind: "failed"; readonly role: string; readonly durationMs: number; readonly error: unknown; readonly logPath: string };

export interface StackFailure {
    readonly role: string;
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
    readonly finished: ReadonlyMap<string, StackRun>;
    readonly failed: readonly StackFailure[];
    /** Roles never started because an earlier stack failed or the run was interrupted, in run order. */
    readonly notStarted: readonly string[];
    readonly interrupted: boolean;
}

export interface ScheduleOptions {
    readonly onEvent?: (event: StackEvent) => void;
    /** Milliseconds; injectable so durations are testable. */
    readonly now?: () => number;
    /** Aborted (Ctrl-C): no further stack starts; the running ones finish. */
    readonly signal?: AbortSignal;
    /**
     * The environment's stacks and what each reads (shared/topology.ts, built from its description).
     * @default the two-account design
     */
    readonly topology?: Topology;
    /**
     * The stacks each stack reads; a stack starts once these are done (destroy: once every stack
     * that reads it is gone). Injectable so tests can try other dependencies.
     * @default the topology's `reads`
     */
    readonly reads?: Readonly<Record<string, readonly string[]>>;
}

const LEGACY = buildTopology("");

/**
 * The stacks of an action as waves of ids, for display and for listing stacks in run order: deploy
 * and preview follow the topology's waves, destroy the reverse. Stacks start by what they read
 * (runEnvironment), which never starts a stack later than its wave would.
 */
export function orderOf(action: Action, topology: Topology = LEGACY): string[][] {
    const order = topologyWaves(topology).map((wave) => wave.map((e) => e.id));
    return action === "destroy" ? order.reverse() : order;
}

/** The stacks that must be done before `role` starts: what it reads, or for destroy every stack that reads it. */
export function prerequisites(action: Action, role: string, reads: Readonly<Record<string, readonly string[]>>): string[] {
    if (action !== "destroy") return [...reads[role]];
    return (Object.keys(reads) as string[]).filter((reader) => reads[reader].includes(role));
}

/**
 * Runs every stack of an environment, each as soon as the stacks it reads are done (destroy: as soon
 * as every stack reading it is destroyed), so one account's chain never waits for another's. After
 * a failure (or an interrupt) no further stack starts, but every stack already running is awaited:
 * killing a Pulumi update midway leaves its stack locked with pending operations.
 */
export async function runEnvironment(action: Action, runner: StackRunner, options: ScheduleOptions = {}): Promise<Outcome> {
    const now = options.now ?? Date.now;
    const emit = options.onEvent ?? (() => undefined);
    const topology = options.topology ?? LEGACY;
    const reads = options.reads ?? readsOf(topology);
    const order = orderOf(action, topology);
    const waveOf = (role: string) => order.findIndex((w) => w.includes(role));
    const finished = new Map<string, StackRun>();
    const failed: StackFailure[] = [];
    const started = new Set<string>();
    const running = new Set<Promise<void>>();

    const runOne = async (role: string): Promise<void> => {
        emit({ kind: "started", role, wave: waveOf(role), waves: order.length });
        const start = now();
        try {
            const run = await (action === "deploy" ? runner.up(role) : action === "preview" ? runner.preview(role) : runner.destroy(role));
            finished.set(role, run);
            emit({
                kind: "finished",
                role,
                durationMs: now() - start,
                changes: run.changes,
                ...(run.missing ? { missing: true } : {}),
                ...(run.changes === undefined ? { logPath: runner.logPath(role, action) } : {}),
            });
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
