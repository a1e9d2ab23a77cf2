import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { planEnvironment } from "../tools/sim/environment";
import { UsageError, UserError, shownPath } from "../tools/engine/cli";
import { AddAccount, parseAccountArgs } from "../tools/new-environment/account-args";
import { addAccount, removeAccounts, rewrittenEnvironment } from "../tools/new-environment/account";
import { parseEnvironment } from "../shared/environment";
import { PROJECTS } from "../shared/topology";
import { ROOT_DIR, hubPlan, planChanges, resourcesOfType, theResource } from "./helpers/plan";
import { tempDir } from "./helpers/temp-dir";

/** A copy of example-hub (its description and stack files) in a new config folder. */
function hubCopy(): string {
    const dir = tempDir("add-account-");
    fs.mkdirSync(path.join(dir, "environments"));
    fs.copyFileSync(path.join(ROOT_DIR, "environments/example-hub.yaml"), path.join(dir, "environments/example-hub.yaml"));
    for (const project of PROJECTS) {
        fs.mkdirSync(path.join(dir, project));
        for (const f of fs.readdirSync(path.join(ROOT_DIR, project)).filter((f) => f.startsWith("Pulumi.example-hub"))) fs.copyFileSync(path.join(ROOT_DIR, project, f), path.join(dir, project, f));
    }
    return dir;
}

const HUB_TEXT = fs.readFileSync(path.join(ROOT_DIR, "environments/example-hub.yaml"), "utf8");
const ID = "444444444001";
const add = (dir: string, extra: string[]) => {
    const parsed = parseAccountArgs(["--name", "example-hub", "--config-dir", dir, ...extra]);
    if (parsed === "help" || parsed.action !== "add") throw new Error("not an add");
    return addAccount(ROOT_DIR, dir, parsed as AddAccount);
};
function refusal(run: () => unknown): readonly string[] {
    try {
        run();
    } catch (e) {
        if (e instanceof UserError) return e.problems;
        throw e;
    }
    throw new Error("not refused");
}
const envFile = (dir: string) => path.join(dir, "environments/example-hub.yaml");

describe("npm run new-environment -- --add-account / --remove-account", function () {
    this.timeout(120_000);

    it("GIVEN example-hub WHEN account c2 is added as a caller of yelb-appserver THEN the description keeps its comments, c2's three stack files are written and the environment plans with c2 shared and calling", async () => {
        const dir = hubCopy();
        const change = add(dir, ["--add-account", "c2", "--account-id", ID, "--calls", "yelb-appserver", "--profile", "c2", "--run-from", "vpc"]);
        expect(change.written.map((f) => path.relative(dir, f))).to.deep.equal(["infra-frontend/Pulumi.example-hub-c2.yaml", "mesh/Pulumi.example-hub-c2.yaml", "apps/Pulumi.example-hub-c2.yaml"]);
        expect(fs.readFileSync(envFile(dir), "utf8")).to.equal(
            HUB_TEXT.replace("  - name: backend\n", "  - name: backend\n  - name: c2\n").replace("consumers: [frontend]", "consumers: [frontend, c2]"),
        );
        expect(fs.readFileSync(path.join(dir, "infra-frontend/Pulumi.example-hub-c2.yaml"), "utf8")).to.equal(
            "# infra-frontend/example-hub-c2: account c2 (444444444001) of environment example-hub (environments/example-hub.yaml).\n" +
                "# Written by npm run new-environment -- --add-account from infra-frontend/Pulumi.example-hub.yaml; edit freely.\n" +
                "config:\n  aws:region: us-west-2\n  aws:allowedAccountIds:\n    - '444444444001'\n  aws:profile: c2\n" +
                "  infra-frontend:clusterEndpointAccess: private\n  infra-frontend:clusterEndpointPublicAccessCidrs: []\n",
        );

        const plan = await planEnvironment("example-hub", { rootDir: ROOT_DIR, stackConfigDir: dir, traceFlows: false });
        const stack = (project: string, account: string) => plan.stacks.find((s) => s.project === project && s.accountName === account)!;
        expect(plan.stacks.filter((s) => s.accountName === "c2").map((s) => `${s.project}/${s.stack} ${s.account}`)).to.have.members([
            `infra-frontend/example-hub-c2 ${ID}`,
            `mesh/example-hub-c2 ${ID}`,
            `apps/example-hub-c2 ${ID}`,
        ]);
        expect(resourcesOfType(stack("mesh", "network"), "aws:ram/principalAssociation:PrincipalAssociation").map((r) => r.inputs.principal)).to.have.members(["111111111111", "222222222222", ID]);
        expect(stack("apps", "c2").references.filter((r) => r.startsWith("organization/apps/"))).to.deep.equal(["organization/apps/example-hub-backend"]);
    });

    it("GIVEN example-hub WHEN p2 is added providing ballots to a new account c5 in one command THEN one plan has both: c5 reads exactly p2's DNS name, p2's policy admits exactly c5, and the other accounts change only by share principals", async () => {
        const dir = hubCopy();
        const C5 = "444444444005";
        const change = add(dir, ["--add-account", "p2", "--account-id", ID, "--provides", "ballots", "--consumers", `c5=${C5}`]);
        expect(change.written.map((f) => path.relative(dir, f))).to.deep.equal([
            "infra-backend/Pulumi.example-hub-p2.yaml",
            "infra-frontend/Pulumi.example-hub-c5.yaml",
            "mesh/Pulumi.example-hub-p2.yaml",
            "mesh/Pulumi.example-hub-c5.yaml",
            "apps/Pulumi.example-hub-p2.yaml",
            "apps/Pulumi.example-hub-c5.yaml",
        ]);
        expect(fs.readFileSync(envFile(dir), "utf8")).to.equal(
            HUB_TEXT.replace("  - name: backend\n", "  - name: backend\n  - name: p2\n  - name: c5\n") + "  - name: ballots\n    provider: p2\n    consumers: [c5]\n",
        );

        const [base, onboarded] = [await hubPlan(), await planEnvironment("example-hub", { rootDir: ROOT_DIR, stackConfigDir: dir, traceFlows: false })];
        const stack = (project: string, account: string) => onboarded.stacks.find((s) => s.project === project && s.accountName === account)!;
        expect(stack("infra-frontend", "c5").account).to.equal(C5);
        expect(stack("apps", "c5").references.filter((r) => r.startsWith("organization/apps/"))).to.deep.equal(["organization/apps/example-hub-p2"]);
        const dns = stack("apps", "p2").outputs.yelbAppserverServiceDnsName as string;
        expect(JSON.stringify(stack("apps", "c5").resources)).to.contain(dns);
        expect(JSON.stringify(stack("apps", "c5").resources)).to.not.contain(stack("apps", "backend").outputs.yelbAppserverServiceDnsName as string);
        const AUTH = "kubernetes:application-networking.k8s.aws/v1alpha1:IAMAuthPolicy";
        const callers = (account: string) => JSON.parse((theResource(stack("apps", account), AUTH).inputs.spec as { policy: string }).policy).Statement[0].Condition.StringEquals;
        expect(callers("p2")["vpc-lattice-svcs:SourceVpcOwnerAccount"]).to.equal(C5);
        expect(callers("backend")["vpc-lattice-svcs:SourceVpcOwnerAccount"]).to.equal("111111111111");
        expect(planChanges(base, onboarded)).to.deep.equal([
            "+ apps/example-hub-c5",
            "+ apps/example-hub-p2",
            "+ infra-backend/example-hub-p2",
            "+ infra-frontend/example-hub-c5",
            "+ mesh/example-hub-c5",
            "+ mesh/example-hub-p2",
            "mesh/example-hub-network + aws:ram/principalAssociation:PrincipalAssociation lattice-share-c5",
            "mesh/example-hub-network + aws:ram/principalAssociation:PrincipalAssociation lattice-share-p2",
            "mesh/example-hub-network + pulumi:pulumi:StackReference infra-backend-p2",
            "mesh/example-hub-network + pulumi:pulumi:StackReference infra-frontend-c5",
            "mesh/example-hub-network ~ aws:vpclattice/authPolicy:AuthPolicy lattice-auth-policy",
        ]);
    });

    it("GIVEN --consumers with a new account whose ID is a placeholder, or whose name is taken WHEN added THEN refused with the fix and nothing written", () => {
        const dir = hubCopy();
        expect(() => add(dir, ["--add-account", "p2", "--account-id", ID, "--provides", "ballots", "--consumers", "c5=555555555555"])).to.throw(UserError, "--consumers c5=555555555555: a placeholder");
        expect(refusal(() => add(dir, ["--add-account", "p2", "--account-id", ID, "--provides", "ballots", "--consumers", `frontend=444444444005`]))).to.deep.equal([
            `${shownPath(envFile(dir))} accounts[4].name: "frontend" is listed twice (also accounts[1].name). Fix: list each account once.`,
            `${shownPath(envFile(dir))} accounts[1].name: "frontend" calls 2 services; yelb-ui calls one. Fix: name the account as a consumer of one service.`,
        ]);
        expect(fs.readFileSync(envFile(dir), "utf8")).to.equal(HUB_TEXT);
    });

    it("GIVEN c2 added WHEN it is removed THEN the description is the original again and c2's stacks are listed to destroy, apps first", () => {
        const dir = hubCopy();
        add(dir, ["--add-account", "c2", "--account-id", ID, "--calls", "yelb-appserver"]);
        const change = removeAccounts(dir, { action: "remove", environment: "example-hub", accounts: ["c2"] });
        expect(fs.readFileSync(envFile(dir), "utf8")).to.equal(HUB_TEXT);
        expect(change.toDestroy.map((e) => `${e.project}/${e.stack}`)).to.deep.equal(["apps/example-hub-c2", "mesh/example-hub-c2", "infra-frontend/example-hub-c2"]);
    });

    it("GIVEN a name taken, an unknown service or a stack file that exists WHEN added THEN refused with the fix and nothing written", () => {
        const dir = hubCopy();
        const shown = shownPath(envFile(dir));
        expect(refusal(() => add(dir, ["--add-account", "frontend", "--account-id", ID, "--calls", "yelb-appserver"]))).to.deep.equal([
            `${shown} accounts[3].name: "frontend" is listed twice (also accounts[1].name). Fix: list each account once.`,
        ]);
        expect(refusal(() => add(dir, ["--add-account", "c2", "--account-id", ID, "--calls", "yelb-ui"]))).to.deep.equal([
            `--calls: "yelb-ui" is not a service of environment example-hub (${shown}: yelb-appserver). Fix: name one of those, or --provides to add a new service.`,
        ]);
        fs.writeFileSync(path.join(dir, "mesh/Pulumi.example-hub-c2.yaml"), "config: {}\n");
        expect(refusal(() => add(dir, ["--add-account", "c2", "--account-id", ID, "--calls", "yelb-appserver"]))).to.deep.equal([
            `${shownPath(path.join(dir, "mesh/Pulumi.example-hub-c2.yaml"))} already exists, so nothing was written. Fix: choose another --add-account name, or delete those files if they are an earlier account's.`,
        ]);
        expect(fs.readFileSync(envFile(dir), "utf8")).to.equal(HUB_TEXT);
        expect(fs.existsSync(path.join(dir, "infra-frontend/Pulumi.example-hub-c2.yaml"))).to.equal(false);
    });

    it("GIVEN an account that provides a service with consumers WHEN removed THEN refused, naming them, and the description is unchanged", () => {
        const dir = hubCopy();
        expect(refusal(() => removeAccounts(dir, { action: "remove", environment: "example-hub", accounts: ["backend"] }))).to.deep.equal([
            `--remove-account: "backend" provides yelb-appserver, which frontend still calls. Fix: remove that consumer first, or with it (--remove-account frontend).`,
        ]);
        expect(fs.readFileSync(envFile(dir), "utf8")).to.equal(HUB_TEXT);
    });

    it("GIVEN comments between the entries WHEN an account is added and then removed THEN each edit keeps them and the file is as it was", () => {
        const text = "# hub\nserviceNetworkOwner: a\naccounts:\n  - name: a # owner\n  # the provider\n  - name: b\n\n# services\nservices:\n  - name: s # one\n    provider: b\n    consumers: [a] # callers\n";
        const before = parseEnvironment(text).description;
        const after = { ...before, accounts: [...before.accounts, { name: "c" }], services: [{ ...before.services[0], consumers: ["a", "c"] }] };
        const added = rewrittenEnvironment(text, before, after);
        expect(added).to.equal(text.replace("  - name: b\n", "  - name: b\n  - name: c\n").replace("[a] # callers", "[a, c] # callers"));
        expect(rewrittenEnvironment(added, after, before)).to.equal(text);
    });

    it("GIVEN consumers written as a block list WHEN rewritten THEN the file is dumped afresh under its opening comment", () => {
        const text = "# hub\nserviceNetworkOwner: a\naccounts:\n  - name: a\n  - name: b\nservices:\n  - name: s\n    provider: b\n    consumers:\n      - a\n";
        const before = parseEnvironment(text).description;
        const after = { ...before, accounts: [...before.accounts, { name: "c" }], services: [{ ...before.services[0], consumers: ["a", "c"] }] };
        expect(rewrittenEnvironment(text, before, after)).to.equal(
            "# hub\nserviceNetworkOwner: a\naccounts:\n  - name: a\n  - name: b\n  - name: c\nservices:\n  - name: s\n    provider: b\n    consumers: [a, c]\n",
        );
    });

    it("GIVEN --calls and --provides together, or --account-id without --add-account WHEN parsed THEN a usage error", () => {
        expect(() => parseAccountArgs(["--name", "e", "--add-account", "c", "--account-id", ID, "--calls", "s", "--provides", "t"])).to.throw(UsageError, "give one of --calls SERVICE or --provides SERVICE");
        expect(() => parseAccountArgs(["--name", "e", "--remove-account", "c", "--account-id", ID])).to.throw(UsageError, "--account-id: only with --add-account");
    });
});
