import { GetResourceShareAssociationsCommand, GetResourceSharesCommand, RAMClient } from "@aws-sdk/client-ram";
import { APPSERVER } from "../../shared/components/yelb-backend";
import { servicesOf, workloadAccounts } from "../../shared/environment";
import { StackEntry, Topology, accountsOf } from "../../shared/topology";
import { CheckResult, LatticeFacts, SideFacts, checkCluster, checkCredentials, checkGateway, checkPods, checkRoute, checkServiceAssociation, checkTargets, errorLine, skip } from "./checks";
import { KubeApi } from "./kube";
import { PROBE_IMAGE, checkAllowedCall, checkDeniedCall } from "./probe";
import type { SideClients, VerifyReport } from "./run";

/**
 * `npm run verify` over an environment described by a file (environments/<env>.yaml): every account
 * of its topology, whatever their number. Per account its credentials, per workload account its
 * cluster and pods, the owner's RAM share (exactly the other accounts), per provider its service's
 * association, targets, Gateway and HTTPRoute; then per consumer of each service a call through
 * its own cluster to the DNS name the provider's apps stack exported (allowed: 200), and per service
 * a call from a workload account it does not admit (refused: 403, or no answer from a VPC that is
 * not associated). The checks are checks.ts's and probe.ts's, each id suffixed by its account.
 */

/** One stack's outputs (secrets in the clear), or undefined when the stack does not exist. */
export type EntryOutputsReader = (entry: StackEntry) => Promise<Record<string, unknown> | undefined>;

/** An account's clients; a network account runs no cluster, so it gets no kubeconfig and needs no Kubernetes API. */
export type AccountClientFactory = (account: string, region: string, kubeconfig?: string) => Omit<SideClients, "kube"> & { readonly kube?: KubeApi };

export interface TopologyVerifyRequest {
    readonly topology: Topology;
    /** Each account's ID and region from its stack file, and its profile. */
    readonly accounts: Readonly<Record<string, { readonly accountId: string; readonly region: string; readonly profile: string }>>;
    readonly readOutputs: EntryOutputsReader;
    readonly clients: AccountClientFactory;
    /** Leave out the probe pods; they are listed as SKIP. */
    readonly readOnly?: boolean;
    readonly probeImage?: string;
    /** Suffix of the probe pods' names, unique per run. */
    readonly runId: string;
    readonly probeTimeoutMs?: number;
    readonly signal?: AbortSignal;
}

/** The probe checks' id prefixes: a read-only run leaves them out. */
export const TOPOLOGY_PROBE_PREFIXES = ["dns-", "call-allowed-", "call-denied-"] as const;

const renamed = (result: CheckResult, id: string): CheckResult => ({ ...result, id });

/**
 * The account whose call to `service` must be refused: a workload account that neither provides nor
 * may call it (its VPC is on the service network, so only the service's auth policy stands in the
 * way), else the provider's own (also on the network, and not among the service's callers).
 */
export function undeclaredCaller(topology: Topology, service: { readonly provider: string; readonly consumers: readonly string[] }): string {
    const others = workloadAccounts(topology.description).filter((a) => a !== service.provider && !service.consumers.includes(a));
    return others[0] ?? service.provider;
}

/**
 * The owner's RAM share of the service network is ACTIVE and associated with exactly the other
 * accounts of the environment, each ASSOCIATED (an offboarded account's principal is gone).
 */
export async function checkSharePrincipals(ram: RAMClient, shareArn: string, expected: readonly string[]): Promise<CheckResult> {
    const id = "ram-share";
    try {
        const { resourceShares } = await ram.send(new GetResourceSharesCommand({ resourceOwner: "SELF", resourceShareArns: [shareArn] }));
        const share = resourceShares?.[0];
        if (share === undefined) return { id, status: "FAIL", seen: `share ${shareArn} not found in the owner's account`, fix: "deploy the owner's mesh stack again (npm run deploy): it creates the share" };
        if (share.status !== "ACTIVE") return { id, status: "FAIL", seen: `share ${share.name} is ${share.status}`, fix: "RAM is still creating or deleting it: wait a minute and run verify again" };
        const { resourceShareAssociations } = await ram.send(new GetResourceShareAssociationsCommand({ associationType: "PRINCIPAL", resourceShareArns: [shareArn] }));
        const principals = (resourceShareAssociations ?? []).filter((a) => a.status !== "DISASSOCIATED");
        const seen = principals.map((a) => `${a.associatedEntity} ${a.status}`).join(", ") || "no principal";
        const extra = principals.filter((a) => !expected.includes(a.associatedEntity ?? ""));
        const missing = expected.filter((e) => !principals.some((a) => a.associatedEntity === e && a.status === "ASSOCIATED"));
        if (extra.length === 0 && missing.length === 0) return { id, status: "PASS", seen: `share ${share.name} is ACTIVE, associated with exactly ${expected.join(", ")}` };
        return {
            id,
            status: "FAIL",
            seen: `share ${share.name} is ACTIVE with principals ${seen}; the environment's other accounts are ${expected.join(", ")}`,
            fix:
                extra.length > 0
                    ? `${extra.map((a) => a.associatedEntity).join(", ")} may not receive the service network: deploy the owner's mesh stack again (an offboarded account's principal goes then)`
                    : `${missing.join(", ")} not ASSOCIATED: in invitation mode its mesh stack accepts the share; run the deploy again`,
        };
    } catch (e) {
        return { id, status: "FAIL", seen: `share ${shareArn} could not be read: ${errorLine(e)}`, fix: "check the owner profile's ram:GetResourceShares and ram:GetResourceShareAssociations permissions" };
    }
}

/** Output `key` of a stack as a string or number, or a problem naming the stack and the key. */
function field(outputs: Record<string, unknown> | undefined, key: string, kind: "string" | "number", entry: StackEntry, problems: string[]): string | number | undefined {
    const value = outputs?.[key];
    if (typeof value === kind) return value as string | number;
    problems.push(`${entry.project}/${entry.stack} has no ${key} output`);
    return undefined;
}

/** Runs every check of the environment's topology, all of them (never stopping at the first failure). */
export async function verifyTopology(request: TopologyVerifyRequest): Promise<VerifyReport> {
    const { topology } = request;
    const { environment, description } = topology;
    const outputs = new Map(await Promise.all(topology.entries.map(async (e) => [e.id, await request.readOutputs(e)] as const)));
    const missing = topology.entries.filter((e) => outputs.get(e.id) === undefined);
    if (missing.length > 0) {
        const names = missing.map((e) => `${e.project}/${e.stack}`).join(", ");
        return { environment, transport: "unknown", checks: [{ id: "stack-outputs", status: "FAIL", seen: `not deployed in the state backend: ${names}`, fix: `run npm run deploy -- --stack ${environment}` }] };
    }
    const problems: string[] = [];
    const entry = (kind: StackEntry["kind"] | "infra", account: string) =>
        topology.entries.find((e) => e.account === account && (kind === "infra" ? e.project.startsWith("infra-") : e.kind === kind))!;
    const get = (e: StackEntry, key: string, kind: "string" | "number" = "string") => field(outputs.get(e.id), key, kind, e, problems);
    const workloads = workloadAccounts(description);
    const facts = new Map<string, SideFacts>(
        workloads.map((a) => {
            const apps = topology.entries.find((e) => e.account === a && e.project === "apps")!;
            const infra = entry("infra", a);
            return [a, { side: a, ...request.accounts[a], clusterName: String(get(infra, "clusterName") ?? ""), vpcId: String(get(infra, "vpcId") ?? ""), namespace: String(get(apps, "namespace") ?? "") }];
        }),
    );
    const owner = entry("mesh-owner", description.serviceNetworkOwner);
    const shareArn = String(get(owner, "serviceNetworkShareArn") ?? "");
    const serviceNetworkArn = String(get(owner, "serviceNetworkArn") ?? "");
    const listenerPort = Number(get(owner, "latticeListenerPort", "number") ?? 0);
    const listenerProtocol = get(owner, "latticeListenerProtocol") === "HTTP" ? "HTTP" : "HTTPS";
    const providers = workloads.filter((a) => servicesOf(description, a).length > 0);
    const transports = providers.map((p) => String(outputs.get(entry("apps-backend", p).id)?.transport ?? "unknown"));
    const lattice = new Map<string, LatticeFacts>(
        providers.map((p) => {
            const mesh = topology.entries.find((e) => e.account === p && e.project === "mesh")!;
            const apps = entry("apps-backend", p);
            return [
                p,
                {
                    serviceNetworkArn,
                    serviceNetworkShareArn: shareArn,
                    listenerPort,
                    listenerProtocol,
                    gatewayName: String(get(mesh, "gatewayName") ?? ""),
                    gatewayNamespace: String(get(mesh, "gatewayNamespace") ?? ""),
                    serviceArn: String(get(apps, "yelbAppserverServiceArn") ?? ""),
                    serviceDnsName: String(get(apps, "yelbAppserverServiceDnsName") ?? ""),
                    routeName: APPSERVER.name,
                    appserverApp: APPSERVER.name,
                },
            ];
        }),
    );
    const transport = [...new Set(transports)].join(",");
    if (transports.some((t) => t !== "lattice" && t !== "both")) problems.push(`the providers' apps stacks run transport ${transport}; an environment of this shape runs VPC Lattice`);
    if (problems.length > 0) {
        return { environment, transport, checks: [{ id: "stack-outputs", status: "FAIL", seen: problems.join("; "), fix: `the stacks were deployed by an older version of this program: run npm run deploy -- --stack ${environment}` }] };
    }

    const accounts = accountsOf(topology);
    const kubeconfigOf = (a: string) => (workloads.includes(a) ? String(outputs.get(entry("infra", a).id)?.kubeconfig ?? "") : undefined);
    const clients = new Map(accounts.map((a) => [a, request.clients(a, request.accounts[a].region, kubeconfigOf(a))]));
    const kube = (a: string) => clients.get(a)!.kube!;
    const checks: CheckResult[] = [];
    const accountFacts = (a: string): SideFacts => facts.get(a) ?? { side: a, ...request.accounts[a], clusterName: "", vpcId: "", namespace: "" };
    checks.push(...(await Promise.all(accounts.map((a) => checkCredentials(clients.get(a)!.sts, accountFacts(a))))));
    checks.push(...(await Promise.all(workloads.map((a) => checkCluster(clients.get(a)!.eks, facts.get(a)!)))));
    const others = accounts.filter((a) => a !== description.serviceNetworkOwner).map((a) => request.accounts[a].accountId);
    checks.push(await checkSharePrincipals(clients.get(description.serviceNetworkOwner)!.ram, shareArn, others));
    for (const p of providers) {
        const facts_ = lattice.get(p)!;
        const [association, targets, gateway, route] = await Promise.all([
            checkServiceAssociation(clients.get(p)!.lattice, facts_),
            checkTargets(clients.get(p)!.lattice, kube(p), facts_, facts.get(p)!),
            checkGateway(kube(p), facts_),
            checkRoute(kube(p), facts_, facts.get(p)!),
        ]);
        checks.push(renamed(association, `service-association-${p}`), renamed(targets, `targets-${p}`), renamed(gateway, `gateway-${p}`), renamed(route, `route-${p}`));
    }
    checks.push(...(await Promise.all(workloads.map((a) => checkPods(kube(a), facts.get(a)!)))));

    for (const service of description.services) {
        const facts_ = lattice.get(service.provider)!;
        const denier = undeclaredCaller(topology, service);
        const ids = [...service.consumers.flatMap((c) => [`dns-${c}-${service.name}`, `call-allowed-${c}-${service.name}`]), `call-denied-${denier}-${service.name}`];
        if (request.readOnly) {
            for (const id of ids) checks.push(skip(id, "left out (--read-only): the probe pods need pods create/delete in the Yelb namespaces"));
            continue;
        }
        const probe = { image: request.probeImage ?? PROBE_IMAGE, host: facts_.serviceDnsName, port: listenerPort, protocol: listenerProtocol, path: "/api/getvotes", timeoutMs: request.probeTimeoutMs ?? 90_000, signal: request.signal } as const;
        // Each consumer through its own cluster (the path its yelb-ui's nginx takes), one after the other, then the refusal.
        for (const consumer of service.consumers) {
            const [dns, call] = await checkAllowedCall(kube(consumer), { ...probe, namespace: facts.get(consumer)!.namespace, podName: `yelb-verify-${consumer}-${request.runId}` });
            checks.push(renamed(dns, `dns-${consumer}-${service.name}`), renamed(call, `call-allowed-${consumer}-${service.name}`));
        }
        const denied = await checkDeniedCall(kube(denier), { ...probe, namespace: facts.get(denier)!.namespace, podName: `yelb-verify-denied-${denier}-${request.runId}` }, `account ${denier}'s cluster`);
        checks.push(renamed(denied, `call-denied-${denier}-${service.name}`));
    }
    return { environment, transport, checks };
}

/** Exit 0 only when every check passed; a SKIP of a probe counts as passed only with --read-only. */
export function topologyVerifyExitCode(report: VerifyReport, readOnly = false): number {
    const probe = (id: string) => TOPOLOGY_PROBE_PREFIXES.some((p) => id.startsWith(p));
    return report.checks.every((c) => c.status === "PASS" || (c.status === "SKIP" && readOnly && probe(c.id))) ? 0 : 1;
}
