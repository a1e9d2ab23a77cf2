import * as yaml from "js-yaml";
import { Violation } from "../../policy/evaluate";
import { Plan, PlannedStack } from "../sim/environment";
import { RecordedResource } from "../sim/recorder";
import { planGraph } from "../engine/estimate/plan-graph";
import { pulumiResourceCount } from "../engine/estimate/remote-components";
import { crossStackValues } from "./cross-stack";
import { APP_MESH_END, Transport } from "../../shared/transport";

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
        `Remote components: one resource each under the mocks; on real AWS each creates the resources below (derived from the components' documentation, tools/engine/estimate/remote-components.ts), counted in "on AWS":`,
        ...columns([["stack", "component", "type", "creates"], ...rows]),
    ];
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** The widest line the terminal summary prints (a headline value longer than that is shown whole). */
export const SUMMARY_WIDTH = 100;

/** A line cut to fit the terminal; the files hold it whole. */
const shortened = (text: string, max = SUMMARY_WIDTH) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** What an environment is for, from the transport its mesh owner deploys: a title, and a warning where it cannot be deployed. */
export function transportLabel(plan: Plan): { title: string; warning?: string } {
    const transport = plan.stacks.find((s) => s.kind === "mesh-owner")?.outputs.transport as Transport | undefined;
    const warning = `AWS ended App Mesh on ${APP_MESH_END}: this plan cannot be deployed (docs/transports.md).`;
    if (transport === "lattice") return { title: "VPC Lattice, the transport to deploy" };
    if (transport === "appmesh") return { title: "App Mesh, the walkthrough's design (reference only)", warning };
    if (transport === "both") return { title: "App Mesh and VPC Lattice side by side (a migration state)", warning };
    return { title: "transport unknown" };
}

/**
 * Where pulumi and kubectl must run for the mesh and apps stacks to reach each cluster's API, from
 * the planned EKS clusters: a private endpoint only from inside (or routed into) its VPC.
 */
export function apiReachLine(plan: Plan): string {
    const sides = plan.stacks.flatMap((s) =>
        s.resources
            .filter((r) => r.type === "eks:index:Cluster")
            .map((r) => {
                const cidrs = (r.inputs.publicAccessCidrs ?? []) as string[];
                const side = s.accountName;
                return r.inputs.endpointPublicAccess === true ? `${side} ${cidrs.join(", ")} or VPC` : `${side} VPC only`;
            }),
    );
    const line = `Cluster APIs (where pulumi and kubectl must run): ${sides.join(", ")}`;
    return line.length <= SUMMARY_WIDTH ? line : ["Cluster APIs (where pulumi and kubectl must run):", ...sides.map((side) => `  ${side}`)].join("\n");
}

/** The role of a `project/stack` label of the plan (the label itself if none). */
const roleOf = (plan: Plan, label: string) => plan.stacks.find((s) => `${s.project}/${s.stack}` === label)?.role ?? label;

/** `reader: input` with the reader shown by its role. */
const intoByRole = (plan: Plan, into: string) => `${roleOf(plan, into.slice(0, into.indexOf(": ")))}${into.slice(into.indexOf(": "))}`;

/** `reader (n), ...`: the stacks a value lands in, each with how many of its inputs, from `reader: input` entries. */
function readersOf(plan: Plan, into: readonly string[]): string {
    const counts = new Map<string, number>();
    for (const entry of into) {
        const reader = roleOf(plan, entry.slice(0, entry.indexOf(": ")));
        counts.set(reader, (counts.get(reader) ?? 0) + 1);
    }
    return [...counts].map(([reader, n]) => `${reader} (${n})`).join(", ");
}

/**
 * The top of the terminal summary: what the environment is, its stacks in deploy order, and the
 * values that cross accounts (the contracts' headline values whole). Outputs, every input a value
 * lands in and the values within one account are in plan.json and resources.txt.
 */
export function summary(plan: Plan): string {
    const real = realResourceCounts(plan);
    const label = transportLabel(plan);
    const lines = [
        `== Environment "${plan.environment}": ${label.title}`,
        ...(label.warning !== undefined ? [label.warning] : []),
        "Offline plan: each stack's program under Pulumi's mocks and a simulated cloud; nothing is created.",
        "",
        `Stacks in deploy order, in ${[...new Set(plan.stacks.map((s) => s.region))].join(" and ")} (a wave runs in parallel; destroy runs in reverse):`,
        ...columns([
            ["wave", "stack", "role", "account", "resources", "on AWS"],
            ...plan.stacks.map((s) => [String(s.wave), `${s.project}/${s.stack}`, s.role, s.account, String(s.resources.length), String(real.get(s))]),
        ]),
        `  "on AWS" adds what remote components (awsx Vpc, eks Cluster, node group, add-ons) create there.`,
        apiReachLine(plan),
        "",
        "Values that cross accounts (proven: each reader planned again with the value changed; (n) inputs):",
    ];
    const values = crossStackValues(plan).filter((v) => !v.plumbing);
    for (const v of values.filter((x) => x.crossesAccounts || x.headline)) {
        if (v.headline) {
            lines.push(`  ${roleOf(plan, v.from)} ${v.output} =`, `    ${show(v.value)}`, ...v.into.map((into) => shortened(`      -> ${intoByRole(plan, into)}`)));
        } else {
            lines.push(shortened(`  ${roleOf(plan, v.from)} ${v.output} -> ${readersOf(plan, v.into)}`));
        }
    }
    const within = values.filter((x) => !x.crossesAccounts && !x.headline).length;
    lines.push(`  ${within} more values within one account, every input each lands in, what is not traced: resources.txt`);
    return lines.join("\n");
}

/**
 * The values read through StackReferences and the inputs they land in, as the plan proved them:
 * the reading stack was planned again with each value changed, and only inputs that changed with it are listed.
 */
export function crossStackLines(plan: Plan): string[] {
    const values = crossStackValues(plan);
    const lines = ["Cross-stack values (proven: each reading stack planned again with the values changed; listed inputs changed with them):"];
    for (const v of values.filter((x) => !x.plumbing)) {
        const same = v.sameValueAs.length > 0 ? ` (same value as ${v.sameValueAs.join(", ")}; the program requires them equal)` : "";
        lines.push(`  ${v.from} ${v.output} = ${show(v.value)}${same}`);
        for (const into of v.into) lines.push(`      -> ${into}`);
    }
    const plumbing = values.filter((x) => x.plumbing);
    if (plumbing.length > 0) lines.push(`  Provider account and region only: ${plumbing.map((v) => `${v.from} ${v.output}`).join(", ")}`);
    const untraced = [...new Set(plan.stacks.flatMap((s) => (s.untraced ?? []).map((u) => `${u.from.split("/").slice(1).join("/")} ${u.output}: ${u.reason}`)))];
    if (untraced.length > 0) lines.push("  Not traced:", ...untraced.map((u) => `    ${u}`));
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
