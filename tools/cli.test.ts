import { expect } from "chai";
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

describe("shared command-line manners (tools/cli.ts)", () => {
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
});
