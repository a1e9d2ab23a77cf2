import { createHash } from "crypto";

/**
 * What AWS (VPC Lattice, EC2) and the AWS Gateway API Controller answer for the Lattice transport,
 * as pure functions the simulated cloud calls: IDs, ARNs and DNS names in their real formats,
 * deterministic from their inputs.
 */

export interface LatticeAccount {
    readonly accountId: string;
    readonly region: string;
}

type Inputs = Record<string, any>;

/** Deterministic lowercase hex from the given parts. */
function hex(length: number, ...parts: unknown[]): string {
    let out = "";
    for (let i = 0; out.length < length; i++) out += createHash("sha256").update(JSON.stringify(["lattice", i, ...parts])).digest("hex");
    return out.slice(0, length);
}

function latticeArn(account: LatticeAccount, resource: string): string {
    return `arn:aws:vpc-lattice:${account.region}:${account.accountId}:${resource}`;
}

export function serviceNetworkId(account: LatticeAccount, name: string): string {
    return `sn-${hex(17, account.accountId, account.region, "sn", name)}`;
}

export function serviceId(account: LatticeAccount, serviceName: string): string {
    return `svc-${hex(17, account.accountId, account.region, "svc", serviceName)}`;
}

/**
 * `<service>-<17 hex of the svc id>.<7 hex>.vpc-lattice-svcs.<region>.on.aws`, the generated name of
 * a service (the controller's docs show `nginx-tls-default-0af995120af2711bc.7d67968.vpc-lattice-svcs.us-west-2.on.aws`).
 */
export function serviceDnsName(account: LatticeAccount, serviceName: string): string {
    const id = serviceId(account, serviceName);
    return `${serviceName}-${id.slice("svc-".length)}.${hex(7, account.accountId, id)}.vpc-lattice-svcs.${account.region}.on.aws`;
}

/** The controller names a route's Lattice service `<route>-<namespace>` (pkg/utils LatticeServiceName). */
export function routeServiceName(routeName: string, namespace: string): string {
    return `${routeName}-${namespace}`;
}

/** The AWS-managed prefix list `com.amazonaws.<region>.vpc-lattice`, as getManagedPrefixList answers. */
export function managedPrefixList(account: LatticeAccount, inputs: Inputs): Inputs {
    const name: string = inputs.name ?? "";
    if (name !== `com.amazonaws.${account.region}.vpc-lattice`) {
        throw new Error(`no managed prefix list named "${name}" in ${account.region}`);
    }
    const id = `pl-${hex(8, account.region, name)}`;
    return { id, name, arn: `arn:aws:ec2:${account.region}:aws:prefix-list/${id}`, addressFamily: "IPv4", maxEntries: 0, ownerId: "AWS", entries: [], tags: {} };
}

export const LATTICE_TYPES = {
    serviceNetwork: "aws:vpclattice/serviceNetwork:ServiceNetwork",
    vpcAssociation: "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation",
    authPolicy: "aws:vpclattice/authPolicy:AuthPolicy",
    accessLogSubscription: "aws:vpclattice/accessLogSubscription:AccessLogSubscription",
} as const;

/** newResource's answer for an `aws:vpclattice/*` type, or undefined for a type it does not model. */
export function latticeResource(account: LatticeAccount, type: string, name: string, inputs: Inputs): { id: string; state: Inputs } | undefined {
    switch (type) {
        case LATTICE_TYPES.serviceNetwork: {
            const id = serviceNetworkId(account, inputs.name ?? name);
            return { id, state: { ...inputs, name: inputs.name ?? name, arn: latticeArn(account, `servicenetwork/${id}`) } };
        }
        case LATTICE_TYPES.vpcAssociation: {
            const id = `snva-${hex(17, account.accountId, inputs.vpcIdentifier, inputs.serviceNetworkIdentifier)}`;
            return {
                id,
                state: { ...inputs, arn: latticeArn(account, `servicenetworkvpcassociation/${id}`), status: "ACTIVE", createdBy: account.accountId },
            };
        }
        case LATTICE_TYPES.authPolicy:
            return { id: inputs.resourceIdentifier, state: { ...inputs, state: "Active" } };
        // CreateAccessLogSubscription answers an ID `als-` + 17 hex digits, its ARN, and the resource's ARN (VPC Lattice API Reference).
        case LATTICE_TYPES.accessLogSubscription: {
            const id = `als-${hex(17, account.accountId, inputs.resourceIdentifier, inputs.destinationArn)}`;
            return { id, state: { ...inputs, arn: latticeArn(account, `accesslogsubscription/${id}`), resourceArn: inputs.resourceIdentifier } };
        }
        default:
            return undefined;
    }
}

/**
 * The annotations the controller writes on an HTTPRoute once its Lattice service exists, merged
 * over the route's own (pkg/controllers/route_controller.go). The service lives in the cluster's account.
 */
export function routeWriteBack(account: LatticeAccount, metadata: { name: string; namespace: string; annotations?: Record<string, string> }): Record<string, string> {
    const serviceName = routeServiceName(metadata.name, metadata.namespace);
    return {
        ...(metadata.annotations ?? {}),
        "application-networking.k8s.aws/lattice-service-arn": latticeArn(account, `service/${serviceId(account, serviceName)}`),
        "application-networking.k8s.aws/lattice-assigned-domain-name": serviceDnsName(account, serviceName),
    };
}
