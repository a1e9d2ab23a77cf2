import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fakePulumi } from "../../test/helpers/fake-pulumi";
import { ROOT_DIR } from "../../test/helpers/plan";
import { backendOverrideProblem, backendStackName, readStateBackend } from "./state-backend";
import { tempDir } from "../../test/helpers/temp-dir";

/** A repository root holding state-backend.yaml with `text` (none when undefined). */
function root(text?: string): string {
    const dir = tempDir("state-backend-");
    if (text !== undefined) fs.writeFileSync(path.join(dir, "state-backend.yaml"), text);
    return dir;
}

const S3 = "s3://team-state/yelb?region=eu-west-1";
const KMS = "awskms://alias/yelb-state?region=eu-west-1";

describe("state backend setting (state-backend.yaml)", () => {
    it("GIVEN no setting file, an empty one or backend: local WHEN read THEN state is in the repository's .pulumi-state", () => {
        for (const text of [undefined, "", "backend: local\n"]) {
            const dir = root(text);
            expect(readStateBackend(dir), String(text)).to.deep.equal({ backend: { kind: "local", url: `file://${dir}/.pulumi-state` }, problems: [] });
        }
    });

    it("GIVEN an S3 bucket and a KMS key WHEN read THEN both are used, and the stack names stay plain", () => {
        const { backend, problems } = readStateBackend(root(`backend: ${S3}\nsecretsProvider: ${KMS}\n`));
        expect(problems).to.deep.equal([]);
        expect(backend).to.deep.equal({ kind: "s3", url: S3, secretsProvider: KMS });
        expect(backendStackName(backend!, "dev-frontend")).to.equal("dev-frontend");
    });

    it("GIVEN Pulumi Cloud and an organization WHEN read THEN stacks are created in that organization", () => {
        const { backend } = readStateBackend(root("backend: https://api.pulumi.com/\norganization: acme\n"));
        expect(backend).to.deep.equal({ kind: "cloud", url: "https://api.pulumi.com", organization: "acme" });
        expect(backendStackName(backend!, "dev-frontend")).to.equal("acme/dev-frontend");
    });

    it("GIVEN bad settings WHEN read THEN each problem is one line with its fix", () => {
        const problems = (text: string) => readStateBackend(root(text)).problems;
        expect(problems(`backend: ${S3}\n`)).to.deep.equal([
            'state-backend.yaml: an S3 backend needs secretsProvider, the KMS key that encrypts stack secrets: add e.g. "secretsProvider: awskms://alias/yelb-state?region=us-west-2".',
        ]);
        expect(problems(`backend: s3://team-state\nsecretsProvider: passphrase\n`)).to.deep.equal([
            'state-backend.yaml: backend "s3://team-state" has no region: add ?region=<the bucket\'s or key\'s region>, e.g. ?region=us-west-2.',
            'state-backend.yaml: secretsProvider "passphrase" is not a KMS key URL: write awskms://alias/<alias>?region=<region> or awskms:///<key ARN>.',
        ]);
        expect(problems(`backend: s3://b?region=mars-1\nsecretsProvider: ${KMS}\n`)).to.deep.equal([
            'state-backend.yaml: backend "s3://b?region=mars-1" does not name an S3 bucket: write s3://<bucket>/<prefix>?region=<region>.',
            'state-backend.yaml: backend "s3://b?region=mars-1" names region "mars-1", which is not an AWS region: write one such as us-west-2.',
        ]);
        expect(problems("backend: https://api.pulumi.com\n")).to.deep.equal([
            'state-backend.yaml: Pulumi Cloud needs organization, the Pulumi organization that owns the stacks: add "organization: <your-org>".',
        ]);
        expect(problems("backend: file:///home/me/.pulumi\n")).to.deep.equal([
            'state-backend.yaml: backend "file:///home/me/.pulumi" is not a backend this project supports: the file backend is "backend: local" ' +
                "(the repository's .pulumi-state/), so hand and orchestrated deploys share it.",
        ]);
        expect(problems("backend: local\nsecretProvider: x\n")).to.deep.equal(['state-backend.yaml: "secretProvider" is not a setting: did you mean secretsProvider?']);
        expect(problems(`backend: local\nsecretsProvider: ${KMS}\n`)).to.deep.equal([
            "state-backend.yaml: secretsProvider does not apply to the local backend: its secrets use PULUMI_CONFIG_PASSPHRASE; remove it.",
        ]);
        expect(problems("backend: [local\n")[0]).to.match(/^state-backend\.yaml line 2 is not valid YAML: .*Fix the YAML, e\.g\. "backend: local"/);
        expect(problems("- local\n")[0]).to.match(/^state-backend\.yaml is not a mapping: write keys, e\.g\./);
    });

    it("GIVEN PULUMI_BACKEND_URL pointing elsewhere WHEN checked THEN it is refused, since the setting file is the one place", () => {
        const backend = { kind: "s3" as const, url: S3, secretsProvider: KMS };
        expect(backendOverrideProblem({ PULUMI_BACKEND_URL: S3 }, backend)).to.equal(undefined);
        expect(backendOverrideProblem({ PULUMI_BACKEND_URL: "" }, backend)).to.equal(undefined);
        expect(backendOverrideProblem({ PULUMI_BACKEND_URL: "file://~" }, backend)).to.equal(
            `PULUMI_BACKEND_URL is set to "file://~", but state-backend.yaml chooses "${S3}": unset PULUMI_BACKEND_URL ` +
                "(the setting file is the one place that chooses the state backend) or change state-backend.yaml.",
        );
    });

    it("GIVEN the repository WHEN npm run login runs THEN the fake pulumi is logged in to the same backend npm run deploy uses", () => {
        const cli = fakePulumi();
        const run = spawnSync(process.execPath, ["-r", "./tools/engine/register.js", "tools/login/main.ts"], { cwd: ROOT_DIR, encoding: "utf8", env: { PATH: cli.binDir } });
        expect(run.status, run.stderr).to.equal(0);
        const expected = `file://${ROOT_DIR}/.pulumi-state`; // the repository commits no state-backend.yaml
        expect(cli.calls().map((c) => c.args)).to.deep.equal([["login", expected]]);
        expect(run.stdout).to.contain(`pulumi login ${expected}\n`);
    });
});
