import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** One call the fake Pulumi CLI recorded. */
export interface FakePulumiCall {
    readonly args: string[];
    /** The folder it ran in (the Pulumi project). */
    readonly project: string;
    readonly awsProfile: string;
    readonly backend: string;
}

/** How the fake CLI behaves: the `project/stack`s whose operations fail, and the version it reports. */
export interface FakePulumiBehaviour {
    readonly fail?: readonly string[];
    readonly version?: string;
}

export interface FakePulumi {
    /** The folder holding `pulumi` (put it on PATH, or give `root` to PulumiCommand.get). */
    readonly binDir: string;
    /** Every call so far, in order. */
    calls(): FakePulumiCall[];
}

const SCRIPT = path.join(__dirname, "..", "fixtures", "fake-pulumi.sh");

/**
 * The fake Pulumi CLI (test/fixtures/fake-pulumi.sh) as `<root>/bin/pulumi`, with its own state in
 * a new temporary folder: the layout `PulumiCommand.get({ root })` expects, and a PATH folder. The
 * launcher gives the script the system's PATH for sed and grep, whatever PATH the test runs under.
 */
export function fakePulumi(behaviour: FakePulumiBehaviour = {}): FakePulumi {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-pulumi-"));
    const binDir = path.join(dir, "bin");
    const state = path.join(dir, "state");
    fs.mkdirSync(binDir);
    fs.mkdirSync(state);
    fs.writeFileSync(path.join(state, "behaviour.json"), JSON.stringify(behaviour));
    fs.writeFileSync(path.join(binDir, "pulumi"), `#!/bin/sh\nPATH=/usr/bin:/bin FAKE_PULUMI_STATE='${state}' exec /bin/sh '${SCRIPT}' "$@"\n`, { mode: 0o755 });
    const log = path.join(state, "calls.jsonl");
    return {
        binDir,
        calls: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l) as FakePulumiCall) : []),
    };
}
