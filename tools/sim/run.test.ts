import { expect } from "chai";
import { StackRunError } from "./run";

describe("StackRunError", () => {
    it("GIVEN a program failure WHEN wrapped THEN it names the stack and keeps its own stack trace", () => {
        const error = new StackRunError("organization/apps/example-backend", new Error("boom"));
        expect(error.stackName).to.equal("organization/apps/example-backend");
        expect(error.message).to.equal("organization/apps/example-backend: boom");
        expect(error.stack?.split("\n")[0]).to.equal("StackRunError: organization/apps/example-backend: boom");
        expect(error.stack?.split("\n")[1]).to.match(/^\s+at /);
    });
});
