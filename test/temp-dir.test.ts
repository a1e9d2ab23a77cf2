import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT_DIR } from "./helpers/plan";
import { removeTempDirs, tempDir } from "./helpers/temp-dir";

/** Every file of the suite's own code: test files and their helpers. */
function testSources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" || entry.name === "out" || entry.name.startsWith(".") ? [] : testSources(file);
        return entry.name.endsWith(".test.ts") || file.includes(`${path.sep}test${path.sep}helpers${path.sep}`) ? [file] : [];
    });
}

describe("temporary folders of the tests (test/helpers/temp-dir.ts)", () => {
    it("GIVEN a folder from tempDir WHEN removeTempDirs runs THEN that folder, under the system's temp folder, is gone and named", () => {
        const dir = tempDir("check-");
        fs.writeFileSync(path.join(dir, "file"), "x");
        expect(path.dirname(dir)).to.equal(os.tmpdir());
        expect(path.basename(dir)).to.match(/^yelb-test-check-\w{6}$/);
        expect(removeTempDirs()).to.deep.equal([dir]);
        expect(fs.existsSync(dir)).to.equal(false);
    });

    it("GIVEN the suite's sources WHEN read THEN no test makes a temporary folder but through tempDir", () => {
        const others = testSources(ROOT_DIR)
            .filter((file) => ![path.join(ROOT_DIR, "test", "helpers", "temp-dir.ts"), __filename].includes(file))
            .filter((file) => /mkdtemp|tmpdir\(\)/.test(fs.readFileSync(file, "utf8")))
            .map((file) => path.relative(ROOT_DIR, file));
        expect(others).to.deep.equal([]);
    });

    it("GIVEN two test files run in parallel mode with the suite's requires WHEN the first ends THEN its folders are gone while the second still runs", function () {
        this.timeout(60000);
        const fixtures = tempDir("fixtures-");
        const record = path.join(fixtures, "made.txt");
        const helper = JSON.stringify(path.join(ROOT_DIR, "test", "helpers", "temp-dir.ts"));
        fs.writeFileSync(
            path.join(fixtures, "a.test.js"),
            `it("makes", () => require("fs").writeFileSync(${JSON.stringify(record)}, require(${helper}).tempDir("fixture-")));\n`,
        );
        // Whichever worker runs it, the second file sees the first's folder go while its own process,
        // and so the first's worker, still runs: removed at the end of the file, not at exit.
        fs.writeFileSync(
            path.join(fixtures, "b.test.js"),
            [
                'const fs = require("fs");',
                "const sleep = () => new Promise((resolve) => setTimeout(resolve, 50));",
                'it("sees it gone", async function () {',
                "    this.timeout(20000);",
                `    while (!fs.existsSync(${JSON.stringify(record)})) await sleep();`,
                `    const made = fs.readFileSync(${JSON.stringify(record)}, "utf8");`,
                "    for (let i = 0; i < 200 && fs.existsSync(made); i++) await sleep();",
                '    if (fs.existsSync(made)) throw new Error(made + " still exists");',
                "});",
            ].join("\n"),
        );
        const requires: string[] = require(path.join(ROOT_DIR, ".mocharc.js")).require;
        const run = spawnSync(
            process.execPath,
            [
                require.resolve("mocha/bin/mocha.js"),
                "--no-config",
                "--parallel",
                // One job would make mocha run the files serially, in one process.
                "--jobs",
                "2",
                ...requires.flatMap((r) => ["--require", path.resolve(ROOT_DIR, r)]),
                path.join(fixtures, "a.test.js"),
                path.join(fixtures, "b.test.js"),
            ],
            { cwd: ROOT_DIR, encoding: "utf8" },
        );
        expect(run.status, run.stdout + run.stderr).to.equal(0);
        expect(run.stdout).to.match(/2 passing/);
        expect(path.basename(fs.readFileSync(record, "utf8"))).to.match(/^yelb-test-fixture-\w{6}$/);
    });
});
