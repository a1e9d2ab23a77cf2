import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ROOT_DIR, examplePlan, plan, refusal } from "../../test/helpers/plan";
import { PlanError } from "../sim/environment";
import { evaluatePlan } from "../../policy/evaluate";
import { manifestsYaml, planJson, resourcesText } from "./render";
import { tempDir } from "../../test/helpers/temp-dir";

/** Runs `npm start` the way a user does (the same node command), into the given or a temporary folder. */
function npmStart(args: string[], out = path.join(tempDir("plan-"), "plan")) {
    const run = spawnSync(process.execPath, ["-r", "./tools/engine/register.js", "tools/plan/main.ts", "--out", out, ...args], {
        cwd: ROOT_DIR,
        encoding: "utf8",
    });
    return { ...run, out };
}

const planFiles = (dir: string) =>
    [path.join(dir, "plan.json"), path.join(dir, "resources.txt"), ...fs.readdirSync(path.join(dir, "manifests")).map((f) => path.join(dir, "manifests", f))].map((f) => [
        path.relative(dir, f),
        fs.readFileSync(f, "utf8"),
    ]);

describe("npm start (the offline plan)", () => {
    let first: ReturnType<typeof npmStart>;
    before(() => {
        first = npmStart(["--stack", "example"]);
    });

    it("GIVEN the example WHEN planned by npm start and again in this process THEN it succeeds and the plan files are identical", async () => {
        expect(first.status, first.stderr).to.equal(0);
        // The same files from another process's plan of the same code: the plan is deterministic.
        const again = await examplePlan();
        const manifests = again.stacks.map((s) => [path.join("manifests", `${s.project}.${s.stack}.yaml`), manifestsYaml(s)]).filter(([, text]) => text !== "");
        const byName = (files: string[][]) => [...files].sort(([a], [b]) => a.localeCompare(b));
        expect(byName(planFiles(first.out))).to.deep.equal(byName([["plan.json", planJson(again, evaluatePlan(again))], ["resources.txt", resourcesText(again)], ...manifests]));
        const plan = JSON.parse(fs.readFileSync(path.join(first.out, "plan.json"), "utf8"));
        expect(plan.environment).to.equal("example");
        expect(plan.policyViolations).to.deep.equal([]);
        const lines = first.stdout.trimEnd().split("\n");
        expect(lines[0]).to.equal('== Environment "example": App Mesh, the walkthrough\'s design (reference only)');
        expect(lines[1]).to.equal("AWS ended App Mesh on 2026-09-30: this plan cannot be deployed (docs/transports.md).");
        for (const start of ["Stacks in deploy order, in us-west-2", "Values that cross accounts", "Time:   deploy ", "Cost:   $", "Policy: no violations in 6 stacks"]) {
            expect(lines.filter((l) => l.startsWith(start)), start).to.have.lengthOf(1);
        }
        // One screen: about 40 lines, none wider than 100 columns; the rest is in the files it names last.
        expect(lines.length, first.stdout).to.be.at.most(42);
        // Measured as a user sees it, with the default out/plan: the temporary folder's length is the machine's.
        const asByDefault = lines.map((l) => l.replace(first.out, "out/plan"));
        expect(asByDefault.filter((l) => l.length > 100), "lines wider than 100 columns").to.deep.equal([]);
        expect(lines.slice(-2).join("\n")).to.equal(
            `Wrote ${first.out}/: plan.json (every output whole), resources.txt (resources, flows),\n` +
                "  estimates.txt (critical paths, prices and their sources), manifests/ (the Kubernetes objects)",
        );
    });

    it("GIVEN the example WHEN run THEN the per-type listing is in resources.txt, not on the terminal", () => {
        const listing = fs.readFileSync(path.join(first.out, "resources.txt"), "utf8");
        const frontend = listing.slice(listing.indexOf("\napps/example-frontend\n"));
        expect(frontend).to.match(/^\napps\/example-frontend\n(  \d  .*\n)*  3  pulumi:pulumi:StackReference\n/);
        expect(first.stdout).not.to.contain("pulumi:pulumi:StackReference");
        // What each remote component creates, and every input a value lands in, are in the file only.
        expect(listing).to.contain("Remote components: one resource each under the mocks");
        expect(first.stdout).not.to.contain("Remote components: one resource each under the mocks");
    });

    it("GIVEN a good plan in the folder WHEN a later run is refused THEN the good plan stays and the message says it is not this run's", () => {
        const before = planFiles(first.out);
        const refused = npmStart(["--stack", "nosuchenv"], first.out);
        expect(refused.status).to.equal(1);
        expect(refused.stderr).to.contain(`${first.out}/ still holds the last good plan, not this run's.`); // outside the repository: absolute, never ../
        expect(planFiles(first.out)).to.deep.equal(before);
    });

    it("GIVEN an environment without stack files WHEN run THEN it exits 1 naming the file to create, and writes nothing", () => {
        const run = npmStart(["--stack", "nosuchenv"]);
        expect(run.status).to.equal(1);
        expect(run.stderr).to.contain("No stack config infra-frontend/Pulumi.nosuchenv.yaml");
        expect(run.stderr).not.to.contain("last good plan");
        expect(fs.existsSync(run.out)).to.equal(false);
    });

    it("GIVEN no --stack WHEN --out is given THEN it is refused naming the two environments planned by default, Lattice first", () => {
        const run = npmStart([]);
        expect(run.status).to.equal(2);
        expect(run.stderr).to.equal(
            "--out takes one environment (without --stack, example-lattice, example-hub, example are planned); name it with --stack, " +
                "or leave --out out to write each to out/plan/ENVIRONMENT. Run `npm start -- --help` for every option.\n",
        );
    });

    it("GIVEN an unknown option WHEN run THEN one line suggests the nearest and exits 2", () => {
        const run = npmStart(["--stak", "example"]);
        expect(run.status).to.equal(2);
        expect(run.stderr).to.equal("unknown option --stak (did you mean --stack?). Run `npm start -- --help` for every option.\n");
    });

    it("GIVEN --help WHEN run THEN every option is described and it exits 0 without planning", () => {
        const run = npmStart(["--help"]);
        expect(run.status).to.equal(0);
        for (const option of ["--stack ENVIRONMENT", "--config-dir DIR", "--out DIR", "--debug", "--help"]) expect(run.stdout).to.contain(`\n  ${option} `);
        expect(fs.existsSync(run.out)).to.equal(false);
    });

    it("GIVEN an environment name with a path in it WHEN run THEN it is refused before any file is read", () => {
        const run = npmStart(["--stack", "../etc"]);
        expect(run.status).to.equal(2);
        expect(run.stderr).to.match(/^environment "\.\.\/etc" is not a valid name: .*\. Run `npm start -- --help` for every option\.\n$/);
    });

    it("GIVEN stack files outside the current folder WHEN refused THEN the message shows an absolute path, never ../", () => {
        const configDir = tempDir("config-dir-");
        const run = npmStart(["--config-dir", configDir, "--stack", "nosuchenv"]);
        expect(run.status).to.equal(1);
        expect(run.stderr).to.contain(`No stack config ${path.join(configDir, "infra-frontend", "Pulumi.nosuchenv.yaml")} for environment`);
        expect(run.stderr).to.not.contain("../");
        expect(run.stderr).to.not.match(/\n\s+at /);
    });

    // In this process: exit 1 without a stack trace, for a refused config, is the refusals table's
    // command test (test/refusals.test.ts); a second `npm start` would load the SDKs again for it.
    it("GIVEN an encrypted value WHEN planned THEN it is refused in one line per problem with the file, as a refusal (no stack trace)", async () => {
        const configDir = tempDir("config-dir-");
        for (const [project, account] of [["infra-frontend", "123456789011"], ["infra-backend", "123456789012"]]) {
            fs.mkdirSync(path.join(configDir, project));
            fs.writeFileSync(
                path.join(configDir, project, "Pulumi.sec.yaml"),
                `config:\n  aws:region: us-west-2\n  aws:allowedAccountIds: ["${account}"]\n  ${project}:nodeInstanceType:\n    secure: AAABAx\n`,
            );
        }
        const refused = await refusal(plan({ stackConfigDir: configDir }, "sec"));
        expect(refused.message).to.contain(`Invalid configuration for stack file ${path.join(configDir, "infra-frontend", "Pulumi.sec.yaml")}:\n  - infra-frontend:nodeInstanceType: is encrypted (secure:), and the offline plan cannot decrypt it.`);
        // A RunError is what the CLI and the Pulumi engine print as its message alone.
        const cause = refused instanceof PlanError && refused.cause !== undefined ? refused.cause : refused;
        expect(pulumi.RunError.isInstance(cause), `a refusal, not a crash: ${String(cause)}`).to.equal(true);
    });
});
