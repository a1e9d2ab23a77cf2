import { environmentNameProblem } from "../../shared/environment-name";
import { accountId, awsProfileName } from "../../shared/config/validate";
import { isPlaceholderAccount } from "../../shared/placeholders";
import { CommandSpec, UsageError, UserError, parseLine, suggestion } from "../engine/cli";
import { COMMAND, check, runFromOf } from "./args";

/**
 * `npm run new-environment -- --name ENV --add-account NAME ...` (onboarding) and `--remove-account
 * NAME` (offboarding): the same command as a new environment's, because it writes the same stack
 * files from the same example with the same validators; only the environment already exists.
 */
export const ACCOUNT_SPEC: CommandSpec = {
    command: COMMAND,
    summary:
        "With --add-account: adds an account to an existing environment's description (environments/ENV.yaml, validated before it is written) " +
        "and writes the account's stack files from example-hub's; never overwrites a stack file. With --remove-account: removes accounts from " +
        "the description and names the npm run destroy -- --account command that destroys their stacks.",
    options: [
        { flag: "--name", value: "ENVIRONMENT", description: "the environment, which has environments/ENVIRONMENT.yaml (required)" },
        { flag: "--add-account", value: "NAME", description: "the new account's name in the environment: its stacks are ENVIRONMENT-NAME" },
        { flag: "--account-id", value: "ID", description: "the new account's 12-digit AWS account ID (required with --add-account)" },
        { flag: "--calls", value: "SERVICE", description: "the new account calls SERVICE (runs yelb-ui): it becomes one of SERVICE's consumers" },
        { flag: "--provides", value: "SERVICE", description: "the new account provides a new service SERVICE (runs yelb-appserver, Redis, Postgres)" },
        {
            flag: "--consumers",
            value: "ACCOUNTS",
            description: "with --provides: the accounts allowed to call SERVICE, comma-separated; NAME=ID adds a new account NAME (AWS account ID) calling it, in the same command",
        },
        { flag: "--profile", value: "PROFILE", description: "AWS profile written as aws:profile of the new account's infra stack (default: none)" },
        {
            flag: "--run-from",
            value: "WHERE",
            description: "where pulumi and kubectl run: vpc or your public CIDRs, as for a new environment (default: the project's cluster endpoint setting)",
        },
        { flag: "--remove-account", value: "NAME", description: "offboard the account NAME (repeat to remove several at once, e.g. a provider and its consumers)" },
        { flag: "--config-dir", value: "DIR", description: "read and write DIR/environments/ and DIR/<project>/ instead of the repository's (npm start -- --config-dir DIR reads them)" },
    ],
    notes: ["exit codes: 0 written; 1 refused (a bad value, a description that would be invalid, a stack file that exists); 2 bad command line."],
};

export interface AddAccount {
    readonly action: "add";
    readonly environment: string;
    readonly account: string;
    readonly accountId: string;
    /**
     * What the account does: calls an existing service, or provides a new one to `consumers`; of
     * those, `newConsumers` are accounts added with it (each with its AWS account ID), calling it.
     */
    readonly role: { readonly calls: string } | { readonly provides: string; readonly consumers: readonly string[]; readonly newConsumers?: readonly NewConsumer[] };
    readonly profile?: string;
    /** undefined: leave the project's cluster endpoint setting. */
    readonly runFrom?: "vpc" | readonly string[];
    readonly configDir?: string;
}

/** An account added as a caller of the new service, given as `--consumers NAME=ID`. */
export interface NewConsumer {
    readonly name: string;
    readonly accountId: string;
}

export interface RemoveAccount {
    readonly action: "remove";
    readonly environment: string;
    readonly accounts: readonly string[];
    readonly configDir?: string;
}

/** True when a command line is onboarding or offboarding rather than a new environment. */
export function isAccountLine(argv: readonly string[]): boolean {
    return argv.some((w) => ["--add-account", "--remove-account"].includes(w.split("=")[0]));
}

export function parseAccountArgs(argv: readonly string[]): AddAccount | RemoveAccount | "help" {
    const line = parseLine(ACCOUNT_SPEC, argv);
    if (line.help) return "help";
    if (line.positionals.length > 0) {
        const word = line.positionals[0];
        throw new UsageError(`unexpected argument "${word}"${suggestion(word, ACCOUNT_SPEC.options.map((o) => o.flag))}`, COMMAND);
    }
    const has = (flag: string) => line.values.has(flag);
    if (!has("--name")) throw new UsageError("missing --name", COMMAND);
    const adding = has("--add-account");
    if (adding && has("--remove-account")) throw new UsageError("--add-account and --remove-account are two commands: give one", COMMAND);
    const onlyAdd = ["--account-id", "--calls", "--provides", "--consumers", "--profile", "--run-from"].filter(has);
    if (!adding && onlyAdd.length > 0) throw new UsageError(`${onlyAdd.join(", ")}: only with --add-account`, COMMAND);

    const problems: string[] = [];
    const environment = line.values.get("--name")!;
    const nameProblem = environmentNameProblem(environment);
    if (nameProblem !== undefined) problems.push(`--name: ${nameProblem}.`);
    const configDir = line.values.get("--config-dir");
    if (!adding) {
        if (problems.length > 0) throw new UserError(problems);
        return { action: "remove", environment, accounts: line.repeated.get("--remove-account")!, configDir };
    }
    if (!has("--account-id")) throw new UsageError("missing --account-id", COMMAND);
    if (has("--calls") === has("--provides")) throw new UsageError("give one of --calls SERVICE or --provides SERVICE", COMMAND);
    if (has("--consumers") && !has("--provides")) throw new UsageError("--consumers only goes with --provides", COMMAND);
    const id = line.values.get("--account-id")!;
    check(problems, "--account-id", id, accountId);
    if (isPlaceholderAccount(id)) problems.push(`--account-id: ${id} is a placeholder (twelve identical digits, as in the example), which no AWS account has. Fix: give the account's ID.`);
    const profile = line.values.get("--profile");
    if (profile !== undefined) check(problems, "--profile", profile, awsProfileName);
    const runFromText = line.values.get("--run-from");
    const runFrom = runFromText === undefined ? undefined : runFromOf(runFromText, problems);
    if (problems.length > 0) throw new UserError(problems);
    const provides = line.values.get("--provides");
    const entries = (line.values.get("--consumers") ?? "").split(",").map((c) => c.trim()).filter((c) => c !== "");
    const consumers = entries.map((c) => c.split("=")[0]);
    const newConsumers = entries.filter((c) => c.includes("=")).map((c) => ({ name: c.slice(0, c.indexOf("=")), accountId: c.slice(c.indexOf("=") + 1) }));
    for (const n of newConsumers) {
        check(problems, `--consumers ${n.name}=`, n.accountId, accountId);
        if (isPlaceholderAccount(n.accountId)) problems.push(`--consumers ${n.name}=${n.accountId}: a placeholder (twelve identical digits), which no AWS account has. Fix: give the account's ID.`);
    }
    if (problems.length > 0) throw new UserError(problems);
    return {
        action: "add",
        environment,
        account: line.values.get("--add-account")!,
        accountId: id,
        role: provides === undefined ? { calls: line.values.get("--calls")! } : { provides, consumers, ...(newConsumers.length > 0 ? { newConsumers } : {}) },
        profile,
        runFrom,
        configDir,
    };
}
