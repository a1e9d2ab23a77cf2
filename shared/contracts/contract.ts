import * as pulumi from "@pulumi/pulumi";

/**
 * A stack contract: the outputs one stack exports and others read, declared once. The schema is
 * a runtime value (so the reader can check what it receives) from which the TypeScript types of
 * both sides are derived (so the producer's exports and the consumer's reads cannot disagree).
 */
export type FieldKind = "string" | "string[]" | "number" | "number[]" | "boolean";

export interface Field {
    readonly kind: FieldKind;
    /** Exported as a Pulumi secret; the reader hands it on as a secret Output. */
    readonly secret?: boolean;
    /**
     * One of the values the design exists to carry across accounts; the offline plan lists it first
     * among the cross-stack values.
     * @default false
     */
    readonly headline?: boolean;
    readonly description: string;
}

export type Schema = Readonly<Record<string, Field>>;

type KindValue<K extends FieldKind> = K extends "string"
    ? string
    : K extends "string[]"
      ? string[]
      : K extends "number[]"
        ? number[]
        : K extends "number"
        ? number
        : boolean;

/** What a consumer gets: plain values, secrets as secret Outputs. */
export type ContractValues<S extends Schema> = {
    readonly [P in keyof S]: S[P] extends { secret: true } ? pulumi.Output<KindValue<S[P]["kind"]>> : KindValue<S[P]["kind"]>;
};

/** What a producer exports: any Input of the right type for each key, and no other key. */
export type ContractExports<S extends Schema> = {
    [P in keyof S]: pulumi.Input<KindValue<S[P]["kind"]>>;
};

export interface Contract<S extends Schema> {
    /** Says what the contract is, for error messages ("infra (backend account)"). */
    readonly title: string;
    readonly schema: S;
}

export function defineContract<S extends Schema>(title: string, schema: S): Contract<S> {
    return { title, schema };
}

/** Thrown when a referenced stack lacks an output or has one of the wrong type. */
export class ContractError extends pulumi.RunError {
    constructor(message: string) {
        super(message);
        this.name = "ContractError";
    }
}

function kindOf(value: unknown): FieldKind | "other" {
    if (typeof value === "string") return "string";
    if (typeof value === "number") return "number";
    if (typeof value === "boolean") return "boolean";
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) return "string[]";
    if (Array.isArray(value) && value.every((v) => typeof v === "number")) return "number[]";
    return "other";
}

/**
 * Reads the outputs of a contract from a stack, before the caller declares any resource: the
 * `fields` named (only those are read and checked), or every output when none are named.
 * Fails with one message naming the stack, every missing output and every output of the wrong type.
 */
export async function readContract<S extends Schema, K extends keyof S & string = keyof S & string>(
    contract: Contract<S>,
    reference: pulumi.StackReference,
    stackName: string,
    overrideKey: string,
    fields?: readonly K[],
): Promise<Pick<ContractValues<S>, K>> {
    const values: Record<string, unknown> = {};
    const missing: string[] = [];
    const wrong: string[] = [];
    const keys: readonly string[] = fields ?? Object.keys(contract.schema);
    for (const key of keys) {
        const field = contract.schema[key];
        let details: pulumi.StackReferenceOutputDetails;
        try {
            details = await reference.getOutputDetails(key);
        } catch (e) {
            throw new ContractError(
                `Stack ${stackName} (${contract.title}) could not be read: ${e instanceof Error ? e.message : String(e)}\n` +
                    `Deploy ${stackName} first (pulumi up in its project), or point config key ${overrideKey} at the stack that provides it.`,
            );
        }
        const value = details.value ?? details.secretValue;
        if (value === undefined || value === null) {
            missing.push(key);
            continue;
        }
        const kind = Array.isArray(value) && value.length === 0 && field.kind.endsWith("[]") ? field.kind : kindOf(value);
        if (kind !== field.kind) {
            wrong.push(`${key} is ${kind === "other" ? typeof value : kind}, expected ${field.kind}`);
            continue;
        }
        values[key] = field.secret ? pulumi.secret(value) : value;
    }
    if (missing.length > 0 || wrong.length > 0) {
        const lines = [`Stack ${stackName} does not provide the ${contract.title} contract:`];
        if (missing.length > 0) lines.push(`  missing outputs: ${missing.join(", ")}`);
        if (wrong.length > 0) lines.push(`  wrong types: ${wrong.join("; ")}`);
        lines.push(
            `Deploy ${stackName} first (pulumi up in its project), or point config key ${overrideKey} at the stack that provides it.`,
        );
        throw new ContractError(lines.join("\n"));
    }
    return values as Pick<ContractValues<S>, K>;
}
