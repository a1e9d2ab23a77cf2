import { expect } from "chai";
import { GraphNode, schedule } from "./critical-path";

// A hand-worked environment: stacks A and B in wave 0, C in wave 1 (C reads A only).
// A: a1 (10s) <- component a-comp holding a2 (5s, waits for a1) <- a3 (3s, waits for a-comp).
const node = (id: string, stack: string, createS: number, deleteS: number, more: Partial<GraphNode> = {}): GraphNode => ({
    id, stack, type: `t:${id}`, label: id, dependencies: [], custom: true, createS, deleteS, ...more,
});
const GRAPH: GraphNode[] = [
    node("a1", "A", 10, 4),
    node("a-comp", "A", 0, 0, { custom: false }),
    node("a2", "A", 5, 2, { parent: "a-comp", dependencies: ["a1"] }),
    node("a3", "A", 3, 1, { dependencies: ["a-comp"] }),
    node("b1", "B", 20, 6),
    node("c1", "C", 7, 3),
];
const WAVES = { kind: "waves", waves: [["A", "B"], ["C"]] } as const;
const ids = (t: ReturnType<typeof schedule>) => t.path.map((p) => p.id);

describe("critical path over a hand-worked graph", () => {
    it("GIVEN waves WHEN deploying THEN C starts after the slower wave-0 stack: b1 0-20, c1 20-27", () => {
        const t = schedule(GRAPH, WAVES, "deploy");
        expect(t.totalS).to.equal(27);
        expect(ids(t)).to.deep.equal(["b1", "c1"]);
        expect(t.stacks).to.deep.equal({ A: { startS: 0, endS: 18 }, B: { startS: 0, endS: 20 }, C: { startS: 20, endS: 27 } });
    });

    it("GIVEN a dependency on a component THEN the dependent waits for its children: a1 0-10, a2 10-15, a3 15-18", () => {
        const t = schedule(GRAPH.filter((n) => n.stack === "A"), { kind: "waves", waves: [["A"]] }, "deploy");
        expect(t.totalS).to.equal(18);
        expect(t.path.map((p) => [p.id, p.startS, p.endS])).to.deep.equal([["a1", 0, 10], ["a2", 10, 15], ["a3", 15, 18]]);
    });

    it("GIVEN waves WHEN destroying THEN the waves run in reverse and dependents go first: c1 0-3, a3 3-4, a2 4-6, a1 6-10", () => {
        const t = schedule(GRAPH, WAVES, "destroy");
        expect(t.totalS).to.equal(10);
        expect(ids(t)).to.deep.equal(["c1", "a3", "a2", "a1"]);
    });

    it("GIVEN one stack after another (walkthrough) THEN deploy is 18 + 20 + 7 = 45 and destroy 3 + 6 + 7 = 16", () => {
        const order = { kind: "sequential", stacks: ["A", "B", "C"] } as const;
        expect(schedule(GRAPH, order, "deploy").totalS).to.equal(45);
        expect(schedule(GRAPH, order, "destroy").totalS).to.equal(16);
    });

    it("GIVEN stacks that wait only for what they read THEN C follows A alone: 18 + 7 = 25, set by A's chain", () => {
        const t = schedule(GRAPH, { kind: "reads", reads: { A: [], B: [], C: ["A"] } }, "deploy");
        expect(t.totalS).to.equal(25);
        expect(ids(t)).to.deep.equal(["a1", "a2", "a3", "c1"]);
    });
});
