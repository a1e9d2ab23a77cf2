/**
 * A runtime description of the fields a builder may emit, so a test can check rendered objects for
 * fields the pinned CRDs do not declare (the API server would prune them silently, or refuse them).
 * `"scalar"` is a string, number or boolean; `"map"` a free-form string map (labels, annotations);
 * `[node]` a list of `node`; an object lists its allowed fields.
 */
export type FieldNode = "scalar" | "map" | readonly [FieldNode] | { readonly [field: string]: FieldNode };

/** The metadata fields our builders set. */
export const METADATA_FIELDS: FieldNode = { name: "scalar", namespace: "scalar", labels: "map", annotations: "map" };

/** The top-level fields of a custom resource with the given spec tree. */
export function objectFields(spec: FieldNode): FieldNode {
    return { apiVersion: "scalar", kind: "scalar", metadata: METADATA_FIELDS, spec, status: "map" };
}

/** The paths (`spec.rules[0].foo`) of every field in `value` that `node` does not allow. */
export function unknownFields(value: unknown, node: FieldNode, path = ""): string[] {
    if (value === undefined || value === null) return [];
    if (node === "scalar") return typeof value === "object" ? [`${path} (an object where a value belongs)`] : [];
    if (node === "map") {
        if (typeof value !== "object" || Array.isArray(value)) return [`${path} (not a map)`];
        return Object.entries(value).filter(([, v]) => typeof v === "object" && v !== null).map(([k]) => `${path}.${k} (not a string)`);
    }
    if (Array.isArray(node)) {
        if (!Array.isArray(value)) return [`${path} (not a list)`];
        return value.flatMap((item, i) => unknownFields(item, node[0], `${path}[${i}]`));
    }
    if (typeof value !== "object" || Array.isArray(value)) return [`${path} (not an object)`];
    const fields = node as { readonly [field: string]: FieldNode };
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
        const where = path === "" ? key : `${path}.${key}`;
        return key in fields ? unknownFields(child, fields[key], where) : [where];
    });
}
