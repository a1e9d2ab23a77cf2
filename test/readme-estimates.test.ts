import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { estimateCost } from "../tools/estimate/cost";
import { estimateDeploy } from "../tools/estimate/plan-graph";
import { minutes } from "../tools/estimate/report";
import { ROOT_DIR, plan } from "./helpers/plan";

/** The README's cheaper development profile, laid over both infra stacks. */
const DEV_PROFILE = { natGatewayStrategy: "Single", nodeInstanceType: "t3.medium", nodeMinSize: "2", nodeDesiredSize: "2" };
const devOverrides = Object.fromEntries(
    (["infra-frontend", "infra-backend"] as const).map((project) => [project, Object.fromEntries(Object.entries(DEV_PROFILE).map(([k, v]) => [`${project}:${k}`, v]))]),
);

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

    it("GIVEN both example environments, with and without the dev profile WHEN estimated THEN the README's table says exactly that", async () => {
        const rows: string[][] = [];
        for (const [environment, transport] of [["example", "App Mesh"], ["example-lattice", "Lattice"]]) {
            const p = await plan({}, environment);
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
            const dev = await plan({ configOverrides: devOverrides }, environment);
            rows.push([`\`${environment}\` with the \`dev\` profile`, `$${estimateCost(dev).totalUsd.toFixed(2)}`, "", "", "", "", ""]);
        }
        expect(readmeRows()).to.deep.equal(rows);
    });

    it("GIVEN both example environments WHEN estimated THEN the deploy is within 1.15 times the floor", async () => {
        for (const environment of ["example", "example-lattice"]) {
            const { ours, floor } = estimateDeploy(await plan({}, environment));
            expect(ours.deploy.totalS / floor.deploy.totalS, environment).to.be.at.most(1.15);
        }
    });
});
