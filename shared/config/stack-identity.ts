import * as pulumi from "@pulumi/pulumi";
import { ReferenceSettings } from "../contracts";
import { ProjectName, ROLES, RoleId, Side, roleOfStack } from "../topology";
import { InvalidValue } from "./errors";
import { ConfigReader } from "./reader";

/** Which of the six stacks a mesh or apps stack is, from its name (`<environment>-<frontend|backend>`). */
export interface StackIdentity {
    readonly role: RoleId;
    readonly environment: string;
    readonly side: Side;
}


function qualifiedName(value: string): string {
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(value)) {
        throw new InvalidValue(`"${value}" is not a fully qualified stack name`, "write organization/project/stack, or leave it empty to follow the convention");
    }
    return value;
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
        const value = reader.string(ROLES[role].overrideKey, (v) => (v === "" ? v : qualifiedName(v)));
        if (value) overrides[role] = value;
    }
    return { environment: identity?.environment ?? "", organization, overrides };
}
