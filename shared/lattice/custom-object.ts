import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** What every typed Lattice-side object declares: kind, Kubernetes name (and namespace), annotations, spec. */
export interface CustomObjectArgs<Kind extends string, Spec> {
    readonly kind: Kind;
    /** The Kubernetes name; for namespaced kinds, in `namespace`. */
    readonly name: string;
    readonly namespace?: pulumi.Input<string>;
    readonly annotations?: Readonly<Record<string, pulumi.Input<string>>>;
    readonly spec: Spec;
}

/** Declares one custom object of an API group; `metadata` (with what controllers write back) is readable from it. */
export function customObject<Kind extends string, Spec>(
    resourceName: string,
    apiVersion: string,
    args: CustomObjectArgs<Kind, Spec>,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(
        resourceName,
        {
            apiVersion,
            kind: args.kind,
            metadata: {
                name: args.name,
                ...(args.namespace !== undefined ? { namespace: args.namespace } : {}),
                ...(args.annotations !== undefined ? { annotations: args.annotations } : {}),
            },
            spec: args.spec,
        },
        opts,
    );
}
