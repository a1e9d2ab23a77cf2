import { expect } from "chai";
import * as fs from "fs";
import { EnvironmentLock, lockEnvironment, lockFile } from "./lock";
import { tempDir } from "../../test/helpers/temp-dir";

const NOW = () => new Date("2026-01-02T03:04:05.000Z");

describe("one run per environment (out/locks/<environment>.lock)", () => {
    it("GIVEN a deploy of dev running WHEN a second deploy of dev starts THEN it is refused in one line naming the first; another environment is not", () => {
        const root = tempDir("lock-");
        const first = lockEnvironment(root, "dev", "deploy", { pid: 1001, now: NOW, runs: () => true }) as EnvironmentLock;
        expect(first.file).to.equal(lockFile(root, "dev"));
        expect(lockEnvironment(root, "dev", "destroy", { pid: 1002, runs: () => true })).to.equal(
            'Another deploy of "dev" is running (process 1001, started 2026-01-02T03:04:05.000Z): wait for it to end, then run this again. ' +
                "Two runs at once would race on the same stacks. Its lock: out/locks/dev.lock.",
        );
        const other = lockEnvironment(root, "staging", "deploy", { pid: 1002, runs: () => true });
        expect(typeof other).to.equal("object");
        first.release();
        expect(fs.existsSync(first.file)).to.equal(false);
        expect(typeof lockEnvironment(root, "dev", "deploy", { pid: 1003, runs: () => true })).to.equal("object");
    });

    it("GIVEN a lock left by a process that no longer runs WHEN deployed THEN the lock is taken over and its holder named", () => {
        const root = tempDir("lock-");
        lockEnvironment(root, "dev", "deploy", { pid: 1001, now: NOW, runs: () => true });
        const taken = lockEnvironment(root, "dev", "deploy", { pid: 1002, runs: (pid) => pid !== 1001 }) as EnvironmentLock;
        expect(taken.tookOverFrom).to.deep.equal({ pid: 1001, action: "deploy", startedAt: "2026-01-02T03:04:05.000Z" });
        expect(JSON.parse(fs.readFileSync(taken.file, "utf8")).pid).to.equal(1002);
    });

    it("GIVEN this process WHEN asked whether it runs THEN yes; a process ID no process has THEN no", async () => {
        const { processRuns } = await import("./lock");
        expect(processRuns(process.pid)).to.equal(true);
        expect(processRuns(2 ** 22 + 7)).to.equal(false); // above Linux's largest PID (pid_max is at most 2^22)
    });
});
