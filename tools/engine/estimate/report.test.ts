import { expect } from "chai";
import { PathStep, Timeline } from "./critical-path";
import { DeployEstimate } from "./plan-graph";
import { formatDeployEstimate, formatTimeHeadline } from "./report";

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
    it("GIVEN an estimate WHEN its terminal line is formatted THEN ours, the floor with the ratio and the walkthrough's order show", () => {
        expect(formatTimeHeadline(ESTIMATE).split("\n")).to.deep.equal([
            "Time:   deploy 16m 15s, destroy 6m 40s (each stack once what it reads is done)",
            "        floor 15m 00s (backend account alone, 1.08x); one stack after another 30m 00s",
        ]);
        expect(formatTimeHeadline({ ...ESTIMATE, defaultedTypes: ["a:b", "c:d"] })).to.match(/; 2 types without a duration row$/);
    });

    it("GIVEN an estimate WHEN formatted for estimates.txt THEN both paths are whole, zero-length steps left out", () => {
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
