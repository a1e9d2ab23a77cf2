import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * Typed builders for the App Mesh custom resources (appmesh.k8s.aws/v1beta2, appmesh-controller
 * 1.13.3). The types are the subset of the CRD schemas this project uses, field for field, so a
 * misspelt or unknown field fails to compile instead of being pruned silently by the API server.
 */
const APPMESH_API_VERSION = "appmesh.k8s.aws/v1beta2";

export interface Duration {
    readonly unit: "ms" | "s";
    readonly value: number;
}

export type Protocol = "http" | "http2" | "grpc" | "tcp";

export interface PortMapping {
    readonly port: number;
    readonly protocol: Protocol;
}

export interface LabelSelector {
    readonly matchLabels: Readonly<Record<string, string>>;
}

export interface MeshSpec {
    /** The mesh's name in App Mesh; defaults to the object's name. */
    readonly awsName?: string;
    /** The account that owns the mesh, for a mesh shared to this account through RAM. */
    readonly meshOwner?: pulumi.Input<string>;
    /** Namespaces whose App Mesh objects belong to this mesh. */
    readonly namespaceSelector?: LabelSelector;
    readonly egressFilter?: { readonly type: "ALLOW_ALL" | "DROP_ALL" };
}

export interface HealthCheck {
    readonly protocol: Protocol;
    readonly port?: number;
    readonly path?: string;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
    readonly intervalMillis: number;
    readonly timeoutMillis: number;
}

export interface OutlierDetection {
    readonly maxServerErrors: number;
    readonly interval: Duration;
    readonly baseEjectionDuration: Duration;
    readonly maxEjectionPercent: number;
}

export interface ListenerConnectionPool {
    readonly http?: { readonly maxConnections: number; readonly maxPendingRequests?: number };
    readonly tcp?: { readonly maxConnections: number };
}

export interface ListenerTimeout {
    readonly http?: { readonly perRequest?: Duration; readonly idle?: Duration };
    readonly tcp?: { readonly idle?: Duration };
}

export interface VirtualNodeListener {
    readonly portMapping: PortMapping;
    readonly healthCheck?: HealthCheck;
    readonly outlierDetection?: OutlierDetection;
    readonly connectionPool?: ListenerConnectionPool;
    readonly timeout?: ListenerTimeout;
}

export type ServiceDiscovery =
    | { readonly dns: { readonly hostname: string } }
    | { readonly awsCloudMap: { readonly namespaceName: pulumi.Input<string>; readonly serviceName: string } };

export type VirtualNodeBackend =
    | { readonly virtualService: { readonly virtualServiceRef: { readonly name: string; readonly namespace?: string } } }
    | { readonly virtualService: { readonly virtualServiceARN: pulumi.Input<string> } };

export interface VirtualNodeSpec {
    readonly awsName?: string;
    readonly podSelector: LabelSelector;
    readonly listeners: readonly VirtualNodeListener[];
    readonly serviceDiscovery: ServiceDiscovery;
    readonly backends?: readonly VirtualNodeBackend[];
}

export type HttpRetryEvent = "server-error" | "gateway-error" | "client-error" | "stream-error";

export interface HttpRoute {
    readonly match: { readonly prefix: string };
    readonly action: { readonly weightedTargets: readonly { readonly virtualNodeRef: { readonly name: string }; readonly weight: number }[] };
    readonly retryPolicy?: {
        readonly maxRetries: number;
        readonly perRetryTimeout: Duration;
        readonly httpRetryEvents?: readonly HttpRetryEvent[];
        readonly tcpRetryEvents?: readonly "connection-error"[];
    };
    readonly timeout?: { readonly perRequest?: Duration; readonly idle?: Duration };
}

export interface VirtualRouterSpec {
    readonly awsName?: string;
    readonly listeners: readonly { readonly portMapping: PortMapping }[];
    readonly routes: readonly { readonly name: string; readonly httpRoute: HttpRoute }[];
}

export interface VirtualServiceSpec {
    /** The service's name in App Mesh; the name other accounts call it by. */
    readonly awsName?: string;
    readonly provider:
        | { readonly virtualNode: { readonly virtualNodeRef: { readonly name: string } } }
        | { readonly virtualRouter: { readonly virtualRouterRef: { readonly name: string } } };
}

interface Kinds {
    Mesh: { spec: MeshSpec; arnField: "meshARN" };
    VirtualNode: { spec: VirtualNodeSpec; arnField: "virtualNodeARN" };
    VirtualRouter: { spec: VirtualRouterSpec; arnField: "virtualRouterARN" };
    VirtualService: { spec: VirtualServiceSpec; arnField: "virtualServiceARN" };
}
export type AppMeshKind = keyof Kinds;

const ARN_FIELDS: { [K in AppMeshKind]: Kinds[K]["arnField"] } = {
    Mesh: "meshARN",
    VirtualNode: "virtualNodeARN",
    VirtualRouter: "virtualRouterARN",
    VirtualService: "virtualServiceARN",
};

export interface AppMeshObjectArgs<K extends AppMeshKind> {
    readonly kind: K;
    /** The Kubernetes name; for everything but Mesh, in `namespace`. */
    readonly name: string;
    readonly namespace?: pulumi.Input<string>;
    readonly spec: Kinds[K]["spec"];
}

/** An App Mesh custom resource and the ARN the controller writes into its status. */
export interface AppMeshObject {
    readonly resource: k8s.apiextensions.CustomResource;
    readonly arn: pulumi.Output<string>;
}

/**
 * Declares an App Mesh object. Pulumi waits until the controller has created it in App Mesh and
 * written its ARN (`pulumi.com/waitFor`), so whatever uses the ARN, or depends on the object,
 * starts only after App Mesh has it. `status` is declared (empty) so the ARN can be read back.
 */
export function appMeshObject<K extends AppMeshKind>(
    resourceName: string,
    args: AppMeshObjectArgs<K>,
    opts: pulumi.CustomResourceOptions,
): AppMeshObject {
    const arnField = ARN_FIELDS[args.kind];
    const resource = new k8s.apiextensions.CustomResource(
        resourceName,
        {
            apiVersion: APPMESH_API_VERSION,
            kind: args.kind,
            metadata: {
                name: args.name,
                ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
                annotations: { "pulumi.com/waitFor": `jsonpath={.status.${arnField}}` },
            },
            spec: args.spec,
            status: {},
        },
        opts,
    );
    const arn = (resource as unknown as { status: pulumi.Output<Record<string, string>> }).status.apply((s) => s[arnField]);
    return { resource, arn };
}

/**
 * The Mesh object each cluster declares for the one shared mesh: same App Mesh name, the owner's
 * account, and the namespaces labelled `mesh: <name>` as members. In the owner's cluster it creates
 * the mesh; in a participant's it adopts the mesh shared through RAM.
 */
export function meshObject(
    resourceName: string,
    args: { readonly meshName: string; readonly ownerAccountId: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): AppMeshObject {
    return appMeshObject(
        resourceName,
        {
            kind: "Mesh",
            name: args.meshName,
            spec: {
                awsName: args.meshName,
                meshOwner: args.ownerAccountId,
                namespaceSelector: { matchLabels: { mesh: args.meshName } },
            },
        },
        opts,
    );
}
