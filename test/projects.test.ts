import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { INFRA_BACKEND_KEYS, INFRA_KEYS } from "../shared/config/infra";
import { MESH_KEYS } from "../shared/config/mesh";
import { APPS_KEYS } from "../shared/config/apps";
import { readProjectFile } from "../shared/stack-files";
import { ROOT_DIR } from "./helpers/plan";
import { PROJECTS } from "../shared/topology";

/** The README's config table of a project: key -> default cell. */
function readmeConfigTable(project: string): Map<string, string> {
    const readme = fs.readFileSync(path.join(ROOT_DIR, "README.md"), "utf8");
    const start = readme.indexOf(`<!-- config:${project}:start -->`);
    const end = readme.indexOf(`<!-- config:${project}:end -->`);
    expect(start, `README has a config table for ${project}`).to.be.above(-1);
    const rows = readme
        .slice(start, end)
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .map((line) => line.split(" | ").map((c) => c.replace(/^\|?\s*`?|`?\s*$/g, "")));
    return new Map(rows.map(([key, dflt]) => [key, dflt]));
}

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
                expect(d.type, `${project}:${key} type`).to.be.oneOf(["string", "integer", "boolean", "array"]);
                expect(d.description, `${project}:${key} description`).to.be.a("string").and.not.empty;
                expect(d.default, `${project}:${key} default`).to.not.equal(undefined);
            }
        }
    });

    it("GIVEN the README WHEN compared with Pulumi.yaml THEN each project's config table lists exactly its keys and defaults", () => {
        for (const project of PROJECTS) {
            const declared = readProjectFile(path.join(ROOT_DIR, project)).config ?? {};
            const table = readmeConfigTable(project);
            const documented = [...table.keys()].filter((k) => !k.startsWith("aws:"));
            expect(documented, project).to.deep.equal(Object.keys(declared));
            for (const [key, d] of Object.entries(declared)) {
                const expected = typeof d.default === "string" ? (d.default === "" ? '""' : d.default) : JSON.stringify(d.default);
                expect(table.get(key), `${project}:${key} default in README`).to.equal(expected);
            }
        }
    });
});
