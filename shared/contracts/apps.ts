import { defineContract } from "./contract";

/** Outputs of the backend apps stack for people, outside the contract (no stack reads them): its Lattice alarms and dashboard. */
export const APPS_BACKEND_VISIBILITY_OUTPUTS = { alarmNames: "latticeAlarmNames", dashboardUrl: "latticeDashboardUrl", alarmTopicArn: "latticeAlarmTopicArn" } as const;

/** What the backend apps stack exports whatever its transport. */
export const appsBackendContract = defineContract("apps (backend account)", {
    transport: { kind: "string", description: "The environment's transport: appmesh, lattice or both (apps:transport)" },
    yelbAppserverServiceName: { kind: "string", description: "The yelb-appserver Kubernetes Service name" },
    yelbAppserverPort: { kind: "number", description: "The port yelb-appserver listens on" },
    namespace: { kind: "string", description: "The Kubernetes namespace of the Yelb workloads" },
} as const);

/** The backend's App Mesh part: above all, the ARN yelb-ui's VirtualNode calls. */
export const appsBackendAppMeshContract = defineContract("apps (backend account, App Mesh)", {
    yelbAppserverVirtualServiceArn: {
        kind: "string",
        headline: true,
        description: "The yelb-appserver VirtualService ARN, as the App Mesh controller wrote it in the CR's status",
    },
} as const);

/** The backend's Lattice part: the name yelb-ui calls, as the Gateway API Controller wrote it on the route. */
export const appsBackendLatticeContract = defineContract("apps (backend account, Lattice)", {
    yelbAppserverServiceDnsName: { kind: "string", headline: true, description: "The yelb-appserver Lattice service's DNS name, from the route's write-back" },
    yelbAppserverServiceArn: { kind: "string", description: "The yelb-appserver Lattice service's ARN, from the route's write-back" },
} as const);

/** What the frontend apps stack exports. */
export const appsFrontendContract = defineContract("apps (frontend account)", {
    transport: { kind: "string", description: "The environment's transport: appmesh, lattice or both (apps:transport)" },
    applicationUrl: { kind: "string", description: "The URL of yelb-ui's load balancer" },
    namespace: { kind: "string", description: "The Kubernetes namespace of the Yelb workloads" },
} as const);
