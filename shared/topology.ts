/**
 * The six stacks of one environment, what each reads, and the one naming convention that ties
 * them together. The offline plan, the orchestrator and every consumer's StackReferences use this
 * table, so the deploy order cannot drift from what the programs read.
 *
 * Convention, for an environment `E` in Pulumi organization `O`:
 *   infra-frontend  O/infra-frontend/E       frontend account
 *   infra-backend   O/infra-backend/E        backend account
 *   mesh owner      O/mesh/E-frontend        frontend account (owns the mesh)
 *   mesh participant O/mesh/E-backend        backend account
 *   apps backend    O/apps/E-backend         backend account
 *   apps frontend   O/apps/E-frontend        frontend account
 * The organization is `organization` for the local file backend and your Pulumi Cloud
 * organization otherwise; each reference can also be overridden by config.
 */

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

export const ROLES: Readonly<Record<RoleId, StackRole>> = {
    "infra-frontend": { id: "infra-frontend", project: "infra-frontend", side: "frontend", reads: [], overrideKey: "infraFrontendStack" },
    "infra-backend": { id: "infra-backend", project: "infra-backend", side: "backend", reads: [], overrideKey: "infraBackendStack" },
    "mesh-owner": {
        id: "mesh-owner",
        project: "mesh",
        side: "frontend",
        reads: ["infra-frontend", "infra-backend"],
        overrideKey: "meshOwnerStack",
    },
    "mesh-participant": {
        id: "mesh-participant",
        project: "mesh",
        side: "backend",
        reads: ["infra-backend", "mesh-owner"],
        overrideKey: "meshParticipantStack",
    },
    "apps-backend": {
        id: "apps-backend",
        project: "apps",
        side: "backend",
        reads: ["infra-backend", "mesh-participant"],
        overrideKey: "appsBackendStack",
    },
    "apps-frontend": {
        id: "apps-frontend",
        project: "apps",
        side: "frontend",
        reads: ["infra-frontend", "mesh-owner", "apps-backend"],
        overrideKey: "appsFrontendStack",
    },
};

export const DEFAULT_ORGANIZATION = "organization";

/** The stack name of a role in an environment. */
export function stackName(role: RoleId, environment: string): string {
    const { project, side } = ROLES[role];
    return project.startsWith("infra-") ? environment : `${environment}-${side}`;
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

/**
 * Deploy waves: a role's wave is one more than the highest wave it reads. Stacks in one wave do not
 * depend on each other and can run in parallel; destroy runs the waves in reverse.
 */
export function waves(): RoleId[][] {
    const wave = new Map<RoleId, number>();
    const waveOf = (id: RoleId): number => {
        const known = wave.get(id);
        if (known !== undefined) return known;
        const w = Math.max(-1, ...ROLES[id].reads.map(waveOf)) + 1;
        wave.set(id, w);
        return w;
    };
    const ids = Object.keys(ROLES) as RoleId[];
    ids.forEach(waveOf);
    const result: RoleId[][] = [];
    for (const id of ids) (result[wave.get(id)!] ??= []).push(id);
    return result;
}
