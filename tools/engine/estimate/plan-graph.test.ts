import { expect } from "chai";
import { examplePlan } from "../../../test/helpers/plan";
import { estimateDeploy } from "./plan-graph";

describe("estimates over the example plan (structure, not durations)", () => {
    it("GIVEN the example environment THEN the deploy critical path runs from an infra stack through an EKS control plane to apps-frontend", async () => {
        const e = estimateDeploy(await examplePlan());
        const path = e.ours.deploy.path;
        expect(path[0].stack).to.match(/^infra-/);
        expect(path.some((p) => p.type === "aws:eks/cluster:Cluster" && p.stack === path[0].stack)).to.equal(true);
        expect(path[path.length - 1].stack).to.equal("apps-frontend");
        expect(e.walkthrough.deploy.totalS).to.be.greaterThan(e.ours.deploy.totalS);
        expect(e.ours.deploy.totalS).to.be.at.least(e.floor.deploy.totalS);
        expect(e.defaultedTypes).to.deep.equal([]);
    });
});
