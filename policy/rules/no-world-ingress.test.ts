import { expect } from "chai";
import { record, violation, violationsOf } from "../../test/helpers/policy";

/**
 * The rule over synthetic records shaped like the recorder's: it fires on a bad resource with its
 * exact message, and stays silent on a good one.
 */

const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SERVICE = "kubernetes:core/v1:Service";

describe("policy no-world-ingress", () => {
    const POLICY = "no-world-ingress";
    const advice = "open it only to the CIDRs or security groups that need it";

    it("GIVEN an ingress rule from 0.0.0.0/0 WHEN evaluated THEN it fires with the port", () => {
        const rule = record(INGRESS_RULE, "https", { securityGroupId: "sg-1", cidrIpv4: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 443, toPort: 443 });
        expect(violationsOf(rule)).to.deep.equal([violation(rule, POLICY, `admits 0.0.0.0/0 on tcp 443; ${advice}`)]);
    });

    it("GIVEN an ingress rule from ::/0 on every protocol WHEN evaluated THEN it fires", () => {
        const rule = record(INGRESS_RULE, "all-v6", { securityGroupId: "sg-1", cidrIpv6: "::/0", ipProtocol: "-1" });
        expect(violationsOf(rule)).to.deep.equal([violation(rule, POLICY, `admits ::/0 on all protocols and ports; ${advice}`)]);
    });

    it("GIVEN a SecurityGroupRule of type ingress listing 0.0.0.0/0 among its CIDRs WHEN evaluated THEN it fires with the port range", () => {
        const rule = record(SG_RULE, "node-ports", {
            type: "ingress",
            securityGroupId: "sg-1",
            protocol: "tcp",
            fromPort: 30000,
            toPort: 32767,
            cidrBlocks: ["10.192.0.0/16", "0.0.0.0/0"],
        });
        expect(violationsOf(rule)).to.deep.equal([violation(rule, POLICY, `admits 0.0.0.0/0 on tcp 30000-32767; ${advice}`)]);
    });

    it("GIVEN a SecurityGroup whose second ingress block is open to the world WHEN evaluated THEN it fires naming that block", () => {
        const group = record(SG, "bastion", {
            ingress: [
                { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.193.0.0/16"] },
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
            ],
            egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
        });
        expect(violationsOf(group)).to.deep.equal([violation(group, POLICY, `ingress[1] admits 0.0.0.0/0 on tcp 22; ${advice}`)]);
    });

    it("GIVEN a world-open rule tagged as the UI's (the former exemption) WHEN evaluated THEN it fires: no tag exempts", () => {
        const rule = record(INGRESS_RULE, "http", {
            securityGroupId: "sg-1",
            cidrIpv4: "0.0.0.0/0",
            ipProtocol: "tcp",
            fromPort: 80,
            toPort: 80,
            tags: { "yelb-appmesh/public-ingress": "ui-load-balancer" },
        });
        expect(violationsOf(rule)).to.deep.equal([violation(rule, POLICY, `admits 0.0.0.0/0 on tcp 80; ${advice}`)]);
    });

    it("GIVEN a peer-CIDR ingress, world egress and a LoadBalancer Service WHEN evaluated THEN it passes", () => {
        const peer = record(INGRESS_RULE, "frontend-to-4567", { securityGroupId: "sg-1", cidrIpv4: "10.192.0.0/16", ipProtocol: "tcp", fromPort: 4567, toPort: 4567 });
        const egress = record(SG_RULE, "egress", { type: "egress", securityGroupId: "sg-1", protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] });
        const service = record(SERVICE, "yelb-ui", {
            apiVersion: "v1",
            kind: "Service",
            spec: { type: "LoadBalancer", ports: [{ port: 80, targetPort: 80 }], selector: { app: "yelb-ui" } },
        });
        expect(violationsOf(peer, egress, service)).to.deep.equal([]);
    });
});
