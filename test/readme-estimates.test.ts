import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { estimateCost } from "../tools/engine/estimate/cost";
import { estimateDeploy } from "../tools/engine/estimate/plan-graph";
import { minutes } from "../tools/engine/estimate/report";
import { Plan } from "../tools/sim/environment";
import { ROOT_DIR, examplePlan, latticeExamplePlan, plan } from "./helpers/plan";

/** The README's low-cost profile, laid over both infra stacks. */
const LOW_COST_PROFILE = { natGatewayStrategy: "Single", nodeInstanceType: "t3.medium", nodeMinSize: "2", nodeDesiredSize: "2" };
const lowCostOverrides = Object.fromEntries(
    (["infra-frontend", "infra-backend"] as const).map((project) => [project, Object.fromEntries(Object.entries(LOW_COST_PROFILE).map(([k, v]) => [`${project}:${k}`, v]))]),
);

/** The two example environments, as the README's table lists them, with their shared plans. */
const EXAMPLES: readonly (readonly [string, string, () => Promise<Plan>])[] = [
    ["example", "App Mesh", examplePlan],
    ["example-lattice", "Lattice", latticeExamplePlan],
];

/** The README's estimates table, rows as cells. */
function readmeRows(): string[][] {
    const readme = fs.readFileSync(path.join(ROOT_DIR, "README.md"), "utf8");
    const table = readme.slice(readme.indexOf("<!-- estimates:start -->"), readme.indexOf("<!-- estimates:end -->"));
    return table
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .map((l) => l.split("|").slice(1, -1).map((c) => c.trim()));
}

describe("README: the cost and deploy-time figures are the program's own", function () {
    this.timeout(120_000);

    it("GIVEN both example environments, with and without the low-cost profile WHEN estimated THEN the README's table says exactly that", async () => {
        const rows: string[][] = [];
        for (const [environment, transport, planned] of EXAMPLES) {
            const p = await planned();
            const { ours, walkthrough, floor } = estimateDeploy(p);
            rows.push([
                `\`${environment}\` (${transport})`,
                `$${estimateCost(p).totalUsd.toFixed(2)}`,
                minutes(ours.deploy.totalS),
                minutes(walkthrough.deploy.totalS),
                minutes(floor.deploy.totalS),
                `${(ours.deploy.totalS / floor.deploy.totalS).toFixed(2)}x`,
                minutes(ours.destroy.totalS),
            ]);
            const lowCost = await plan({ configOverrides: lowCostOverrides }, environment);
            rows.push([`\`${environment}\` with the low-cost profile`, `$${estimateCost(lowCost).totalUsd.toFixed(2)}`, "", "", "", "", ""]);
        }
        expect(readmeRows()).to.deep.equal(rows);
    });

    it("GIVEN both example environments WHEN estimated THEN the deploy is within 1.15 times the floor", async () => {
        for (const [environment, , planned] of EXAMPLES) {
            const { ours, floor } = estimateDeploy(await planned());
            expect(ours.deploy.totalS / floor.deploy.totalS, environment).to.be.at.most(1.15);
        }
    });
});
