/**
 * Deploy and destroy time of an environment from its resource graph, with Pulumi's semantics:
 * within a stack a resource starts when its dependencies and its ancestors' dependencies are done,
 * and depending on a component means waiting for all of its descendants. Across stacks, a stack
 * starts when the stacks before it finish: the previous wave (as tools/deploy/schedule.ts runs
 * them today), the stacks it reads, or every earlier stack (the walkthrough's one-after-another).
 */

export interface GraphNode {
    /** Unique across the environment (a URN). */
    readonly id: string;
    readonly stack: string;
    readonly type: string;
    readonly label: string;
    readonly parent?: string;
    readonly dependencies: readonly string[];
    /** Components take no time of their own; they finish when their descendants do. */
    readonly custom: boolean;
    readonly createS: number;
    readonly deleteS: number;
}

/** How stacks are ordered. `waves`: a stack starts when the whole previous wave is done. */
export type StackOrder =
    | { readonly kind: "waves"; readonly waves: readonly (readonly string[])[] }
    | { readonly kind: "reads"; readonly reads: Readonly<Record<string, readonly string[]>> }
    | { readonly kind: "sequential"; readonly stacks: readonly string[] };

export interface PathStep {
    readonly id: string;
    readonly stack: string;
    readonly type: string;
    readonly label: string;
    readonly startS: number;
    readonly endS: number;
}

export interface Timeline {
    readonly totalS: number;
    /** The chain of resources that sets totalS, first to last in the order they run. */
    readonly path: PathStep[];
    readonly stacks: Record<string, { startS: number; endS: number }>;
}

/** Each custom resource with the custom resources it waits for, components flattened away. */
export function flatten(nodes: readonly GraphNode[]): Map<string, { node: GraphNode; waitsFor: Set<string> }> {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    const children = new Map<string, GraphNode[]>();
    for (const n of nodes) if (n.parent && byId.has(n.parent)) (children.get(n.parent) ?? children.set(n.parent, []).get(n.parent)!).push(n);
    const customsUnder = (id: string, seen = new Set<string>()): string[] => {
        const n = byId.get(id);
        if (!n || seen.has(id)) return [];
        seen.add(id);
        const below = (children.get(id) ?? []).flatMap((c) => customsUnder(c.id, seen));
        return n.custom ? [id, ...below] : below;
    };
    const result = new Map<string, { node: GraphNode; waitsFor: Set<string> }>();
    for (const n of nodes) {
        if (!n.custom) continue;
        const waitsFor = new Set<string>();
        for (let at: GraphNode | undefined = n; at; at = at.parent ? byId.get(at.parent) : undefined) {
            for (const d of at.dependencies) for (const c of customsUnder(d)) if (c !== n.id) waitsFor.add(c);
        }
        result.set(n.id, { node: n, waitsFor });
    }
    return result;
}

/** The stacks that must finish before `stack` starts, for deploy. */
function predecessors(order: StackOrder, stack: string): string[] {
    if (order.kind === "reads") return [...(order.reads[stack] ?? [])];
    if (order.kind === "sequential") return order.stacks.slice(0, Math.max(0, order.stacks.indexOf(stack)));
    const wave = order.waves.findIndex((w) => w.includes(stack));
    return wave > 0 ? [...order.waves[wave - 1]] : [];
}

function stacksOf(order: StackOrder, nodes: readonly GraphNode[]): string[] {
    const listed = order.kind === "waves" ? order.waves.flat() : order.kind === "sequential" ? [...order.stacks] : Object.keys(order.reads);
    return [...new Set([...listed, ...nodes.map((n) => n.stack)])];
}

/**
 * Runs the graph forward (deploy) or backward (destroy). Backward, a resource is deleted after every
 * resource that waits for it, and a stack after every stack that had to wait for it.
 */
export function schedule(nodes: readonly GraphNode[], order: StackOrder, direction: "deploy" | "destroy"): Timeline {
    const flat = flatten(nodes);
    const stacks = stacksOf(order, nodes);
    const before = new Map<string, string[]>(stacks.map((s) => [s, []]));
    for (const s of stacks) {
        for (const p of predecessors(order, s)) {
            if (direction === "deploy") before.get(s)!.push(p);
            else (before.get(p) ?? before.set(p, []).get(p)!).push(s);
        }
    }
    const waits = new Map<string, string[]>();
    for (const [id, { waitsFor }] of flat) {
        if (direction === "deploy") waits.set(id, [...waitsFor]);
        else {
            if (!waits.has(id)) waits.set(id, []);
            for (const w of waitsFor) (waits.get(w) ?? waits.set(w, []).get(w)!).push(id);
        }
    }
    const duration = (n: GraphNode) => (direction === "deploy" ? n.createS : n.deleteS);
    const end = new Map<string, number>();
    const cause = new Map<string, string | undefined>();
    const stackTimes: Record<string, { startS: number; endS: number }> = {};
    const stackCause = new Map<string, string | undefined>();
    const visiting = new Set<string>();

    const stackTime = (s: string): { startS: number; endS: number } => {
        if (stackTimes[s]) return stackTimes[s];
        if (visiting.has(`stack:${s}`)) throw new Error(`stack order has a cycle through ${s}`);
        visiting.add(`stack:${s}`);
        let startS = 0;
        let startCause: string | undefined;
        for (const p of before.get(s) ?? []) {
            const t = stackTime(p);
            if (t.endS > startS || startCause === undefined) {
                startS = Math.max(startS, t.endS);
                startCause = lastOf(p);
            }
        }
        stackCause.set(s, startCause);
        stackTimes[s] = { startS, endS: startS };
        let endS = startS;
        for (const [id, { node }] of flat) if (node.stack === s) endS = Math.max(endS, finish(id));
        stackTimes[s] = { startS, endS };
        visiting.delete(`stack:${s}`);
        return stackTimes[s];
    };
    const lastOf = (s: string): string | undefined => {
        let best: string | undefined;
        for (const [id, { node }] of flat) if (node.stack === s && (best === undefined || finish(id) > finish(best))) best = id;
        return best ?? stackCause.get(s);
    };
    const finish = (id: string): number => {
        const known = end.get(id);
        if (known !== undefined) return known;
        if (visiting.has(id)) throw new Error(`resource graph has a cycle through ${id}`);
        visiting.add(id);
        const { node } = flat.get(id)!;
        let ready = stackTime(node.stack).startS;
        let why = stackCause.get(node.stack);
        for (const w of waits.get(id) ?? []) {
            const t = finish(w);
            if (t > ready) {
                ready = t;
                why = w;
            }
        }
        visiting.delete(id);
        end.set(id, ready + duration(node));
        cause.set(id, why);
        return ready + duration(node);
    };

    for (const s of stacks) stackTime(s);
    let last: string | undefined;
    for (const id of flat.keys()) if (last === undefined || finish(id) > finish(last)) last = id;
    const path: PathStep[] = [];
    for (let at = last; at !== undefined; at = cause.get(at)) {
        const { node } = flat.get(at)!;
        const endS = finish(at);
        path.unshift({ id: at, stack: node.stack, type: node.type, label: node.label, startS: endS - duration(node), endS });
    }
    return { totalS: last === undefined ? 0 : finish(last), path, stacks: stackTimes };
}
