import type { SimulatedAccount, StoredStack } from "./cloud";
import type { Flow, RecordedResource, UntracedOutput } from "../engine/plan-model";

export type { Flow, UntracedOutput } from "../engine/plan-model";

/**
 * Which resource inputs of a stack are computed from which outputs of the stacks it reads, shown by
 * experiment rather than by resemblance: the stack's program runs a second time with every
 * referenced output answered by a changed value (a marker unique to that output, of the same kind,
 * found nowhere in the first run), and an input is fed by an output only when the input changed
 * and undoing the markers in it gives back exactly its first-run value. An input that merely
 * contains a referenced value does not change, so it is never reported.
 */


export interface FlowTrace {
    readonly flows: Flow[];
    readonly untraced: UntracedOutput[];
}

/**
 * Runs the reading stack's program again with these StackReference answers, in a copy of its
 * account where names keyed by an original value are also known by its marker (a mesh the
 * namespace label names exists under the changed name too, as it would had the other stack made it).
 */
export type Replan = (answers: Map<string, StoredStack>, aliases: Map<string, string>) => Promise<RecordedResource[]>;

type Leaf = string | number;
interface Marked {
    readonly id: string;
    readonly from: string;
    readonly output: string;
    readonly value: unknown;
    /** Original and marker of each string or number the output holds. */
    readonly pairs: [Leaf, Leaf][];
    /** The same, plus each string without its kind head (a URL without its scheme), for undoing. */
    readonly undo: [Leaf, Leaf][];
}

// Keeps what says what kind of string it is, so the program treats the marker as the same kind of
// value: a URL's scheme, an ARN's `arn:partition:service:` head.
const KIND_HEAD = /^(?:[a-z][a-z0-9+.-]*:\/\/|arn:[a-z-]+:[a-z0-9-]+:)/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(\/\d{1,2})?$/;

/** The k-th marker of a string: letters and digits shifted within their class; an address moves its second octet. */
export function markText(text: string, k: number): string {
    const ip = IPV4.exec(text);
    if (ip) return `${ip[1]}.${(Number(ip[2]) + k) % 256}.${ip[3]}.${ip[4]}${ip[5] ?? ""}`;
    const head = KIND_HEAD.exec(text)?.[0] ?? "";
    const shift = (c: string, base: string, size: number, by: number) => String.fromCharCode(((c.charCodeAt(0) - base.charCodeAt(0) + by) % size) + base.charCodeAt(0));
    const body = text.slice(head.length).replace(/[a-z]|[A-Z]|[0-9]/g, (c) =>
        /[0-9]/.test(c) ? shift(c, "0", 10, ((k - 1) % 9) + 1) : shift(c, /[a-z]/.test(c) ? "a" : "A", 26, ((k - 1) % 25) + 1),
    );
    return head + body;
}

/** A string's part after its kind head: where the marker is, and what a program may cut it down to. */
function body(text: Leaf): Leaf {
    return typeof text === "string" && !IPV4.test(text) ? text.slice(KIND_HEAD.exec(text)?.[0].length ?? 0) : text;
}

function leavesOf(value: unknown): Leaf[] {
    if (typeof value === "string" || typeof value === "number") return [value];
    return Array.isArray(value) ? value.flatMap(leavesOf) : [];
}

function markValue(value: unknown, k: number): unknown {
    if (typeof value === "string") return markText(value, k);
    if (typeof value === "number") return value + k;
    return Array.isArray(value) ? value.map((v) => markValue(v, k)) : value;
}

/** Every input leaf of the stack's resources, by `urn` + path, with its display name. */
function inputLeaves(resources: RecordedResource[]): Map<string, { at: string; value: unknown }> {
    const leaves = new Map<string, { at: string; value: unknown }>();
    const visit = (r: RecordedResource, node: unknown, at: string) => {
        if (Array.isArray(node)) node.forEach((item, i) => visit(r, item, `${at}[${i}]`));
        else if (node !== null && typeof node === "object") for (const [k, v] of Object.entries(node)) visit(r, v, `${at}.${k}`);
        else leaves.set(`${r.urn}\u0000${at}`, { at: `${r.name}${at}`, value: node });
    };
    for (const r of resources) if (r.type !== "pulumi:pulumi:StackReference") visit(r, r.inputs, "");
    return leaves;
}

/**
 * Markers for every output: the smallest k whose marker differs from the original, occurs nowhere
 * in the first run, and neither contains nor is contained in another output's marker. With
 * `sharedByValue`, outputs holding equal values get one marker (for programs that require them equal).
 */
function chooseMarkers(outputs: { from: string; output: string; value: unknown }[], corpus: string, numbers: Set<number>, sharedByValue: boolean): Marked[] {
    const taken: Leaf[] = [];
    const byValue = new Map<string, [Leaf, Leaf][]>();
    const clashes = (marker: Leaf, original: Leaf) =>
        marker === original ||
        (typeof marker === "number" ? numbers.has(marker) : corpus.includes(marker)) ||
        taken.some((t) => t === marker || (typeof t === "string" && typeof marker === "string" && (t.includes(marker) || marker.includes(t))));
    return outputs.map(({ from, output, value }) => {
        const key = JSON.stringify(value);
        let pairs = sharedByValue ? byValue.get(key) : undefined;
        for (let k = 1; pairs === undefined && k < 500; k++) {
            const candidate = leavesOf(markValue(value, k));
            const originals = leavesOf(value);
            if (originals.every((o, i) => !clashes(body(candidate[i]), body(o))) && new Set(candidate).size === candidate.length) {
                pairs = originals.map((o, i) => [o, candidate[i]]);
                taken.push(...candidate.map(body));
            }
        }
        byValue.set(key, pairs ?? []);
        const found = pairs ?? [];
        const undo = [...found, ...found.filter(([o]) => body(o) !== o).map(([o, x]): [Leaf, Leaf] => [body(o), body(x)])];
        return { id: `${from}\u0000${output}`, from, output, value, pairs: found, undo };
    });
}

/** The outputs an input changed by is fed from, or none when its change is not exactly their markers. */
function feeders(before: unknown, after: unknown, marked: Marked[]): Marked[] {
    if (before === after) return [];
    if (typeof before === "number" && typeof after === "number") {
        return marked.filter((m) => m.pairs.some(([o, x]) => o === before && x === after));
    }
    if (typeof before !== "string" || typeof after !== "string") return [];
    const found = marked.flatMap((m) => m.undo.filter(([, x]) => after.includes(String(x))).map(([o, x]) => ({ m, o: String(o), x: String(x) })));
    let undone = after;
    for (const { o, x } of [...found].sort((a, b) => b.x.length - a.x.length)) undone = undone.split(x).join(o);
    return undone === before ? [...new Set(found.map((f) => f.m))] : [];
}

/**
 * Traces the flows of every non-secret output of the referenced stacks into the reading stack's
 * inputs. A second run marks them all with distinct markers; if the program refuses that (two values
 * it requires equal now differ), one run where equal values share a marker. If that is refused too,
 * the outputs are split in halves, each traced while the other keeps its real values, down to single
 * outputs: only an output whose own change the program refuses (a setting it checks, such as the
 * transport) is left untraced, with the program's reason. Nothing is ever guessed.
 */
export async function traceFlows(references: string[], stored: (name: string) => StoredStack, first: RecordedResource[], replan: Replan): Promise<FlowTrace> {
    const outputs = references.flatMap((from) => {
        const s = stored(from);
        return Object.entries(s.outputs).map(([output, value]) => ({ from, output, value, secret: s.secretOutputNames.includes(output) }));
    });
    const untraced: UntracedOutput[] = [];
    const traceable = outputs.filter((o) => {
        const reason = o.secret ? "a secret: its value is never shown" : leavesOf(o.value).length === 0 ? "holds no string or number to mark" : undefined;
        if (reason) untraced.push({ from: o.from, output: o.output, reason });
        return reason === undefined;
    });
    const before = inputLeaves(first);
    const corpus = JSON.stringify([first.map((r) => [r.inputs, r.outputs]), outputs.map((o) => o.value)]);
    const numbers = new Set([...before.values()].map((l) => l.value).filter((v): v is number => typeof v === "number"));

    /** One second run with these outputs marked (the others keep their real values): its flows, or the program's refusal. */
    const attempt = async (subset: typeof traceable, shared: boolean): Promise<Flow[] | { refused: string }> => {
        const marked = chooseMarkers(subset, corpus, numbers, shared);
        const answers = new Map(references.map((ref) => [ref, { ...stored(ref), outputs: { ...stored(ref).outputs } }]));
        const aliases = new Map<string, string>();
        for (const m of marked) {
            const markedValue = m.pairs.length === 0 ? m.value : rebuild(m.value, new Map(m.pairs));
            answers.get(m.from)!.outputs[m.output] = markedValue;
            for (const [o, x] of m.pairs) if (typeof o === "string") aliases.set(o, String(x));
        }
        let second: RecordedResource[];
        try {
            second = await replan(answers, aliases);
        } catch (e) {
            return { refused: firstLine(e) };
        }
        const after = inputLeaves(second);
        const into = new Map<Marked, Set<string>>();
        for (const [key, leaf] of before) {
            if (!after.has(key)) continue;
            for (const m of feeders(leaf.value, after.get(key)!.value, marked)) into.set(m, (into.get(m) ?? new Set()).add(leaf.at));
        }
        const flows: Flow[] = [];
        for (const m of marked) {
            const found = [...(into.get(m) ?? [])].sort();
            if (found.length === 0) continue;
            const same = shared ? marked.filter((n) => n !== m && n.pairs === m.pairs).map((n) => `${n.from} ${n.output}`) : [];
            flows.push({ from: m.from, output: m.output, value: m.value, into: found, ...(same.length > 0 ? { sameValueAs: same } : {}) });
        }
        return flows;
    };

    const trace = async (subset: typeof traceable): Promise<Flow[]> => {
        let result = await attempt(subset, false);
        if (!Array.isArray(result) && subset.length > 1) result = await attempt(subset, true);
        if (Array.isArray(result)) return result;
        if (subset.length === 1) {
            untraced.push({ from: subset[0].from, output: subset[0].output, reason: `the program refuses a changed value (${result.refused})` });
            return [];
        }
        const half = Math.ceil(subset.length / 2);
        return [...(await trace(subset.slice(0, half))), ...(await trace(subset.slice(half)))];
    };

    const flows = traceable.length === 0 ? [] : await trace(traceable);
    // In the order of the outputs, whichever run proved them.
    const order = (f: { from: string; output: string }) => traceable.findIndex((o) => o.from === f.from && o.output === f.output);
    return { flows: flows.sort((x, y) => order(x) - order(y)), untraced: untraced.sort((x, y) => order(x) - order(y)) };
}

function rebuild(value: unknown, markers: Map<Leaf, Leaf>): unknown {
    if (typeof value === "string" || typeof value === "number") return markers.get(value) ?? value;
    return Array.isArray(value) ? value.map((v) => rebuild(v, markers)) : value;
}

function firstLine(e: unknown): string {
    const cause = (e as { cause?: unknown }).cause ?? e;
    return (cause instanceof Error ? cause.message : String(cause)).split("\n")[0];
}

/** A copy of an account's simulated world in which every name keyed by an original value is also keyed by its marker. */
export function accountWithAliases(account: SimulatedAccount, aliases: Map<string, string>): SimulatedAccount {
    const copy = (value: unknown): unknown => {
        if (value instanceof Map) {
            const out = new Map<unknown, unknown>();
            for (const [k, v] of value) {
                out.set(k, copy(v));
                if (typeof k === "string" && aliases.has(k)) out.set(aliases.get(k), copy(v));
            }
            return out;
        }
        if (Array.isArray(value)) return value.map(copy);
        if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
        return value;
    };
    return { ...account, cluster: copy(account.cluster) as SimulatedAccount["cluster"] };
}
