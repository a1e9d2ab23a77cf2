import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

/** Every module a TypeScript file imports or requires, as written. */
function importedModules(source: string): string[] {
    const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
    return [...source.matchAll(pattern)].map((m) => m[1]);
}

function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return filesUnder(full);
        return entry.name.endsWith(".ts") ? [full] : [];
    });
}

describe("layout: components do not depend on how config is loaded", () => {
    it("GIVEN the import forms WHEN parsed THEN each module path is found", () => {
        const source = [
            'import * as a from "../config/infra";',
            "import type { B } from '../config/validate';",
            'const c = require("../config/reader");',
            'import "../config/errors";',
            'const d = await import("./cluster");',
        ].join("\n");
        expect(importedModules(source)).to.deep.equal(["../config/infra", "../config/validate", "../config/reader", "../config/errors", "./cluster"]);
    });

    it("GIVEN every file under shared/components WHEN its imports are resolved THEN none is in shared/config", () => {
        const configDir = path.join(ROOT, "shared", "config");
        const offenders = filesUnder(path.join(ROOT, "shared", "components")).flatMap((file) =>
            importedModules(fs.readFileSync(file, "utf8"))
                .filter((m) => m.startsWith("."))
                .filter((m) => {
                    const target = path.resolve(path.dirname(file), m);
                    return target === configDir || target.startsWith(configDir + path.sep);
                })
                .map((m) => `${path.relative(ROOT, file)} imports ${m}`),
        );
        expect(offenders).to.deep.equal([]);
    });
});
