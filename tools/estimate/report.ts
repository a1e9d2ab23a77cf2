import type { Plan } from "../sim/environment";
import { PathStep } from "./critical-path";
import { CostEstimate, estimateCost } from "./cost";
import { DEFAULT_DURATION } from "./durations";
import { DeployEstimate, estimateDeploy } from "./plan-graph";

/** "28m 33s" from seconds. */
export function minutes(s: number): string {
    return `${Math.floor(s / 60)}m ${String(Math.round(s % 60)).padStart(2, "0")}s`;
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd()).join("\n");
}

function pathLines(path: PathStep[]): string[] {
    return path.filter((p) => p.endS > p.startS).map((p) => `  ${minutes(p.startS).padStart(8)} -> ${minutes(p.endS).padStart(8)}  ${p.stack.padEnd(16)} ${p.label}`);
}

export function formatDeployEstimate(e: DeployEstimate): string {
    const rows = [
        ["", "deploy", "destroy"],
        ["ours (orchestrator waves)", minutes(e.ours.deploy.totalS), minutes(e.ours.destroy.totalS)],
        ["walkthrough-style (one stack after another)", minutes(e.walkthrough.deploy.totalS), minutes(e.walkthrough.destroy.totalS)],
        [`floor (${e.floor.side} account alone)`, minutes(e.floor.deploy.totalS), minutes(e.floor.destroy.totalS)],
    ];
    const ratio = (e.ours.deploy.totalS / e.floor.deploy.totalS).toFixed(2);
    return [
        "Estimated time (typical durations per resource type; rows marked estimate are not measured)",
        table(rows),
        `ours / floor: ${ratio}x`,
        "Deploy critical path:",
        ...pathLines(e.ours.deploy.path),
        "Destroy critical path:",
        ...pathLines(e.ours.destroy.path),
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

/** Both estimates of a plan as text: what `npm start` should print. Throws UnknownPriceError for an unpriced region. */
export function formatEstimates(plan: Plan): string {
    return `${formatDeployEstimate(estimateDeploy(plan))}\n\n${formatCostEstimate(estimateCost(plan))}`;
}
