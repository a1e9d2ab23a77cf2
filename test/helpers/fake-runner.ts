import type { OpMap } from "@pulumi/pulumi/automation";
import { RoleId } from "../../shared/topology";
import { Action } from "../../tools/deploy/args";
import { StackRun, StackRunner } from "../../tools/deploy/schedule";

type Method = "up" | "preview" | "destroy";

interface Pending {
    readonly method: Method;
    readonly resolve: (run: StackRun) => void;
    readonly reject: (error: unknown) => void;
}

/**
 * A StackRunner for tests whose stacks finish only when the test says so, so a test can look at
 * which stacks are running at each moment (never at how long anything took).
 */
export class FakeRunner implements StackRunner {
    /** `start <role>` and `end <role>` in the order they happened. */
    readonly events: string[] = [];
    /** The method each started role was run with. */
    readonly methods = new Map<RoleId, Method>();
    private readonly pending = new Map<RoleId, Pending>();

    up(role: RoleId): Promise<StackRun> {
        return this.start(role, "up");
    }
    preview(role: RoleId): Promise<StackRun> {
        return this.start(role, "preview");
    }
    destroy(role: RoleId): Promise<StackRun> {
        return this.start(role, "destroy");
    }
    logPath(role: RoleId, action: Action): string {
        return `out/logs/${role}.${action}.log`;
    }

    /** Roles started and not yet finished, in start order. */
    running(): RoleId[] {
        return [...this.pending.keys()];
    }

    started(): RoleId[] {
        return [...this.methods.keys()];
    }

    succeed(role: RoleId, changes: OpMap = { create: 1 }, outputs: Record<string, unknown> = {}): void {
        this.settle(role).resolve({ changes, outputs });
    }

    fail(role: RoleId, error: unknown): void {
        this.settle(role).reject(error);
    }

    private settle(role: RoleId): Pending {
        const p = this.pending.get(role);
        if (!p) throw new Error(`${role} is not running (running: ${this.running().join(", ") || "none"})`);
        this.pending.delete(role);
        this.events.push(`end ${role}`);
        return p;
    }

    private start(role: RoleId, method: Method): Promise<StackRun> {
        if (this.methods.has(role)) throw new Error(`${role} started twice`);
        this.events.push(`start ${role}`);
        this.methods.set(role, method);
        return new Promise((resolve, reject) => this.pending.set(role, { method, resolve, reject }));
    }
}

/** Lets every promise callback already queued run (the scheduler's reaction to a settled stack). */
export function flush(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
}
