// mocha's settings. The test files run in 2 parallel jobs, and mocha hands them out in list order, so
// the slowest files go first: a slow file left for last would keep one job busy while the other idles.
// Measured each file alone: `/usr/bin/time npx mocha --no-config -r ./tools/engine/register.js --extension ts FILE`.
"use strict";
const fs = require("fs");
const path = require("path");

// The AWS SDK warns once per process on Node.js < 22 that its releases after early January 2027 need
// Node.js 22. This project pins its SDK versions, and the warning would split the test summary; users
// running the commands on Node.js 20 still see it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ROOTS = ["shared", "tools", "test", "policy"];
const SLOWEST_FIRST = [
    "tools/deploy/main.test.ts",
    "test/refusals.test.ts",
    "tools/deploy/pulumi-runner.test.ts",
    "tools/plan/main.test.ts",
    "test/lattice-plan.test.ts",
    "policy/runtime.test.ts",
    "tools/deploy/workflows.test.ts",
    "test/kubernetes-schemas.test.ts",
    "test/many-accounts.test.ts",
];

function testFiles(dir) {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) return testFiles(file);
        return entry.name.endsWith(".test.ts") ? [file] : [];
    });
}

const all = ROOTS.flatMap((root) => testFiles(path.join(__dirname, root)).map((f) => path.relative(__dirname, f))).sort();
const first = SLOWEST_FIRST.filter((f) => all.includes(f));

module.exports = {
    require: ["./tools/engine/register.js", "./test/helpers/root-hooks.ts"],
    extension: ["ts"],
    spec: [...first, ...all.filter((f) => !first.includes(f))],
    timeout: 60000,
    reporter: "test/mocha-reporter.js",
    parallel: true,
    jobs: 2,
};
