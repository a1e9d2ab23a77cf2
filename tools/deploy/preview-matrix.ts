import * as fs from "fs";
import { PROJECTS, ROLES, RoleId, Side, stackName, waves } from "../../shared/topology";

/**
 * Which stacks a pull request's previews cover, one GitHub Actions matrix per deploy wave, taken from
 * the same `waves()` as `npm run deploy`, so CI's order cannot drift from the orchestrator's.
 *
 *   git diff --name-only BASE HEAD | node -r ./tools/engine/register.js tools/deploy/preview-matrix.ts ENV >> "$GITHUB_OUTPUT"
 *
 * prints `wave0=[{"role":...,"project":...,"stack":...,"side":...}]` and so on, one line per wave.
 */
export interface PreviewEntry {
    readonly role: RoleId;
    readonly project: string;
    readonly stack: string;
    readonly side: Side;
}

/** Files every program is built from: a change to one of them is a change to every stack. */
const SHARED_INPUTS = ["shared/", "package.json", "package-lock.json", "tsconfig.json", ".github/workflows/preview.yml", ".github/workflows/preview-stacks.yml"];

export function previewMatrix(changedFiles: readonly string[], environment: string): PreviewEntry[][] {
    const touches = (prefix: string) => changedFiles.some((f) => (prefix.endsWith("/") ? f.startsWith(prefix) : f === prefix));
    const everything = SHARED_INPUTS.some(touches);
    const changed = new Set(PROJECTS.filter((p) => everything || touches(`${p}/`)));
    return waves().map((wave) =>
        wave
            .filter((role) => changed.has(ROLES[role].project))
            .map((role) => ({ role, project: ROLES[role].project, stack: stackName(role, environment), side: ROLES[role].side })),
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
    process.stdout.write(matrixOutputs(previewMatrix(files, environment)));
}
