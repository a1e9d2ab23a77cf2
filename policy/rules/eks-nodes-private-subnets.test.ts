import { expect } from "chai";
import { record, violation, violationsOf } from "../../test/helpers/policy";

/**
 * The rule over synthetic records shaped like the recorder's: it fires on a bad resource with its
 * exact message, and stays silent on a good one.
 */

const MANAGED_NODE_GROUP = "eks:index:ManagedNodeGroup";
const AWS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const VPC = "awsx:ec2:Vpc";

describe("policy eks-nodes-private-subnets (stack)", () => {
    const POLICY = "eks-nodes-private-subnets";
    const vpc = record(VPC, "network-vpc", { cidrBlock: "10.192.0.0/16" }, {
        outputs: { cidrBlock: "10.192.0.0/16", privateSubnetIds: ["subnet-priv-a", "subnet-priv-b"], publicSubnetIds: ["subnet-pub-a", "subnet-pub-b"] },
    });

    it("GIVEN a managed node group with a public subnet WHEN evaluated THEN it fires naming that subnet", () => {
        const nodes = record(MANAGED_NODE_GROUP, "nodes", { subnetIds: ["subnet-priv-a", "subnet-pub-a"] });
        expect(violationsOf(vpc, nodes)).to.deep.equal([
            violation(nodes, POLICY, "subnets subnet-pub-a are not private subnets of the VPC (subnet-priv-a, subnet-priv-b); put nodes in privateSubnetIds only"),
        ]);
    });

    it("GIVEN an aws:eks/nodeGroup:NodeGroup in public subnets only WHEN evaluated THEN it fires", () => {
        const nodes = record(AWS_NODE_GROUP, "raw-nodes", { clusterName: "c", subnetIds: ["subnet-pub-a", "subnet-pub-b"] });
        expect(violationsOf(vpc, nodes)).to.deep.equal([
            violation(nodes, POLICY, "subnets subnet-pub-a, subnet-pub-b are not private subnets of the VPC (subnet-priv-a, subnet-priv-b); put nodes in privateSubnetIds only"),
        ]);
    });

    it("GIVEN a managed node group without subnetIds and no node group of its own WHEN evaluated THEN it fires", () => {
        const nodes = record(MANAGED_NODE_GROUP, "nodes", { instanceTypes: ["t3.large"] });
        expect(violationsOf(vpc, nodes)).to.deep.equal([
            violation(nodes, POLICY, "subnetIds is not set, so the nodes would go in every subnet of the cluster, public ones included; set it to the VPC's privateSubnetIds"),
        ]);
    });

    it("GIVEN node groups but no awsx Vpc in the stack WHEN evaluated THEN it fires because the private subnets are unknown", () => {
        const nodes = record(MANAGED_NODE_GROUP, "nodes", { subnetIds: ["subnet-priv-a"] });
        expect(violationsOf(nodes)).to.deep.equal([
            violation(nodes, POLICY, "the stack has no awsx:ec2:Vpc, so its private subnets are unknown; declare node groups in the stack that owns the VPC"),
        ]);
    });

    it("GIVEN node groups in the private subnets, one seen as CrossGuard sees it, one not known yet WHEN evaluated THEN it passes", () => {
        const inline = record(MANAGED_NODE_GROUP, "nodes", { subnetIds: ["subnet-priv-b", "subnet-priv-a"] });
        // A CrossGuard stack check sees the component's outputs (no subnetIds) and the node group it creates.
        const component = record(MANAGED_NODE_GROUP, "mlc-nodes", {}, { outputs: { nodeGroup: "mlc-nodes-ng" } });
        const child = record(AWS_NODE_GROUP, "mlc-nodes-ng", { subnetIds: ["subnet-priv-a"] }, { parent: component.urn });
        const preview = record(MANAGED_NODE_GROUP, "preview-nodes", { subnetIds: "[unknown]" });
        expect(violationsOf(vpc, inline, component, child, preview)).to.deep.equal([]);
    });
});
