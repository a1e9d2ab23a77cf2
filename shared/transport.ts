/**
 * How the frontend calls the backend across the two accounts: App Mesh (VPC peering, Envoy, the
 * shared mesh), VPC Lattice (a shared service network, the AWS Gateway API Controller), or both side
 * by side during a cut-over. One value per environment: every mesh and apps stack carries it.
 */
export type Transport = "appmesh" | "lattice" | "both";
export const TRANSPORTS: readonly Transport[] = ["appmesh", "lattice", "both"];

/** What yelb-ui's `/api` calls go through; in `both`, one key on the frontend apps stack picks it. */
export type Upstream = "appmesh" | "lattice";

export function usesAppMesh(transport: Transport): boolean {
    return transport !== "lattice";
}

export function usesLattice(transport: Transport): boolean {
    return transport !== "appmesh";
}
