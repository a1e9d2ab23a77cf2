import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import {
    ListedReplacement,
    REPLACEMENTS_FILE,
    SnapshotStack,
    aliasesOf,
    bootstrapStacks,
    changeReport,
    compareSnapshots,
    readReplacements,
    readSnapshot,
    snapshotOf,
    stacksOfPlan,
    unaccounted,
} from "../tools/plan/urn-snapshot";
import { RecordedResource } from "../tools/sim/recorder";
import { ROOT_DIR, examplePlan, hubPlan, latticeExamplePlan } from "./helpers/plan";

const resource = (urn: string, aliases?: string[]): RecordedResource => ({
    urn,
    type: urn.split("::")[2].split("$").pop()!,
    name: urn.split("::")[3],
    custom: true,
    dependencies: [],
    inputs: {},
    outputs: {},
    ...(aliases ? { aliases } : {}),
});
const stack = (...resources: RecordedResource[]): SnapshotStack => ({ plan: "example", project: "apps", stack: "example-backend", resources });

const OLD = "urn:pulumi:example-backend::apps::yelb:apps:YelbBackend$kubernetes:core/v1:PersistentVolumeClaim::backend-db-data";
const NEW = "urn:pulumi:example-backend::apps::yelb:apps:YelbBackend$kubernetes:core/v1:PersistentVolumeClaim::backend-database-data";

describe("stable identities: the URNs of the example plans", () => {
    it("GIVEN the example, example-lattice, example-hub and bootstrap plans WHEN their URNs are compared with the snapshot THEN none was added or removed", async () => {
        const stacks = [...stacksOfPlan(await examplePlan()), ...stacksOfPlan(await latticeExamplePlan()), ...stacksOfPlan(await hubPlan()), ...(await bootstrapStacks(ROOT_DIR))];
        const changes = compareSnapshots(readSnapshot(ROOT_DIR), snapshotOf(stacks), aliasesOf(stacks), readReplacements(ROOT_DIR));
        expect(changes.added.length + changes.removed.length, changeReport(changes)).to.equal(0);
    });

    it("GIVEN a planted rename WHEN compared THEN the old URN is named as removed and unaccounted, the new one as added", () => {
        const changes = compareSnapshots(snapshotOf([stack(resource(OLD))]), snapshotOf([stack(resource(NEW))]), new Set(), []);
        expect(changes).to.deep.equal({ added: [NEW], removed: [{ urn: OLD }] });
        expect(unaccounted(changes)).to.deep.equal([OLD]);
        const report = changeReport(changes);
        expect(report).to.contain(`  added:   ${NEW}\n  removed: ${OLD} (NOT accounted for: it would be replaced)\n`);
        expect(report).to.contain("aliases: [{ name: ..., parent: ... }]");
        expect(report).to.match(/Then record the new URNs with `npm run urn-snapshot` and commit test\/fixtures\/urn-snapshot.json\.$/);
    });

    it("GIVEN the renamed resource aliases its old URN, or the old URN is a listed replacement WHEN compared THEN the removal is accounted for", () => {
        const renamed = [stack(resource(NEW, [OLD]))];
        const aliased = compareSnapshots(snapshotOf([stack(resource(OLD))]), snapshotOf(renamed), aliasesOf(renamed), []);
        expect(aliased.removed).to.deep.equal([{ urn: OLD, accountedBy: "alias" }]);
        expect(unaccounted(aliased)).to.deep.equal([]);
        const listed: ListedReplacement = { urn: OLD, why: "renamed", upgradeNote: "volume" };
        const replaced = compareSnapshots(snapshotOf([stack(resource(OLD))]), snapshotOf([stack(resource(NEW))]), new Set(), [listed]);
        expect(replaced.removed).to.deep.equal([{ urn: OLD, accountedBy: "listed replacement" }]);
        expect(changeReport(replaced)).to.not.contain("aliases: [{");
    });

    it("GIVEN the listed replacements WHEN read THEN each says why and names a note under the README's Upgrade notes", () => {
        const readme = fs.readFileSync(path.join(ROOT_DIR, "README.md"), "utf8");
        const notes = /\n## Upgrade notes\n([\s\S]*?)(\n## |$)/.exec(readme)?.[1];
        expect(notes, "README.md has an \"## Upgrade notes\" section").to.be.a("string");
        for (const r of readReplacements(ROOT_DIR)) {
            expect(r.urn, REPLACEMENTS_FILE).to.match(/^urn:pulumi:/);
            expect(r.why, r.urn).to.be.a("string").that.is.not.empty;
            expect(notes, `${r.urn}: upgrade note "${r.upgradeNote}"`).to.contain(r.upgradeNote);
        }
    });
});

describe("stable identities: aliases a child inherits from its renamed component", () => {
    it("GIVEN a component renamed with an alias WHEN its children's aliases are derived THEN each child keeps its old URN, old name prefix included", () => {
        const parentNew = "urn:pulumi:example-backend::apps::yelb:apps:YelbBackend::database";
        const parentOld = "urn:pulumi:example-backend::apps::yelb:apps:YelbBackend::yelb";
        const child = "urn:pulumi:example-backend::apps::yelb:apps:YelbBackend$kubernetes:core/v1:PersistentVolumeClaim::database-db-data";
        const parent = { ...resource(parentNew, [parentOld]), custom: false };
        const claim = { ...resource(child), parent: parentNew };
        expect([...aliasesOf([stack(parent, claim)])]).to.have.members([parentOld, OLD.replace("backend-db-data", "yelb-db-data"), OLD.replace("backend-db-data", "database-db-data")]);
    });
});
