// `node -r ./tools/engine/register.js x.ts`: runs the project's TypeScript like ts-node's transpile-only
// mode, but keeps each transpiled file on disk (out/.cache/ts/, keyed by a hash of the source, the
// compiler options and the TypeScript version), so a run whose sources did not change never loads the
// TypeScript compiler: loading and running it was more than a third of an `npm start`. Types are
// checked by `tsc --noEmit`, not here. Stack traces still point into the .ts files (source maps).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_DIR = path.join(ROOT, "out", ".cache", "ts");
const TSCONFIG = fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");
const TS_VERSION = require("typescript/package.json").version;
// Bump when what this file writes changes, so no older cache entry is used.
const FORMAT = "1";

let compilerOptions;
function transpile(source, filename) {
    const ts = require("typescript");
    if (compilerOptions === undefined) {
        const parsed = ts.parseConfigFileTextToJson(path.join(ROOT, "tsconfig.json"), TSCONFIG);
        compilerOptions = ts.convertCompilerOptionsFromJson(parsed.config.compilerOptions, ROOT).options;
        Object.assign(compilerOptions, { sourceMap: true, inlineSourceMap: false, inlineSources: false, declaration: false, noEmit: false });
    }
    const out = ts.transpileModule(source, { compilerOptions, fileName: filename });
    return { code: out.outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ""), map: out.sourceMapText };
}

/** The transpiled file, from the cache when the same source was transpiled before. */
function compiled(filename) {
    const source = fs.readFileSync(filename, "utf8");
    const key = crypto.createHash("sha256").update(`${FORMAT}\0${TS_VERSION}\0${TSCONFIG}\0${filename}\0${source}`).digest("hex");
    const file = path.join(CACHE_DIR, `${key}.json`);
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
        const entry = transpile(source, filename);
        // Written aside then renamed: parallel test workers never read a half-written entry.
        fs.mkdirSync(CACHE_DIR, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(entry));
        fs.renameSync(tmp, file);
        return entry;
    }
}

const maps = new Map();
// ts-node's own source-map support library, asked for our maps only when a stack trace is formatted.
const tsNodeDir = path.dirname(require.resolve("ts-node/package.json"));
require(require.resolve("@cspotcode/source-map-support", { paths: [tsNodeDir] })).install({
    environment: "node",
    hookRequire: false,
    retrieveSourceMap: (source) => {
        const map = maps.get(source);
        return map === undefined ? null : { url: source, map };
    },
});

require.extensions[".ts"] = function (module, filename) {
    if (filename.includes(`${path.sep}node_modules${path.sep}`)) throw new Error(`${filename}: TypeScript under node_modules is not compiled`);
    const { code, map } = compiled(filename);
    maps.set(filename, map);
    module._compile(code, filename);
};
