import * as pulumi from "@pulumi/pulumi";
import { nearest } from "../nearest";
import { ConfigError, ConfigProblem, InvalidValue } from "./errors";
import { PROJECTS } from "../topology";

/** Pulumi's own namespace (e.g. `pulumi:disable-default-providers`); never a program's key. */
const PULUMI_NAMESPACE = "pulumi";

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
    /** Every key read, qualified: another namespace's key (`aws:region`) is allowed only when read. */
    private readonly readKeys = new Set<string>();

    /**
     * @param belongsElsewhere keys of this namespace that another stack reads, with which one
     *   (e.g. `cloudMapNamespace` belongs to infra-backend), so a misplaced key is named as such.
     */
    constructor(
        private readonly namespace: string,
        private readonly declaredKeys: readonly string[],
        private readonly belongsElsewhere: Readonly<Record<string, string>> = {},
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

    /** A key that may be absent (e.g. `aws:profile`); undefined when unset. */
    optionalString(key: string, parse?: (value: string) => string): string | undefined {
        const full = this.qualified(key);
        this.readKeys.add(full);
        return this.raw[full] === undefined ? undefined : this.string(key, parse);
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

    /**
     * Throws a ConfigError listing every problem, including keys the program does not read: an
     * undeclared key of its own namespace, a key of another project or of a provider it does not
     * read that way (only the `aws:` keys it reads are allowed).
     */
    done(context: string): void {
        const prefix = `${this.namespace}:`;
        for (const fullKey of Object.keys(this.raw).sort()) {
            const problem = fullKey.startsWith(prefix) ? this.ownKeyProblem(fullKey.slice(prefix.length)) : this.foreignKeyProblem(fullKey);
            if (problem) this.problems.push({ key: fullKey, ...problem });
        }
        if (this.problems.length > 0) throw new ConfigError(context, this.problems);
    }

    private ownKeyProblem(key: string): Omit<ConfigProblem, "key"> | undefined {
        if (this.declaredKeys.includes(key)) return undefined;
        const owner = this.belongsElsewhere[key];
        if (owner) {
            return { problem: `is read by the ${owner} stack, not by ${this.namespace}`, fix: `move it to the ${owner} stack file as ${owner}:${key}, or remove it` };
        }
        const near = nearest(key, this.declaredKeys);
        return {
            problem: `is not a setting of the ${this.namespace} project`,
            fix: near
                ? `did you mean ${this.namespace}:${near}? Otherwise remove it`
                : `remove it; the settings are ${this.declaredKeys.join(", ")}`,
        };
    }

    private foreignKeyProblem(fullKey: string): Omit<ConfigProblem, "key"> | undefined {
        const namespace = fullKey.slice(0, fullKey.indexOf(":"));
        if (namespace === PULUMI_NAMESPACE || this.readKeys.has(fullKey)) return undefined;
        if ((PROJECTS as readonly string[]).includes(namespace)) {
            return { problem: `is a setting of the ${namespace} project, which this ${this.namespace} stack does not read`, fix: `move it to a ${namespace} stack file, or remove it` };
        }
        const read = [...this.readKeys].filter((k) => k.startsWith(`${namespace}:`)).sort();
        return {
            problem: `is not read by the ${this.namespace} program`,
            fix: read.length > 0 ? `remove it; of ${namespace}: it reads only ${read.join(", ")}` : `remove it; it takes nothing from the ${namespace} namespace`,
        };
    }

    private read<T>(key: string, parse: (text: string) => T): T {
        const full = this.qualified(key);
        this.readKeys.add(full);
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
