import * as fs from "fs";
import * as path from "path";
import { Action } from "./args";

/**
 * One run per environment at a time, in this checkout: `out/locks/<environment>.lock` holds the
 * running command's process ID. Pulumi locks each stack only while it runs, so without this a second
 * deploy would start the stacks the first has not reached yet. Runs from elsewhere (CI, a teammate)
 * meet Pulumi's own per-stack lock instead, which the report explains (report.ts failureHint).
 */
export const LOCK_DIR = path.join("out", "locks");

export interface LockHolder {
    readonly pid: number;
    readonly action: Action;
    /** ISO time. */
    readonly startedAt: string;
}

export interface EnvironmentLock {
    readonly file: string;
    /** Set when a lock left by a process that no longer runs was taken over. */
    readonly tookOverFrom?: LockHolder;
    release(): void;
}

/** Whether a process with this ID runs (signal 0 checks without sending anything). */
export function processRuns(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch (e) {
        return (e as NodeJS.ErrnoException).code === "EPERM"; // it runs, as another user
    }
}

export function lockFile(rootDir: string, environment: string): string {
    return path.join(rootDir, LOCK_DIR, `${environment}.lock`);
}

/** The refusal when another run holds the environment. */
export function lockRefusal(environment: string, holder: LockHolder, file: string): string {
    return (
        `Another ${holder.action} of "${environment}" is running (process ${holder.pid}, started ${holder.startedAt}): wait for it to end, ` +
        `then run this again. Two runs at once would race on the same stacks. Its lock: ${file}.`
    );
}

/**
 * Takes the environment's lock, or returns the refusal line when a running process holds it. A lock
 * whose process is gone (killed outright) is taken over.
 */
export function lockEnvironment(
    rootDir: string,
    environment: string,
    action: Action,
    options: { pid?: number; now?: () => Date; runs?: (pid: number) => boolean } = {},
): EnvironmentLock | string {
    const file = lockFile(rootDir, environment);
    const holder: LockHolder = { pid: options.pid ?? process.pid, action, startedAt: (options.now?.() ?? new Date()).toISOString() };
    const runs = options.runs ?? processRuns;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let tookOverFrom: LockHolder | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
        try {
            fs.writeFileSync(file, `${JSON.stringify(holder)}\n`, { flag: "wx" }); // atomic: fails if it exists
            return {
                file,
                ...(tookOverFrom ? { tookOverFrom } : {}),
                release: () => {
                    // Only our own lock: never one a later run took over.
                    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder).pid === holder.pid) fs.rmSync(file);
                },
            };
        } catch (e) {
            if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
            let other: LockHolder | undefined;
            try {
                other = JSON.parse(fs.readFileSync(file, "utf8")) as LockHolder;
            } catch {
                other = undefined; // unreadable: written by a run killed mid-write
            }
            if (other !== undefined && runs(other.pid)) return lockRefusal(environment, other, path.relative(rootDir, file));
            tookOverFrom = other;
            fs.rmSync(file, { force: true });
        }
    }
    throw new Error(`could not take ${file}: another run keeps taking it`);
}
