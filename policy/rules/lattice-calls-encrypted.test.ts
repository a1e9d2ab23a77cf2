import { expect } from "chai";
import { yelbUiNginxConf } from "../../shared/lattice/yelb-ui-proxy";
import { record, violation, violationsOf } from "../../test/helpers/policy";

const POLICY = "lattice-calls-encrypted";
const DNS = "yelb-appserver-yelb-0123456789abcdef0.8e9854d.vpc-lattice-svcs.us-west-2.on.aws";
const gateway = (className: string, listeners: unknown[]) =>
    record("kubernetes:gateway.networking.k8s.io/v1:Gateway", "lattice-gateway", {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "Gateway",
        metadata: { name: "yelb", namespace: "lattice-gateway" },
        spec: { gatewayClassName: className, listeners },
    });
const configMap = (conf: string) =>
    record("kubernetes:core/v1:ConfigMap", "yelb-ui-nginx", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "yelb-ui-nginx" }, data: { "default.conf": conf } });

describe("policy lattice-calls-encrypted (advisory)", () => {
    it("GIVEN a Lattice Gateway with an HTTP listener WHEN evaluated THEN it is reported, at advisory level", () => {
        const bad = gateway("amazon-vpc-lattice", [{ name: "http", protocol: "HTTP", port: 80 }]);
        const found = violationsOf(bad);
        expect(found).to.deep.equal([
            { ...violation(bad, POLICY, 'listener "http" is plain HTTP: calls across accounts are unencrypted; use HTTPS (mesh:latticeListenerProtocol: HTTPS)'), enforcementLevel: "advisory" },
        ]);
    });

    it("GIVEN an HTTPS Lattice Gateway, or an HTTP Gateway of another class WHEN evaluated THEN it passes", () => {
        expect(violationsOf(gateway("amazon-vpc-lattice", [{ name: "https", protocol: "HTTPS", port: 443 }]))).to.deep.equal([]);
        expect(violationsOf(gateway("istio", [{ name: "http", protocol: "HTTP", port: 80 }]))).to.deep.equal([]);
    });

    it("GIVEN yelb-ui's generated server blocks WHEN evaluated THEN HTTP and unverified HTTPS are reported, verified HTTPS passes", () => {
        const plain = configMap(yelbUiNginxConf(DNS, 80, { protocol: "HTTP" }));
        const unverified = configMap(yelbUiNginxConf(DNS, 443).replace("proxy_ssl_verify on;", "proxy_ssl_verify off;"));
        expect(violationsOf(plain).map((v) => v.message)).to.deep.equal(["default.conf proxies to a Lattice service over plain http; use HTTPS (mesh:latticeListenerProtocol: HTTPS)"]);
        expect(violationsOf(unverified).map((v) => v.message)).to.deep.equal(["default.conf proxies to a Lattice service over https without proxy_ssl_verify on; verify the server certificate"]);
        expect(violationsOf(configMap(yelbUiNginxConf(DNS, 443)))).to.deep.equal([]);
    });
});
