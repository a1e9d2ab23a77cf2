import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ROOT_DIR } from "../../test/helpers/plan";
import { APP_MESH_END } from "../../shared/transport";
import { appMeshProblems } from "./appmesh-check";
import { tempDir } from "../../test/helpers/temp-dir";

/** A repository of stack files only: the four projects, and environment "dev" in accounts ...1 and ...2. */
function repo(transport?: { frontend: string; backend: string }): string {
    const root = tempDir("appmesh-check-");
    const write = (file: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        fs.writeFileSync(path.join(root, file), text);
    };
    for (const project of ["infra-frontend", "infra-backend", "mesh", "apps"]) write(`${project}/Pulumi.yaml`, `name: ${project}\n`);
    write("infra-frontend/Pulumi.dev.yaml", 'config:\n  aws:region: eu-west-1\n  aws:allowedAccountIds: ["123456789011"]\n');
    write("infra-backend/Pulumi.dev.yaml", 'config:\n  aws:region: eu-west-1\n  aws:allowedAccountIds: ["123456789012"]\n');
    if (transport) {
        write("mesh/Pulumi.dev-frontend.yaml", `config:\n  mesh:transport: ${transport.frontend}\n`);
        write("mesh/Pulumi.dev-backend.yaml", `config:\n  mesh:transport: ${transport.backend}\n`);
    }
    return root;
}

/** A PATH holding the fake AWS CLI (test/fixtures/fake-aws.js) as `aws`, and the calls it received. */
function fakeAws(mode: "answers" | "ended" | "no-credentials") {
    const bin = tempDir("aws-bin-");
    const calls = path.join(bin, "calls.jsonl");
    const script = path.join(ROOT_DIR, "test", "fixtures", "fake-aws.js");
    fs.writeFileSync(path.join(bin, "aws"), `#!/bin/sh\nexec '${process.execPath}' '${script}' "$@"\n`, { mode: 0o755 });
    const env = { PATH: bin, FAKE_AWS_APPMESH: mode, FAKE_AWS_CALLS: calls };
    const received = (): string[][] => (fs.existsSync(calls) ? fs.readFileSync(calls, "utf8").trim().split("\n").map((l) => JSON.parse(l)) : []);
    return { env, received };
}

const profiles = { frontend: "acct-a", backend: "acct-b" };

describe("App Mesh availability check before a deploy", () => {
    it("GIVEN App Mesh answers in both accounts WHEN checked THEN there is no problem, and each side was asked with its profile and region", () => {
        const aws = fakeAws("answers");
        expect(appMeshProblems({ rootDir: repo(), environment: "dev", profiles, env: aws.env })).to.deep.equal([]);
        expect(aws.received()).to.deep.equal([
            ["appmesh", "list-meshes", "--region", "eu-west-1", "--profile", "acct-a", "--output", "json"],
            ["appmesh", "list-meshes", "--region", "eu-west-1", "--profile", "acct-b", "--output", "json"],
        ]);
    });

    it("GIVEN App Mesh no longer answers WHEN checked THEN one line per account names the Lattice transport and the files to set it in", () => {
        const aws = fakeAws("ended");
        const said = "An error occurred (AccessDeniedException) when calling the ListMeshes operation: App Mesh is not available to this account";
        const files = "mesh/Pulumi.dev-frontend.yaml, mesh/Pulumi.dev-backend.yaml, apps/Pulumi.dev-backend.yaml, apps/Pulumi.dev-frontend.yaml";
        expect(appMeshProblems({ rootDir: repo(), environment: "dev", profiles, env: aws.env })).to.deep.equal(
            ["123456789011", "123456789012"].map(
                (account) =>
                    `App Mesh does not answer in account ${account} region eu-west-1 (AWS ended App Mesh on ${APP_MESH_END}; the AWS CLI said: ${said}): ` +
                    `set transport to lattice in ${files}, then run npm run deploy -- --stack dev again.`,
            ),
        );
    });

    it("GIVEN a transport key naming App Mesh in some stack files WHEN App Mesh is gone THEN the line names that key and those files", () => {
        const problems = appMeshProblems({ rootDir: repo({ frontend: "appmesh", backend: "lattice" }), environment: "dev", profiles, env: fakeAws("ended").env });
        expect(problems[0]).to.match(/: set mesh:transport to lattice in mesh\/Pulumi\.dev-frontend\.yaml, then run /);
    });

    it("GIVEN every stack on the Lattice transport WHEN checked THEN the AWS CLI is not even asked", () => {
        const aws = fakeAws("ended");
        expect(appMeshProblems({ rootDir: repo({ frontend: "lattice", backend: "lattice" }), environment: "dev", profiles, env: aws.env })).to.deep.equal([]);
        expect(aws.received()).to.deep.equal([]);
    });

    it("GIVEN a profile the AWS CLI cannot use WHEN checked THEN it says so instead of blaming App Mesh", () => {
        const problems = appMeshProblems({ rootDir: repo(), environment: "dev", profiles, env: fakeAws("no-credentials").env });
        expect(problems[0]).to.equal(
            'The AWS CLI could not sign in with profile "acct-a" (frontend account) to check App Mesh: The config profile (acct-a) could not be found. ' +
                'Fix: "aws sso login --profile acct-a" or "aws configure --profile acct-a", or pass --frontend-profile.',
        );
    });

    it("GIVEN no AWS CLI on PATH WHEN checked THEN one line says to install it", () => {
        const empty = tempDir("no-aws-");
        expect(appMeshProblems({ rootDir: repo(), environment: "dev", profiles, env: { PATH: empty } })).to.deep.equal([
            'npm run deploy needs the AWS CLI, and there is no "aws" on PATH: install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html); ' +
                "the clusters' kubeconfig and the App Mesh check run it.",
        ]);
    });
});
