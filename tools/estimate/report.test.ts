import { expect } from "chai";
import { PathStep, Timeline } from "./critical-path";
import { DeployEstimate } from "./plan-graph";
import { formatDeployEstimate } from "./report";

// A hand-made path: five timed steps (one of them zero-length, never shown) of 10, 600, 5, 300 and 60 s.
const step = (label: string, startS: number, endS: number): PathStep => ({ id: label, stack: "infra-backend", type: `t:${label}`, label, startS, endS });
const PATH = [step("vpc", 0, 10), step("cluster", 10, 610), step("component", 610, 610), step("role", 610, 615), step("nodes", 615, 915), step("app", 915, 975)];
const timeline = (totalS: number, path: PathStep[] = []): Timeline => ({ totalS, path, stacks: {} });
const ESTIMATE: DeployEstimate = {
    ours: { deploy: timeline(975, PATH), destroy: timeline(400, [step("app-gone", 0, 60)]) },
    walkthrough: { deploy: timeline(1800), destroy: timeline(700) },
    floor: { deploy: timeline(900), destroy: timeline(380), side: "backend" },
    defaultedTypes: [],
};

describe("deploy estimate text", () => {
    it("GIVEN a longest count WHEN formatted THEN the three figures and only the longest deploy steps show, in the order they run", () => {
        expect(formatDeployEstimate(ESTIMATE, 3).split("\n").slice(1)).to.deep.equal([
            "                                               deploy  destroy",
            "ours (each stack once what it reads is done)  16m 15s   6m 40s",
            "walkthrough-style (one stack after another)   30m 00s  11m 40s",
            "floor (backend account alone)                 15m 00s   6m 20s",
            "ours / floor: 1.08x (deploy)",
            "Deploy critical path, its 3 longest of 5 steps:",
            "    0m 10s ->  10m 10s  infra-backend    cluster",
            "   10m 15s ->  15m 15s  infra-backend    nodes",
            "   15m 15s ->  16m 15s  infra-backend    app",
            "Every resource type has a duration row.",
        ]);
    });

    it("GIVEN no count WHEN formatted THEN both paths are whole, zero-length steps left out", () => {
        const lines = formatDeployEstimate(ESTIMATE).split("\n");
        expect(lines.slice(lines.indexOf("Deploy critical path:"), -1)).to.deep.equal([
            "Deploy critical path:",
            "    0m 00s ->   0m 10s  infra-backend    vpc",
            "    0m 10s ->  10m 10s  infra-backend    cluster",
            "   10m 10s ->  10m 15s  infra-backend    role",
            "   10m 15s ->  15m 15s  infra-backend    nodes",
            "   15m 15s ->  16m 15s  infra-backend    app",
            "Destroy critical path:",
            "    0m 00s ->   1m 00s  infra-backend    app-gone",
        ]);
    });
});
