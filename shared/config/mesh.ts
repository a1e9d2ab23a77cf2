import { ConfigReader } from "./reader";
import { StackIdentity, readReferenceSettings, readStackIdentity } from "./stack-identity";
import { MESH_KEY_READERS } from "./key-readers";
import { ReferenceSettings } from "../contracts";
import { InvalidValue } from "./errors";
import { readAccount } from "./infra";
import * as v from "./validate";
import { checkFrontendCallablePorts } from "./backend-ports";
import { RamSharing } from "../components/ram-share";
import { ServiceLinkedRoleMode } from "../components/mesh-participant";
import { TRANSPORTS, Transport } from "../transport";
import { ACCESS_LOG_DESTINATIONS, AccessLogDestination } from "../components/lattice-service-network";
import { LATTICE_LISTENER_PROTOCOLS, LatticeListenerProtocol } from "../lattice/yelb-ui-proxy";

const RAM_SHARING_MODES: readonly RamSharing[] = ["invitation", "organization"];
const SERVICE_LINKED_ROLE_MODES: readonly ServiceLinkedRoleMode[] = ["existing", "create"];

/** The keys the mesh project declares; which role reads which is in ./key-readers.ts. */
export const MESH_KEYS = Object.keys(MESH_KEY_READERS);

export interface MeshConfig {
    readonly identity: StackIdentity;
    readonly references: ReferenceSettings;
    /** The environment's transport; every mesh and apps stack of the environment has the same. */
    readonly transport: Transport;
    /** How RAM delivers every share this environment makes (App Mesh mesh, Lattice service network). */
    readonly ramSharing: RamSharing;
    /** Owner: the mesh's name (the participant takes it from the owner stack). */
    readonly meshName: string;
    /** Participant: backend ports the frontend may reach (the services the frontend calls). */
    readonly frontendCallablePorts: number[];
    /** Participant, App Mesh: adopt the account's AWSServiceRoleForAppMesh as it is, or create it. */
    readonly appMeshServiceLinkedRole: ServiceLinkedRoleMode;
    readonly controllerChartVersion: string;
    /** Owner, Lattice: the listeners' protocol, HTTPS unless plain HTTP is asked for explicitly. */
    readonly latticeListenerProtocol: LatticeListenerProtocol;
    /** Owner, Lattice: days the service network's access logs are kept. */
    readonly latticeAccessLogRetentionDays: number;
    /** Owner, Lattice: where the access logs go, a CloudWatch log group or an S3 bucket. */
    readonly latticeAccessLogDestination: AccessLogDestination;
    /** Owner, Lattice: the service network's name. */
    readonly serviceNetworkName: string;
    /** Participant, Lattice: the only namespaces whose routes the Gateway accepts. */
    readonly latticeRouteNamespaces: string[];
    /**
     * Owner that runs no cluster (a network account): its account and region, from this stack's
     * `aws:allowedAccountIds` and `aws:region`, the one place they are typed for it.
     * @default undefined: the owner is a workload account, whose infra stack says them
     */
    readonly networkAccount?: { readonly accountId: string; readonly region: string };
}

/** Lattice names: 3-63 of a-z, 0-9 and single hyphens, no hyphen at either end (CreateServiceNetwork). */
function serviceNetworkName(value: string): string {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) || value.length < 3 || value.length > 63) {
        throw new InvalidValue(`"${value}" is not a Lattice service network name`, "use 3-63 lowercase letters, digits and single hyphens, e.g. yelb-example");
    }
    return value;
}


function chartVersion(value: string): string {
    if (!/^\d+\.\d+\.\d+$/.test(value)) throw new InvalidValue(`"${value}" is not a chart version`, "write an exact version such as 1.13.3");
    return value;
}

export function loadMeshConfig(): MeshConfig {
    const reader = new ConfigReader("mesh", MESH_KEYS);
    const identity = readStackIdentity(reader, "mesh");
    const config: MeshConfig = {
        identity,
        references: readReferenceSettings(reader, identity),
        transport: reader.string("transport", v.oneOf(TRANSPORTS)),
        ramSharing: reader.string("ramSharing", v.oneOf(RAM_SHARING_MODES)),
        meshName: reader.string("meshName", v.meshName),
        frontendCallablePorts: reader.list("frontendCallablePorts", (p) => v.port(Number(p))),
        appMeshServiceLinkedRole: reader.string("appMeshServiceLinkedRole", v.oneOf(SERVICE_LINKED_ROLE_MODES)),
        controllerChartVersion: reader.string("controllerChartVersion", chartVersion),
        serviceNetworkName: reader.string("serviceNetworkName", serviceNetworkName),
        latticeListenerProtocol: reader.string("latticeListenerProtocol", v.oneOf(LATTICE_LISTENER_PROTOCOLS)),
        latticeAccessLogRetentionDays: reader.number("latticeAccessLogRetentionDays", v.logRetentionDays),
        latticeAccessLogDestination: reader.string("latticeAccessLogDestination", v.oneOf(ACCESS_LOG_DESTINATIONS)),
        latticeRouteNamespaces: reader.list("latticeRouteNamespaces", v.workloadNamespace),
        ...(identity && identity.role === "mesh-owner" && !identity.entry.reads.some((id) => identity.topology.entries.find((e) => e.id === id)?.account === identity.side)
            ? { networkAccount: { accountId: readAccount(reader), region: reader.string("aws:region", v.awsRegion) } }
            : {}),
    };
    reader.check(["frontendCallablePorts"], "frontendCallablePorts", () => checkFrontendCallablePorts(config.frontendCallablePorts));
    reader.done(`stack mesh/${identity ? identity.entry.stack : "?"}`);
    return config;
}
