import { removeTempDirs } from "./temp-dir";

/**
 * Mocha's root hooks (loaded by .mocharc.js). In parallel mode they run for each test file in its
 * worker, so each file's temporary folders go when the file ends, not when the long-lived worker exits.
 */
export const mochaHooks = {
    afterAll(): void {
        removeTempDirs();
    },
};
