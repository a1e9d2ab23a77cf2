import * as pulumi from "@pulumi/pulumi";
import { ReferenceSettings } from "../contracts";
import { DEFAULT_ORGANIZATION, ProjectName, ROLES, RoleId, StackEntry, Topology, entryOf, identifyStack, qualifiedEntryName, qualifiedStackName, roleOfStack } from "../topology";
import { InvalidValue } from "./errors";
import { ConfigReader } from "./reader";

/** Which stack of its environment's topology a stack is, from its name (`<environment>-<account>`). */
export interface StackIdentity {
    /** Its kind: which of the six roles it plays. */
    readonly role: RoleId;
    readonly environment: string;
    /** The account it runs in, by its name in the environment description (frontend, backend in the two-account design). */
    readonly side: string;
    readonly entry: StackEntry;
    readonly topology: Topology;
}


/**
 * An override of the stack a role's reference reads: `organization/project/stack`, where project and
 * stack must be the ones the topology gives that role in this environment (only the organization may
 * differ), so a reference set to the wrong project, role or environment is refused here, by its key,
 * rather than later as an output the wrong stack lacks.
 */
export function referenceOverride(role: RoleId, environment: string, organization: string): (value: string) => string {
    return (value) => {
        if (value === "") return value;
        const expected = qualifiedStackName(role, environment, organization);
        const fix = `write ${expected} (your organization in place of ${organization} if the stack is in another), or "" to follow the convention`;
        const parts = value.split("/");
        if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_.-]+$/.test(p))) {
            throw new InvalidValue(`"${value}" is not a fully qualified stack name (organization/project/stack)`, fix);
        }
        const [, project, stack] = parts;
        const found = roleOfStack(project as ProjectName, stack);
        const names =
            project !== ROLES[role].project
                ? `project ${project}`
                : found === undefined
                  ? `stack ${stack}, which plays no role of ${project}`
                  : found.role !== role
                    ? `the ${found.role} stack`
                    : found.environment !== environment
                      ? `environment ${found.environment}`
                      : undefined;
        if (names !== undefined) throw new InvalidValue(`"${value}" is not the ${role} stack of environment ${environment}: it names ${names}`, fix);
        return value;
    };
}

export function readStackIdentity(reader: ConfigReader, project: ProjectName): StackIdentity {
    const stack = pulumi.getStack();
    const found = identifyStack(project, stack);
    if (!found) {
        reader.fail(
            `stack name "${stack}"`,
            `does not say which account it is for`,
            `name ${project} stacks <environment>-frontend or <environment>-backend, e.g. example-frontend, or <environment>-<account> for an account of environments/<environment>.yaml`,
        );
        return undefined as unknown as StackIdentity;
    }
    const { topology, entry } = found;
    return { role: entry.kind, environment: topology.environment, side: entry.account, entry, topology };
}

/** Where this stack's references point: the convention for its environment, unless config overrides a role. */
export function readReferenceSettings(reader: ConfigReader, identity: StackIdentity | undefined): ReferenceSettings {
    const organization = reader.string("organization", (v) => {
        if (!/^[A-Za-z0-9_.-]+$/.test(v)) throw new InvalidValue(`"${v}" is not an organization name`, "use your Pulumi organization, or organization for a self-managed backend");
        return v;
    });
    const overrides: Record<string, string> = {};
    const stacks: Record<string, string> = {};
    for (const id of identity ? identity.entry.reads : []) {
        const read = entryOf(identity!.topology, id);
        stacks[id] = qualifiedEntryName(read, organization ?? DEFAULT_ORGANIZATION);
        // Override keys are declared per kind, so only a kind one account plays has one.
        if (read.overrideKey === undefined) continue;
        const value = reader.string(read.overrideKey, referenceOverride(read.kind, identity!.environment, organization ?? DEFAULT_ORGANIZATION));
        if (value) overrides[id] = value;
    }
    return { environment: identity?.environment ?? "", organization, overrides, reads: identity ? identity.entry.reads.map((id) => entryOf(identity.topology, id)) : [], stacks };
}
