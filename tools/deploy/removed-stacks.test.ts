import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { PROJECTS, environmentTopology } from "../../shared/topology";
import { withConsoleCaptured } from "../../test/helpers/console";
import { fakePulumi } from "../../test/helpers/fake-pulumi";
import { ROOT_DIR } from "../../test/helpers/plan";
import { Options } from "./args";
import { listStacks } from "./pulumi-runner";
import { accountOfStackName, longerEnvironments, removedTopology } from "./removed-stacks";
import { orchestrate } from "./run";
import { orderOf } from "./schedule";
import { tempDir } from "../../test/helpers/temp-dir";

/**
 * What is left of an offboarded account: its stacks in the state backend, which the environment's
 * topology no longer has. Deploy, preview and destroy refuse while any is left, naming them and the
 * command that destroys exactly them; `destroy --account NAME` destroys them in reverse dependency
 * order and removes them. The fake Pulumi CLI holds the stacks, so nothing reaches Pulumi or AWS.
 */
const HUB = "example-hub";
const hubTopology = () => environmentTopology(HUB, ROOT_DIR);
const hubStacks = () => hubTopology().entries.map((e) => `${e.project}/${e.stack}`);
const byProject = (names: readonly string[]) => Object.fromEntries(PROJECTS.map((p) => [p, names.filter((n) => n.startsWith(`${p}/`)).map((n) => n.slice(p.length + 1))]));
const destroyOrder = (names: readonly string[], longer: readonly string[] = []) => {
    const removed = removedTopology(hubTopology(), byProject(names), longer);
    return orderOf("destroy", removed).map((wave) => wave.map((id) => removed.entries.find((e) => e.id === id)!).map((e) => `${e.project}/${e.stack}`));
};

describe("stacks of removed accounts (removed-stacks.ts)", function () {
    this.timeout(60_000);

    it("GIVEN stack names WHEN read as example-hub's THEN each names its account, infra's bare name the frontend or backend, and others' names none", () => {
        expect(accountOfStackName("mesh", "example-hub-c2", HUB)).to.equal("c2");
        expect(accountOfStackName("infra-frontend", "example-hub", HUB)).to.equal("frontend");
        expect(accountOfStackName("infra-backend", "example-hub", HUB)).to.equal("backend");
        expect(accountOfStackName("apps", "example-hub", HUB)).to.equal(undefined);
        expect(accountOfStackName("apps", "example-hubx-c2", HUB)).to.equal(undefined);
        expect(accountOfStackName("apps", "example-hub-C2", HUB)).to.equal(undefined);
    });

    it("GIVEN the backend holds example-hub's stacks and a removed caller c2's WHEN compared with the topology THEN only c2's three are left over, apps first, infra last", () => {
        expect(destroyOrder([...hubStacks(), "apps/example-hub-c2", "mesh/example-hub-c2", "infra-frontend/example-hub-c2"])).to.deep.equal([
            ["apps/example-hub-c2"],
            ["mesh/example-hub-c2"],
            ["infra-frontend/example-hub-c2"],
        ]);
        expect(destroyOrder(hubStacks())).to.deep.equal([]);
    });

    it("GIVEN a removed provider p1 and its removed caller c3 WHEN ordered THEN the caller's apps go first, then the provider's (it read the caller's VPC), then both mesh stacks, then both infra stacks", () => {
        const left = ["infra-backend/example-hub-p1", "mesh/example-hub-p1", "apps/example-hub-p1", "infra-frontend/example-hub-c3", "mesh/example-hub-c3", "apps/example-hub-c3"];
        expect(destroyOrder([...hubStacks(), ...left])).to.deep.equal([
            ["apps/example-hub-c3"],
            ["apps/example-hub-p1"],
            ["mesh/example-hub-p1", "mesh/example-hub-c3"],
            ["infra-frontend/example-hub-c3", "infra-backend/example-hub-p1"],
        ]);
    });

    it("GIVEN an environment example-hub-eu in the same repository WHEN example-hub's stacks are compared THEN its stacks are never taken for an account eu-... of example-hub", () => {
        const repo = tempDir("removed-longer-");
        for (const project of ["infra-frontend", "infra-backend"]) {
            fs.mkdirSync(path.join(repo, project));
            fs.writeFileSync(path.join(repo, project, "Pulumi.example-hub-eu.yaml"), "config: {}\n");
        }
        fs.writeFileSync(path.join(repo, "infra-frontend", "Pulumi.example-hub-c2.yaml"), "config: {}\n"); // an account's, not an environment
        fs.mkdirSync(path.join(repo, "environments"));
        fs.writeFileSync(path.join(repo, "environments", "example-hub-west.yaml"), "");
        const longer = longerEnvironments(repo, HUB);
        expect(longer).to.deep.equal(["example-hub-eu", "example-hub-west"]);
        const others = ["infra-frontend/example-hub-eu", "mesh/example-hub-eu-frontend", "apps/example-hub-eu-backend", "mesh/example-hub-west-network"];
        expect(destroyOrder([...hubStacks(), ...others, "mesh/example-hub-c2"], longer)).to.deep.equal([["mesh/example-hub-c2"]]);
    });

    it("GIVEN the two-account design WHEN its backend holds look-alike stacks THEN none is left over (it has no accounts to remove)", () => {
        const dev = environmentTopology("dev", ROOT_DIR);
        expect(removedTopology(dev, { mesh: ["dev-c2"], apps: ["dev-c2"] }).entries).to.deep.equal([]);
    });
});

/** A repository with example-hub's description and stack files, and c2's stack files left by --remove-account. */
function hubRepository(): string {
    const repo = tempDir("removed-stacks-");
    for (const project of PROJECTS) {
        fs.mkdirSync(path.join(repo, project));
        fs.copyFileSync(path.join(ROOT_DIR, project, "Pulumi.yaml"), path.join(repo, project, "Pulumi.yaml"));
    }
    fs.mkdirSync(path.join(repo, "environments"));
    fs.copyFileSync(path.join(ROOT_DIR, "environments", `${HUB}.yaml`), path.join(repo, "environments", `${HUB}.yaml`));
    for (const e of hubTopology().entries) fs.copyFileSync(path.join(ROOT_DIR, e.project, `Pulumi.${e.stack}.yaml`), path.join(repo, e.project, `Pulumi.${e.stack}.yaml`));
    for (const project of ["infra-frontend", "mesh", "apps"]) fs.writeFileSync(path.join(repo, project, `Pulumi.${HUB}-c2.yaml`), "config: {}\n");
    return repo;
}

async function run(repo: string, cli: ReturnType<typeof fakePulumi>, options: Partial<Options>): Promise<{ code: number; out: string[]; err: string[] }> {
    const command = await PulumiCommand.get({ root: path.dirname(cli.binDir) });
    const all: Options = { action: "deploy", environment: HUB, profiles: { c2: "acct-c2" }, yes: false, fromInsideVpc: true, debug: false, ...options };
    const { result: code, out, err } = await withConsoleCaptured(() => orchestrate(all, { kind: "local", url: "file:///state" }, repo, { command, ask: async () => "no" }));
    return { code, out, err };
}

describe("npm run deploy | preview | destroy with an offboarded account's stacks left (fake Pulumi CLI)", function () {
    this.timeout(60_000);
    const C2 = ["apps/example-hub-c2", "mesh/example-hub-c2", "infra-frontend/example-hub-c2"];

    it("GIVEN c2 removed from example-hub but its stacks in the backend WHEN deploy, preview or a whole destroy runs THEN each refuses before any stack runs, naming c2's stacks in destroy order and the command that destroys them", async () => {
        const repo = hubRepository();
        const cli = fakePulumi({ existing: [...hubStacks(), ...C2] });
        for (const action of ["deploy", "preview", "destroy"] as const) {
            const result = await run(repo, cli, { action, yes: true });
            expect(result.code, action).to.equal(1);
            const why =
                action === "destroy"
                    ? "destroying the environment first would take the service network from under them"
                    : "deploying the rest first would take the RAM share principal and the callers those stacks still use away from under them";
            expect(result.err, action).to.deep.equal([
                `Environment "example-hub" has stacks in file:///state that environments/example-hub.yaml no longer describes: apps/example-hub-c2, mesh/example-hub-c2, infra-frontend/example-hub-c2 (account c2). ` +
                    `Nothing was run: ${why}${action === "preview" ? " (npm run deploy refuses the same)" : ""}.`,
                "Destroy them first, in this order and after a confirmation: npm run destroy -- --stack example-hub --account c2",
                `then rerun npm run ${action} -- --stack example-hub.`,
            ]);
        }
        expect(cli.calls().filter((c) => c.args[0] !== "version").map((c) => c.args.slice(0, 2).join(" "))).to.have.members(Array(3 * PROJECTS.length).fill("stack ls"));
    });

    it("GIVEN c2's stacks left WHEN npm run destroy -- --account c2 --yes runs THEN exactly c2's three stacks are destroyed, apps to infra, with c2's profile, then removed with their stack files; the others are untouched", async () => {
        const repo = hubRepository();
        const cli = fakePulumi({ existing: [...hubStacks(), ...C2] });
        const result = await run(repo, cli, { action: "destroy", accounts: ["c2"], yes: true });
        expect(result.code, result.err.join("\n")).to.equal(0);
        const acting = cli.calls().filter((c) => ["destroy", "up", "preview"].includes(c.args[0]) || c.args.slice(0, 2).join(" ") === "stack rm");
        const stackOf = (args: string[]) => (args[0] === "stack" ? args[3] : args[args.indexOf("--stack") + 1]);
        expect(acting.map((c) => `${c.args[0] === "stack" ? "rm" : c.args[0]} ${c.project}/${stackOf(c.args)} ${c.awsProfile}`)).to.deep.equal([
            "destroy apps/example-hub-c2 acct-c2",
            "rm apps/example-hub-c2 acct-c2",
            "destroy mesh/example-hub-c2 acct-c2",
            "rm mesh/example-hub-c2 acct-c2",
            "destroy infra-frontend/example-hub-c2 acct-c2",
            "rm infra-frontend/example-hub-c2 acct-c2",
        ]);
        for (const project of ["infra-frontend", "mesh", "apps"]) expect(fs.existsSync(path.join(repo, project, `Pulumi.${HUB}-c2.yaml`)), project).to.equal(false);
        for (const e of hubTopology().entries) expect(fs.existsSync(path.join(repo, e.project, `Pulumi.${e.stack}.yaml`)), e.stack).to.equal(true);
        expect(result.out.at(-1)).to.equal("Removed from file:///state with their stack files. Next: npm run deploy -- --stack example-hub (takes c2 off the share and the callers).");
        // What deploy sees now: the environment's stacks, and nothing left over.
        const command = await PulumiCommand.get({ root: path.dirname(cli.binDir) });
        const listed = await listStacks({ rootDir: repo, backend: { kind: "local", url: "file:///state" }, command }, PROJECTS, "network");
        expect(Object.values(listed).flat().sort()).to.deep.equal(hubTopology().entries.map((e) => e.stack).sort());
        expect(removedTopology(environmentTopology(HUB, repo), listed).entries).to.deep.equal([]);
    });

    it("GIVEN destroy --account of an account still described, or without --yes and not confirmed THEN nothing is destroyed and it says why", async () => {
        const repo = hubRepository();
        const cli = fakePulumi({ existing: [...hubStacks(), ...C2] });
        const still = await run(repo, cli, { action: "destroy", accounts: ["backend"], yes: true });
        expect(still.code).to.equal(1);
        expect(still.err).to.deep.equal([
            'backend is an account of environment "example-hub" (environments/example-hub.yaml), and --account destroys only the stacks of accounts it no longer describes. ' +
                "Offboard it first: npm run new-environment -- --name example-hub --remove-account backend",
        ]);
        const refused = await run(repo, cli, { action: "destroy", accounts: ["c2"] });
        expect(refused.code).to.equal(1);
        expect(refused.err).to.deep.equal(["Not confirmed: nothing was destroyed."]);
        expect(cli.calls().filter((c) => c.args[0] === "destroy")).to.deep.equal([]);
    });
});
