import { shownPath } from "./shown-path";
import * as yaml from "js-yaml";
import { ConfigError, ConfigProblem } from "./config/errors";
import * as path from "path";
import { ProjectName, RoleId, identifyStack } from "./topology";
import { KEY_READERS } from "./config/key-readers";
import type { ProjectFile } from "./project-file";

/** The top-level keys Pulumi reads from a stack file; anything else is a mistake it ignores. */
const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptionsalt", "encryptedkey", "environment"];

/**
 * Parses a stack file and refuses, one line per problem naming the file and the key, what the
 * Pulumi CLI would ignore or what the offline plan cannot read: YAML that does not parse, unknown
 * top-level keys, `config:` that is not a mapping, encrypted values, ESC environments, and keys that
 * only another role's stack reads. Returns the `config:` mapping.
 */
export function parseStackFile(file: string, text: string, project: ProjectFile, stack: string): Record<string, unknown> {
    const context = `stack file ${shownPath(file)}`;
    let parsed: unknown;
    try {
        parsed = yaml.load(text);
    } catch (e) {
        if (!(e instanceof yaml.YAMLException)) throw e;
        throw new ConfigError(context, [
            { key: `line ${e.mark.line + 1}`, problem: `is not valid YAML (${e.reason})`, fix: "correct the YAML there; quote values that contain ': ' or start with '[', '{', '*' or '&'" },
        ]);
    }
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new ConfigError(context, [{ key: "(file)", problem: "is not a YAML mapping", fix: "write `config:` followed by indented `key: value` lines" }]);
    }
    const problems: ConfigProblem[] = [];
    for (const key of Object.keys(parsed)) {
        if (key === "environment") {
            problems.push({ key, problem: "imports Pulumi ESC environments, which the offline plan cannot read", fix: "plan with `pulumi preview`, or copy the values under config: in a test stack file" });
        } else if (!STACK_FILE_KEYS.includes(key)) {
            problems.push({ key, problem: "is not a key of a Pulumi stack file (Pulumi would ignore it)", fix: "put settings under config:, indented; a stack file holds only config, secretsprovider, encryptionsalt and encryptedkey" });
        }
    }
    const config = (parsed as { config?: unknown }).config ?? {};
    if (typeof config !== "object" || Array.isArray(config) || config === null) {
        problems.push({ key: "config", problem: "is not a mapping", fix: "indent `key: value` lines under config:" });
        throw new ConfigError(context, problems);
    }
    const otherRole = otherRoleKeys(project, stack);
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
        if (value !== null && typeof value === "object" && "secure" in value) {
            problems.push({
                key,
                problem: "is encrypted (secure:), and the offline plan cannot decrypt it",
                fix: "plan a copy of the environment with a plaintext test value, or check this stack with `pulumi preview`",
            });
        }
        const bare = key.startsWith(`${project.name}:`) ? key.slice(project.name.length + 1) : key;
        const readers = otherRole(bare);
        if (readers) {
            const files = readers.map((r) => shownPath(path.join(path.dirname(file), `Pulumi.${r.stack}.yaml`)));
            problems.push({
                key,
                problem: `is read only by the ${readers.map((r) => `${r.role} stack (${r.stack})`).join(" and ")}; this ${readers[0].self} stack would ignore it`,
                fix: `move it to ${files.join(" or ")}, or remove it`,
            });
        }
    }
    if (problems.length > 0) throw new ConfigError(context, problems);
    return config as Record<string, unknown>;
}

/**
 * Of a project whose roles share one Pulumi.yaml (mesh, apps), the keys this stack's role does not
 * read (shared/config/key-readers.ts): for such a key, the roles that do and their stack names.
 */
function otherRoleKeys(project: ProjectFile, stack: string): (key: string) => { role: RoleId; stack: string; self: RoleId }[] | undefined {
    const readers = KEY_READERS[project.name as ProjectName];
    const found = readers && identifyStack(project.name as ProjectName, stack);
    if (!readers || !found) return () => undefined;
    const self = found.entry.kind;
    return (key) => {
        const roles = readers[key];
        if (!roles || roles.includes(self)) return undefined;
        const stacks = found.topology.entries.filter((e) => roles.includes(e.kind));
        return stacks.map((e) => ({ role: e.kind, stack: e.stack, self }));
    };
}
