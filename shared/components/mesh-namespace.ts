import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** A namespace in the mesh, as the workloads inside it need it. */
export interface MeshNamespace {
    /** The namespace's Kubernetes name, known before deployment (IAM trust policies, DNS names). */
    readonly name: string;
    /** The Namespace object; objects inside name it through `resource.metadata.name`, so they wait for it. */
    readonly resource: k8s.core.v1.Namespace;
}

/**
 * The namespace label that makes the AWS Gateway API Controller's webhook give new pods a readiness
 * gate that turns true only once the pod is healthy in its VPC Lattice target group
 * (docs/guides/pod-readiness-gates.md and helm/templates/webhook.yaml's namespaceSelector, v2.1.3).
 */
export const LATTICE_READINESS_GATE_LABEL = { "application-networking.k8s.aws/pod-readiness-gate-inject": "enabled" } as const;

/**
 * A namespace, inside the mesh when a mesh is named: `mesh: <mesh>` makes its App Mesh objects join the mesh (the Mesh
 * CR's namespace selector), and the injector label gives its pods an Envoy sidecar. With
 * `latticeReadinessGate`, it also carries LATTICE_READINESS_GATE_LABEL from its creation on: the
 * webhook acts only when a pod is created, so the label must be there before the first pod.
 */
export function meshNamespace(
    name: string,
    args: { namespace: string; meshName?: string; latticeReadinessGate?: boolean },
    opts: pulumi.CustomResourceOptions,
): MeshNamespace {
    // Without a mesh (Lattice only) the namespace carries no App Mesh label: no controller would answer it.
    const labels = {
        ...(args.meshName === undefined ? {} : { mesh: args.meshName, "appmesh.k8s.aws/sidecarInjectorWebhook": "enabled" }),
        ...(args.latticeReadinessGate ? LATTICE_READINESS_GATE_LABEL : {}),
    };
    const resource = new k8s.core.v1.Namespace(name, { metadata: { name: args.namespace, ...(Object.keys(labels).length > 0 ? { labels } : {}) } }, opts);
    return { name: args.namespace, resource };
}
