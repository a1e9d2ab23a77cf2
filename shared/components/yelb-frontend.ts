import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appMeshObject } from "../appmesh/crds";
import { ClusterIdentity, MeshedWorkload } from "./meshed-workload";
import { meshNamespace } from "./mesh-namespace";

export interface YelbFrontendArgs {
    /** The Kubernetes namespace the UI's objects live in; created here, labelled into the mesh. */
    readonly namespace: string;
    /** The App Mesh mesh the namespace joins (its `mesh` label). */
    readonly meshName: string;
    /** The frontend cluster, for the UI's IAM role for service accounts. */
    readonly cluster: ClusterIdentity;
    /** yelb-ui's container image. */
    readonly image: string;
    /** The backend account's yelb-appserver: its VirtualService ARN, Service name and port. */
    readonly appserver: { readonly virtualServiceArn: string; readonly serviceName: string; readonly port: number };
}

/**
 * Yelb's UI in the frontend account. Its VirtualNode calls the backend's yelb-appserver by the
 * VirtualService ARN the backend stack exported, the value the walkthrough had pasted by hand.
 */
export class YelbFrontend extends pulumi.ComponentResource {
    readonly applicationUrl: pulumi.Output<string>;

    constructor(name: string, args: YelbFrontendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:apps:YelbFrontend", name, {}, opts);
        const ns = meshNamespace(`${name}-namespace`, { namespace: args.namespace, meshName: args.meshName }, { parent: this });

        const ui = new MeshedWorkload(
            `${name}-ui`,
            {
                workloadName: "yelb-ui",
                namespace: ns,
                cluster: args.cluster,
                tier: "frontend",
                image: args.image,
                port: 80,
                // The walkthrough's listener; the UI's own port 80 stays outside Envoy's listener.
                listenerPort: 4567,
                protocol: "http",
                serviceDiscovery: { dns: { hostname: `yelb-ui.${args.namespace}.svc.cluster.local` } },
                backends: [{ virtualService: { virtualServiceARN: args.appserver.virtualServiceArn } }],
                serviceType: "LoadBalancer",
                replicas: 2,
                resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } },
                health: { kind: "http", path: "/" },
            },
            { parent: this },
        );
        appMeshObject(
            `${name}-ui-virtual-service`,
            {
                kind: "VirtualService",
                name: "yelb-ui",
                namespace: ns.resource.metadata.name,
                spec: { awsName: "yelb-ui", provider: { virtualNode: { virtualNodeRef: { name: "yelb-ui" } } } },
            },
            { parent: this, dependsOn: [ui.virtualNode.resource] },
        );

        // No pods behind it: it gives the UI a resolvable name; Envoy carries the calls through the
        // mesh to the backend account.
        new k8s.core.v1.Service(
            `${name}-appserver-name`,
            {
                metadata: { name: args.appserver.serviceName, namespace: ns.resource.metadata.name },
                spec: { type: "ClusterIP", ports: [{ port: args.appserver.port, protocol: "TCP" }] },
            },
            { parent: this },
        );

        this.applicationUrl = ui.service.status.apply((s) => {
            const ingress = s?.loadBalancer?.ingress?.[0];
            return `http://${ingress?.hostname ?? ingress?.ip}`;
        });
        this.registerOutputs({ applicationUrl: this.applicationUrl });
    }
}
