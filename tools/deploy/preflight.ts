import * as fs from "fs";
import * as path from "path";
import { LOCAL_STATE_DIR, SETTING_FILE, StateBackend } from "../engine/state-backend";
import { Action } from "./args";

/**
 * Checks made before any stack is touched, each failing with one line that says what to do. They
 * read the environment they are given (never `process.env` directly), so tests can pass their own.
 */
export type Env = Readonly<Record<string, string | undefined>>;

/** The first executable `name` on `PATH`, as a shell would find it; undefined when there is none. */
export function findOnPath(name: string, env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
    const dirs = (env.PATH ?? env.Path ?? "").split(path.delimiter).filter((d) => d !== "");
    const extensions = platform === "win32" ? (env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";") : [""];
    for (const dir of dirs) {
        for (const ext of extensions) {
            const candidate = path.join(dir, name + ext);
            try {
                if (!fs.statSync(candidate).isFile()) continue;
                fs.accessSync(candidate, fs.constants.X_OK);
                return candidate;
            } catch {
                // not here (or not executable): keep looking, as the shell does
            }
        }
    }
    return undefined;
}

export function missingCliMessage(action: Action): string {
    return (
        `npm run ${action} needs the Pulumi CLI, and there is no "pulumi" on PATH: install it with ` +
        `"curl -fsSL https://get.pulumi.com | sh" (or see https://www.pulumi.com/docs/install/), open a new shell, and run it again.`
    );
}

/**
 * What would make the run fail or act on the wrong account, as one line each; empty when none.
 * - Static AWS keys in the environment beat AWS_PROFILE in the AWS credential chain, so every stack
 *   would run in that one account whatever its side.
 * - The local file backend encrypts stack secrets with a passphrase; Pulumi runs non-interactively
 *   here, so it cannot ask for one.
 */
export function environmentProblems(env: Env, backend: StateBackend): string[] {
    const problems: string[] = [];
    const keys = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].filter((k) => (env[k] ?? "") !== "");
    if (keys.length > 0) {
        problems.push(
            `${keys.join(", ")} ${keys.length === 1 ? "is" : "are"} set: static AWS keys override AWS_PROFILE, so every stack would run in ` +
                `one account. Unset ${keys.length === 1 ? "it" : "them"} and let the profiles choose the account (--profile ACCOUNT=PROFILE, or --frontend-profile and --backend-profile).`,
        );
    }
    if (backend.kind === "local" && env.PULUMI_CONFIG_PASSPHRASE === undefined && (env.PULUMI_CONFIG_PASSPHRASE_FILE ?? "") === "") {
        problems.push(
            `The local state backend (${LOCAL_STATE_DIR}/) encrypts stack secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE ` +
                `(or PULUMI_CONFIG_PASSPHRASE_FILE) to the same passphrase on every run, or choose another backend in ${SETTING_FILE} (docs/operations.md).`,
        );
    }
    return problems;
}

/**
 * Destroy deletes every cluster and everything in them, so like `pulumi destroy` it asks first:
 * the environment's name typed at a terminal, or `--yes` where there is no terminal to ask at.
 */
export function destroyGate(yes: boolean, interactive: boolean): "proceed" | "ask" | "refuse" {
    if (yes) return "proceed";
    return interactive ? "ask" : "refuse";
}

export function destroyRefusal(environment: string, stacks = 6): string {
    return `npm run destroy deletes every resource of the ${stacks} stacks of "${environment}" and there is no terminal to confirm it at: add --yes to run it anyway.`;
}
