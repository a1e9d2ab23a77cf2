import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fakePulumi } from "../../test/helpers/fake-pulumi";
import { ROOT_DIR } from "../../test/helpers/plan";
import { ROLES, RoleId, stackName } from "../../shared/topology";
import { SPEC, USAGE } from "./args";
import { destroyRefusal, missingCliMessage } from "./preflight";
import { tempDir } from "../../test/helpers/temp-dir";

/**
 * Runs the orchestrator as `npm run <action>` does, with only the environment given here (no
 * inherited AWS keys or Pulumi settings), and returns its exit code and output.
 */
function orchestrator(args: string[], env: Record<string, string>) {
    return spawnSync(process.execPath, ["-r", "./tools/engine/register.js", "tools/deploy/main.ts", ...args], {
        cwd: ROOT_DIR,
        encoding: "utf8",
        env,
        input: "", // no terminal: destroy cannot ask
    });
}

/** A PATH folder holding a `pulumi` that records it was called (it must not be, in these tests). */
function pathWithPulumi(): { dir: string; called: () => boolean } {
    const dir = tempDir("pulumi-bin-");
    const marker = path.join(dir, "called");
    fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
    return { dir, called: () => fs.existsSync(marker) };
}


/**
 * Runs `body`, which runs the orchestrator in the repository itself, then removes what that made
 * there: the state folder and logs (when they were not there before) and the named environments' stack files.
 */
function inRepository(body: () => void, environments: readonly string[] = []): void {
    // What the orchestrator writes in the repository: its state folder, and under out/ its logs, locks and policy-pack config.
    const folders = [".pulumi-state", "out/logs", "out/locks", "out/policy"].map((f) => path.join(ROOT_DIR, f));
    const before = new Map(folders.map((f) => [f, fs.existsSync(f) ? new Set(fs.readdirSync(f)) : undefined]));
    try {
        body();
    } finally {
        for (const environment of environments) {
            for (const role of Object.keys(ROLES) as RoleId[]) fs.rmSync(path.join(ROOT_DIR, ROLES[role].project, `Pulumi.${stackName(role, environment)}.yaml`), { force: true });
        }
        for (const [folder, entries] of before) {
            if (entries === undefined) fs.rmSync(folder, { recursive: true, force: true });
            else for (const entry of fs.readdirSync(folder).filter((e) => !entries.has(e))) fs.rmSync(path.join(folder, entry), { recursive: true, force: true });
        }
    }
}

describe("npm run deploy | preview | destroy (the orchestrator's command)", function () {
    this.timeout(60_000);

    it("GIVEN no pulumi on PATH WHEN each command runs THEN the install line comes first, with every other problem after it, and no stack trace", () => {
        const emptyPath = tempDir("no-pulumi-");
        for (const action of ["deploy", "preview", "destroy"] as const) {
            const run = orchestrator([action, "--stack", "example", "--yes"], { PATH: emptyPath });
            expect(run.status, `${action}: ${run.stderr}`).to.equal(1);
            const lines = run.stderr.trimEnd().split("\n");
            expect(lines[0]).to.equal(missingCliMessage(action));
            // The passphrase, and for deploy and preview the placeholder accounts and the private APIs: each its own line.
            expect(lines.slice(1).map((l) => l.split(" ").slice(0, 4).join(" ")), action).to.deep.equal([
                "The local state backend",
                ...(action === "destroy" ? [] : ['Environment "example" uses placeholder', "The EKS API of"]),
            ]);
            expect(run.stderr).to.not.match(/\n\s+at /);
            expect(run.stdout).to.equal("");
        }
    });

    it("GIVEN --help or -h WHEN run THEN it prints the usage with every option and exits 0, even without pulumi", () => {
        for (const args of [["deploy", "--help"], ["destroy", "-h"], ["preview", "--stak", "--help"]]) {
            const run = orchestrator(args, { PATH: "" });
            expect(run.status, args.join(" ")).to.equal(0);
            expect(run.stdout).to.equal(`${USAGE}\n`);
        }
        for (const flag of [...SPEC.options.map((o) => o.flag), "--debug", "--help"]) expect(USAGE).to.match(new RegExp(`\\n  ${flag} `));
    });

    it("GIVEN a wrong flag, action or environment WHEN run THEN it exits 2 with one line suggesting the nearest option", () => {
        const run = orchestrator(["deploy", "--stak", "example"], { PATH: "" });
        expect(run.status).to.equal(2);
        expect(run.stderr).to.equal("unknown option --stak (did you mean --stack?). Run `npm run deploy -- --help` for every option.\n");
        const action = orchestrator(["destory"], { PATH: "" });
        expect([action.status, action.stderr]).to.deep.equal([2, 'unknown action "destory" (did you mean destroy?). Run `npm run deploy -- --help` for every option.\n']);
        const escape = orchestrator(["deploy", "--stack", "../etc"], { PATH: "" });
        expect(escape.status).to.equal(2);
        expect(escape.stderr).to.match(/^environment "\.\.\/etc" is not a valid name: [^\n]*\n$/);
    });

    it("GIVEN the example environment WHEN deployed or previewed THEN it says its accounts are placeholders and stops before Pulumi runs", () => {
        const bin = pathWithPulumi();
        for (const action of ["deploy", "preview"]) {
            const run = orchestrator([action, "--from-inside-vpc"], { PATH: bin.dir, PULUMI_CONFIG_PASSPHRASE: "x" });
            expect(run.status, run.stderr).to.equal(1);
            expect(run.stderr).to.equal(
                'Environment "example" uses placeholder account IDs (111111111111 in infra-frontend/Pulumi.example.yaml, 222222222222 in infra-backend/Pulumi.example.yaml), ' +
                    `which no AWS account has: write your own environment with npm run new-environment -- --name dev --frontend-account ID --backend-account ID --region REGION and run npm run ${action} -- --stack dev; npm start plans the example offline.\n`,
            );
        }
        expect(bin.called()).to.equal(false);
    });

    it("GIVEN stacks that are not in the state backend WHEN destroyed THEN it names each, never says all were destroyed, and exits 3", () => {
        const cli = fakePulumi();
        inRepository(() => {
            const run = orchestrator(["destroy", "--stack", "nodeploy", "--yes"], { PATH: cli.binDir, PULUMI_CONFIG_PASSPHRASE: "x", HOME: cli.binDir });
            expect(run.status, run.stderr).to.equal(3);
            expect(run.stdout).to.contain("      frontend apps/nodeploy-frontend NOT FOUND in the state backend: nothing destroyed\n");
            expect(run.stdout).to.not.match(/All \d+ stacks/);
            expect(run.stderr).to.equal(
                `None of the 6 stacks of "nodeploy" exist in file://${ROOT_DIR}/.pulumi-state: nothing was destroyed.\n` +
                    "Not found: apps/nodeploy-frontend, apps/nodeploy-backend, mesh/nodeploy-backend, mesh/nodeploy-frontend, infra-frontend/nodeploy, infra-backend/nodeploy.\n" +
                    "If they were deployed with another state backend, their resources are still running: set that backend in state-backend.yaml " +
                    "(docs/operations.md) and rerun `npm run destroy -- --stack nodeploy`.\n",
            );
        });
    });

    it("GIVEN a new environment written for a laptop WHEN deployed THEN private APIs stop before Pulumi runs, and public ones open to its address deploy", () => {
        const newEnvironment = (name: string, runFrom: string) =>
            spawnSync(process.execPath, ["-r", "./tools/engine/register.js", "tools/new-environment/main.ts", "--name", name, "--frontend-account", "123456789012", "--backend-account", "210987654321", "--region", "us-west-2", "--run-from", runFrom], { cwd: ROOT_DIR, encoding: "utf8" });
        inRepository(() => {
            expect(newEnvironment("e2e-inside", "vpc").status).to.equal(0);
            const inside = fakePulumi();
            const refused = orchestrator(["deploy", "--stack", "e2e-inside"], { PATH: inside.binDir, PULUMI_CONFIG_PASSPHRASE: "x", HOME: inside.binDir });
            expect(refused.status, refused.stderr).to.equal(1);
            expect(refused.stderr).to.match(
                /^The EKS API of the frontend cluster \(infra-frontend\/Pulumi\.e2e-inside\.yaml\) and the backend cluster \(infra-backend\/Pulumi\.e2e-inside\.yaml\) is private .* rerun with --from-inside-vpc\.\n$/,
            );
            expect(inside.calls(), "pulumi is never called").to.deep.equal([]);

            expect(newEnvironment("e2e-laptop", "203.0.113.7/32").status).to.equal(0);
            const laptop = fakePulumi();
            const deployed = orchestrator(["deploy", "--stack", "e2e-laptop"], { PATH: laptop.binDir, PULUMI_CONFIG_PASSPHRASE: "x", HOME: laptop.binDir });
            // Then the live verify, on the fake CLI's outputs, which have no cluster: it fails before any AWS call, and says so.
            expect(deployed.status, deployed.stderr).to.equal(4);
            expect(laptop.calls().filter((c) => c.args[0] === "up")).to.have.lengthOf(6);
            expect(deployed.stdout).to.match(/\nFAIL  stack-outputs  infra-frontend\/e2e-laptop has no clusterName output; /);
            expect(deployed.stdout).to.not.contain("Yelb: ");
        }, ["e2e-inside", "e2e-laptop"]);
    });

    it("GIVEN the local backend and no passphrase WHEN deploying THEN it says what to set before Pulumi is called", () => {
        const bin = pathWithPulumi();
        const run = orchestrator(["deploy", "--from-inside-vpc"], { PATH: bin.dir });
        expect(run.status).to.equal(1);
        expect(run.stderr).to.match(/^The local state backend \(\.pulumi-state\/\) encrypts stack secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE .*\nEnvironment "example" uses placeholder account IDs .*\n$/);
        expect(bin.called()).to.equal(false);
    });

    it("GIVEN destroy without a terminal and without --yes WHEN run THEN it refuses before Pulumi is called", () => {
        const bin = pathWithPulumi();
        const run = orchestrator(["destroy", "--stack", "dev"], { PATH: bin.dir, PULUMI_CONFIG_PASSPHRASE: "test" });
        expect(run.status).to.equal(1);
        expect(run.stderr).to.equal(`${destroyRefusal("dev")}\n`);
        expect(bin.called()).to.equal(false);
    });
});
