import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import * as fs from "fs";
import * as yaml from "js-yaml";
import { isIPv4, isIPv6 } from "net";
import * as path from "path";
import { GATEWAY_API_CRDS_DIR } from "../../shared/lattice/gateway-api";
import { verifiedFiles } from "../../shared/pinned-files";
import { ROOT_DIR } from "./plan";

/**
 * Validation of rendered Kubernetes objects against definitions nobody here wrote:
 *
 * - Custom resources against the openAPIV3Schema of the CRDs that define them, per served version:
 *   the Gateway API v1.5.0 standard CRDs the program ships (shared/lattice/crds/), the AWS Gateway
 *   API Controller's own CRDs (helm/crds/ at v2.1.3) and the appmesh-controller chart's
 *   (crds/crds.yaml of chart 1.13.3), the last two as test fixtures, since their charts install them.
 *   Checked with ajv (allErrors). Where the API server would prune a field (an object schema
 *   without x-kubernetes-preserve-unknown-fields; the flag holds only where it is set), an unknown
 *   field is refused, so a misspelt field fails here instead of vanishing on apply. CEL rules
 *   (x-kubernetes-validations) are not evaluated; metadata is checked as ObjectMeta (below).
 *   (@kubernetes-models/gateway-api does not fit: 0.5.x is Gateway API v1.0; 2.x is ESM-only for
 *   Node 22 and generated from v1.5.1, not the v1.5.0 we ship.)
 * - Everything else with kubernetes-models 4.5.1 (the Kubernetes OpenAPI definitions; CommonJS),
 *   whose validate() reports only the first error and allows unknown fields. Unknown fields there
 *   are refused at compile time instead: the program builds those objects with @pulumi/kubernetes'
 *   typed args.
 */

const CHART_FIXTURES = path.join(ROOT_DIR, "test", "fixtures", "charts");
/** Where the CRDs come from: pinned folders (each file checked against its SOURCE.json first) and which of their files are CRDs. */
export const CRD_SOURCES: readonly { readonly dir: string; readonly crds: (relative: string) => boolean }[] = [
    { dir: GATEWAY_API_CRDS_DIR, crds: (f) => f.endsWith(".yaml") },
    { dir: path.join(CHART_FIXTURES, "aws-gateway-controller-chart-v2.1.3"), crds: (f) => f.startsWith("crds/") },
    { dir: path.join(CHART_FIXTURES, "appmesh-controller-1.13.3"), crds: (f) => f.startsWith("crds/") },
];

type Schema = Record<string, any>;

/**
 * A CRD version's schema as JSON Schema with the API server's pruning made strict: an object
 * schema without x-kubernetes-preserve-unknown-fields refuses fields it does not declare.
 * Root `metadata` is left open here (the API server validates it as ObjectMeta, and so do we).
 */
export function structural(schema: Schema, root = true): Schema {
    const out: Schema = { ...schema };
    if (out.properties) {
        out.properties = Object.fromEntries(
            Object.entries(out.properties as Record<string, Schema>).map(([k, v]) => [k, root && k === "metadata" ? { type: "object" } : structural(v, false)]),
        );
    }
    if (out.items) out.items = structural(out.items, false);
    if (out.additionalProperties && typeof out.additionalProperties === "object") out.additionalProperties = structural(out.additionalProperties, false);
    for (const key of ["anyOf", "allOf", "oneOf"]) if (Array.isArray(out[key])) out[key] = out[key].map((s: Schema) => structural(s, false));
    if (out["x-kubernetes-int-or-string"] && !out.anyOf) out.anyOf = [{ type: "integer" }, { type: "string" }];
    if (out.type === "object" && out.additionalProperties === undefined && !out["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
    return out;
}

let ajv: Ajv | undefined;
function compiler(): Ajv {
    if (ajv) return ajv;
    ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
    // The OpenAPI extensions Kubernetes defines, as annotations (their effect is built into structural()).
    ajv.addVocabulary([
        "x-kubernetes-preserve-unknown-fields",
        "x-kubernetes-int-or-string",
        "x-kubernetes-list-type",
        "x-kubernetes-list-map-keys",
        "x-kubernetes-map-type",
        "x-kubernetes-validations",
        "x-kubernetes-embedded-resource",
    ]);
    // The formats these CRDs use, as the API server reads them (k8s.io/kube-openapi strfmt).
    ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    ajv.addFormat("int64", { type: "number", validate: (n: number) => Number.isSafeInteger(n) });
    ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)));
    ajv.addFormat("ipv4", isIPv4);
    ajv.addFormat("ipv6", isIPv6);
    return ajv;
}

interface CrdVersion {
    readonly source: string;
    readonly schema: Schema;
    validate?: ValidateFunction;
}

let crds: Map<string, CrdVersion> | undefined;
/** `group/version/Kind` → the served version's schema, from every CRD folder (read once per process). */
export function crdVersions(): Map<string, CrdVersion> {
    if (crds) return crds;
    crds = new Map();
    const files = CRD_SOURCES.flatMap(({ dir, crds: isCrd }) => verifiedFiles(dir).filter((f) => isCrd(path.relative(dir, f).split(path.sep).join("/"))));
    for (const file of files) {
        for (const doc of yaml.loadAll(fs.readFileSync(file, "utf8")) as Schema[]) {
            if (doc?.kind !== "CustomResourceDefinition") continue;
            for (const v of doc.spec.versions.filter((v: Schema) => v.served)) {
                crds.set(`${doc.spec.group}/${v.name}/${doc.spec.names.kind}`, { source: path.relative(ROOT_DIR, file), schema: v.schema.openAPIV3Schema });
            }
        }
    }
    return crds;
}

/** `spec.rules[0].backendRef: unknown field` from ajv's `/spec/rules/0` and its params. */
function problemOf(e: ErrorObject): string {
    const at = e.instancePath
        .split("/")
        .slice(1)
        .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
        .reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc === "" ? p : `${acc}.${p}`), "");
    if (e.keyword === "additionalProperties") return `${at === "" ? "" : `${at}.`}${e.params.additionalProperty}: unknown field`;
    if (e.keyword === "enum") return `${at}: ${e.message} ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`;
    return `${at === "" ? "(root)" : at}: ${e.message}`;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const modelsDir = path.dirname(require.resolve("kubernetes-models/package.json"));
// ObjectMeta is kubernetes-models' own dependency; resolve it from there rather than hoisting it.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { ObjectMeta } = require(require.resolve("@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta", { paths: [modelsDir] }));

/** kubernetes-models throws a ValidationError carrying ajv's errors (the first one only). */
function modelProblems(model: { validate(): void }): string[] {
    try {
        model.validate();
        return [];
    } catch (e) {
        const errors = (e as { errors?: ErrorObject[] }).errors;
        return errors ? errors.map(problemOf) : [(e as Error).message];
    }
}

/** Which definition checks an object: `crd <file>`, `kubernetes-models <module>`, or undefined when none. */
export function definitionOf(object: Record<string, unknown>): string | undefined {
    const { apiVersion, kind } = object as { apiVersion: string; kind: string };
    const groupVersion = apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`;
    const crd = crdVersions().get(`${groupVersion}/${kind}`);
    if (crd) return `crd ${crd.source}`;
    const module = `kubernetes-models/${apiVersion}/${kind}`;
    try {
        require.resolve(module);
        return `kubernetes-models ${module}`;
    } catch {
        return undefined;
    }
}

/** Every schema problem of one Kubernetes object (apiVersion, kind, metadata, …), as `path: what`. */
export function schemaProblems(object: Record<string, unknown>): string[] {
    const { apiVersion, kind } = object as { apiVersion: string; kind: string };
    const crd = crdVersions().get(`${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}/${kind}`);
    if (crd) {
        crd.validate ??= compiler().compile(structural(crd.schema));
        const problems = crd.validate(object) ? [] : (crd.validate.errors ?? []).map(problemOf);
        return [...problems, ...modelProblems(new ObjectMeta(object.metadata ?? {})).map((p) => (p.startsWith("(root)") ? p.replace("(root)", "metadata") : `metadata.${p}`))];
    }
    const definition = definitionOf(object);
    if (!definition) return [`no published definition of ${apiVersion} ${kind} (neither a pinned CRD nor kubernetes-models)`];
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const Model = require(definition.split(" ")[1])[kind];
    return modelProblems(new Model(object));
}
