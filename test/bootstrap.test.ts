import { expect } from "chai";
import * as path from "path";
import { newClusterState } from "../tools/sim/cloud";
import { RecordedResource } from "../tools/sim/recorder";
import { StackRun, runStack } from "../tools/sim/run";
import { FlatConfig, loadStackConfig } from "../shared/stack-files";
import { ROOT_DIR, refusal } from "./helpers/plan";
import { VERIFY_ACTIONS } from "../shared/components/ci-access";

/** Runs the bootstrap program of the example frontend account under the mocks, with config overrides. */
function bootstrap(overrides: FlatConfig = {}): Promise<StackRun> {
    const projectDir = path.join(ROOT_DIR, "bootstrap");
    const config = { ...loadStackConfig(projectDir, "example-frontend"), ...overrides };
    return runStack({
        projectDir,
        project: "bootstrap",
        stack: "example-frontend",
        organization: "organization",
        config,
        context: { account: { accountId: "111111111111", region: "us-west-2", cluster: newClusterState() }, stacks: () => undefined },
    });
}

function byName(run: StackRun, type: string, name: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    expect(found, `${type} ${name}`).to.have.lengthOf(1);
    return found[0];
}

const PROVIDER = "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com";

function trust(subject: string, provider: unknown) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: provider },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": subject } },
            },
        ],
    };
}

describe("bootstrap: GitHub Actions' access to one account", () => {
    it("GIVEN the example WHEN planned THEN previews are trusted only from pull requests of the repository, deploys only from main", async () => {
        const run = await bootstrap();
        const oidc = byName(run, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "github-github-oidc");
        expect(oidc.inputs).to.deep.include({ url: "https://token.actions.githubusercontent.com", clientIdLists: ["sts.amazonaws.com"] });
        const providerArn = oidc.outputs.arn;
        const preview = byName(run, "aws:iam/role:Role", "github-preview");
        const deploy = byName(run, "aws:iam/role:Role", "github-deploy");
        expect(JSON.parse(preview.inputs.assumeRolePolicy as string)).to.deep.equal(trust("repo:example-owner/yelb-appmesh:pull_request", providerArn));
        expect(JSON.parse(deploy.inputs.assumeRolePolicy as string)).to.deep.equal(trust("repo:example-owner/yelb-appmesh:ref:refs/heads/main", providerArn));
        expect([preview.inputs.name, deploy.inputs.name]).to.deep.equal(["yelb-github-preview", "yelb-github-deploy"]);
        expect(run.outputs).to.deep.equal({
            previewRoleArn: "arn:aws:iam::111111111111:role/yelb-github-preview",
            deployRoleArn: "arn:aws:iam::111111111111:role/yelb-github-deploy",
            oidcProviderArn: providerArn,
        });
    });

    it("GIVEN the example WHEN planned THEN the preview role reads, locks the state and decrypts; only the deploy role writes state", async () => {
        const run = await bootstrap();
        const attached = (role: string) => run.resources.filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.inputs.role === role).map((r) => r.inputs.policyArn);
        expect(attached("yelb-github-preview")).to.deep.equal(["arn:aws:iam::aws:policy/ReadOnlyAccess"]);
        expect(attached("yelb-github-deploy")).to.deep.equal(["arn:aws:iam::aws:policy/AdministratorAccess"]);
        const previewState = JSON.parse(byName(run, "aws:iam/rolePolicy:RolePolicy", "github-preview-state").inputs.policy as string);
        const key = "arn:aws:kms:us-west-2:111111111111:key/00000000-0000-0000-0000-000000000000";
        expect(previewState.Statement.map((s: any) => [s.Sid, s.Action, s.Resource])).to.deep.equal([
            ["ListState", "s3:ListBucket", "arn:aws:s3:::example-pulumi-state"],
            ["ReadState", "s3:GetObject", "arn:aws:s3:::example-pulumi-state/yelb/*"],
            ["LockStacks", ["s3:PutObject", "s3:DeleteObject"], "arn:aws:s3:::example-pulumi-state/yelb/.pulumi/locks/*"],
            ["StateSecrets", "kms:Decrypt", key],
        ]);
        // The scheduled verify's reads, named one by one (tools/verify/permissions.test.ts ties them to the checks).
        const verify = JSON.parse(byName(run, "aws:iam/rolePolicy:RolePolicy", "github-preview-verify").inputs.policy as string);
        expect(verify.Statement).to.deep.equal([{ Sid: "VerifyReads", Effect: "Allow", Action: [...VERIFY_ACTIONS], Resource: "*" }]);
        expect(run.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.inputs.role === "yelb-github-deploy").map((r) => r.name)).to.deep.equal(["github-deploy-state"]);
    });

    it("GIVEN an existing OIDC provider WHEN planned THEN it is used and no second one is created", async () => {
        const run = await bootstrap({ "bootstrap:githubOidcProviderArn": PROVIDER });
        expect(run.resources.filter((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider")).to.deep.equal([]);
        expect(JSON.parse(byName(run, "aws:iam/role:Role", "github-preview").inputs.assumeRolePolicy as string).Statement[0].Principal).to.deep.equal({ Federated: PROVIDER });
    });

    it("GIVEN bad settings WHEN planned THEN every problem is listed with key and fix before anything is declared", async () => {
        const error = await refusal(
            bootstrap({
                "bootstrap:repository": "https://github.com/acme/yelb",
                "bootstrap:deployBranch": "refs/heads/*",
                "bootstrap:deployPolicyArns": "[]",
                "bootstrap:stateKmsKeyArn": "",
            }),
        );
        expect(error.message).to.equal(
            "organization/bootstrap/example-frontend: Invalid configuration for stack bootstrap/example-frontend:\n" +
                '  - bootstrap:repository: "https://github.com/acme/yelb" is not a GitHub repository. Fix: write owner/name as in its URL, e.g. acme/yelb-appmesh.\n' +
                '  - bootstrap:deployBranch: "refs/heads/*" is not a branch name. Fix: write the branch deploys run from, e.g. main (no refs/heads/, no wildcards).\n' +
                "  - bootstrap:deployPolicyArns: is empty. Fix: list the managed policies the deploy role needs to deploy the stacks into this account.\n" +
                "  - bootstrap:stateKmsKeyArn: an S3 state backend needs both its bucket and its KMS key. Fix: set stateBucket and stateKmsKeyArn together (an S3 backend in state-backend.yaml), or neither (Pulumi Cloud).",
        );
        expect(error.resources!.filter((r) => r.custom)).to.deep.equal([]);
    });
});
