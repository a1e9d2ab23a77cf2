import { expect } from "chai";
import { RoleId, buildTopology } from "../../shared/topology";
import { applicationUrls, closingLines, displayName, eventLine, exitCode, formatChanges, formatDuration, reasonOf } from "./report";
import { Outcome, StackRun, runEnvironment } from "./schedule";
import { FakeRunner, flush } from "../../test/helpers/fake-runner";

function outcome(fields: Partial<Outcome> & { finished?: Map<RoleId, StackRun> }): Outcome {
    return { ok: true, finished: new Map(), failed: [], notStarted: [], interrupted: false, ...fields };
}

/** The two-account design's stacks for environment "dev". */
const DEV = buildTopology("dev");

describe("orchestrator progress report", () => {
    it("GIVEN resource changes WHEN formatted THEN created, updated and deleted always show, replaced only when there are some", () => {
        expect(formatChanges({ create: 12, update: 1, same: 30 })).to.equal("+12 ~1 -0");
        expect(formatChanges({})).to.equal("+0 ~0 -0");
        expect(formatChanges({ delete: 45 })).to.equal("+0 ~0 -45");
        expect(formatChanges({ update: 2, replace: 3 })).to.equal("+0 ~2 -0 ±3");
    });

    it("GIVEN durations WHEN formatted THEN seconds, minutes and hours read naturally", () => {
        expect(formatDuration(0)).to.equal("0s");
        expect(formatDuration(59_400)).to.equal("59s");
        expect(formatDuration(61_000)).to.equal("1m01s");
        expect(formatDuration(14 * 60_000 + 7_000)).to.equal("14m07s");
        expect(formatDuration(3_725_000)).to.equal("1h02m");
    });

    it("GIVEN a Pulumi command error WHEN reported THEN its first error: line is the reason", () => {
        const commandError = new Error(
            "code: 255\n stdout: Updating (example)\n + aws:ec2:Vpc vpc creating\n stderr: error: update failed\n error: operation timed out",
        );
        expect(reasonOf(commandError)).to.equal("error: update failed");
        expect(reasonOf(new Error("\n\nspawn pulumi EACCES\nmore"))).to.equal("spawn pulumi EACCES");
        expect(reasonOf("x".repeat(400))).to.equal(`${"x".repeat(297)}...`);
    });

    it("GIVEN stack events WHEN printed THEN each line names the account, the project/stack, the wave, the profile, the duration and the changes", () => {
        expect(displayName("mesh-participant", DEV)).to.equal("mesh/dev-backend");
        expect(eventLine({ kind: "started", role: "infra-backend", wave: 0, waves: 5 }, DEV)).to.equal("[1/5] backend  infra-backend/dev started (AWS profile: backend)");
        expect(eventLine({ kind: "started", role: "infra-backend", wave: 0, waves: 5 }, DEV, undefined, { backend: "acct-b" })).to.equal(
            "[1/5] backend  infra-backend/dev started (AWS profile: acct-b)",
        );
        expect(eventLine({ kind: "finished", role: "mesh-owner", durationMs: 247_000, changes: { create: 12, update: 1 } }, DEV)).to.equal(
            "      frontend mesh/dev-frontend finished in 4m07s: +12 ~1 -0",
        );
        expect(
            eventLine({ kind: "failed", role: "apps-frontend", durationMs: 3_000, error: new Error("error: boom"), logPath: "out/logs/apps.dev-frontend.deploy.log" }, DEV),
        ).to.equal("      frontend apps/dev-frontend FAILED after 3s: error: boom\n      full output: out/logs/apps.dev-frontend.deploy.log");
    });

    it("GIVEN stack estimates and a clock WHEN stacks of a run finish THEN each finished line shows its elapsed time against its estimate", async () => {
        const runner = new FakeRunner();
        let clock = 0;
        const lines: string[] = [];
        const estimates = new Map<RoleId, number>([["infra-frontend", 1_200], ["infra-backend", 1_290]]);
        const run = runEnvironment("deploy", runner, { now: () => clock, onEvent: (e) => lines.push(eventLine(e, DEV, estimates)) });
        await flush();
        clock += 1_150_000;
        runner.succeed("infra-frontend", { create: 38 });
        await flush();
        clock += 200_000;
        runner.succeed("infra-backend", { create: 40 });
        await flush();
        runner.fail("mesh-owner", new Error("error: stop here"));
        await run;
        expect(lines.slice(0, 5)).to.deep.equal([
            "[1/5] frontend infra-frontend/dev started (AWS profile: frontend)",
            "[1/5] backend  infra-backend/dev started (AWS profile: backend)",
            "      frontend infra-frontend/dev finished in 19m10s (estimate 20m00s): +38 ~0 -0",
            "      backend  infra-backend/dev finished in 22m30s (estimate 21m30s): +40 ~0 -0",
            "[2/5] frontend mesh/dev-frontend started (AWS profile: frontend)",
        ]);
        expect(lines[5], "no estimate for mesh-owner: none shown").to.match(/^      frontend mesh\/dev-frontend FAILED after 0s: error: stop here\n/);
    });

    it("GIVEN a deploy that finished WHEN closed THEN it says so and prints the application URL from the apps frontend stack", () => {
        const finished = new Map<RoleId, StackRun>([
            ["apps-backend", { changes: {}, outputs: { applicationUrl: "http://wrong.example" } }],
            ["apps-frontend", { changes: {}, outputs: { applicationUrl: "http://yelb.example", namespace: "yelb" } }],
        ]);
        expect(closingLines("deploy", DEV, outcome({ finished }))).to.deep.equal(['All 2 stacks of "dev" deployed.', "Yelb: http://yelb.example"]);
        expect(applicationUrls(outcome({ finished: new Map() }), DEV)).to.deep.equal([]);
        expect(closingLines("deploy", DEV, outcome({ finished }), "s3://b", { ok: true, lines: [] })).to.deep.equal([
            'All 2 stacks of "dev" deployed.',
            "Verified: every check passed.",
            "Yelb: http://yelb.example",
        ]);
        expect([exitCode(outcome({ finished }), { ok: true, lines: [] }), exitCode(outcome({ finished }), { ok: false, lines: [] })]).to.deep.equal([0, 4]);
        expect(closingLines("destroy", DEV, outcome({ finished }))).to.deep.equal(['All 2 stacks of "dev" destroyed.']);
    });

    it("GIVEN a Lattice deploy that finished WHEN closed THEN the apps backend's dashboard URL follows the application URL", () => {
        const url = "https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#dashboards/dashboard/yelb-appserver-yelb";
        const finished = new Map<RoleId, StackRun>([
            ["apps-backend", { changes: {}, outputs: { latticeDashboardUrl: url } }],
            ["apps-frontend", { changes: {}, outputs: { applicationUrl: "http://yelb.example" } }],
        ]);
        expect(closingLines("deploy", DEV, outcome({ finished }))).to.deep.equal([
            'All 2 stacks of "dev" deployed.',
            "Yelb: http://yelb.example",
            `Lattice dashboard (and the appserver's alarms): ${url}`,
            "  The alarms notify no one: set apps:latticeAlarmTopicArn in apps/Pulumi.dev-backend.yaml to an SNS topic ARN of that region to be told.",
        ]);
    });

    it("GIVEN a Lattice deploy whose alarms notify a topic WHEN closed THEN the topic is named under the dashboard", () => {
        const topic = "arn:aws:sns:us-west-2:222222222222:yelb-alarms";
        const finished = new Map<RoleId, StackRun>([
            ["apps-backend", { changes: {}, outputs: { latticeDashboardUrl: "https://dashboard", latticeAlarmTopicArn: topic } }],
            ["apps-frontend", { changes: {}, outputs: { applicationUrl: "http://yelb.example" } }],
        ]);
        expect(closingLines("deploy", DEV, outcome({ finished })).slice(-2)).to.deep.equal(["Lattice dashboard (and the appserver's alarms): https://dashboard", `  The alarms notify SNS topic ${topic}.`]);
    });

    it("GIVEN a failed deploy WHEN closed THEN it names the failed stack, its log, what did not start, and the command to rerun", () => {
        const failed = outcome({
            ok: false,
            failed: [{ role: "mesh-owner", error: new Error("x"), logPath: "out/logs/mesh.dev-frontend.deploy.log" }],
            notStarted: ["mesh-participant", "apps-backend", "apps-frontend"],
        });
        expect(closingLines("deploy", DEV, failed)).to.deep.equal([
            "mesh/dev-frontend failed; its full Pulumi output: out/logs/mesh.dev-frontend.deploy.log",
            "Not started: mesh/dev-backend, apps/dev-backend, apps/dev-frontend.",
            "Fix the cause, then rerun `npm run deploy -- --stack dev`: deploy is idempotent, so the stacks already deployed come out unchanged and it carries on where it stopped.",
        ]);
        expect(closingLines("preview", DEV, failed).at(-1)).to.equal("Fix the cause, then rerun `npm run preview -- --stack dev`.");
        // A failure (not a cancellation) during an interrupted run: the failure first, then what the interrupt left.
        expect(closingLines("destroy", DEV, { ...failed, interrupted: true }).slice(1, 3)).to.deep.equal([
            "Interrupted. Destroyed: none. Cancelled while running: none.",
            "Not started: mesh/dev-backend, apps/dev-backend, apps/dev-frontend.",
        ]);
    });

    it("GIVEN destroy found some stacks missing from the backend WHEN closed THEN it names them, never claims all were destroyed, and exits 3", () => {
        const gone: StackRun = { changes: {}, outputs: {}, missing: true };
        const destroyed: StackRun = { changes: { delete: 6 }, outputs: {} };
        const some = outcome({ finished: new Map<RoleId, StackRun>([["apps-frontend", gone], ["apps-backend", destroyed], ["mesh-participant", gone]]) });
        expect(closingLines("destroy", DEV, some, "file:///repo/.pulumi-state")).to.deep.equal([
            '1 of the 3 stacks of "dev" destroyed; 2 do not exist in file:///repo/.pulumi-state.',
            "Not found: apps/dev-frontend, mesh/dev-backend.",
            "If they were deployed with another state backend, their resources are still running: set that backend in state-backend.yaml " +
                "(docs/operations.md) and rerun `npm run destroy -- --stack dev`.",
        ]);
        expect(exitCode(some)).to.equal(3);
        const none = outcome({ finished: new Map<RoleId, StackRun>([["apps-frontend", gone], ["apps-backend", gone]]) });
        expect(closingLines("destroy", DEV, none, "s3://b")[0]).to.equal('None of the 2 stacks of "dev" exist in s3://b: nothing was destroyed.');
        expect(eventLine({ kind: "finished", role: "apps-backend", durationMs: 1_000, changes: {}, missing: true }, DEV)).to.equal(
            "      backend  apps/dev-backend NOT FOUND in the state backend: nothing destroyed",
        );
        expect(exitCode(outcome({ finished: new Map([["apps-backend", destroyed]]) }))).to.equal(0);
        expect(exitCode(outcome({ ok: false }))).to.equal(1);
    });
});
