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
 * Thrown before any resource is declared when configuration is refused. It is a `RunError` the way
 * the Pulumi SDK recognises one (`RunError.isInstance` reads this marker, so that it works across SDK
 * copies), so the Pulumi CLI prints the message alone, without a stack trace. Marked rather than
 * derived: the commands' preflight checks use these validators without loading the Pulumi SDK.
 */
export class ConfigError extends Error {
    // eslint-disable-next-line @typescript-eslint/naming-convention
    readonly __pulumiRunError = true;

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
