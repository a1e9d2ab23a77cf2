import * as pulumi from "@pulumi/pulumi";
import { RoleId } from "../topology";
import { Transport, transportCovers, uncoveredTransport, usesAppMesh, usesLattice } from "../transport";
import { appsBackendAppMeshContract, appsBackendLatticeContract } from "./apps";
import { Contract, ContractError, ContractExports, ContractValues, Field, Schema, readContract } from "./contract";
import { infraBackendAppMeshContract, infraBackendLatticeContract } from "./infra";
import { meshOwnerAppMeshContract, meshOwnerLatticeContract, meshParticipantAppMeshContract, meshParticipantLatticeContract } from "./mesh";
import { CONTRACTS, ExportsOf, OutputsOf, ReferenceSettings, readEntry } from "./index";

/**
 * Stacks whose exports depend on the transport: a common part (with `transport`), plus an App
 * Mesh part and a Lattice part, each present exactly when the transport uses it. Readers get a
 * union discriminated by `transport`, so a field of the other transport cannot be read by mistake.
 */
const PARTS = {
    "infra-backend": { appmesh: infraBackendAppMeshContract, lattice: infraBackendLatticeContract },
    "mesh-owner": { appmesh: meshOwnerAppMeshContract, lattice: meshOwnerLatticeContract },
    "mesh-participant": { appmesh: meshParticipantAppMeshContract, lattice: meshParticipantLatticeContract },
    "apps-backend": { appmesh: appsBackendAppMeshContract, lattice: appsBackendLatticeContract },
} as const;

export type TransportRole = keyof typeof PARTS;
type Parts<R extends TransportRole> = (typeof PARTS)[R];
export type AppMeshOutputsOf<R extends TransportRole> = ContractValues<Parts<R>["appmesh"]["schema"]>;
export type LatticeOutputsOf<R extends TransportRole> = ContractValues<Parts<R>["lattice"]["schema"]>;
export type AppMeshExportsOf<R extends TransportRole> = ContractExports<Parts<R>["appmesh"]["schema"]>;
export type LatticeExportsOf<R extends TransportRole> = ContractExports<Parts<R>["lattice"]["schema"]>;

/** What a consumer reads of a transport-dependent stack. */
export type TransportOutputsOf<R extends TransportRole> = Omit<OutputsOf<R>, "transport"> &
    (
        | ({ readonly transport: "appmesh" } & AppMeshOutputsOf<R>)
        | ({ readonly transport: "lattice" } & LatticeOutputsOf<R>)
        | ({ readonly transport: "both" } & AppMeshOutputsOf<R> & LatticeOutputsOf<R>)
    );

/** Every field a role may export, its common part and each transport's part, by output name. */
export function fieldsOf(role: RoleId): Readonly<Record<string, Field>> {
    const parts: readonly Contract<Schema>[] = role in PARTS ? Object.values(PARTS[role as TransportRole]) : [];
    return Object.assign({}, CONTRACTS[role].schema, ...parts.map((part) => part.schema));
}

/** The stack file a stack's transport is set in, for messages: `<project>/Pulumi.<stack>.yaml`. */
function stackFileOf(qualifiedName: string): string {
    const [, project, stack] = qualifiedName.split("/");
    return `${project}/Pulumi.${stack}.yaml`;
}

/** The refusal when two stacks of one environment disagree on a per-environment key (ramSharing): it names the key and both stack files. */
export function mixedSettingMessage(key: string, mine: { file: string; value: string }, theirs: { file: string; value: string }): string {
    return (
        `${key} differs across the stacks of one environment: ${theirs.file} has "${theirs.value}" but ${mine.file} has "${mine.value}". ` +
        `Set ${key} to the same value in both files (see docs/transports.md for the migration order).`
    );
}

/**
 * Reads a transport-dependent stack: its common part, then the refusal if its transport does not
 * provide what `expected` (the reading stack's own) needs, then the parts the reader uses, all on
 * one StackReference and before the caller declares anything. Readers see their own transport.
 */
export async function readTransportStack<R extends TransportRole>(
    role: R,
    settings: ReferenceSettings,
    expected: { readonly transport: Transport; readonly key: string; readonly stackFile: string; readonly account?: string },
    opts?: pulumi.CustomResourceOptions,
): Promise<TransportOutputsOf<R>> {
    const { entry, name, overrideKey } = readEntry(role, settings, expected.account);
    const reference = new pulumi.StackReference(entry.id, { name }, opts);
    const common = (await readContract(CONTRACTS[role] as Contract<Schema>, reference, name, overrideKey)) as Record<string, unknown>;
    const transport = common.transport as Transport;
    if (!transportCovers(transport, expected.transport)) {
        const theirKey = `${entry.project}:transport`;
        const refusal = uncoveredTransport({ key: expected.key, file: expected.stackFile, transport: expected.transport }, { key: theirKey, file: stackFileOf(name), transport });
        throw new ContractError(`${refusal.key}: ${refusal.problem}. Fix: ${refusal.fix}.`);
    }
    const parts: Parts<R> = PARTS[role];
    const appMesh = usesAppMesh(expected.transport) ? await readContract(parts.appmesh as Contract<Schema>, reference, name, overrideKey) : {};
    const lattice = usesLattice(expected.transport) ? await readContract(parts.lattice as Contract<Schema>, reference, name, overrideKey) : {};
    return { ...common, transport: expected.transport, ...appMesh, ...lattice } as unknown as TransportOutputsOf<R>;
}

/**
 * A transport-dependent stack's exports: the common part and exactly the parts its transport uses
 * (a missing or extra part is a bug in the program, caught here rather than by the next stack).
 */
export function transportExports<R extends TransportRole>(
    role: R,
    common: ExportsOf<R> & { transport: Transport },
    parts: { readonly appmesh?: AppMeshExportsOf<R>; readonly lattice?: LatticeExportsOf<R> },
): Record<string, pulumi.Input<unknown>> {
    const transport = common.transport;
    if (usesAppMesh(transport) !== (parts.appmesh !== undefined) || usesLattice(transport) !== (parts.lattice !== undefined)) {
        throw new Error(`${role} with transport ${transport} must export exactly the parts of that transport`);
    }
    return { ...common, ...(parts.appmesh ?? {}), ...(parts.lattice ?? {}) };
}
