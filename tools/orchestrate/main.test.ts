import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT_DIR } from "../../test/helpers/plan";
import { USAGE } from "./args";
import { destroyRefusal, missingCliMessage } from "./preflight";

/**
 * Runs the orchestrator as `npm run <action>` does, with only the environment given here (no
 * inherited AWS keys or Pulumi settings), and returns its exit code and output.
 */
function orchestrator(args: string[], env: Record<string, string>) {
    return spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/orchestrate/main.ts", ...args], {
        cwd: ROOT_DIR,
        encoding: "utf8",
        env,
        input: "", // no terminal: destroy cannot ask
    });
}

/** A PATH folder holding a `pulumi` that records it was called (it must not be, in these tests). */
function pathWithPulumi(): { dir: string; called: () => boolean } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-bin-"));
    const marker = path.join(dir, "called");
    fs.writeFileSync(path.join(dir, "pulumi"), `#!/bin/sh\ntouch '${marker}'\nexit 1\n`, { mode: 0o755 });
    return { dir, called: () => fs.existsSync(marker) };
}

describe("npm run deploy | preview | destroy (the orchestrator's command)", function () {
    this.timeout(60_000);

    it("GIVEN no pulumi on PATH WHEN each command runs THEN it exits 1 with the one install line and no stack trace", () => {
        const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
        for (const action of ["deploy", "preview", "destroy"] as const) {
            const run = orchestrator([action, "--stack", "example"], { PATH: emptyPath });
            expect(run.status, `${action}: ${run.stderr}`).to.equal(1);
            expect(run.stderr).to.equal(`${missingCliMessage(action)}\n`);
            expect(run.stdout).to.equal("");
        }
    });

    it("GIVEN a wrong flag WHEN run THEN it exits 2 with the usage", () => {
        const run = orchestrator(["deploy", "--stak", "example"], { PATH: "" });
        expect(run.status).to.equal(2);
        expect(run.stderr).to.equal(`unknown argument --stak; ${USAGE}\n`);
    });

    it("GIVEN the local backend and no passphrase WHEN deploying THEN it says what to set before Pulumi is called", () => {
        const bin = pathWithPulumi();
        const run = orchestrator(["deploy"], { PATH: bin.dir });
        expect(run.status).to.equal(1);
        expect(run.stderr).to.match(/^The local state backend \(\.pulumi-state\/\) encrypts stack secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE .*\n$/);
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
