import { expect } from "chai";
import { examplePlan, latticeExamplePlan, resourcesOfType, stackOf, theResource } from "./helpers/plan";
import { RecordedResource } from "../tools/sim/recorder";

const CR = (kind: string) => `kubernetes:appmesh.k8s.aws/v1beta2:${kind}`;
const byName = (resources: RecordedResource[], name: string) => resources.find((r) => (r.inputs.metadata as any)?.name === name)!;

describe("resilience in the mesh and the workloads", () => {
    it("GIVEN the appserver route WHEN planned THEN it retries only server, gateway and connection errors, within timeouts", async () => {
        const router = theResource(stackOf(await examplePlan(), "apps-backend"), CR("VirtualRouter"));
        const { retryPolicy, timeout } = (router.inputs.spec as any).routes[0].httpRoute;
        expect(retryPolicy.httpRetryEvents).to.have.members(["server-error", "gateway-error"]);
        expect(retryPolicy.httpRetryEvents).to.not.include("client-error");
        expect(retryPolicy.tcpRetryEvents).to.deep.equal(["connection-error"]);
        expect(retryPolicy.perRetryTimeout).to.deep.equal({ unit: "ms", value: 2000 });
        expect(timeout.perRequest).to.deep.equal({ unit: "s", value: 15 });
        // Every try fits in the overall timeout.
        expect((retryPolicy.maxRetries + 1) * retryPolicy.perRetryTimeout.value).to.be.below(timeout.perRequest.value * 1000);
    });

    it("GIVEN the virtual nodes WHEN planned THEN health checks match each serving port and HTTP listeners eject failing pods", async () => {
        const nodes = resourcesOfType(stackOf(await examplePlan(), "apps-backend"), CR("VirtualNode"));
        const listener = (name: string) => (byName(nodes, name).inputs.spec as any).listeners[0];
        expect(listener("yelb-appserver").healthCheck).to.include({ protocol: "http", port: 4567, path: "/api/hostname" });
        expect(listener("redis-server").healthCheck).to.include({ protocol: "tcp", port: 6379 });
        expect(listener("yelb-db").healthCheck).to.include({ protocol: "tcp", port: 5432 });
        expect(listener("yelb-appserver").outlierDetection).to.deep.equal({
            maxServerErrors: 5,
            interval: { unit: "s", value: 10 },
            baseEjectionDuration: { unit: "s", value: 30 },
            maxEjectionPercent: 50,
        });
        expect(listener("yelb-appserver").connectionPool).to.deep.equal({ http: { maxConnections: 512, maxPendingRequests: 1024 } });
        expect(listener("yelb-appserver").timeout.http.perRequest).to.deep.equal({ unit: "s", value: 15 });
        expect(listener("redis-server")).to.not.have.property("outlierDetection");
    });

    it("GIVEN every container WHEN planned THEN it has requests, limits, readiness and liveness probes on its serving port", async () => {
        const probes: Record<string, object> = {
            "redis-server": { tcpSocket: { port: 6379 } },
            "yelb-db": { tcpSocket: { port: 5432 } },
            "yelb-appserver": { httpGet: { path: "/api/hostname", port: 4567 } },
            "yelb-ui": { httpGet: { path: "/", port: 80 } },
        };
        const p = await examplePlan();
        const deployments = [...resourcesOfType(stackOf(p, "apps-backend"), "kubernetes:apps/v1:Deployment"), ...resourcesOfType(stackOf(p, "apps-frontend"), "kubernetes:apps/v1:Deployment")];
        expect(deployments).to.have.lengthOf(4);
        for (const d of deployments) {
            for (const c of (d.inputs.spec as any).template.spec.containers) {
                expect(c.resources.requests, c.name).to.have.keys("cpu", "memory");
                expect(c.resources.limits, c.name).to.have.keys("cpu", "memory");
                expect(c.readinessProbe, c.name).to.deep.equal({ ...probes[c.name], periodSeconds: 10, failureThreshold: 3 });
                expect(c.livenessProbe, c.name).to.deep.equal({ ...probes[c.name], initialDelaySeconds: 30, periodSeconds: 20, failureThreshold: 3 });
            }
            // Envoy's 20 s drain and the app's own shutdown fit in the grace period.
            expect((d.inputs.spec as any).template.spec.terminationGracePeriodSeconds).to.equal(45);
        }
    });

    it("GIVEN the stateless services of both transports WHEN planned THEN two or more replicas spread across zones behind a PodDisruptionBudget, and rollouts add before they remove", async () => {
        for (const p of [await examplePlan(), await latticeExamplePlan()])
        for (const [role, name] of [["apps-backend", "yelb-appserver"], ["apps-frontend", "yelb-ui"]] as const) {
            const stack = stackOf(p, role);
            const spec = byName(resourcesOfType(stack, "kubernetes:apps/v1:Deployment"), name).inputs.spec as any;
            expect(spec.replicas).to.equal(2);
            // An image update starts a new pod and waits for it to be ready before stopping an old one.
            expect(spec.strategy, `${p.environment} ${name}`).to.deep.equal({ type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
            expect(spec.template.spec.topologySpreadConstraints[0]).to.include({ topologyKey: "topology.kubernetes.io/zone", maxSkew: 1 });
            const pdb = byName(resourcesOfType(stack, "kubernetes:policy/v1:PodDisruptionBudget"), name);
            expect((pdb.inputs.spec as any).selector.matchLabels).to.deep.equal(spec.selector.matchLabels);
            // A drain evicts one pod at a time and waits: one stays ready, and the other can always go (replicas > maxUnavailable).
            expect((pdb.inputs.spec as any).maxUnavailable).to.equal(1);
            expect(spec.replicas - (pdb.inputs.spec as any).maxUnavailable).to.be.at.least(1);
        }
    });

    it("GIVEN Postgres WHEN planned THEN its data lives on an encrypted gp3 EBS volume that outlives the pod, its claim and its stack", async () => {
        const backend = stackOf(await examplePlan(), "apps-backend");
        const storageClass = theResource(backend, "kubernetes:storage.k8s.io/v1:StorageClass");
        expect(storageClass.inputs).to.include({ provisioner: "ebs.csi.aws.com", volumeBindingMode: "WaitForFirstConsumer", reclaimPolicy: "Retain" });
        expect(storageClass.inputs.parameters).to.deep.equal({ type: "gp3", encrypted: "true" });
        const claim = theResource(backend, "kubernetes:core/v1:PersistentVolumeClaim");
        // Pulumi refuses to replace or delete it, and drops it from the state without deleting it.
        expect([claim.protect, claim.retainOnDelete]).to.deep.equal([true, true]);
        // The StorageClass's name as a value, not its output: replacing the class leaves the claim's inputs alone.
        expect(claim.dependencies).to.include(storageClass.urn);
        expect((claim.inputs.spec as any).storageClassName).to.equal("yelb-gp3-encrypted");
        expect((claim.inputs.spec as any).resources.requests.storage).to.equal("10Gi");
        const db = byName(resourcesOfType(backend, "kubernetes:apps/v1:Deployment"), "yelb-db").inputs.spec as any;
        expect(db.strategy).to.deep.equal({ type: "Recreate" });
        expect(db.template.spec.volumes).to.deep.equal([{ name: "data", persistentVolumeClaim: { claimName: "yelb-db-data" } }]);
        const container = db.template.spec.containers[0];
        expect(container.volumeMounts).to.deep.equal([{ name: "data", mountPath: "/var/lib/postgresql/data" }]);
        expect(container.env).to.deep.equal([{ name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" }]);
    });

    it("GIVEN the controllers WHEN planned THEN injected Envoys get requests and limits", async () => {
        const p = await examplePlan();
        for (const role of ["mesh-owner", "mesh-participant"] as const) {
            const values = theResource(stackOf(p, role), "kubernetes:helm.sh/v3:Release").inputs.values as any;
            expect(values.sidecar.resources.limits).to.deep.equal({ cpu: "500m", memory: "256Mi" });
            expect(values.sidecar.resources.requests).to.deep.equal({ cpu: "10m", memory: "32Mi" });
        }
    });
});
