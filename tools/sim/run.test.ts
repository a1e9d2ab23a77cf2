import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { StackRunError, runStack } from "./run";
import { newClusterState } from "./cloud";
import { tempDir } from "../../test/helpers/temp-dir";

describe("StackRunError", () => {
    it("GIVEN a program failure WHEN wrapped THEN it names the stack and keeps its own stack trace", () => {
        const error = new StackRunError("organization/apps/example-backend", new Error("boom"));
        expect(error.stackName).to.equal("organization/apps/example-backend");
        expect(error.message).to.equal("organization/apps/example-backend: boom");
        expect(error.stack?.split("\n")[0]).to.equal("StackRunError: organization/apps/example-backend: boom");
        expect(error.stack?.split("\n")[1]).to.match(/^\s+at /);
    });
});

describe("runStack's stack traces", () => {
    // A program that takes a stack trace with the frame limit lifted, as the Pulumi SDK does for every
    // resource's source position, then fails from a function of its own.
    const PROGRAM = [
        "function failInProgram(): never { throw new Error(\"boom\"); }",
        "export = async () => {",
        "    const limit = Error.stackTraceLimit;",
        "    Error.stackTraceLimit = Infinity;",
        "    const sourcePosition = new Error(\"where\").stack;",
        "    Error.stackTraceLimit = limit;",
        "    if (process.env.FAIL_IN_PROGRAM === \"1\") failInProgram();",
        "    return { sourcePosition };",
        "};",
    ].join("\n");
    let projectDir: string;
    before(() => {
        projectDir = tempDir("run-stack-");
        fs.writeFileSync(path.join(projectDir, "index.ts"), PROGRAM);
    });
    const run = (stackTraces?: boolean) =>
        runStack({
            projectDir,
            project: "traces",
            stack: "test",
            organization: "organization",
            config: {},
            context: { account: { accountId: "123456789012", region: "us-west-2", cluster: newClusterState() }, stacks: () => undefined },
            stackTraces,
        });
    const failure = async (stackTraces?: boolean) => {
        process.env.FAIL_IN_PROGRAM = "1";
        try {
            await run(stackTraces);
        } catch (e) {
            return e as StackRunError;
        } finally {
            delete process.env.FAIL_IN_PROGRAM;
        }
        throw new Error("the program did not fail");
    };

    it("GIVEN the default WHEN a program takes a stack trace, even with the frame limit lifted THEN it gets the first line only, and the limit and formatter are restored", async () => {
        const [limit, format] = [Error.stackTraceLimit, Error.prepareStackTrace];
        expect((await run()).outputs).to.deep.equal({ sourcePosition: "Error: where" });
        expect([Error.stackTraceLimit, Error.prepareStackTrace]).to.deep.equal([limit, format]);
    });

    it("GIVEN a failing program WHEN run untraced THEN its error has no frames; WHEN run with stackTraces THEN they point into its .ts file", async () => {
        expect(((await failure()).cause as Error).stack).to.equal("Error: boom");
        const traced = ((await failure(true)).cause as Error).stack!.split("\n");
        expect(traced[0]).to.equal("Error: boom");
        expect(traced[1]).to.equal(`    at failInProgram (${path.join(projectDir, "index.ts")}:1:41)`);
    });
});
