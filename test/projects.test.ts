import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { INFRA_BACKEND_KEYS, INFRA_FRONTEND_KEYS } from "../shared/config/infra";
import { MESH_KEYS } from "../shared/config/mesh";
import { APPS_KEYS } from "../shared/config/apps";
import { readProjectFile } from "../shared/stack-files";
import { ROOT_DIR } from "./helpers/plan";
import { PROJECTS } from "../shared/topology";

/** docs/configuration.md's table of a project: key -> its default and meaning cells. */
function documentedConfig(project: string): Map<string, { readonly default: string; readonly meaning: string }> {
    const doc = fs.readFileSync(path.join(ROOT_DIR, "docs", "configuration.md"), "utf8");
    const start = doc.indexOf(`<!-- config:${project}:start -->`);
    const end = doc.indexOf(`<!-- config:${project}:end -->`);
    expect(start, `docs/configuration.md has a config table for ${project}`).to.be.above(-1);
    const rows = doc
        .slice(start, end)
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .map((line) => line.replace(/^\|\s*|\s*\|$/g, "").split(" | "));
    const cell = (c: string) => c.trim().replace(/^`|`$/g, "");
    return new Map(rows.map(([key, dflt, meaning]) => [cell(key), { default: cell(dflt), meaning: meaning.trim() }]));
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
        for (const [project, keys] of [["infra-frontend", INFRA_FRONTEND_KEYS], ["infra-backend", INFRA_BACKEND_KEYS], ["mesh", MESH_KEYS], ["apps", APPS_KEYS]] as const) {
            const declared = readProjectFile(path.join(ROOT_DIR, project)).config ?? {};
            expect(Object.keys(declared), project).to.have.members([...keys]);
            for (const [key, d] of Object.entries(declared)) {
                expect(d.type, `${project}:${key} type`).to.be.oneOf(["string", "integer", "boolean", "array"]);
                expect(d.description, `${project}:${key} description`).to.be.a("string").and.not.empty;
                expect(d.default, `${project}:${key} default`).to.not.equal(undefined);
            }
        }
    });

    it("GIVEN docs/configuration.md WHEN compared with Pulumi.yaml THEN each project's table lists exactly its keys, defaults and descriptions", () => {
        for (const project of PROJECTS) {
            const declared = readProjectFile(path.join(ROOT_DIR, project)).config ?? {};
            const table = documentedConfig(project);
            const documented = [...table.keys()].filter((k) => !k.startsWith("aws:"));
            expect(documented, project).to.deep.equal(Object.keys(declared));
            for (const [key, d] of Object.entries(declared)) {
                const expected = typeof d.default === "string" ? (d.default === "" ? '""' : d.default) : JSON.stringify(d.default);
                expect(table.get(key)?.default, `${project}:${key} default in docs/configuration.md`).to.equal(expected);
                expect(table.get(key)?.meaning, `${project}:${key} meaning in docs/configuration.md`).to.equal(d.description);
            }
        }
    });

    it("GIVEN every declared key WHEN its name is searched THEN the code that reads it names it as a string, in shared/config/ or the topology", () => {
        // `git grep '"natGatewayStrategy"'` then finds its reader, its rule and any cross-stack check in one step.
        const configDir = path.join(ROOT_DIR, "shared", "config");
        const files = [...fs.readdirSync(configDir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).map((f) => path.join(configDir, f)), path.join(ROOT_DIR, "shared", "topology.ts")];
        const sources = files.map((f) => fs.readFileSync(f, "utf8")).join("\n");
        const unnamed = PROJECTS.flatMap((project) =>
            Object.keys(readProjectFile(path.join(ROOT_DIR, project)).config ?? {}).filter((key) => !sources.includes(`"${key}"`)).map((key) => `${project}:${key}`),
        );
        expect(unnamed).to.deep.equal([]);
    });
});
