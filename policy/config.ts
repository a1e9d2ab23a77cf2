import * as fs from "fs";
import * as path from "path";
import { allowedAccountIds, loadStackConfig } from "../shared/stack-files";
import { accountStackOf, accountsOf, environmentTopology } from "../shared/topology";

/** The one policy of the pack that takes configuration. */
export const RAM_SHARE_POLICY = "ram-shares-only-to-configured-accounts";

/**
 * The accounts of an environment (every account of its topology: shared/topology.ts), from the
 * `aws:allowedAccountIds` of the stack file that types each (its infra stack, or the network
 * account's mesh stack): the only place account IDs are typed, so the pack's allow-list is derived,
 * never written again.
 */
export function environmentAccounts(rootDir: string, environment: string): string[] {
    const topology = environmentTopology(environment, rootDir);
    const accounts: string[] = [];
    for (const account of accountsOf(topology)) {
        const entry = accountStackOf(topology, account);
        const projectDir = path.join(rootDir, entry.project);
        const file = path.join(projectDir, `Pulumi.${entry.stack}.yaml`);
        if (!fs.existsSync(file)) throw new Error(`No stack config ${path.relative(rootDir, file)}: the policy pack's allowed accounts come from it`);
        accounts.push(...allowedAccountIds(loadStackConfig(projectDir, entry.stack)));
    }
    return [...new Set(accounts)];
}

/** The `--policy-pack-config` file content for an environment. */
export function policyPackConfig(allowedPrincipals: readonly string[]): Record<string, unknown> {
    return { [RAM_SHARE_POLICY]: { allowedPrincipals: [...allowedPrincipals] } };
}

/** Writes an environment's policy pack config to `file` and returns its path. */
export function writePolicyPackConfig(rootDir: string, environment: string, file: string): string {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(policyPackConfig(environmentAccounts(rootDir, environment)), null, 2) + "\n");
    return file;
}
