import * as fs from "fs";
import * as path from "path";
import { PlanError, planEnvironment } from "../sim/environment";
import { environmentNameProblem } from "../../shared/environment-name";
import { evaluatePlan, formatViolations, mandatoryViolations } from "../../policy/evaluate";
import { CommandSpec, UsageError, parseLine, runMain, shownPath, suggestion, usage } from "../cli";
import { estimateDeploy } from "../estimate/plan-graph";
import { formatDeployEstimate, formatEstimates } from "../estimate/report";
import { UnknownPriceError } from "../estimate/prices";
import { manifestsYaml, planJson, resourcesText, summary } from "./render";

/**
 * `npm start [-- --stack ENV] [--config-dir DIR] [--out DIR]`: plans every stack of an environment
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
        { flag: "--stack", value: "ENVIRONMENT", description: "the environment to plan (default: example)" },
        { flag: "--config-dir", value: "DIR", description: "read stack files from DIR/<project>/ instead of the project folders" },
        { flag: "--out", value: "DIR", description: "write plan.json, resources.txt and manifests/ to DIR (default: out/plan/ENVIRONMENT)" },
    ],
    notes: ["exit codes: 0 planned; 1 refused config, failed program or mandatory policy violation; 2 bad command line."],
};

function parseArgs(argv: string[]): { environment: string; outDir?: string; configDir?: string; debug: boolean } | "help" {
    const line = parseLine(SPEC, argv);
    if (line.help) return "help";
    if (line.positionals.length > 0) {
        const word = line.positionals[0];
        throw new UsageError(`unexpected argument "${word}"${suggestion(word, SPEC.options.map((o) => o.flag))}`, COMMAND);
    }
    const environment = line.values.get("--stack") ?? "example";
    const problem = environmentNameProblem(environment);
    if (problem !== undefined) throw new UsageError(problem, COMMAND);
    const configDir = line.values.get("--config-dir");
    if (configDir !== undefined && !fs.existsSync(configDir)) {
        throw new UsageError(`--config-dir ${configDir} does not exist (as ${path.resolve(configDir)})`, COMMAND);
    }
    return { environment, outDir: line.values.get("--out"), configDir: configDir && path.resolve(configDir), debug: line.debug };
}

/** Swaps the new plan folder in whole; the old one is removed only once the new one is in place. */
function replaceFolder(fresh: string, target: string): void {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const old = `${target}.old-${process.pid}`;
    if (fs.existsSync(target)) fs.renameSync(target, old);
    fs.renameSync(fresh, target);
    fs.rmSync(old, { recursive: true, force: true });
}

/** Deploy time and monthly cost; a region without a price table is refused with its message, not guessed. */
function estimates(plan: Parameters<typeof formatEstimates>[0]): string {
    try {
        return formatEstimates(plan);
    } catch (e) {
        if (e instanceof UnknownPriceError) return `${formatDeployEstimate(estimateDeploy(plan))}\n\nCost estimate refused: ${e.message}`;
        throw e;
    }
}

async function main(): Promise<number> {
    const rootDir = path.resolve(__dirname, "..", "..");
    const args = parseArgs(process.argv.slice(2));
    if (args === "help") {
        console.log(usage(SPEC));
        return 0;
    }
    const outDir = path.resolve(args.outDir ?? path.join("out", "plan", args.environment));
    let plan;
    try {
        plan = await planEnvironment(args.environment, { rootDir, stackConfigDir: args.configDir });
    } catch (e) {
        // A refused config lists its problems; anything else is one line unless --debug asks for the trace.
        const known = e instanceof PlanError || (e as Error).name === "ConfigError";
        const message = args.debug && !known ? (e as Error).stack : (e as Error).message;
        console.error(`Plan of environment "${args.environment}" refused:\n${message}`);
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
    for (const stack of plan.stacks) {
        const yamlText = manifestsYaml(stack);
        if (yamlText) fs.writeFileSync(path.join(tmp, "manifests", `${stack.project}.${stack.stack}.yaml`), yamlText);
    }
    replaceFolder(tmp, outDir);
    console.log(summary(plan));
    console.log(`\n${estimates(plan)}`);
    console.log(`\n${formatViolations(plan, violations)}`);
    console.log(`\nWrote ${shownPath(path.join(outDir, "plan.json"))}, ${shownPath(path.join(outDir, "resources.txt"))} (every resource by type, every flow) and ${shownPath(path.join(outDir, "manifests"))}/`);
    return mandatoryViolations(violations).length > 0 ? 1 : 0;
}

// Run only as the entry point, so the README test can read SPEC without running the command.
if (require.main === module) runMain(main);
