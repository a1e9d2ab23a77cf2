import * as pulumi from "@pulumi/pulumi";
import { RoleId, StackEntry } from "../topology";
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

/** Where a consumer's references point: the stacks its topology entry reads, plus overrides from config. */
export interface ReferenceSettings {
    readonly environment: string;
    readonly organization: string;
    /** Fully qualified stack names that replace the convention's, by stack id. */
    readonly overrides: Readonly<Record<string, string>>;
    /** The stacks this one reads, from the topology. */
    readonly reads: readonly StackEntry[];
    /** Their fully qualified names by the convention, by stack id. */
    readonly stacks: Readonly<Record<string, string>>;
}

/**
 * The stack of a kind this one reads: of the given account, or the only one of that kind it reads.
 * Throws when the topology says otherwise (a program out of step with shared/topology.ts).
 */
export function readEntry(role: RoleId, settings: ReferenceSettings, account?: string): { entry: StackEntry; name: string; overrideKey: string } {
    const matches = settings.reads.filter((e) => e.kind === role && (account === undefined || e.account === account));
    if (matches.length !== 1) {
        throw new Error(`this stack reads ${matches.length} ${role} stacks${account ? ` of account ${account}` : ""} (shared/topology.ts: ${settings.reads.map((e) => e.id).join(", ")})`);
    }
    const entry = matches[0];
    return { entry, name: settings.overrides[entry.id] ?? settings.stacks[entry.id], overrideKey: entry.overrideKey ?? "organization" };
}

/** What a consumer reads of a stack: the outputs it names, or all of them. */
export interface ReadOptions<R extends RoleId, K extends keyof OutputsOf<R> & string> {
    /**
     * The outputs this consumer uses; only these are read and checked, and only these are typed.
     * @default every output of the role's contract
     */
    readonly fields?: readonly K[];
    /**
     * The account whose stack of this kind is read; needed only when several are read.
     * @default the one stack of that kind this stack reads
     */
    readonly account?: string;
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
    const { entry, name, overrideKey } = readEntry(role, settings, options.account);
    const reference = new pulumi.StackReference(entry.id, { name }, opts);
    const contract: Contract<Schema> = CONTRACTS[role];
    return (await readContract(contract, reference, name, overrideKey, options.fields)) as Pick<OutputsOf<R>, K>;
}
