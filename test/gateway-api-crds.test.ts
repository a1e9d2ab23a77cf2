import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { GATEWAY_API_CRDS_DIR, gatewayApiCrdFiles } from "../shared/lattice/gateway-api";
import { SOURCE_MANIFEST, digestProblems, readSourceManifest, sha256, verifiedFiles } from "../shared/pinned-files";
import { tempDir } from "./helpers/temp-dir";

const documentsOf = (file: string) => yaml.loadAll(fs.readFileSync(file, "utf8")) as Record<string, any>[];

describe("the shipped Gateway API CRDs (v1.5.0 standard channel)", () => {
    it("GIVEN the folder WHEN read THEN SOURCE.json names the upstream release and every file it lists has its sha256, and nothing else is there", () => {
        const manifest = readSourceManifest(GATEWAY_API_CRDS_DIR);
        expect({ ...manifest, files: undefined }).to.deep.equal({
            repository: "https://github.com/kubernetes-sigs/gateway-api",
            tag: "v1.5.0",
            commit: "3797b631d20f9ff4e2b4571f62d91d84a1fbdf5a",
            path: "config/crd/standard",
            files: undefined,
        });
        expect(digestProblems(GATEWAY_API_CRDS_DIR, manifest)).to.deep.equal([]);
        expect(fs.readdirSync(GATEWAY_API_CRDS_DIR).sort()).to.deep.equal([...manifest.files.map((f) => f.file), SOURCE_MANIFEST].sort());
        expect(gatewayApiCrdFiles()).to.deep.equal(manifest.files.map((f) => path.join(GATEWAY_API_CRDS_DIR, f.file)));
    });

    it("GIVEN the files WHEN parsed THEN TLSRoute v1 is served (controller 2.1.x watches it from start-up), with the other standard kinds and the safe-upgrades policy", () => {
        const documents = gatewayApiCrdFiles().flatMap(documentsOf);
        const served = documents
            .filter((d) => d.kind === "CustomResourceDefinition")
            .map((d) => `${d.spec.names.kind} ${d.spec.group} ${d.spec.versions.filter((v: any) => v.served).map((v: any) => v.name).join(",")}`);
        expect(served).to.deep.equal([
            "GatewayClass gateway.networking.k8s.io v1,v1beta1",
            "Gateway gateway.networking.k8s.io v1,v1beta1",
            "GRPCRoute gateway.networking.k8s.io v1",
            "HTTPRoute gateway.networking.k8s.io v1,v1beta1",
            "ReferenceGrant gateway.networking.k8s.io v1,v1beta1",
            "BackendTLSPolicy gateway.networking.k8s.io v1",
            "ListenerSet gateway.networking.k8s.io v1",
            "TLSRoute gateway.networking.k8s.io v1",
        ]);
        expect(documents.filter((d) => d.kind !== "CustomResourceDefinition").map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.name}`)).to.deep.equal([
            "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy safe-upgrades.gateway.networking.k8s.io",
            "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding safe-upgrades.gateway.networking.k8s.io",
        ]);
    });

    it("GIVEN a copy with one file edited and one missing WHEN verified THEN it is refused, naming each file, its digests and where to copy it from", () => {
        const dir = tempDir("gateway-api-crds-");
        for (const f of fs.readdirSync(GATEWAY_API_CRDS_DIR)) fs.copyFileSync(path.join(GATEWAY_API_CRDS_DIR, f), path.join(dir, f));
        const edited = path.join(dir, "gateway.networking.k8s.io_httproutes.yaml");
        fs.appendFileSync(edited, "# local edit\n");
        fs.rmSync(path.join(dir, "gateway.networking.k8s.io_tlsroutes.yaml"));
        const pinned = readSourceManifest(dir).files.find((f) => f.file.endsWith("httproutes.yaml"))!.sha256;
        expect(() => verifiedFiles(dir)).to.throw(
            "Refusing to apply files that are not the pinned upstream release:\n" +
                `  - ${edited} has sha256 ${sha256(fs.readFileSync(edited))}, but SOURCE.json pins ${pinned}. Fix: copy it again, byte for byte, from https://github.com/kubernetes-sigs/gateway-api at v1.5.0, config/crd/standard/gateway.networking.k8s.io_httproutes.yaml.\n` +
                `  - ${path.join(dir, "gateway.networking.k8s.io_tlsroutes.yaml")} is missing. Fix: copy it from https://github.com/kubernetes-sigs/gateway-api at v1.5.0, config/crd/standard/gateway.networking.k8s.io_tlsroutes.yaml.`,
        );
    });
});
