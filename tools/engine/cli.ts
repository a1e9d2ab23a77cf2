import { nearest as nearestWithin } from "../../shared/nearest";
import { shownPath } from "../../shared/shown-path";

export { shownPath };

/**
 * The command-line manners both entry points share (`npm start`, `npm run deploy|preview|destroy`):
 * `--help`, one-line refusals that suggest the nearest valid word, environment names checked before
 * they reach a path, and no stack trace unless `--debug` (or `DEBUG=1`) asks for one.
 */

/** One option of a command. */
export interface OptionSpec {
    /** `--stack` */
    readonly flag: string;
    /** What the value is called in the usage (`ENVIRONMENT`); absent for a switch such as `--yes`. */
    readonly value?: string;
    readonly description: string;
}

export interface CommandSpec {
    /** How the user runs it: `npm start`, `npm run deploy|preview|destroy`. */
    readonly command: string;
    readonly summary: string;
    readonly options: readonly OptionSpec[];
    /** Extra paragraphs after the options (exit codes, files). */
    readonly notes?: readonly string[];
}

/** Options every command has. */
export const COMMON_OPTIONS: readonly OptionSpec[] = [
    { flag: "--debug", description: "print the stack trace of an unexpected error (also DEBUG=1)" },
    { flag: "--help", description: "print this help and exit (also -h)" },
];

/** A command line the command cannot run; its message is one line and says how to get the usage. */
export class UsageError extends Error {
    constructor(problem: string, command: string) {
        super(`${problem}. Run \`${helpCommand(command)}\` for every option.`);
        this.name = "UsageError";
    }
}

/** A refusal the user can fix: printed as its message alone, one line per problem. */
export class UserError extends Error {
    constructor(readonly problems: readonly string[]) {
        super(problems.join("\n"));
        this.name = "UserError";
    }
}

export function helpCommand(command: string): string {
    return command.startsWith("npm start") ? "npm start -- --help" : `${command.split("|")[0]} -- --help`;
}

export function usage(spec: CommandSpec): string {
    const options = [...spec.options, ...COMMON_OPTIONS];
    const left = options.map((o) => (o.value ? `${o.flag} ${o.value}` : o.flag));
    const width = Math.max(...left.map((l) => l.length));
    return [
        `usage: ${spec.command} -- [options]`,
        "",
        spec.summary,
        "",
        "options:",
        ...options.map((o, i) => `  ${left[i].padEnd(width)}  ${o.description}`),
        ...(spec.notes ?? []).flatMap((n) => ["", n]),
    ].join("\n");
}

export interface ParsedLine {
    /** Words that are not options, in order. */
    readonly positionals: string[];
    /** Options given with a value, by flag. */
    readonly values: ReadonlyMap<string, string>;
    /** Every value of each option given more than once (or once), in order; `values` holds the last. */
    readonly repeated: ReadonlyMap<string, readonly string[]>;
    /** Switches given. */
    readonly switches: ReadonlySet<string>;
    readonly help: boolean;
    readonly debug: boolean;
}

/** Splits argv by the spec's options; an unknown option is refused with the nearest known one. */
export function parseLine(spec: CommandSpec, argv: readonly string[]): ParsedLine {
    const known = [...spec.options, ...COMMON_OPTIONS];
    const positionals: string[] = [];
    const values = new Map<string, string>();
    const repeated = new Map<string, string[]>();
    const switches = new Set<string>();
    // Asking for help is answered even on a command line with mistakes in it.
    const help = argv.includes("-h") || argv.includes("--help");
    if (help) return { positionals, values, repeated, switches, help, debug: argv.includes("--debug") };
    for (let i = 0; i < argv.length; i++) {
        const word = argv[i];
        if (!word.startsWith("-")) {
            positionals.push(word);
            continue;
        }
        const [flag, inline] = word.includes("=") ? [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)] : [word, undefined];
        const option = known.find((o) => o.flag === flag);
        if (!option) throw new UsageError(`unknown option ${flag}${suggestion(flag, known.map((o) => o.flag))}`, spec.command);
        if (!option.value) {
            switches.add(flag);
            continue;
        }
        const value = inline ?? argv[i + 1];
        if (value === undefined || value === "" || (inline === undefined && value.startsWith("-"))) {
            throw new UsageError(`${flag} needs a value (${option.value})`, spec.command);
        }
        if (inline === undefined) i++;
        values.set(flag, value);
        repeated.set(flag, [...(repeated.get(flag) ?? []), value]);
    }
    return { positionals, values, repeated, switches, help, debug: switches.has("--debug") };
}

/** `: did you mean X?` for the nearest candidate within a few edits, else empty. */
/** `--profile ACCOUNT=PROFILE` (deploy, preview, destroy and verify): the account's name and its AWS profile. */
export function accountProfilePair(pair: string, command: string): { account: string; profile: string } {
    const match = /^([^=\s]+)=([^=\s]+)$/.exec(pair);
    if (!match) throw new UsageError(`--profile needs ACCOUNT=PROFILE (e.g. --profile network=net-admin), not "${pair}"`, command);
    return { account: match[1], profile: match[2] };
}

export function suggestion(word: string, candidates: readonly string[]): string {
    const near = nearest(word, candidates);
    return near === undefined ? "" : ` (did you mean ${near}?)`;
}

/** The nearest option, action or key: within a third of its length (at least two edits). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
    return nearestWithin(word, candidates, (candidate) => Math.max(2, Math.floor(candidate.length / 3)));
}


/** True when the user asked for stack traces (`--debug` or DEBUG=1). */
export function debugRequested(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
    return argv.includes("--debug") || env.DEBUG === "1" || env.DEBUG === "true";
}

/**
 * Runs an entry point and exits with its code. A UsageError exits 2, a UserError 1, each as its
 * message alone; anything else is a defect: one line, and the stack trace only when asked for.
 */
export function runMain(main: () => Promise<number>, argv: readonly string[] = process.argv.slice(2)): void {
    main().then(
        (code) => process.exit(code),
        (e: unknown) => {
            if (e instanceof UsageError || e instanceof UserError) {
                console.error(e.message);
                process.exit(e instanceof UsageError ? 2 : 1);
            }
            const debug = debugRequested(argv, process.env);
            const line = e instanceof Error ? `${e.name}: ${e.message.split("\n")[0]}` : String(e);
            console.error(debug && e instanceof Error ? e.stack : `Unexpected error: ${line} (run again with --debug for the stack trace)`);
            process.exit(1);
        },
    );
}
