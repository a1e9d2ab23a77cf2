import * as fs from "fs";
import * as path from "path";
import { PlanError, planEnvironment } from "../../shared/sim/environment";
import { evaluatePlan, formatViolations, mandatoryViolations } from "../../policy/evaluate";
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
const USAGE = "usage: npm start -- [--stack ENVIRONMENT] [--config-dir DIR] [--out DIR]";

function parseArgs(argv: string[]): { environment: string; outDir?: string; configDir?: string } {
    let environment = "example";
    let outDir: string | undefined;
    let configDir: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = argv[i + 1];
        if (["--stack", "--out", "--config-dir"].includes(flag) && (value === undefined || value.startsWith("--"))) {
            throw new Error(`${flag} needs a value; ${USAGE}`);
        }
        if (flag === "--stack") environment = argv[++i];
        else if (flag === "--out") outDir = argv[++i];
        else if (flag === "--config-dir") configDir = path.resolve(argv[++i]);
        else throw new Error(`unknown argument ${flag}; ${USAGE}`);
    }
    return { environment, outDir, configDir };
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
    let args;
    try {
        args = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error(`npm start: ${(e as Error).message}`);
        return 2;
    }
    const outDir = path.resolve(args.outDir ?? path.join("out", "plan", args.environment));
    let plan;
    try {
        plan = await planEnvironment(args.environment, { rootDir, stackConfigDir: args.configDir });
    } catch (e) {
        const message = e instanceof PlanError || (e as Error).name === "ConfigError" ? (e as Error).message : (e as Error).stack;
        console.error(`Plan of environment "${args.environment}" refused:\n${message}`);
        if (fs.existsSync(path.join(outDir, "plan.json"))) {
            console.error(`${path.relative(process.cwd(), outDir)}/ still holds the last good plan, not this run's.`);
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
    const shown = path.relative(process.cwd(), outDir);
    console.log(`\nWrote ${shown}/plan.json, ${shown}/resources.txt (every resource by type, every flow) and ${shown}/manifests/`);
    return mandatoryViolations(violations).length > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (e) => {
        console.error(e);
        process.exit(1);
    },
);
