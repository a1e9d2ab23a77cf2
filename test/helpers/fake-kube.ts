import { KubeApi, ObjectRef, PodSummary } from "../../tools/verify/kube";

/** A pod of the fake cluster: labels for selectors; phase defaults to Running. */
export interface FakePod {
    readonly name: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly ready: boolean;
    readonly phase?: string;
    readonly probe?: boolean;
}

export interface FakeKubeState {
    /** Pods by namespace. */
    readonly pods?: Readonly<Record<string, readonly FakePod[]>>;
    /** Objects by `<plural>/<namespace>/<name>`. */
    readonly objects?: Readonly<Record<string, Record<string, unknown>>>;
    /** What a created probe pod goes through: its phases, one per poll, and its log. */
    readonly probe?: { readonly phases: readonly string[]; readonly log: string; readonly createError?: Error };
}

/**
 * A Kubernetes API in memory, for verify's checks: answers pods (with `key=value` selectors) and
 * custom objects, and records every probe pod created and deleted.
 */
export class FakeKube implements KubeApi {
    readonly created: string[] = [];
    readonly deleted: string[] = [];
    private polls = 0;

    constructor(private readonly state: FakeKubeState) {}

    async listPods(namespace: string, labelSelector?: string): Promise<PodSummary[]> {
        const [key, value] = labelSelector?.split("=") ?? [];
        return (this.state.pods?.[namespace] ?? [])
            .filter((p) => key === undefined || p.labels?.[key] === value)
            .map((p) => ({ name: p.name, phase: p.phase ?? "Running", ready: p.ready, probe: p.probe ?? false }));
    }

    async getObject(ref: ObjectRef): Promise<Record<string, unknown> | undefined> {
        return this.state.objects?.[`${ref.plural}/${ref.namespace}/${ref.name}`];
    }

    async createPod(namespace: string, pod: Record<string, unknown>): Promise<void> {
        if (this.state.probe?.createError) throw this.state.probe.createError;
        this.created.push(`${namespace}/${(pod.metadata as { name: string }).name}`);
    }

    async podPhase(): Promise<string | undefined> {
        const phases = this.state.probe?.phases ?? ["Succeeded"];
        return phases[Math.min(this.polls++, phases.length - 1)];
    }

    async podLog(): Promise<string> {
        return this.state.probe?.log ?? "";
    }

    async deletePod(namespace: string, name: string): Promise<void> {
        this.deleted.push(`${namespace}/${name}`);
    }
}
