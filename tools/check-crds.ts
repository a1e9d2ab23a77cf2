/**
 * Dev check: validates rendered Kubernetes objects against real CRD YAML files.
 *   node -r ./tools/register.js tools/check-crds.ts <crd-dir> <manifest-dir>
 * Reads every CRD in <crd-dir> and every object (JSON or YAML, multi-document) in <manifest-dir>;
 * checks each object of a known group/kind/version against the CRD's OpenAPI v3 schema: types,
 * properties and unknown fields (unless additionalProperties or x-kubernetes-preserve-unknown-fields
 * allows them), required, enum, min/maxLength, pattern, minimum/maximum, maxItems. metadata is
 * the API server's and is not checked here. Exit 1 when a problem is found.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

type Schema = Record<string, any>;

function documents(dir: string): Record<string, any>[] {
    return fs
        .readdirSync(dir)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .flatMap((f) => yaml.loadAll(fs.readFileSync(path.join(dir, f), "utf8")) as Record<string, any>[])
        .filter((d) => d !== null && typeof d === "object");
}

export function schemasOf(crds: Record<string, any>[]): Map<string, Schema> {
    const out = new Map<string, Schema>();
    for (const crd of crds.filter((c) => c.kind === "CustomResourceDefinition")) {
        for (const v of crd.spec.versions ?? []) out.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, v.schema.openAPIV3Schema);
    }
    return out;
}

const TYPES: Record<string, (v: unknown) => boolean> = {
    object: (v) => v !== null && typeof v === "object" && !Array.isArray(v),
    array: Array.isArray,
    string: (v) => typeof v === "string",
    integer: (v) => Number.isInteger(v),
    number: (v) => typeof v === "number",
    boolean: (v) => typeof v === "boolean",
};

export function validate(value: unknown, schema: Schema, at: string): string[] {
    if (schema["x-kubernetes-int-or-string"] && (typeof value === "string" || Number.isInteger(value))) return [];
    if (schema.type && TYPES[schema.type] && !TYPES[schema.type](value)) return [`${at}: expected ${schema.type}, got ${JSON.stringify(value)}`];
    const problems: string[] = [];
    if (schema.enum && !schema.enum.includes(value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(", ")}`);
    if (typeof value === "string") {
        if (schema.maxLength !== undefined && value.length > schema.maxLength) problems.push(`${at}: longer than ${schema.maxLength}`);
        if (schema.minLength !== undefined && value.length < schema.minLength) problems.push(`${at}: shorter than ${schema.minLength}`);
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) problems.push(`${at}: does not match ${schema.pattern}`);
    }
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at}: below ${schema.minimum}`);
        if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at}: above ${schema.maximum}`);
    }
    if (Array.isArray(value)) {
        if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${at}: more than ${schema.maxItems} items`);
        if (schema.items) value.forEach((item, i) => problems.push(...validate(item, schema.items, `${at}[${i}]`)));
    }
    if (TYPES.object(value)) {
        const object = value as Record<string, unknown>;
        for (const key of schema.required ?? []) if (!(key in object)) problems.push(`${at}: missing required ${key}`);
        const properties: Record<string, Schema> = schema.properties ?? {};
        for (const [key, child] of Object.entries(object)) {
            if (key in properties) problems.push(...validate(child, properties[key], `${at}.${key}`));
            else if (TYPES.object(schema.additionalProperties)) problems.push(...validate(child, schema.additionalProperties, `${at}.${key}`));
            else if (!schema["x-kubernetes-preserve-unknown-fields"] && schema.additionalProperties !== true) problems.push(`${at}.${key}: unknown field`);
        }
    }
    return problems;
}

function main(crdDir: string, manifestDir: string): number {
    const schemas = schemasOf(documents(crdDir));
    let problems = 0;
    for (const object of documents(manifestDir)) {
        const [group, version] = String(object.apiVersion).split("/");
        const schema = schemas.get(`${group}/${version}/${object.kind}`);
        const label = `${object.apiVersion} ${object.kind} ${object.metadata?.namespace ?? ""}/${object.metadata?.name}`;
        if (!schema) {
            console.log(`SKIP  ${label}: no CRD in ${crdDir}`);
            continue;
        }
        const found = validate({ ...object, metadata: {} }, { ...schema, properties: { ...schema.properties, metadata: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }, object.kind);
        problems += found.length;
        console.log(found.length === 0 ? `OK    ${label}` : `FAIL  ${label}\n${found.map((p) => `      ${p}`).join("\n")}`);
    }
    return problems === 0 ? 0 : 1;
}

if (require.main === module) {
    const [crdDir, manifestDir] = process.argv.slice(2);
    if (!crdDir || !manifestDir) {
        console.error("usage: tools/check-crds.ts <crd-dir> <manifest-dir>");
        process.exit(2);
    }
    process.exit(main(crdDir, manifestDir));
}
