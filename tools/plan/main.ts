import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { PlanError, planEnvironment } from "../sim/environment";
import { environmentNameProblem } from "../../shared/environment-name";
import { evaluatePlan, formatViolations, mandatoryViolations } from "../../policy/evaluate";
import { CommandSpec, UsageError, parseLine, runMain, shownPath, suggestion, usage } from "../cli";
import { estimateTexts } from "../estimate/report";
import { manifestsYaml, planJson, resourcesText, summary } from "./render";

/**
 * `npm start [-- --stack ENV ...] [--config-dir DIR] [--out DIR]`: plans every stack of an environment
 * offline (stack files from the project folders, or from DIR/<project>/) and writes
 * out/plan/<environment>/ (plan.json, resources.txt, manifests/), or the --out folder. A refused config or
 * failed program exits 1 and leaves the last good plan in place, saying it is not this run's. A
 * mandatory policy violation exits 1 too, after writing the plan that shows it.
 */
const COMMAND = "npm start";

export const SPEC: CommandSpec = {
    command: COMMAND,
    summary:
        "Plans every stack of an environment offline: each program runs under Pulumi's mocks answered by a simulated cloud, " +
        "then the policy pack's rules check the result. No AWS account, Pulumi login or credentials needed.",
    options: [
        { flag: "--stack", value: "ENVIRONMENT", description: "the environment to plan (default: example); repeat it to plan several in one run" },
        { flag: "--config-dir", value: "DIR", description: "read stack files from DIR/<project>/ instead of the project folders" },
        { flag: "--out", value: "DIR", description: "write plan.json, resources.txt and manifests/ to DIR (default: out/plan/ENVIRONMENT)" },
    ],
    notes: ["exit codes: 0 planned; 1 refused config, failed program or mandatory policy violation; 2 bad command line."],
};

interface Args {
    /** In the order given; one process plans them all, loading the SDKs once. */
    readonly environments: string[];
    readonly outDir?: string;
    readonly configDir?: string;
    readonly debug: boolean;
}

function parseArgs(argv: string[]): Args | "help" {
    const line = parseLine(SPEC, argv);
    if (line.help) return "help";
    if (line.positionals.length > 0) {
        const word = line.positionals[0];
        throw new UsageError(`unexpected argument "${word}"${suggestion(word, SPEC.options.map((o) => o.flag))}`, COMMAND);
    }
    const environments = [...new Set(line.repeated.get("--stack") ?? ["example"])];
    for (const environment of environments) {
        const problem = environmentNameProblem(environment);
        if (problem !== undefined) throw new UsageError(problem, COMMAND);
    }
    const outDir = line.values.get("--out");
    if (outDir !== undefined && environments.length > 1) {
        throw new UsageError(`--out takes one environment; with several, each is written to out/plan/ENVIRONMENT`, COMMAND);
    }
    const configDir = line.values.get("--config-dir");
    if (configDir !== undefined && !fs.existsSync(configDir)) {
        throw new UsageError(`--config-dir ${configDir} does not exist (as ${path.resolve(configDir)})`, COMMAND);
    }
    return { environments, outDir, configDir: configDir && path.resolve(configDir), debug: line.debug };
}

/** Swaps the new plan folder in whole; the old one is removed only once the new one is in place. */
function replaceFolder(fresh: string, target: string): void {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(fresh, target);
    fs.rmSync(old, { recursive: true, force: true });
}

/** The stack trace worth showing for an unexpected error: a failed program's own; none for a refusal. */
function traceOf(e: unknown): string | undefined {
    if (e instanceof PlanError) {
        const refusal = pulumi.RunError.isInstance(e.cause);
        const stack = e.cause instanceof Error ? e.cause.stack : undefined;
        return !refusal && stack?.includes("\n    at ") ? `${e.message}\n${stack}` : undefined;
    }
    return (e as Error).name === "ConfigError" ? undefined : (e as Error).stack;
}

/** Plans one environment, writes its folder and prints its summary; the exit code it asks for. */
async function planOne(environment: string, args: Args, rootDir: string): Promise<number> {
    const outDir = path.resolve(args.outDir ?? path.join("out", "plan", environment));
    let plan;
    try {
        plan = await planEnvironment(environment, { rootDir, stackConfigDir: args.configDir, traceErrors: args.debug });
    } catch (e) {
        // A refused config lists its problems; anything else is one line unless --debug asks for the trace.
        const message = args.debug ? (traceOf(e) ?? (e as Error).message) : (e as Error).message;
        console.error(`Plan of environment "${environment}" refused:\n${message}`);
        if (fs.existsSync(path.join(outDir, "plan.json"))) {
            console.error(`${shownPath(outDir)}/ still holds the last good plan, not this run's.`);
        }
        return 1;
    }
    // The same rules as the CrossGuard pack (policy/), over every planned resource.
    const violations = evaluatePlan(plan);
    const tmp = `${outDir}.tmp-${process.pid}`;
    fs.mkdirSync(path.join(tmp, "manifests"), { recursive: true });
    fs.writeFileSync(path.join(tmp, "plan.json"), planJson(plan, violations));
    fs.writeFileSync(path.join(tmp, "resources.txt"), resourcesText(plan));
    const estimates = estimateTexts(plan);
    fs.writeFileSync(path.join(tmp, "estimates.txt"), `${estimates.full}\n`);
    for (const stack of plan.stacks) {
        const yamlText = manifestsYaml(stack);
        if (yamlText) fs.writeFileSync(path.join(tmp, "manifests", `${stack.project}.${stack.stack}.yaml`), yamlText);
    }
    replaceFolder(tmp, outDir);
    console.log(summary(plan));
    console.log(`\n${estimates.terminal}\nBoth critical paths whole, each cost line with its price and source: ${shownPath(path.join(outDir, "estimates.txt"))}`);
    console.log(`\n${formatViolations(plan, violations)}`);
    console.log(`\nWrote ${shownPath(path.join(outDir, "plan.json"))}, ${shownPath(path.join(outDir, "resources.txt"))} (every resource by type, every flow) and ${shownPath(path.join(outDir, "manifests"))}/`);
    return mandatoryViolations(violations).length > 0 ? 1 : 0;
}

async function main(): Promise<number> {
    const rootDir = path.resolve(__dirname, "..", "..");
    const args = parseArgs(process.argv.slice(2));
    if (args === "help") {
        console.log(usage(SPEC));
        return 0;
    }
    let code = 0;
    for (const [i, environment] of args.environments.entries()) {
        if (args.environments.length > 1) console.log(`${i > 0 ? "\n" : ""}=== environment ${environment} ===`);
        code = Math.max(code, await planOne(environment, args, rootDir));
    }
    return code;
}

// Run only as the entry point, so the README test can read SPEC without running the command.
if (require.main === module) runMain(main);
