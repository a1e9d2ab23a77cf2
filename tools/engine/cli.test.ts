import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { CommandSpec, nearest, parseLine, shownPath, usage } from "./cli";

const SPEC: CommandSpec = {
    command: "npm start",
    summary: "Plans.",
    options: [
        { flag: "--stack", value: "ENVIRONMENT", description: "the environment" },
        { flag: "--out", value: "DIR", description: "where" },
        { flag: "--yes", description: "no questions" },
    ],
};

describe("shared command-line manners (tools/engine/cli.ts)", () => {
    it("GIVEN a misspelt word WHEN matched THEN the nearest candidate within a few edits is suggested, nothing for a stranger", () => {
        expect(nearest("--stak", ["--stack", "--out"])).to.equal("--stack");
        expect(nearest("destory", ["deploy", "preview", "destroy"])).to.equal("destroy");
        expect(nearest("--frobnicate", ["--stack", "--out"])).to.equal(undefined);
    });

    it("GIVEN values inline or separate, and switches WHEN parsed THEN each lands by its flag", () => {
        const line = parseLine(SPEC, ["--stack=dev", "--out", "x", "--yes", "extra"]);
        expect([...line.values]).to.deep.equal([["--stack", "dev"], ["--out", "x"]]);
        expect([...line.switches]).to.deep.equal(["--yes"]);
        expect(line.positionals).to.deep.equal(["extra"]);
        expect([line.help, line.debug]).to.deep.equal([false, false]);
    });

    it("GIVEN a spec WHEN its usage is printed THEN every option and the common ones are listed in aligned columns", () => {
        expect(usage(SPEC)).to.equal(
            [
                "usage: npm start -- [options]",
                "",
                "Plans.",
                "",
                "options:",
                "  --stack ENVIRONMENT  the environment",
                "  --out DIR            where",
                "  --yes                no questions",
                "  --debug              print the stack trace of an unexpected error (also DEBUG=1)",
                "  --help               print this help and exit (also -h)",
            ].join("\n"),
        );
    });

    it("GIVEN paths WHEN shown THEN inside the current folder they are relative, outside it absolute", () => {
        expect(shownPath("/repo/out/plan/plan.json", "/repo")).to.equal("out/plan/plan.json");
        expect(shownPath("/tmp/plan/plan.json", "/repo/sub")).to.equal("/tmp/plan/plan.json");
        expect(shownPath("../x", "/repo/sub")).to.equal("/repo/x");
    });

    it("GIVEN an unexpected error WHEN a command fails THEN one line says so, and the stack trace comes only with --debug", () => {
        const run = (...args: string[]) =>
            spawnSync(process.execPath, ["-r", path.join(__dirname, "register.js"), "-e", FAILING_MAIN, "--", ...args], { cwd: __dirname, encoding: "utf8" });
        const plain = run();
        expect([plain.status, plain.stderr]).to.deep.equal([1, "Unexpected error: Error: boom (run again with --debug for the stack trace)\n"]);
        const debug = run("--debug");
        expect(debug.status).to.equal(1);
        expect(debug.stderr).to.match(/^Error: boom\n\s+at /);
    });
});

/** A command whose main throws an unexpected error, run through runMain as the entry points do. */
const FAILING_MAIN = `require("./cli").runMain(async () => { throw new Error("boom"); }, process.argv.slice(1));`;
