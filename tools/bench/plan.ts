import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { environmentNameProblem } from "../../shared/environment-name";
import { CommandSpec, UsageError, UserError, parseLine, runMain, usage } from "../engine/cli";

/**
 * `npm run bench [-- --runs N] [--stack ENV ...]`: on this machine, the median time of a fresh node
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
    ],
};

function parse(argv: string[]): { runs: number; environments: string[] } | "help" {
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
    return { runs, environments: environments.length > 0 ? environments : DEFAULT_ENVIRONMENTS };
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
    const { runs, environments } = args;
    fs.mkdirSync(WORK_DIR, { recursive: true });
    const present = environments.filter((env) => fs.existsSync(path.join(ROOT, "infra-frontend", `Pulumi.${env}.yaml`)));
    for (const env of environments.filter((e) => !present.includes(e))) console.log(`skipped ${env}: no infra-frontend/Pulumi.${env}.yaml on this branch`);
    if (present.length === 0) throw new UserError(["no environment to plan: none of them has stack files (infra-frontend/Pulumi.ENV.yaml)"]);
    const plan = (envs: string[]) => ["-r", path.join(ROOT, "tools", "register.js"), path.join(ROOT, "tools", "plan", "main.ts"), ...envs.flatMap((e) => ["--stack", e])];
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

// Run only as the entry point, so the README test can read SPEC without running the command.
if (require.main === module) runMain(main);
