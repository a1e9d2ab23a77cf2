import * as path from "path";
import { ConfigError, ConfigProblem } from "../../shared/config/errors";
import { FlatConfig } from "../../shared/stack-files";
import { ROLES, RoleId, stackName } from "../../shared/topology";
import { TRANSPORTS, Transport, transportCovers, uncoveredTransport } from "../../shared/transport";

/** The transport key of each role that carries one. */
const TRANSPORT_KEYS: Partial<Record<RoleId, string>> = {
    "mesh-owner": "mesh:transport",
    "mesh-participant": "mesh:transport",
    "apps-backend": "apps:transport",
    "apps-frontend": "apps:transport",
};
const RAM_SHARING_KEY = "mesh:ramSharing";

/**
 * The offline plan's check, before any program runs, of what the programs also refuse at run time
 * through their contracts: each stack's transport is provided by every stack it reads (see
 * `transportCovers`), and both mesh stacks share by the same RAM mode. Values invalid on their own
 * are left to their stack's program, which names them precisely. Throws one ConfigError listing
 * every problem with the key and the stack files.
 */
export function checkPerEnvironmentSettings(environment: string, configs: ReadonlyMap<RoleId, FlatConfig>): void {
    const file = (role: RoleId) => path.join(ROLES[role].project, `Pulumi.${stackName(role, environment)}.yaml`);
    const transportOf = (role: RoleId): Transport | undefined => {
        const key = TRANSPORT_KEYS[role];
        const value = key === undefined ? undefined : configs.get(role)?.[key];
        return (TRANSPORTS as readonly (string | undefined)[]).includes(value) ? (value as Transport) : undefined;
    };
    const problems: ConfigProblem[] = [];
    for (const reader of Object.keys(TRANSPORT_KEYS) as RoleId[]) {
        const mine = transportOf(reader);
        for (const provider of ROLES[reader].reads) {
            const theirs = transportOf(provider);
            if (mine === undefined || theirs === undefined || transportCovers(theirs, mine)) continue;
            problems.push(
                uncoveredTransport(
                    { key: TRANSPORT_KEYS[reader]!, file: file(reader), transport: mine },
                    { key: TRANSPORT_KEYS[provider]!, file: file(provider), transport: theirs },
                ),
            );
        }
    }
    const modes = (["mesh-owner", "mesh-participant"] as const).filter((r) => ["invitation", "organization"].includes(configs.get(r)?.[RAM_SHARING_KEY] ?? ""));
    if (modes.length === 2 && configs.get(modes[0])![RAM_SHARING_KEY] !== configs.get(modes[1])![RAM_SHARING_KEY]) {
        problems.push({
            key: RAM_SHARING_KEY,
            problem: `differs across the stacks of environment ${environment}: ${modes.map((r) => `${file(r)} has "${configs.get(r)![RAM_SHARING_KEY]}"`).join(", ")}`,
            fix: "set it to the same value in both mesh stacks (organization when both accounts are in one AWS Organization with RAM sharing enabled, otherwise invitation)",
        });
    }
    if (problems.length > 0) throw new ConfigError(`environment ${environment}`, problems);
}
