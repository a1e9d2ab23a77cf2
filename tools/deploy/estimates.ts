import { accountStackOf, environmentTopology } from "../../shared/topology";
import { estimateDeploy } from "../engine/estimate/plan-graph";
import { Action } from "./args";
import { accountFacts } from "./stack-files";

/** Each stack's estimated run time in seconds, by topology id, from the estimate model over the offline plan. */
export type StackEstimates = ReadonlyMap<string, number>;

/**
 * Plans the environment offline (the same planner as `npm start`, in this process, so it is this
 * run's config and code, not an older out/plan/ folder) and returns each stack's modeled deploy or
 * destroy time. Preview has no estimate. A plan that fails gives none, with the reason: the
 * orchestrator then runs without estimates rather than refusing.
 */
export async function stackEstimates(rootDir: string, environment: string, action: Action): Promise<StackEstimates | string> {
    if (action === "preview") return "no estimate for a preview";
    try {
        // Without stack files there is nothing to plan: say so before loading the SDKs.
        const topology = environmentTopology(environment, rootDir);
        const missing = [...accountFacts(rootDir, topology).entries()].find(([, f]) => f === undefined)?.[0];
        if (missing !== undefined) {
            const entry = accountStackOf(topology, missing);
            return `no estimate: no stack config ${entry.project}/Pulumi.${entry.stack}.yaml for environment "${environment}"`;
        }
        const { planEnvironment } = await import("../sim/environment");
        // Durations need the resources only: tracing flows would run each program again with marked values.
        const plan = await planEnvironment(environment, { rootDir, traceFlows: false });
        const timeline = estimateDeploy(plan).ours[action === "deploy" ? "deploy" : "destroy"];
        return new Map(Object.entries(timeline.stacks).map(([role, t]) => [role, t.endS - t.startS]));
    } catch (e) {
        return `no estimate: the offline plan failed (${(e as Error).message.split("\n")[0]})`;
    }
}
