import { InvalidValue } from "./errors";
import { parseCidr } from "./validate";

/** How the EKS API is reached: only from inside the VPC, or also from the listed public CIDRs. */
export const ENDPOINT_ACCESS = ["private", "public-and-private"] as const;
export type EndpointAccess = (typeof ENDPOINT_ACCESS)[number];

/**
 * The public CIDRs that may reach the API, given the access mode. Private access takes none; public
 * access takes an explicit, non-empty list without 0.0.0.0/0, so the API is never open to the
 * internet by default or by omission.
 */
export function publicAccessCidrs(access: EndpointAccess, cidrs: readonly string[]): string[] {
    if (access === "private") {
        if (cidrs.length > 0) {
            throw new InvalidValue(
                "lists CIDRs while clusterEndpointAccess is private, which has no public endpoint",
                "set clusterEndpointAccess: public-and-private to use them, or remove them",
            );
        }
        return [];
    }
    if (cidrs.length === 0) {
        throw new InvalidValue(
            "is empty while clusterEndpointAccess is public-and-private",
            "list the CIDRs where pulumi and kubectl run, e.g. [203.0.113.0/24]",
        );
    }
    const open = cidrs.find((c) => parseCidr(c).prefixLength === 0);
    if (open !== undefined) {
        throw new InvalidValue(`${open} opens the Kubernetes API to the whole internet`, "list only your own networks' CIDRs");
    }
    return [...cidrs];
}

/** EKS cluster names: 1 to 100 characters, a letter or digit first, then letters, digits, '-' and '_'. */
export function eksClusterName(name: string, environment: string): string {
    if (name.length > 100 || !/^[0-9A-Za-z][A-Za-z0-9\-_]*$/.test(name)) {
        throw new InvalidValue(
            `makes the EKS cluster name "${name}", which EKS refuses (1 to 100 letters, digits, '-' or '_', starting with a letter or digit)`,
            `rename the environment "${environment}" with letters, digits and '-' only, at most ${100 - (name.length - environment.length)} characters`,
        );
    }
    return name;
}
