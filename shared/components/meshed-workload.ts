import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AppMeshObject, Protocol, ServiceDiscovery, VirtualNodeBackend, appMeshObject } from "../appmesh/crds";
import { policyDocument } from "../iam";
import { ServiceAccountRole } from "./service-account-role";

/** The cluster a workload runs in, for its IAM role for service accounts. */
export interface ClusterIdentity {
    readonly oidcProviderArn: string;
    readonly oidcProviderUrl: string;
}

export interface MeshedWorkloadArgs {
    /** The Kubernetes namespace; it must carry the mesh label and sidecar injection label. */
    readonly namespace: pulumi.Input<string>;
    /** Plain namespace name, for the IAM trust policy and DNS names. */
    readonly namespaceName: string;
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
}

/**
 * One Yelb service in the mesh: its VirtualNode, a service account whose IAM role lets its Envoy
 * sidecar stream configuration for this virtual node only, its Deployment and its Service. The
 * Deployment waits for the VirtualNode, because the sidecar injector matches pods to it.
 */
export class MeshedWorkload extends pulumi.ComponentResource {
    readonly virtualNode: AppMeshObject;
    readonly service: k8s.core.v1.Service;
    readonly deployment: k8s.apps.v1.Deployment;
    readonly envoyRoleArn: pulumi.Output<string>;

    constructor(name: string, args: MeshedWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:apps:MeshedWorkload", name, {}, opts);
        const labels = { app: name, tier: args.tier };

        this.virtualNode = appMeshObject(
            `${name}-virtual-node`,
            {
                kind: "VirtualNode",
                name,
                namespace: args.namespace,
                spec: {
                    podSelector: { matchLabels: { app: name } },
                    listeners: [{ portMapping: { port: args.listenerPort ?? args.port, protocol: args.protocol } }],
                    serviceDiscovery: args.serviceDiscovery,
                    ...(args.backends ? { backends: args.backends } : {}),
                },
            },
            { parent: this, dependsOn: args.virtualNodeDependsOn },
        );

        const envoyRole = new ServiceAccountRole(
            `${name}-envoy`,
            {
                description: `Envoy sidecar of ${args.namespaceName}/${name}: its own virtual node only`,
                oidcProviderArn: args.cluster.oidcProviderArn,
                oidcProviderUrl: args.cluster.oidcProviderUrl,
                namespace: args.namespaceName,
                serviceAccount: name,
                policy: this.virtualNode.arn.apply((arn) =>
                    policyDocument({ Effect: "Allow", Action: ["appmesh:StreamAggregatedResources"], Resource: arn }),
                ),
            },
            { parent: this },
        );
        this.envoyRoleArn = envoyRole.arn;

        const serviceAccount = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            {
                metadata: {
                    name,
                    namespace: args.namespace,
                    annotations: { "eks.amazonaws.com/role-arn": envoyRole.arn },
                },
            },
            { parent: this },
        );

        this.deployment = new k8s.apps.v1.Deployment(
            `${name}-deployment`,
            {
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    replicas: 1,
                    selector: { matchLabels: labels },
                    template: {
                        metadata: { labels },
                        spec: {
                            serviceAccountName: serviceAccount.metadata.name,
                            containers: [{ name, image: args.image, ports: [{ containerPort: args.port }] }],
                        },
                    },
                },
            },
            { parent: this, dependsOn: [this.virtualNode.resource, envoyRole] },
        );

        this.service = new k8s.core.v1.Service(
            `${name}-service`,
            {
                metadata: { name, namespace: args.namespace, labels },
                spec: {
                    type: args.serviceType ?? "ClusterIP",
                    selector: labels,
                    ports: [{ port: args.servicePort ?? args.port, targetPort: args.port, protocol: "TCP" }],
                },
            },
            { parent: this },
        );

        this.registerOutputs({ virtualNodeArn: this.virtualNode.arn, envoyRoleArn: this.envoyRoleArn });
    }
}
