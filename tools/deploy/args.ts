import { environmentNameProblem } from "../../shared/environment-name";
import { Topology, accountsOf } from "../../shared/topology";
import { CommandSpec, UsageError, accountProfilePair, parseLine, suggestion, usage } from "../engine/cli";

export type Action = "deploy" | "preview" | "destroy";
const ACTIONS: readonly Action[] = ["deploy", "preview", "destroy"];

export interface Options {
    readonly action: Action;
    /** The environment: the six stacks' names derive from it (shared/topology.ts). */
    readonly environment: string;
    /** The AWS profiles given on the command line, by account name; an account not named runs with its own name (profileOf). */
    readonly profiles: Profiles;
    /** Destroy without asking. */
    readonly yes: boolean;
    /** This machine reaches the clusters' private API endpoints (it runs inside, or has a route into, their VPCs). */
    readonly fromInsideVpc: boolean;
    /** Print stack traces of unexpected errors. */
    readonly debug: boolean;
    /**
     * Destroy only: the accounts whose stacks the environment no longer describes (offboarded by
     * new-environment --remove-account), to destroy instead of the environment (removed-stacks.ts).
     * @default [] (the whole environment)
     */
    readonly accounts?: readonly string[];
}

/** AWS profiles by account name (`--profile ACCOUNT=PROFILE`). */
export type Profiles = Readonly<Record<string, string>>;

/** The AWS profile an account's stacks run with: the one given for it, else the account's name. */
export function profileOf(profiles: Profiles, account: string): string {
    return profiles[account] ?? account;
}

/**
 * Profiles given for accounts the environment does not have, one line each (a mistyped name would
 * otherwise go unused); `removed` are the accounts a destroy --account names, which it no longer has.
 */
export function profileProblems(profiles: Profiles, topology: Topology, removed: readonly string[] = []): string[] {
    const accounts = [...accountsOf(topology), ...removed];
    return Object.keys(profiles)
        .filter((a) => !accounts.includes(a))
        .map(
            (a) =>
                `--profile ${a}=${profiles[a]} names no account of environment "${topology.environment}" (its accounts: ${accounts.join(", ")}): ` +
                `give --profile ACCOUNT=PROFILE for one of those.`,
        );
}

export const COMMAND = "npm run deploy|preview|destroy";

export const SPEC: CommandSpec = {
    command: COMMAND,
    summary:
        "Runs the stacks of an environment (shared/topology.ts, from environments/ENV.yaml when it has one) with the Pulumi CLI, " +
        "each as soon as the stacks it reads are done (destroy in reverse), each with its own account's AWS profile, and the state backend set in state-backend.yaml (docs/operations.md).",
    options: [
        { flag: "--stack", value: "ENVIRONMENT", description: "the environment whose stacks to run (default: example); its stack files must exist" },
        { flag: "--profile", value: "ACCOUNT=PROFILE", description: "AWS profile of an account of the environment; repeat per account (default: the account's name)" },
        { flag: "--frontend-profile", value: "PROFILE", description: "AWS profile of the frontend account, as --profile frontend=PROFILE (default: frontend)" },
        { flag: "--backend-profile", value: "PROFILE", description: "AWS profile of the backend account, as --profile backend=PROFILE (default: backend)" },
        { flag: "--yes", description: "destroy without asking (required where there is no terminal to ask at)" },
        {
            flag: "--account",
            value: "NAME",
            description: "destroy only: the stacks of account NAME that environments/ENV.yaml no longer describes (after new-environment --remove-account), then remove them; repeat per account",
        },
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
    const profiles: Record<string, string> = {};
    const given = (account: string, profile: string, flag: string) => {
        if (profiles[account] !== undefined && profiles[account] !== profile) {
            throw new UsageError(`${flag} gives account ${account} profile "${profile}", but it already has "${profiles[account]}": give each account one profile`, COMMAND);
        }
        profiles[account] = profile;
    };
    for (const pair of line.repeated.get("--profile") ?? []) {
        const { account, profile } = accountProfilePair(pair, COMMAND);
        given(account, profile, `--profile ${pair}`);
    }
    for (const account of ["frontend", "backend"]) {
        const profile = line.values.get(`--${account}-profile`);
        if (profile !== undefined) given(account, profile, `--${account}-profile`);
    }
    const accounts = line.repeated.get("--account") ?? [];
    if (accounts.length > 0 && action !== "destroy") throw new UsageError(`--account goes with destroy only (npm run destroy -- --stack ${environment} --account ${accounts[0]})`, COMMAND);
    for (const account of accounts) {
        if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(account)) throw new UsageError(`--account "${account}" is not an account name (lowercase letters, digits and single hyphens)`, COMMAND);
    }
    return {
        action: action as Action,
        environment,
        profiles,
        ...(accounts.length > 0 ? { accounts: [...new Set(accounts)] } : {}),
        yes: line.switches.has("--yes"),
        fromInsideVpc: line.switches.has("--from-inside-vpc"),
        debug: line.debug,
    };
}
