import type { CanaryWeights } from "../components/lattice-route";
import { ReferenceSettings } from "../contracts";
import { ConfigReader } from "./reader";
import { StackIdentity, readReferenceSettings, readStackIdentity } from "./stack-identity";
import { APPS_KEY_READERS } from "./key-readers";
import * as v from "./validate";
import { ConfigError, InvalidValue } from "./errors";
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

/**
 * apps:appserverCanaryWeights, `[stable, canary]`: each a whole number from 0 to 100, the two summing
 * above 0 (a rule whose backends all weigh 0 would send nothing anywhere). Gateway API allows up to
 * 1,000,000 per backend (HTTPBackendRef.weight, gateway-api v1.5.0 apis/v1/shared_types.go); 0 to 100
 * reads as a percentage when the two sum to 100, and stays well inside what the controller passes to
 * Lattice unchanged (pkg/gateway/model_build_rule.go, v2.1.3).
 */
export function canaryWeights(values: readonly string[], stackFile: string): CanaryWeights {
    const fix = `write [stable, canary] in ${stackFile}, each 0 to 100, such as [90, 10]`;
    const text = `[${values.join(", ")}]`;
    if (values.length !== 2) throw new InvalidValue(`${text} is not two weights`, fix);
    const [stable, canary] = values.map((value) => {
        const n = Number(value);
        if (value.trim() === "" || !Number.isInteger(n) || n < 0 || n > 100) throw new InvalidValue(`${value} in ${text} is not a whole number from 0 to 100`, fix);
        return n;
    });
    if (stable + canary === 0) {
        throw new InvalidValue(`${text} sends no call anywhere (the weights sum to 0)`, `give the stable or the canary a weight above 0 in ${stackFile}; to stop the canary, remove apps:appserverCanaryImage`);
    }
    return { stable, canary };
}

/** The canary runs only on a Lattice-only backend: its pods are Lattice targets, not App Mesh virtual nodes. */
function canaryOf(transport: Transport, image: string, weights: CanaryWeights, stackFile: string): AppsConfig["appserverCanary"] {
    if (image === "") return undefined;
    if (transport !== "lattice") {
        throw new InvalidValue(
            `is set, but transport ${transport} is not Lattice only: the canary is split by the Lattice route's weights, and App Mesh would not know its pods`,
            `remove it from ${stackFile}, or finish the move to apps:transport lattice first`,
        );
    }
    return { image, weights };
}

/**
 * Signed calls (infra-frontend:latticeSignedCalls) need Lattice alone in the apps stacks: under App
 * Mesh (transport appmesh or both) yelb-ui's calls may go through Envoy, unsigned, and its service
 * account carries Envoy's IRSA role, which the AWS SDK would pick before the Pod Identity role. The
 * apps backend refuses too, since it deploys first and would admit only the role before yelb-ui signs.
 * Returns the refusal (a ConfigError naming the infra key and file, and the apps file) or undefined.
 */
export function signedCallsRefusal(transport: Transport, infraStackFile: string, appsStackFile: string): ConfigError | undefined {
    if (transport === "lattice") return undefined;
    return new ConfigError(`signed calls (${infraStackFile})`, [
        {
            key: "infra-frontend:latticeSignedCalls",
            problem: `is true in ${infraStackFile}, but apps:transport is ${transport} in ${appsStackFile}: yelb-ui's calls may go through App Mesh's Envoy, unsigned, and its service account carries Envoy's role`,
            fix: `finish the move to apps:transport: lattice in every apps stack first (docs/transports.md, migration), or remove latticeSignedCalls from ${infraStackFile}`,
        },
    ]);
}

/**
 * The alarms' topic against the backend's region (known once its infra stack is read): refused,
 * before any resource, naming the key and file, when it is another region's or partition's.
 */
export function alarmTopicRefusal(arn: string, region: string, stackFile: string): ConfigError | undefined {
    if (arn === "") return undefined;
    try {
        v.snsTopicInRegion(arn, region);
        return undefined;
    } catch (e) {
        if (!(e instanceof InvalidValue)) throw e;
        return new ConfigError(`stack file ${stackFile}`, [{ key: "apps:latticeAlarmTopicArn", problem: e.problem, fix: e.fix }]);
    }
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
    /**
     * Backend, Lattice only: a second appserver (another image) beside the stable one, and the
     * route's weights of the two; undefined runs none (every call goes to the stable one).
     */
    readonly appserverCanary?: { readonly image: string; readonly weights: CanaryWeights };
    /** Size of Postgres's EBS volume. */
    readonly databaseVolumeSize: string;
    /** Backend, Lattice: the SNS topic the appserver's alarms notify; "" for none. Its region is checked against the backend's by the program. */
    readonly latticeAlarmTopicArn: string;
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
        latticeAlarmTopicArn: reader.string("latticeAlarmTopicArn", (value) => (value === "" ? value : v.snsTopicArn(value))),
    };
    const file = `apps/Pulumi.${identity ? `${identity.environment}-${identity.side}` : "<stack>"}.yaml`;
    const canaryImage = reader.string("appserverCanaryImage", (value) => (value === "" ? value : v.imageReference(value)));
    const weightList = reader.list("appserverCanaryWeights");
    let weights: CanaryWeights | undefined;
    reader.check(["appserverCanaryWeights"], "appserverCanaryWeights", () => (weights = canaryWeights(weightList, file)));
    reader.check(["transport", "appserverCanaryImage", "appserverCanaryWeights"], "appserverCanaryImage", () => {
        if (weights) (config as { appserverCanary?: AppsConfig["appserverCanary"] }).appserverCanary = canaryOf(config.transport, canaryImage, weights, file);
    });
    const upstream = reader.string("uiUpstream");
    reader.check(["transport", "uiUpstream"], "uiUpstream", () => {
        (config as { uiUpstream: Upstream }).uiUpstream = upstreamOf(config.transport, upstream, identity?.side);
    });
    reader.done(`stack apps/${identity ? `${identity.environment}-${identity.side}` : "?"}`);
    return config;
}
