import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT_DIR } from "../../test/helpers/plan";

/** Runs `npm start` the way a user does (the same node command), into a temporary folder. */
function npmStart(...args: string[]) {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const out = path.join(outDir, "plan");
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "tools/plan/main.ts", "--out", out, ...args], {
        cwd: ROOT_DIR,
        encoding: "utf8",
    });
    return { ...run, out };
}

describe("npm start (the offline plan)", () => {
    it("GIVEN the example WHEN run twice THEN it succeeds and writes identical plan files", () => {
        const first = npmStart();
        const second = npmStart();
        expect(first.status, first.stderr).to.equal(0);
        expect(second.status, second.stderr).to.equal(0);
        const read = (dir: string) =>
            [path.join(dir, "plan.json"), ...fs.readdirSync(path.join(dir, "manifests")).map((f) => path.join(dir, "manifests", f))].map((f) => [
                path.relative(dir, f),
                fs.readFileSync(f, "utf8"),
            ]);
        expect(read(first.out)).to.deep.equal(read(second.out));
        const plan = JSON.parse(fs.readFileSync(path.join(first.out, "plan.json"), "utf8"));
        expect(plan.environment).to.equal("example");
        expect(plan.policyViolations).to.deep.equal([]);
        expect(first.stdout).to.contain("Deploy order");
        expect(first.stdout).to.contain("Policy violations per stack");
        expect(first.stdout).to.contain("No mandatory policy violations.");
    });

    it("GIVEN an environment without stack files WHEN run THEN it exits 1 naming the file to create, and writes nothing", () => {
        const run = npmStart("--stack", "nosuchenv");
        expect(run.status).to.equal(1);
        expect(run.stderr).to.contain("No stack config infra-frontend/Pulumi.nosuchenv.yaml");
        expect(fs.existsSync(run.out)).to.equal(false);
    });

    it("GIVEN an unknown argument WHEN run THEN it prints the usage", () => {
        const run = npmStart("--stak", "example");
        expect(run.status).to.equal(2);
        expect(run.stderr).to.contain("usage: npm start -- [--stack ENVIRONMENT] [--config-dir DIR] [--out DIR]");
    });
});
