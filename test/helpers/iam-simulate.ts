import { anonymousPrincipal, runSimulation } from "@cloud-copilot/iam-simulate";

/** One request to AWS's policy evaluator (@cloud-copilot/iam-simulate), with the policies that decide it. */
export interface SimulatedRequest {
    /** A role or service principal, or iam-simulate's anonymousPrincipal for an unsigned call. */
    readonly principal: string | typeof anonymousPrincipal;
    readonly action: string;
    readonly resource: string;
    /** The account that owns the resource. */
    readonly resourceAccount: string;
    readonly context: Record<string, string>;
    readonly resourcePolicy?: unknown;
    /** The principal's identity policy, when it has one. */
    readonly identityPolicy?: unknown;
}

/** The evaluator's overall decision ("Allowed", "ImplicitlyDenied", "ExplicitlyDenied"); a request it cannot evaluate fails the test. */
export async function simulatedDecision(request: SimulatedRequest): Promise<string> {
    const result = await runSimulation(
        {
            request: {
                principal: request.principal,
                action: request.action,
                resource: { resource: request.resource, accountId: request.resourceAccount },
                contextVariables: request.context,
            },
            identityPolicies: request.identityPolicy === undefined ? [] : [{ name: "identity", policy: request.identityPolicy }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            ...(request.resourcePolicy === undefined ? {} : { resourcePolicy: request.resourcePolicy }),
        },
        {},
    );
    if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
}

/**
 * The condition keys VPC Lattice sets on an Invoke from `sourceVpc` (owned by `sourceVpcOwner`) to a
 * service (VPC Lattice User Guide, "Control access to VPC Lattice services using auth policies").
 */
export function latticeInvokeContext(serviceArn: string, sourceVpc: string, sourceVpcOwner: string, more: Record<string, string> = {}): Record<string, string> {
    return { "vpc-lattice-svcs:SourceVpc": sourceVpc, "vpc-lattice-svcs:SourceVpcOwnerAccount": sourceVpcOwner, ...more, "vpc-lattice-svcs:ServiceArn": serviceArn };
}
