import * as pulumi from "@pulumi/pulumi";
import { ROLES, RoleId, qualifiedStackName } from "../topology";
import { Contract, ContractExports, ContractValues, Schema, readContract } from "./contract";
import { appsBackendContract, appsFrontendContract } from "./apps";
import { infraBackendContract, infraFrontendContract } from "./infra";
import { meshOwnerContract, meshParticipantContract } from "./mesh";

export * from "./contract";
export { appsBackendContract, appsFrontendContract, infraBackendContract, infraFrontendContract, meshOwnerContract, meshParticipantContract };

/** The contract each stack role exports (for transport-dependent roles, the common part; see ./transport.ts). */
export const CONTRACTS = {
    "infra-frontend": infraFrontendContract,
    "infra-backend": infraBackendContract,
    "mesh-owner": meshOwnerContract,
    "mesh-participant": meshParticipantContract,
    "apps-backend": appsBackendContract,
    "apps-frontend": appsFrontendContract,
} as const;

export type ContractOf<R extends RoleId> = (typeof CONTRACTS)[R];
export type OutputsOf<R extends RoleId> = ContractValues<ContractOf<R>["schema"]>;
export type ExportsOf<R extends RoleId> = ContractExports<ContractOf<R>["schema"]>;

/** Where a consumer's references point: the convention, plus per-role overrides from config. */
export interface ReferenceSettings {
    readonly environment: string;
    readonly organization: string;
    /** Fully qualified stack names that replace the convention's, by role. */
    readonly overrides: Partial<Record<RoleId, string>>;
}

function referencedStackName(role: RoleId, settings: ReferenceSettings): string {
    return settings.overrides[role] ?? qualifiedStackName(role, settings.environment, settings.organization);
}

/** What a consumer reads of a stack: the outputs it names, or all of them. */
export interface ReadOptions<R extends RoleId, K extends keyof OutputsOf<R> & string> {
    /**
     * The outputs this consumer uses; only these are read and checked, and only these are typed.
     * @default every output of the role's contract
     */
    readonly fields?: readonly K[];
}

/**
 * The one way a stack reads another: a StackReference named after the role, the outputs of the
 * role's contract it names (or all) read and checked up front.
 */
export async function readStack<R extends RoleId, K extends keyof OutputsOf<R> & string = keyof OutputsOf<R> & string>(
    role: R,
    settings: ReferenceSettings,
    options: ReadOptions<R, K> = {},
    opts?: pulumi.CustomResourceOptions,
): Promise<Pick<OutputsOf<R>, K>> {
    const name = referencedStackName(role, settings);
    const reference = new pulumi.StackReference(role, { name }, opts);
    const contract: Contract<Schema> = CONTRACTS[role];
    return (await readContract(contract, reference, name, ROLES[role].overrideKey, options.fields)) as Pick<OutputsOf<R>, K>;
}
