import * as fs from "fs";
import * as path from "path";
import { allowedAccountIds, loadStackConfig } from "../shared/stack-files";
import { ROLES, stackName } from "../shared/topology";

/** The one policy of the pack that takes configuration. */
export const RAM_SHARE_POLICY = "ram-shares-only-to-configured-accounts";

/**
 * The accounts of an environment, from its two infra stack files' `aws:allowedAccountIds`: the
 * only place account IDs are typed, so the pack's allow-list is derived, never written again.
 */
export function environmentAccounts(rootDir: string, environment: string): string[] {
    const accounts: string[] = [];
    for (const role of ["infra-frontend", "infra-backend"] as const) {
        const projectDir = path.join(rootDir, ROLES[role].project);
        const file = path.join(projectDir, `Pulumi.${stackName(role, environment)}.yaml`);
        if (!fs.existsSync(file)) throw new Error(`No stack config ${path.relative(rootDir, file)}: the policy pack's allowed accounts come from it`);
        accounts.push(...allowedAccountIds(loadStackConfig(projectDir, stackName(role, environment))));
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
