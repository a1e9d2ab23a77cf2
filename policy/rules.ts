/**
 * The guardrails of yelb-appmesh as pure functions over plain resource properties, so the same
 * rules run in two places: in the CrossGuard policy pack (`index.ts`, through `pack.ts`) and in
 * the offline plan (`evaluate.ts`). Nothing here may import `@pulumi/policy` or `@pulumi/pulumi`:
 * tests and the offline plan load this file without a policy runtime.
 *
 * Values a rule cannot see are strings: `"[unknown]"` (not known until the resource it comes from
 * exists, as in a preview) and `"[secret]"` (masked by the offline plan). A rule never reports a
 * violation on such a value: `pulumi up` sees the real value and checks it then.
 */

export const PACK_NAME = "yelb-appmesh-guardrails";

export const UNKNOWN = "[unknown]";
export const SECRET = "[secret]";

/** The level of every policy of the pack: a violation blocks `pulumi up` and fails the offline plan. */
export type EnforcementLevel = "mandatory";

/** What rules need to know beyond the resource itself. */
export interface RuleContext {
    /** Account IDs RAM may share resources with. */
    readonly allowedPrincipals: readonly string[];
}

/** A rule that looks at one resource's inputs at a time. */
export interface ResourceRule {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    /** The resource types the rule inspects; it has nothing to say about any other. */
    readonly resourceTypes: readonly string[];
    /** The violation messages for one resource of one of `resourceTypes`; none when it complies. */
    readonly check: (type: string, inputs: Record<string, unknown>, context: RuleContext) => string[];
}

/** One resource of a stack as a stack rule sees it: its state (outputs over inputs). */
export interface StackResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly props: Record<string, unknown>;
}

export interface StackViolation {
    /** The resource in violation. */
    readonly urn: string;
    readonly message: string;
}

/** A rule that needs several resources of a stack at once (a node group and its VPC, a cluster and its key). */
export interface StackRule {
    readonly name: string;
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly check: (resources: readonly StackResource[], context: RuleContext) => StackViolation[];
}

// ---------------------------------------------------------------------------------------------
// Helpers over plain JSON

/** True for a value the rule cannot inspect: unknown during preview, or a masked secret. */
export function isOpaque(value: unknown): boolean {
    return value === UNKNOWN || value === SECRET;
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** A value that may be one item or a list of them, as a list; nothing as an empty list. */
function listOf(value: unknown): unknown[] {
    if (value === undefined || value === null) return [];
    return Array.isArray(value) ? value : [value];
}

function at(value: unknown, ...path: (string | number)[]): unknown {
    let node = value;
    for (const key of path) {
        if (Array.isArray(node) && typeof key === "number") node = node[key];
        else if (isRecord(node) && typeof key === "string") node = node[key];
        else return undefined;
    }
    return node;
}

/** "a", "a or b", "a, b or c". */
function either(items: readonly string[]): string {
    return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------
// 1. no-full-access-managed-policies

export const FULL_ACCESS_TYPES = {
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    role: "aws:iam/role:Role",
} as const;

/** An AWS managed policy (account `aws`, any partition, any path) whose name contains FullAccess. */
const AWS_MANAGED_FULL_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/(?:[^/]+\/)*[^/]*FullAccess[^/]*$/;

export function isAwsManagedFullAccess(arn: unknown): boolean {
    return typeof arn === "string" && AWS_MANAGED_FULL_ACCESS.test(arn);
}

export const noFullAccessManagedPolicies: ResourceRule = {
    name: "no-full-access-managed-policies",
    description:
        "No AWS managed *FullAccess policy (AWSAppMeshFullAccess, ElasticLoadBalancingFullAccess, ...) is attached to a role, user or group: each grants every action of a service.",
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(FULL_ACCESS_TYPES),
    check: (type, inputs) => {
        const arns = type === FULL_ACCESS_TYPES.role ? listOf(inputs.managedPolicyArns) : [inputs.policyArn];
        return arns
            .filter(isAwsManagedFullAccess)
            .map((arn) => `attaches the AWS managed policy ${arn}, which allows every action of its service; attach a policy scoped to what the principal needs`);
    },
};

// ---------------------------------------------------------------------------------------------
// 2. no-wildcard-actions

export const POLICY_DOCUMENT_TYPES = {
    policy: "aws:iam/policy:Policy",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    role: "aws:iam/role:Role",
} as const;

/** `*`, or every action of one service (`s3:*`, and `*:*`). */
export function isWildcardAction(action: unknown): boolean {
    return typeof action === "string" && (action === "*" || /^[^:]+:\*$/.test(action));
}

/** A policy document as an object, from JSON text or an object; undefined when it cannot be read. */
function policyDocument(value: unknown): Record<string, unknown> | undefined {
    if (isRecord(value)) return value;
    if (typeof value !== "string" || isOpaque(value)) return undefined;
    try {
        const parsed: unknown = JSON.parse(value);
        return isRecord(parsed) ? parsed : undefined;
    } catch {
        return undefined; // Not JSON: AWS refuses it, and there is no action to judge.
    }
}

function wildcardActions(document: unknown, label: string): string[] {
    const statements = listOf(policyDocument(document)?.Statement);
    return statements.flatMap((statement, index) => {
        if (!isRecord(statement) || statement.Effect !== "Allow") return [];
        const name = typeof statement.Sid === "string" && statement.Sid !== "" ? `"${statement.Sid}"` : String(index);
        return listOf(statement.Action)
            .filter(isWildcardAction)
            .map((action) => `${label}statement ${name} allows "${action}"; list the actions the principal needs instead of a wildcard`);
    });
}

export const noWildcardActions: ResourceRule = {
    name: "no-wildcard-actions",
    description: 'No IAM policy document allows the action "*" or every action of a service ("appmesh:*").',
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(POLICY_DOCUMENT_TYPES),
    check: (type, inputs) => {
        if (type !== POLICY_DOCUMENT_TYPES.role) return wildcardActions(inputs.policy, "");
        return listOf(inputs.inlinePolicies).flatMap((inline, index) => {
            const name = at(inline, "name");
            return wildcardActions(at(inline, "policy"), `inline policy ${typeof name === "string" ? `"${name}"` : index} `);
        });
    },
};

// ---------------------------------------------------------------------------------------------
// 3. no-world-ingress

export const INGRESS_TYPES = {
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
} as const;

const WORLD = ["0.0.0.0/0", "::/0"];

function ports(protocol: unknown, fromPort: unknown, toPort: unknown): string {
    if (protocol === "-1" || protocol === -1 || protocol === "all") return "all protocols and ports";
    if (fromPort === undefined) return String(protocol);
    const range = fromPort === toPort || toPort === undefined ? `${fromPort}` : `${fromPort}-${toPort}`;
    return `${protocol} ${range}`;
}

function worldIngress(label: string, cidrs: unknown[], protocol: unknown, fromPort: unknown, toPort: unknown): string[] {
    return cidrs
        .filter((cidr): cidr is string => typeof cidr === "string" && WORLD.includes(cidr))
        .map((cidr) => `${label}admits ${cidr} on ${ports(protocol, fromPort, toPort)}; open it only to the CIDRs or security groups that need it`);
}

export const noWorldIngress: ResourceRule = {
    name: "no-world-ingress",
    description:
        "No security group admits 0.0.0.0/0 or ::/0. The UI is public through its Kubernetes LoadBalancer Service, which is not a security group rule.",
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(INGRESS_TYPES),
    check: (type, inputs) => {
        switch (type) {
            case INGRESS_TYPES.ingressRule:
                return worldIngress("", [inputs.cidrIpv4, inputs.cidrIpv6], inputs.ipProtocol, inputs.fromPort, inputs.toPort);
            case INGRESS_TYPES.securityGroupRule:
                if (inputs.type !== "ingress") return [];
                return worldIngress("", [...listOf(inputs.cidrBlocks), ...listOf(inputs.ipv6CidrBlocks)], inputs.protocol, inputs.fromPort, inputs.toPort);
            default:
                return listOf(inputs.ingress).flatMap((rule, index) =>
                    worldIngress(
                        `ingress[${index}] `,
                        [...listOf(at(rule, "cidrBlocks")), ...listOf(at(rule, "ipv6CidrBlocks"))],
                        at(rule, "protocol"),
                        at(rule, "fromPort"),
                        at(rule, "toPort"),
                    ),
                );
        }
    },
};

// ---------------------------------------------------------------------------------------------
// 4. eks-nodes-no-public-ip and eks-nodes-private-subnets

export const EKS_TYPES = {
    cluster: "eks:index:Cluster",
    managedNodeGroup: "eks:index:ManagedNodeGroup",
    awsNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    awsCluster: "aws:eks/cluster:Cluster",
    vpc: "awsx:ec2:Vpc",
    kmsKey: "aws:kms/key:Key",
} as const;

export const eksNodesNoPublicIp: ResourceRule = {
    name: "eks-nodes-no-public-ip",
    description: "An EKS cluster sets nodeAssociatePublicIpAddress: false, so no worker node gets a public IP address.",
    enforcementLevel: "mandatory",
    resourceTypes: [EKS_TYPES.cluster],
    check: (_type, inputs) => {
        const value = inputs.nodeAssociatePublicIpAddress;
        if (value === false || isOpaque(value)) return [];
        const is = value === undefined ? "is not set" : `is ${JSON.stringify(value)}`;
        return [`nodeAssociatePublicIpAddress ${is}; set it to false so that worker nodes get no public IP address`];
    },
};

function stringList(value: unknown): string[] | undefined {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || isOpaque(v))) return undefined;
    return value as string[];
}

export const eksNodesPrivateSubnets: StackRule = {
    name: "eks-nodes-private-subnets",
    description: "EKS node groups (eks:index:ManagedNodeGroup, aws:eks/nodeGroup:NodeGroup) run only in the private subnets of the stack's awsx:ec2:Vpc.",
    enforcementLevel: "mandatory",
    check: (resources) => {
        const vpcs = resources.filter((r) => r.type === EKS_TYPES.vpc);
        const privateIds = vpcs.map((vpc) => stringList(vpc.props.privateSubnetIds));
        const known = privateIds.every((ids) => ids !== undefined);
        const privateSubnets = new Set(privateIds.flatMap((ids) => ids ?? []));
        const violations: StackViolation[] = [];
        for (const group of resources.filter((r) => r.type === EKS_TYPES.managedNodeGroup || r.type === EKS_TYPES.awsNodeGroup)) {
            const subnetIds = group.props.subnetIds;
            if (subnetIds === undefined || subnetIds === null) {
                // A CrossGuard stack check sees the component's outputs, which leave the subnets to
                // the aws:eks/nodeGroup:NodeGroup it creates; that one is checked instead.
                if (resources.some((r) => r.type === EKS_TYPES.awsNodeGroup && r.parent === group.urn)) continue;
                violations.push({
                    urn: group.urn,
                    message: "subnetIds is not set, so the nodes would go in every subnet of the cluster, public ones included; set it to the VPC's privateSubnetIds",
                });
                continue;
            }
            if (vpcs.length === 0) {
                violations.push({
                    urn: group.urn,
                    message: `the stack has no ${EKS_TYPES.vpc}, so its private subnets are unknown; declare node groups in the stack that owns the VPC`,
                });
                continue;
            }
            const ids = stringList(subnetIds);
            if (ids === undefined || !known) continue; // Not known before the subnets exist; `pulumi up` checks it.
            const outside = ids.filter((id) => !privateSubnets.has(id));
            if (outside.length > 0) {
                violations.push({
                    urn: group.urn,
                    message: `subnets ${outside.join(", ")} are not private subnets of the VPC (${[...privateSubnets].join(", ")}); put nodes in privateSubnetIds only`,
                });
            }
        }
        return violations;
    },
};

// ---------------------------------------------------------------------------------------------
// 5. eks-secrets-encrypted-rotating-key

/** The KMS key an eks:index:Cluster encrypts secrets with: its input, or (stack outputs) core.encryptionConfig. */
function clusterKeyArn(props: Record<string, unknown>): unknown {
    return props.encryptionConfigKeyArn ?? at(props, "core", "encryptionConfig", "provider", "keyArn");
}

export const eksSecretsEncryptedRotatingKey: StackRule = {
    name: "eks-secrets-encrypted-rotating-key",
    description: "Every EKS cluster encrypts Kubernetes secrets (encryptionConfigKeyArn) with a KMS key of the same stack that has enableKeyRotation: true.",
    enforcementLevel: "mandatory",
    check: (resources) => {
        const keys = resources.filter((r) => r.type === EKS_TYPES.kmsKey);
        const violations: StackViolation[] = [];
        for (const cluster of resources.filter((r) => r.type === EKS_TYPES.cluster)) {
            const arn = clusterKeyArn(cluster.props);
            if (isOpaque(arn)) continue;
            if (typeof arn !== "string" || arn === "") {
                violations.push({
                    urn: cluster.urn,
                    message: "Kubernetes secrets are not encrypted; set encryptionConfigKeyArn to the ARN of a KMS key of this stack with enableKeyRotation: true",
                });
                continue;
            }
            const key = keys.find((k) => k.props.arn === arn);
            if (key === undefined) {
                if (keys.some((k) => isOpaque(k.props.arn))) continue; // A key without its ARN yet may be this one.
                violations.push({
                    urn: cluster.urn,
                    message: `encryptionConfigKeyArn ${arn} is not a KMS key of this stack; create the key here, with enableKeyRotation: true`,
                });
                continue;
            }
            const rotation = key.props.enableKeyRotation;
            if (rotation !== true && !isOpaque(rotation)) {
                violations.push({
                    urn: cluster.urn,
                    message: `encryptionConfigKeyArn ${arn} is the KMS key ${key.name}, which does not rotate; set enableKeyRotation: true on it`,
                });
            }
        }
        return violations;
    },
};

// ---------------------------------------------------------------------------------------------
// 6. ram-shares-only-to-configured-accounts

export const RAM_PRINCIPAL_ASSOCIATION = "aws:ram/principalAssociation:PrincipalAssociation";

export const ramSharesOnlyToConfiguredAccounts: ResourceRule = {
    name: "ram-shares-only-to-configured-accounts",
    description:
        "RAM shares (the mesh) go only to allowed accounts: the pack's allowedPrincipals config; in the offline plan, the accounts of the environment's stacks.",
    enforcementLevel: "mandatory",
    resourceTypes: [RAM_PRINCIPAL_ASSOCIATION],
    check: (_type, inputs, context) => {
        const principal = inputs.principal;
        if (isOpaque(principal) || (typeof principal === "string" && context.allowedPrincipals.includes(principal))) return [];
        const allowed = context.allowedPrincipals.length > 0 ? context.allowedPrincipals.join(", ") : "none configured";
        return [`shares with ${JSON.stringify(principal ?? null)}, which is not an allowed account (${allowed}); share only with the environment's accounts`];
    },
};

// ---------------------------------------------------------------------------------------------
// 7. no-client-error-retries

export const VIRTUAL_ROUTER = "kubernetes:appmesh.k8s.aws/v1beta2:VirtualRouter";
const ROUTE_KINDS = ["httpRoute", "http2Route", "grpcRoute"] as const;

export const noClientErrorRetries: ResourceRule = {
    name: "no-client-error-retries",
    description: "No App Mesh route retries client-error (a 4xx fails the same way again; retrying it only multiplies the load).",
    enforcementLevel: "mandatory",
    resourceTypes: [VIRTUAL_ROUTER],
    check: (_type, inputs) =>
        listOf(at(inputs, "spec", "routes")).flatMap((route, index) => {
            const name = at(route, "name");
            const label = typeof name === "string" ? `"${name}"` : String(index);
            return ROUTE_KINDS.filter((kind) => listOf(at(route, kind, "retryPolicy", "httpRetryEvents")).includes("client-error")).map(
                (kind) => `route ${label} (${kind}) retries on client-error; retry only server-error, gateway-error or stream-error`,
            );
        }),
};

// ---------------------------------------------------------------------------------------------
// 8. containers-have-resources-and-probes

export const WORKLOAD_TYPES = {
    deployment: "kubernetes:apps/v1:Deployment",
    statefulSet: "kubernetes:apps/v1:StatefulSet",
} as const;

function isSet(value: unknown): boolean {
    return isOpaque(value) || (isRecord(value) && Object.keys(value).length > 0);
}

export const containersHaveResourcesAndProbes: ResourceRule = {
    name: "containers-have-resources-and-probes",
    description: "Every container of a Deployment or StatefulSet declares resources.requests, resources.limits and a readinessProbe.",
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(WORKLOAD_TYPES),
    check: (_type, inputs) => {
        const containers = at(inputs, "spec", "template", "spec", "containers");
        if (isOpaque(containers)) return [];
        return listOf(containers).flatMap((container, index) => {
            const missing = [
                ...(isSet(at(container, "resources", "requests")) ? [] : ["resources.requests"]),
                ...(isSet(at(container, "resources", "limits")) ? [] : ["resources.limits"]),
                ...(at(container, "readinessProbe") !== undefined && at(container, "readinessProbe") !== null ? [] : ["readinessProbe"]),
            ];
            const name = at(container, "name");
            const label = typeof name === "string" ? `"${name}"` : String(index);
            return missing.length === 0 ? [] : [`container ${label} has no ${either(missing)}`];
        });
    },
};

// ---------------------------------------------------------------------------------------------

export const RESOURCE_RULES: readonly ResourceRule[] = [
    noFullAccessManagedPolicies,
    noWildcardActions,
    noWorldIngress,
    eksNodesNoPublicIp,
    ramSharesOnlyToConfiguredAccounts,
    noClientErrorRetries,
    containersHaveResourcesAndProbes,
];

export const STACK_RULES: readonly StackRule[] = [eksNodesPrivateSubnets, eksSecretsEncryptedRotatingKey];

/** The violation messages of every resource rule for one resource, with the rule's name. */
export function checkResource(type: string, inputs: Record<string, unknown>, context: RuleContext): { policy: string; message: string }[] {
    return RESOURCE_RULES.filter((rule) => rule.resourceTypes.includes(type)).flatMap((rule) =>
        rule.check(type, inputs, context).map((message) => ({ policy: rule.name, message })),
    );
}
