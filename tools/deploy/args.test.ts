import { expect } from "chai";
import { buildTopology } from "../../shared/topology";
import { parseArgs, profileOf, profileProblems } from "./args";

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
    it("GIVEN only the action WHEN parsed THEN the environment is example and each account's profile is its name", () => {
        expect(parseArgs(["deploy"])).to.deep.equal({ action: "deploy", environment: "example", profiles: {}, yes: false, fromInsideVpc: false, debug: false });
        expect(["frontend", "backend", "network"].map((a) => profileOf({}, a))).to.deep.equal(["frontend", "backend", "network"]);
    });

    it("GIVEN --profile ACCOUNT=PROFILE repeated WHEN parsed THEN each account gets its profile, --frontend-profile and --backend-profile as shorthands", () => {
        const options = parseArgs(["deploy", "--stack", "example-hub", "--profile", "network=net-admin", "--profile=backend=acct-b", "--frontend-profile", "acct-a"]);
        expect(options !== "help" && options.profiles).to.deep.equal({ network: "net-admin", backend: "acct-b", frontend: "acct-a" });
        expect(options !== "help" && ["network", "frontend", "backend", "other"].map((a) => profileOf(options.profiles, a))).to.deep.equal(["net-admin", "acct-a", "acct-b", "other"]);
        expect(refusal(["deploy", "--profile", "network"])).to.equal(`--profile needs ACCOUNT=PROFILE (e.g. --profile network=net-admin), not "network". ${HELP}`);
        expect(refusal(["deploy", "--profile", "backend=a", "--backend-profile", "b"])).to.equal(
            `--backend-profile gives account backend profile "b", but it already has "a": give each account one profile. ${HELP}`,
        );
    });

    it("GIVEN a profile for an account the environment does not have WHEN checked THEN one line names it and the environment's accounts", () => {
        const hub = buildTopology("example-hub", {
            serviceNetworkOwner: "network",
            accounts: [{ name: "network" }, { name: "frontend" }, { name: "backend" }],
            services: [{ name: "yelb-appserver", provider: "backend", consumers: ["frontend"] }],
            file: "environments/example-hub.yaml",
        });
        expect(profileProblems({ network: "n", netwrk: "x" }, hub)).to.deep.equal([
            '--profile netwrk=x names no account of environment "example-hub" (its accounts: network, frontend, backend): give --profile ACCOUNT=PROFILE for one of those.',
        ]);
    });

    it("GIVEN flags WHEN parsed THEN they set the environment, each side's profile, --yes, --from-inside-vpc and --debug", () => {
        expect(parseArgs(["destroy", "--backend-profile", "acct-b", "--stack=dev", "--yes", "--frontend-profile", "acct-a", "--debug", "--from-inside-vpc"])).to.deep.equal({
            action: "destroy",
            environment: "dev",
            profiles: { backend: "acct-b", frontend: "acct-a" },
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
