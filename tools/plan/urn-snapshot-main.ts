import * as fs from "fs";
import * as path from "path";
import { UserError, runMain } from "../engine/cli";
import { planEnvironment } from "../sim/environment";
import {
    SNAPSHOT_COMMAND,
    SNAPSHOT_ENVIRONMENTS,
    SNAPSHOT_FILE,
    SnapshotStack,
    aliasesOf,
    bootstrapStacks,
    changeReport,
    compareSnapshots,
    readReplacements,
    readSnapshot,
    snapshotOf,
    snapshotText,
    stacksOfPlan,
    unaccounted,
} from "./urn-snapshot";

/**
 * `npm run urn-snapshot`: plans the examples offline and rewrites test/fixtures/urn-snapshot.json with
 * their URNs. It refuses, writing nothing, while a URN it would drop is neither an alias of a
 * resource nor listed in test/fixtures/urn-replacements.json: that resource would be replaced.
 */
const ROOT_DIR = path.resolve(__dirname, "..", "..");

async function main(): Promise<number> {
    const stacks: SnapshotStack[] = [];
    for (const environment of SNAPSHOT_ENVIRONMENTS) {
        stacks.push(...stacksOfPlan(await planEnvironment(environment, { rootDir: ROOT_DIR, traceFlows: false })));
    }
    stacks.push(...(await bootstrapStacks(ROOT_DIR)));
    const current = snapshotOf(stacks);
    const changes = compareSnapshots(readSnapshot(ROOT_DIR), current, aliasesOf(stacks), readReplacements(ROOT_DIR));
    const lost = unaccounted(changes);
    if (lost.length > 0) throw new UserError([changeReport(changes, `Nothing written: rerun \`${SNAPSHOT_COMMAND}\` once each removed URN is accounted for.`)]);
    const file = path.join(ROOT_DIR, SNAPSHOT_FILE);
    const text = snapshotText(current);
    if (fs.existsSync(file) && fs.readFileSync(file, "utf8") === text) {
        console.log(`${SNAPSHOT_FILE} is up to date.`);
        return 0;
    }
    fs.writeFileSync(file, text);
    const kept = changes.removed.filter((r) => r.accountedBy !== undefined).length;
    console.log(`${SNAPSHOT_FILE} rewritten: ${changes.added.length} URNs added, ${changes.removed.length} removed (${kept} kept by aliases or listed replacements).`);
    for (const urn of changes.added) console.log(`  added:   ${urn}`);
    for (const r of changes.removed) console.log(`  removed: ${r.urn} (${r.accountedBy})`);
    return 0;
}

runMain(main);
