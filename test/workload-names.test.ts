import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { SimulatedCloud, newClusterState } from "../tools/sim/cloud";
import { RecordedResource, recordResources } from "../tools/sim/recorder";

// Waits for the runtime's outstanding registrations; internal to @pulumi/pulumi, hence untyped.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };

const MESH = "shop-mesh";
const cluster = { oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE", oidcProviderUrl: "https://oidc.eks.us-west-2.amazonaws.com/id/EXAMPLE" };

/** Declares what `declare` builds in one mocked stack, and returns every resource registered. */
async function declared(declare: () => Promise<void>): Promise<RecordedResource[]> {
    const state = newClusterState();
    state.meshes.set(MESH, { awsName: MESH, owner: "111111111111" });
    await pulumi.runtime.setMocks(new SimulatedCloud({ account: { accountId: "111111111111", region: "us-west-2", cluster: state }, stacks: () => undefined }), "apps", "two-of-each", false, "organization");
    const resources = recordResources();
    await declare();
    await waitForRPCs();
    return resources;
}

function duplicateUrns(resources: RecordedResource[]): string[] {
    const urns = resources.map((r) => r.urn);
    return [...new Set(urns.filter((urn, i) => urns.indexOf(urn) !== i))];
}

describe("two instances of each workload component in one stack", () => {
    it("GIVEN two YelbBackends, two YelbFrontends and two MeshedWorkloads WHEN declared THEN no two resources share a URN", async () => {
        const resources = await declared(async () => {
            // Imported after the mocks are set, as Pulumi's unit-testing guide asks.
            const { YelbBackend } = await import("../shared/components/yelb-backend");
            const { YelbFrontend } = await import("../shared/components/yelb-frontend");
            const { MeshedWorkload } = await import("../shared/components/meshed-workload");
            const { meshNamespace } = await import("../shared/components/mesh-namespace");
            for (const name of ["votes", "polls"]) {
                new YelbBackend(name, {
                    namespace: `${name}-backend`,
                    cluster,
                    appMesh: { meshName: MESH, cloudMapNamespaceId: "ns-0123456789abcdef", cloudMapNamespaceName: "am-multi-account.local" },
                    images: { redis: "redis:4.0.2", db: "mreferre/yelb-db:0.5", appserver: "mreferre/yelb-appserver:0.5" },
                    databaseVolumeSize: "10Gi",
                });
                new YelbFrontend(name, {
                    namespace: `${name}-frontend`,
                    cluster,
                    image: "mreferre/yelb-ui:0.6",
                    appMesh: {
                        meshName: MESH,
                        appserver: { virtualServiceArn: `arn:aws:appmesh:us-west-2:111111111111:mesh/${MESH}/virtualService/yelb-appserver`, serviceName: "yelb-appserver", port: 4567 },
                    },
                    upstream: "appmesh",
                });
            }
            const namespace = meshNamespace("extra-namespace", { namespace: "extra", meshName: MESH }, {});
            for (const name of ["cache-a", "cache-b"]) {
                new MeshedWorkload(name, {
                    workloadName: name,
                    namespace,
                    tier: "cache",
                    image: "redis:4.0.2",
                    port: 6379,
                    protocol: "tcp",
                    serviceDiscovery: { dns: { hostname: `${name}.extra.svc.cluster.local` } },
                    cluster,
                    replicas: 2,
                    resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "256Mi" } },
                    health: { kind: "tcp" },
                });
            }
        });
        const workloads = resources.filter((r) => r.type === "yelb:apps:MeshedWorkload").map((r) => r.name);
        expect(workloads).to.have.members([
            "votes-redis", "votes-db", "votes-appserver", "votes-ui",
            "polls-redis", "polls-db", "polls-appserver", "polls-ui",
            "cache-a", "cache-b",
        ]);
        expect(duplicateUrns(resources)).to.deep.equal([]);
    });
});
