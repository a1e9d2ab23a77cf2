import { expect } from "chai";
import { ConfigError } from "./errors";
import { problemOf } from "../../test/helpers/validators";
import { eksClusterName, publicAccessCidrs } from "./cluster-access";
import { kubernetesVersionFor } from "./eks-versions";
import { checkFrontendCallablePorts } from "./backend-ports";
import * as v from "./validate";
import { parseStackFile } from "../stack-file-checks";
import { referenceOverride } from "./stack-identity";

describe("issue 11 input rules", () => {
    it("GIVEN region names THEN only regions the AWS SDK lists pass", () => {
        expect(v.awsRegion("eu-central-2")).to.equal("eu-central-2");
        expect(problemOf(() => v.awsRegion("us-west-9"))).to.equal('"us-west-9" is not an AWS region / write a region such as us-west-2 (see aws ec2 describe-regions)');
    });

    it("GIVEN Kubernetes versions THEN standard ones pass, extended ones only with the cost accepted, others never", () => {
        expect(kubernetesVersionFor(false)("1.35")).to.equal("1.35");
        expect(problemOf(() => kubernetesVersionFor(false)("1.33"))).to.equal(
            '"1.33" is in EKS extended support (as of 2026-11-29), billed $0.60 instead of $0.10 per cluster-hour / use one of 1.34, 1.35, 1.36, or set acceptExtendedSupportCost: true to pay for it',
        );
        expect(kubernetesVersionFor(true)("1.33")).to.equal("1.33");
        expect(problemOf(() => kubernetesVersionFor(true)("1.31"))).to.equal('"1.31" is not offered by EKS (as of 2026-11-29) / use one of 1.34, 1.35, 1.36 (standard support)');
    });

    it("GIVEN endpoint settings THEN private takes no CIDRs, public needs some and never 0.0.0.0/0", () => {
        expect(publicAccessCidrs("private", [])).to.deep.equal([]);
        expect(publicAccessCidrs("public-and-private", ["203.0.113.0/24"])).to.deep.equal(["203.0.113.0/24"]);
        expect(problemOf(() => publicAccessCidrs("public-and-private", ["0.0.0.0/0"]))).to.equal(
            "0.0.0.0/0 opens the Kubernetes API to the whole internet / list only your own networks' CIDRs",
        );
        expect(problemOf(() => publicAccessCidrs("public-and-private", []))).to.contain("is empty while clusterEndpointAccess is public-and-private");
    });

    it("GIVEN environment names THEN the EKS cluster name they make follows EKS's rules", () => {
        expect(eksClusterName("yelb-dev-frontend", "dev")).to.equal("yelb-dev-frontend");
        expect(problemOf(() => eksClusterName("yelb-my.env-frontend", "my.env"))).to.equal(
            `makes the EKS cluster name "yelb-my.env-frontend", which EKS refuses (1 to 100 letters, digits, '-' or '_', starting with a letter or digit) / rename the environment "my.env" with letters, digits and '-' only, at most 86 characters`,
        );
        const long = "e".repeat(87);
        expect(problemOf(() => eksClusterName(`yelb-${long}-frontend`, long))).to.contain("at most 86 characters");
    });

    it("GIVEN image references THEN the OCI distribution reference grammar decides, naming the part at fault", () => {
        const ok = [
            "redis:4.0.2",
            "mreferre/yelb-ui:0.6",
            "localhost:5000/a/b",
            "Registry.example.com/team/app:v1",
            "registry.example.com:5000/yelb/ui:1.0@sha256:" + "b".repeat(64),
            "[::1]:5000/app@sha256:" + "a".repeat(64),
            "a__b/c--d.e:T_1",
        ];
        for (const ref of ok) expect(v.imageReference(ref), ref).to.equal(ref);
        const why = (ref: string) => problemOf(() => v.imageReference(ref)).replace(/ \/ write \[registry\/\]repository\[:tag\]\[@digest\] such as mreferre\/yelb-ui:0.6$/, "");
        // Uppercase repositories, also in the first component: without '.', ':' or localhost it is no registry host.
        expect(why("Mreferre/Yelb-UI:0.6")).to.equal('"Mreferre/Yelb-UI:0.6" is not a container image reference: the repository must be lowercase ("Mreferre")');
        expect(why("mreferre/Yelb-UI:0.6")).to.equal('"mreferre/Yelb-UI:0.6" is not a container image reference: the repository must be lowercase ("Yelb-UI")');
        expect(why("team/App:1")).to.equal('"team/App:1" is not a container image reference: the repository must be lowercase ("App")');
        // Empty path components.
        for (const ref of ["mreferre//yelb-ui:0.6", "/yelb-ui", "mreferre/"]) {
            expect(why(ref), ref).to.equal(`"${ref}" is not a container image reference: it has an empty path component (a leading, trailing or double '/')`);
        }
        // Path components' separators.
        expect(why("mreferre/yelb___ui")).to.equal(
            `"mreferre/yelb___ui" is not a container image reference: "yelb___ui" is not a path component (lowercase letters and digits, separated by one '.', one or two '_', or '-'s)`,
        );
        expect(why("-a/b")).to.contain(`"-a" is not a path component`);
        // Tags.
        for (const tag of ["-tag", ".6", "0.6!", "", "t".repeat(129)]) {
            expect(why(`app:${tag}`), tag).to.equal(`"app:${tag}" is not a container image reference: the tag "${tag}" is not 1 to 128 letters, digits, '_', '.' or '-' starting with a letter, digit or '_'`);
        }
        // Digests.
        expect(why("app@sha256:abc")).to.equal('"app@sha256:abc" is not a container image reference: the digest "sha256:abc" is not algorithm:hex (e.g. sha256: and 64 hex digits)');
        expect(why("app@" + "a".repeat(64))).to.contain("is not algorithm:hex");
        expect(why("app@md5:" + "a".repeat(32))).to.contain("md5 is not a digest algorithm");
        expect(why("app@sha256:" + "a".repeat(63) + "ab")).to.contain("a sha256 digest is 64 lowercase hex digits");
        expect(why("app@sha256:" + "A".repeat(64))).to.contain("a sha256 digest is 64 lowercase hex digits");
        expect(why("a/" + "b".repeat(254))).to.contain("longer than 255 characters");
        expect(why("mreferre/yelb ui:0.6")).to.contain("it contains whitespace");
    });

    it("GIVEN reference overrides THEN only the stack the topology gives the role in this environment passes, in any organization", () => {
        const owner = referenceOverride("mesh-owner", "dev", "organization");
        expect(owner("")).to.equal("");
        expect(owner("acme/mesh/dev-frontend")).to.equal("acme/mesh/dev-frontend");
        const fix = 'write organization/mesh/dev-frontend (your organization in place of organization if the stack is in another), or "" to follow the convention';
        expect(problemOf(() => owner("acme/mesh/dev-backend"))).to.equal(`"acme/mesh/dev-backend" is not the mesh-owner stack of environment dev: it names the mesh-participant stack / ${fix}`);
        expect(problemOf(() => owner("acme/mesh/prod-frontend"))).to.equal(`"acme/mesh/prod-frontend" is not the mesh-owner stack of environment dev: it names environment prod / ${fix}`);
        expect(problemOf(() => owner("acme/apps/dev-frontend"))).to.equal(`"acme/apps/dev-frontend" is not the mesh-owner stack of environment dev: it names project apps / ${fix}`);
        expect(problemOf(() => owner("acme/mesh/dev"))).to.equal(`"acme/mesh/dev" is not the mesh-owner stack of environment dev: it names stack dev, which plays no role of mesh / ${fix}`);
        expect(problemOf(() => owner("mesh/dev-frontend"))).to.equal(`"mesh/dev-frontend" is not a fully qualified stack name (organization/project/stack) / ${fix}`);
        // Another member: the infra references, whose stack is the environment itself.
        expect(referenceOverride("infra-backend", "dev", "o")("o/infra-backend/dev")).to.equal("o/infra-backend/dev");
        expect(problemOf(() => referenceOverride("infra-backend", "dev", "o")("o/infra-backend/dev-backend"))).to.contain("it names environment dev-backend");
    });

    it("GIVEN namespaces THEN RFC 1123 labels pass and system namespaces are refused", () => {
        expect(v.workloadNamespace("yelb")).to.equal("yelb");
        for (const ns of ["default", "kube-system", "kube-node-lease", "amazon-cloudwatch", "appmesh-system"]) {
            expect(problemOf(() => v.workloadNamespace(ns)), ns).to.contain(`"${ns}" is a system namespace`);
        }
        expect(problemOf(() => v.workloadNamespace("a".repeat(64)))).to.contain("is not a Kubernetes namespace name");
    });

    it("GIVEN frontend-callable ports THEN they must be exactly the ports the backend serves the frontend", () => {
        expect(() => checkFrontendCallablePorts([4567])).to.not.throw();
        expect(problemOf(() => checkFrontendCallablePorts([4567, 6379]))).to.contain("opens 6379 to the frontend VPC");
        expect(problemOf(() => checkFrontendCallablePorts([8080]))).to.contain("opens 8080 to the frontend VPC");
        expect(problemOf(() => checkFrontendCallablePorts([4567, 4567]))).to.equal("lists 4567 twice / list each value once");
    });

    it("GIVEN broken stack files THEN each problem is named with the file, key and fix", () => {
        const project = { name: "mesh", config: { meshName: { description: "Owner only. Name." }, frontendCallablePorts: { description: "Participant only. Ports." }, infraFrontendStack: {} } };
        const refusal = (text: string, stack = "dev-frontend") => {
            try {
                parseStackFile("/x/Pulumi.dev.yaml", text, project, stack);
            } catch (e) {
                expect(e).to.be.instanceOf(ConfigError);
                return (e as Error).message;
            }
            throw new Error("expected a refusal");
        };
        expect(refusal("config:\n  a: 1\n   b: 2\n")).to.match(/^Invalid configuration for stack file .*Pulumi\.dev\.yaml:\n {2}- line 3: is not valid YAML \(bad indentation of a mapping entry\)/);
        expect(refusal("config: [1]\n")).to.contain("- config: is not a mapping. Fix: indent `key: value` lines under config:.");
        expect(refusal("configs:\n  a: 1\n")).to.contain("- configs: is not a key of a Pulumi stack file (Pulumi would ignore it).");
        expect(refusal("config:\n  mesh:meshName:\n    secure: AAAB\n", "dev-backend")).to.contain(
            "- mesh:meshName: is encrypted (secure:), and the offline plan cannot decrypt it. Fix: plan a copy",
        );
        expect(refusal("config:\n  mesh:meshName:\n    secure: AAAB\n", "dev-backend")).to.contain(
            "- mesh:meshName: is read only by the mesh-owner stack (dev-frontend); this mesh-participant stack would ignore it. Fix: move it to /x/Pulumi.dev-frontend.yaml, or remove it.",
        );
        expect(refusal("config:\n  frontendCallablePorts: [4567]\n")).to.contain(
            "- frontendCallablePorts: is read only by the mesh-participant stack (dev-backend); this mesh-owner stack would ignore it. Fix: move it to /x/Pulumi.dev-backend.yaml, or remove it.",
        );
        // Another member of the class: a reference override only the other role reads (the topology says which).
        expect(refusal('config:\n  mesh:infraFrontendStack: "o/infra-frontend/dev"\n', "dev-backend")).to.contain(
            "- mesh:infraFrontendStack: is read only by the mesh-owner stack (dev-frontend); this mesh-participant stack would ignore it. Fix: move it to /x/Pulumi.dev-frontend.yaml, or remove it.",
        );
        expect(refusal("config:\n  a: 1\n  meshName: x\n  serviceNetworkName: y\n", "dev-backend").split("\n").filter((l) => l.includes("is read only by"))).to.have.lengthOf(2);
        expect(parseStackFile("/x/Pulumi.dev.yaml", "config:\n  meshName: shop\n", project, "dev-frontend")).to.deep.equal({ meshName: "shop" });
    });
});
