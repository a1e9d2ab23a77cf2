import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { AccountFacts, DEFAULT_DESCRIPTION, EnvironmentDescription, environmentProblems, loadEnvironment, parseEnvironment } from "./environment";
import { tempDir } from "../test/helpers/temp-dir";

/** The hub: a network account with no cluster, yelb-ui's account and yelb-appserver's. */
const HUB: EnvironmentDescription = {
    serviceNetworkOwner: "network",
    accounts: [{ name: "network" }, { name: "frontend" }, { name: "backend" }],
    services: [{ name: "yelb-appserver", provider: "backend", consumers: ["frontend"] }],
};

const fact = (name: string, accountId: string, region = "us-west-2"): AccountFacts => ({ name, accountId, region, file: `${name}/Pulumi.hub.yaml` });
const FACTS = [fact("network", "333333333333"), fact("frontend", "111111111111"), fact("backend", "222222222222")];

/** The problems as the user reads them: `key: problem. Fix: fix.` */
function problemsOf(description: EnvironmentDescription, facts: AccountFacts[] = FACTS, transport = "lattice"): string[] {
    return environmentProblems("hub", description, facts, transport).map((p) => `${p.key}: ${p.problem}. Fix: ${p.fix}.`);
}

describe("environment description (accounts as data)", () => {
    it("GIVEN the hub and the two-account design WHEN checked THEN there is no problem", () => {
        expect(problemsOf(HUB)).to.deep.equal([]);
        expect(problemsOf(DEFAULT_DESCRIPTION, [fact("frontend", "111111111111"), fact("backend", "222222222222")], "appmesh")).to.deep.equal([]);
    });

    it("GIVEN an account listed twice WHEN checked THEN its second entry is refused", () => {
        expect(problemsOf({ ...HUB, accounts: [...HUB.accounts, { name: "frontend" }] })).to.deep.equal([
            'accounts[3].name: "frontend" is listed twice (also accounts[1].name). Fix: list each account once.',
        ]);
    });

    it("GIVEN two accounts with one AWS account ID WHEN checked THEN both files are named", () => {
        expect(problemsOf(HUB, [fact("network", "333333333333"), fact("frontend", "111111111111"), fact("backend", "111111111111")])).to.deep.equal([
            "aws:allowedAccountIds: 111111111111 is both account frontend (frontend/Pulumi.hub.yaml) and account backend (backend/Pulumi.hub.yaml). Fix: give each account of the environment its own AWS account.",
        ]);
    });

    it("GIVEN a service with no provider, or one that is not an account WHEN checked THEN the key is named", () => {
        const { description, problems } = parseEnvironment("serviceNetworkOwner: network\naccounts: [{name: network}, {name: frontend}]\nservices:\n  - name: yelb-appserver\n    consumers: [frontend]\n");
        expect(problems.map((p) => `${p.key}: ${p.problem}`)).to.deep.equal(["services[0].provider: is not set"]);
        expect(description.services[0].consumers).to.deep.equal(["frontend"]);
        expect(problemsOf({ ...HUB, services: [{ name: "yelb-appserver", provider: "backnd", consumers: ["frontend"] }] })).to.deep.equal([
            'services[0].provider: "backnd" is not an account of environment hub (accounts: network, frontend, backend). Fix: add it under accounts, or name one of those as the provider.',
            'accounts[2].name: "backend" neither provides a service nor calls one. Fix: name it as a provider or consumer under services, or remove it.',
        ]);
    });

    it("GIVEN a consumer that is not an account of the environment WHEN checked THEN it is refused by its key", () => {
        expect(problemsOf({ ...HUB, services: [{ name: "yelb-appserver", provider: "backend", consumers: ["frontend", "team-x"] }] })).to.deep.equal([
            'services[0].consumers[1]: "team-x" is not an account of environment hub (accounts: network, frontend, backend). Fix: add it under accounts, or name one of those as the consumer.',
        ]);
    });

    it("GIVEN two providers of one service name WHEN checked THEN the second is refused", () => {
        const description: EnvironmentDescription = {
            ...HUB,
            accounts: [...HUB.accounts, { name: "backend-2" }, { name: "frontend-2" }],
            services: [HUB.services[0], { name: "yelb-appserver", provider: "backend-2", consumers: ["frontend-2"] }],
        };
        expect(problemsOf(description, [])).to.deep.equal([
            'services[1].name: "yelb-appserver" is also provided by backend (services[0]). Fix: give each service one entry and one provider; name a second service differently.',
        ]);
    });

    it("GIVEN an account in another region than the network owner WHEN checked THEN its region is refused", () => {
        expect(problemsOf(HUB, [fact("network", "333333333333"), fact("frontend", "111111111111", "eu-west-1"), fact("backend", "222222222222")])).to.deep.equal([
            "aws:region: is eu-west-1 in frontend/Pulumi.hub.yaml, but the service network's owner network is in us-west-2 (network/Pulumi.hub.yaml); a service network is regional. Fix: deploy every account of the environment in us-west-2.",
        ]);
    });

    it("GIVEN an account with neither services nor calls WHEN checked THEN it is refused, but a network owner with no cluster is not", () => {
        expect(problemsOf({ ...HUB, accounts: [...HUB.accounts, { name: "idle" }] })).to.deep.equal([
            'accounts[3].name: "idle" neither provides a service nor calls one. Fix: name it as a provider or consumer under services, or remove it.',
        ]);
    });

    it("GIVEN App Mesh with three accounts WHEN checked THEN the transport is refused", () => {
        expect(problemsOf(HUB, FACTS, "appmesh")).to.deep.equal([
            "mesh:transport: is appmesh in environment hub of 3 accounts; App Mesh joins exactly two (the walkthrough's design). Fix: use transport lattice in every mesh and apps stack of an environment of more than two accounts.",
        ]);
    });

    it("GIVEN several problems WHEN checked THEN every one is listed at once", () => {
        const description: EnvironmentDescription = {
            serviceNetworkOwner: "hub",
            accounts: [{ name: "a" }, { name: "a" }],
            services: [{ name: "s", provider: "a", consumers: ["b"] }],
        };
        expect(environmentProblems("e", description).map((p) => p.key)).to.deep.equal(["accounts[1].name", "serviceNetworkOwner", "services[0].consumers[0]"]);
    });

    it("GIVEN an environment file with a bad shape WHEN loaded THEN it is refused with the file and every key", () => {
        const dir = tempDir("yelb-env-");
        fs.writeFileSync(path.join(dir, "bad.yaml"), "serviceNetworkOwner: network\naccounts: network\nservice: []\n");
        expect(() => loadEnvironment("bad", dir)).to.throw(
            [
                `Invalid configuration for environment file ${path.join(dir, "bad.yaml")}:`,
                "  - service: is not a key of an environment file. Fix: use only serviceNetworkOwner, accounts, services.",
                "  - accounts: is not a list. Fix: write a YAML list, one `- ` entry per line.",
                "  - services: is not set. Fix: write a YAML list, one `- ` entry per line.",
            ].join("\n"),
        );
        expect(loadEnvironment("absent", dir)).to.equal(DEFAULT_DESCRIPTION);
        fs.writeFileSync(path.join(dir, "hub.yaml"), "serviceNetworkOwner: network\naccounts: [{name: network}, {name: frontend}, {name: backend}]\nservices: [{name: yelb-appserver, provider: backend, consumers: [frontend]}]\n");
        expect(loadEnvironment("hub", dir)).to.deep.equal({ ...HUB, file: path.join(dir, "hub.yaml") });
    });
});
