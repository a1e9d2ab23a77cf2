import { expect } from "chai";
import { record, violation, violationsOf } from "../../test/helpers/policy";

/**
 * The rule over synthetic records shaped like the recorder's: it fires on a bad resource with its
 * exact message, and stays silent on a good one.
 */

const VIRTUAL_ROUTER = "kubernetes:appmesh.k8s.aws/v1beta2:VirtualRouter";

describe("policy no-client-error-retries", () => {
    const POLICY = "no-client-error-retries";
    const router = (routes: unknown[]) =>
        record(VIRTUAL_ROUTER, "appserver-router", {
            apiVersion: "appmesh.k8s.aws/v1beta2",
            kind: "VirtualRouter",
            metadata: { name: "yelb-appserver", namespace: "yelb" },
            spec: { listeners: [{ portMapping: { port: 4567, protocol: "http" } }], routes },
        });
    const retry = (events: string[]) => ({ maxRetries: 2, perRetryTimeout: { unit: "ms", value: 2000 }, httpRetryEvents: events });

    it("GIVEN an httpRoute and an http2Route that retry client-error WHEN evaluated THEN each fires", () => {
        const bad = router([
            { name: "appserver", httpRoute: { match: { prefix: "/" }, retryPolicy: retry(["server-error", "client-error"]) } },
            { http2Route: { match: { prefix: "/" }, retryPolicy: retry(["client-error"]) } },
        ]);
        expect(violationsOf(bad)).to.deep.equal([
            violation(bad, POLICY, 'route "appserver" (httpRoute) retries on client-error; retry only server-error, gateway-error or stream-error'),
            violation(bad, POLICY, "route 1 (http2Route) retries on client-error; retry only server-error, gateway-error or stream-error"),
        ]);
    });

    it("GIVEN routes retrying server and gateway errors, or not retrying WHEN evaluated THEN it passes", () => {
        const good = router([
            { name: "appserver", httpRoute: { match: { prefix: "/" }, retryPolicy: retry(["server-error", "gateway-error"]) } },
            { name: "plain", httpRoute: { match: { prefix: "/api" } } },
        ]);
        expect(violationsOf(good)).to.deep.equal([]);
    });
});
