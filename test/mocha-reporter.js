// Mocha's dot reporter with one closing line instead of its own summary: "mocha: N passed, N failed
// (, N skipped) in Ns", which CI reads; failures are listed in full before it, as mocha lists them.
"use strict";
const Base = require("mocha/lib/reporters/base");
const Dot = require("mocha/lib/reporters/dot");

class DotWithTotals extends Dot {
    epilogue() {
        const { passes, failures, pending, duration } = this.stats;
        Base.consoleLog();
        if (failures) {
            Base.list(this.failures);
            Base.consoleLog();
        }
        const skipped = pending ? `, ${pending} skipped` : "";
        Base.consoleLog(`mocha: ${passes} passed, ${failures} failed${skipped} in ${Math.round((duration ?? 0) / 1000)}s`);
    }
}

module.exports = DotWithTotals;
