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
 * A namespace, inside the mesh when a mesh is named: `mesh: <mesh>` makes its App Mesh objects join the mesh (the Mesh
 * CR's namespace selector), and the injector label gives its pods an Envoy sidecar.
 */
export function meshNamespace(name: string, args: { namespace: string; meshName?: string }, opts: pulumi.CustomResourceOptions): MeshNamespace {
    // Without a mesh (Lattice only) the namespace carries no App Mesh label: no controller would answer it.
    const labels = args.meshName === undefined ? undefined : { mesh: args.meshName, "appmesh.k8s.aws/sidecarInjectorWebhook": "enabled" };
    const resource = new k8s.core.v1.Namespace(name, { metadata: { name: args.namespace, ...(labels ? { labels } : {}) } }, opts);
    return { name: args.namespace, resource };
}
