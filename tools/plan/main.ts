import * as fs from "fs";
import * as path from "path";
import { PlanError, planEnvironment } from "../sim/environment";
import { evaluatePlan, formatViolations, mandatoryViolations } from "../../policy/evaluate";
import { manifestsYaml, planJson, summary } from "./render";

/**
 * `npm start [-- --stack ENV] [--config-dir DIR] [--out DIR]`: plans every stack of an environment
 * offline (stack files from the project folders, or from DIR/<project>/) and writes
 * out/plan/plan.json and out/plan/manifests/. A refused config or failed program exits 1 and
 * leaves no plan behind, so an old plan is never mistaken for this run's. A mandatory policy
 * violation exits 1 too, after writing the plan that shows it.
 */
const USAGE = "usage: npm start -- [--stack ENVIRONMENT] [--config-dir DIR] [--out DIR]";

function parseArgs(argv: string[]): { environment: string; outDir: string; configDir?: string } {
    let environment = "example";
    let outDir = path.join("out", "plan");
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

async function main(): Promise<number> {
    const rootDir = path.resolve(__dirname, "..", "..");
    let args;
    try {
        args = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error(`npm start: ${(e as Error).message}`);
        return 2;
    }
    const outDir = path.resolve(args.outDir);
    fs.rmSync(outDir, { recursive: true, force: true });
    let plan;
    try {
        plan = await planEnvironment(args.environment, { rootDir, stackConfigDir: args.configDir });
    } catch (e) {
        const message = e instanceof PlanError || (e as Error).name === "ConfigError" ? (e as Error).message : (e as Error).stack;
        console.error(`Plan of environment "${args.environment}" refused:\n${message}`);
        return 1;
    }
    // The same rules as the CrossGuard pack (policy/), over every planned resource.
    const violations = evaluatePlan(plan);
    const tmp = `${outDir}.tmp-${process.pid}`;
    fs.mkdirSync(path.join(tmp, "manifests"), { recursive: true });
    fs.writeFileSync(path.join(tmp, "plan.json"), planJson(plan, violations));
    for (const stack of plan.stacks) {
        const yamlText = manifestsYaml(stack);
        if (yamlText) fs.writeFileSync(path.join(tmp, "manifests", `${stack.project}.${stack.stack}.yaml`), yamlText);
    }
    fs.renameSync(tmp, outDir);
    console.log(summary(plan));
    console.log(`\n${formatViolations(plan, violations)}`);
    console.log(`\nWrote ${path.relative(process.cwd(), path.join(outDir, "plan.json"))} and ${path.relative(process.cwd(), path.join(outDir, "manifests"))}/`);
    return mandatoryViolations(violations).length > 0 ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (e) => {
        console.error(e);
        process.exit(1);
    },
);
