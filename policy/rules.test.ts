import { expect } from "chai";
import { record, violation, violationsOf } from "../test/helpers/policy";

/**
 * Each policy over synthetic records shaped like the recorder's: it fires on a bad resource with
 * its exact message, and stays silent on a good one.
 */

const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
const ROLE = "aws:iam/role:Role";
const IAM_POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const SG_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule";
const SG = "aws:ec2/securityGroup:SecurityGroup";
const SERVICE = "kubernetes:core/v1:Service";
const CLUSTER = "eks:index:Cluster";
const MANAGED_NODE_GROUP = "eks:index:ManagedNodeGroup";
const AWS_NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const VPC = "awsx:ec2:Vpc";
const KMS_KEY = "aws:kms/key:Key";
const PRINCIPAL_ASSOCIATION = "aws:ram/principalAssociation:PrincipalAssociation";
const VIRTUAL_ROUTER = "kubernetes:appmesh.k8s.aws/v1beta2:VirtualRouter";
const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const STATEFUL_SET = "kubernetes:apps/v1:StatefulSet";

const WORKER_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
];

describe("policy no-full-access-managed-policies", () => {
    const POLICY = "no-full-access-managed-policies";
    const message = (arn: string) => `attaches the AWS managed policy ${arn}, which allows every action of its service; attach a policy scoped to what the principal needs`;

    it("GIVEN AWSAppMeshFullAccess attached to a role WHEN evaluated THEN it fires", () => {
        const arn = "arn:aws:iam::aws:policy/AWSAppMeshFullAccess";
        const attachment = record(ROLE_POLICY_ATTACHMENT, "node-appmesh", { policyArn: arn, role: "node-role" });
        expect(violationsOf(attachment)).to.deep.equal([violation(attachment, POLICY, message(arn))]);
    });

    it("GIVEN a role whose managedPolicyArns include ElasticLoadBalancingFullAccess WHEN evaluated THEN it fires for that ARN only", () => {
        const arn = "arn:aws:iam::aws:policy/ElasticLoadBalancingFullAccess";
        const role = record(ROLE, "node", { assumeRolePolicy: "{}", managedPolicyArns: [...WORKER_POLICIES, arn] });
        expect(violationsOf(role)).to.deep.equal([violation(role, POLICY, message(arn))]);
    });

    it("GIVEN a PolicyAttachment of a *FullAccess policy under a path, in another partition WHEN evaluated THEN it fires", () => {
        const arn = "arn:aws-us-gov:iam::aws:policy/service-role/AWSCloudMapFullAccess";
        const attachment = record(POLICY_ATTACHMENT, "everyone", { policyArn: arn, roles: ["a"] });
        expect(violationsOf(attachment)).to.deep.equal([violation(attachment, POLICY, message(arn))]);
    });

    it("GIVEN the three worker policies and a customer-managed policy WHEN evaluated THEN it passes", () => {
        const role = record(ROLE, "node", { assumeRolePolicy: "{}", managedPolicyArns: WORKER_POLICIES });
        const attachments = [...WORKER_POLICIES, "arn:aws:iam::111111111111:policy/MeshFullAccessReview"].map((arn, i) =>
            record(ROLE_POLICY_ATTACHMENT, `node-${i}`, { policyArn: arn, role: "node-role" }),
        );
        expect(violationsOf(role, ...attachments)).to.deep.equal([]);
    });
});

describe("policy no-wildcard-actions", () => {
    const POLICY = "no-wildcard-actions";
    const advice = "list the actions the principal needs instead of a wildcard";

    it('GIVEN a Policy document object allowing "*" WHEN evaluated THEN it fires naming the statement by Sid', () => {
        const policy = record(IAM_POLICY, "admin", {
            policy: { Version: "2012-10-17", Statement: [{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }] },
        });
        expect(violationsOf(policy)).to.deep.equal([violation(policy, POLICY, `statement "Everything" allows "*"; ${advice}`)]);
    });

    it('GIVEN a RolePolicy as JSON text allowing "appmesh-preview:*" among others WHEN evaluated THEN it fires for that action', () => {
        const rolePolicy = record(ROLE_POLICY, "controller", {
            role: "controller-role",
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["appmesh:DescribeMesh", "appmesh-preview:*"], Resource: "*" }],
            }),
        });
        expect(violationsOf(rolePolicy)).to.deep.equal([violation(rolePolicy, POLICY, `statement 0 allows "appmesh-preview:*"; ${advice}`)]);
    });

    it("GIVEN a role's inline policy with a single statement allowing a whole service WHEN evaluated THEN it fires naming the inline policy", () => {
        const role = record(ROLE, "lb", {
            assumeRolePolicy: "{}",
            inlinePolicies: [{ name: "load-balancers", policy: JSON.stringify({ Statement: { Effect: "Allow", Action: "elasticloadbalancing:*", Resource: "*" } }) }],
        });
        expect(violationsOf(role)).to.deep.equal([
            violation(role, POLICY, `inline policy "load-balancers" statement 0 allows "elasticloadbalancing:*"; ${advice}`),
        ]);
    });

    it("GIVEN scoped actions, a Deny of *, an assume-role policy and a masked secret WHEN evaluated THEN it passes", () => {
        const scoped = record(ROLE_POLICY, "scoped", {
            role: "r",
            policy: JSON.stringify({
                Statement: [
                    { Effect: "Allow", Action: ["s3:Get*", "appmesh:DescribeMesh"], Resource: "*" },
                    { Effect: "Deny", Action: "*", Resource: "*" },
                ],
            }),
        });
        const role = record(ROLE, "web", {
            assumeRolePolicy: { Statement: [{ Effect: "Allow", Action: "sts:*", Principal: { Service: "ec2.amazonaws.com" } }] },
        });
        const secret = record(IAM_POLICY, "hidden", { policy: "[secret]" });
        expect(violationsOf(scoped, role, secret)).to.deep.equal([]);
    });
});

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

describe("policy eks-secrets-encrypted-rotating-key (stack)", () => {
    const POLICY = "eks-secrets-encrypted-rotating-key";
    const KEY_ARN = "arn:aws:kms:us-west-2:111111111111:key/3f50e5d2-6423-bc92-9ae0-96e04a2bbab6";
    const key = (rotation: boolean) =>
        record(KMS_KEY, "cluster-secrets", { enableKeyRotation: rotation, deletionWindowInDays: 30 }, {
            outputs: { arn: KEY_ARN, enableKeyRotation: rotation, deletionWindowInDays: 30 },
        });
    const cluster = (inputs: Record<string, unknown>) => record(CLUSTER, "cluster-eks", { nodeAssociatePublicIpAddress: false, ...inputs });

    it("GIVEN a cluster without encryptionConfigKeyArn WHEN evaluated THEN it fires", () => {
        const eks = cluster({});
        expect(violationsOf(key(true), eks)).to.deep.equal([
            violation(eks, POLICY, "Kubernetes secrets are not encrypted; set encryptionConfigKeyArn to the ARN of a KMS key of this stack with enableKeyRotation: true"),
        ]);
    });

    it("GIVEN the stack's key without rotation WHEN evaluated THEN it fires naming the key", () => {
        const eks = cluster({ encryptionConfigKeyArn: KEY_ARN });
        expect(violationsOf(key(false), eks)).to.deep.equal([
            violation(eks, POLICY, `encryptionConfigKeyArn ${KEY_ARN} is the KMS key cluster-secrets, which does not rotate; set enableKeyRotation: true on it`),
        ]);
    });

    it("GIVEN a key ARN from outside the stack WHEN evaluated THEN it fires", () => {
        const foreign = "arn:aws:kms:us-west-2:222222222222:key/00000000-0000-0000-0000-000000000000";
        const eks = cluster({ encryptionConfigKeyArn: foreign });
        expect(violationsOf(key(true), eks)).to.deep.equal([
            violation(eks, POLICY, `encryptionConfigKeyArn ${foreign} is not a KMS key of this stack; create the key here, with enableKeyRotation: true`),
        ]);
    });

    it("GIVEN the stack's rotating key, as input or as CrossGuard's core.encryptionConfig output WHEN evaluated THEN it passes", () => {
        const byInput = cluster({ encryptionConfigKeyArn: KEY_ARN });
        const byOutput = record(CLUSTER, "mlc-eks", { nodeAssociatePublicIpAddress: false }, {
            outputs: { core: { encryptionConfig: { provider: { keyArn: KEY_ARN }, resources: ["secrets"] } } },
        });
        expect(violationsOf(key(true), byInput, byOutput)).to.deep.equal([]);
    });
});

describe("policy ram-shares-only-to-configured-accounts", () => {
    const POLICY = "ram-shares-only-to-configured-accounts";
    const share = "arn:aws:ram:us-west-2:111111111111:resource-share/ff93f715";

    it("GIVEN a share with an account outside the environment, and with a whole organization WHEN evaluated THEN both fire", () => {
        const stranger = record(PRINCIPAL_ASSOCIATION, "share-stranger", { principal: "333333333333", resourceShareArn: share });
        const organization = record(PRINCIPAL_ASSOCIATION, "share-org", {
            principal: "arn:aws:organizations::111111111111:organization/o-exampleorg",
            resourceShareArn: share,
        });
        expect(violationsOf(stranger, organization)).to.deep.equal([
            violation(stranger, POLICY, 'shares with "333333333333", which is not an allowed account (111111111111, 222222222222); share only with the environment\'s accounts'),
            violation(
                organization,
                POLICY,
                'shares with "arn:aws:organizations::111111111111:organization/o-exampleorg", which is not an allowed account (111111111111, 222222222222); share only with the environment\'s accounts',
            ),
        ]);
    });

    it("GIVEN the mesh shared with the backend account WHEN evaluated THEN it passes", () => {
        const backend = record(PRINCIPAL_ASSOCIATION, "owner-share-backend", { principal: "222222222222", resourceShareArn: share });
        expect(violationsOf(backend)).to.deep.equal([]);
    });
});

describe("policy no-client-error-retries", () => {
    const POLICY = "no-client-error-retries";
    const router = (routes: unknown[]) =>
        record(VIRTUAL_ROUTER, "appserver-router", {
            apiVersion: "appmesh.k8s.aws/v1beta2",
            kind: "VirtualRouter",
            metadata: { name: "yelb-appserver", namespace: "yelb" },
            spec: { listeners: [{ portMapping: { port: 4567, protocol: "http" } }], routes },
        });
    const retry = (events: string[]) => ({ maxRetries: 2, perRetryTimeout: { unit: "ms", value: 2000 }, httpRetryEvents: events });

    it("GIVEN an httpRoute and an http2Route that retry client-error WHEN evaluated THEN each fires", () => {
        const bad = router([
            { name: "appserver", httpRoute: { match: { prefix: "/" }, retryPolicy: retry(["server-error", "client-error"]) } },
            { http2Route: { match: { prefix: "/" }, retryPolicy: retry(["client-error"]) } },
        ]);
        expect(violationsOf(bad)).to.deep.equal([
            violation(bad, POLICY, 'route "appserver" (httpRoute) retries on client-error; retry only server-error, gateway-error or stream-error'),
            violation(bad, POLICY, "route 1 (http2Route) retries on client-error; retry only server-error, gateway-error or stream-error"),
        ]);
    });

    it("GIVEN routes retrying server and gateway errors, or not retrying WHEN evaluated THEN it passes", () => {
        const good = router([
            { name: "appserver", httpRoute: { match: { prefix: "/" }, retryPolicy: retry(["server-error", "gateway-error"]) } },
            { name: "plain", httpRoute: { match: { prefix: "/api" } } },
        ]);
        expect(violationsOf(good)).to.deep.equal([]);
    });
});

describe("policy containers-have-resources-and-probes", () => {
    const POLICY = "containers-have-resources-and-probes";
    const workload = (type: string, name: string, containers: unknown[]) =>
        record(type, name, {
            apiVersion: "apps/v1",
            kind: type.split(":").pop(),
            metadata: { name, namespace: "yelb" },
            spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers } } },
        });
    const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } };
    const readinessProbe = { httpGet: { path: "/", port: 80 } };

    it("GIVEN a Deployment container with requests only WHEN evaluated THEN it fires listing what is missing", () => {
        const ui = workload(DEPLOYMENT, "yelb-ui", [{ name: "yelb-ui", image: "mreferre/yelb-ui:0.10", resources: { requests: { cpu: "100m" } } }]);
        expect(violationsOf(ui)).to.deep.equal([violation(ui, POLICY, 'container "yelb-ui" has no resources.limits or readinessProbe')]);
    });

    it("GIVEN a StatefulSet container with nothing, and empty requests WHEN evaluated THEN it fires for each container", () => {
        const redis = workload(STATEFUL_SET, "redis-server", [
            { name: "redis", image: "redis:7" },
            { name: "exporter", image: "exporter:1", resources: { requests: {}, limits: { memory: "64Mi" } }, readinessProbe },
        ]);
        expect(violationsOf(redis)).to.deep.equal([
            violation(redis, POLICY, 'container "redis" has no resources.requests, resources.limits or readinessProbe'),
            violation(redis, POLICY, 'container "exporter" has no resources.requests'),
        ]);
    });

    it("GIVEN containers with requests, limits and a readiness probe WHEN evaluated THEN it passes", () => {
        const ui = workload(DEPLOYMENT, "yelb-ui", [{ name: "yelb-ui", image: "mreferre/yelb-ui:0.10", resources, readinessProbe }]);
        const db = workload(STATEFUL_SET, "yelb-db", [{ name: "yelb-db", image: "mreferre/yelb-db:0.6", resources, readinessProbe: { tcpSocket: { port: 5432 } } }]);
        expect(violationsOf(ui, db)).to.deep.equal([]);
    });
});

