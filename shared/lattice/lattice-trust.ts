import { X509Certificate } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { shownPath } from "../shown-path";

/**
 * The CAs yelb-ui's nginx trusts when it verifies the Lattice service's certificate.
 *
 * Lattice provisions and manages the certificate of an HTTPS listener for the generated domain
 * name (VPC Lattice User Guide, "HTTPS listeners for VPC Lattice services"); it is an ACM-issued
 * public certificate, which chains to one of Amazon Trust Services' roots (ACM User Guide, "Trust").
 *
 * Not the image's bundle: yelb-ui 0.6 is built FROM nginx:1.17.10 (mreferre/yelb, yelb-ui/Dockerfile
 * before the 0.7 bump), whose Dockerfile installs ca-certificates only to fetch its packages and
 * then removes it (`apt-get remove --purge --auto-remove -y ca-certificates`,
 * nginxinc/docker-nginx tag 1.17.10, mainline/buster/Dockerfile), so the image has no
 * /etc/ssl/certs/ca-certificates.crt. The program ships Amazon's four roots instead, which is also
 * narrower: nginx trusts Amazon's CAs and no other.
 *
 * The file is Amazon Root CA 1-4 as Debian's ca-certificates package 20230311+deb12u1 ships them
 * (/usr/share/ca-certificates/mozilla/Amazon_Root_CA_{1,2,3,4}.crt, from Mozilla's root store),
 * concatenated. Each certificate's SHA-256 fingerprint is pinned below; compare them with
 * https://www.amazontrust.com/repository/.
 */
export const LATTICE_TRUST_FILE = path.join(__dirname, "trust", "amazon-root-cas.pem");

export const AMAZON_ROOT_CAS: readonly { readonly subject: string; readonly sha256: string }[] = [
    { subject: "C=US\nO=Amazon\nCN=Amazon Root CA 1", sha256: "8E:CD:E6:88:4F:3D:87:B1:12:5B:A3:1A:C3:FC:B1:3D:70:16:DE:7F:57:CC:90:4F:E1:CB:97:C6:AE:98:19:6E" },
    { subject: "C=US\nO=Amazon\nCN=Amazon Root CA 2", sha256: "1B:A5:B2:AA:8C:65:40:1A:82:96:01:18:F8:0B:EC:4F:62:30:4D:83:CE:C4:71:3A:19:C3:9C:01:1E:A4:6D:B4" },
    { subject: "C=US\nO=Amazon\nCN=Amazon Root CA 3", sha256: "18:CE:6C:FE:7B:F1:4E:60:B2:E3:47:B8:DF:E8:68:CB:31:D0:2E:BB:3A:DA:27:15:69:F5:03:43:B4:6D:B3:A4" },
    { subject: "C=US\nO=Amazon\nCN=Amazon Root CA 4", sha256: "E3:5D:28:41:9E:D0:20:25:CF:A6:90:38:CD:62:39:62:45:8D:A5:C6:95:FB:DE:A3:C2:2B:0B:FB:25:89:70:92" },
];

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM bundle, as subject and SHA-256 fingerprint. */
export function certificatesOf(pem: string): { subject: string; sha256: string }[] {
    return (pem.match(PEM_BLOCK) ?? []).map((block) => {
        const cert = new X509Certificate(block);
        return { subject: cert.subject, sha256: cert.fingerprint256 };
    });
}

/** The trust bundle's text, once it holds exactly the pinned roots (refused, naming the file, otherwise). */
export function latticeTrustBundle(file: string = LATTICE_TRUST_FILE): string {
    const pem = fs.readFileSync(file, "utf8");
    const found = certificatesOf(pem);
    if (JSON.stringify(found) !== JSON.stringify(AMAZON_ROOT_CAS)) {
        throw new Error(
            `${shownPath(file)} does not hold exactly Amazon Root CA 1-4 with their pinned SHA-256 fingerprints (shared/lattice/lattice-trust.ts). ` +
                "Fix: restore it from git, or from https://www.amazontrust.com/repository/ (the four root PEMs, concatenated in order).",
        );
    }
    return pem;
}
