/**
 * The stacks of one environment, what each reads, and the one naming convention that ties them
 * together, built from the environment's description (shared/environment.ts). The offline plan, the
 * orchestrator and every consumer's StackReferences use this table, so the deploy order cannot
 * drift from what the programs read.
 *
 * Each stack is one of six kinds (RoleId) in one account. The two-account design, for an
 * environment `E` in Pulumi organization `O` (with more accounts, each account `A` has its stacks
 * `O/<project>/E-A`; see buildTopology):
 *   infra-frontend  O/infra-frontend/E       frontend account
 *   infra-backend   O/infra-backend/E        backend account
 *   mesh owner      O/mesh/E-frontend        frontend account (owns the mesh)
 *   mesh participant O/mesh/E-backend        backend account
 *   apps backend    O/apps/E-backend         backend account
 *   apps frontend   O/apps/E-frontend        frontend account
 * The organization is `organization` for the local file backend and your Pulumi Cloud
 * organization otherwise; each reference can also be overridden by config.
 */

import * as fs from "fs";
import { DEFAULT_DESCRIPTION, EnvironmentDescription, callsOf, environmentsDir, loadEnvironment, servicesOf, workloadAccounts } from "./environment";

export type Side = "frontend" | "backend";

export type ProjectName = "infra-frontend" | "infra-backend" | "mesh" | "apps";
export const PROJECTS: readonly ProjectName[] = ["infra-frontend", "infra-backend", "mesh", "apps"];

export type RoleId = "infra-frontend" | "infra-backend" | "mesh-owner" | "mesh-participant" | "apps-backend" | "apps-frontend";

export interface StackRole {
    readonly id: RoleId;
    readonly project: ProjectName;
    /** The account the stack runs in. */
    readonly side: Side;
    /** The roles whose outputs this stack reads through StackReferences. */
    readonly reads: readonly RoleId[];
    /** The config key that overrides the fully qualified name of a reference to this role. */
    readonly overrideKey: string;
}

/** What each role kind is: its project and the config key that overrides a reference to it (when one account plays it). */
const KINDS: Readonly<Record<RoleId, { readonly project: ProjectName; readonly overrideKey: string }>> = {
    "infra-frontend": { project: "infra-frontend", overrideKey: "infraFrontendStack" },
    "infra-backend": { project: "infra-backend", overrideKey: "infraBackendStack" },
    "mesh-owner": { project: "mesh", overrideKey: "meshOwnerStack" },
    "mesh-participant": { project: "mesh", overrideKey: "meshParticipantStack" },
    "apps-backend": { project: "apps", overrideKey: "appsBackendStack" },
    "apps-frontend": { project: "apps", overrideKey: "appsFrontendStack" },
};

/**
 * One stack of an environment, built from its description: which account it runs in, what it is
 * (its kind: one of the six roles) and which stacks it reads.
 */
export interface StackEntry {
    /** `<kind>-<account>`; the bare kind in the two-account design (no environment file). */
    readonly id: string;
    readonly kind: RoleId;
    readonly project: ProjectName;
    /** The account's name in the environment description. */
    readonly account: string;
    /** The stack's name in its project. */
    readonly stack: string;
    /** The ids of the stacks this one reads through StackReferences. */
    readonly reads: readonly string[];
    /** The config key that overrides a reference to this stack; only when one account plays its kind. */
    readonly overrideKey?: string;
}

export interface Topology {
    readonly environment: string;
    readonly description: EnvironmentDescription;
    /** Every stack, infra first, then mesh (owner first), then apps (providers first), accounts in the description's order. */
    readonly entries: readonly StackEntry[];
}

/**
 * The infra stack of an account: `<environment>` for the two-account names (frontend in
 * infra-frontend, backend in infra-backend), which keeps their stacks; `<environment>-<account>` otherwise.
 */
function infraStackName(project: ProjectName, account: string, environment: string): string {
    return project === `infra-${account}` ? environment : `${environment}-${account}`;
}

/**
 * The environment's stacks from its description: each workload account gets an infra stack
 * (infra-backend when it provides a service, infra-frontend when it only calls), a mesh stack (the
 * owner's, or a participant's that joins it) and an apps stack (the services it provides, or the
 * callers it runs); the service network's owner gets the owner mesh stack, and nothing else when it
 * runs no cluster. A caller's apps stack reads the apps stack of each provider it calls.
 */
export function buildTopology(environment: string, description: EnvironmentDescription = DEFAULT_DESCRIPTION): Topology {
    const owner = description.serviceNetworkOwner;
    const workloads = workloadAccounts(description);
    const provides = (a: string) => servicesOf(description, a).length > 0;
    const drafts: { kind: RoleId; account: string; stack: string; reads: [RoleId, string][] }[] = [];
    const infraKind = (a: string): RoleId => (provides(a) ? "infra-backend" : "infra-frontend");
    const meshKind = (a: string): RoleId => (a === owner ? "mesh-owner" : "mesh-participant");
    for (const a of workloads) drafts.push({ kind: infraKind(a), account: a, stack: infraStackName(KINDS[infraKind(a)].project, a, environment), reads: [] });
    drafts.push({ kind: "mesh-owner", account: owner, stack: `${environment}-${owner}`, reads: workloads.map((a) => [infraKind(a), a]) });
    for (const a of workloads.filter((w) => w !== owner)) {
        drafts.push({ kind: "mesh-participant", account: a, stack: `${environment}-${a}`, reads: [[infraKind(a), a], ["mesh-owner", owner]] });
    }
    for (const a of workloads.filter(provides)) {
        // A provider reads its consumers' infra stacks: their VPCs, accounts and signing roles are its
        // service's auth policy (the two-account design's too: the frontend's role, with signed calls).
        const consumers = servicesOf(description, a).flatMap((s) => s.consumers.map((c): [RoleId, string] => [infraKind(c), c]));
        drafts.push({ kind: "apps-backend", account: a, stack: `${environment}-${a}`, reads: [[infraKind(a), a], [meshKind(a), a], ...consumers] });
    }
    for (const a of workloads.filter((w) => !provides(w))) {
        const own: [RoleId, string][] = a === owner ? [] : [["mesh-participant", a]];
        const providers = callsOf(description, a).map((s): [RoleId, string] => ["apps-backend", s.provider]);
        drafts.push({ kind: "apps-frontend", account: a, stack: `${environment}-${a}`, reads: [[infraKind(a), a], ["mesh-owner", owner], ...own, ...providers] });
    }
    const count = (kind: RoleId) => drafts.filter((d) => d.kind === kind).length;
    // An environment described by a file names every stack `<kind>-<account>`: its ids (and so its
    // StackReference resources' names) stay the same when an account is onboarded or offboarded.
    // The two-account design keeps the bare kind, as its deployed stacks' resources are named.
    const idOf = (kind: RoleId, account: string) => (description.file === undefined && count(kind) === 1 ? kind : `${kind}-${account}`);
    const entries = drafts.map((d) => ({
        id: idOf(d.kind, d.account),
        kind: d.kind,
        project: KINDS[d.kind].project,
        account: d.account,
        stack: d.stack,
        reads: d.reads.map(([kind, account]) => idOf(kind, account)),
        ...(count(d.kind) === 1 ? { overrideKey: KINDS[d.kind].overrideKey } : {}),
    }));
    return { environment, description, entries };
}

/**
 * The environment of a repository (or config folder): its description from `environments/`
 * (shared/environment.ts: YELB_ENVIRONMENTS_DIR, else `<rootDir>/environments`) and the topology
 * built from it; the two-account design when it has no file.
 */
export function environmentTopology(environment: string, rootDir: string): Topology {
    return buildTopology(environment, loadEnvironment(environment, environmentsDir(rootDir)));
}

/**
 * The stack whose config says an account's ID and region: its infra stack, or for an account with
 * no cluster (a network account) the service network owner's mesh stack.
 */
export function accountStackOf(topology: Topology, account: string): StackEntry {
    const found = topology.entries.find((e) => e.account === account && e.project.startsWith("infra-")) ?? topology.entries.find((e) => e.account === account && e.kind === "mesh-owner");
    if (!found) throw new Error(`environment ${topology.environment} has no account ${account}`);
    return found;
}

/** The accounts that have stacks, in the description's order. */
export function accountsOf(topology: Topology): string[] {
    return topology.description.accounts.map((a) => a.name).filter((a) => topology.entries.some((e) => e.account === a));
}

/** What each stack reads, by id: the scheduler's and the estimates' dependency graph. */
export function readsOf(topology: Topology): Record<string, readonly string[]> {
    return Object.fromEntries(topology.entries.map((e) => [e.id, e.reads]));
}

/** The entry of an id; throws when the topology has none (a program bug, not a user's). */
export function entryOf(topology: Topology, id: string): StackEntry {
    const found = topology.entries.find((e) => e.id === id);
    if (!found) throw new Error(`environment ${topology.environment} has no ${id} stack`);
    return found;
}

export function qualifiedEntryName(entry: StackEntry, organization = DEFAULT_ORGANIZATION): string {
    return `${organization}/${entry.project}/${entry.stack}`;
}

/**
 * Deploy waves of a topology: a stack's wave is one more than the highest wave it reads. Stacks in
 * one wave do not depend on each other and can run in parallel; destroy runs the waves in reverse.
 */
export function topologyWaves(topology: Topology): StackEntry[][] {
    const wave = new Map<string, number>();
    const waveOf = (id: string): number => {
        const known = wave.get(id);
        if (known !== undefined) return known;
        const w = Math.max(-1, ...entryOf(topology, id).reads.map(waveOf)) + 1;
        wave.set(id, w);
        return w;
    };
    const result: StackEntry[][] = [];
    for (const entry of topology.entries) (result[waveOf(entry.id)] ??= []).push(entry);
    return result;
}

/**
 * Finds which stack of which environment a project's stack is: the environment whose file lists it
 * (the longest such name), else the two-account design's convention; undefined if neither has it.
 */
export function identifyStack(project: ProjectName, stack: string, dir = environmentsDir()): { topology: Topology; entry: StackEntry } | undefined {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -".yaml".length)) : [];
    const candidates = files.filter((e) => stack === e || stack.startsWith(`${e}-`)).sort((a, b) => b.length - a.length);
    for (const environment of candidates) {
        const topology = buildTopology(environment, loadEnvironment(environment, dir));
        const entry = topology.entries.find((e) => e.project === project && e.stack === stack);
        if (entry) return { topology, entry };
    }
    const legacy = roleOfStack(project, stack);
    if (!legacy || files.includes(legacy.environment)) return undefined;
    const topology = buildTopology(legacy.environment);
    return { topology, entry: entryOf(topology, legacy.role) };
}

/** The two-account design's stacks, by kind: what the tools that serve only it (CI's workflows, the deploy's profiles) read. */
const LEGACY = buildTopology("");

export const ROLES: Readonly<Record<RoleId, StackRole>> = Object.fromEntries(
    LEGACY.entries.map((e) => [e.id, { id: e.kind, project: e.project, side: e.account as Side, reads: e.reads as RoleId[], overrideKey: e.overrideKey! }]),
) as unknown as Record<RoleId, StackRole>;

export const DEFAULT_ORGANIZATION = "organization";

/** The stack name of a role in an environment. */
export function stackName(role: RoleId, environment: string): string {
    return entryOf(buildTopology(environment), role).stack;
}

export function qualifiedStackName(role: RoleId, environment: string, organization = DEFAULT_ORGANIZATION): string {
    return `${organization}/${ROLES[role].project}/${stackName(role, environment)}`;
}

/** Which role a (project, stack) pair plays, and in which environment; undefined if it breaks the convention. */
export function roleOfStack(project: ProjectName, stack: string): { role: RoleId; environment: string } | undefined {
    if (project === "infra-frontend" || project === "infra-backend") return { role: project, environment: stack };
    const match = /^(.+)-(frontend|backend)$/.exec(stack);
    if (!match) return undefined;
    const side = match[2] as Side;
    const role = (Object.values(ROLES) as StackRole[]).find((r) => r.project === project && r.side === side);
    return role && { role: role.id, environment: match[1] };
}

/** Deploy waves of the two-account design (topologyWaves of its topology), by role. */
export function waves(): RoleId[][] {
    return topologyWaves(LEGACY).map((wave) => wave.map((e) => e.kind));
}
