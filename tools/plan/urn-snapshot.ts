import * as fs from "fs";
import * as path from "path";
import type { Plan, RecordedResource } from "../engine/plan-model";
import { allowedAccountIds, loadStackConfig } from "../../shared/stack-files";
import { newClusterState } from "../sim/cloud";
import { urnOf } from "../sim/recorder";
import { runStack } from "../sim/run";

/**
 * The URNs of every resource of the example plans, kept in test/fixtures/urn-snapshot.json. Pulumi
 * identifies a resource by its URN: a changed URN (a renamed resource or component, a moved parent)
 * means delete and create, which for a volume or a cluster loses what it holds. The snapshot makes
 * every such change visible in review; `npm run urn-snapshot` rewrites it, refusing to drop a URN
 * unless a resource names it in `aliases` (so deployed stacks update in place) or the replacements
 * file lists it, with an upgrade note in the README.
 */
export const SNAPSHOT_FILE = path.join("test", "fixtures", "urn-snapshot.json");
export const REPLACEMENTS_FILE = path.join("test", "fixtures", "urn-replacements.json");
/** The command that rewrites the snapshot (package.json `urn-snapshot`). */
export const SNAPSHOT_COMMAND = "npm run urn-snapshot";

/** URNs by plan (`example`, `example-lattice`, `example-hub`, `bootstrap`), then by `project/stack`, sorted. */
export type UrnSnapshot = Record<string, Record<string, string[]>>;

/** A URN deliberately given up: the resource is replaced (or removed) on the next deploy of an existing environment. */
export interface ListedReplacement {
    readonly urn: string;
    /** Why the identity changed, and what the deploy does to the resource. */
    readonly why: string;
    /** Words that appear in the README's "Upgrade notes" section, naming the note users read. */
    readonly upgradeNote: string;
}

/** One stack's recorded resources, as the snapshot groups them. */
export interface SnapshotStack {
    readonly plan: string;
    readonly project: string;
    readonly stack: string;
    readonly resources: readonly RecordedResource[];
}

export function snapshotOf(stacks: readonly SnapshotStack[]): UrnSnapshot {
    const snapshot: UrnSnapshot = {};
    for (const s of stacks) {
        const urns = [...new Set(s.resources.map((r) => r.urn))].sort();
        (snapshot[s.plan] ??= {})[`${s.project}/${s.stack}`] = urns;
    }
    return snapshot;
}

/**
 * Every alias URN the resources carry: identities they keep from an earlier version. A child inherits
 * its ancestors' aliases as the engine derives them: under the parent's old URN, and with the parent's
 * old name in place of the new where the child's name starts with it (Pulumi docs, "aliases" option).
 */
export function aliasesOf(stacks: readonly SnapshotStack[]): Set<string> {
    const all = new Set<string>();
    for (const s of stacks) {
        const byUrn = new Map(s.resources.map((r) => [r.urn, r]));
        const memo = new Map<string, string[]>();
        const aliases = (r: RecordedResource): string[] => {
            const known = memo.get(r.urn);
            if (known) return known;
            const own = [...(r.aliases ?? [])];
            const parent = r.parent ? byUrn.get(r.parent) : undefined;
            if (parent) {
                const [qualifiedStack, project] = r.urn.split("::");
                const stackName = qualifiedStack.slice("urn:pulumi:".length);
                for (const parentAlias of aliases(parent)) {
                    const oldParentName = parentAlias.split("::")[3];
                    const name = r.name.startsWith(parent.name) ? oldParentName + r.name.slice(parent.name.length) : r.name;
                    own.push(urnOf(stackName, project, parentAlias, r.type, name));
                    if (name !== r.name) own.push(urnOf(stackName, project, parentAlias, r.type, r.name));
                }
            }
            memo.set(r.urn, own);
            return own;
        };
        for (const r of s.resources) for (const a of aliases(r)) all.add(a);
    }
    return all;
}

export interface UrnChanges {
    /** New URNs: new resources, or renamed ones (see removed). */
    readonly added: string[];
    /** URNs gone from the plan, each with what accounts for it, or `undefined` when nothing does. */
    readonly removed: { readonly urn: string; readonly accountedBy?: "alias" | "listed replacement" }[];
}

const flat = (snapshot: UrnSnapshot) => new Set(Object.values(snapshot).flatMap((stacks) => Object.values(stacks).flat()));

/** What changed between the recorded snapshot and the current plans. */
export function compareSnapshots(recorded: UrnSnapshot, current: UrnSnapshot, aliases: ReadonlySet<string>, replacements: readonly ListedReplacement[]): UrnChanges {
    const before = flat(recorded);
    const after = flat(current);
    const listed = new Set(replacements.map((r) => r.urn));
    return {
        added: [...after].filter((u) => !before.has(u)).sort(),
        removed: [...before]
            .filter((u) => !after.has(u))
            .sort()
            .map((urn) => ({ urn, ...(aliases.has(urn) ? { accountedBy: "alias" as const } : listed.has(urn) ? { accountedBy: "listed replacement" as const } : {}) })),
    };
}

/** URNs removed with nothing accounting for them: each would be deleted (and its data lost) on the next deploy. */
export function unaccounted(changes: UrnChanges): string[] {
    return changes.removed.filter((r) => r.accountedBy === undefined).map((r) => r.urn);
}

const HOW =
    "A URN that changes makes Pulumi delete the deployed resource and create a new one. For each removed URN, either give the " +
    "resource `aliases: [{ name: ..., parent: ... }]` naming its old identity (deployed stacks then update it in place), or list " +
    `it in ${REPLACEMENTS_FILE} ({ urn, why, upgradeNote }) with a note under the README's "Upgrade notes".`;

const RECORD = `Then record the new URNs with \`${SNAPSHOT_COMMAND}\` and commit ${SNAPSHOT_FILE}.`;

/** Every changed URN, named, how to account for removed ones, and the closing line (by default, how to record them). */
export function changeReport(changes: UrnChanges, closing = RECORD): string {
    const lines = [`The resources' URNs differ from ${SNAPSHOT_FILE}:`];
    for (const urn of changes.added) lines.push(`  added:   ${urn}`);
    for (const r of changes.removed) lines.push(`  removed: ${r.urn}${r.accountedBy ? ` (kept by ${r.accountedBy})` : " (NOT accounted for: it would be replaced)"}`);
    if (unaccounted(changes).length > 0) lines.push(HOW);
    lines.push(closing);
    return lines.join("\n");
}

export function readSnapshot(rootDir: string): UrnSnapshot {
    const file = path.join(rootDir, SNAPSHOT_FILE);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as UrnSnapshot) : {};
}

export function readReplacements(rootDir: string): ListedReplacement[] {
    return JSON.parse(fs.readFileSync(path.join(rootDir, REPLACEMENTS_FILE), "utf8")) as ListedReplacement[];
}

/** The snapshot as committed: two-space JSON with a final newline, so a rerun with no change rewrites nothing. */
export function snapshotText(snapshot: UrnSnapshot): string {
    return `${JSON.stringify(snapshot, null, 2)}\n`;
}

/** The plans the snapshot keeps: both example environments, planned as `npm start` does. */
export const SNAPSHOT_ENVIRONMENTS: readonly string[] = ["example", "example-lattice", "example-hub"];
/** The bootstrap program's example stacks (one per account), planned like the environments' stacks. */
export const BOOTSTRAP_STACKS: readonly string[] = ["example-frontend", "example-backend"];

/** A plan's stacks as the snapshot groups them. */
export function stacksOfPlan(plan: Plan): SnapshotStack[] {
    return plan.stacks.map((s) => ({ plan: plan.environment, project: s.project, stack: s.stack, resources: s.resources }));
}

/** The bootstrap program's example stacks under the mocks, each in the account its stack file allows. */
export async function bootstrapStacks(rootDir: string): Promise<SnapshotStack[]> {
    const projectDir = path.join(rootDir, "bootstrap");
    const stacks: SnapshotStack[] = [];
    for (const stack of BOOTSTRAP_STACKS) {
        const config = loadStackConfig(projectDir, stack);
        const [accountId] = allowedAccountIds(config);
        const region = config["aws:region"];
        const run = await runStack({
            projectDir,
            project: "bootstrap",
            stack,
            organization: "organization",
            config,
            context: { account: { accountId, region, cluster: newClusterState() }, stacks: () => undefined },
        });
        stacks.push({ plan: "bootstrap", project: "bootstrap", stack, resources: run.resources });
    }
    return stacks;
}
