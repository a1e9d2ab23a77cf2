import type { EKSClient } from "@aws-sdk/client-eks";
import type { RAMClient } from "@aws-sdk/client-ram";
import type { STSClient } from "@aws-sdk/client-sts";
import type { VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { APPSERVER } from "../../shared/components/yelb-backend";
import { RoleId, Side } from "../../shared/topology";
import {
    CheckResult,
    LatticeFacts,
    SideFacts,
    appMeshUnreachable,
    checkAuthPolicy,
    checkCluster,
    checkCredentials,
    checkGateway,
    checkPods,
    checkRamShare,
    checkRoute,
    checkServiceAssociation,
    checkTargets,
    checkVpcAssociations,
    skip,
} from "./checks";
import { KubeApi } from "./kube";
import { PROBE_IMAGE, checkAllowedCall, checkDeniedCall } from "./probe";

/** One stack's outputs (secrets in the clear), or undefined when the stack does not exist. */
export type OutputsReader = (role: RoleId) => Promise<Record<string, unknown> | undefined>;

/** The clients of one side: its account's AWS clients and its cluster's Kubernetes API. */
export interface SideClients {
    readonly sts: STSClient;
    readonly eks: EKSClient;
    readonly ram: RAMClient;
    readonly lattice: VPCLatticeClient;
    readonly kube: KubeApi;
}

/** Makes a side's clients from its region, profile and kubeconfig (main.ts: the real ones; tests: mocks). */
export type ClientFactory = (side: Side, region: string, kubeconfig: string) => SideClients;

export interface VerifyRequest {
    readonly environment: string;
    /** Each side's account and region from its infra stack file, and its profile. */
    readonly sides: Readonly<Record<Side, { readonly accountId: string; readonly region: string; readonly profile: string }>>;
    readonly readOutputs: OutputsReader;
    readonly clients: ClientFactory;
    /** Leave out the probe pods (a read-only identity, as in the scheduled workflow); they are listed as SKIP. */
    readonly readOnly?: boolean;
    readonly probeImage?: string;
    /** Suffix of the probe pods' names, unique per run. */
    readonly runId: string;
    readonly probeTimeoutMs?: number;
    readonly signal?: AbortSignal;
}

export interface VerifyReport {
    readonly environment: string;
    readonly transport: string;
    readonly checks: readonly CheckResult[];
}

const INFRA: Record<Side, RoleId> = { frontend: "infra-frontend", backend: "infra-backend" };
const APPS: Record<Side, RoleId> = { frontend: "apps-frontend", backend: "apps-backend" };

/** The probe checks a read-only run leaves out. */
export const PROBE_CHECKS = ["dns", "call-allowed", "call-denied"] as const;

/** Output `key` of `role` as a string/number, or a problem naming the stack and the key. */
function field<T extends "string" | "number">(outputs: Record<string, unknown> | undefined, key: string, kind: T, where: string, problems: string[]): (T extends "string" ? string : number) | undefined {
    const value = outputs?.[key];
    if (typeof value === kind) return value as never;
    problems.push(`${where} has no ${key} output`);
    return undefined;
}

/**
 * Runs every check of the environment in order, and returns them all (verify never stops at the
 * first failure: one run shows everything to fix). Checks that need what an earlier one could not
 * read are SKIP with the reason.
 */
export async function verifyEnvironment(request: VerifyRequest): Promise<VerifyReport> {
    const { environment } = request;
    const read = async (role: RoleId) => ({ role, outputs: await request.readOutputs(role) });
    const outputs = Object.fromEntries((await Promise.all((["infra-frontend", "infra-backend", "mesh-owner", "mesh-participant", "apps-backend", "apps-frontend"] as const).map(read))).map((r) => [r.role, r.outputs])) as Record<
        RoleId,
        Record<string, unknown> | undefined
    >;
    const missing = (Object.keys(outputs) as RoleId[]).filter((r) => outputs[r] === undefined);
    if (missing.length > 0) {
        return {
            environment,
            transport: "unknown",
            checks: [{ id: "stack-outputs", status: "FAIL", seen: `not deployed in the state backend: ${missing.join(", ")}`, fix: `run npm run deploy -- --stack ${environment}` }],
        };
    }
    const problems: string[] = [];
    const sideFacts = (side: Side): SideFacts => ({
        side,
        ...request.sides[side],
        clusterName: field(outputs[INFRA[side]], "clusterName", "string", `infra-${side}/${environment}`, problems) ?? "",
        vpcId: field(outputs[INFRA[side]], "vpcId", "string", `infra-${side}/${environment}`, problems) ?? "",
        namespace: field(outputs[APPS[side]], "namespace", "string", `apps/${environment}-${side}`, problems) ?? "",
    });
    const frontend = sideFacts("frontend");
    const backend = sideFacts("backend");
    const kubeconfigs = {
        frontend: field(outputs["infra-frontend"], "kubeconfig", "string", `infra-frontend/${environment}`, problems),
        backend: field(outputs["infra-backend"], "kubeconfig", "string", `infra-backend/${environment}`, problems),
    };
    const transport = String(outputs["apps-backend"]?.transport ?? "unknown");
    const lattice = transport === "lattice" || transport === "both" ? latticeFacts(outputs, environment, problems) : undefined;
    if (problems.length > 0) {
        return { environment, transport, checks: [{ id: "stack-outputs", status: "FAIL", seen: problems.join("; "), fix: `the stacks were deployed by an older version of this program: run npm run deploy -- --stack ${environment}` }] };
    }
    const clients = { frontend: request.clients("frontend", frontend.region, kubeconfigs.frontend!), backend: request.clients("backend", backend.region, kubeconfigs.backend!) };

    const checks: CheckResult[] = [];
    checks.push(...(await Promise.all([checkCredentials(clients.frontend.sts, frontend), checkCredentials(clients.backend.sts, backend)])));
    checks.push(...(await Promise.all([checkCluster(clients.frontend.eks, frontend), checkCluster(clients.backend.eks, backend)])));
    if (lattice !== undefined) {
        checks.push(
            ...(await Promise.all([
                checkRamShare(clients.frontend.ram, lattice, backend.accountId),
                checkVpcAssociations(clients.frontend.lattice, lattice, frontend),
                checkServiceAssociation(clients.backend.lattice, lattice),
                checkAuthPolicy(clients.frontend.lattice, lattice, frontend),
                checkTargets(clients.backend.lattice, clients.backend.kube, lattice, backend),
                checkGateway(clients.backend.kube, lattice),
                checkRoute(clients.backend.kube, lattice, backend),
            ])),
        );
    }
    checks.push(...(await Promise.all([checkPods(clients.frontend.kube, frontend), checkPods(clients.backend.kube, backend)])));
    if (transport === "appmesh" || transport === "both") checks.push(appMeshUnreachable());
    if (lattice !== undefined) {
        if (request.readOnly) {
            for (const id of PROBE_CHECKS) checks.push(skip(id, "left out (--read-only): the probe pods need pods create/delete in the Yelb namespaces"));
        } else {
            const probe = { image: request.probeImage ?? PROBE_IMAGE, host: lattice.serviceDnsName, port: lattice.listenerPort, protocol: lattice.listenerProtocol, path: "/api/getvotes", timeoutMs: request.probeTimeoutMs ?? 90_000, signal: request.signal };
            // One after the other: the allowed call first, so a working path is shown before the refusal.
            checks.push(...(await checkAllowedCall(clients.frontend.kube, { ...probe, namespace: frontend.namespace, podName: `yelb-verify-${request.runId}` })));
            checks.push(await checkDeniedCall(clients.backend.kube, { ...probe, namespace: backend.namespace, podName: `yelb-verify-denied-${request.runId}` }));
        }
    }
    return { environment, transport, checks };
}

function latticeFacts(outputs: Record<RoleId, Record<string, unknown> | undefined>, environment: string, problems: string[]): LatticeFacts | undefined {
    const owner = outputs["mesh-owner"];
    const participant = outputs["mesh-participant"];
    const apps = outputs["apps-backend"];
    const facts = {
        serviceNetworkArn: field(owner, "serviceNetworkArn", "string", `mesh/${environment}-frontend`, problems),
        serviceNetworkShareArn: field(owner, "serviceNetworkShareArn", "string", `mesh/${environment}-frontend`, problems),
        listenerPort: field(owner, "latticeListenerPort", "number", `mesh/${environment}-frontend`, problems),
        listenerProtocol: field(owner, "latticeListenerProtocol", "string", `mesh/${environment}-frontend`, problems) === "HTTP" ? "HTTP" : "HTTPS",
        gatewayName: field(participant, "gatewayName", "string", `mesh/${environment}-backend`, problems),
        gatewayNamespace: field(participant, "gatewayNamespace", "string", `mesh/${environment}-backend`, problems),
        serviceArn: field(apps, "yelbAppserverServiceArn", "string", `apps/${environment}-backend`, problems),
        serviceDnsName: field(apps, "yelbAppserverServiceDnsName", "string", `apps/${environment}-backend`, problems),
        routeName: APPSERVER.name,
        appserverApp: APPSERVER.name,
    };
    return problems.length > 0 ? undefined : (facts as LatticeFacts);
}

/** Exit 0 only when every check passed; a SKIP counts as passed only when the user asked for it (--read-only). */
export function verifyExitCode(report: VerifyReport, readOnly = false): number {
    const ok = report.checks.every((c) => c.status === "PASS" || (c.status === "SKIP" && readOnly && (PROBE_CHECKS as readonly string[]).includes(c.id)));
    return ok ? 0 : 1;
}

/** One line per check, `PASS  id  what was seen`, and under each failure its likely cause and fix. */
export function reportLines(report: VerifyReport): string[] {
    const width = Math.max(...report.checks.map((c) => c.id.length));
    return report.checks.flatMap((c) => [`${c.status.padEnd(4)}  ${c.id.padEnd(width)}  ${c.seen}`, ...(c.fix ? [`${" ".repeat(width + 8)}fix: ${c.fix}`] : [])]);
}
