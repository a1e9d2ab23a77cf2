import type { Plan } from "../../sim/environment";
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

/** The steps of a path that take time, in the order they run. */
const timedSteps = (path: PathStep[]) => path.filter((p) => p.endS > p.startS);

/** The three figures side by side, then both critical paths whole (estimates.txt). */
export function formatDeployEstimate(e: DeployEstimate): string {
    const rows = [
        ["", "deploy", "destroy"],
        ["ours (each stack once what it reads is done)", minutes(e.ours.deploy.totalS), minutes(e.ours.destroy.totalS)],
        ["walkthrough-style (one stack after another)", minutes(e.walkthrough.deploy.totalS), minutes(e.walkthrough.destroy.totalS)],
        [`floor (${e.floor.side} account alone)`, minutes(e.floor.deploy.totalS), minutes(e.floor.destroy.totalS)],
    ];
    const ratio = (e.ours.deploy.totalS / e.floor.deploy.totalS).toFixed(2);
    return [
        "Estimated time (typical durations per resource type; rows marked estimate are not measured)",
        table(rows),
        `ours / floor: ${ratio}x (deploy)`,
        "Deploy critical path:",
        ...pathLines(timedSteps(e.ours.deploy.path)),
        "Destroy critical path:",
        ...pathLines(timedSteps(e.ours.destroy.path)),
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

export interface EstimateTexts {
    /** Two lines for the terminal: the three deploy-time figures, and the monthly cost per stack and in total. */
    readonly terminal: string;
    /** Everything: both critical paths whole, each cost line with its price and source. */
    readonly full: string;
}

/** Items joined by ", " on lines of at most `width` columns, each line indented. */
export function wrapped(items: readonly string[], indent: string, width = 100): string[] {
    const lines: string[] = [];
    for (const item of items) {
        const last = lines.length - 1;
        if (last >= 0 && lines[last].length + 2 + item.length <= width) lines[last] += `, ${item}`;
        else lines.push(`${indent}${item}`);
    }
    return lines;
}

/** "Time: ..." on two lines: ours, then the floor and the walkthrough's one-after-another order. */
export function formatTimeHeadline(e: DeployEstimate): string {
    const ratio = (e.ours.deploy.totalS / e.floor.deploy.totalS).toFixed(2);
    return [
        `Time:   deploy ${minutes(e.ours.deploy.totalS)}, destroy ${minutes(e.ours.destroy.totalS)} (each stack once what it reads is done)`,
        `        floor ${minutes(e.floor.deploy.totalS)} (${e.floor.side} account alone, ${ratio}x); one stack after another ${minutes(e.walkthrough.deploy.totalS)}` +
            (e.defaultedTypes.length > 0 ? `; ${e.defaultedTypes.length} types without a duration row` : ""),
    ].join("\n");
}

/** "Cost: ..." on two lines: the total, then the stacks that cost anything, dearest first. */
export function formatCostHeadline(c: CostEstimate): string {
    const usd = (n: number) => `$${n.toFixed(2)}`;
    const stacks = Object.entries(c.perStack).sort(([, a], [, b]) => b - a);
    const paid = stacks.filter(([, n]) => n > 0).map(([s, n]) => `${s} ${usd(n)}`);
    const free = stacks.filter(([, n]) => n === 0).map(([s]) => s);
    const items = [...paid, ...(free.length > 0 ? [`${free.join(" and ")} $0`] : [])];
    return [`Cost:   ${usd(c.totalUsd)} a month in ${c.region}, on demand, usage-based charges not included`, ...wrapped(items, "        ")].join("\n");
}

/** Both estimates of a plan; a region without a price table has its cost refused with the reason, not guessed. */
export function estimateTexts(plan: Plan): EstimateTexts {
    const deploy = estimateDeploy(plan);
    let cost: CostEstimate | string;
    try {
        cost = estimateCost(plan);
    } catch (e) {
        if (!(e instanceof UnknownPriceError)) throw e;
        cost = `Cost estimate refused: ${e.message}`;
    }
    return {
        terminal: `${formatTimeHeadline(deploy)}\n${typeof cost === "string" ? `Cost:   ${cost}` : formatCostHeadline(cost)}`,
        full: `${formatDeployEstimate(deploy)}\n\n${typeof cost === "string" ? cost : formatCostEstimate(cost)}`,
    };
}
