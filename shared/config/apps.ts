import { ReferenceSettings } from "../contracts";
import { ConfigReader } from "./reader";
import { StackIdentity, readReferenceSettings, readStackIdentity, referenceKeys } from "./stack-identity";
import * as v from "./validate";
import { InvalidValue } from "./errors";

export const APPS_KEYS = [...referenceKeys("apps"), "namespace", "redisImage", "dbImage", "appserverImage", "uiImage", "databaseVolumeSize"] as const;

export interface AppsConfig {
    readonly identity: StackIdentity;
    readonly references: ReferenceSettings;
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
        namespace: reader.string("namespace", v.workloadNamespace),
        images: {
            redis: reader.string("redisImage", v.imageReference),
            db: reader.string("dbImage", v.imageReference),
            appserver: reader.string("appserverImage", v.imageReference),
            ui: reader.string("uiImage", v.imageReference),
        },
        databaseVolumeSize: reader.string("databaseVolumeSize", volumeSize),
    };
    reader.done(`stack apps/${identity ? `${identity.environment}-${identity.side}` : "?"}`);
    return config;
}
