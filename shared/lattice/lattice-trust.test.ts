import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { AMAZON_ROOT_CAS, LATTICE_TRUST_FILE, certificatesOf, latticeTrustBundle } from "./lattice-trust";
import { tempDir } from "../../test/helpers/temp-dir";

describe("the CAs yelb-ui trusts for Lattice", () => {
    it("GIVEN the shipped bundle WHEN its certificates are read THEN they are exactly Amazon Root CA 1-4 with the fingerprints Amazon Trust Services publishes", () => {
        expect(certificatesOf(fs.readFileSync(LATTICE_TRUST_FILE, "utf8")).map((c) => c.subject.split("\n").pop())).to.deep.equal([
            "CN=Amazon Root CA 1",
            "CN=Amazon Root CA 2",
            "CN=Amazon Root CA 3",
            "CN=Amazon Root CA 4",
        ]);
        expect(latticeTrustBundle()).to.equal(fs.readFileSync(LATTICE_TRUST_FILE, "utf8"));
        expect(AMAZON_ROOT_CAS[0].sha256).to.equal("8E:CD:E6:88:4F:3D:87:B1:12:5B:A3:1A:C3:FC:B1:3D:70:16:DE:7F:57:CC:90:4F:E1:CB:97:C6:AE:98:19:6E");
    });

    it("GIVEN a bundle missing a root, or with another CA added WHEN read THEN it is refused naming the file and the fix", () => {
        const pem = fs.readFileSync(LATTICE_TRUST_FILE, "utf8");
        const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n/g)!;
        const dir = tempDir("lattice-trust-");
        for (const variant of [blocks.slice(1).join(""), pem + blocks[0]]) {
            const file = path.join(dir, "bundle.pem");
            fs.writeFileSync(file, variant);
            expect(() => latticeTrustBundle(file)).to.throw(`${file} does not hold exactly Amazon Root CA 1-4 with their pinned SHA-256 fingerprints`);
        }
    });
});
