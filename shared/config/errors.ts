import * as pulumi from "@pulumi/pulumi";

/** One refused config value: the key as the user writes it, what is wrong, and how to fix it. */
export interface ConfigProblem {
    readonly key: string;
    readonly problem: string;
    readonly fix: string;
}

function formatProblem(p: ConfigProblem): string {
    return `${p.key}: ${p.problem}. Fix: ${p.fix}.`;
}

/**
 * Thrown before any resource is declared when configuration is refused. It is a `RunError`, so the
 * Pulumi CLI prints the message alone, without a stack trace.
 */
export class ConfigError extends pulumi.RunError {
    constructor(readonly context: string, readonly problems: readonly ConfigProblem[]) {
        super(
            `Invalid configuration for ${context}:\n` +
                problems.map((p) => `  - ${formatProblem(p)}`).join("\n"),
        );
        this.name = "ConfigError";
    }
}

/** Raised by validators; the reader turns it into a ConfigProblem for the key it was reading. */
export class InvalidValue extends Error {
    constructor(readonly problem: string, readonly fix: string) {
        super(problem);
    }
}
