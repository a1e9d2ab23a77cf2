import { expect } from "chai";
import { parseArgs } from "./args";

function refusal(argv: string[]): string {
    try {
        parseArgs(argv);
    } catch (e) {
        return (e as Error).message;
    }
    throw new Error("expected a refusal");
}

const HELP = "Run `npm run deploy -- --help` for every option.";

describe("orchestrator command line", () => {
    it("GIVEN only the action WHEN parsed THEN the environment is example and the profiles are frontend and backend", () => {
        expect(parseArgs(["deploy"])).to.deep.equal({ action: "deploy", environment: "example", profiles: { frontend: "frontend", backend: "backend" }, yes: false, fromInsideVpc: false, debug: false });
    });

    it("GIVEN flags WHEN parsed THEN they set the environment, each side's profile, --yes, --from-inside-vpc and --debug", () => {
        expect(parseArgs(["destroy", "--backend-profile", "acct-b", "--stack=dev", "--yes", "--frontend-profile", "acct-a", "--debug", "--from-inside-vpc"])).to.deep.equal({
            action: "destroy",
            environment: "dev",
            profiles: { frontend: "acct-a", backend: "acct-b" },
            yes: true,
            fromInsideVpc: true,
            debug: true,
        });
        expect(parseArgs(["preview", "-h"])).to.equal("help");
        expect(parseArgs(["preview", "--stak", "x", "--help"]), "help wins over mistakes").to.equal("help");
    });

    it("GIVEN a bad command line WHEN parsed THEN one line says what is wrong, suggests the nearest option and how to get help", () => {
        expect(refusal(["deploy", "--stak", "dev"])).to.equal(`unknown option --stak (did you mean --stack?). ${HELP}`);
        expect(refusal(["deploy", "--frontend-profil", "a"])).to.equal(`unknown option --frontend-profil (did you mean --frontend-profile?). ${HELP}`);
        expect(refusal(["deploy", "--stack"])).to.equal(`--stack needs a value (ENVIRONMENT). ${HELP}`);
        expect(refusal(["deploy", "--stack", "--yes"])).to.equal(`--stack needs a value (ENVIRONMENT). ${HELP}`);
        expect(refusal(["depoly"])).to.equal(`unknown action "depoly" (did you mean deploy?). ${HELP}`);
        expect(refusal(["deploy", "dev"])).to.equal(`unexpected argument "dev". ${HELP}`);
    });

    it("GIVEN an environment name that is not one WHEN parsed THEN it is refused before it reaches a path", () => {
        const rule = 'use letters, digits, "-" and "_", starting with a letter or digit (it names the stacks and the EKS clusters yelb-<environment>-frontend), e.g. dev';
        expect(refusal(["preview", "--stack", "../etc"])).to.equal(`environment "../etc" is not a valid name: ${rule}. ${HELP}`);
        expect(refusal(["preview", "--stack", "dev/x"])).to.equal(`environment "dev/x" is not a valid name: ${rule}. ${HELP}`);
        expect(refusal(["preview", "--stack", "-dev"])).to.equal(`--stack needs a value (ENVIRONMENT). ${HELP}`);
        expect(refusal(["preview", "--stack", "x".repeat(87)])).to.equal(
            `environment "${"x".repeat(87)}" is 87 characters long: use at most 86, so the EKS cluster name yelb-<environment>-frontend fits in 100. ${HELP}`,
        );
        expect(parseArgs(["preview", "--stack", "x".repeat(86)])).to.not.equal("help");
    });
});
