import * as pulumi from "@pulumi/pulumi";
import { ConfigError, ConfigProblem, InvalidValue } from "./errors";

/**
 * Reads a project's configuration, collecting every problem instead of stopping at the first, and
 * refuses keys the project does not declare (a typo would otherwise be silently ignored).
 *
 * Defaults live in the project's `Pulumi.yaml` only; the Pulumi CLI (and the simulated cloud)
 * apply them, so a missing key here means the key is not declared there.
 *
 * Keys are written as the user writes them: `vpcCidr` is in the project's namespace, `aws:region`
 * names its own namespace.
 */
export class ConfigReader {
    private readonly problems: ConfigProblem[] = [];
    private readonly failedKeys = new Set<string>();
    private readonly raw: Record<string, string>;

    constructor(
        private readonly namespace: string,
        private readonly declaredKeys: readonly string[],
    ) {
        this.raw = pulumi.runtime.allConfig();
    }

    string<T = string>(key: string, parse?: (value: string) => T): T {
        return this.read(key, (text) => (parse ? parse(text) : (text as unknown as T)));
    }

    number<T = number>(key: string, parse?: (value: number) => T): T {
        return this.read(key, (text) => {
            const value = Number(text);
            if (text.trim() === "" || !Number.isFinite(value)) {
                throw new InvalidValue(`"${text}" is not a number`, "write a number without quotes");
            }
            return parse ? parse(value) : (value as unknown as T);
        });
    }

    boolean(key: string): boolean {
        return this.read(key, (text) => {
            if (text !== "true" && text !== "false") {
                throw new InvalidValue(`"${text}" is not true or false`, "write true or false");
            }
            return text === "true";
        });
    }

    list<T = string>(key: string, parseItem?: (value: string) => T): T[] {
        return this.read(key, (text) => {
            let value: unknown;
            try {
                value = JSON.parse(text);
            } catch {
                value = undefined;
            }
            if (!Array.isArray(value) || value.some((v) => typeof v !== "string" && typeof v !== "number")) {
                throw new InvalidValue(`"${text}" is not a list`, "write a YAML list of strings");
            }
            return value.map((v) => (parseItem ? parseItem(String(v)) : (String(v) as unknown as T)));
        });
    }

    /** A check across keys; it runs only when each key it names was read without a problem. */
    check(keys: readonly string[], reportedKey: string, check: () => void): void {
        if (keys.some((k) => this.failedKeys.has(k))) return;
        try {
            check();
        } catch (e) {
            if (!(e instanceof InvalidValue)) throw e;
            this.fail(reportedKey, e.problem, e.fix);
        }
    }

    fail(key: string, problem: string, fix: string): void {
        this.failedKeys.add(key);
        this.problems.push({ key: this.qualified(key), problem, fix });
    }

    /** Throws a ConfigError listing every problem, including keys the project does not declare. */
    done(context: string): void {
        const prefix = `${this.namespace}:`;
        for (const fullKey of Object.keys(this.raw).sort()) {
            if (!fullKey.startsWith(prefix)) continue;
            const key = fullKey.slice(prefix.length);
            if (!this.declaredKeys.includes(key)) {
                const near = closest(key, this.declaredKeys);
                this.problems.push({
                    key: fullKey,
                    problem: `is not a setting of the ${this.namespace} project`,
                    fix: near
                        ? `did you mean ${prefix}${near}? Otherwise remove it`
                        : `remove it; the settings are ${this.declaredKeys.join(", ")}`,
                });
            }
        }
        if (this.problems.length > 0) throw new ConfigError(context, this.problems);
    }

    private read<T>(key: string, parse: (text: string) => T): T {
        const full = this.qualified(key);
        const text = this.raw[full];
        if (text === undefined) {
            this.fail(key, "is not set", `set it with \`pulumi config set ${full} <value>\` or declare a default in Pulumi.yaml`);
            return undefined as unknown as T;
        }
        try {
            return parse(text);
        } catch (e) {
            if (!(e instanceof InvalidValue)) throw e;
            this.fail(key, e.problem, e.fix);
            return undefined as unknown as T;
        }
    }

    private qualified(key: string): string {
        return key.includes(":") ? key : `${this.namespace}:${key}`;
    }
}

function closest(word: string, candidates: readonly string[]): string | undefined {
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance <= 3 && (!best || distance < best.distance)) best = { candidate, distance };
    }
    return best?.candidate;
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}
