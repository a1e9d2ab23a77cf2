// `node -r ./tools/engine/register.js x.ts`: runs the project's TypeScript like ts-node's transpile-only
// mode (each file on its own, types ignored: they are checked by `tsc --noEmit`), with esbuild, and
// keeps each transpiled file on disk (out/.cache/ts/, keyed by a hash of the source, the compiler
// options and esbuild's version), so a run whose sources did not change transpiles nothing. esbuild
// rather than TypeScript's own transpileModule: on a fresh clone every test process transpiles the
// files it loads, and loading TypeScript's compiler and running it took about 17 s of CPU over a
// cold `npm test` (docs/performance.md). Stack traces still point into the .ts files (source maps).
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE_DIR = path.join(ROOT, "out", ".cache", "ts");
const TSCONFIG = fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8");
const ESBUILD_VERSION = require("esbuild/package.json").version;
// Bump when what this file writes changes, so no older cache entry is used.
const FORMAT = "2";

// The options that change what is emitted (target, strict mode, class fields, interop) come from
// tsconfig.json itself, so the transpiled files and `tsc` read one set of settings.
let tsconfigRaw;
function transpile(source, filename) {
    const esbuild = require("esbuild");
    if (tsconfigRaw === undefined) tsconfigRaw = { compilerOptions: JSON.parse(TSCONFIG).compilerOptions };
    const out = esbuild.transformSync(source, {
        loader: "ts",
        format: "cjs",
        platform: "node",
        target: tsconfigRaw.compilerOptions.target.toLowerCase(),
        tsconfigRaw,
        sourcefile: filename,
        sourcemap: "external",
        // `import()` becomes a require, as TypeScript emits it for CommonJS: Node's own import() would
        // go through its ES module loader, which does not resolve extensionless .ts paths.
        supported: { "dynamic-import": false },
    });
    return { code: out.code, map: out.map };
}

/** The transpiled file, from the cache when the same source was transpiled before. */
function compiled(filename) {
    const source = fs.readFileSync(filename, "utf8");
    const key = crypto.createHash("sha256").update(`${FORMAT}\0${ESBUILD_VERSION}\0${TSCONFIG}\0${filename}\0${source}`).digest("hex");
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
