import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appMeshObject } from "../appmesh/crds";
import { ClusterIdentity, MeshedWorkload } from "./meshed-workload";
import { CanaryWeights, LATTICE_TARGET_TERMINATION, LatticeRoute } from "./lattice-route";
import { meshNamespace } from "./mesh-namespace";
import { BackendNetworkPolicies } from "./backend-network-policies";

/** Postgres's volume: its claim and StorageClass, as Kubernetes names them (docs/operations.md refers to both). */
export const DATABASE_VOLUME = { claim: "yelb-db-data", storageClass: "yelb-gp3-encrypted" } as const;

/** The appserver's name: its Kubernetes Service, VirtualNode, Cloud Map service and VirtualService. */
export const APPSERVER = { name: "yelb-appserver", port: 4567 } as const;
/** The canary appserver's Deployment, Service and pods' `app` label; its Service is the route's second backend. */
export const APPSERVER_CANARY = { name: "yelb-appserver-canary", port: APPSERVER.port } as const;

export interface YelbBackendArgs {
    /** The Kubernetes namespace the backend's objects live in; created here, labelled into the mesh. */
    readonly namespace: string;
    /** The backend cluster, for the workloads' IAM roles for service accounts. */
    readonly cluster: ClusterIdentity;
    /**
     * App Mesh: the mesh the namespace joins (its `mesh` label), and the backend account's Cloud Map
     * namespace (ID and name) through which the frontend finds the appserver.
     * @default not in App Mesh: no App Mesh object, no Envoy
     */
    readonly appMesh?: { readonly meshName: string; readonly cloudMapNamespaceId: string; readonly cloudMapNamespaceName: string };
    /**
     * Lattice: the participant's Gateway the appserver's route attaches to.
     * @default not exposed through Lattice
     */
    readonly lattice?: {
        readonly gateway: { readonly name: string; readonly namespace: string; readonly listenerName: string };
        /**
         * The appserver service's own auth policy (JSON), admitting exactly its consumers.
         * @default none: only the service network's policy applies
         */
        readonly authPolicy?: pulumi.Input<string>;
    };
    /**
     * Lattice only: a second appserver (`yelb-appserver-canary`, this image) beside the stable one,
     * the route splitting calls between the two by these weights.
     * @default none: every call to the stable appserver
     */
    readonly canary?: { readonly image: string; readonly weights: CanaryWeights };
    /** The container images of Redis, Postgres and the appserver. */
    readonly images: { readonly redis: string; readonly db: string; readonly appserver: string };
    /** Size of Postgres's volume, e.g. `10Gi`. */
    readonly databaseVolumeSize: string;
}

/**
 * Yelb's backend in the backend account: Redis, Postgres and the appserver, each in the mesh, the
 * appserver behind a virtual router and discoverable through Cloud Map from the other account.
 */
export class YelbBackend extends pulumi.ComponentResource {
    /** The ARN the frontend's yelb-ui VirtualNode calls, as the controller wrote it (App Mesh). */
    readonly appserverVirtualServiceArn?: pulumi.Output<string>;
    /** The appserver's Lattice service, as the Gateway API Controller wrote it on the route (Lattice). */
    readonly appserverLattice?: { readonly serviceArn: pulumi.Output<string>; readonly serviceDnsName: pulumi.Output<string> };

    constructor(name: string, args: YelbBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:apps:YelbBackend", name, {}, opts);
        const appMesh = args.appMesh;
        // Through Lattice, the appserver's new pods get the controller's readiness gate: a rollout
        // stops an old pod only once a new one is healthy in the target group. Only pods behind a
        // Service that a Lattice route uses get the gate (pkg/webhook/pod_readiness_gate_injector.go),
        // so Redis and Postgres are untouched; the webhook must answer every pod creation here
        // (failurePolicy Fail), which the mesh participant's controller does before the apps exist.
        const ns = meshNamespace(
            `${name}-namespace`,
            { namespace: args.namespace, meshName: appMesh?.meshName, latticeReadinessGate: args.lattice !== undefined },
            { parent: this },
        );
        const common = { namespace: ns, cluster: args.cluster, meshed: appMesh !== undefined };
        const dns = (service: string) => ({ dns: { hostname: `${service}.${args.namespace}.svc.cluster.local` } });

        const redis = new MeshedWorkload(
            `${name}-redis`,
            {
                ...common,
                workloadName: "redis-server",
                tier: "cache",
                image: args.images.redis,
                port: 6379,
                protocol: "tcp",
                serviceDiscovery: dns("redis-server"),
                replicas: 1,
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "256Mi" } },
                health: { kind: "tcp" },
            },
            { parent: this },
        );

        // Postgres keeps its votes on an encrypted gp3 EBS volume that outlives its pod, its claim
        // and its stack: the claim is protected (Pulumi refuses to replace or delete it) and retained
        // on delete (dropped from the state, never deleted by Pulumi), and the StorageClass keeps a
        // released volume (reclaimPolicy Retain, https://kubernetes.io/docs/concepts/storage/persistent-volumes/#retain),
        // so a namespace deleted around the claim still leaves the EBS volume. docs/operations.md says
        // how to delete it on purpose, and which settings would replace it.
        const storageClass = new k8s.storage.v1.StorageClass(
            `${name}-gp3-encrypted`,
            {
                metadata: { name: DATABASE_VOLUME.storageClass },
                // The EBS CSI driver, installed as the EKS add-on by infra-backend (shared/components/cluster.ts).
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true" },
                volumeBindingMode: "WaitForFirstConsumer",
                reclaimPolicy: "Retain",
                allowVolumeExpansion: true,
            },
            { parent: this },
        );
        const dbVolume = new k8s.core.v1.PersistentVolumeClaim(
            `${name}-db-data`,
            {
                // Bound only once its pod is scheduled (WaitForFirstConsumer), and the pod waits for
                // this claim: do not let Pulumi wait for Bound here.
                metadata: { name: DATABASE_VOLUME.claim, namespace: ns.resource.metadata.name, annotations: { "pulumi.com/skipAwait": "true" } },
                spec: {
                    accessModes: ["ReadWriteOnce"],
                    // The name, not the StorageClass's output: replacing the StorageClass (its reclaim
                    // policy cannot change in place) must leave the claim's inputs as they were.
                    storageClassName: DATABASE_VOLUME.storageClass,
                    resources: { requests: { storage: args.databaseVolumeSize } },
                },
            },
            { parent: this, dependsOn: [storageClass], protect: true, retainOnDelete: true },
        );
        const db = new MeshedWorkload(
            `${name}-db`,
            {
                ...common,
                workloadName: "yelb-db",
                tier: "backenddb",
                image: args.images.db,
                port: 5432,
                protocol: "tcp",
                serviceDiscovery: dns("yelb-db"),
                replicas: 1,
                resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
                health: { kind: "tcp" },
                // A subdirectory: initdb refuses the volume's root, which holds lost+found.
                env: [{ name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" }],
                volume: { claimName: dbVolume.metadata.name, mountPath: "/var/lib/postgresql/data" },
            },
            { parent: this },
        );
        const virtualServiceOf = (role: string, workload: MeshedWorkload, service: string) =>
            appMeshObject(
                `${name}-${role}-virtual-service`,
                {
                    kind: "VirtualService",
                    name: service,
                    namespace: ns.resource.metadata.name,
                    spec: { awsName: service, provider: { virtualNode: { virtualNodeRef: { name: service } } } },
                },
                { parent: this, dependsOn: [workload.virtualNode!.resource] },
            );
        // App Mesh only: the VirtualServices of Redis and Postgres and the appserver's Cloud Map service.
        const meshDependencies: pulumi.Resource[] = [];
        if (appMesh) {
        const dbService = virtualServiceOf("db", db, "yelb-db");
        const redisService = virtualServiceOf("redis", redis, "redis-server");

        // Declared by Pulumi, not left to the controller, so that destroy removes it (instances
        // and all) and the namespace can go; the walkthrough's cleanup needed a dozen CLI calls.
        const cloudMapService = new aws.servicediscovery.Service(
            `${name}-appserver-discovery`,
            {
                name: APPSERVER.name,
                namespaceId: appMesh.cloudMapNamespaceId,
                description: "yelb-appserver pods, registered by the App Mesh controller",
                forceDestroy: true,
            },
            { parent: this },
        );
        meshDependencies.push(cloudMapService, dbService.resource, redisService.resource);
        }
        // The stable appserver and, through Lattice, its canary: the same pod but for name and image,
        // so the canary gets the same probes, preStop sleep and grace period, and (its Service being
        // a backend of the Lattice route) the same readiness gate.
        const appserverArgs = (workloadName: string, image: string) => ({
            ...common,
            workloadName,
            tier: "middletier",
            image,
            port: APPSERVER.port,
            protocol: "http" as const,
            serviceDiscovery: { awsCloudMap: { namespaceName: appMesh?.cloudMapNamespaceName ?? "", serviceName: APPSERVER.name } },
            backends: [
                { virtualService: { virtualServiceRef: { name: "yelb-db" } } },
                { virtualService: { virtualServiceRef: { name: "redis-server" } } },
            ],
            virtualNodeDependsOn: meshDependencies,
            replicas: 2,
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
            // Answers without touching Redis or Postgres, so it tells whether this pod serves.
            health: { kind: "http" as const, path: "/api/hostname" },
            // A Lattice target keeps serving until Lattice has stopped sending to it; App Mesh's
            // Envoy drains on its own, so the App Mesh transport keeps the default.
            ...(args.lattice ? { termination: LATTICE_TARGET_TERMINATION } : {}),
        });
        const appserver = new MeshedWorkload(`${name}-appserver`, appserverArgs(APPSERVER.name, args.images.appserver), { parent: this });
        if (args.canary && (appMesh || !args.lattice)) {
            throw new Error("the appserver canary runs through Lattice only (no App Mesh): the route's weights split its calls");
        }
        const canary = args.canary && new MeshedWorkload(`${name}-appserver-canary`, appserverArgs(APPSERVER_CANARY.name, args.canary.image), { parent: this });

        // Redis and Postgres hold the votes behind the images' built-in credentials: only the
        // appserver may connect to them.
        new BackendNetworkPolicies(
            `${name}-network-policies`,
            {
                namespace: ns.resource.metadata.name,
                clients: [{ app: APPSERVER.name }, ...(canary ? [{ app: APPSERVER_CANARY.name }] : [])],
                servers: [
                    { policyName: "redis-server-from-appserver", podLabels: { app: "redis-server" }, port: 6379 },
                    { policyName: "yelb-db-from-appserver", podLabels: { app: "yelb-db" }, port: 5432 },
                ],
            },
            { parent: this },
        );

        if (appMesh) {
        const router = appMeshObject(
            `${name}-appserver-router`,
            {
                kind: "VirtualRouter",
                name: APPSERVER.name,
                namespace: ns.resource.metadata.name,
                spec: {
                    awsName: "yelb-appserver-virtual-router",
                    listeners: [{ portMapping: { port: APPSERVER.port, protocol: "http" } }],
                    routes: [
                        {
                            name: "route-to-yelb-appserver",
                            httpRoute: {
                                match: { prefix: "/" },
                                action: { weightedTargets: [{ virtualNodeRef: { name: APPSERVER.name }, weight: 1 }] },
                                // Retry what another pod may serve (5xx, gateway errors, refused
                                // connections), never a client's own error; bound each try and the whole.
                                retryPolicy: {
                                    maxRetries: 2,
                                    perRetryTimeout: { unit: "ms", value: 2000 },
                                    httpRetryEvents: ["server-error", "gateway-error"],
                                    tcpRetryEvents: ["connection-error"],
                                },
                                timeout: { perRequest: { unit: "s", value: 15 } },
                            },
                        },
                    ],
                },
            },
            { parent: this, dependsOn: [appserver.virtualNode!.resource] },
        );
        const appserverService = appMeshObject(
            `${name}-appserver-virtual-service`,
            {
                kind: "VirtualService",
                name: APPSERVER.name,
                namespace: ns.resource.metadata.name,
                spec: { awsName: APPSERVER.name, provider: { virtualRouter: { virtualRouterRef: { name: APPSERVER.name } } } },
            },
            { parent: this, dependsOn: [router.resource] },
        );

        this.appserverVirtualServiceArn = appserverService.arn;
        }
        if (args.lattice) {
            // Lattice health-checks each pod on the path the App Mesh health check uses.
            const route = new LatticeRoute(
                `${name}-appserver-lattice`,
                {
                    namespace: ns.resource.metadata.name,
                    routeName: APPSERVER.name,
                    gateway: args.lattice.gateway,
                    service: { name: APPSERVER.name, port: APPSERVER.port },
                    ...(args.canary ? { canary: { service: APPSERVER_CANARY, weights: args.canary.weights } } : {}),
                    healthCheckPath: "/api/hostname",
                    ...(args.lattice.authPolicy !== undefined ? { authPolicy: args.lattice.authPolicy } : {}),
                },
                { parent: this, dependsOn: [appserver.service, ...(canary ? [canary.service] : [])] },
            );
            this.appserverLattice = { serviceArn: route.serviceArn, serviceDnsName: route.serviceDnsName };
        }
        this.registerOutputs({ appserverVirtualServiceArn: this.appserverVirtualServiceArn, appserverLattice: this.appserverLattice });
    }
}
