import * as pulumi from "@pulumi/pulumi";
import { ReferenceSettings } from "../contracts";
import { DEFAULT_ORGANIZATION, ProjectName, ROLES, RoleId, Side, qualifiedStackName, roleOfStack } from "../topology";
import { InvalidValue } from "./errors";
import { ConfigReader } from "./reader";

/** Which of the six stacks a mesh or apps stack is, from its name (`<environment>-<frontend|backend>`). */
export interface StackIdentity {
    readonly role: RoleId;
    readonly environment: string;
    readonly side: Side;
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
    const identity = roleOfStack(project, stack);
    if (!identity) {
        reader.fail(
            `stack name "${stack}"`,
            `does not say which account it is for`,
            `name ${project} stacks <environment>-frontend or <environment>-backend, e.g. example-frontend`,
        );
        return undefined as unknown as StackIdentity;
    }
    return { ...identity, side: ROLES[identity.role].side };
}

/** Where this stack's references point: the convention for its environment, unless config overrides a role. */
export function readReferenceSettings(reader: ConfigReader, identity: StackIdentity | undefined): ReferenceSettings {
    const organization = reader.string("organization", (v) => {
        if (!/^[A-Za-z0-9_.-]+$/.test(v)) throw new InvalidValue(`"${v}" is not an organization name`, "use your Pulumi organization, or organization for a self-managed backend");
        return v;
    });
    const overrides: Partial<Record<RoleId, string>> = {};
    for (const role of identity ? ROLES[identity.role].reads : []) {
        const value = reader.string(ROLES[role].overrideKey, referenceOverride(role, identity!.environment, organization ?? DEFAULT_ORGANIZATION));
        if (value) overrides[role] = value;
    }
    return { environment: identity?.environment ?? "", organization, overrides };
}
