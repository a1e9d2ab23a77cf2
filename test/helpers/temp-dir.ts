import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * Temporary folders for tests, removed when the test file that made them ends (the root hook in
 * test/helpers/root-hooks.ts) or, when a file runs alone without mocha's config, when the process
 * exits. Every test folder goes through here, so a suite run leaves the system's temp folder as it
 * found it (test/temp-dir.test.ts checks that no test makes one another way).
 */
const created: string[] = [];

/** A new empty folder under the system's temp folder, named `yelb-test-<prefix>XXXXXX`. */
export function tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `yelb-test-${prefix}`));
    created.push(dir);
    return dir;
}

/** Removes every folder made so far; returns them. */
export function removeTempDirs(): string[] {
    const removed = created.splice(0);
    for (const dir of removed) fs.rmSync(dir, { recursive: true, force: true });
    return removed;
}

process.on("exit", () => {
    removeTempDirs();
});
