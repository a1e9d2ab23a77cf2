import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { SOURCE_MANIFEST, digestProblems, readSourceManifest } from "../shared/pinned-files";
import { CHART_FIXTURES_DIR, ChartFixture, chartFixtures, coalesce, undeclaredValuePaths, valuesSchemaProblems } from "./helpers/helm-values";
import { examplePlan, latticeExamplePlan } from "./helpers/plan";

/**
 * Maps each chart passes through whole (`toYaml` or `range` over the map in its templates), so
 * any key below them is the chart's to accept: aws-application-networking-k8s v2.1.3
 * helm/templates/{deployment,service-account,cluster-role-controller}.yaml; eks-charts
 * stable/appmesh-controller templates/{deployment,serviceaccount,pdb}.yaml at f8c200d.
 */
const FREE_FORM: Readonly<Record<string, readonly string[]>> = {
    "aws-gateway-controller-chart": [
        "serviceAccount.annotations",
        "role.labels",
        "deployment.annotations",
        "deployment.labels",
        "deployment.nodeSelector",
        "deployment.affinity",
        "deployment.podSecurityContext",
        "deployment.containerSecurityContext",
        "resources",
    ],
    "appmesh-controller": ["serviceAccount.annotations", "podAnnotations", "podLabels", "nodeSelector", "affinity", "env", "resources", "livenessProbe", "podDisruptionBudget"],
};

interface PlannedRelease {
    readonly where: string;
    readonly chart: string;
    readonly version: string;
    readonly values: Record<string, unknown>;
}

/** Every Helm release the two example plans declare (planned once per test run, one after the other). */
async function plannedReleases(): Promise<PlannedRelease[]> {
    const plans = [await examplePlan(), await latticeExamplePlan()];
    return plans.flatMap((p) =>
        p.stacks.flatMap((s) =>
            s.resources
                .filter((r) => r.type === "kubernetes:helm.sh/v3:Release" || r.type === "kubernetes:helm.sh/v4:Chart")
                .map((r) => ({
                    where: `${s.project}/${s.stack}`,
                    // A chart by name (`appmesh-controller`) or by OCI reference (`oci://…/aws-gateway-controller-chart`).
                    chart: String(r.inputs.chart).split("/").pop()!,
                    version: String(r.inputs.version),
                    values: (r.inputs.values ?? {}) as Record<string, unknown>,
                })),
        ),
    );
}

function fixtureOf(fixtures: ChartFixture[], chart: string): ChartFixture {
    const found = fixtures.filter((f) => f.chart.name === chart);
    expect(found, `chart fixtures named ${chart} in ${CHART_FIXTURES_DIR}`).to.have.lengthOf(1);
    return found[0];
}

const filesUnder = (dir: string, prefix = ""): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));

describe("Helm releases against the charts they install", () => {
    it("GIVEN the chart fixtures WHEN read THEN each SOURCE.json names the upstream release and every file has its pinned sha256, nothing unlisted", () => {
        const sources = fs.readdirSync(CHART_FIXTURES_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => {
            const dir = path.join(CHART_FIXTURES_DIR, e.name);
            const manifest = readSourceManifest(dir);
            expect(digestProblems(dir, manifest), e.name).to.deep.equal([]);
            expect(filesUnder(dir).sort(), e.name).to.deep.equal([...manifest.files.map((f) => f.file), SOURCE_MANIFEST].sort());
            return [e.name, manifest.repository, manifest.tag, manifest.commit, manifest.path];
        });
        expect(sources).to.deep.equal([
            ["appmesh-controller-1.13.3", "https://github.com/aws/eks-charts", undefined, "f8c200d795220a5b1a7b0593bc8dc076095406fa", "stable/appmesh-controller"],
            ["aws-gateway-controller-chart-v2.1.3", "https://github.com/aws/aws-application-networking-k8s", "v2.1.3", "e3fb86ea0573aa299458b9b022c59a364584b6e8", "helm"],
        ]);
        // Each fixture is named after its Chart.yaml.
        expect(chartFixtures().map((f) => `${path.basename(f.dir)} ${f.chart.name}-${f.chart.version}`)).to.deep.equal([
            "appmesh-controller-1.13.3 appmesh-controller-1.13.3",
            "aws-gateway-controller-chart-v2.1.3 aws-gateway-controller-chart-v2.1.3",
        ]);
    });

    it("GIVEN both example plans WHEN their releases are listed THEN each installs a chart we hold a fixture of, at exactly the fixture's Chart.yaml version", async () => {
        const fixtures = chartFixtures();
        const releases = await plannedReleases();
        const mismatched = releases.filter((r) => r.version !== fixtureOf(fixtures, r.chart).chart.version);
        expect(mismatched.map((r) => `${r.where} ${r.chart}: ${r.version} is not ${fixtureOf(fixtures, r.chart).chart.version}`)).to.deep.equal([]);
        expect(releases.map((r) => `${r.where} ${r.chart} ${r.version}`)).to.deep.equal([
            "mesh/example-frontend appmesh-controller 1.13.3",
            "mesh/example-backend appmesh-controller 1.13.3",
            "mesh/example-lattice-backend aws-gateway-controller-chart v2.1.3",
        ]);
    });

    it("GIVEN both example plans WHEN each release's values are read THEN every key path is one the chart's values.yaml declares", async () => {
        const fixtures = chartFixtures();
        const undeclared = (await plannedReleases()).flatMap((r) =>
            undeclaredValuePaths(r.values, fixtureOf(fixtures, r.chart).values, FREE_FORM[r.chart] ?? []).map((p) => `${r.where} ${r.chart}: ${p}`),
        );
        expect(undeclared).to.deep.equal([]);
    });

    it("GIVEN both example plans WHEN a chart ships values.schema.json THEN the values Helm renders (defaults merged with the release's) validate against it", async () => {
        const fixtures = chartFixtures();
        const checked: string[] = [];
        for (const r of await plannedReleases()) {
            const fixture = fixtureOf(fixtures, r.chart);
            if (!fixture.schema) continue;
            checked.push(`${r.where} ${r.chart}`);
            expect(valuesSchemaProblems(fixture, r.values), `${r.where} ${r.chart}`).to.deep.equal([]);
        }
        expect(checked).to.deep.equal(["mesh/example-lattice-backend aws-gateway-controller-chart"]);
        // It can fail: a log level of the wrong type and an image with no tag.
        const gateway = fixtureOf(fixtures, "aws-gateway-controller-chart");
        expect(valuesSchemaProblems(gateway, { log: { level: 3 }, image: { tag: null } })).to.deep.equal(["/image must have required property 'tag'", "/log/level must be string"]);
    });

    it("GIVEN values with a misspelt key, a key below a scalar and keys in a free-form map WHEN checked THEN only the first two are reported", () => {
        const defaults = { serviceAccount: { create: true, name: "x", annotations: {} }, awsRegion: null, deployment: { replicas: 2 } };
        const values = { serviceAccount: { annotations: { "eks.amazonaws.com/role-arn": "arn" }, nmae: "y" }, awsRegion: "us-west-2", deployment: { replicas: { min: 1 } } };
        expect(undeclaredValuePaths(values, defaults, ["serviceAccount.annotations"])).to.deep.equal(["serviceAccount.nmae", "deployment.replicas.min"]);
        // Without the free-form entry, an empty default map declares nothing below it.
        expect(undeclaredValuePaths(values, defaults, [])).to.deep.equal(["serviceAccount.annotations.eks.amazonaws.com/role-arn", "serviceAccount.nmae", "deployment.replicas.min"]);
    });

    it("GIVEN every free-form path WHEN looked up in its chart's values.yaml THEN it is declared there, as a map", () => {
        const fixtures = chartFixtures();
        for (const [chart, paths] of Object.entries(FREE_FORM)) {
            const values = fixtureOf(fixtures, chart).values;
            for (const p of paths) {
                const declared = p.split(".").reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], values);
                expect(declared !== null && typeof declared === "object" && !Array.isArray(declared), `${chart} ${p}`).to.equal(true);
            }
        }
    });

    it("GIVEN chart defaults WHEN coalesced with values THEN maps merge, values win and a null deletes the key", () => {
        expect(coalesce({ a: { b: 2 }, c: null, d: [1] }, { a: { b: 1, e: 3 }, c: 4, d: [0, 0], f: "x" })).to.deep.equal({ a: { b: 2, e: 3 }, d: [1], f: "x" });
    });
});
