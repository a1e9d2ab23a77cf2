import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { PlanError, planEnvironment } from "../sim/environment";
import { evaluatePlan, formatViolations, mandatoryViolations } from "../../policy/evaluate";
import { shownPath } from "../engine/cli";
import { estimateTexts } from "../engine/estimate/report";
import { planFolder, printRefusal } from "./refusal";
import { manifestsYaml, planJson, resourcesText, summary } from "./render";

// The planning half of `npm start` (tools/plan/main.ts), which loads it only once the command line
// is good: --help and a mistyped option answer without loading the Pulumi SDKs.

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

/** The command line of `npm start`, as tools/plan/main.ts parses it. */
export interface PlanArgs {
    /** In the order given; one process plans them all, loading the SDKs once. */
    readonly environments: string[];
    readonly outDir?: string;
    readonly configDir?: string;
    readonly debug: boolean;
}

/** Plans one environment, writes its folder and prints its summary; the exit code it asks for. */
export async function planOne(environment: string, args: PlanArgs, rootDir: string): Promise<number> {
    const outDir = planFolder(environment, args.outDir);
    let plan;
    try {
        plan = await planEnvironment(environment, { rootDir, stackConfigDir: args.configDir, traceErrors: args.debug });
    } catch (e) {
        // A refused config lists its problems; anything else is one line unless --debug asks for the trace.
        const message = args.debug ? (traceOf(e) ?? (e as Error).message) : (e as Error).message;
        printRefusal(environment, message, outDir);
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
    console.log(
        [
            summary(plan),
            "",
            estimates.terminal,
            formatViolations(plan, violations),
            "",
            `Wrote ${shownPath(outDir)}/: plan.json (every output whole), resources.txt (resources, flows),`,
            "  estimates.txt (critical paths, prices and their sources), manifests/ (the Kubernetes objects)",
        ].join("\n"),
    );
    return mandatoryViolations(violations).length > 0 ? 1 : 0;
}

