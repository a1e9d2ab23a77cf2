import * as fs from "fs";
import * as path from "path";
import { writePolicyPackConfig } from "../../policy/config";
import { Options, profileOf } from "./args";
import { accountsOf, environmentTopology } from "../../shared/topology";
import { LOCAL_STATE_DIR, StateBackend } from "../engine/state-backend";
import { missingCliMessage } from "./preflight";
import type { PulumiCommand } from "@pulumi/pulumi/automation";
import { AutomationRunner, findPulumiCommand } from "./pulumi-runner";
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
        const { verifyDeployed } = await import("../verify/main");
        const { reportLines, verifyExitCode } = await import("../verify/run");
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
    const topology = environmentTopology(environment, rootDir);
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
    const runner = new AutomationRunner({ rootDir, environment, topology, profiles, backend, command, policyPackConfig, cancel: interrupt.cancel });

    const estimates = await stackEstimates(rootDir, environment, action);
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
        // tools/verify knows the two-account design's stacks only: an environment described by a file is not checked live yet.
        const verifiable = topology.description.file === undefined;
        if (action === "deploy" && outcome.ok && !interrupt.stop.aborted && !verifiable) {
            console.log(`verify of environment "${environment}": not run (npm run verify checks the two-account design; this environment is described by ${path.relative(rootDir, topology.description.file!)})`);
            console.log("");
        }
        if (action === "deploy" && outcome.ok && !interrupt.stop.aborted && verifiable) {
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
        for (const line of closingLines(action, topology, outcome, backend.url, verified)) (code === 0 ? console.log : console.error)(line);
        return code;
    } finally {
        for (const [signal, handler] of handlers) process.off(signal, handler);
        lock.release();
    }
}
