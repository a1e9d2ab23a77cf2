import { expect } from "chai";
import { costOfStack } from "./cost";
import { UnknownPriceError, priceTable } from "./prices";
import { expandEksCluster, expandManagedNodeGroup, expandVpc, pulumiResourceCount } from "./remote-components";

const countOf = (rows: ReturnType<typeof expandVpc>, type: string) => rows.find((r) => r.type === type)?.count ?? 0;

describe("cost over a hand-made resource list (us-west-2, 730 h)", () => {
    it("GIVEN a cluster, 2 NATs, 3 t3.large, a 10Gi PVC and a LoadBalancer Service THEN 73 + 65.70 + 182.208 + 0.80 + 18.25", () => {
        const { lines, usage } = costOfStack(
            "s",
            [
                { type: "aws:eks/cluster:Cluster" },
                { type: "aws:ec2/natGateway:NatGateway", count: 2 },
                { type: "aws:ec2/instance:Instance", count: 3, instanceType: "t3.large" },
                { type: "kubernetes:core/v1:PersistentVolumeClaim", inputs: { spec: { resources: { requests: { storage: "10Gi" } } } } },
                { type: "kubernetes:core/v1:Service", inputs: { spec: { type: "LoadBalancer" } } },
                { type: "kubernetes:core/v1:Service", inputs: { spec: { type: "ClusterIP" } } },
            ],
            priceTable("us-west-2"),
        );
        expect(lines.map((l) => [l.item, +l.monthlyUsd.toFixed(3)])).to.deep.equal([
            ["EKS control plane", 73],
            ["NAT gateway", 65.7],
            ["EC2 t3.large", 182.208],
            ["EBS gp3 volume for PVC", 0.8],
            ["Classic Load Balancer (Service type LoadBalancer)", 18.25],
        ]);
        expect(usage.map((u) => u.assumption)).to.deep.equal([
            "0 GB processed assumed; +$0.045 per GB processed",
            "0 GB processed assumed; +$0.008 per GB processed",
        ]);
    });

    it("GIVEN a region without a table THEN it is refused with a typed error naming the fix", () => {
        expect(() => priceTable("eu-west-1")).to.throw(
            UnknownPriceError,
            'No price table for region "eu-west-1" (have: us-west-2); add one to tools/engine/estimate/prices.ts with each price\'s source and date rather than guessing.',
        );
    });
});

describe("remote component expansion", () => {
    it("GIVEN our Vpc args with 2 AZs and a Single NAT THEN 4 subnets, 4 route tables, 1 IGW, 1 EIP, 1 NAT, 4 routes", () => {
        const rows = expandVpc({ numberOfAvailabilityZones: 2, natGateways: { strategy: "Single" }, subnetSpecs: [{ type: "Private" }, { type: "Public" }] });
        expect(rows.map((r) => [r.type, r.count])).to.deep.equal([
            ["aws:ec2/vpc:Vpc", 1],
            ["aws:ec2/subnet:Subnet", 4],
            ["aws:ec2/routeTable:RouteTable", 4],
            ["aws:ec2/routeTableAssociation:RouteTableAssociation", 4],
            ["aws:ec2/internetGateway:InternetGateway", 1],
            ["aws:ec2/route:Route", 4],
            ["aws:ec2/eip:Eip", 1],
            ["aws:ec2/natGateway:NatGateway", 1],
        ]);
    });

    it("GIVEN 3 AZs and OnePerAz THEN one NAT and one EIP per AZ", () => {
        const rows = expandVpc({ numberOfAvailabilityZones: 3, natGateways: { strategy: "OnePerAz" } });
        expect([countOf(rows, "aws:ec2/natGateway:NatGateway"), countOf(rows, "aws:ec2/eip:Eip"), countOf(rows, "aws:ec2/subnet:Subnet")]).to.deep.equal([3, 3, 6]);
    });

    it("GIVEN our Cluster args THEN role, attachment, control plane, OIDC provider, 2 add-ons (6 Pulumi resources); the log group is ours, not the component's", () => {
        const rows = expandEksCluster({ createOidcProvider: true, skipDefaultNodeGroup: true, skipDefaultSecurityGroups: true, accessEntries: {}, enabledClusterLogTypes: ["api", "audit"] });
        expect(rows.map((r) => [r.type, r.count])).to.deep.equal([
            ["aws:iam/role:Role", 1],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", 1],
            ["aws:eks/cluster:Cluster", 1],
            ["aws:iam/openIdConnectProvider:OpenIdConnectProvider", 1],
            ["aws:eks/addon:Addon", 2],
        ]);
        expect(pulumiResourceCount(rows)).to.equal(6);
    });

    it("GIVEN our node group args THEN a launch template, the node group, 3 t3.large nodes with 20 GiB root volumes", () => {
        const rows = expandManagedNodeGroup({ nodeRole: "urn", enableIMDSv2: true, instanceTypes: ["t3.large"], scalingConfig: { desiredSize: 3 } });
        expect(rows.map((r) => [r.type, r.count, r.instanceType ?? r.sizeGiB ?? null])).to.deep.equal([
            ["aws:ec2/launchTemplate:LaunchTemplate", 1, null],
            ["aws:eks/nodeGroup:NodeGroup", 1, null],
            ["aws:ec2/instance:Instance", 3, "t3.large"],
            ["aws:ebs/volume:Volume", 3, 20],
        ]);
    });
});
