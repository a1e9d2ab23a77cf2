import { expect } from "chai";
import { spawnSync } from "child_process";
import { ROOT_DIR } from "../../test/helpers/plan";
import { environmentTopology } from "../../shared/topology";
import { matrixOutputs, previewMatrix } from "./preview-matrix";

const stacksOf = (matrix: ReturnType<typeof previewMatrix>) => matrix.map((wave) => wave.map((e) => `${e.project}/${e.stack}`));

describe("pull-request preview matrix", () => {
    it("GIVEN only the mesh project changed WHEN planned THEN both mesh stacks are previewed, each in its wave", () => {
        const matrix = previewMatrix(["mesh/index.ts", "README.md"], "dev");
        expect(stacksOf(matrix)).to.deep.equal([[], ["mesh/dev-frontend"], ["mesh/dev-backend"], [], []]);
        expect(matrix[1]).to.deep.equal([{ role: "mesh-owner", project: "mesh", stack: "dev-frontend", side: "frontend" }]);
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

    it("GIVEN changed files on stdin WHEN the script runs THEN it writes one wave<N>= line per wave for $GITHUB_OUTPUT", () => {
        const run = spawnSync(process.execPath, ["-r", "./tools/engine/register.js", "tools/deploy/preview-matrix.ts", "dev"], {
            cwd: ROOT_DIR,
            input: "infra-backend/index.ts\n\n",
            encoding: "utf8",
        });
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stdout).to.equal(
            'wave0=[{"role":"infra-backend","project":"infra-backend","stack":"dev","side":"backend"}]\nwave1=[]\nwave2=[]\nwave3=[]\nwave4=[]\n',
        );
        expect(run.stdout).to.equal(matrixOutputs(previewMatrix(["infra-backend/index.ts"], "dev")));
    });
});
