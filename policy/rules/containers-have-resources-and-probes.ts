import { at, isOpaque, isRecord, listOf } from "../json";
import { ResourceRule } from "./types";

/** "a", "a or b", "a, b or c". */
function either(items: readonly string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

const WORKLOAD_TYPES = {
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
} as const;

function isSet(value: unknown): boolean {
    return isOpaque(value) || (isRecord(value) && Object.keys(value).length > 0);
}

export const containersHaveResourcesAndProbes: ResourceRule = {
    name: "containers-have-resources-and-probes",
    description: "Every container of a Deployment or StatefulSet declares resources.requests, resources.limits and a readinessProbe.",
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(WORKLOAD_TYPES),
    check: (_type, inputs) => {
        const containers = at(inputs, "spec", "template", "spec", "containers");
        if (isOpaque(containers)) return [];
        return listOf(containers).flatMap((container, index) => {
            const missing = [
                ...(isSet(at(container, "resources", "requests")) ? [] : ["resources.requests"]),
                ...(isSet(at(container, "resources", "limits")) ? [] : ["resources.limits"]),
                ...(at(container, "readinessProbe") !== undefined && at(container, "readinessProbe") !== null ? [] : ["readinessProbe"]),
            ];
            const name = at(container, "name");
            const label = typeof name === "string" ? `"${name}"` : String(index);
            return missing.length === 0 ? [] : [`container ${label} has no ${either(missing)}`];
        });
    },
};
