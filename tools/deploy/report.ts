import { ConcurrentUpdateError, type OpMap } from "@pulumi/pulumi/automation";
import { appsFrontendContract } from "../../shared/contracts";
import { APPS_BACKEND_VISIBILITY_OUTPUTS } from "../../shared/contracts/apps";
import { Topology, accountsOf, entryOf } from "../../shared/topology";
import { Action, Profiles, profileOf } from "./args";
import { Outcome, StackEvent, orderOf } from "./schedule";

/** What a person sees: `mesh/example-frontend`, the project and stack as `pulumi` names them. */
export function displayName(role: string, topology: Topology): string {
    const entry = entryOf(topology, role);
    return `${entry.project}/${entry.stack}`;
}

/** `+12 ~1 -0`, plus `±2` when resources are replaced (the costly kind of change, so never hidden). */
export function formatChanges(changes: OpMap): string {
    const text = `+${changes.create ?? 0} ~${changes.update ?? 0} -${changes.delete ?? 0}`;
    return changes.replace ? `${text} ±${changes.replace}` : text;
}

export function formatDuration(ms: number): string {
    const seconds = Math.round(ms / 1000);
    if (seconds < 60) return `${seconds}s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
    return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

/**
 * The one line of an error worth printing on the console: from Pulumi's first `error:` on, when there
 * is one (a CommandError's message is the command's whole output), else the first line. The log has the rest.
 */
export function reasonOf(error: unknown): string {
    const text = error instanceof Error ? error.message : String(error);
    const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
    // "error:" may follow a prefix, as in a CommandError's " stderr: error: ..." line.
    const reason = lines.map((l) => /\berror: .*/.exec(l)?.[0]).find((l) => l !== undefined) ?? lines[0] ?? "unknown error";
    return reason.length > 300 ? `${reason.slice(0, 297)}...` : reason;
}

const VERB: Record<Action, string> = { deploy: "deployed", preview: "previewed", destroy: "destroyed" };

/** ` (estimate 3m50s)` when the stack has a modeled duration. */
function againstEstimate(role: string, estimates?: ReadonlyMap<string, number>): string {
    const seconds = estimates?.get(role);
    return seconds === undefined ? "" : ` (estimate ${formatDuration(seconds * 1000)})`;
}

/**
 * One progress line per event, each naming its account (padded to the environment's longest
 * account name, so each account's lines line up), e.g.
 * `[2/5] frontend mesh/example-frontend started (AWS profile: frontend)` and
 * `      frontend mesh/example-frontend finished in 4m07s: +12 ~1 -0`.
 */
export function eventLine(event: StackEvent, topology: Topology, estimates?: ReadonlyMap<string, number>, profiles: Profiles = {}): string {
    const entry = entryOf(topology, event.role);
    const width = Math.max(...accountsOf(topology).map((a) => a.length));
    const name = `${entry.account.padEnd(width)} ${displayName(event.role, topology)}`;
    switch (event.kind) {
        case "started":
            return `[${event.wave + 1}/${event.waves}] ${name} started (AWS profile: ${profileOf(profiles, entry.account)})`;
        case "finished":
            if (event.missing) return `      ${name} NOT FOUND in the state backend: nothing destroyed`;
            return `      ${name} finished in ${formatDuration(event.durationMs)}${againstEstimate(event.role, estimates)}: ${
                event.changes === undefined ? `changes not reported by Pulumi\n      its output: ${event.logPath}` : formatChanges(event.changes)
            }`;
        case "failed":
            return `      ${name} FAILED after ${formatDuration(event.durationMs)}: ${reasonOf(event.error)}\n      full output: ${event.logPath}`;
    }
}

/** Stacks destroy did not find in the state backend, in run order. */
export function missingStacks(outcome: Outcome, topology: Topology): string[] {
    return orderOf("destroy", topology).flat().filter((role) => outcome.finished.get(role)?.missing === true);
}

/**
 * The exit code: 0 when every stack did what was asked; 1 after a failure or an interrupt; 3 when
 * destroy found stacks missing from the state backend. A missing stack may have been deployed with
 * another backend, its resources still running, so it is not reported as success.
 */
export const EXIT_MISSING_STACKS = 3;
/** Every stack deployed, but `npm run verify` found the live system not working: nothing is undone. */
export const EXIT_VERIFY_FAILED = 4;
export function exitCode(outcome: Outcome, verified?: VerifyResult): number {
    if (!outcome.ok) return 1;
    if (verified !== undefined && !verified.ok) return EXIT_VERIFY_FAILED;
    return [...outcome.finished.values()].some((run) => run.missing === true) ? EXIT_MISSING_STACKS : 0;
}

/** What the live check after a deploy found: whether every check passed, and its lines (tools/verify). */
export interface VerifyResult {
    readonly ok: boolean;
    readonly lines: readonly string[];
}

/** The closing lines: what happened and, after a failure, what to do next. */
export function closingLines(action: Action, topology: Topology, outcome: Outcome, backendUrl = "the state backend", verified?: VerifyResult, rerunCommand?: string): string[] {
    const { environment } = topology;
    const command = rerunCommand ?? `npm run ${action} -- --stack ${environment}`;
    const missing = missingStacks(outcome, topology);
    if (outcome.ok && missing.length > 0) {
        const destroyed = outcome.finished.size - missing.length;
        return [
            destroyed === 0
                ? `None of the ${missing.length} stacks of "${environment}" exist in ${backendUrl}: nothing was destroyed.`
                : `${destroyed} of the ${outcome.finished.size} stacks of "${environment}" destroyed; ${missing.length} do not exist in ${backendUrl}.`,
            `Not found: ${missing.map((r) => displayName(r, topology)).join(", ")}.`,
            `If they were deployed with another state backend, their resources are still running: set that backend in state-backend.yaml ` +
                `(docs/operations.md) and rerun \`${command}\`.`,
        ];
    }
    if (outcome.ok) {
        const lines = [`All ${outcome.finished.size} stacks of "${environment}" ${VERB[action]}.`];
        if (verified !== undefined && !verified.ok) {
            lines.push(
                `Verify FAILED (the checks above): everything stays deployed, nothing was undone. Fix what the failed checks say, then run ` +
                    `\`npm run verify -- --stack ${environment}\` (or \`${command}\` again); the application URL is printed once every check passes.`,
            );
            return lines;
        }
        if (verified !== undefined) lines.push("Verified: every check passed.");
        const urls = action === "deploy" ? applicationUrls(outcome, topology) : [];
        if (urls.length === 1) lines.push(`Yelb: ${urls[0].url}`);
        else for (const { account, url } of urls) lines.push(`Yelb (account ${account}): ${url}`);
        // Each providing account's dashboard, named by its account when there are several.
        const providers = action === "deploy" ? topology.entries.filter((e) => e.kind === "apps-backend") : [];
        for (const e of providers) {
            const outputs = outcome.finished.get(e.id)?.outputs ?? {};
            const dashboard = outputs[APPS_BACKEND_VISIBILITY_OUTPUTS.dashboardUrl];
            if (typeof dashboard === "string") {
                lines.push(`Lattice dashboard (and the appserver's alarms)${providers.length > 1 ? ` of account ${e.account}` : ""}: ${dashboard}`);
                lines.push(alarmNotificationLine(outputs[APPS_BACKEND_VISIBILITY_OUTPUTS.alarmTopicArn], `apps/Pulumi.${e.stack}.yaml`));
            }
        }
        return lines;
    }
    const lines: string[] = [];
    const names = (roles: readonly string[]) => roles.map((r) => displayName(r, topology)).join(", ");
    for (const f of outcome.failed.filter((f) => !f.cancelled)) {
        lines.push(`${displayName(f.role, topology)} failed; its full Pulumi output: ${f.logPath}`);
        const hint = failureHint(f.error, f.role, topology);
        if (hint !== undefined) lines.push(`  ${hint}`);
    }
    if (outcome.interrupted) {
        const cancelled = outcome.failed.filter((f) => f.cancelled).map((f) => f.role);
        const finished = orderOf(action, topology).flat().filter((r) => outcome.finished.has(r));
        lines.push(
            `Interrupted. ${VERB[action][0].toUpperCase()}${VERB[action].slice(1)}: ${names(finished) || "none"}. ` +
                `Cancelled while running: ${names(cancelled) || "none"}` +
                (cancelled.length > 0 ? " (Pulumi stopped between resource operations, saved the state and released the lock)." : "."),
        );
    }
    if (outcome.notStarted.length > 0) {
        lines.push(`Not started: ${names(outcome.notStarted)}.`);
    }
    if (outcome.interrupted && outcome.failed.every((f) => f.cancelled)) {
        lines.push(
            action === "preview"
                ? `Rerun \`${command}\` to preview them all.`
                : `Rerun \`${command}\` to complete the rest: the stacks already ${VERB[action]} come out unchanged.`,
        );
        return lines;
    }
    const rerun =
        action === "preview"
            ? `Fix the cause, then rerun \`${command}\`.`
            : `Fix the cause, then rerun \`${command}\`: ${action} is idempotent, so the stacks already ${VERB[action]} come out unchanged and it carries on where it stopped.`;
    lines.push(rerun);
    return lines;
}

/**
 * What to do about a failure Pulumi reports in its own words, when there is a clearer line: the
 * stack's lock held by another run, or a protected resource (Postgres's volume claim) in a destroy.
 */
export function failureHint(error: unknown, role: string, topology: Topology): string | undefined {
    const text = error instanceof Error ? error.message : String(error);
    const { project, stack } = entryOf(topology, role);
    const { environment } = topology;
    // The two texts the Automation API maps to ConcurrentUpdateError (automation/errors.ts): Pulumi Cloud's, and the DIY backends' lock.
    if (error instanceof ConcurrentUpdateError || /the stack is currently locked by|\[409\] Conflict: Another update is currently in progress/.test(text)) {
        return (
            `${project}/${stack} is locked by another update (Pulumi's lock): another deploy, preview or destroy of "${environment}" is running, here or elsewhere. ` +
            `Wait for it to end. If none is running (one was killed outright), release the lock with \`(cd ${project} && pulumi cancel --stack ${stack} --yes)\` and rerun.`
        );
    }
    if (/marked for protection/.test(text)) {
        return (
            `${project}/${stack} holds a protected resource: Postgres's volume claim, which keeps the votes. To destroy it on purpose, run ` +
            `\`(cd ${project} && pulumi state unprotect --stack ${stack} --all --yes)\` and rerun; the EBS volume itself outlives it (docs/teardown.md).`
        );
    }
    return undefined;
}

/** What each stack is doing, from the schedule's events: printed when the run is interrupted. */
export class Progress {
    private readonly started = new Set<string>();
    private readonly running = new Set<string>();
    private readonly done = new Set<string>();

    note(event: StackEvent): void {
        if (event.kind === "started") {
            this.started.add(event.role);
            this.running.add(event.role);
        } else {
            this.running.delete(event.role);
            if (event.kind === "finished") this.done.add(event.role);
        }
    }

    /** `Running: ... Finished: ... Not started: ...`, each in run order. */
    line(action: Action, topology: Topology): string {
        const order = orderOf(action, topology).flat();
        const names = (keep: (r: string) => boolean) => order.filter(keep).map((r) => displayName(r, topology)).join(", ") || "none";
        return `Running: ${names((r) => this.running.has(r))}. Finished: ${names((r) => this.done.has(r))}. Not started: ${names((r) => !this.started.has(r))}.`;
    }
}

// The key comes from the contract, so a renamed output breaks the type check here, not the deploy.
const URL_OUTPUT: keyof typeof appsFrontendContract.schema = "applicationUrl";

/** The `applicationUrl` output of each calling account's apps stack this run deployed, in the topology's order. */
export function applicationUrls(outcome: Outcome, topology: Topology): { account: string; url: string }[] {
    return topology.entries
        .filter((e) => e.kind === "apps-frontend")
        .flatMap((e) => {
            const value = outcome.finished.get(e.id)?.outputs[URL_OUTPUT];
            return typeof value === "string" ? [{ account: e.account, url: value }] : [];
        });
}

/** Who the appserver's alarms notify: the topic, or no one and how to change that. */
export function alarmNotificationLine(topicArn: unknown, stackFile: string): string {
    return typeof topicArn === "string" && topicArn !== ""
        ? `  The alarms notify SNS topic ${topicArn}.`
        : `  The alarms notify no one: set apps:latticeAlarmTopicArn in ${stackFile} to an SNS topic ARN of that region to be told.`;
}
