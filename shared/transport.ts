/**
 * How the frontend calls the backend across the two accounts: App Mesh (VPC peering, Envoy, the
 * shared mesh), VPC Lattice (a shared service network, the AWS Gateway API Controller), or both side
 * by side during a cut-over. One value per environment: every mesh and apps stack carries it.
 */
export type Transport = "appmesh" | "lattice" | "both";

/** The day AWS ended App Mesh: since then no account can create or reach a mesh (App Mesh user guide). */
export const APP_MESH_END = "2026-09-30";
export const TRANSPORTS: readonly Transport[] = ["appmesh", "lattice", "both"];

/** What yelb-ui's `/api` calls go through; in `both`, one key on the frontend apps stack picks it. */
export type Upstream = "appmesh" | "lattice";

export function usesAppMesh(transport: Transport): boolean {
    return transport !== "lattice";
}

export function usesLattice(transport: Transport): boolean {
    return transport !== "appmesh";
}

/**
 * Whether a stack on `provider`'s transport gives a stack on `reader`'s everything it reads: the
 * same transport, or `both` to either. This is what lets a migration remove one transport a stack
 * at a time in reverse wave order (a reader on `lattice` may read a producer still on `both`), while
 * a reader that needs what its producer does not deploy is refused.
 */
export function transportCovers(provider: Transport, reader: Transport): boolean {
    return (!usesAppMesh(reader) || usesAppMesh(provider)) && (!usesLattice(reader) || usesLattice(provider));
}

/** One side of a transport refusal: the key, the stack file that sets it, and its value. */
export interface TransportSetting {
    readonly key: string;
    readonly file: string;
    readonly transport: Transport;
}

/** The refusal when a stack's transport needs what a stack it reads does not deploy: key, problem, fix. */
export function uncoveredTransport(reader: TransportSetting, provider: TransportSetting): { key: string; problem: string; fix: string } {
    const missing = usesLattice(reader.transport) && !usesLattice(provider.transport) ? "Lattice" : "App Mesh";
    return {
        key: reader.key,
        problem: `${reader.file} has "${reader.transport}", but the stack it reads, ${provider.file}, has ${provider.key} "${provider.transport}" and deploys no ${missing}`,
        fix: "set the same transport in every mesh and apps stack of the environment and in infra-backend; to migrate, change them in the order docs/transports.md gives",
    };
}
