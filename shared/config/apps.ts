import { ReferenceSettings } from "../contracts";
import { ConfigReader } from "./reader";
import { StackIdentity, readReferenceSettings, readStackIdentity } from "./stack-identity";
import { APPS_KEY_READERS } from "./key-readers";
import * as v from "./validate";
import { InvalidValue } from "./errors";
import { TRANSPORTS, Transport, Upstream, usesAppMesh, usesLattice } from "../transport";

/**
 * yelb-ui's upstream: empty follows the transport (`both` starts on App Mesh, the cut-over's
 * safe side); a value the transport does not carry, or one set on the backend stack, is refused.
 */
function upstreamOf(transport: Transport, value: string, side: string | undefined): Upstream {
    if (value !== "" && side === "backend") throw new InvalidValue("is a frontend setting", "remove it from the backend stack's file; set it in the frontend's");
    if (value === "") return transport === "lattice" ? "lattice" : "appmesh";
    const upstream = v.oneOf<Upstream>(["appmesh", "lattice"])(value);
    if ((upstream === "appmesh" && !usesAppMesh(transport)) || (upstream === "lattice" && !usesLattice(transport))) {
        throw new InvalidValue(`is ${upstream}, which transport ${transport} does not deploy`, `set apps:transport to both, or apps:uiUpstream to "" (follow the transport)`);
    }
    return upstream;
}

/** The keys the apps project declares; which role reads which is in ./key-readers.ts. */
export const APPS_KEYS = Object.keys(APPS_KEY_READERS);

export interface AppsConfig {
    readonly identity: StackIdentity;
    readonly references: ReferenceSettings;
    /** The environment's transport; every mesh and apps stack of the environment has the same. */
    readonly transport: Transport;
    /** Frontend: what yelb-ui's `/api` calls go through (the transport's own, or in `both` the key's choice). */
    readonly uiUpstream: Upstream;
    /** The Kubernetes namespace of the Yelb workloads, in both clusters. */
    readonly namespace: string;
    readonly images: { readonly redis: string; readonly db: string; readonly appserver: string; readonly ui: string };
    /** Size of Postgres's EBS volume. */
    readonly databaseVolumeSize: string;
}

function volumeSize(value: string): string {
    const match = /^(\d+)(Gi|Ti)$/.exec(value);
    if (!match || Number(match[1]) < 1) throw new InvalidValue(`"${value}" is not a volume size`, "write a whole number of Gi or Ti, such as 10Gi");
    return value;
}

export function loadAppsConfig(): AppsConfig {
    const reader = new ConfigReader("apps", APPS_KEYS);
    const identity = readStackIdentity(reader, "apps");
    const config: AppsConfig = {
        identity,
        references: readReferenceSettings(reader, identity),
        transport: reader.string("transport", v.oneOf(TRANSPORTS)),
        uiUpstream: undefined as unknown as Upstream,
        namespace: reader.string("namespace", v.workloadNamespace),
        images: {
            redis: reader.string("redisImage", v.imageReference),
            db: reader.string("dbImage", v.imageReference),
            appserver: reader.string("appserverImage", v.imageReference),
            ui: reader.string("uiImage", v.imageReference),
        },
        databaseVolumeSize: reader.string("databaseVolumeSize", volumeSize),
    };
    const upstream = reader.string("uiUpstream");
    reader.check(["transport", "uiUpstream"], "uiUpstream", () => {
        (config as { uiUpstream: Upstream }).uiUpstream = upstreamOf(config.transport, upstream, identity?.side);
    });
    reader.done(`stack apps/${identity ? `${identity.environment}-${identity.side}` : "?"}`);
    return config;
}
