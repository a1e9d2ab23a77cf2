import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { PROJECTS, environmentTopology, readsOf } from "../../shared/topology";
import { RAM_SHARE_POLICY, writePolicyPackConfig } from "../../policy/config";
import { ROOT_DIR } from "../../test/helpers/plan";
import { fakePulumi } from "../../test/helpers/fake-pulumi";
import { AutomationRunner } from "./pulumi-runner";
import { eventLine } from "./report";
import { StackEvent, runEnvironment } from "./schedule";
import { stackFileProblems } from "./stack-files";
import { tempDir } from "../../test/helpers/temp-dir";

/**
 * example-hub (environments/example-hub.yaml: a network account owning the service network, the
 * frontend and backend accounts) through the orchestrator, with the fake Pulumi CLI: its stacks are
 * the topology's, each started after what it reads, each with its own account's profile.
 */
const HUB = "example-hub";

describe("orchestrator on example-hub (three accounts, fake Pulumi CLI)", function () {
    this.timeout(60_000);

    it("GIVEN example-hub WHEN deployed THEN every up starts after the ups of what it reads, each with its account's AWS profile, and each line names its account", async () => {
        const repo = tempDir("orchestrate-hub-");
        for (const project of PROJECTS) fs.mkdirSync(path.join(repo, project), { recursive: true });
        fs.mkdirSync(path.join(repo, "environments"));
        fs.copyFileSync(path.join(ROOT_DIR, "environments", `${HUB}.yaml`), path.join(repo, "environments", `${HUB}.yaml`));
        const topology = environmentTopology(HUB, repo);
        const cli = fakePulumi();
        const command = await PulumiCommand.get({ root: path.dirname(cli.binDir) });
        const profiles = { network: "acct-net", frontend: "acct-front" }; // backend: its own name
        const runner = new AutomationRunner({ rootDir: repo, environment: HUB, profiles, backend: { kind: "local", url: "file:///state" }, command });
        const lines: string[] = [];
        const outcome = await runEnvironment("deploy", runner, { topology, onEvent: (e: StackEvent) => lines.push(eventLine(e, topology, undefined, profiles)) });
        expect(outcome.ok, JSON.stringify(outcome.failed)).to.equal(true);

        const ups = cli.calls().filter((c) => c.args[0] === "up").map((c) => ({ stack: `${c.project}/${c.args[c.args.indexOf("--stack") + 1]}`, profile: c.awsProfile }));
        const expected = topology.entries.map((e) => `${e.project}/${e.stack}`);
        expect(ups.map((u) => u.stack)).to.have.members(expected);
        const position = (id: string) => ups.findIndex((u) => u.stack === expected[topology.entries.findIndex((e) => e.id === id)]);
        const reads = readsOf(topology);
        for (const entry of topology.entries) {
            for (const read of reads[entry.id]) expect(position(read), `${entry.id} reads ${read}`).to.be.lessThan(position(entry.id));
        }
        const profileOfStack = Object.fromEntries(ups.map((u) => [u.stack, u.profile]));
        expect(profileOfStack).to.deep.equal({
            "infra-frontend/example-hub": "acct-front",
            "infra-backend/example-hub": "backend",
            "mesh/example-hub-network": "acct-net",
            "mesh/example-hub-frontend": "acct-front",
            "mesh/example-hub-backend": "backend",
            "apps/example-hub-backend": "backend",
            "apps/example-hub-frontend": "acct-front",
        });
        expect(lines.filter((l) => l.includes(" started "))).to.have.members([
            "[1/5] frontend infra-frontend/example-hub started (AWS profile: acct-front)",
            "[1/5] backend  infra-backend/example-hub started (AWS profile: backend)",
            "[2/5] network  mesh/example-hub-network started (AWS profile: acct-net)",
            "[3/5] frontend mesh/example-hub-frontend started (AWS profile: acct-front)",
            "[3/5] backend  mesh/example-hub-backend started (AWS profile: backend)",
            "[4/5] backend  apps/example-hub-backend started (AWS profile: backend)",
            "[5/5] frontend apps/example-hub-frontend started (AWS profile: acct-front)",
        ]);
    });

    it("GIVEN example-hub's stack files WHEN deploy's preflight runs THEN the placeholder check covers all three accounts, the private-API check both clusters", () => {
        const problems = stackFileProblems(ROOT_DIR, environmentTopology(HUB, ROOT_DIR), "deploy");
        expect(problems).to.have.lengthOf(2);
        expect(problems[0]).to.match(
            /^Environment "example-hub" uses placeholder account IDs \(333333333333 in mesh\/Pulumi\.example-hub-network\.yaml, 111111111111 in infra-frontend\/Pulumi\.example-hub\.yaml, 222222222222 in infra-backend\/Pulumi\.example-hub\.yaml\), /,
        );
        // The network account runs no cluster: no private API of its own.
        expect(problems[1]).to.match(/^The EKS API of the frontend cluster \(infra-frontend\/Pulumi\.example-hub\.yaml\) and the backend cluster \(infra-backend\/Pulumi\.example-hub\.yaml\) is private /);
        expect(stackFileProblems(ROOT_DIR, environmentTopology(HUB, ROOT_DIR), "deploy", true)).to.have.lengthOf(1);
    });

    it("GIVEN an environment file whose accounts lack stack files WHEN deploy's preflight runs THEN one line names each missing file and its account", () => {
        const repo = tempDir("orchestrate-hub-missing-");
        for (const project of PROJECTS) fs.cpSync(path.join(ROOT_DIR, project, "Pulumi.yaml"), path.join(repo, project, "Pulumi.yaml"));
        fs.mkdirSync(path.join(repo, "environments"));
        fs.copyFileSync(path.join(ROOT_DIR, "environments", `${HUB}.yaml`), path.join(repo, "environments", "hub2.yaml"));
        fs.copyFileSync(path.join(ROOT_DIR, "infra-frontend", `Pulumi.${HUB}.yaml`), path.join(repo, "infra-frontend", "Pulumi.hub2.yaml"));
        const problems = stackFileProblems(repo, environmentTopology("hub2", repo), "preview");
        expect(problems[0]).to.equal(
            `Environment "hub2" (${path.join(repo, "environments", "hub2.yaml")}) has no mesh/Pulumi.hub2-network.yaml (account network), infra-backend/Pulumi.hub2.yaml (account backend): ` +
                "write each with the account's ID (aws:allowedAccountIds) and region (aws:region), as in the example-hub stack files, then run npm run preview -- --stack hub2 again.",
        );
    });

    it("GIVEN example-hub WHEN the policy pack's config is written THEN RAM may share with every account of it, the network account's included", () => {
        const file = path.join(tempDir("policy-config-hub-"), "config.json");
        writePolicyPackConfig(ROOT_DIR, HUB, file);
        expect(JSON.parse(fs.readFileSync(file, "utf8"))).to.deep.equal({ [RAM_SHARE_POLICY]: { allowedPrincipals: ["333333333333", "111111111111", "222222222222"] } });
    });
});
