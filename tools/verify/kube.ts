/**
 * The little of the Kubernetes API that verify uses, as an interface the checks are given (tests
 * give a fake), and its implementation with @kubernetes/client-node over a cluster's kubeconfig
 * (the infra stack's `kubeconfig` output, whose user runs `aws eks get-token`).
 */

/** A pod as the checks see it. */
export interface PodSummary {
    readonly name: string;
    readonly phase: string;
    /** The pod's Ready condition is True. */
    readonly ready: boolean;
    /** One of verify's own probe pods (label PROBE_LABEL), left out of the pods check. */
    readonly probe: boolean;
}

export interface ObjectRef {
    readonly group: string;
    readonly version: string;
    readonly plural: string;
    readonly namespace: string;
    readonly name: string;
}

export interface KubeApi {
    listPods(namespace: string, labelSelector?: string): Promise<PodSummary[]>;
    /** The object, or undefined when it does not exist (404). */
    getObject(ref: ObjectRef): Promise<Record<string, unknown> | undefined>;
    createPod(namespace: string, pod: Record<string, unknown>): Promise<void>;
    /** The pod's phase, or undefined when it does not exist. */
    podPhase(namespace: string, name: string): Promise<string | undefined>;
    podLog(namespace: string, name: string): Promise<string>;
    /** Deletes at once (grace period 0); a pod already gone is not an error. */
    deletePod(namespace: string, name: string): Promise<void>;
}

/** The label every probe pod carries, so a leftover one is easy to find: `kubectl delete pod -l yelb-verify=probe`. */
export const PROBE_LABEL = { key: "yelb-verify", value: "probe" } as const;

type KubeconfigUser = { name?: string; user?: { exec?: { args?: string[]; env?: { name: string; value: string }[] | null } } };

/**
 * The kubeconfig with `aws eks get-token` run as `profile`: any `--profile` argument and
 * AWS_PROFILE entry replaced, so the token is minted by the same credentials as the AWS checks.
 * Without a profile (CI, credentials in the environment) both are removed.
 */
export function withProfile(kubeconfigJson: string, profile: string | undefined): string {
    const config = JSON.parse(kubeconfigJson) as { users?: KubeconfigUser[] };
    for (const entry of config.users ?? []) {
        const exec = entry.user?.exec;
        if (exec === undefined) continue;
        const args = [...(exec.args ?? [])];
        const at = args.indexOf("--profile");
        if (at >= 0) args.splice(at, 2);
        exec.args = args;
        const env = (exec.env ?? []).filter((e) => e.name !== "AWS_PROFILE");
        exec.env = profile === undefined ? env : [...env, { name: "AWS_PROFILE", value: profile }];
    }
    return JSON.stringify(config);
}

function isNotFound(e: unknown): boolean {
    return (e as { code?: number }).code === 404;
}

/** A KubeApi on one cluster through @kubernetes/client-node (loaded here, so tests of the checks never load it). */
export function clientNodeKubeApi(kubeconfigJson: string, profile: string | undefined): KubeApi {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const k8s = require("@kubernetes/client-node") as typeof import("@kubernetes/client-node");
    const config = new k8s.KubeConfig();
    config.loadFromString(withProfile(kubeconfigJson, profile));
    const core = config.makeApiClient(k8s.CoreV1Api);
    const custom = config.makeApiClient(k8s.CustomObjectsApi);
    return {
        async listPods(namespace, labelSelector) {
            const list = await core.listNamespacedPod({ namespace, ...(labelSelector ? { labelSelector } : {}) });
            return list.items.map((pod) => ({
                name: pod.metadata?.name ?? "",
                phase: pod.status?.phase ?? "Unknown",
                ready: (pod.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True"),
                probe: pod.metadata?.labels?.[PROBE_LABEL.key] === PROBE_LABEL.value,
            }));
        },
        async getObject(ref) {
            try {
                return (await custom.getNamespacedCustomObject(ref)) as Record<string, unknown>;
            } catch (e) {
                if (isNotFound(e)) return undefined;
                throw e;
            }
        },
        async createPod(namespace, pod) {
            await core.createNamespacedPod({ namespace, body: pod as never });
        },
        async podPhase(namespace, name) {
            try {
                return (await core.readNamespacedPod({ namespace, name })).status?.phase ?? "Unknown";
            } catch (e) {
                if (isNotFound(e)) return undefined;
                throw e;
            }
        },
        async podLog(namespace, name) {
            return String(await core.readNamespacedPodLog({ namespace, name }));
        },
        async deletePod(namespace, name) {
            try {
                await core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 });
            } catch (e) {
                if (!isNotFound(e)) throw e;
            }
        },
    };
}
