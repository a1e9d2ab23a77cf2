import { Side } from "../../shared/topology";

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
}

export const USAGE = "usage: npm run deploy|preview|destroy -- [--stack ENVIRONMENT] [--frontend-profile PROFILE] [--backend-profile PROFILE] [--yes]";

/** Thrown for a command line the orchestrator cannot run; the message ends with the usage. */
export class UsageError extends Error {
    constructor(problem: string) {
        super(`${problem}; ${USAGE}`);
        this.name = "UsageError";
    }
}

// Pulumi's own rule for a stack name; checked here so a typo fails before six stacks are created.
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** `argv` is what follows the script: the action (the npm script supplies it), then the user's flags. */
export function parseArgs(argv: readonly string[]): Options {
    const [action, ...rest] = argv;
    if (!ACTIONS.includes(action as Action)) throw new UsageError(`unknown action "${action ?? ""}"`);
    let environment = "example";
    const profiles: Record<Side, string> = { frontend: "frontend", backend: "backend" };
    let yes = false;
    for (let i = 0; i < rest.length; i++) {
        const flag = rest[i];
        if (flag === "--yes") {
            yes = true;
            continue;
        }
        const value = rest[i + 1];
        if (flag !== "--stack" && flag !== "--frontend-profile" && flag !== "--backend-profile") throw new UsageError(`unknown argument ${flag}`);
        if (value === undefined || value.startsWith("--") || value === "") throw new UsageError(`${flag} needs a value`);
        i++;
        if (flag === "--stack") environment = value;
        else profiles[flag === "--frontend-profile" ? "frontend" : "backend"] = value;
    }
    if (!STACK_NAME.test(environment)) throw new UsageError(`environment "${environment}" may only contain letters, digits, "-", "_" and "."`);
    return { action: action as Action, environment, profiles, yes };
}
