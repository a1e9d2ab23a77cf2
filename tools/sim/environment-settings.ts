import * as path from "path";
import { ROLES, RoleId, stackName } from "../../shared/topology";
import { FlatConfig } from "../../shared/stack-files";

/** Keys that must have one value across the stacks of an environment, and the roles that carry them. */
const PER_ENVIRONMENT_KEYS: readonly { readonly keys: Partial<Record<RoleId, string>> }[] = [
    { keys: { "mesh-owner": "mesh:transport", "mesh-participant": "mesh:transport", "apps-backend": "apps:transport", "apps-frontend": "apps:transport" } },
    { keys: { "mesh-owner": "mesh:ramSharing", "mesh-participant": "mesh:ramSharing" } },
];

/**
 * The offline plan's check, before any program runs, of what the programs also refuse at run time
 * through their contracts: every per-environment key has one value. Returns one line per
 * disagreement naming the key and each stack file with its value; empty when all agree.
 */
export function mixedSettings(environment: string, configs: ReadonlyMap<RoleId, FlatConfig>): string[] {
    const problems: string[] = [];
    for (const { keys } of PER_ENVIRONMENT_KEYS) {
        const seen = (Object.entries(keys) as [RoleId, string][])
            .filter(([role, key]) => configs.get(role)?.[key] !== undefined)
            .map(([role, key]) => ({ key, value: configs.get(role)![key], file: path.join(ROLES[role].project, `Pulumi.${stackName(role, environment)}.yaml`) }));
        if (new Set(seen.map((s) => s.value)).size > 1) {
            const names = [...new Set(seen.map((s) => s.key))].join(" / ");
            problems.push(`${names} differs across the stacks of environment ${environment}: ${seen.map((s) => `${s.file} has "${s.value}"`).join(", ")}. Set it to the same value in every one.`);
        }
    }
    return problems;
}
