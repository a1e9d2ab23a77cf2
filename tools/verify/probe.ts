import { CheckResult, errorLine, skip } from "./checks";
import { KubeApi, PROBE_LABEL } from "./kube";

/**
 * End to end, from short-lived pods: the same request yelb-ui's nginx sends for `/api`
 * (shared/lattice/yelb-ui-proxy.ts: `https://<dns>:<port>` with `Host: <dns>`, the certificate
 * verified for that name; `http://` where the listener is plain HTTP), with curl, which verifies
 * TLS against its image's CA bundle (Amazon's roots among them) and prints the address it
 * connected to and the status it got.
 *
 * - Allowed side: a pod in the frontend namespace. Lattice answers in the frontend VPC on its
 *   link-local range 169.254.171.0/24 (VPC Lattice User Guide, "Service network VPC
 *   associations"), so the name must resolve there and GET /api/getvotes must answer 200.
 * - Denied side: the same call from a pod in the backend cluster, whose VPC the auth policy does not
 *   admit. A 403 is the auth policy refusing it. The backend VPC is not associated with the
 *   service network (lattice-gateway-controller.ts), so the call usually gets no answer at all
 *   (curl: timeout or connection refused): it never reaches Lattice. Both count as refused; an
 *   answer other than 403 fails. A 403 needs a caller in an associated VPC that the policy does not
 *   name, which this design never has; the auth-policy check reads the policy Lattice enforces.
 *
 * The pod is deleted in every case: after its answer, after a failure, after a timeout, and after
 * Ctrl-C (the signal aborts the wait; the delete runs in `finally`).
 */

/** curl, pinned; override with --probe-image for a registry the nodes can reach. */
export const PROBE_IMAGE = "curlimages/curl:8.11.1";
/** Lattice's IPv4 link-local range. */
export const LATTICE_RANGE = { prefix: "169.254.171.", cidr: "169.254.171.0/24" } as const;

export interface ProbeRequest {
    readonly namespace: string;
    /** The pod's name; unique per run (main.ts adds a random suffix). */
    readonly podName: string;
    readonly image: string;
    readonly host: string;
    readonly port: number;
    /** The listener's protocol: curl speaks https:// (SNI and certificate checked for `host`) or http://. */
    readonly protocol: "HTTPS" | "HTTP";
    readonly path: string;
    /** How long to wait for the pod's answer. */
    readonly timeoutMs: number;
    /** @default 1000 */
    readonly pollMs?: number;
    readonly signal?: AbortSignal;
}

/** What curl saw: the address it connected to (empty when it did not), the status (0: none) and its exit code. */
export interface ProbeAnswer {
    readonly ip: string;
    readonly status: number;
    readonly exit: number;
}

/** The probe pod: one curl, never restarted, gone after 2 minutes even if verify dies. */
/** The URL the probe calls. */
export function probeUrl(request: ProbeRequest): string {
    return `${request.protocol === "HTTPS" ? "https" : "http"}://${request.host}:${request.port}${request.path}`;
}

export function probePod(request: ProbeRequest): Record<string, unknown> {
    const url = probeUrl(request);
    return {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: request.podName, namespace: request.namespace, labels: { [PROBE_LABEL.key]: PROBE_LABEL.value } },
        spec: {
            restartPolicy: "Never",
            activeDeadlineSeconds: 120,
            automountServiceAccountToken: false,
            containers: [
                {
                    name: "curl",
                    image: request.image,
                    command: ["sh", "-c", `curl -sS -o /dev/null --max-time 10 -H "Host: ${request.host}" -w 'probe %{remote_ip} %{http_code}' '${url}'; echo " $?"`],
                    resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "32Mi" } },
                    securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, runAsUser: 100, capabilities: { drop: ["ALL"] } },
                },
            ],
        },
    };
}

/** The `probe <ip> <status> <exit>` line curl printed; undefined when there is none. */
export function parseProbeLog(log: string): ProbeAnswer | undefined {
    const match = /probe (\S*) ?(\d{3}) (\d+)/.exec(log);
    if (match === null) return undefined;
    return { ip: match[1], status: Number(match[2]), exit: Number(match[3]) };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(new Error("interrupted"));
        const timer = setTimeout(resolve, ms);
        signal?.addEventListener("abort", () => (clearTimeout(timer), reject(new Error("interrupted"))), { once: true });
    });
}

/** Runs the probe pod to its end and returns curl's answer; the pod is deleted whatever happens. */
export async function runProbe(kube: KubeApi, request: ProbeRequest, now: () => number = Date.now): Promise<ProbeAnswer> {
    const { namespace, podName } = request;
    try {
        await kube.createPod(namespace, probePod(request));
        const deadline = now() + request.timeoutMs;
        for (;;) {
            const phase = await kube.podPhase(namespace, podName);
            if (phase === "Succeeded" || phase === "Failed") break;
            if (now() >= deadline) throw new Error(`the probe pod ${namespace}/${podName} did not finish within ${request.timeoutMs / 1000} s (phase ${phase ?? "gone"})`);
            await sleep(request.pollMs ?? 1000, request.signal);
        }
        const log = await kube.podLog(namespace, podName);
        const answer = parseProbeLog(log);
        if (answer === undefined) throw new Error(`the probe pod printed no answer: ${log.trim().split("\n")[0] ?? ""}`);
        return answer;
    } finally {
        await kube.deletePod(namespace, podName);
    }
}

/** curl exit codes that mean no answer came (no connection, timeout). */
const NO_ANSWER = new Set([7, 28]);

/** The allowed call, from the frontend namespace: resolves into Lattice's range, then answers 200. */
export async function checkAllowedCall(kube: KubeApi, request: ProbeRequest): Promise<CheckResult[]> {
    const ids = { dns: "dns", call: "call-allowed" };
    let answer: ProbeAnswer;
    try {
        answer = await runProbe(kube, request);
    } catch (e) {
        const fix = "the probe pod could not run: check the frontend kubeconfig's permissions (create pods in the namespace) and that the nodes can pull the image (--probe-image)";
        return [{ id: ids.dns, status: "FAIL", seen: `probe from ${request.namespace} failed: ${errorLine(e)}`, fix }, skip(ids.call, "no probe answer")];
    }
    const url = `GET ${probeUrl(request)}`;
    if (answer.exit === 6) {
        return [
            { id: ids.dns, status: "FAIL", seen: `${request.host} does not resolve in the frontend VPC`, fix: "the frontend VPC is not associated with the service network, or the name is stale: see the vpc-association check; the apps backend stack's output is the name" },
            skip(ids.call, "the name does not resolve"),
        ];
    }
    const dns: CheckResult = answer.ip.startsWith(LATTICE_RANGE.prefix)
        ? { id: ids.dns, status: "PASS", seen: `${request.host} resolves to ${answer.ip}, in ${LATTICE_RANGE.cidr}` }
        : {
              id: ids.dns,
              status: "FAIL",
              seen: `${request.host} resolves to ${answer.ip || "no address curl connected to"}, not in ${LATTICE_RANGE.cidr}`,
              fix: "the call does not go through Lattice: check that the frontend VPC's association is ACTIVE and the VPC's DNS resolution is on",
          };
    if (answer.status === 200) return [dns, { id: ids.call, status: "PASS", seen: `${url} answered 200` }];
    const fix =
        answer.status === 403
            ? "the auth policy refused the frontend: see the auth-policy check (its condition must name the frontend VPC)"
            : answer.status === 0 && [35, 51, 60].includes(answer.exit)
              ? `TLS failed (curl exit ${answer.exit}): the listener's certificate is not valid for ${request.host}; check the listener's protocol (mesh:latticeListenerProtocol)`
              : answer.status === 0
                ? "no answer: the association's security group must admit the frontend nodes on the listener port, and the targets must be HEALTHY"
              : "Lattice reached the service but it did not answer 200: see the targets check and the appserver's logs";
    return [dns, { id: ids.call, status: "FAIL", seen: `${url} answered ${answer.status === 0 ? `nothing (curl exit ${answer.exit})` : answer.status}`, fix }];
}

/** The denied call, from the backend cluster (outside the allowed callers): refused, never answered. */
export async function checkDeniedCall(kube: KubeApi, request: ProbeRequest, caller = "the backend cluster"): Promise<CheckResult> {
    const id = "call-denied";
    const url = `GET ${probeUrl(request)}`;
    let answer: ProbeAnswer;
    try {
        answer = await runProbe(kube, request);
    } catch (e) {
        return { id, status: "FAIL", seen: `probe from ${caller} failed: ${errorLine(e)}`, fix: "check the backend kubeconfig's permissions (create pods in the namespace) and that the nodes can pull the image (--probe-image)" };
    }
    if (answer.status === 403) return { id, status: "PASS", seen: `${url} from ${caller}: 403, refused by the auth policy` };
    if (answer.status === 0 && (NO_ANSWER.has(answer.exit) || answer.exit === 6)) {
        return { id, status: "PASS", seen: `${url} from ${caller}: no answer (curl exit ${answer.exit}); its VPC is not associated, so it never reaches Lattice` };
    }
    return {
        id,
        status: "FAIL",
        seen: `${url} from ${caller} answered ${answer.status === 0 ? `nothing (curl exit ${answer.exit})` : answer.status}`,
        fix: "callers outside the frontend VPC reach the appserver: check the auth-policy check and whether the backend VPC was associated with the service network",
    };
}
