import { expect } from "chai";
import { spawnSync } from "child_process";
import { ROOT_DIR } from "../../test/helpers/plan";
import { environmentTopology } from "../../shared/topology";
import { accountRoleLines, matrixOutputs, previewMatrix, previewVariable } from "./preview-matrix";

const stacksOf = (matrix: ReturnType<typeof previewMatrix>) => matrix.map((wave) => wave.map((e) => `${e.project}/${e.stack}`));

describe("pull-request preview matrix", () => {
    it("GIVEN only the mesh project changed WHEN planned THEN both mesh stacks are previewed, each in its wave", () => {
        const matrix = previewMatrix(["mesh/index.ts", "README.md"], "dev");
        expect(stacksOf(matrix)).to.deep.equal([[], ["mesh/dev-frontend"], ["mesh/dev-backend"], [], []]);
        expect(matrix[1]).to.deep.equal([
            { role: "mesh-owner", project: "mesh", stack: "dev-frontend", side: "frontend", roleVariable: "FRONTEND_PREVIEW_ROLE_ARN", runnerVariable: "FRONTEND_PREVIEW_RUNNER", cluster: true },
        ]);
    });

    it("GIVEN shared/ or the npm files changed WHEN planned THEN every stack is previewed, in deploy order", () => {
        const all = [["infra-frontend/dev", "infra-backend/dev"], ["mesh/dev-frontend"], ["mesh/dev-backend"], ["apps/dev-backend"], ["apps/dev-frontend"]];
        for (const file of ["shared/topology.ts", "package-lock.json", ".github/workflows/preview-stacks.yml"]) {
            expect(stacksOf(previewMatrix([file], "dev")), file).to.deep.equal(all);
        }
    });

    it("GIVEN files outside every project WHEN planned THEN nothing is previewed, and a look-alike folder is not its project", () => {
        expect(stacksOf(previewMatrix(["README.md", "tools/plan/main.ts", "infra-frontend-old/index.ts", "test/shared/x.ts"], "dev"))).to.deep.equal([[], [], [], [], []]);
        expect(stacksOf(previewMatrix(["apps/Pulumi.dev-frontend.yaml", "infra-backend/Pulumi.yaml"], "dev"))).to.deep.equal([
            ["infra-backend/dev"],
            [],
            [],
            ["apps/dev-backend"],
            ["apps/dev-frontend"],
        ]);
    });

    it("GIVEN example-hub WHEN shared/ changed THEN its seven stacks are previewed in its waves, each with its account", () => {
        const matrix = previewMatrix(["shared/topology.ts"], environmentTopology("example-hub", ROOT_DIR));
        expect(matrix.map((wave) => wave.map((e) => `${e.project}/${e.stack} ${e.side}`))).to.deep.equal([
            ["infra-frontend/example-hub frontend", "infra-backend/example-hub backend"],
            ["mesh/example-hub-network network"],
            ["mesh/example-hub-frontend frontend", "mesh/example-hub-backend backend"],
            ["apps/example-hub-backend backend"],
            ["apps/example-hub-frontend frontend"],
        ]);
    });

    it("GIVEN example-hub and an account named team-2 WHEN planned THEN each stack names its account's role and runner variables, and only stacks reading a cluster prove it reachable (the network account's mesh stack does not)", () => {
        const matrix = previewMatrix(["shared/topology.ts"], environmentTopology("example-hub", ROOT_DIR)).flat();
        expect(matrix.map((e) => `${e.project}/${e.stack} ${e.roleVariable} ${e.runnerVariable} ${e.cluster}`)).to.deep.equal([
            "infra-frontend/example-hub FRONTEND_PREVIEW_ROLE_ARN FRONTEND_PREVIEW_RUNNER false",
            "infra-backend/example-hub BACKEND_PREVIEW_ROLE_ARN BACKEND_PREVIEW_RUNNER false",
            "mesh/example-hub-network NETWORK_PREVIEW_ROLE_ARN NETWORK_PREVIEW_RUNNER false",
            "mesh/example-hub-frontend FRONTEND_PREVIEW_ROLE_ARN FRONTEND_PREVIEW_RUNNER true",
            "mesh/example-hub-backend BACKEND_PREVIEW_ROLE_ARN BACKEND_PREVIEW_RUNNER true",
            "apps/example-hub-backend BACKEND_PREVIEW_ROLE_ARN BACKEND_PREVIEW_RUNNER true",
            "apps/example-hub-frontend FRONTEND_PREVIEW_ROLE_ARN FRONTEND_PREVIEW_RUNNER true",
        ]);
        expect(previewVariable("team-2", "ROLE_ARN")).to.equal("TEAM_2_PREVIEW_ROLE_ARN");
        // The scheduled verify's profiles: one per account, the network account's included.
        expect(accountRoleLines(environmentTopology("example-hub", ROOT_DIR))).to.equal("network NETWORK_PREVIEW_ROLE_ARN\nfrontend FRONTEND_PREVIEW_ROLE_ARN\nbackend BACKEND_PREVIEW_ROLE_ARN\n");
    });

    it("GIVEN changed files on stdin WHEN the script runs THEN it writes one wave<N>= line per wave for $GITHUB_OUTPUT", () => {
        const run = spawnSync(process.execPath, ["-r", "./tools/engine/register.js", "tools/deploy/preview-matrix.ts", "dev"], {
            cwd: ROOT_DIR,
            input: "infra-backend/index.ts\n\n",
            encoding: "utf8",
        });
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout).to.equal(
            'wave0=[{"role":"infra-backend","project":"infra-backend","stack":"dev","side":"backend","roleVariable":"BACKEND_PREVIEW_ROLE_ARN","runnerVariable":"BACKEND_PREVIEW_RUNNER","cluster":false}]\nwave1=[]\nwave2=[]\nwave3=[]\nwave4=[]\n',
        );
        expect(run.stdout).to.equal(matrixOutputs(previewMatrix(["infra-backend/index.ts"], "dev")));
    });
});
