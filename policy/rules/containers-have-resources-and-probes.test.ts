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
