import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../engine/plan-model";

export type { RecordedResource } from "../engine/plan-model";


const SIG_KEY = pulumi.runtime.specialSigKey;
const SECRET_SIG = pulumi.runtime.specialSecretSig;
const RESOURCE_SIG = pulumi.runtime.specialResourceSig;
const UNKNOWN = pulumi.runtime.unknownValue;

/** Turns an engine-form value into plain JSON: secrets masked, resource references as URNs. */
export function toPlain(value: unknown): unknown {
    if (value === UNKNOWN) return "[unknown]";
    if (Array.isArray(value)) return value.map(toPlain);
    if (value !== null && typeof value === "object") {
        const sig = (value as Record<string, unknown>)[SIG_KEY];
        if (sig === SECRET_SIG) return "[secret]";
        if (sig === RESOURCE_SIG) return (value as Record<string, unknown>).urn;
        return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toPlain(v)]));
    }
    return value;
}

/** A URN as the engine forms it: the parent's type chain, then this type, then the name. */
export function urnOf(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    const parentType = parentUrn ? `${parentUrn.split("::")[2].split("$").pop()}$` : "";
    return `urn:pulumi:${stack}::${project}::${parentType}${type}::${name}`;
}

/**
 * The URNs a registration's `aliases` stand for. The SDK sends each alias as a URN or as a spec whose
 * empty fields mean "as the resource itself" (proto/pulumi/alias.proto); the engine resolves them the same way.
 */
function aliasUrns(req: any): string[] {
    const type: string = req.getType();
    const name: string = req.getName();
    const aliases: any[] = typeof req.getAliasesList === "function" ? req.getAliasesList() : [];
    const urns = aliases.map((a) => {
        if (a.getUrn()) return a.getUrn() as string;
        const spec = a.getSpec();
        const parent = spec.getNoparent() ? undefined : spec.getParenturn() || req.getParent() || undefined;
        return urnOf(spec.getStack() || pulumi.getStack(), spec.getProject() || pulumi.getProject(), parent, spec.getType() || type, spec.getName() || name);
    });
    return [...urns, ...(typeof req.getAliasurnsList === "function" ? req.getAliasurnsList() : [])];
}

/** The options that decide what a change may delete: protect, retainOnDelete and aliases, when set. */
function resourceOptions(req: any): Pick<RecordedResource, "protect" | "retainOnDelete" | "aliases"> {
    const aliases = aliasUrns(req);
    return {
        ...(req.hasProtect?.() && req.getProtect() ? { protect: true } : {}),
        ...(req.hasRetainondelete?.() && req.getRetainondelete() ? { retainOnDelete: true } : {}),
        ...(aliases.length > 0 ? { aliases } : {}),
    };
}

/** Installs the recorder on the mock monitor that `pulumi.runtime.setMocks` just created. */
export function recordResources(): RecordedResource[] {
    const records: RecordedResource[] = [];
    // The mock monitor is internal to @pulumi/pulumi; wrapping its two registration calls is the
    // only way to see parents and dependencies, which the public Mocks interface leaves out.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { getStore } = require("@pulumi/pulumi/runtime/state");
    const monitor = getStore().settings.monitor;
    for (const method of ["registerResource", "readResource"] as const) {
        const original = monitor[method].bind(monitor);
        monitor[method] = (req: any, callback: (err: unknown, resp: any) => void) => {
            const record: RecordedResource = {
                urn: monitor.newUrn(req.getParent(), req.getType(), req.getName()),
                type: req.getType(),
                name: req.getName(),
                custom: method === "readResource" ? true : req.getCustom(),
                parent: req.getParent() || undefined,
                provider: req.getProvider() || undefined,
                dependencies: method === "registerResource" ? [...req.getDependenciesList()].sort() : [],
                inputs: toPlain(method === "registerResource" ? req.getObject()?.toJavaScript() ?? {} : req.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
                outputs: {},
                ...(method === "registerResource" ? resourceOptions(req) : {}),
            };
            records.push(record);
            original(req, (err: unknown, resp: any) => {
                if (!err && resp) {
                    const state = method === "registerResource" ? resp.getObject() : resp.getProperties();
                    record.outputs = toPlain(state?.toJavaScript() ?? {}) as Record<string, unknown>;
                    // A read resource keeps the ID it was read by; a registered one gets the cloud's.
                    const id: string = method === "registerResource" ? resp.getId() : req.getId();
                    if (record.custom && id) record.id = id;
                }
                callback(err, resp);
            });
        };
    }
    return records;
}

/** Resolves a program's exports to plain values; secrets come back marked. */
export async function resolveExports(exports: Record<string, unknown>): Promise<{ values: Record<string, unknown>; secrets: string[] }> {
    const values: Record<string, unknown> = {};
    const secrets: string[] = [];
    for (const [key, value] of Object.entries(exports ?? {})) {
        const output = pulumi.output(value);
        values[key] = await (output as any).promise();
        if (await pulumi.isSecret(output)) secrets.push(key);
    }
    return { values, secrets };
}
