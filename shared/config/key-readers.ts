import { ProjectName, ROLES, RoleId } from "../topology";

/**
 * Which roles read each key of the mesh and apps projects, whose two roles (frontend, backend) share
 * one Pulumi.yaml. This table is the one place that says so: the loaders declare their keys from it,
 * the stack-file check refuses a key set in the file of a role that does not read it (it would be read,
 * then ignored), and a test checks the Pulumi.yaml descriptions ("Owner only." ...) against it.
 * The reference-override keys are derived from the topology: a role reads the override of each role it reads.
 */
export type KeyReaders = Readonly<Record<string, readonly RoleId[]>>;

function rolesOf(project: ProjectName): RoleId[] {
    return (Object.keys(ROLES) as RoleId[]).filter((id) => ROLES[id].project === project);
}

/** `organization` (every role of the project) and, per role read, its override key (the roles that read it). */
export function referenceKeyReaders(project: ProjectName): KeyReaders {
    const readers: Record<string, RoleId[]> = { organization: rolesOf(project) };
    for (const consumer of rolesOf(project)) {
        for (const read of ROLES[consumer].reads) (readers[ROLES[read].overrideKey] ??= []).push(consumer);
    }
    return readers;
}

const OWNER: readonly RoleId[] = ["mesh-owner"];
const PARTICIPANT: readonly RoleId[] = ["mesh-participant"];
const APPS_FRONTEND: readonly RoleId[] = ["apps-frontend"];
const APPS_BACKEND: readonly RoleId[] = ["apps-backend"];

export const MESH_KEY_READERS: KeyReaders = {
    ...referenceKeyReaders("mesh"),
    transport: rolesOf("mesh"),
    ramSharing: rolesOf("mesh"),
    meshName: OWNER,
    frontendCallablePorts: PARTICIPANT,
    appMeshServiceLinkedRole: PARTICIPANT,
    controllerChartVersion: rolesOf("mesh"),
    serviceNetworkName: OWNER,
    latticeListenerProtocol: OWNER,
    latticeAccessLogRetentionDays: OWNER,
    latticeAccessLogDestination: OWNER,
    latticeRouteNamespaces: PARTICIPANT,
};

export const APPS_KEY_READERS: KeyReaders = {
    ...referenceKeyReaders("apps"),
    transport: rolesOf("apps"),
    uiUpstream: APPS_FRONTEND,
    namespace: rolesOf("apps"),
    redisImage: APPS_BACKEND,
    dbImage: APPS_BACKEND,
    appserverImage: APPS_BACKEND,
    appserverCanaryImage: APPS_BACKEND,
    appserverCanaryWeights: APPS_BACKEND,
    latticeAlarmTopicArn: APPS_BACKEND,
    uiImage: APPS_FRONTEND,
    databaseVolumeSize: APPS_BACKEND,
};

/** The key readers of a project with more than one role; undefined for the single-role infra projects. */
export const KEY_READERS: Partial<Record<ProjectName, KeyReaders>> = { mesh: MESH_KEY_READERS, apps: APPS_KEY_READERS };

