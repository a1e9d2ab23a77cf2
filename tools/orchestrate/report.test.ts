import { expect } from "chai";
import { RoleId } from "../../shared/topology";
import { applicationUrl, closingLines, displayName, eventLine, formatChanges, formatDuration, reasonOf } from "./report";
import { Outcome, StackRun } from "./schedule";

function outcome(fields: Partial<Outcome> & { finished?: Map<RoleId, StackRun> }): Outcome {
    return { ok: true, finished: new Map(), failed: [], notStarted: [], interrupted: false, ...fields };
}

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

    it("GIVEN stack events WHEN printed THEN each line names the project/stack, the wave and the account, the duration and the changes", () => {
        expect(displayName("mesh-participant", "dev")).to.equal("mesh/dev-backend");
        expect(eventLine({ kind: "started", role: "infra-backend", wave: 0, waves: 5 }, "dev")).to.equal(
            "[1/5] infra-backend/dev started (AWS account: backend)",
        );
        expect(eventLine({ kind: "finished", role: "mesh-owner", durationMs: 247_000, changes: { create: 12, update: 1 } }, "dev")).to.equal(
            "      mesh/dev-frontend finished in 4m07s: +12 ~1 -0",
        );
        expect(
            eventLine({ kind: "failed", role: "apps-frontend", durationMs: 3_000, error: new Error("error: boom"), logPath: "out/logs/apps.dev-frontend.deploy.log" }, "dev"),
        ).to.equal("      apps/dev-frontend FAILED after 3s: error: boom\n      full output: out/logs/apps.dev-frontend.deploy.log");
    });

    it("GIVEN a deploy that finished WHEN closed THEN it says so and prints the application URL from the apps frontend stack", () => {
        const finished = new Map<RoleId, StackRun>([
            ["apps-backend", { changes: {}, outputs: { applicationUrl: "http://wrong.example" } }],
            ["apps-frontend", { changes: {}, outputs: { applicationUrl: "http://yelb.example", namespace: "yelb" } }],
        ]);
        expect(closingLines("deploy", "dev", outcome({ finished }))).to.deep.equal(['All 2 stacks of "dev" deployed.', "Yelb: http://yelb.example"]);
        expect(applicationUrl(outcome({ finished: new Map() }))).to.equal(undefined);
        expect(closingLines("destroy", "dev", outcome({ finished }))).to.deep.equal(['All 2 stacks of "dev" destroyed.']);
    });

    it("GIVEN a failed deploy WHEN closed THEN it names the failed stack, its log, what did not start, and the command to rerun", () => {
        const failed = outcome({
            ok: false,
            failed: [{ role: "mesh-owner", error: new Error("x"), logPath: "out/logs/mesh.dev-frontend.deploy.log" }],
            notStarted: ["mesh-participant", "apps-backend", "apps-frontend"],
        });
        expect(closingLines("deploy", "dev", failed)).to.deep.equal([
            "mesh/dev-frontend failed; its full Pulumi output: out/logs/mesh.dev-frontend.deploy.log",
            "Not started: mesh/dev-backend, apps/dev-backend, apps/dev-frontend.",
            "Fix the cause, then rerun `npm run deploy -- --stack dev`: deploy is idempotent, so the stacks already deployed come out unchanged and it carries on where it stopped.",
        ]);
        expect(closingLines("preview", "dev", failed).at(-1)).to.equal("Fix the cause, then rerun `npm run preview -- --stack dev`.");
        expect(closingLines("destroy", "dev", { ...failed, interrupted: true }).slice(1, 2)).to.deep.equal(["Interrupted."]);
    });
});
