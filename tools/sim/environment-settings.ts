import * as path from "path";
import { ROLES, RoleId, stackName } from "../../shared/topology";
import { FlatConfig } from "../../shared/stack-files";
import { ConfigError, ConfigProblem } from "../../shared/config/errors";
import { TRANSPORTS } from "../../shared/transport";

/**
 * Keys that must have one value across the stacks of an environment, the roles that carry them,
 * and their valid values (an invalid one is left to its stack's program, which names it precisely).
 */
const PER_ENVIRONMENT_KEYS: readonly { readonly keys: Partial<Record<RoleId, string>>; readonly values: readonly string[] }[] = [
    {
        keys: { "mesh-owner": "mesh:transport", "mesh-participant": "mesh:transport", "apps-backend": "apps:transport", "apps-frontend": "apps:transport" },
        values: TRANSPORTS,
    },
    { keys: { "mesh-owner": "mesh:ramSharing", "mesh-participant": "mesh:ramSharing" }, values: ["invitation", "organization"] },
];

/**
 * The offline plan's check, before any program runs, of what the programs also refuse at run time
 * through their contracts: every per-environment key has one value. Throws one ConfigError with a
 * problem per disagreement, naming the key and each stack file with its value.
 */
export function checkPerEnvironmentSettings(environment: string, configs: ReadonlyMap<RoleId, FlatConfig>): void {
    const problems: ConfigProblem[] = [];
    for (const { keys, values } of PER_ENVIRONMENT_KEYS) {
        const seen = (Object.entries(keys) as [RoleId, string][])
            .filter(([role, key]) => values.includes(configs.get(role)?.[key] ?? ""))
            .map(([role, key]) => ({ key, value: configs.get(role)![key], file: path.join(ROLES[role].project, `Pulumi.${stackName(role, environment)}.yaml`) }));
        if (new Set(seen.map((s) => s.value)).size > 1) {
            const names = [...new Set(seen.map((s) => s.key))].join(" / ");
            problems.push({
                key: names,
                problem: `differs across the stacks of environment ${environment}: ${seen.map((s) => `${s.file} has "${s.value}"`).join(", ")}`,
                fix: "set it to the same value in every one (docs/transports.md gives the migration order)",
            });
        }
    }
    if (problems.length > 0) throw new ConfigError(`environment ${environment}`, problems);
}
