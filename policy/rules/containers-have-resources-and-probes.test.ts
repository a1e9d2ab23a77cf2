import { expect } from "chai";
import { record, violation, violationsOf } from "../../test/helpers/policy";

/**
 * The rule over synthetic records shaped like the recorder's: it fires on a bad resource with its
 * exact message, and stays silent on a good one.
 */

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";

describe("policy containers-have-resources-and-probes", () => {
    const POLICY = "containers-have-resources-and-probes";
    const workload = (type: string, name: string, containers: unknown[]) =>
        record(type, name, {
            apiVersion: "apps/v1",
            kind: type.split(":").pop(),
            metadata: { name, namespace: "yelb" },
            spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
        });
    const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } };
    const readinessProbe = { httpGet: { path: "/", port: 80 } };

    it("GIVEN a Deployment container with requests only WHEN evaluated THEN it fires listing what is missing", () => {
        const ui = workload(DEPLOYMENT, "yelb-ui", [{ name: "yelb-ui", image: "mreferre/yelb-ui:0.10", resources: { requests: { cpu: "100m" } } }]);
        expect(violationsOf(ui)).to.deep.equal([violation(ui, POLICY, 'container "yelb-ui" has no resources.limits or readinessProbe')]);
    });

    it("GIVEN a StatefulSet container with nothing, and empty requests WHEN evaluated THEN it fires for each container", () => {
        const redis = workload(STATEFUL_SET, "redis-server", [
            { name: "redis", image: "redis:7" },
            { name: "exporter", image: "exporter:1", resources: { requests: {}, limits: { memory: "64Mi" } }, readinessProbe },
        ]);
        expect(violationsOf(redis)).to.deep.equal([
            violation(redis, POLICY, 'container "redis" has no resources.requests, resources.limits or readinessProbe'),
            violation(redis, POLICY, 'container "exporter" has no resources.requests'),
        ]);
    });

    it("GIVEN containers with requests, limits and a readiness probe WHEN evaluated THEN it passes", () => {
        const ui = workload(DEPLOYMENT, "yelb-ui", [{ name: "yelb-ui", image: "mreferre/yelb-ui:0.10", resources, readinessProbe }]);
        const db = workload(STATEFUL_SET, "yelb-db", [{ name: "yelb-db", image: "mreferre/yelb-db:0.6", resources, readinessProbe: { tcpSocket: { port: 5432 } } }]);
        expect(violationsOf(ui, db)).to.deep.equal([]);
    });
});

describe("policy containers-have-resources-and-probes: native sidecars", () => {
    const POLICY = "containers-have-resources-and-probes";
    const resources = { requests: { cpu: "25m", memory: "32Mi" }, limits: { memory: "64Mi" } };
    const ui = { name: "yelb-ui", image: "mreferre/yelb-ui:0.6", resources, readinessProbe: { httpGet: { path: "/", port: 80 } } };
    const deployment = (initContainers: unknown[], annotations?: Record<string, string>) =>
        record("kubernetes:apps/v1:Deployment", "yelb-ui", {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "yelb-ui", namespace: "yelb" },
            spec: { template: { metadata: { labels: { app: "yelb-ui" }, ...(annotations ? { annotations } : {}) }, spec: { initContainers, containers: [ui] } } },
        });
    const sidecar = { name: "sigv4-proxy", image: "proxy:1", restartPolicy: "Always", resources };

    it("GIVEN a native sidecar with resources and no probe, unannotated WHEN evaluated THEN it fires for its readinessProbe", () => {
        const d = deployment([sidecar]);
        expect(violationsOf(d)).to.deep.equal([violation(d, POLICY, 'native sidecar "sigv4-proxy" has no readinessProbe')]);
    });

    it("GIVEN the pod's annotation names the sidecar with a reason WHEN evaluated THEN its probe is excused, never its resources", () => {
        const reason = { "yelb/no-readiness-probe": "sigv4-proxy: listens on 127.0.0.1 only" };
        expect(violationsOf(deployment([sidecar], reason))).to.deep.equal([]);
        const bare = deployment([{ ...sidecar, resources: undefined }], reason);
        expect(violationsOf(bare)).to.deep.equal([violation(bare, POLICY, 'native sidecar "sigv4-proxy" has no resources.requests or resources.limits')]);
    });

    it("GIVEN the annotation without a reason, or naming an ordinary container WHEN evaluated THEN nothing is excused", () => {
        const noReason = deployment([sidecar], { "yelb/no-readiness-probe": "sigv4-proxy:" });
        expect(violationsOf(noReason)).to.deep.equal([violation(noReason, POLICY, 'native sidecar "sigv4-proxy" has no readinessProbe')]);
        const plain = record("kubernetes:apps/v1:Deployment", "yelb-ui", {
            spec: { template: { metadata: { annotations: { "yelb/no-readiness-probe": "yelb-ui: no reason to probe" } }, spec: { containers: [{ ...ui, readinessProbe: undefined }] } } },
        });
        expect(violationsOf(plain)).to.deep.equal([violation(plain, POLICY, 'container "yelb-ui" has no readinessProbe')]);
    });

    it("GIVEN an ordinary init container (runs to completion) WHEN evaluated THEN it is not checked", () => {
        expect(violationsOf(deployment([{ name: "wait-for-upstream", image: "busybox:1" }]))).to.deep.equal([]);
    });
});
