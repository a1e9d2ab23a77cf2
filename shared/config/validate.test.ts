import { expect } from "chai";
import { problemOf } from "../../test/helpers/validators";
import * as v from "./validate";

describe("config validators", () => {
    it("GIVEN a CIDR WHEN parsed THEN it is normalised and its host bits are refused", () => {
        expect(v.parseCidr("10.192.0.0/16")).to.deep.equal({ text: "10.192.0.0/16", first: 10 * 2 ** 24 + 192 * 2 ** 16, prefixLength: 16 });
        expect(problemOf(() => v.parseCidr("10.192.1.0/16"))).to.contain("use the network address 10.192.0.0/16");
        expect(problemOf(() => v.parseCidr("10.300.0.0/16"))).to.contain("is not an IPv4 CIDR block");
        expect(problemOf(() => v.parseCidr("10.0.0.0"))).to.contain("is not an IPv4 CIDR block");
    });

    it("GIVEN two CIDRs WHEN one contains or touches the other THEN they overlap", () => {
        const overlap = (a: string, b: string) => v.cidrsOverlap(v.parseCidr(a), v.parseCidr(b));
        expect(overlap("10.192.0.0/16", "10.193.0.0/16")).to.equal(false);
        expect(overlap("10.192.0.0/16", "10.192.128.0/17")).to.equal(true);
        expect(overlap("10.0.0.0/8", "10.193.0.0/16")).to.equal(true);
        expect(overlap("10.193.255.0/24", "10.194.0.0/16")).to.equal(false);
    });

    it("GIVEN a VPC WHEN its zones cannot hold a private and a public subnet each THEN it is refused", () => {
        const layout = { availabilityZones: 3, privatePrefixLength: 19, publicPrefixLength: 22 };
        expect(() => v.checkSubnetsFit(v.parseCidr("10.192.0.0/16"), layout)).not.to.throw();
        expect(problemOf(() => v.checkSubnetsFit(v.parseCidr("10.192.0.0/18"), layout))).to.contain(
            "leaves /20 (4096 addresses) per zone, too small for a private /19 and a public /22 subnet (9216 addresses)",
        );
        expect(problemOf(() => v.checkSubnetsFit(v.parseCidr("10.192.0.0/20"), { ...layout, privatePrefixLength: 20 }))).to.contain(
            "a /20 subnet does not fit inside the VPC 10.192.0.0/20",
        );
    });

    it("GIVEN account IDs WHEN not exactly 12 digits THEN they are refused", () => {
        expect(v.accountId("012345678901")).to.equal("012345678901");
        expect(problemOf(() => v.accountId("1234567890123"))).to.contain('"1234567890123" is not an AWS account ID');
        expect(problemOf(() => v.accountId("12345678901a"))).to.contain("12-digit");
    });

    it("GIVEN node counts WHEN min <= desired <= max does not hold THEN the fix says which way to move", () => {
        expect(() => v.checkScaling({ minSize: 2, desiredSize: 3, maxSize: 5 })).not.to.throw();
        expect(problemOf(() => v.checkScaling({ minSize: 4, desiredSize: 3, maxSize: 5 }))).to.contain("got min 4, desired 3, max 5");
        // Each fix names the settings out of order, so it never suggests a change that cannot help.
        const fixOf = (minSize: number, desiredSize: number, maxSize: number) => {
            try {
                v.checkScaling({ minSize, desiredSize, maxSize });
            } catch (e) {
                return (e as { fix: string }).fix;
            }
            return undefined;
        };
        expect(fixOf(4, 3, 5)).to.equal("raise nodeDesiredSize or lower nodeMinSize so that nodeMinSize <= nodeDesiredSize <= nodeMaxSize");
        expect(fixOf(2, 6, 5)).to.equal("lower nodeDesiredSize or raise nodeMaxSize so that nodeMinSize <= nodeDesiredSize <= nodeMaxSize");
        expect(fixOf(6, 6, 5)).to.equal("lower nodeMinSize or raise nodeMaxSize so that nodeMinSize <= nodeDesiredSize <= nodeMaxSize");
    });

    it("GIVEN names and references WHEN they break App Mesh, DNS or image rules THEN they are refused", () => {
        expect(v.meshName("am-multi-account-mesh")).to.equal("am-multi-account-mesh");
        expect(problemOf(() => v.meshName("My_Mesh"))).to.contain("cannot name a mesh");
        expect(problemOf(() => v.meshName("-mesh"))).to.contain("cannot name a mesh");
        expect(v.dnsName("am-multi-account.local")).to.equal("am-multi-account.local");
        expect(problemOf(() => v.dnsName("local"))).to.contain("is not a DNS name");
        for (const ok of ["redis:4.0.2", "mreferre/yelb-ui:0.6", "public.ecr.aws/docker/library/redis:7.2", "localhost:5000/a/b@sha256:" + "a".repeat(64)]) {
            expect(v.imageReference(ok)).to.equal(ok);
        }
        expect(problemOf(() => v.imageReference("mreferre/yelb ui:0.6"))).to.contain("is not a container image reference");
        expect(problemOf(() => v.awsRegion("us-west"))).to.contain("is not an AWS region");
    });
});
