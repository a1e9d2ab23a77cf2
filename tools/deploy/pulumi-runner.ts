import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, OutputMap, PulumiCommand, Stack } from "@pulumi/pulumi/automation";
import { ProjectName, StackEntry, Topology, entryOf, environmentTopology } from "../../shared/topology";
import { StateBackend, backendStackName } from "../engine/state-backend";
import { Action, Profiles, profileOf } from "./args";
import { reasonOf } from "./report";
import { StackRun, StackRunner } from "./schedule";

/** `out/logs/<project>.<stack>.<action>.log`, relative to the repository root. */
export function logPath(entry: StackEntry, action: Action): string {
    return path.join("out", "logs", `${entry.project}.${entry.stack}.${action}.log`);
}

/** The Pulumi CLI could not be started at all (as opposed to a command that ran and failed). */
export function isMissingCli(error: unknown): boolean {
    return /\bENOENT\b/.test(error instanceof Error ? error.message : String(error));
}

/**
 * The CLI, located and version-checked once for the six stacks (each workspace would otherwise run
 * `pulumi version` again). Resolves to undefined when there is no CLI to run.
 */
export async function findPulumiCommand(): Promise<PulumiCommand | undefined> {
    try {
        return await PulumiCommand.get();
    } catch (e) {
        if (isMissingCli(e)) return undefined;
        throw e;
    }
}

export interface RunnerSettings {
    /** The repository root, holding the project folders and out/. */
    readonly rootDir: string;
    readonly environment: string;
    /**
     * The environment's stacks.
     * @default built from `<rootDir>/environments/<environment>.yaml` (the two-account design without one)
     */
    readonly topology?: Topology;
    /** The AWS profiles given, by account; an account not named runs with its own name (profileOf). */
    readonly profiles: Profiles;
    /** Where the stacks' state lives (state-backend.yaml); its secrets provider is given to new stacks. */
    readonly backend: StateBackend;
    readonly command: PulumiCommand;
    /**
     * The policy pack's config for this environment (its accounts); deploy and preview then run
     * with the pack in `policy/`, so a mandatory violation stops them as it does in pull requests.
     * @default no policy pack
     */
    readonly policyPackConfig?: string;
    /**
     * Aborted to cancel the running operations: the Automation API then sends the `pulumi` process
     * SIGINT, Pulumi's own graceful cancellation (it lets running resource operations end, saves the
     * state and releases the stack's lock). Not aborted when a terminal's Ctrl-C has already reached
     * the `pulumi` processes: a second SIGINT makes Pulumi quit at once, leaving the stack locked.
     * @default never cancelled
     */
    readonly cancel?: AbortSignal;
    /**
     * Destroy also removes each stack from the state backend and its stack file from the project
     * folder (`pulumi stack rm`), as offboarding an account wants: nothing of it is left.
     * @default false: destroy leaves the empty stacks and their files, to deploy again
     */
    readonly removeDestroyed?: boolean;
}

type StreamOptions = {
    onOutput: (text: string) => void;
    onError: (text: string) => void;
    color: "never";
    policyPacks?: string[];
    policyPackConfigs?: string[];
    signal?: AbortSignal;
};

/** Outputs as plain values; a secret stays unreadable on the console. */
function plainOutputs(outputs: OutputMap): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).map(([k, o]) => [k, o.secret ? "[secret]" : o.value]));
}

/** The stack, or undefined (and a note in the log) when it does not exist. */
async function selectIfExists(
    args: { stackName: string; workDir: string },
    workspace: { envVars: Record<string, string>; pulumiCommand: PulumiCommand; secretsProvider?: string },
    log: (text: string) => void,
): Promise<Stack | undefined> {
    try {
        return await LocalWorkspace.selectStack(args, workspace);
    } catch (e) {
        if (!/no stack named/i.test(e instanceof Error ? e.message : String(e))) throw e;
        log(`# ${args.stackName} does not exist in this backend: nothing to destroy\n`);
        return undefined;
    }
}

/**
 * The stacks of each project in the state backend (`pulumi stack ls --json` in the project's folder,
 * which lists that project's stacks), by their name in the project: a Pulumi Cloud name's
 * organization is dropped when it is the backend's, and a stack of another organization left out.
 * `profile` reads an S3 backend's bucket.
 */
export async function listStacks(settings: Pick<RunnerSettings, "rootDir" | "backend" | "command">, projects: readonly ProjectName[], profile: string): Promise<Partial<Record<ProjectName, string[]>>> {
    const { rootDir, backend, command } = settings;
    const envVars = { AWS_PROFILE: profile, PULUMI_BACKEND_URL: backend.url, PULUMI_SKIP_UPDATE_CHECK: "true" };
    const listed = await Promise.all(
        projects.map(async (project) => {
            const workspace = await LocalWorkspace.create({ workDir: path.join(rootDir, project), envVars, pulumiCommand: command });
            const names = (await workspace.listStacks()).map((s) => s.name.split("/"));
            const ours = names.filter((parts) => parts.length === 1 || backend.kind !== "cloud" || parts[0] === backend.organization);
            return [project, ours.map((parts) => parts[parts.length - 1])] as const;
        }),
    );
    return Object.fromEntries(listed);
}

/** Runs each stack with the Automation API in its project folder, with its own account's AWS profile. */
export class AutomationRunner implements StackRunner {
    private readonly topology: Topology;

    constructor(private readonly settings: RunnerSettings) {
        this.topology = settings.topology ?? environmentTopology(settings.environment, settings.rootDir);
    }

    logPath(role: string, action: Action): string {
        return logPath(entryOf(this.topology, role), action);
    }

    up(role: string): Promise<StackRun> {
        return this.run(role, "deploy", async (stack, opts) => {
            const result = await stack.up(opts);
            return { changes: result.summary.resourceChanges ?? {}, outputs: plainOutputs(result.outputs) };
        });
    }

    preview(role: string): Promise<StackRun> {
        return this.run(role, "preview", async (stack, opts) => {
            // Pulumi up to 3.205 reports a preview's summary in an event log the Automation API tails;
            // it can miss the last event (it then warns and returns {}). A real preview always counts
            // the stack resource itself, so {} means not reported, never no changes.
            const summary = (await stack.preview(opts)).changeSummary;
            return { changes: Object.keys(summary).length > 0 ? summary : undefined, outputs: {} };
        });
    }

    destroy(role: string): Promise<StackRun> {
        return this.run(role, "destroy", async (stack, opts) => {
            // Not in this backend: nothing to destroy here, and the report must say so (it may live in another backend).
            if (stack === undefined) return { changes: {}, outputs: {}, missing: true };
            const remove = this.settings.removeDestroyed ? { remove: true } : {};
            return { changes: (await stack.destroy({ ...opts, ...remove })).summary.resourceChanges ?? {}, outputs: {} };
        });
    }

    private async run<S extends Stack | undefined = Stack>(
        role: string,
        action: Action,
        operation: (stack: S, opts: StreamOptions) => Promise<StackRun>,
    ): Promise<StackRun> {
        const { rootDir, profiles, backend, command } = this.settings;
        const backendUrl = backend.url;
        const { project, account, stack: stackName } = entryOf(this.topology, role);
        const file = path.join(rootDir, this.logPath(role, action));
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const fd = fs.openSync(file, "w");
        let streamed = false;
        const write = (text: string) => {
            streamed = true;
            fs.writeSync(fd, text);
        };
        // Per workspace, never process.env: the accounts' stacks run at the same time with different profiles.
        const envVars = { AWS_PROFILE: profileOf(profiles, account), PULUMI_BACKEND_URL: backendUrl, PULUMI_SKIP_UPDATE_CHECK: "true" };
        fs.writeSync(fd, `# ${action} ${project}/${stackName} with AWS_PROFILE=${envVars.AWS_PROFILE}, state in ${backendUrl}\n`);
        try {
            const args = { stackName: backendStackName(backend, stackName), workDir: path.join(rootDir, project) };
            // The KMS key of an S3 backend encrypts the secrets of each stack this creates (`stack init --secrets-provider`).
            const workspace = { envVars, pulumiCommand: command, ...(backend.kind === "s3" ? { secretsProvider: backend.secretsProvider } : {}) };
            // Destroy selects, never creates: a stack that was never deployed is skipped, not made empty.
            const stack = (action === "destroy" ? await selectIfExists(args, workspace, write) : await LocalWorkspace.createOrSelectStack(args, workspace)) as S;
            const policy =
                action !== "destroy" && this.settings.policyPackConfig
                    ? { policyPacks: [path.join(rootDir, "policy")], policyPackConfigs: [this.settings.policyPackConfig] }
                    : {};
            const cancel = this.settings.cancel ? { signal: this.settings.cancel } : {};
            return await operation(stack, { onOutput: write, onError: write, color: "never", ...policy, ...cancel });
        } catch (e) {
            // A failed command's message repeats the output already streamed here; keep only its reason then.
            fs.writeSync(fd, `\n# failed: ${streamed ? reasonOf(e) : e instanceof Error ? e.message : String(e)}\n`);
            throw e;
        } finally {
            fs.closeSync(fd);
        }
    }
}
