import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AppMeshObject, HealthCheck, Protocol, ServiceDiscovery, VirtualNodeBackend, VirtualNodeListener, appMeshObject } from "../appmesh/crds";
import { policyDocument } from "../iam";
import { MeshNamespace } from "./mesh-namespace";
import { ServiceAccountRole } from "./service-account-role";

/** The cluster a workload runs in, for its IAM role for service accounts. */
export interface ClusterIdentity {
    readonly oidcProviderArn: string;
    readonly oidcProviderUrl: string;
}

export interface MeshedWorkloadArgs {
    /**
     * The Kubernetes name of the workload: its VirtualNode, service account, Deployment, Service and
     * container, and its pods' `app` label. Independent of the Pulumi name, which only has to be
     * unique in the stack.
     */
    readonly workloadName: string;
    /** The mesh namespace the workload runs in (see `meshNamespace`), which carries the mesh and sidecar labels. */
    readonly namespace: MeshNamespace;
    /** Labels selecting the pods: `app` (the workload's name) and `tier`, as in the walkthrough. */
    readonly tier: string;
    readonly image: string;
    /** The port the container and its Service listen on. */
    readonly port: number;
    /** The App Mesh listener protocol for that port. */
    readonly protocol: Protocol;
    /** How the mesh finds this workload's pods. */
    readonly serviceDiscovery: ServiceDiscovery;
    /** The virtual services this workload calls. */
    readonly backends?: readonly VirtualNodeBackend[];
    readonly cluster: ClusterIdentity;
    /**
     * Service type; `LoadBalancer` puts an internet-facing load balancer in front of the workload.
     * @default "ClusterIP"
     */
    readonly serviceType?: "ClusterIP" | "LoadBalancer";
    /**
     * The port the Service exposes, when it differs from the container's.
     * @default port
     */
    readonly servicePort?: number;
    /**
     * The VirtualNode's listener port, when the walkthrough declares one other than the container's.
     * @default port
     */
    readonly listenerPort?: number;
    /** Resources the VirtualNode must wait for (e.g. the Cloud Map service it registers into). */
    readonly virtualNodeDependsOn?: pulumi.Resource[];
    /**
     * Pods to run. With two or more they spread across availability zones and a
     * PodDisruptionBudget keeps all but one through voluntary disruptions.
     */
    readonly replicas: number;
    /** CPU and memory the container requests and may not exceed. */
    readonly resources: ContainerResources;
    /** How Kubernetes (readiness, liveness) and App Mesh (health check) tell the container is serving. */
    readonly health: { readonly kind: "tcp" } | { readonly kind: "http"; readonly path: string };
    /** Environment of the container. @default none */
    readonly env?: readonly { readonly name: string; readonly value: string }[];
    /** A persistent volume claim mounted into the container; the Deployment then recreates, never overlaps, pods. */
    readonly volume?: { readonly claimName: pulumi.Input<string>; readonly mountPath: string };
    /**
     * Whether the workload is in the App Mesh mesh: its VirtualNode and an Envoy role. Without,
     * only the Kubernetes objects are declared (Lattice-only environments run no App Mesh controller).
     * @default true
     */
    readonly meshed?: boolean;
    /** The container's command, replacing the image's entrypoint. @default the image's */
    readonly command?: readonly string[];
    /** A ConfigMap mounted read-only as a directory of the container. @default none */
    readonly configMap?: { readonly name: pulumi.Input<string>; readonly mountPath: string };
    /** Containers that must finish before the workload's starts. @default none */
    readonly initContainers?: readonly k8s.types.input.core.v1.Container[];
    /** Annotations of the pods (e.g. App Mesh egress exceptions, a checksum of mounted config). @default none */
    readonly podAnnotations?: Readonly<Record<string, string>>;
    /** Resources the Deployment must wait for (e.g. the Service whose name the app resolves at start). @default none */
    readonly deploymentDependsOn?: pulumi.Resource[];
    /**
     * How a stopping pod leaves: a preStop sleep (Kubernetes' own `sleep` handler, so the image needs
     * no `sleep` binary) that keeps it serving while callers stop sending to it, and the grace period
     * it gets in all. Needed for VPC Lattice targets (see LATTICE_TARGET_TERMINATION).
     * @default no preStop hook, TERMINATION_GRACE_SECONDS
     */
    readonly termination?: PodTermination;
}

export interface PodTermination {
    /** Seconds the preStop hook sleeps before the container gets SIGTERM. */
    readonly preStopSleepSeconds: number;
    /** The pod's terminationGracePeriodSeconds; it must exceed the preStop sleep. */
    readonly gracePeriodSeconds: number;
}

export interface ContainerResources {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly cpu: string; readonly memory: string };
}

/** Envoy's pre-stop hook drains for 20 s (chart default); pods get time for it and for the app to stop. */
export const TERMINATION_GRACE_SECONDS = 45;

/**
 * The listener of a virtual node: health checks on the port the app serves, and for HTTP, outlier
 * detection (eject a pod after 5 server errors), a connection pool and timeouts.
 */
function listenerFor(args: Pick<MeshedWorkloadArgs, "port" | "listenerPort" | "protocol" | "health">): VirtualNodeListener {
    const port = args.listenerPort ?? args.port;
    const healthCheck: HealthCheck | undefined =
        port !== args.port
            ? undefined // The listener is not where the app serves (yelb-ui's walkthrough listener).
            : {
                  protocol: args.health.kind === "http" && args.protocol === "http" ? "http" : "tcp",
                  port,
                  ...(args.health.kind === "http" && args.protocol === "http" ? { path: args.health.path } : {}),
                  healthyThreshold: 2,
                  unhealthyThreshold: 3,
                  intervalMillis: 10000,
                  timeoutMillis: 5000,
              };
    const base = { portMapping: { port, protocol: args.protocol }, ...(healthCheck ? { healthCheck } : {}) };
    if (args.protocol === "http") {
        return {
            ...base,
            outlierDetection: {
                maxServerErrors: 5,
                interval: { unit: "s", value: 10 },
                baseEjectionDuration: { unit: "s", value: 30 },
                maxEjectionPercent: 50,
            },
            connectionPool: { http: { maxConnections: 512, maxPendingRequests: 1024 } },
            timeout: { http: { perRequest: { unit: "s", value: 15 }, idle: { unit: "s", value: 300 } } },
        };
    }
    // Redis and Postgres clients keep connections open: a long idle timeout, a bounded pool.
    return { ...base, connectionPool: { tcp: { maxConnections: 512 } }, timeout: { tcp: { idle: { unit: "s", value: 3600 } } } };
}

function probeFor(args: Pick<MeshedWorkloadArgs, "port" | "health">) {
    return args.health.kind === "http" ? { httpGet: { path: args.health.path, port: args.port } } : { tcpSocket: { port: args.port } };
}

/**
 * One Yelb service in the mesh: its VirtualNode, a service account whose IAM role lets its Envoy
 * sidecar stream configuration for this virtual node only, its Deployment and its Service. The
 * Deployment waits for the VirtualNode, because the sidecar injector matches pods to it.
 */
export class MeshedWorkload extends pulumi.ComponentResource {
    /** The VirtualNode; undefined when the workload is not meshed. */
    readonly virtualNode?: AppMeshObject;
    readonly service: k8s.core.v1.Service;
    readonly deployment: k8s.apps.v1.Deployment;
    /** The Envoy sidecar's role; undefined when the workload is not meshed. */
    readonly envoyRoleArn?: pulumi.Output<string>;

    constructor(name: string, args: MeshedWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:apps:MeshedWorkload", name, {}, opts);
        const { workloadName } = args;
        const namespace = args.namespace.resource.metadata.name;
        const labels = { app: workloadName, tier: args.tier };

        const meshed = args.meshed ?? true;
        this.virtualNode = !meshed
            ? undefined
            : appMeshObject(
            `${name}-virtual-node`,
            {
                kind: "VirtualNode",
                name: workloadName,
                namespace,
                spec: {
                    podSelector: { matchLabels: { app: workloadName } },
                    listeners: [listenerFor(args)],
                    serviceDiscovery: args.serviceDiscovery,
                    ...(args.backends ? { backends: args.backends } : {}),
                },
            },
            { parent: this, dependsOn: args.virtualNodeDependsOn },
        );

        const virtualNode = this.virtualNode;
        const envoyRole = !virtualNode
            ? undefined
            : new ServiceAccountRole(
            `${name}-envoy`,
            {
                description: `Envoy sidecar of ${args.namespace.name}/${workloadName}: its own virtual node only`,
                oidcProviderArn: args.cluster.oidcProviderArn,
                oidcProviderUrl: args.cluster.oidcProviderUrl,
                namespace: args.namespace.name,
                serviceAccount: workloadName,
                policy: virtualNode.arn.apply((arn) =>
                    policyDocument({ Effect: "Allow", Action: ["appmesh:StreamAggregatedResources"], Resource: arn }),
                ),
            },
            { parent: this },
        );
        this.envoyRoleArn = envoyRole?.arn;

        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: {
                    name: workloadName,
                    namespace,
                    ...(envoyRole ? { annotations: { "eks.amazonaws.com/role-arn": envoyRole.arn } } : {}),
                },
            },
            { parent: this },
        );

        const probe = probeFor(args);
        const mounts = [
            ...(args.volume ? [{ name: "data", mountPath: args.volume.mountPath }] : []),
            ...(args.configMap ? [{ name: "config", mountPath: args.configMap.mountPath, readOnly: true }] : []),
        ];
        const volumes = [
            ...(args.volume ? [{ name: "data", persistentVolumeClaim: { claimName: args.volume.claimName } }] : []),
            ...(args.configMap ? [{ name: "config", configMap: { name: args.configMap.name } }] : []),
        ];
        const spread = args.replicas >= 2;
        const termination = args.termination;
        if (termination && !(termination.gracePeriodSeconds > termination.preStopSleepSeconds)) {
            throw new Error(`${workloadName}: the grace period (${termination.gracePeriodSeconds} s) must exceed the preStop sleep (${termination.preStopSleepSeconds} s)`);
        }
        this.deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: { name: workloadName, namespace, labels },
                spec: {
                    replicas: args.replicas,
                    selector: { matchLabels: labels },
                    // A volume attaches to one node at a time: stop the old pod before starting the new.
                    strategy: args.volume ? { type: "Recreate" } : { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
                    template: {
                        metadata: { labels, ...(args.podAnnotations ? { annotations: { ...args.podAnnotations } } : {}) },
                        spec: {
                            serviceAccountName: serviceAccount.metadata.name,
                            terminationGracePeriodSeconds: termination?.gracePeriodSeconds ?? TERMINATION_GRACE_SECONDS,
                            ...(spread
                                ? {
                                      topologySpreadConstraints: [
                                          { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: labels } },
                                      ],
                                  }
                                : {}),
                            ...(args.initContainers ? { initContainers: [...args.initContainers] } : {}),
                            containers: [
                                {
                                    name: workloadName,
                                    image: args.image,
                                    ...(args.command ? { command: [...args.command] } : {}),
                                    ports: [{ containerPort: args.port }],
                                    ...(args.env ? { env: [...args.env] } : {}),
                                    resources: args.resources,
                                    readinessProbe: { ...probe, periodSeconds: 10, failureThreshold: 3 },
                                    livenessProbe: { ...probe, initialDelaySeconds: 30, periodSeconds: 20, failureThreshold: 3 },
                                    securityContext: { allowPrivilegeEscalation: false },
                                    ...(termination ? { lifecycle: { preStop: { sleep: { seconds: termination.preStopSleepSeconds } } } } : {}),
                                    ...(mounts.length > 0 ? { volumeMounts: mounts } : {}),
                                },
                            ],
                            ...(volumes.length > 0 ? { volumes } : {}),
                        },
                    },
                },
            },
            {
                parent: this,
                // The namespace explicitly too: its labels (mesh, sidecar injector, Lattice readiness
                // gate) act only on pods created after them.
                dependsOn: [args.namespace.resource, ...(virtualNode ? [virtualNode.resource] : []), ...(envoyRole ? [envoyRole] : []), ...(args.deploymentDependsOn ?? [])],
            },
        );
        if (spread) {
            new k8s.policy.v1.PodDisruptionBudget(
                `${name}-pdb`,
                { metadata: { name: workloadName, namespace, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: labels } } },
                { parent: this },
            );
        }

        this.service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: { name: workloadName, namespace, labels },
                spec: {
                    type: args.serviceType ?? "ClusterIP",
                    selector: labels,
                    ports: [{ port: args.servicePort ?? args.port, targetPort: args.port, protocol: "TCP" }],
                },
            },
            { parent: this },
        );

        this.registerOutputs({ virtualNodeArn: this.virtualNode?.arn, envoyRoleArn: this.envoyRoleArn });
    }
}
