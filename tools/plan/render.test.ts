import { expect } from "chai";
import { examplePlan } from "../../test/helpers/plan";
import { crossStackValues } from "./cross-stack";
import { columns, realResourceCounts, summary } from "./render";

describe("plan summary", () => {
    it("GIVEN rows WHEN laid out THEN columns align and a column of numbers is right-aligned", () => {
        expect(columns([["name", "n"], ["a", "7"], ["longer", "12"]])).to.deep.equal(["  name     n", "  a        7", "  longer  12"]);
    });

    it("GIVEN the example WHEN counted as on AWS THEN each remote component adds what it creates", async () => {
        const p = await examplePlan();
        // infra-frontend: 14 recorded + Vpc 22 + Cluster 6 + ManagedNodeGroup 2 + the vpc-cni Addon 1 (tools/engine/estimate/remote-components.ts).
        expect([...realResourceCounts(p)].map(([s, n]) => [s.role, s.resources.length, n])).to.deep.equal([
            ["infra-frontend", 14, 45],
            ["infra-backend", 19, 51],
            ["mesh-owner", 18, 18],
            ["mesh-participant", 17, 17],
            ["apps-backend", 42, 42],
            ["apps-frontend", 18, 18],
        ]);
        expect(summary(p)).to.contain(
            [
                "  wave  stack                   role                   account  resources  on AWS",
                "     0  infra-frontend/example  infra-frontend    111111111111         14      45",
            ].join("\n"),
        );
    });

    it("GIVEN the example WHEN summarised THEN the values crossing accounts show one line each, the headline value whole", async () => {
        const lines = summary(await examplePlan()).split("\n");
        const from = lines.indexOf("  apps-backend yelbAppserverVirtualServiceArn =");
        expect(lines.slice(from, from + 4)).to.deep.equal([
            "  apps-backend yelbAppserverVirtualServiceArn =",
            "    arn:aws:appmesh:us-west-2:111111111111:mesh/am-multi-account-mesh/virtualService/yelb-appserver",
            "      -> apps-frontend: yelb-ui-virtual-node.spec.backends[0].virtualService.virtualServiceARN",
            "  infra-backend accountId -> mesh-owner (2), mesh-participant (3), apps-backend (1)",
        ]);
        expect(lines.at(-1)).to.match(/^  \d+ more values within one account, every input each lands in, what is not traced: resources.txt$/);
    });

    it("GIVEN the example WHEN cross-stack values are listed THEN the contract's headline ARN comes first with its one input", async () => {
        const values = crossStackValues(await examplePlan());
        expect(values[0]).to.deep.include({
            from: "apps/example-backend",
            output: "yelbAppserverVirtualServiceArn",
            headline: true,
            crossesAccounts: true,
            plumbing: false,
            into: ["apps/example-frontend: yelb-ui-virtual-node.spec.backends[0].virtualService.virtualServiceARN"],
        });
        expect(values.slice(1).every((v) => !v.headline)).to.equal(true);
        // Values read only into the providers (account and region plumbing) come last.
        const plumbing = values.findIndex((v) => v.plumbing);
        expect(plumbing === -1 || values.slice(plumbing).every((v) => v.plumbing)).to.equal(true);
    });
});
