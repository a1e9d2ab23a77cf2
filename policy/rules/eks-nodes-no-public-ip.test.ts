import { expect } from "chai";
import { record, violation, violationsOf } from "../../test/helpers/policy";

/**
 * The rule over synthetic records shaped like the recorder's: it fires on a bad resource with its
 * exact message, and stays silent on a good one.
 */

const CLUSTER = "eks:index:Cluster";

describe("policy eks-nodes-no-public-ip", () => {
    const POLICY = "eks-nodes-no-public-ip";

    it("GIVEN a cluster with nodeAssociatePublicIpAddress true, and one without it WHEN evaluated THEN both fire", () => {
        const publicNodes = record(CLUSTER, "public", { nodeAssociatePublicIpAddress: true });
        const unset = record(CLUSTER, "unset", {});
        const found = violationsOf(publicNodes, unset).filter((v) => v.policy === POLICY);
        expect(found).to.deep.equal([
            violation(publicNodes, POLICY, "nodeAssociatePublicIpAddress is true; set it to false so that worker nodes get no public IP address"),
            violation(unset, POLICY, "nodeAssociatePublicIpAddress is not set; set it to false so that worker nodes get no public IP address"),
        ]);
    });

    it("GIVEN nodeAssociatePublicIpAddress false WHEN evaluated THEN it passes", () => {
        const cluster = record(CLUSTER, "private", { nodeAssociatePublicIpAddress: false });
        expect(violationsOf(cluster).filter((v) => v.policy === POLICY)).to.deep.equal([]);
    });
});
