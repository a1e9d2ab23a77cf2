import { spawnSync } from "child_process";
import * as path from "path";

/**
 * `npm run bench [-- --runs N] [--stack ENV ...]`: on this machine, the median time of a fresh node
 * process that only loads the Pulumi SDKs the plan imports, against the median time of the plan CLI
 * for each environment (a fresh process each run), and their ratio. Not a test: timings depend on
 * the machine and its load, so report them with that said.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const SDKS = ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/kubernetes", "@pulumi/eks", "@pulumi/awsx"];

function parse(argv: string[]): { runs: number; environments: string[] } {
    let runs = 5;
    const environments: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--runs") runs = Number(argv[++i]);
        else if (argv[i] === "--stack") environments.push(argv[++i]);
        else throw new Error(`unknown argument ${argv[i]}; usage: npm run bench -- [--runs N] [--stack ENV ...]`);
    }
    if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs needs a positive integer");
    return { runs, environments: environments.length > 0 ? environments : ["example"] };
}

function timed(args: string[]): number {
    const start = process.hrtime.bigint();
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited ${result.status}`);
    return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
    const { runs, environments } = parse(process.argv.slice(2));
    const load = median(Array.from({ length: runs }, () => timed(["-e", SDKS.map((s) => `require(${JSON.stringify(s)})`).join(";")])));
    console.log(`SDK load (${SDKS.join(", ")}): median ${(load / 1000).toFixed(2)} s over ${runs} runs`);
    let total = 0;
    for (const env of environments) {
        const out = path.join("out", "bench", env);
        const plan = median(Array.from({ length: runs }, () => timed(["-r", "ts-node/register/transpile-only", "tools/plan/main.ts", "--stack", env, "--out", out])));
        total += plan;
        console.log(`plan ${env}: median ${(plan / 1000).toFixed(2)} s (${(plan / load).toFixed(1)}x SDK load)`);
    }
    console.log(`all environments: ${(total / 1000).toFixed(2)} s = ${(total / load).toFixed(1)}x SDK load`);
}

main();
