import { expect } from "chai";
import { RoleId } from "../../shared/topology";
import { Action } from "./args";
import { FakeRunner, flush } from "../../test/helpers/fake-runner";
import { Outcome, StackEvent, orderOf, runEnvironment } from "./schedule";

const DEPLOY_ORDER: RoleId[][] = [["infra-frontend", "infra-backend"], ["mesh-owner"], ["mesh-participant"], ["apps-backend"], ["apps-frontend"]];
const DESTROY_ORDER: RoleId[][] = [["apps-frontend"], ["apps-backend"], ["mesh-participant"], ["mesh-owner"], ["infra-frontend", "infra-backend"]];

/** Starts a run; `outcome` stays undefined until it settles, so a test can prove it waits for running stacks. */
function start(action: Action, runner: FakeRunner, signal?: AbortSignal, reads?: Record<RoleId, RoleId[]>) {
    let clock = 0;
    const run = {
        events: [] as StackEvent[],
        outcome: undefined as Outcome | undefined,
        tick: (ms: number) => void (clock += ms),
        promise: Promise.resolve() as Promise<unknown>,
    };
    run.promise = runEnvironment(action, runner, { onEvent: (e) => run.events.push(e), now: () => clock, signal, reads }).then((o) => (run.outcome = o));
    return run;
}

/** Walks the waves: at each step exactly `wave` is running (together), then all of it succeeds. */
async function expectWaves(runner: FakeRunner, expected: RoleId[][]): Promise<void> {
    for (const wave of expected) {
        await flush();
        expect(runner.running(), `running while expecting ${wave.join(", ")}`).to.have.members(wave);
        for (const role of wave) runner.succeed(role);
    }
    await flush();
}

describe("orchestrator schedule (fake runner)", () => {
    it("GIVEN deploy WHEN every stack succeeds THEN the waves run in order, the two infra stacks at the same time", async () => {
        const runner = new FakeRunner();
        const run = start("deploy", runner);
        await flush();
        // Both infra stacks are running at once: neither waits for the other.
        expect(runner.running()).to.deep.equal(["infra-frontend", "infra-backend"]);
        runner.succeed("infra-backend");
        await flush();
        expect(runner.running(), "mesh owner waits for infra-frontend too").to.deep.equal(["infra-frontend"]);
        runner.succeed("infra-frontend");
        await expectWaves(runner, DEPLOY_ORDER.slice(1));
        expect(runner.running()).to.deep.equal([]);
        await run.promise;
        expect(run.outcome!.ok).to.equal(true);
        expect([...run.outcome!.finished.keys()]).to.have.members(DEPLOY_ORDER.flat());
        expect([...runner.methods.values()]).to.deep.equal(Array(6).fill("up"));
        expect(runner.events.slice(0, 4)).to.deep.equal(["start infra-frontend", "start infra-backend", "end infra-backend", "end infra-frontend"]);
    });

    it("GIVEN preview WHEN run THEN it previews in the deploy order", async () => {
        const runner = new FakeRunner();
        const run = start("preview", runner);
        await expectWaves(runner, DEPLOY_ORDER);
        await run.promise;
        expect(run.outcome!.ok).to.equal(true);
        expect(runner.started()).to.deep.equal(DEPLOY_ORDER.flat());
        expect(new Set(runner.methods.values())).to.deep.equal(new Set(["preview"]));
    });

    it("GIVEN destroy WHEN run THEN apps frontend, apps backend, mesh participant, mesh owner, then both infra stacks together", async () => {
        const runner = new FakeRunner();
        const run = start("destroy", runner);
        await expectWaves(runner, DESTROY_ORDER);
        await run.promise;
        expect(run.outcome!.ok).to.equal(true);
        expect(runner.started()).to.deep.equal(DESTROY_ORDER.flat());
        expect(new Set(runner.methods.values())).to.deep.equal(new Set(["destroy"]));
        expect(orderOf("destroy")).to.deep.equal(DESTROY_ORDER);
        expect(orderOf("deploy"), "destroy must not reverse the deploy order in place").to.deep.equal(DEPLOY_ORDER);
    });

    it("GIVEN an infra stack fails WHILE the other still runs THEN the other is awaited and no further stack starts", async () => {
        const runner = new FakeRunner();
        const run = start("deploy", runner);
        await flush();
        const error = new Error("error: VPC limit exceeded");
        run.tick(90_000);
        runner.fail("infra-frontend", error);
        await flush();
        expect(run.outcome, "the run waits for infra-backend").to.equal(undefined);
        expect(runner.running()).to.deep.equal(["infra-backend"]);
        runner.succeed("infra-backend");
        await run.promise;
        const outcome = run.outcome!;
        expect(runner.started()).to.deep.equal(["infra-frontend", "infra-backend"]);
        expect(outcome.ok).to.equal(false);
        expect(outcome.failed).to.deep.equal([{ role: "infra-frontend", error, logPath: "out/logs/infra-frontend.deploy.log" }]);
        expect([...outcome.finished.keys()]).to.deep.equal(["infra-backend"]);
        expect(outcome.notStarted).to.deep.equal(["mesh-owner", "mesh-participant", "apps-backend", "apps-frontend"]);
        expect(outcome.interrupted).to.equal(false);
        expect(run.events.find((e) => e.kind === "failed")).to.deep.equal({
            kind: "failed",
            role: "infra-frontend",
            durationMs: 90_000,
            error,
            logPath: "out/logs/infra-frontend.deploy.log",
        });
    });

    it("GIVEN a later stack fails on destroy THEN the stacks it depends on are left alone", async () => {
        const runner = new FakeRunner();
        const run = start("destroy", runner);
        await expectWaves(runner, [["apps-frontend"]]);
        runner.fail("apps-backend", new Error("error: finalizer stuck"));
        await run.promise;
        expect(runner.started()).to.deep.equal(["apps-frontend", "apps-backend"]);
        expect(run.outcome!.failed.map((f) => [f.role, f.logPath])).to.deep.equal([["apps-backend", "out/logs/apps-backend.destroy.log"]]);
        expect(run.outcome!.notStarted).to.deep.equal(["mesh-participant", "mesh-owner", "infra-frontend", "infra-backend"]);
    });

    it("GIVEN an interrupt during a wave THEN that wave finishes and nothing else starts", async () => {
        const runner = new FakeRunner();
        const controller = new AbortController();
        const run = start("deploy", runner, controller.signal);
        await expectWaves(runner, [DEPLOY_ORDER[0]]);
        expect(runner.running()).to.deep.equal(["mesh-owner"]);
        controller.abort();
        await flush();
        expect(run.outcome, "mesh-owner is still running").to.equal(undefined);
        runner.succeed("mesh-owner");
        await run.promise;
        expect(run.outcome!.interrupted).to.equal(true);
        expect(run.outcome!.ok).to.equal(false);
        expect(run.outcome!.notStarted).to.deep.equal(["mesh-participant", "apps-backend", "apps-frontend"]);
    });

    it("GIVEN a run WHEN stacks finish THEN each gets started and finished events with its wave, duration and changes", async () => {
        const runner = new FakeRunner();
        const run = start("deploy", runner);
        await flush();
        run.tick(5_000);
        runner.succeed("infra-backend", { create: 40 });
        await flush();
        run.tick(7_000);
        runner.succeed("infra-frontend", { create: 38, update: 1 });
        await flush();
        expect(run.events).to.deep.equal([
            { kind: "started", role: "infra-frontend", wave: 0, waves: 5 },
            { kind: "started", role: "infra-backend", wave: 0, waves: 5 },
            { kind: "finished", role: "infra-backend", durationMs: 5_000, changes: { create: 40 } },
            { kind: "finished", role: "infra-frontend", durationMs: 12_000, changes: { create: 38, update: 1 } },
            { kind: "started", role: "mesh-owner", wave: 1, waves: 5 },
        ]);
    });

    // A topology where the backend's apps read only their own infra: they need not wait for the mesh.
    const SHORT_READS: Record<RoleId, RoleId[]> = {
        "infra-frontend": [],
        "infra-backend": [],
        "mesh-owner": ["infra-frontend"],
        "mesh-participant": ["infra-backend", "mesh-owner"],
        "apps-backend": ["infra-backend"],
        "apps-frontend": ["mesh-owner", "apps-backend"],
    };

    it("GIVEN a stack that reads only part of the wave before WHEN deployed THEN it starts as soon as what it reads is done", async () => {
        const runner = new FakeRunner();
        const run = start("deploy", runner, undefined, SHORT_READS);
        await flush();
        runner.succeed("infra-backend");
        await flush();
        expect(runner.running(), "apps-backend does not wait for infra-frontend or the mesh").to.deep.equal(["infra-frontend", "apps-backend"]);
        runner.succeed("infra-frontend");
        await flush();
        expect(runner.running()).to.deep.equal(["apps-backend", "mesh-owner"]);
        runner.succeed("mesh-owner");
        await flush();
        expect(runner.running(), "apps-frontend still waits for apps-backend").to.deep.equal(["apps-backend", "mesh-participant"]);
        runner.succeed("apps-backend");
        runner.succeed("mesh-participant");
        await expectWaves(runner, [["apps-frontend"]]);
        await run.promise;
        expect(run.outcome!.ok).to.equal(true);
        expect(run.events.filter((e) => e.kind === "started").map((e) => e.role)).to.deep.equal(["infra-frontend", "infra-backend", "apps-backend", "mesh-owner", "mesh-participant", "apps-frontend"]);
    });

    it("GIVEN the same topology WHEN destroyed THEN a stack goes as soon as every stack reading it is gone, never before", async () => {
        const runner = new FakeRunner();
        const run = start("destroy", runner, undefined, SHORT_READS);
        await expectWaves(runner, [["apps-frontend", "mesh-participant"]]);
        expect(runner.running()).to.have.members(["apps-backend", "mesh-owner"]);
        runner.succeed("apps-backend");
        await flush();
        expect(runner.running(), "infra-backend once both its readers are gone; infra-frontend still read by mesh-owner").to.deep.equal(["mesh-owner", "infra-backend"]);
        runner.succeed("infra-backend");
        await expectWaves(runner, [["mesh-owner"], ["infra-frontend"]]);
        await run.promise;
        expect(run.outcome!.ok).to.equal(true);
    });
});
