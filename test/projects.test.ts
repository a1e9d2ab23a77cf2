import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { INFRA_BACKEND_KEYS, INFRA_KEYS } from "../shared/config/infra";
import { MESH_KEYS } from "../shared/config/mesh";
import { APPS_KEYS } from "../shared/config/apps";
import { readProjectFile } from "../shared/sim/stack-config";
import { ROOT_DIR } from "../shared/sim/testing";
import { PROJECTS } from "../shared/topology";

describe("Pulumi projects", () => {
    it("GIVEN each project folder THEN it is a nodejs Pulumi project named after its folder, with an index.ts", () => {
        for (const project of PROJECTS) {
            const dir = path.join(ROOT_DIR, project);
            const file = readProjectFile(dir) as any;
            expect(file.name, project).to.equal(project);
            expect(file.runtime.name).to.equal("nodejs");
            expect(fs.existsSync(path.join(dir, file.main ?? "index.ts")), `${project}/index.ts`).to.equal(true);
        }
        expect(fs.existsSync(path.join(ROOT_DIR, "Pulumi.yaml")), "no decorative root project").to.equal(false);
    });

    it("GIVEN the config readers WHEN compared with Pulumi.yaml THEN every key is declared with type, description and default", () => {
        for (const [project, keys] of [["infra-frontend", INFRA_KEYS], ["infra-backend", INFRA_BACKEND_KEYS], ["mesh", MESH_KEYS], ["apps", APPS_KEYS]] as const) {
            const declared = readProjectFile(path.join(ROOT_DIR, project)).config ?? {};
            expect(Object.keys(declared), project).to.have.members([...keys]);
            for (const [key, d] of Object.entries(declared)) {
                expect(d.type, `${project}:${key} type`).to.be.a("string");
                expect(d.description, `${project}:${key} description`).to.be.a("string").and.not.empty;
                expect(d.default, `${project}:${key} default`).to.not.equal(undefined);
            }
        }
    });
});
