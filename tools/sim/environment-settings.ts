import * as path from "path";
import { ConfigError, ConfigProblem } from "../../shared/config/errors";
import { FlatConfig } from "../../shared/stack-files";
import { RoleId, StackEntry, Topology, entryOf } from "../../shared/topology";
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
export function checkPerEnvironmentSettings(topology: Topology, configs: ReadonlyMap<string, FlatConfig>): void {
    const { environment } = topology;
    const file = (entry: StackEntry) => path.join(entry.project, `Pulumi.${entry.stack}.yaml`);
    const transportOf = (entry: StackEntry): Transport | undefined => {
        const key = TRANSPORT_KEYS[entry.kind];
        const value = key === undefined ? undefined : configs.get(entry.id)?.[key];
        return (TRANSPORTS as readonly (string | undefined)[]).includes(value) ? (value as Transport) : undefined;
    };
    const problems: ConfigProblem[] = [];
    for (const reader of topology.entries.filter((e) => TRANSPORT_KEYS[e.kind] !== undefined)) {
        const mine = transportOf(reader);
        for (const provider of reader.reads.map((id) => entryOf(topology, id))) {
            const theirs = transportOf(provider);
            if (mine === undefined || theirs === undefined || transportCovers(theirs, mine)) continue;
            problems.push(
                uncoveredTransport(
                    { key: TRANSPORT_KEYS[reader.kind]!, file: file(reader), transport: mine },
                    { key: TRANSPORT_KEYS[provider.kind]!, file: file(provider), transport: theirs },
                ),
            );
        }
    }
    const modes = topology.entries.filter((e) => e.project === "mesh" && ["invitation", "organization"].includes(configs.get(e.id)?.[RAM_SHARING_KEY] ?? ""));
    if (modes.length >= 2 && new Set(modes.map((e) => configs.get(e.id)![RAM_SHARING_KEY])).size > 1) {
        problems.push({
            key: RAM_SHARING_KEY,
            problem: `differs across the stacks of environment ${environment}: ${modes.map((e) => `${file(e)} has "${configs.get(e.id)![RAM_SHARING_KEY]}"`).join(", ")}`,
            fix: "set it to the same value in every mesh stack (organization when both accounts are in one AWS Organization with RAM sharing enabled, otherwise invitation)",
        });
    }
    if (problems.length > 0) throw new ConfigError(`environment ${environment}`, problems);
}
