import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ROOT_DIR } from "./helpers/plan";

/** Folders holding code: the programs, their library, the tools around them and the policy pack. */
const SOURCE_DIRS = ["infra-frontend", "infra-backend", "mesh", "apps", "shared", "tools", "policy", "test"];
const TEST_DIR = path.join(ROOT_DIR, "test");

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(full);
        return /\.(ts|js)$/.test(entry.name) ? [full] : [];
    });
}

/** A module that only tests load: a `*.test.ts` file, or anything under `test/`. */
function isTestModule(file: string): boolean {
    return file.endsWith(".test.ts") || file.startsWith(TEST_DIR + path.sep);
}

/** The relative module specifiers a source file loads: static imports, re-exports, `import()` and `require()`. */
function relativeImports(source: string): string[] {
    const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']*)["']/gm;
    return [...source.matchAll(pattern)].map((match) => match[1]);
}

/** `file -> specifier` for every non-test module that loads something under `test/`. */
function programImportsOfTestCode(): string[] {
    const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT_DIR, dir)));
    return files
        .filter((file) => !isTestModule(file))
        .flatMap((file) =>
            relativeImports(fs.readFileSync(file, "utf8"))
                .filter((specifier) => isTestModule(path.resolve(path.dirname(file), specifier)))
                .map((specifier) => `${path.relative(ROOT_DIR, file)} -> ${specifier}`),
        );
}

/** Every cycle of relative imports among the non-test modules, each as its files in order. */
function importCycles(): string[][] {
    const files = SOURCE_DIRS.flatMap((dir) => sourceFiles(path.join(ROOT_DIR, dir))).filter((f) => !isTestModule(f));
    const resolve = (from: string, specifier: string) =>
        [".ts", ".js", "/index.ts", ""].map((ext) => path.resolve(path.dirname(from), specifier) + ext).find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
    const edges = new Map(files.map((f) => [f, relativeImports(fs.readFileSync(f, "utf8")).map((s) => resolve(f, s)).filter((t): t is string => t !== undefined)]));
    const cycles: string[][] = [];
    const done = new Set<string>();
    const visit = (file: string, trail: string[]) => {
        if (trail.includes(file)) {
            cycles.push(trail.slice(trail.indexOf(file)).map((f) => path.relative(ROOT_DIR, f)));
            return;
        }
        if (done.has(file)) return;
        for (const next of edges.get(file) ?? []) visit(next, [...trail, file]);
        done.add(file);
    };
    for (const file of files) visit(file, []);
    return cycles;
}

describe("Repository layout", () => {
    it("GIVEN every non-test module WHEN its imports are followed THEN no two modules import each other, directly or around a circle", () => {
        expect(importCycles()).to.deep.equal([]);
    });

    it("GIVEN the README's layout table THEN it lists every top-level folder and every folder of tools/, and nothing else", () => {
        const readme = fs.readFileSync(path.join(ROOT_DIR, "README.md"), "utf8");
        const table = readme.slice(readme.indexOf("### Layout"));
        const listed = [...table.matchAll(/^\| `([^`]+)\/` \|/gm)].map((m) => m[1]);
        const folders = (dir: string) =>
            fs.readdirSync(path.join(ROOT_DIR, dir), { withFileTypes: true }).filter((e) => e.isDirectory() && !["node_modules", "out", ".git", ".pulumi-state"].includes(e.name)).map((e) => (dir === "." ? e.name : `${dir}/${e.name}`));
        const expected = [...folders("."), ...folders("tools"), ...folders(".github")].filter((f) => f !== "tools" && f !== ".github");
        expect([...listed].sort()).to.deep.equal([...expected].sort());
    });

    it("GIVEN import statements of each form WHEN scanned THEN every relative specifier is found and packages are not", () => {
        const source = [
            `import { a } from "./a";`,
            `import type { B } from '../b/b';`,
            `export { c } from "./c";`,
            `import "./side-effect";`,
            `const d = require("../../d");`,
            `const e = await import("./e");`,
            `import * as pulumi from "@pulumi/pulumi";`,
            `const f = require("fs");`,
        ].join("\n");
        expect(relativeImports(source)).to.deep.equal(["./a", "../b/b", "./c", "./side-effect", "../../d", "./e"]);
    });

    it("GIVEN every program, library, tool and policy module THEN none imports a test helper or fixture", () => {
        expect(programImportsOfTestCode()).to.deep.equal([]);
    });

    it("GIVEN every file under shared/components WHEN its imports are resolved THEN none is in shared/config", () => {
        // Components declare their own argument types; config modules import them, never the reverse.
        const componentsDir = path.join(ROOT_DIR, "shared", "components");
        const configDir = path.join(ROOT_DIR, "shared", "config");
        const offenders = sourceFiles(componentsDir).flatMap((file) =>
            relativeImports(fs.readFileSync(file, "utf8"))
                .filter((specifier) => {
                    const target = path.resolve(path.dirname(file), specifier);
                    return target === configDir || target.startsWith(configDir + path.sep);
                })
                .map((specifier) => `${path.relative(ROOT_DIR, file)} imports ${specifier}`),
        );
        expect(offenders).to.deep.equal([]);
    });
});
