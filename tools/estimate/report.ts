import type { Plan } from "../sim/environment";
import { PathStep } from "./critical-path";
import { CostEstimate, estimateCost } from "./cost";
import { DEFAULT_DURATION } from "./durations";
import { DeployEstimate, estimateDeploy } from "./plan-graph";
import { UnknownPriceError } from "./prices";

/** "28m 33s" from seconds. */
export function minutes(s: number): string {
    return `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, "0")}s`;
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd()).join("\n");
}

function pathLines(path: PathStep[]): string[] {
    return path.map((p) => `  ${minutes(p.startS).padStart(8)} -> ${minutes(p.endS).padStart(8)}  ${p.stack.padEnd(16)} ${p.label}`);
}

/** The steps of a path that take time, or only its `longest` longest ones, still in the order they run. */
function stepsShown(path: PathStep[], longest?: number): PathStep[] {
    const timed = path.filter((p) => p.endS > p.startS);
    if (longest === undefined || timed.length <= longest) return timed;
    const cut = [...timed].sort((a, b) => b.endS - b.startS - (a.endS - a.startS))[longest - 1];
    const length = (p: PathStep) => p.endS - p.startS;
    return timed.filter((p) => length(p) >= length(cut)).slice(0, longest);
}

/** The three figures side by side, then the critical paths: whole, or only the `longest` longest deploy steps. */
export function formatDeployEstimate(e: DeployEstimate, longest?: number): string {
    const rows = [
        ["", "deploy", "destroy"],
        ["ours (each stack once what it reads is done)", minutes(e.ours.deploy.totalS), minutes(e.ours.destroy.totalS)],
        ["walkthrough-style (one stack after another)", minutes(e.walkthrough.deploy.totalS), minutes(e.walkthrough.destroy.totalS)],
        [`floor (${e.floor.side} account alone)`, minutes(e.floor.deploy.totalS), minutes(e.floor.destroy.totalS)],
    ];
    const ratio = (e.ours.deploy.totalS / e.floor.deploy.totalS).toFixed(2);
    const deploySteps = e.ours.deploy.path.filter((p) => p.endS > p.startS).length;
    const shown = stepsShown(e.ours.deploy.path, longest);
    const paths =
        longest === undefined
            ? ["Deploy critical path:", ...pathLines(shown), "Destroy critical path:", ...pathLines(stepsShown(e.ours.destroy.path))]
            : [`Deploy critical path, its ${shown.length} longest of ${deploySteps} steps:`, ...pathLines(shown)];
    return [
        "Estimated time (typical durations per resource type; rows marked estimate are not measured)",
        table(rows),
        `ours / floor: ${ratio}x (deploy)`,
        ...paths,
        e.defaultedTypes.length > 0
            ? `Types without a duration row (default ${DEFAULT_DURATION.createS}s create / ${DEFAULT_DURATION.deleteS}s delete): ${e.defaultedTypes.join(", ")}`
            : "Every resource type has a duration row.",
    ].join("\n");
}

export function formatCostEstimate(c: CostEstimate): string {
    const usd = (n: number) => `$${n.toFixed(2)}`;
    const rows = [["stack / item", "quantity", "unit price", "per month"]];
    for (const stack of Object.keys(c.perStack)) {
        rows.push([stack, "", "", usd(c.perStack[stack])]);
        for (const l of c.lines.filter((x) => x.stack === stack)) {
            rows.push([`  ${l.item}`, `${+l.quantity.toFixed(2)} ${l.unit}`, `$${l.unitUsd}`, usd(l.monthlyUsd)]);
        }
    }
    rows.push(["total", "", "", usd(c.totalUsd)]);
    const sources = [...new Map(c.lines.map((l) => [l.price.source, l.price])).values()];
    return [
        `Estimated monthly cost, ${c.region} on-demand, 730 hours a month`,
        table(rows),
        "Usage-based charges, not included:",
        ...[...new Set(c.usage.map((u) => `  ${u.item}: ${u.assumption}`))],
        "Notes:",
        ...c.notes.map((n) => `  ${n}`),
        "Price sources:",
        ...sources.map((p) => `  ${p.source} (read ${p.date}${p.regionVerified ? "" : `; ${p.note}`})`),
    ].join("\n");
}

/** Per stack and total, one line each: the terminal's share of the cost estimate. */
export function formatCostSummary(c: CostEstimate): string {
    const usd = (n: number) => `$${n.toFixed(2)}`;
    const rows = [["stack", "per month"], ...Object.keys(c.perStack).map((s) => [s, usd(c.perStack[s])]), ["total", usd(c.totalUsd)]];
    return [`Estimated monthly cost, ${c.region} on-demand, 730 hours a month (usage-based charges not included)`, table(rows)].join("\n");
}

export interface EstimateTexts {
    /** What a person needs on one screen: the three figures, the longest critical-path steps, cost per stack. */
    readonly terminal: string;
    /** Everything: both critical paths whole, each cost line with its price and source. */
    readonly full: string;
}

/** Both estimates of a plan; a region without a price table has its cost refused with the reason, not guessed. */
export function estimateTexts(plan: Plan, longest = 6): EstimateTexts {
    const deploy = estimateDeploy(plan);
    let cost: CostEstimate | string;
    try {
        cost = estimateCost(plan);
    } catch (e) {
        if (!(e instanceof UnknownPriceError)) throw e;
        cost = `Cost estimate refused: ${e.message}`;
    }
    return {
        terminal: `${formatDeployEstimate(deploy, longest)}\n\n${typeof cost === "string" ? cost : formatCostSummary(cost)}`,
        full: `${formatDeployEstimate(deploy)}\n\n${typeof cost === "string" ? cost : formatCostEstimate(cost)}`,
    };
}
