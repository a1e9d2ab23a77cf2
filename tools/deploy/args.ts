import { environmentNameProblem } from "../../shared/environment-name";
import { Side } from "../../shared/topology";
import { CommandSpec, UsageError, parseLine, suggestion, usage } from "../engine/cli";

export type Action = "deploy" | "preview" | "destroy";
const ACTIONS: readonly Action[] = ["deploy", "preview", "destroy"];

export interface Options {
    readonly action: Action;
    /** The environment: the six stacks' names derive from it (shared/topology.ts). */
    readonly environment: string;
    /** The AWS profile each side's stacks run with. */
    readonly profiles: Readonly<Record<Side, string>>;
    /** Destroy without asking. */
    readonly yes: boolean;
    /** This machine reaches the clusters' private API endpoints (it runs inside, or has a route into, their VPCs). */
    readonly fromInsideVpc: boolean;
    /** Print stack traces of unexpected errors. */
    readonly debug: boolean;
}

export const COMMAND = "npm run deploy|preview|destroy";

export const SPEC: CommandSpec = {
    command: COMMAND,
    summary:
        "Runs the six stacks of an environment with the Pulumi CLI, wave by wave in dependency order (destroy in reverse), " +
        "each with its own account's AWS profile, and the state backend set in state-backend.yaml (docs/operations.md).",
    options: [
        { flag: "--stack", value: "ENVIRONMENT", description: "the environment whose stacks to run (default: example); its stack files must exist" },
        { flag: "--frontend-profile", value: "PROFILE", description: "AWS profile of the frontend account (default: frontend)" },
        { flag: "--backend-profile", value: "PROFILE", description: "AWS profile of the backend account (default: backend)" },
        { flag: "--yes", description: "destroy without asking (required where there is no terminal to ask at)" },
        { flag: "--from-inside-vpc", description: "this machine reaches private cluster APIs (clusterEndpointAccess: private): it runs in, or routes into, both VPCs" },
    ],
    notes: [
        "exit codes: 0 done (deploy: and verified); 1 refused or a stack failed; 2 bad command line; 3 destroy found some stacks missing from the state backend; " +
            "4 deploy finished but npm run verify failed (everything stays deployed).",
        "Full Pulumi output of each stack: out/logs/<project>.<stack>.<action>.log",
    ],
};

export const USAGE = usage(SPEC);

/**
 * `argv` is what follows the script: the action (the npm script supplies it), then the user's flags.
 * Returns "help" when the user asked for the usage.
 */
export function parseArgs(argv: readonly string[]): Options | "help" {
    const line = parseLine(SPEC, argv);
    if (line.help) return "help";
    const [action, ...extra] = line.positionals;
    if (!ACTIONS.includes(action as Action)) {
        throw new UsageError(action === undefined ? "no action given: deploy, preview or destroy" : `unknown action "${action}"${suggestion(action, ACTIONS)}`, COMMAND);
    }
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"${suggestion(extra[0], SPEC.options.map((o) => o.flag))}`, COMMAND);
    const environment = line.values.get("--stack") ?? "example";
    const problem = environmentNameProblem(environment);
    if (problem !== undefined) throw new UsageError(problem, COMMAND);
    return {
        action: action as Action,
        environment,
        profiles: { frontend: line.values.get("--frontend-profile") ?? "frontend", backend: line.values.get("--backend-profile") ?? "backend" },
        yes: line.switches.has("--yes"),
        fromInsideVpc: line.switches.has("--from-inside-vpc"),
        debug: line.debug,
    };
}
