import * as fs from "fs";
import * as path from "path";
import { writePolicyPackConfig } from "../../policy/config";
import { Options, profileOf } from "./args";
import { PROJECTS, Topology, accountsOf, environmentTopology } from "../../shared/topology";
import { LOCAL_STATE_DIR, StateBackend } from "../engine/state-backend";
import { missingCliMessage } from "./preflight";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { AutomationRunner, findPulumiCommand, listStacks } from "./pulumi-runner";
import { longerEnvironments, removedStacksQuestion, removedStacksRefusal, removedTopology } from "./removed-stacks";
import { Progress, VerifyResult, closingLines, eventLine, exitCode, reasonOf } from "./report";
import { InterruptSignal, interrupts } from "./interrupt";
import { lockEnvironment } from "./lock";
import { orderOf, runEnvironment } from "./schedule";
import { stackEstimates } from "./estimates";

/** Checks the deployed environment live (`npm run verify`), printing its lines; injectable so tests reach no AWS. */
export type Verifier = (signal: AbortSignal) => Promise<VerifyResult>;

/** The real verifier: tools/verify with the run's profiles and state backend. */
function liveVerifier(options: Options, backend: StateBackend, rootDir: string): Verifier {
    return async (signal) => {
        const { verifyDeployed, verifyDeployedTopology } = await import("../verify/main");
        const { reportLines, verifyExitCode } = await import("../verify/run");
        // An environment described by a file: every account of its topology, each with its profile.
        if (environmentTopology(options.environment, rootDir).description.file !== undefined) {
            const { topologyVerifyExitCode } = await import("../verify/topology");
            const report = await verifyDeployedTopology({ rootDir, environment: options.environment, profiles: options.profiles, backend, signal });
            return { ok: topologyVerifyExitCode(report) === 0, lines: reportLines(report) };
        }
        // tools/verify checks the two-account design: its frontend and backend accounts.
        const profiles = { frontend: profileOf(options.profiles, "frontend"), backend: profileOf(options.profiles, "backend") };
        const report = await verifyDeployed({ rootDir, environment: options.environment, profiles, backend, signal });
        return { ok: verifyExitCode(report) === 0, lines: reportLines(report) };
    };
}

export interface OrchestrateDeps {
    /** @default the `pulumi` on PATH */
    readonly command?: PulumiCommand;
    /** @default the live verifier (AWS and the clusters) */
    readonly verify?: Verifier;
    /**
     * Asks the user a question at the terminal and returns the answer; undefined where there is no
     * terminal (destroy --account then needs --yes).
     * @default the terminal, when stdin is one
     */
    readonly ask?: (question: string) => Promise<string>;
}

async function terminalAnswer(question: string): Promise<string> {
    const readline = await import("readline/promises");
    const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
    try {
        return await prompt.question(question);
    } finally {
        prompt.close();
    }
}

/**
 * The stacks of this environment in the state backend that its topology no longer has, as their own
 * topology (removed-stacks.ts); listing them asks the CLI, with the service network owner's profile
 * (it reads an S3 backend's bucket).
 */
async function removedStacksOf(topology: Topology, options: Options, backend: StateBackend, rootDir: string, command: PulumiCommand): Promise<Topology> {
    if (topology.description.file === undefined) return { ...topology, entries: [] };
    const listed = await listStacks({ rootDir, backend, command }, PROJECTS, profileOf(options.profiles, topology.description.serviceNetworkOwner));
    return removedTopology(topology, listed, longerEnvironments(rootDir, topology.environment, path.dirname(topology.description.file)));
}

/** Runs the checked command: locates the CLI, runs the schedule with the Automation API, verifies a deploy, reports. */
export async function orchestrate(options: Options, backend: StateBackend, rootDir: string, deps: OrchestrateDeps = {}): Promise<number> {
    const { action, environment, profiles } = options;
    let command;
    try {
        command = deps.command ?? (await findPulumiCommand());
    } catch (e) {
        console.error(`The Pulumi CLI cannot be used: ${reasonOf(e)}`); // e.g. older than the SDK needs
        return 1;
    }
    if (command === undefined) {
        console.error(missingCliMessage(action));
        return 1;
    }
    if (backend.kind === "local") fs.mkdirSync(path.join(rootDir, LOCAL_STATE_DIR), { recursive: true });
    // Deploy and preview run the policy pack; destroy needs no config, so it works even without stack files.
    let policyPackConfig: string | undefined;
    try {
        if (action !== "destroy") policyPackConfig = writePolicyPackConfig(rootDir, environment, path.join(rootDir, "out", "policy", `config.${environment}.json`));
    } catch (e) {
        console.error(reasonOf(e));
        return 1;
    }
    // One run per environment at a time; refused before any stack starts.
    const lock = lockEnvironment(rootDir, environment, action);
    if (typeof lock === "string") {
        console.error(lock);
        return 1;
    }
    if (lock.tookOverFrom) console.error(`(took over the lock of process ${lock.tookOverFrom.pid}, which no longer runs: its run was killed; a stack it ran may need \`pulumi cancel\`, see docs/operations.md)`);
    const described = environmentTopology(environment, rootDir);
    // Stacks of accounts the description no longer has: refused, unless this run is the destroy of exactly them.
    let removed: Topology;
    try {
        removed = await removedStacksOf(described, options, backend, rootDir, command);
    } catch (e) {
        lock.release();
        console.error(`The stacks in ${backend.url} could not be listed: ${reasonOf(e)}`);
        return 1;
    }
    const accountsToDestroy = options.accounts ?? [];
    const file = described.description.file === undefined ? "" : path.relative(rootDir, described.description.file);
    if (accountsToDestroy.length === 0 && removed.entries.length > 0) {
        lock.release();
        for (const line of removedStacksRefusal(action, removed, backend.url, file, orderOf("destroy", removed).flat())) console.error(line);
        return 1;
    }
    let topology = described;
    if (accountsToDestroy.length > 0) {
        const still = accountsToDestroy.filter((a) => accountsOf(described).includes(a) && !removed.entries.some((e) => e.account === a));
        if (still.length > 0) {
            lock.release();
            console.error(
                `${still.join(", ")} ${still.length === 1 ? "is an account" : "are accounts"} of environment "${environment}" (${file || "the two-account design"}), ` +
                    `and --account destroys only the stacks of accounts it no longer describes. Offboard ${still.length === 1 ? "it" : "them"} first: ` +
                    `npm run new-environment -- --name ${environment} ${still.map((a) => `--remove-account ${a}`).join(" ")}`,
            );
            return 1;
        }
        const chosen = removed.entries.filter((e) => accountsToDestroy.includes(e.account));
        const others = removed.entries.filter((e) => !accountsToDestroy.includes(e.account));
        // A stack left for later must not read one destroyed now (a removed caller's apps stack reads its removed provider's).
        const readBy = others.filter((o) => o.reads.some((r) => chosen.some((c) => c.id === r)));
        if (readBy.length > 0) {
            lock.release();
            const more = [...new Set(readBy.map((e) => e.account))];
            console.error(`The stacks of ${accountsToDestroy.join(", ")} and of ${more.join(", ")} read each other: destroy them in one run, npm run destroy -- --stack ${environment} ${[...accountsToDestroy, ...more].map((a) => `--account ${a}`).join(" ")}`);
            return 1;
        }
        for (const a of accountsToDestroy.filter((a) => !chosen.some((e) => e.account === a))) console.log(`Account ${a} has no stacks of environment "${environment}" in ${backend.url}: nothing of it to destroy.`);
        if (chosen.length === 0) {
            lock.release();
            return 0;
        }
        topology = { ...removed, description: { ...removed.description, accounts: removed.description.accounts.filter((a) => accountsToDestroy.includes(a.name)) }, entries: chosen };
        const question = removedStacksQuestion(topology, orderOf("destroy", topology).flat());
        const ask = deps.ask ?? (process.stdin.isTTY === true ? terminalAnswer : undefined);
        const expected = [...new Set(orderOf("destroy", topology).flat().map((id) => topology.entries.find((e) => e.id === id)!.account))].join(" ");
        if (!options.yes) {
            if (ask === undefined) {
                lock.release();
                console.error(`${question.replace(/ Type .*$/, "")} There is no terminal to confirm it at: add --yes to run it anyway.`);
                return 1;
            }
            if ((await ask(question)).trim() !== expected) {
                lock.release();
                console.error("Not confirmed: nothing was destroyed.");
                return 1;
            }
        }
    }
    const progress = new Progress();
    const interrupt = interrupts({
        terminalDeliversSigint: process.stdin.isTTY === true,
        say: (line) => console.error(line),
        status: () => progress.line(action, topology),
        quit: (code) => {
            lock.release();
            process.exit(code);
        },
    });
    const offboarding = accountsToDestroy.length > 0;
    const runner = new AutomationRunner({ rootDir, environment, topology, profiles, backend, command, policyPackConfig, cancel: interrupt.cancel, removeDestroyed: offboarding });

    // The estimates model the environment's stacks; the removed ones are not in its plan.
    const estimates = offboarding ? "no estimate for the stacks of removed accounts" : await stackEstimates(rootDir, environment, action);
    const order = orderOf(action, topology);
    const accounts = accountsOf(topology);
    console.log(
        `${action} of environment "${environment}": ${order.flat().length} stacks of ${accounts.length} accounts in ${order.length} waves ` +
            `(each stack starts once the stacks it reads are done)`,
    );
    console.log(`  state: ${backend.url}   AWS profiles: ${accounts.map((a) => `${a}=${profileOf(profiles, a)}`).join(", ")}   logs: out/logs/`);
    if (typeof estimates === "string") console.log(`  ${estimates}`);

    const handlers = (["SIGINT", "SIGTERM"] as const).map((signal: InterruptSignal) => [signal, () => interrupt.handle(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    try {
        const outcome = await runEnvironment(action, runner, {
            topology,
            onEvent: (e) => {
                progress.note(e);
                console.log(eventLine(e, topology, typeof estimates === "string" ? undefined : estimates, profiles));
            },
            signal: interrupt.stop,
        });
        console.log("");
        // After a deploy that finished, the live check; the URL is printed only once it passes.
        let verified: VerifyResult | undefined;
        if (action === "deploy" && outcome.ok && !interrupt.stop.aborted) {
            console.log(`verify of environment "${environment}" (npm run verify -- --stack ${environment}):`);
            try {
                verified = await (deps.verify ?? liveVerifier(options, backend, rootDir))(interrupt.stop);
            } catch (e) {
                verified = { ok: false, lines: [`FAIL  verify  could not run: ${reasonOf(e)}`] };
            }
            for (const line of verified.lines) console.log(line);
            console.log("");
        }
        const code = exitCode(outcome, verified);
        const closing = closingLines(action, topology, outcome, backend.url, verified, offboarding ? `npm run destroy -- --stack ${environment} ${accountsToDestroy.map((a) => `--account ${a}`).join(" ")}` : undefined);
        if (offboarding && outcome.ok) {
            closing.push(`Removed from ${backend.url} with their stack files. Next: npm run deploy -- --stack ${environment} (takes ${accountsToDestroy.join(", ")} off the share and the callers).`);
        }
        for (const line of closing) (code === 0 ? console.log : console.error)(line);
        return code;
    } finally {
        for (const [signal, handler] of handlers) process.off(signal, handler);
        lock.release();
    }
}
