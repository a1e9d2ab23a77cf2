import { environmentNameProblem } from "../../shared/environment-name";
import { InvalidValue } from "../../shared/config/errors";
import { accountId, awsProfileName, awsRegion, parseCidr } from "../../shared/config/validate";
import { publicAccessCidrs } from "../../shared/config/cluster-access";
import { isPlaceholderAccount } from "../../shared/placeholders";
import { Side } from "../../shared/topology";
import { CommandSpec, UsageError, UserError, parseLine, suggestion } from "../engine/cli";

/**
 * `npm run new-environment`: the command line that names a new environment's two accounts and
 * region, checked with the validators the programs use, before any file is written.
 */
export const COMMAND = "npm run new-environment";

/**
 * A choice written into the stacks of every project whose Pulumi.yaml declares its key, so the
 * option works as soon as a project gains the key and is refused while none has it.
 */
export interface ChoiceSpec {
    readonly flag: string;
    /** The config key (without namespace) in the projects' Pulumi.yaml. */
    readonly key: string;
    readonly allowed: readonly string[];
    /** Written when the option is not given; undefined leaves the project's default. */
    readonly default?: string;
}

export const CHOICES: readonly ChoiceSpec[] = [
    // App Mesh cannot be created or reached since 2026-09-30, so a new environment starts on Lattice.
    { flag: "--transport", key: "transport", allowed: ["lattice", "appmesh", "both"], default: "lattice" },
    { flag: "--ram-sharing", key: "ramSharing", allowed: ["invitation", "organization"] },
];

export const SPEC: CommandSpec = {
    command: COMMAND,
    summary:
        "Writes the six stack files of a new environment from the committed example environment's, with your two accounts, " +
        "region and profiles. Refuses to overwrite a stack file. Then plan it offline with npm start -- --stack NAME.",
    options: [
        { flag: "--name", value: "ENVIRONMENT", description: "the new environment's name, e.g. dev (required)" },
        { flag: "--frontend-account", value: "ID", description: "the frontend account's 12-digit ID (required)" },
        { flag: "--backend-account", value: "ID", description: "the backend account's 12-digit ID (required)" },
        { flag: "--region", value: "REGION", description: "the region of both accounts, e.g. us-west-2 (required)" },
        {
            flag: "--run-from",
            value: "WHERE",
            description:
                "where pulumi and kubectl will run (required): vpc (inside, or routed into, both VPCs: the cluster APIs stay private) " +
                "or your public CIDRs, comma-separated, e.g. 203.0.113.7/32 (the APIs are public to those only)",
        },
        { flag: "--transport", value: "TRANSPORT", description: "lattice (default), appmesh or both; written where a project declares transport" },
        { flag: "--ram-sharing", value: "MODE", description: "invitation or organization (both accounts in one AWS Organization); default: the project's" },
        { flag: "--frontend-profile", value: "PROFILE", description: "AWS profile written as aws:profile of the frontend infra stack (default: none)" },
        { flag: "--backend-profile", value: "PROFILE", description: "AWS profile written as aws:profile of the backend infra stack (default: none)" },
        { flag: "--config-dir", value: "DIR", description: "write to DIR/<project>/ instead of the project folders (npm start -- --config-dir DIR reads them)" },
    ],
    notes: [
        "exit codes: 0 written; 1 refused (a bad value, a placeholder account, a stack file that exists); 2 bad command line.",
        "To onboard or offboard an account of an existing environment: --add-account NAME or --remove-account NAME (npm run new-environment -- --add-account NAME --help).",
    ],
};

export interface NewEnvironment {
    readonly name: string;
    readonly accounts: Readonly<Record<Side, string>>;
    readonly region: string;
    /** The profile of each side, when given. */
    readonly profiles: Readonly<Partial<Record<Side, string>>>;
    /** The value given for each choice's flag (absent: not given). */
    readonly choices: ReadonlyMap<string, string>;
    /** Where the project folders of the stack files are; undefined: the repository's. */
    readonly configDir?: string;
    /**
     * Where pulumi and kubectl run, which decides how each cluster's API is reached: "vpc" keeps it
     * private; CIDRs open a public endpoint to exactly those (the mesh and apps stacks must reach it).
     */
    readonly runFrom: "vpc" | readonly string[];
}

const REQUIRED = ["--name", "--frontend-account", "--backend-account", "--region", "--run-from"] as const;

/** One line per bad value, naming the option and the fix (the validators' own words). */
export function check(problems: string[], flag: string, value: string, validate: (v: string) => unknown): void {
    try {
        validate(value);
    } catch (e) {
        if (!(e instanceof InvalidValue)) throw e;
        problems.push(`${flag}: ${e.problem}. Fix: ${e.fix}.`);
    }
}

/** `--run-from`'s value: "vpc", or public CIDRs checked with the programs' own rule for public API access. */
export function runFromOf(value: string, problems: string[]): NewEnvironment["runFrom"] {
    if (value === "vpc") return "vpc";
    const cidrs = value.split(",").map((c) => c.trim());
    const bad = cidrs.filter((c) => {
        try {
            parseCidr(c);
            return false;
        } catch {
            return true;
        }
    });
    if (bad.length > 0) {
        problems.push(`--run-from: ${bad.map((c) => `"${c}"`).join(", ")} is neither vpc nor a CIDR. Fix: --run-from vpc, or your public addresses such as --run-from 203.0.113.7/32.`);
        return [];
    }
    check(problems, "--run-from", value, () => publicAccessCidrs("public-and-private", cidrs));
    return cidrs.map((c) => parseCidr(c).text);
}

export function parseArgs(argv: readonly string[]): NewEnvironment | "help" {
    const line = parseLine(SPEC, argv);
    if (line.help) return "help";
    if (line.positionals.length > 0) {
        const word = line.positionals[0];
        throw new UsageError(`unexpected argument "${word}"${suggestion(word, SPEC.options.map((o) => o.flag))}`, COMMAND);
    }
    const missing = REQUIRED.filter((flag) => !line.values.has(flag));
    if (missing.length > 0) throw new UsageError(`missing ${missing.join(", ")}`, COMMAND);
    const get = (flag: (typeof REQUIRED)[number]) => line.values.get(flag)!;

    const problems: string[] = [];
    const nameProblem = environmentNameProblem(get("--name"));
    if (nameProblem !== undefined) problems.push(`--name: ${nameProblem}.`);
    for (const side of ["frontend", "backend"] as const) {
        const flag = `--${side}-account`;
        const id = line.values.get(flag)!;
        check(problems, flag, id, accountId);
        if (isPlaceholderAccount(id)) {
            problems.push(`${flag}: ${id} is a placeholder (twelve identical digits, as in the example), which no AWS account has. Fix: give your ${side} account's ID.`);
        }
        const profile = line.values.get(`--${side}-profile`);
        if (profile !== undefined) check(problems, `--${side}-profile`, profile, awsProfileName);
    }
    if (get("--frontend-account") === get("--backend-account")) {
        problems.push(`--backend-account: the frontend and backend are the same account ${get("--backend-account")}. Fix: give two different accounts.`);
    }
    check(problems, "--region", get("--region"), awsRegion);
    const choices = new Map<string, string>();
    for (const choice of CHOICES) {
        const value = line.values.get(choice.flag);
        if (value === undefined) continue;
        if (choice.allowed.includes(value)) choices.set(choice.flag, value);
        else problems.push(`${choice.flag}: "${value}" is not one of ${choice.allowed.join(", ")}${suggestion(value, choice.allowed)}.`);
    }
    const runFrom = runFromOf(get("--run-from"), problems);
    if (problems.length > 0) throw new UserError(problems);
    return {
        name: get("--name"),
        accounts: { frontend: get("--frontend-account"), backend: get("--backend-account") },
        region: get("--region"),
        profiles: { frontend: line.values.get("--frontend-profile"), backend: line.values.get("--backend-profile") },
        choices,
        configDir: line.values.get("--config-dir"),
        runFrom,
    };
}
