import * as fs from "fs";
import * as path from "path";
import { PROJECTS, Topology, buildTopology, environmentTopology, topologyWaves } from "../../shared/topology";

/**
 * Which stacks a pull request's previews cover, one GitHub Actions matrix per deploy wave, taken from
 * the same topology as `npm run deploy` (shared/topology.ts, built from the environment's
 * description), so CI's order cannot drift from the orchestrator's.
 *
 *   git diff --name-only BASE HEAD | node -r ./tools/engine/register.js tools/deploy/preview-matrix.ts ENV >> "$GITHUB_OUTPUT"
 *
 * prints `wave0=[{"role":...,"project":...,"stack":...,"side":...}]` and so on, one line per wave.
 */
export interface PreviewEntry {
    /** The stack's topology id. */
    readonly role: string;
    readonly project: string;
    readonly stack: string;
    /** The stack's account (the workflows pick its runner and OIDC role by it). */
    readonly side: string;
}

/** Files every program is built from: a change to one of them is a change to every stack. */
const SHARED_INPUTS = ["shared/", "package.json", "package-lock.json", "tsconfig.json", ".github/workflows/preview.yml", ".github/workflows/preview-stacks.yml"];

export function previewMatrix(changedFiles: readonly string[], environment: string | Topology): PreviewEntry[][] {
    const topology = typeof environment === "string" ? buildTopology(environment) : environment;
    const touches = (prefix: string) => changedFiles.some((f) => (prefix.endsWith("/") ? f.startsWith(prefix) : f === prefix));
    const everything = SHARED_INPUTS.some(touches);
    const changed = new Set(PROJECTS.filter((p) => everything || touches(`${p}/`)));
    return topologyWaves(topology).map((wave) =>
        wave.filter((e) => changed.has(e.project)).map((e) => ({ role: e.id, project: e.project, stack: e.stack, side: e.account })),
    );
}

/** `wave<N>=<json>` lines for $GITHUB_OUTPUT. */
export function matrixOutputs(matrix: PreviewEntry[][]): string {
    return matrix.map((entries, i) => `wave${i}=${JSON.stringify(entries)}\n`).join("");
}

if (require.main === module) {
    const environment = process.argv[2];
    if (!environment) {
        console.error("usage: git diff --name-only BASE HEAD | preview-matrix.ts ENVIRONMENT");
        process.exit(2);
    }
    const files = fs.readFileSync(0, "utf8").split("\n").map((l) => l.trim()).filter((l) => l !== "");
    process.stdout.write(matrixOutputs(previewMatrix(files, environmentTopology(environment, path.resolve(__dirname, "..", "..")))));
}
