/** The shapes every rule of the pack shares: what a rule is, what it sees and what it reports. */

/**
 * mandatory: a violation blocks `pulumi up` and fails the offline plan. advisory: it is reported
 * (CrossGuard prints it; the offline plan lists it) and blocks nothing, for what a setting may
 * choose on purpose, such as plain HTTP on Lattice.
 */
export type EnforcementLevel = "mandatory" | "advisory";

/** What rules need to know beyond the resource itself. */
export interface RuleContext {
    /** Account IDs RAM may share resources with. */
    readonly allowedPrincipals: readonly string[];
}

/** A rule that looks at one resource's inputs at a time. */
export interface ResourceRule {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    /** The resource types the rule inspects; it has nothing to say about any other. */
    readonly resourceTypes: readonly string[];
    /** The violation messages for one resource of one of `resourceTypes`; none when it complies. */
    readonly check: (type: string, inputs: Record<string, unknown>, context: RuleContext) => string[];
}

/** One resource of a stack as a stack rule sees it: its state (outputs over inputs). */
export interface StackResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly props: Record<string, unknown>;
}

export interface StackViolation {
    /** The resource in violation. */
    readonly urn: string;
    readonly message: string;
}

/** A rule that needs several resources of a stack at once (a node group and its VPC, a cluster and its key). */
export interface StackRule {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly check: (resources: readonly StackResource[], context: RuleContext) => StackViolation[];
}
