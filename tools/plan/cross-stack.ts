import { fieldsOf } from "../../shared/contracts/transport";
import type { Plan, PlannedStack } from "../sim/environment";
import type { RecordedResource } from "../sim/recorder";

/** One value that crosses a stack boundary: the output it comes from and the inputs it lands in. */
export interface CrossStackValue {
    /** `project/stack` of the stack that exports it. */
    readonly from: string;
    readonly output: string;
    readonly value: unknown;
    /** Declared `headline` in its contract: a value the design exists to carry. */
    readonly headline: boolean;
    /** Exported in one account and read in the other. */
    readonly crossesAccounts: boolean;
    /** Lands only in provider settings (account and region plumbing). */
    readonly plumbing: boolean;
    /** `project/stack: resource.input.path` of each input it lands in. */
    readonly into: string[];
    /** Other stack outputs holding the same value which the program requires equal (see Flow.sameValueAs). */
    readonly sameValueAs: string[];
}

const label = (s: PlannedStack) => `${s.project}/${s.stack}`;

/** The stack a fully qualified name (`org/project/stack`) names, within the plan. */
function stackNamed(plan: Plan, qualified: string): PlannedStack | undefined {
    return plan.stacks.find((s) => qualified.endsWith(`/${label(s)}`));
}

/** The resource an input path belongs to: the longest resource name it starts with. */
export function resourceOfInput(resources: RecordedResource[], input: string): RecordedResource | undefined {
    return resources
        .filter((r) => input.startsWith(`${r.name}.`) || input.startsWith(`${r.name}[`))
        .sort((a, b) => b.name.length - a.name.length)[0];
}

/**
 * Every proven flow of the plan, one entry per exported value with all the inputs it lands in
 * across the stacks that read it, in the order a reader needs them: the contracts' headline values,
 * then values crossing between the accounts, then the rest; plumbing (provider account and region) last.
 */
export function crossStackValues(plan: Plan): CrossStackValue[] {
    const byOutput = new Map<string, { from: PlannedStack | undefined; fromName: string; output: string; value: unknown; into: string[]; intoTypes: string[]; readers: PlannedStack[]; same: Set<string> }>();
    for (const reader of plan.stacks) {
        for (const flow of reader.flows) {
            const from = stackNamed(plan, flow.from);
            const key = `${flow.from}\u0000${flow.output}`;
            const entry = byOutput.get(key) ?? { from, fromName: from ? label(from) : flow.from, output: flow.output, value: flow.value, into: [], intoTypes: [], readers: [], same: new Set<string>() };
            for (const input of flow.into) {
                entry.into.push(`${label(reader)}: ${input}`);
                entry.intoTypes.push(resourceOfInput(reader.resources, input)?.type ?? "");
            }
            entry.readers.push(reader);
            for (const s of flow.sameValueAs ?? []) {
                const [ref, output] = s.split(" ");
                const named = stackNamed(plan, ref);
                entry.same.add(`${named ? label(named) : ref} ${output}`);
            }
            byOutput.set(key, entry);
        }
    }
    const values = [...byOutput.values()].map((e): CrossStackValue => {
        const schema = e.from ? fieldsOf(e.from.kind) : {};
        return {
            from: e.fromName,
            output: e.output,
            value: e.value,
            headline: schema[e.output]?.headline === true,
            crossesAccounts: e.from !== undefined && e.readers.some((r) => r.account !== e.from!.account),
            plumbing: e.intoTypes.every((t) => t.startsWith("pulumi:providers:")),
            into: e.into,
            sameValueAs: [...e.same].sort(),
        };
    });
    const rank = (v: CrossStackValue) => (v.plumbing ? 3 : v.headline ? 0 : v.crossesAccounts ? 1 : 2);
    const wave = (v: CrossStackValue) => plan.stacks.findIndex((s) => label(s) === v.from);
    return values.sort((a, b) => rank(a) - rank(b) || wave(a) - wave(b));
}
