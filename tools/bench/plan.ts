import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { environmentNameProblem } from "../../shared/environment-name";
import { CommandSpec, UsageError, UserError, parseLine, runMain, usage } from "../engine/cli";

/**
 * `npm run bench [-- --runs N] [--stack ENV ...] [--accounts N ...]`: on this machine, the median time of a fresh node
 * process that only loads the Pulumi SDKs the plan imports, against the median time of `npm start`
 * planning each environment alone and all of them in one run (a fresh process each time), with
 * their ratios. Default environments: example and example-lattice; one without stack files is
 * skipped with a note. One unmeasured warm-up run first fills the transpile cache (tools/engine/register.js).
 * Not a test: timings depend on the machine and its load, so report them with that said.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const SDKS = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/kubernetes", "@pulumi/eks", "@pulumi/awsx"];
const DEFAULT_ENVIRONMENTS = ["example", "example-lattice"];
// The plans are written under here (the CLI's out/plan/ENV relative to it), never over out/plan/.
const WORK_DIR = path.join(ROOT, "out", "bench");

export const SPEC: CommandSpec = {
    command: "npm run bench",
    summary: "Times, on this machine, loading the Pulumi SDKs against planning each environment (fresh processes, medians).",
    options: [
        { flag: "--runs", value: "N", description: "runs per measurement (default: 5)" },
        { flag: "--stack", value: "ENVIRONMENT", description: "an environment to plan; repeat for several (default: example and example-lattice)" },
        {
            flag: "--accounts",
            value: "N",
            description: "instead: plan time of a synthetic environment of N accounts (a network account, providers, consumers), wall and CPU, SDK load excluded; repeat for several N",
        },
    ],
};

function parse(argv: string[]): { runs: number; environments: string[]; accounts: number[] } | "help" {
    const line = parseLine(SPEC, argv);
    if (line.help) return "help";
    if (line.positionals.length > 0) throw new UsageError(`unexpected argument "${line.positionals[0]}"`, SPEC.command);
    const runs = Number(line.values.get("--runs") ?? "5");
    if (!Number.isInteger(runs) || runs < 1) throw new UsageError("--runs needs a positive integer", SPEC.command);
    const environments = [...(line.repeated.get("--stack") ?? [])];
    for (const env of environments) {
        const problem = environmentNameProblem(env);
        if (problem !== undefined) throw new UsageError(problem, SPEC.command);
    }
    const accounts = (line.repeated.get("--accounts") ?? []).map(Number);
    if (accounts.some((n) => !Number.isInteger(n) || n < 2)) throw new UsageError("--accounts needs an integer of at least 2", SPEC.command);
    return { runs, environments: environments.length > 0 ? environments : DEFAULT_ENVIRONMENTS, accounts };
}

function timed(args: string[]): number {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: WORK_DIR, stdio: "ignore" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}`);
    return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<number> {
    const args = parse(process.argv.slice(2));
    if (args === "help") {
        console.log(usage(SPEC));
        return 0;
    }
    const { runs, environments, accounts } = args;
    fs.mkdirSync(WORK_DIR, { recursive: true });
    if (accounts.length > 0) return benchAccounts(accounts, runs);
    const present = environments.filter((env) => fs.existsSync(path.join(ROOT, "infra-frontend", `Pulumi.${env}.yaml`)));
    for (const env of environments.filter((e) => !present.includes(e))) console.log(`skipped ${env}: no infra-frontend/Pulumi.${env}.yaml on this branch`);
    if (present.length === 0) throw new UserError(["no environment to plan: none of them has stack files (infra-frontend/Pulumi.ENV.yaml)"]);
    const plan = (envs: string[]) => ["-r", path.join(ROOT, "tools", "engine", "register.js"), path.join(ROOT, "tools", "plan", "main.ts"), ...envs.flatMap((e) => ["--stack", e])];
    timed(plan(present)); // warm-up: fills the transpile cache

    const load = median(Array.from({ length: runs }, () => timed(["-e", SDKS.map((s) => `require(${JSON.stringify(s)})`).join(";")])));
    console.log(`SDK load (${SDKS.join(", ")}): median ${seconds(load)} over ${runs} runs`);
    for (const env of present) {
        const alone = median(Array.from({ length: runs }, () => timed(plan([env]))));
        console.log(`npm start -- --stack ${env}: median ${seconds(alone)} (${(alone / load).toFixed(1)}x SDK load)`);
    }
    if (present.length > 1) {
        const all = median(Array.from({ length: runs }, () => timed(plan(present))));
        console.log(`npm start -- ${present.map((e) => `--stack ${e}`).join(" ")} (one run): median ${seconds(all)} (${(all / load).toFixed(1)}x SDK load)`);
    }
    return 0;
}

/** Plan time against the number of accounts: one process per N (tools/bench/plan-accounts.ts), and the cost of each added account. */
function benchAccounts(counts: readonly number[], runs: number): number {
    const load = os.loadavg().map((l) => l.toFixed(1)).join(" ");
    console.log(`plan time of a synthetic environment by accounts (median of ${runs} plans after one warm-up; ${os.cpus().length} CPUs, load average ${load}):`);
    let previous: { accounts: number; wallMs: number; cpuMs: number } | undefined;
    for (const n of [...counts].sort((a, b) => a - b)) {
        const result = spawnSync(process.execPath, ["-r", path.join(ROOT, "tools", "engine", "register.js"), path.join(__dirname, "plan-accounts.ts"), String(n), String(runs)], {
            cwd: WORK_DIR,
            encoding: "utf8",
        });
        if (result.status !== 0) throw new Error(`planning ${n} accounts failed: ${result.stderr}`);
        const m = JSON.parse(result.stdout) as { accounts: number; stacks: number; wallMs: number; cpuMs: number };
        const per = previous && ` (per added account: wall ${((m.wallMs - previous.wallMs) / (n - previous.accounts)).toFixed(0)} ms, CPU ${((m.cpuMs - previous.cpuMs) / (n - previous.accounts)).toFixed(0)} ms)`;
        console.log(`  ${String(n).padStart(3)} accounts, ${String(m.stacks).padStart(3)} stacks: wall ${m.wallMs.toFixed(0)} ms, CPU ${m.cpuMs.toFixed(0)} ms${per ?? ""}`);
        previous = m;
    }
    return 0;
}

// Run only as the entry point, so the README test can read SPEC without running the command.
if (require.main === module) runMain(main);
