import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { PulumiCommand } from "@pulumi/pulumi/automation";
import { PROJECTS } from "../../shared/topology";
import { withConsoleCaptured } from "../../test/helpers/console";
import { fakePulumi } from "../../test/helpers/fake-pulumi";
import { ROOT_DIR } from "../../test/helpers/plan";
import { EXIT_VERIFY_FAILED } from "./report";
import { Verifier, orchestrate } from "./run";
import { tempDir } from "../../test/helpers/temp-dir";

/**
 * `npm run deploy` verifies the environment after its last stack (fake Pulumi CLI, injected
 * verifier: nothing reaches AWS). A temporary repository holds the projects' Pulumi.yaml and the
 * infra stack files the policy pack's config reads.
 */
function fakeRepository(): string {
    const repo = tempDir("deploy-verify-");
    for (const project of PROJECTS) {
        fs.mkdirSync(path.join(repo, project));
        fs.copyFileSync(path.join(ROOT_DIR, project, "Pulumi.yaml"), path.join(repo, project, "Pulumi.yaml"));
    }
    const infra = (project: string, account: string) =>
        fs.writeFileSync(path.join(repo, project, "Pulumi.dev.yaml"), `config:\n  aws:region: us-west-2\n  aws:allowedAccountIds: ["${account}"]\n`);
    infra("infra-frontend", "123456789012");
    infra("infra-backend", "210987654321");
    return repo;
}

async function deployWith(verify: Verifier): Promise<{ code: number; out: string[]; err: string[]; calls: number }> {
    const cli = fakePulumi();
    const command = await PulumiCommand.get({ root: path.dirname(cli.binDir) });
    let calls = 0;
    const options = { action: "deploy" as const, environment: "dev", profiles: { frontend: "f", backend: "b" }, yes: false, fromInsideVpc: true, debug: false };
    const { result: code, out, err } = await withConsoleCaptured(() =>
        orchestrate(options, { kind: "local", url: "file:///state" }, fakeRepository(), { command, verify: (s) => (calls++, verify(s)) }),
    );
    return { code, out, err, calls };
}

describe("npm run deploy verifies what it deployed (fake Pulumi CLI, injected verifier)", function () {
    this.timeout(60_000);

    it("GIVEN a deploy that finishes WHEN verify fails THEN no URL is printed, it says everything stays deployed, and exits 4", async () => {
        // One deploy (each costs seconds): the path that matters most, a failed verify; report.test.ts has the others.
        const run = await deployWith(async () => ({ ok: false, lines: ["FAIL  targets  0 HEALTHY targets for 2 ready yelb-appserver pods"] }));
        expect(run.calls).to.equal(1);
        expect(run.code).to.equal(EXIT_VERIFY_FAILED);
        expect(run.out.join("\n")).to.not.contain("Yelb: ");
        expect(run.out).to.include("FAIL  targets  0 HEALTHY targets for 2 ready yelb-appserver pods");
        expect(run.err).to.deep.equal([
            'All 6 stacks of "dev" deployed.',
            "Verify FAILED (the checks above): everything stays deployed, nothing was undone. Fix what the failed checks say, then run " +
                "`npm run verify -- --stack dev` (or `npm run deploy -- --stack dev` again); the application URL is printed once every check passes.",
        ]);
    });
});
