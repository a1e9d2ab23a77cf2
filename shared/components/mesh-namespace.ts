import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * A namespace inside the mesh: `mesh: <mesh>` makes its App Mesh objects join the mesh (the Mesh
 * CR's namespace selector), and the injector label gives its pods an Envoy sidecar.
 */
export function meshNamespace(name: string, args: { namespace: string; meshName: string }, opts: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        name,
        {
            metadata: {
                name: args.namespace,
                labels: { mesh: args.meshName, "appmesh.k8s.aws/sidecarInjectorWebhook": "enabled" },
            },
        },
        opts,
    );
}
