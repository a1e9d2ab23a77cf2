import * as yaml from "js-yaml";
import { Violation } from "../../policy/evaluate";
import { Plan, PlannedStack } from "../sim/environment";
import { RecordedResource } from "../sim/recorder";
import { planGraph } from "../estimate/plan-graph";
import { pulumiResourceCount } from "../estimate/remote-components";
import { crossStackValues } from "./cross-stack";

/** plan.json: the keys other tools read (environment, stacks[].project/stack/account/region/wave/references/resources/outputs). */
export function planJson(plan: Plan, violations: readonly Violation[]): string {
    const body = {
        environment: plan.environment,
        policyViolations: violations,
        stacks: plan.stacks.map((s) => ({
            project: s.project,
            stack: s.stack,
            role: s.role,
            account: s.account,
            region: s.region,
            wave: s.wave,
            references: s.references,
            resources: s.resources.map((r) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                custom: r.custom,
                id: r.id,
                parent: r.parent,
                provider: r.provider,
                dependencies: r.dependencies,
                inputs: r.inputs,
                outputs: r.outputs,
            })),
            outputs: s.outputs,
            flows: s.flows,
            untraced: s.untraced ?? [],
        })),
    };
    return JSON.stringify(body, null, 2) + "\n";
}

/** Kubernetes objects a stack declares directly (not a Helm release's contents), as they would be applied. */
function kubernetesObjects(resources: RecordedResource[]): Record<string, unknown>[] {
    return resources
        .filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/"))
        .map((r) => {
            const { status: _status, metadata, ...rest } = r.inputs as Record<string, any>;
            const applied = (r.outputs.metadata ?? {}) as Record<string, unknown>;
            return {
                apiVersion: rest.apiVersion,
                kind: rest.kind,
                metadata: { ...metadata, name: applied.name ?? metadata?.name, ...(applied.namespace ? { namespace: applied.namespace } : {}) },
                ...Object.fromEntries(Object.entries(rest).filter(([k]) => k !== "apiVersion" && k !== "kind")),
            };
        });
}

export function manifestsYaml(stack: PlannedStack): string {
    return kubernetesObjects(stack.resources)
        .map((o) => yaml.dump(o, { noRefs: true, lineWidth: 120, sortKeys: false }))
        .join("---\n");
}

/** Rows as columns: each padded to its widest cell; a column of numbers (below its header) right-aligned. */
export function columns(rows: string[][], indent = "  "): string[] {
    if (rows.length === 0) return [];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
    const numeric = widths.map((_, i) => rows.slice(1).every((r) => /^\d+$/.test(r[i] ?? "") || (r[i] ?? "") === ""));
    return rows.map((r) => indent + r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd());
}

/** Each stack's resources as a real `pulumi preview` counts them: the remote components' children included. */
export function realResourceCounts(plan: Plan): Map<PlannedStack, number> {
    const { expansions } = planGraph(plan);
    return new Map(
        plan.stacks.map((s) => [
            s,
            s.resources.length + s.resources.reduce((n, r) => n + (expansions.has(r.urn) ? pulumiResourceCount(expansions.get(r.urn)!.created) : 0), 0),
        ]),
    );
}

function remoteComponentLines(plan: Plan, detail: boolean): string[] {
    const { expansions } = planGraph(plan);
    const rows: string[][] = [];
    for (const s of plan.stacks) {
        for (const r of s.resources.filter((x) => expansions.has(x.urn))) {
            const created = expansions.get(r.urn)!.created.filter((c) => c.count > 0);
            rows.push([`${s.project}/${s.stack}`, r.name, r.type, String(pulumiResourceCount(created))]);
            if (detail) for (const c of created) rows.push(["", "", `  ${c.count} ${c.type}${c.byAws ? " (made by AWS, billed)" : ""}`, c.what]);
        }
    }
    return [
        `Remote components: one resource each under the mocks; on real AWS each creates the resources below (derived from the components' documentation, tools/estimate/remote-components.ts), counted in "on AWS":`,
        ...columns([["stack", "component", "type", "creates"], ...rows]),
    ];
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
/** Words after a head, wrapped at `width` columns with continuation lines indented. */
function wrapped(head: string, words: string[], width = 120): string[] {
    const lines = [head];
    for (const word of words) {
        const last = lines.length - 1;
        if (lines[last].length + 1 + word.length > width && lines[last].trim() !== head.trim()) lines.push(`    ${word}`);
        else lines[last] += ` ${word}`;
    }
    return lines;
}

/** A value cut to fit a terminal line; plan.json holds it whole. */
const shortened = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What the terminal shows: one line per stack, the remote components, outputs, and the values crossing stacks. */
export function summary(plan: Plan): string {
    const real = realResourceCounts(plan);
    const lines = [`Offline plan of environment "${plan.environment}" (every stack's program under the simulated cloud)`, ""];
    lines.push("Deploy order (stacks in one wave run in parallel; destroy runs the waves in reverse):");
    lines.push(
        ...columns([
            ["wave", "stack", "account", "region", "resources", "on AWS"],
            ...plan.stacks.map((s) => [String(s.wave), `${s.project}/${s.stack}`, s.account, s.region, String(s.resources.length), String(real.get(s))]),
        ]),
    );
    lines.push(
        `"on AWS" adds what each remote component (awsx Vpc, eks Cluster, node group, add-ons) creates on real AWS, from the`,
        "components' documentation; one resource each under the mocks. Listed in resources.txt.",
    );
    lines.push("", "Outputs (whole in plan.json):");
    for (const s of plan.stacks) {
        lines.push(...wrapped(`  ${s.project}/${s.stack}:`, Object.entries(s.outputs).map(([k, v]) => `${k}=${shortened(show(v))}`)));
    }
    lines.push("", ...crossStackLines(plan, 1, false));
    return lines.join("\n");
}

/**
 * The values read through StackReferences and the inputs they land in, as the plan proved them:
 * the reading stack was planned again with each value changed, and only inputs that changed with it are listed.
 */
export function crossStackLines(plan: Plan, maxInputs = Infinity, untracedDetail = true): string[] {
    const values = crossStackValues(plan);
    const lines = ["Cross-stack values (proven: each reading stack planned again with the values changed; listed inputs changed with them):"];
    for (const v of values.filter((x) => !x.plumbing)) {
        const same = v.sameValueAs.length > 0 ? ` (same value as ${v.sameValueAs.join(", ")}; the program requires them equal)` : "";
        if (v.headline || maxInputs === Infinity) {
            lines.push(`  ${v.from} ${v.output} = ${show(v.value)}${same}`);
            for (const into of v.into) lines.push(`      -> ${into}`);
        } else {
            // One line each on the terminal; resources.txt lists every input.
            const more = v.into.length > maxInputs ? ` (+${v.into.length - maxInputs} more)` : "";
            lines.push(`  ${v.from} ${v.output} -> ${v.into.slice(0, maxInputs).join(", ")}${more}`);
        }
    }
    const plumbing = values.filter((x) => x.plumbing);
    if (plumbing.length > 0) lines.push(`  Provider account and region only: ${plumbing.map((v) => `${v.from} ${v.output}`).join(", ")}`);
    const untraced = [...new Set(plan.stacks.flatMap((s) => (s.untraced ?? []).map((u) => `${u.from.split("/").slice(1).join("/")} ${u.output}: ${u.reason}`)))];
    if (untraced.length > 0 && untracedDetail) lines.push("  Not traced:", ...untraced.map((u) => `    ${u}`));
    if (untraced.length > 0 && !untracedDetail) {
        lines.push(`  Not traced: ${untraced.length} outputs (secrets, and settings whose change the program refuses); each with its reason in resources.txt.`);
    }
    return lines;
}

/** The full listing for out/plan/<env>/resources.txt: resource counts by type, what remote components create, every flow. */
export function resourcesText(plan: Plan): string {
    const lines = [`Resources of environment "${plan.environment}" by stack and type, as the offline plan records them`];
    for (const s of plan.stacks) {
        const counts = new Map<string, number>();
        for (const r of s.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
        lines.push("", `${s.project}/${s.stack}`, ...columns([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => [String(n), type])));
    }
    lines.push("", ...remoteComponentLines(plan, true), "", ...crossStackLines(plan));
    return lines.join("\n") + "\n";
}
