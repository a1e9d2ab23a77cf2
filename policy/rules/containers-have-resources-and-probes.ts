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

/**
 * The pod template annotation by which a native sidecar (an init container with `restartPolicy:
 * Always`, Kubernetes "Sidecar Containers") that no kubelet probe can reach says so: `<container>:
 * <reason>`, e.g. a proxy listening on the pod's loopback only (kubelet probes connect to the pod
 * IP). It exempts that one native sidecar from the readinessProbe, never a container of `containers`,
 * and never from resources. shared/lattice/sigv4-proxy.ts writes the same key.
 */
export const NO_READINESS_PROBE_ANNOTATION = "yelb/no-readiness-probe";

/** The containers an annotation value exempts: `<container>: <reason>`, the reason not empty. */
function exempted(annotations: unknown): Set<string> {
    const value = at(annotations, NO_READINESS_PROBE_ANNOTATION);
    const match = typeof value === "string" ? /^([a-z0-9-]+):\s*(\S.*)$/.exec(value) : null;
    return new Set(match ? [match[1]] : []);
}

function missingOf(container: unknown, probeExempt: boolean): string[] {
    return [
        ...(isSet(at(container, "resources", "requests")) ? [] : ["resources.requests"]),
        ...(isSet(at(container, "resources", "limits")) ? [] : ["resources.limits"]),
        ...(probeExempt || (at(container, "readinessProbe") !== undefined && at(container, "readinessProbe") !== null) ? [] : ["readinessProbe"]),
    ];
}

export const containersHaveResourcesAndProbes: ResourceRule = {
    name: "containers-have-resources-and-probes",
    description:
        "Every container of a Deployment or StatefulSet, and every native sidecar (init container with restartPolicy Always), declares resources.requests, resources.limits and a readinessProbe; a native sidecar no probe can reach may say so in the pod's yelb/no-readiness-probe annotation.",
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(WORKLOAD_TYPES),
    check: (_type, inputs) => {
        const pod = at(inputs, "spec", "template", "spec");
        const containers = at(pod, "containers");
        if (isOpaque(containers)) return [];
        const initContainers = at(pod, "initContainers");
        const sidecars = isOpaque(initContainers) ? [] : listOf(initContainers).filter((c) => at(c, "restartPolicy") === "Always");
        const exempt = exempted(at(inputs, "spec", "template", "metadata", "annotations"));
        const label = (container: unknown, index: number) => {
            const name = at(container, "name");
            return typeof name === "string" ? `"${name}"` : String(index);
        };
        return [
            ...listOf(containers).map((container, index) => ({ label: `container ${label(container, index)}`, missing: missingOf(container, false) })),
            ...sidecars.map((container, index) => ({ label: `native sidecar ${label(container, index)}`, missing: missingOf(container, exempt.has(String(at(container, "name")))) })),
        ].flatMap(({ label: l, missing }) => (missing.length === 0 ? [] : [`${l} has no ${either(missing)}`]));
    },
};
