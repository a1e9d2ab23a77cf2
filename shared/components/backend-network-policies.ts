import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/** A server whose pods accept connections only from the clients. */
export interface ProtectedServer {
    /** The NetworkPolicy's Kubernetes name. */
    readonly policyName: string;
    /** Labels selecting the server's pods. */
    readonly podLabels: Readonly<Record<string, string>>;
    /** The one TCP port the client may open. */
    readonly port: number;
}

export interface BackendNetworkPoliciesArgs {
    /** The namespace of the servers and the client. */
    readonly namespace: pulumi.Input<string>;
    /** Labels selecting each client's pods (the appserver, its canary), the only pods in the namespace that may connect. */
    readonly clients: readonly Readonly<Record<string, string>>[];
    /** The servers to close to everything else. */
    readonly servers: readonly ProtectedServer[];
}

/**
 * One ingress NetworkPolicy per server: its pods accept TCP on their port from the clients' pods in
 * the same namespace and from nothing else (no other pod, namespace or address; the kubelet's
 * probes from the node stay allowed, as NetworkPolicy always allows the pod's own node). Enforced
 * only where the CNI enforces NetworkPolicy: the cluster turns on the VPC CNI's network policy agent.
 */
export class BackendNetworkPolicies extends pulumi.ComponentResource {
    readonly policies: k8s.networking.v1.NetworkPolicy[];

    constructor(name: string, args: BackendNetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:apps:BackendNetworkPolicies", name, {}, opts);
        this.policies = args.servers.map(
            (server) =>
                new k8s.networking.v1.NetworkPolicy(
                    `${name}-${server.policyName}`,
                    {
                        metadata: { name: server.policyName, namespace: args.namespace },
                        spec: {
                            podSelector: { matchLabels: { ...server.podLabels } },
                            policyTypes: ["Ingress"],
                            ingress: [
                                {
                                    from: args.clients.map((labels) => ({ podSelector: { matchLabels: { ...labels } } })),
                                    ports: [{ protocol: "TCP", port: server.port }],
                                },
                            ],
                        },
                    },
                    { parent: this },
                ),
        );
        this.registerOutputs({ policyNames: args.servers.map((s) => s.policyName) });
    }
}
