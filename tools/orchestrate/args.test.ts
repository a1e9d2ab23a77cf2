import { expect } from "chai";
import { USAGE, parseArgs } from "./args";

function refusal(argv: string[]): string {
    try {
        parseArgs(argv);
    } catch (e) {
        return (e as Error).message;
    }
    throw new Error("expected a refusal");
}

describe("orchestrator command line", () => {
    it("GIVEN only the action WHEN parsed THEN the environment is example and the profiles are frontend and backend", () => {
        expect(parseArgs(["deploy"])).to.deep.equal({ action: "deploy", environment: "example", profiles: { frontend: "frontend", backend: "backend" }, yes: false });
    });

    it("GIVEN flags WHEN parsed THEN they set the environment, each side's profile and --yes", () => {
        expect(parseArgs(["destroy", "--backend-profile", "acct-b", "--stack", "dev", "--yes", "--frontend-profile", "acct-a"])).to.deep.equal({
            action: "destroy",
            environment: "dev",
            profiles: { frontend: "acct-a", backend: "acct-b" },
            yes: true,
        });
    });

    it("GIVEN a bad command line WHEN parsed THEN the message says what is wrong and ends with the usage", () => {
        expect(refusal(["deploy", "--stak", "dev"])).to.equal(`unknown argument --stak; ${USAGE}`);
        expect(refusal(["deploy", "--stack"])).to.equal(`--stack needs a value; ${USAGE}`);
        expect(refusal(["deploy", "--stack", "--yes"])).to.equal(`--stack needs a value; ${USAGE}`);
        expect(refusal(["up"])).to.equal(`unknown action "up"; ${USAGE}`);
        expect(refusal(["preview", "--stack", "dev/x"])).to.equal(`environment "dev/x" may only contain letters, digits, "-", "_" and "."; ${USAGE}`);
    });
});
