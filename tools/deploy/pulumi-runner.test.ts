import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { PROJECTS, ROLES, RoleId, buildTopology, entryOf, stackName } from "../../shared/topology";
import { AutomationRunner, isMissingCli, logPath } from "./pulumi-runner";
import { StateBackend } from "../engine/state-backend";
import { interrupts } from "./interrupt";
import { Progress, applicationUrls, closingLines, eventLine } from "./report";
import { Outcome, ScheduleOptions, runEnvironment } from "./schedule";
import { FakePulumiBehaviour, FakePulumiCall, fakePulumi } from "../../test/helpers/fake-pulumi";
import { tempDir } from "../../test/helpers/temp-dir";
import { withConsoleCaptured } from "../../test/helpers/console";

type Call = FakePulumiCall;

/** A repository folder with the four (empty) project folders, and the fake Pulumi CLI beside it. */
function fakeWorld(behaviour: FakePulumiBehaviour = {}) {
    const repo = tempDir("orchestrate-e2e-");
    for (const project of PROJECTS) fs.mkdirSync(path.join(repo, project), { recursive: true });
    const fake = fakePulumi(behaviour);
    return { repo, cli: path.dirname(fake.binDir), calls: fake.calls, fake };
}

async function runWithFakeCli(
    action: "deploy" | "preview" | "destroy",
    world: ReturnType<typeof fakeWorld>,
    backend: StateBackend = { kind: "local", url: "file:///state" },
    interrupt?: { readonly cancel: AbortSignal; readonly schedule: ScheduleOptions },
): Promise<Outcome> {
    const command = await PulumiCommand.get({ root: world.cli });
    const runner = new AutomationRunner({
        rootDir: world.repo,
        environment: "dev",
        profiles: { frontend: "acct-front", backend: "acct-back" },
        backend,
        command,
        policyPackConfig: path.join(world.repo, "out", "policy", "config.dev.json"),
        ...(interrupt ? { cancel: interrupt.cancel } : {}),
    });
    return runEnvironment(action, runner, interrupt?.schedule);
}

/** The stack operations (not the bookkeeping calls) in the order they were made, as `project/stack`. */
function operations(calls: Call[], verb: string): string[] {
    return calls.filter((c) => c.args[0] === verb).map((c) => `${c.project}/${c.args[c.args.indexOf("--stack") + 1]}`);
}

const dev = (role: RoleId) => `${ROLES[role].project}/${stackName(role, "dev")}`;

describe("orchestrator Automation API runner (fake Pulumi CLI)", function () {
    this.timeout(60_000);

    describe("one environment's whole life: deployed, previewed, destroyed", () => {
        // One run of each command, shared by the checks below (each fake pulumi call is a node process).
        let world: ReturnType<typeof fakeWorld>;
        let deployed: Outcome;
        let previewed: Outcome;
        let destroyed: Outcome;
        before(async () => {
            world = fakeWorld();
            deployed = await runWithFakeCli("deploy", world);
            previewed = await runWithFakeCli("preview", world);
            destroyed = await runWithFakeCli("destroy", world);
        });

        it("GIVEN the policy pack's config WHEN deployed, previewed and destroyed THEN up and preview run with the pack, destroy without", () => {
            expect([deployed.ok, previewed.ok, destroyed.ok]).to.deep.equal([true, true, true]);
            const config = path.join(world.repo, "out", "policy", "config.dev.json");
            for (const call of world.calls().filter((c) => ["up", "preview", "destroy"].includes(c.args[0]))) {
                const flag = (name: string) => (call.args.includes(name) ? call.args[call.args.indexOf(name) + 1] : undefined);
                if (call.args[0] === "destroy") {
                    expect(call.args, "destroy").to.not.include("--policy-pack");
                } else {
                    expect([flag("--policy-pack"), flag("--policy-pack-config")], call.args.join(" ")).to.deep.equal([path.join(world.repo, "policy"), config]);
                }
            }
        });

        it("GIVEN a new environment WHEN deployed THEN each stack is created and updated in its project folder with its side's profile", () => {
            expect(deployed.ok, JSON.stringify(deployed.failed)).to.equal(true);
            const calls = world.calls();
            const ups = operations(calls, "up");
            expect(ups.slice(0, 2)).to.have.members([dev("infra-frontend"), dev("infra-backend")]);
            expect(ups.slice(2)).to.deep.equal([dev("mesh-owner"), dev("mesh-participant"), dev("apps-backend"), dev("apps-frontend")]);
            for (const role of Object.keys(ROLES) as RoleId[]) {
                const { project, side } = ROLES[role];
                const ofStack = calls.filter((c) => c.project === project && c.args.includes(stackName(role, "dev")));
                expect(ofStack.map((c) => c.args.slice(0, 2).join(" ")), role).to.include.members(["stack select", "stack init", "up --yes"]);
                expect(new Set(ofStack.map((c) => c.awsProfile)), `${role} AWS_PROFILE`).to.deep.equal(new Set([side === "frontend" ? "acct-front" : "acct-back"]));
                expect(new Set(ofStack.map((c) => c.backend)), `${role} backend`).to.deep.equal(new Set(["file:///state"]));
            }
            expect(deployed.finished.get("mesh-owner")!.changes).to.deep.equal({ create: 3, update: 1, same: 2 });
            expect(applicationUrls(deployed, buildTopology("dev"))).to.deep.equal([{ account: "frontend", url: "http://yelb.example.test" }]);
            const log = fs.readFileSync(path.join(world.repo, logPath(entryOf(buildTopology("dev"), "mesh-participant"), "deploy")), "utf8");
            expect(log).to.contain("# deploy mesh/dev-backend with AWS_PROFILE=acct-back, state in file:///state\n");
            expect(log).to.contain("Updating (mesh/dev-backend)");
        });

        it("GIVEN deployed stacks WHEN previewed and destroyed THEN preview reports its changes and destroy runs in reverse", () => {
            expect(previewed.ok, JSON.stringify(previewed.failed)).to.equal(true);
            // Every stack's summary is read, not only one's: a missed one would show as not reported.
            expect([...previewed.finished.values()].map((run) => run.changes)).to.deep.equal(Array(6).fill({ create: 3, update: 1, same: 2 }));
            expect(destroyed.ok, JSON.stringify(destroyed.failed)).to.equal(true);
            expect(operations(world.calls(), "destroy").slice(0, 4)).to.deep.equal([dev("apps-frontend"), dev("apps-backend"), dev("mesh-participant"), dev("mesh-owner")]);
            expect(destroyed.finished.get("infra-backend")!.changes).to.deep.equal({ delete: 6 });
            expect(fs.existsSync(path.join(world.repo, "out/logs/infra-frontend.dev.destroy.log"))).to.equal(true);
        });
    });

    it("GIVEN a preview whose summary Pulumi does not report WHEN previewed THEN that stack's changes are not reported, never +0 ~0 -0, and its line names its log", async () => {
        const world = fakeWorld({ existing: Object.keys(ROLES).map((role) => dev(role as RoleId)), noSummary: [dev("apps-backend")] });
        const topology = buildTopology("dev");
        const lines: string[] = [];
        const command = await PulumiCommand.get({ root: world.cli });
        const runner = new AutomationRunner({ rootDir: world.repo, environment: "dev", profiles: {}, backend: { kind: "local", url: "file:///state" }, command });
        // The Automation API warns on the console when no engine is set (it depends on what ran before in this process).
        const { result: outcome } = await withConsoleCaptured(() => runEnvironment("preview", runner, { onEvent: (e) => lines.push(eventLine(e, topology)) }));
        expect(outcome.ok, JSON.stringify(outcome.failed)).to.equal(true);
        expect(outcome.finished.get("apps-backend")!.changes).to.equal(undefined);
        expect(outcome.finished.get("apps-frontend")!.changes).to.deep.equal({ create: 3, update: 1, same: 2 });
        const reported = lines.filter((l) => l.includes("apps/dev-backend finished"));
        expect(reported).to.have.lengthOf(1);
        expect(reported[0]).to.match(/^      backend  apps\/dev-backend finished in \d+s: changes not reported by Pulumi\n      its output: out\/logs\/apps\.dev-backend\.preview\.log$/);
    });

    it("GIVEN the mesh owner fails WHEN deploying THEN later stacks are never run and its log keeps Pulumi's error", async () => {
        const world = fakeWorld({ fail: ["mesh/dev-frontend"] });
        const outcome = await runWithFakeCli("deploy", world);
        expect(outcome.failed.map((f) => [f.role, f.logPath])).to.deep.equal([["mesh-owner", "out/logs/mesh.dev-frontend.deploy.log"]]);
        expect(operations(world.calls(), "up")).to.not.include.members([dev("mesh-participant")]);
        expect(world.calls().filter((c) => c.args.includes("dev-backend") && c.project !== "infra-backend")).to.deep.equal([]);
        const log = fs.readFileSync(path.join(world.repo, "out/logs/mesh.dev-frontend.deploy.log"), "utf8");
        expect(log).to.contain("error: simulated failure of mesh/dev-frontend");
        expect(log).to.contain("\n# failed: error: simulated failure of mesh/dev-frontend\n");
    });

    it("GIVEN stacks never deployed WHEN destroyed THEN they are skipped, not created empty", async () => {
        const world = fakeWorld();
        const outcome = await runWithFakeCli("destroy", world);
        expect(outcome.ok, JSON.stringify(outcome.failed)).to.equal(true);
        const calls = world.calls();
        expect(calls.filter((c) => c.args[0] === "stack" && c.args[1] === "init")).to.deep.equal([]);
        expect(operations(calls, "destroy")).to.deep.equal([]);
        expect([...outcome.finished.values()].map((run) => run.missing), "each stack is reported missing").to.deep.equal(Array(6).fill(true));
        const log = fs.readFileSync(path.join(world.repo, logPath(entryOf(buildTopology("dev"), "apps-frontend"), "destroy")), "utf8");
        expect(log).to.contain("dev-frontend does not exist in this backend: nothing to destroy");
    });

    it("GIVEN an S3 backend with a KMS key WHEN deployed THEN every call uses that backend and each new stack gets the KMS secrets provider", async () => {
        const world = fakeWorld();
        const s3 = "s3://team-state/yelb?region=eu-west-1";
        const kms = "awskms://alias/yelb-state?region=eu-west-1";
        const outcome = await runWithFakeCli("deploy", world, { kind: "s3", url: s3, secretsProvider: kms });
        expect(outcome.ok, JSON.stringify(outcome.failed)).to.equal(true);
        const calls = world.calls();
        expect(new Set(calls.filter((c) => c.args[0] !== "version").map((c) => c.backend))).to.deep.equal(new Set([s3]));
        const inits = calls.filter((c) => c.args[0] === "stack" && c.args[1] === "init");
        expect(inits.map((c) => `${c.project} ${c.args[2]} --secrets-provider ${c.args[c.args.indexOf("--secrets-provider") + 1]}`)).to.have.members(
            (Object.keys(ROLES) as RoleId[]).map((role) => `${ROLES[role].project} ${stackName(role, "dev")} --secrets-provider ${kms}`),
        );
    });

    it("GIVEN Pulumi Cloud WHEN deployed THEN each stack is created in the organization, with the service's own secrets", async () => {
        const world = fakeWorld();
        const outcome = await runWithFakeCli("deploy", world, { kind: "cloud", url: "https://api.pulumi.com", organization: "acme" });
        expect(outcome.ok, JSON.stringify(outcome.failed)).to.equal(true);
        const calls = world.calls();
        expect(new Set(calls.filter((c) => c.args[0] !== "version").map((c) => c.backend))).to.deep.equal(new Set(["https://api.pulumi.com"]));
        const inits = calls.filter((c) => c.args[0] === "stack" && c.args[1] === "init");
        expect(inits.filter((c) => c.args.includes("--secrets-provider")), "no secrets provider").to.deep.equal([]);
        expect(inits.map((c) => c.args[2]).sort()).to.deep.equal(
            (Object.keys(ROLES) as RoleId[]).map((role) => `acme/${stackName(role, "dev")}`).sort(),
        );
    });

    it("GIVEN no CLI where the Automation API looks WHEN located THEN the error is recognised as a missing CLI", async () => {
        const error = await PulumiCommand.get({ root: tempDir("no-pulumi-") }).then(
            () => undefined,
            (e: unknown) => e,
        );
        expect(isMissingCli(error), String(error)).to.equal(true);
        expect(isMissingCli(new Error("error: update failed"))).to.equal(false);
    });

    describe("an interrupted deploy, then the same command again", () => {
        it("GIVEN apps/dev-backend running WHEN SIGTERM arrives THEN Pulumi is told to cancel, nothing else starts, each stack is named, and a rerun completes the rest", async () => {
            const world = fakeWorld({ hang: ["apps/dev-backend"] });
            const said: string[] = [];
            const progress = new Progress();
            const interrupt = interrupts({
                terminalDeliversSigint: true, // a SIGTERM is passed on all the same
                say: (line) => said.push(line),
                status: () => progress.line("deploy", buildTopology("dev")),
                quit: () => expect.fail("one signal must not quit"),
            });
            const running = runWithFakeCli("deploy", world, undefined, {
                cancel: interrupt.cancel,
                schedule: { signal: interrupt.stop, onEvent: (e) => progress.note(e) },
            });
            await world.fake.hanging("apps/dev-backend");
            interrupt.handle("SIGTERM");
            const outcome = await running;

            expect(said).to.deep.equal([
                "Interrupted (SIGTERM): starting no further stack and cancelling the running ones cleanly; the signal again quits at once.",
                "Running: apps/dev-backend. Finished: infra-frontend/dev, infra-backend/dev, mesh/dev-frontend, mesh/dev-backend. Not started: apps/dev-frontend.",
            ]);
            expect(world.fake.cancelled("apps/dev-backend"), "the fake pulumi got the signal").to.equal(true);
            expect(outcome.failed.map((f) => [f.role, f.cancelled])).to.deep.equal([["apps-backend", true]]);
            expect(closingLines("deploy", buildTopology("dev"), outcome)).to.deep.equal([
                "Interrupted. Deployed: infra-frontend/dev, infra-backend/dev, mesh/dev-frontend, mesh/dev-backend. " +
                    "Cancelled while running: apps/dev-backend (Pulumi stopped between resource operations, saved the state and released the lock).",
                "Not started: apps/dev-frontend.",
                "Rerun `npm run deploy -- --stack dev` to complete the rest: the stacks already deployed come out unchanged.",
            ]);

            const rerun = await runWithFakeCli("deploy", world);
            expect(rerun.ok, JSON.stringify(rerun.failed)).to.equal(true);
            expect([...rerun.finished.keys()]).to.have.members(Object.keys(ROLES));
            expect(operations(world.calls(), "up").filter((o) => o === dev("apps-backend"))).to.have.lengthOf(2);
        });

        it("GIVEN another update holds a stack's lock WHEN deployed THEN the report says so in one line, with how to release a lock left behind", async () => {
            const world = fakeWorld({ locked: ["infra-frontend/dev"] });
            const outcome = await runWithFakeCli("deploy", world);
            expect(closingLines("deploy", buildTopology("dev"), outcome).slice(0, 2)).to.deep.equal([
                "infra-frontend/dev failed; its full Pulumi output: out/logs/infra-frontend.dev.deploy.log",
                '  infra-frontend/dev is locked by another update (Pulumi\'s lock): another deploy, preview or destroy of "dev" is running, here or elsewhere. ' +
                    "Wait for it to end. If none is running (one was killed outright), release the lock with `(cd infra-frontend && pulumi cancel --stack dev --yes)` and rerun.",
            ]);
        });
    });
});
