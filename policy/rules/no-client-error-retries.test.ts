import { expect } from "chai";
import { yelbUiNginxConf } from "../../shared/lattice/yelb-ui-proxy";
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

describe("policy no-client-error-retries, nginx configs in ConfigMaps", () => {
    const POLICY = "no-client-error-retries";
    const DNS = "yelb-appserver-yelb-0123456789abcdef0.8e9854d.vpc-lattice-svcs.us-west-2.on.aws";
    const configMap = (conf: string) =>
        record("kubernetes:core/v1:ConfigMap", "yelb-ui-nginx", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "yelb-ui-nginx" }, data: { "default.conf": conf } });

    it("GIVEN yelb-ui's generated server block WHEN evaluated THEN it passes", () => {
        expect(violationsOf(configMap(yelbUiNginxConf(DNS, 443)))).to.deep.equal([]);
    });

    it("GIVEN the block retrying 404 and non_idempotent, or unbounded WHEN evaluated THEN each is reported", () => {
        const generated = yelbUiNginxConf(DNS, 443);
        const widened = configMap(generated.replace("http_504;", "http_504 http_404 non_idempotent;"));
        expect(violationsOf(widened)).to.deep.equal([
            violation(widened, POLICY, "default.conf location /api retries on http_404; retry only error, timeout, http_502, http_503 or http_504"),
            violation(widened, POLICY, "default.conf location /api retries non-idempotent requests (non_idempotent); remove it"),
        ]);
        const unbounded = configMap(generated.replace("proxy_next_upstream_tries 3;", "proxy_next_upstream_tries 0;"));
        expect(violationsOf(unbounded).map((v) => v.message)).to.deep.equal(["default.conf location /api retries without a bound; set proxy_next_upstream_tries to a small number above 0"]);
        const untold = configMap(generated.replace("        proxy_next_upstream_tries 3;\n", ""));
        expect(violationsOf(untold).map((v) => v.message)).to.deep.equal(["default.conf location /api retries without a bound; set proxy_next_upstream_tries to a small number above 0"]);
    });
});
