import * as yaml from "js-yaml";
import { Violation } from "../../policy/evaluate";
import { Plan, PlannedStack } from "../sim/environment";
import { RecordedResource } from "../sim/recorder";

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

/** The readable summary: deploy order, resource counts by type, cross-stack values and where they go. */
export function summary(plan: Plan): string {
    const lines = [`Offline plan of environment "${plan.environment}" (every stack's program under the simulated cloud)`, ""];
    lines.push("Deploy order (stacks in one wave run in parallel; destroy runs the waves in reverse):");
    for (const s of plan.stacks) {
        lines.push(`  wave ${s.wave}  ${s.project}/${s.stack}  account ${s.account}  ${s.region}  ${s.resources.length} resources`);
    }
    for (const s of plan.stacks) {
        lines.push("", `${s.project}/${s.stack}`);
        const counts = new Map<string, number>();
        for (const r of s.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
        for (const [type, count] of [...counts].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${String(count).padStart(3)}  ${type}`);
        for (const f of s.flows.filter((f) => f.into.length > 0)) {
            lines.push(`  <- ${f.from} ${f.output} = ${JSON.stringify(f.value)}`);
            for (const into of f.into.slice(0, 4)) lines.push(`       into ${into}`);
            if (f.into.length > 4) lines.push(`       and ${f.into.length - 4} more`);
        }
    }
    return lines.join("\n");
}
