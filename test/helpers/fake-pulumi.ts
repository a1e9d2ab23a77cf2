import * as fs from "fs";
import * as path from "path";
import { tempDir } from "./temp-dir";

/** One call the fake Pulumi CLI recorded. */
export interface FakePulumiCall {
    readonly args: string[];
    /** The folder it ran in (the Pulumi project). */
    readonly project: string;
    readonly awsProfile: string;
    readonly backend: string;
}

/** How the fake CLI behaves, by `project/stack`, and the version it reports. */
export interface FakePulumiBehaviour {
    /** Operations that fail. */
    readonly fail?: readonly string[];
    /** The first operation waits until signalled (SIGINT or SIGTERM), then ends as a cancelled Pulumi update; later ones run. */
    readonly hang?: readonly string[];
    /** Operations that fail with Pulumi's lock error (another update holds the stack). */
    readonly locked?: readonly string[];
    /** Previews that write no summary event, as when the Automation API misses it. */
    readonly noSummary?: readonly string[];
    readonly version?: string;
    /** Stacks that exist before the first call, as if deployed earlier (`project/stack`): `stack ls` lists them, destroy selects them. */
    readonly existing?: readonly string[];
}

export interface FakePulumi {
    /** The folder holding `pulumi` (put it on PATH, or give `root` to PulumiCommand.get). */
    readonly binDir: string;
    /** Every call so far, in order. */
    calls(): FakePulumiCall[];
    /** Resolves once a `hang` operation of `project/stack` is waiting for its signal. */
    hanging(name: string): Promise<void>;
    /** Whether the `hang` operation of `project/stack` was signalled and ended as cancelled. */
    cancelled(name: string): boolean;
}

const SCRIPT = path.join(__dirname, "..", "fixtures", "fake-pulumi.sh");

/**
 * The fake Pulumi CLI (test/fixtures/fake-pulumi.sh) as `<root>/bin/pulumi`, with its own state in
 * a new temporary folder: the layout `PulumiCommand.get({ root })` expects, and a PATH folder. The
 * launcher gives the script the system's PATH for sed and grep, whatever PATH the test runs under.
 */
export function fakePulumi(behaviour: FakePulumiBehaviour = {}): FakePulumi {
    const dir = tempDir("fake-pulumi-");
    const binDir = path.join(dir, "bin");
    const state = path.join(dir, "state");
    fs.mkdirSync(binDir);
    fs.mkdirSync(state);
    fs.writeFileSync(path.join(state, "behaviour.json"), JSON.stringify(behaviour));
    fs.mkdirSync(path.join(state, "stacks"));
    for (const name of behaviour.existing ?? []) {
        const [project, ...stack] = name.split("/");
        fs.writeFileSync(path.join(state, "stacks", `${project}.${stack.join("~")}`), '{"create":3}');
    }
    fs.writeFileSync(path.join(binDir, "pulumi"), `#!/bin/sh\nPATH=/usr/bin:/bin FAKE_PULUMI_STATE='${state}' exec /bin/sh '${SCRIPT}' "$@"\n`, { mode: 0o755 });
    const log = path.join(state, "calls.jsonl");
    return {
        binDir,
        hanging: async (name) => {
            const marker = path.join(state, `hanging.${name.replace(/\//g, "~")}`);
            // A short poll: the fake writes the marker within milliseconds of being called.
            while (!fs.existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 10));
        },
        cancelled: (name) => fs.existsSync(path.join(state, `hung.${name.replace(/\//g, "~")}`)),
        calls: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l) as FakePulumiCall) : []),
    };
}
