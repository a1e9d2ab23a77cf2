import Ajv from "ajv";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { verifiedFiles } from "../../shared/pinned-files";
import { ROOT_DIR } from "./plan";

/**
 * Helm releases' values checked against the charts they install, as copied from the charts'
 * upstream releases into test/fixtures/charts/<name>-<version>/ (Chart.yaml, values.yaml and
 * values.schema.json where the chart ships one; SOURCE.json pins each file's sha256).
 */
export const CHART_FIXTURES_DIR = path.join(ROOT_DIR, "test", "fixtures", "charts");

type Values = Record<string, unknown>;
const isMap = (v: unknown): v is Values => v !== null && typeof v === "object" && !Array.isArray(v);

export interface ChartFixture {
    readonly dir: string;
    readonly chart: { readonly name: string; readonly version: string };
    readonly values: Values;
    readonly schema?: Values;
}

/** Every chart fixture, its files verified against its SOURCE.json first. */
export function chartFixtures(): ChartFixture[] {
    return fs
        .readdirSync(CHART_FIXTURES_DIR, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => {
            const dir = path.join(CHART_FIXTURES_DIR, e.name);
            const files = verifiedFiles(dir);
            const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");
            return {
                dir,
                chart: yaml.load(read("Chart.yaml")) as ChartFixture["chart"],
                values: (yaml.load(read("values.yaml")) ?? {}) as Values,
                schema: files.includes(path.join(dir, "values.schema.json")) ? (JSON.parse(read("values.schema.json")) as Values) : undefined,
            };
        });
}

/**
 * The key paths of `values` that the chart's values.yaml does not declare. A path may end at any
 * key values.yaml has (whatever its default, null included); below it only where the chart takes a
 * free-form map (`freeForm`, e.g. `serviceAccount.annotations`), since an empty `{}` default does
 * not by itself say the chart reads keys it does not name.
 */
export function undeclaredValuePaths(values: Values, defaults: Values, freeForm: readonly string[], prefix = ""): string[] {
    return Object.entries(values).flatMap(([key, value]) => {
        const at = prefix === "" ? key : `${prefix}.${key}`;
        if (!(key in defaults)) return [at];
        if (freeForm.includes(at) || !isMap(value)) return [];
        const declared = defaults[key];
        if (!isMap(declared)) return Object.keys(value).map((k) => `${at}.${k}`);
        return undeclaredValuePaths(value, declared, freeForm, at);
    });
}

/** The values Helm renders and validates: the chart's defaults with the release's merged over them, a null deleting a key (pkg/chartutil/coalesce.go). */
export function coalesce(values: Values, defaults: Values): Values {
    const out: Values = { ...defaults };
    for (const [key, value] of Object.entries(values)) {
        if (value === null) delete out[key];
        else out[key] = isMap(value) && isMap(defaults[key]) ? coalesce(value, defaults[key] as Values) : value;
    }
    return out;
}

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
const compiled = new Map<string, ReturnType<Ajv["compile"]>>();

/** Problems of the coalesced values against the chart's values.schema.json, as Helm checks them on install. */
export function valuesSchemaProblems(fixture: ChartFixture, values: Values): string[] {
    if (!fixture.schema) return [];
    let validate = compiled.get(fixture.dir);
    if (!validate) {
        // The chart's "$schema" is draft-07 spelt with https, an id ajv (draft-07 by default) does not know; the rest is draft-07.
        const { $schema: _draft, ...schema } = fixture.schema;
        validate = ajv.compile(schema);
        compiled.set(fixture.dir, validate);
    }
    return validate(coalesce(values, fixture.values)) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}`);
}
