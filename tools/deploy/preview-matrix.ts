import * as fs from "fs";
import * as path from "path";
import { workloadAccounts } from "../../shared/environment";
import { PROJECTS, Topology, accountsOf, buildTopology, environmentTopology, topologyWaves } from "../../shared/topology";

/**
 * Which stacks a pull request's previews cover, one GitHub Actions matrix per deploy wave, taken from
 * the same topology as `npm run deploy` (shared/topology.ts, built from the environment's
 * description), so CI's order cannot drift from the orchestrator's.
 *
 *   git diff --name-only BASE HEAD | node -r ./tools/engine/register.js tools/deploy/preview-matrix.ts ENV >> "$GITHUB_OUTPUT"
 *
 * prints `wave0=[{"role":...,"project":...,"stack":...,"side":...,"roleVariable":...}]` and so on, one
 * line per wave: each entry names its account's preview role and runner variables, so one job
 * definition serves every account, a network account's (no cluster) and any number of workload accounts.
 */
export interface PreviewEntry {
    /** The stack's topology id. */
    readonly role: string;
    readonly project: string;
    readonly stack: string;
    /** The stack's account. */
    readonly side: string;
    /** The repository variable holding the account's read-only preview role (previewVariable). */
    readonly roleVariable: string;
    /** The repository variable naming the self-hosted runner in the account's VPC (unset: GitHub's hosted runner). */
    readonly runnerVariable: string;
    /** The stack reads its account's cluster (mesh and apps stacks of an account that runs one): the job first proves its API reachable. */
    readonly cluster: boolean;
}

/**
 * The repository variable of an account's preview `ROLE_ARN` or `RUNNER`: `<ACCOUNT>_PREVIEW_<what>`,
 * the account's name in capitals with `_` for `-` (GitHub's variable names); the two-account
 * design's are FRONTEND_PREVIEW_ROLE_ARN and BACKEND_PREVIEW_ROLE_ARN.
 */
export function previewVariable(account: string, what: "ROLE_ARN" | "RUNNER"): string {
    return `${account.toUpperCase().replace(/-/g, "_")}_PREVIEW_${what}`;
}

/** Files every program is built from: a change to one of them is a change to every stack. */
const SHARED_INPUTS = ["shared/", "package.json", "package-lock.json", "tsconfig.json", ".github/workflows/preview.yml", ".github/workflows/preview-stacks.yml"];

export function previewMatrix(changedFiles: readonly string[], environment: string | Topology): PreviewEntry[][] {
    const topology = typeof environment === "string" ? buildTopology(environment) : environment;
    const touches = (prefix: string) => changedFiles.some((f) => (prefix.endsWith("/") ? f.startsWith(prefix) : f === prefix));
    const everything = SHARED_INPUTS.some(touches);
    const changed = new Set(PROJECTS.filter((p) => everything || touches(`${p}/`)));
    const workloads = new Set(workloadAccounts(topology.description));
    return topologyWaves(topology).map((wave) =>
        wave
            .filter((e) => changed.has(e.project))
            .map((e) => ({
                role: e.id,
                project: e.project,
                stack: e.stack,
                side: e.account,
                roleVariable: previewVariable(e.account, "ROLE_ARN"),
                runnerVariable: previewVariable(e.account, "RUNNER"),
                cluster: (e.project === "mesh" || e.project === "apps") && workloads.has(e.account),
            })),
    );
}

/** `wave<N>=<json>` lines for $GITHUB_OUTPUT. */
export function matrixOutputs(matrix: PreviewEntry[][]): string {
    return matrix.map((entries, i) => `wave${i}=${JSON.stringify(entries)}\n`).join("");
}

/** `<account> <role variable>` per account of the environment: the profiles the scheduled verify workflow writes. */
export function accountRoleLines(topology: Topology): string {
    return accountsOf(topology).map((a) => `${a} ${previewVariable(a, "ROLE_ARN")}\n`).join("");
}

if (require.main === module && process.argv[2] === "--accounts") {
    process.stdout.write(accountRoleLines(environmentTopology(process.argv[3], path.resolve(__dirname, "..", ".."))));
} else if (require.main === module) {
    const environment = process.argv[2];
    if (!environment) {
        console.error("usage: git diff --name-only BASE HEAD | preview-matrix.ts ENVIRONMENT");
        process.exit(2);
    }
    const files = fs.readFileSync(0, "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "");
    process.stdout.write(matrixOutputs(previewMatrix(files, environmentTopology(environment, path.resolve(__dirname, "..", "..")))));
}
