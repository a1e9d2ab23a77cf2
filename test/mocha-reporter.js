// Mocha's dot reporter, closing with the plain "N passed, N failed" line that CI reads.
"use strict";
const Dot = require("mocha/lib/reporters/dot");

class DotWithTotals extends Dot {
    constructor(runner, options) {
        super(runner, options);
        runner.once("end", () => {
            const { passes, failures, pending } = this.stats;
            console.log(`mocha: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ""}`);
        });
    }
}

module.exports = DotWithTotals;
