/**
 * What the remote components we use create on real AWS. Under the mocks `awsx:ec2:Vpc`,
 * `eks:index:Cluster` and `eks:index:ManagedNodeGroup` arrive as one resource each carrying only our
 * arguments; the resources they create run in the component providers, which the offline plan
 * never loads. These rules expand the recorded arguments into what a real `pulumi up` creates, so
 * counts, costs and deploy times are the ones a user will see.
 *
 * Sources (read 2026-11-29):
 * - awsx 3.9.0 `ec2/vpc.d.ts` (outputs: vpc, subnets, routeTables, routeTableAssociations, routes,
 *   internetGateway, natGateways, eips, vpcEndpoints) and the NatGatewayStrategy doc
 *   https://www.pulumi.com/docs/reference/pkg/nodejs/pulumi/awsx/variables/ec2.NatGatewayStrategy-1.html
 *   ("OnePerAz: a NAT Gateway in each availability zone"; "Single: a single NAT Gateway for the VPC").
 * - pulumi-eks source, github.com/pulumi/pulumi-eks @7bf0c1b (2026-08-12), nodejs/eks/cluster/cluster.ts
 *   and nodejs/eks/nodes/nodegroup.ts, and eks 4.3.0 `cluster.d.ts` / `managedNodeGroup.d.ts`.
 */

/** One kind of resource a remote component creates, and how many. */
export interface CreatedResource {
    readonly type: string;
    readonly count: number;
    readonly what: string;
    /** EC2 instance type, for node groups. */
    readonly instanceType?: string;
    /** Size in GiB of each volume, for EBS volumes. */
    readonly sizeGiB?: number;
    /** True when AWS itself creates it (not a Pulumi resource), but it is billed all the same. */
    readonly byAws?: boolean;
}

export const REMOTE_COMPONENT_TYPES = ["awsx:ec2:Vpc", "eks:index:Cluster", "eks:index:ManagedNodeGroup", "eks:index:Addon"] as const;

type Inputs = Record<string, unknown>;
const num = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);
const obj = (v: unknown): Inputs => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Inputs) : {});

/** awsx `Vpc`: subnets per AZ per spec, one route table each, NATs per strategy, one EIP per NAT. */
export function expandVpc(inputs: Inputs): CreatedResource[] {
    // vpc.d.ts: numberOfAvailabilityZones "defaults to 3"; natGateways strategy defaults to OnePerAz;
    // without subnetSpecs, one Private and one Public subnet per AZ.
    const azs = num(inputs.numberOfAvailabilityZones) ?? 3;
    const specs = Array.isArray(inputs.subnetSpecs) ? (inputs.subnetSpecs as Inputs[]).map((s) => String(s.type)) : ["Private", "Public"];
    const created = specs.filter((t) => t !== "Unused");
    const publics = created.filter((t) => t === "Public").length * azs;
    const privates = created.filter((t) => t === "Private").length * azs;
    const subnets = created.length * azs;
    const strategy = String(obj(inputs.natGateways).strategy ?? "OnePerAz");
    // NAT gateways live in public subnets and serve private ones: none without both.
    const nats = privates === 0 || publics === 0 || strategy === "None" ? 0 : strategy === "Single" ? 1 : azs;
    const rows: CreatedResource[] = [
        { type: "aws:ec2/vpc:Vpc", count: 1, what: "the VPC" },
        { type: "aws:ec2/subnet:Subnet", count: subnets, what: `${created.length} subnet tiers (${created.join(", ")}) x ${azs} AZs` },
        { type: "aws:ec2/routeTable:RouteTable", count: subnets, what: "one route table per subnet" },
        { type: "aws:ec2/routeTableAssociation:RouteTableAssociation", count: subnets, what: "one association per subnet" },
    ];
    if (publics > 0) rows.push({ type: "aws:ec2/internetGateway:InternetGateway", count: 1, what: "internet gateway for the public subnets" });
    rows.push({ type: "aws:ec2/route:Route", count: publics + (nats > 0 ? privates : 0), what: "default routes: public -> IGW, private -> NAT" });
    if (nats > 0) {
        rows.push({ type: "aws:ec2/eip:Eip", count: nats, what: "one Elastic IP per NAT gateway (public IPv4, billed hourly)" });
        rows.push({ type: "aws:ec2/natGateway:NatGateway", count: nats, what: `NAT gateways, strategy ${strategy}` });
    }
    return rows;
}

/** eks `Cluster` with the arguments we pass (no default node group, no default security groups). */
export function expandEksCluster(inputs: Inputs): CreatedResource[] {
    const rows: CreatedResource[] = [
        // cluster.ts: a ServiceRole with the one managed policy AmazonEKSClusterPolicy unless serviceRole is given.
        { type: "aws:iam/role:Role", count: inputs.serviceRole === undefined ? 1 : 0, what: "EKS service role" },
        { type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", count: inputs.serviceRole === undefined ? 1 : 0, what: "AmazonEKSClusterPolicy on the service role" },
        { type: "aws:eks/cluster:Cluster", count: 1, what: "EKS control plane" },
    ].filter((r) => r.count > 0);
    // cluster.ts: cluster and node security groups are skipped when skipDefaultSecurityGroups is set;
    // EKS then creates and uses its own cluster security group (not a Pulumi resource, not billed).
    if (inputs.skipDefaultSecurityGroups !== true) {
        rows.push({ type: "aws:ec2/securityGroup:SecurityGroup", count: 2, what: "cluster and node security groups (pulumi-eks defaults)" });
    }
    if (inputs.createOidcProvider === true) rows.push({ type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider", count: 1, what: "OIDC provider for IRSA" });
    // cluster.ts: the VPC CNI add-on unless useDefaultVpcCni; kube-proxy unless disabled; CoreDNS only
    // with a default node group (skipDefaultNodeGroup false) or when explicitly enabled.
    const addons = [inputs.useDefaultVpcCni === true ? undefined : "vpc-cni", obj(inputs.kubeProxyAddonOptions).enabled === false ? undefined : "kube-proxy"];
    if (inputs.skipDefaultNodeGroup !== true || obj(inputs.corednsAddonOptions).enabled === true) addons.push("coredns");
    const named = addons.filter((a): a is string => a !== undefined);
    rows.push({ type: "aws:eks/addon:Addon", count: named.length, what: `EKS add-ons: ${named.join(", ")}` });
    const entries = Object.keys(obj(inputs.accessEntries)).length;
    if (entries > 0) {
        rows.push({ type: "aws:eks/accessEntry:AccessEntry", count: entries, what: "access entries for admin roles" });
        rows.push({ type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", count: entries, what: "cluster-admin policy per entry" });
    }
    if (inputs.skipDefaultNodeGroup !== true) {
        rows.push({ type: "aws:ec2/launchTemplate:LaunchTemplate", count: 1, what: "default node group (not modelled in detail)" });
    }
    // The control-plane log group /aws/eks/<name>/cluster is declared by our Cluster component (so destroy
    // removes it), not by EKS: it is counted where it is declared, not here.
    return rows;
}

/** pulumi-eks `ManagedNodeGroup` defaults: 20 GiB root volume (`diskSize` doc), desiredSize instances. */
export const NODE_ROOT_VOLUME_GIB = 20;

/** eks `ManagedNodeGroup`: the node group, its launch template when needed, and what the nodes are. */
export function expandManagedNodeGroup(inputs: Inputs): CreatedResource[] {
    const scaling = obj(inputs.scalingConfig);
    const desired = num(scaling.desiredSize) ?? 2;
    const instanceType = Array.isArray(inputs.instanceTypes) && inputs.instanceTypes.length > 0 ? String(inputs.instanceTypes[0]) : "t3.medium";
    const rows: CreatedResource[] = [];
    // nodegroup.ts: customLaunchTemplateArgs (enableIMDSv2, kubeletExtraArgs, ...) make it create a launch template.
    if (inputs.enableIMDSv2 !== undefined || inputs.kubeletExtraArgs !== undefined || inputs.bootstrapExtraArgs !== undefined) {
        rows.push({ type: "aws:ec2/launchTemplate:LaunchTemplate", count: 1, what: "launch template (IMDSv2)" });
    }
    if (inputs.nodeRole === undefined && inputs.nodeRoleArn === undefined) rows.push({ type: "aws:iam/role:Role", count: 1, what: "node role" });
    rows.push({ type: "aws:eks/nodeGroup:NodeGroup", count: 1, what: "managed node group (EKS creates its Auto Scaling group)" });
    rows.push({ type: "aws:ec2/instance:Instance", count: desired, what: `nodes at desired size`, instanceType, byAws: true });
    const disk = num(inputs.diskSize) ?? NODE_ROOT_VOLUME_GIB;
    rows.push({ type: "aws:ebs/volume:Volume", count: desired, what: `node root volumes, ${disk} GiB each`, sizeGiB: disk, byAws: true });
    return rows;
}

/** The expansion of a remote component's recorded inputs, or undefined for any other type. */
export function expandRemoteComponent(type: string, inputs: Inputs): CreatedResource[] | undefined {
    if (type === "awsx:ec2:Vpc") return expandVpc(inputs);
    if (type === "eks:index:Cluster") return expandEksCluster(inputs);
    if (type === "eks:index:ManagedNodeGroup") return expandManagedNodeGroup(inputs);
    // eks addon.ts: one aws.eks.Addon for the named add-on.
    if (type === "eks:index:Addon") return [{ type: "aws:eks/addon:Addon", count: 1, what: `EKS add-on ${String(inputs.addonName ?? "")}` }];
    return undefined;
}

/** Pulumi resources a component creates (what `pulumi preview` counts), leaving out what AWS makes. */
export function pulumiResourceCount(rows: readonly CreatedResource[]): number {
    return rows.filter((r) => !r.byAws).reduce((n, r) => n + r.count, 0);
}
