import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { CloudContext, SimulatedCloud } from "./cloud";
import { RecordedResource, recordResources, resolveExports } from "./recorder";
import { FlatConfig } from "../../shared/stack-files";

// Waits for the runtime's outstanding registrations; internal to @pulumi/pulumi, hence untyped.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };

/**
 * Lets rejections the runtime reports only after its RPCs are done (an input that fails to
 * serialize because an invoke it came from refused a value) reach the handler below while it still
 * listens, instead of surfacing later in whatever runs next.
 */
function settled(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0));
}

export interface StackRunRequest {
    /** The project's folder, holding Pulumi.yaml and index.ts. */
    readonly projectDir: string;
    readonly project: string;
    readonly stack: string;
    readonly organization: string;
    readonly config: FlatConfig;
    readonly context: CloudContext;
    /** Stack traces on, for an error's frames (`npm start -- --debug`); off by default, for speed. */
    readonly stackTraces?: boolean;
}

export interface StackRun {
    readonly resources: RecordedResource[];
    /** The stack's outputs as plain values (secrets unmasked; see secretOutputNames). */
    readonly outputs: Record<string, unknown>;
    readonly secretOutputNames: string[];
    /** Fully qualified names of the stacks the program referenced. */
    readonly references: string[];
}

/**
 * Runs with stack traces off. The Pulumi SDK takes a stack trace for every promise it makes (shown
 * only in its leaked-promise report) and a whole one for every resource (its source position, which
 * the mocks ignore; it lifts the frame limit for that), and formatting them through the source maps
 * was about half of a stack's run. A refusal is reported by its message; an unexpected error is
 * re-run with them on when asked (`stackTraces`, from `npm start -- --debug`).
 */
async function withoutStackTraces<T>(run: () => Promise<T>): Promise<T> {
    const limit = Error.stackTraceLimit;
    const format = Error.prepareStackTrace;
    Error.stackTraceLimit = 0;
    // The error's first line only, whatever the frame limit: no frame is formatted or source-mapped.
    Error.prepareStackTrace = (error: Error) => (error.message ? `${error.name}: ${error.message}` : error.name);
    try {
        return await run();
    } finally {
        Error.stackTraceLimit = limit;
        Error.prepareStackTrace = format;
    }
}

/**
 * A failure of the program under the mocks, with the stack it happened in. The stack's name is
 * `stackName`, not `stack`, which would overwrite Error's stack trace.
 */
export class StackRunError extends Error {
    constructor(
        readonly stackName: string,
        readonly cause: unknown,
        readonly resources: RecordedResource[] = [],
    ) {
        super(`${stackName}: ${cause instanceof Error ? cause.message : String(cause)}`);
        this.name = "StackRunError";
    }
}

/**
 * Runs one stack's program, unchanged, under Pulumi's mocks answered by the simulated cloud, the way
 * `pulumi up` would run it: the project's config, its stack name, its account.
 */
export async function runStack(request: StackRunRequest): Promise<StackRun> {
    return request.stackTraces === true ? runStackProgram(request) : withoutStackTraces(() => runStackProgram(request));
}

async function runStackProgram(request: StackRunRequest): Promise<StackRun> {
    const qualified = `${request.organization}/${request.project}/${request.stack}`;
    await pulumi.runtime.setMocks(new SimulatedCloud(request.context), request.project, request.stack, false, request.organization);
    const resources = recordResources();
    pulumi.runtime.setAllConfig(request.config);

    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        const entry = require.resolve(path.resolve(request.projectDir, "index.ts"));
        delete require.cache[entry];
        const program = require(entry);
        const exported = typeof program === "function" ? await program() : program;
        const { values, secrets } = await resolveExports(exported);
        await waitForRPCs();
        await settled();
        if (failures.length > 0) throw failures[0];
        const references = resources
            .filter((r) => r.type === "pulumi:pulumi:StackReference")
            .map((r) => String(r.inputs.name));
        return { resources, outputs: values, secretOutputNames: secrets, references };
    } catch (e) {
        await waitForRPCs().catch(() => undefined);
        await settled();
        throw new StackRunError(qualified, e, resources);
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}
