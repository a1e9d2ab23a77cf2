import { defineContract } from "./contract";

/** What the backend apps stack exports: above all, the ARN yelb-ui's VirtualNode calls. */
export const appsBackendContract = defineContract("apps (backend account)", {
    yelbAppserverVirtualServiceArn: {
        kind: "string",
        headline: true,
        description: "The yelb-appserver VirtualService ARN, as the App Mesh controller wrote it in the CR's status",
    },
    yelbAppserverServiceName: { kind: "string", description: "The yelb-appserver Kubernetes Service name" },
    yelbAppserverPort: { kind: "number", description: "The port yelb-appserver listens on" },
    namespace: { kind: "string", description: "The Kubernetes namespace of the Yelb workloads" },
} as const);

/** What the frontend apps stack exports. */
export const appsFrontendContract = defineContract("apps (frontend account)", {
    applicationUrl: { kind: "string", description: "The URL of yelb-ui's load balancer" },
    namespace: { kind: "string", description: "The Kubernetes namespace of the Yelb workloads" },
} as const);
