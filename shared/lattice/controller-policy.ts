import { PolicyDocument, PolicyStatement, policyDocument } from "../iam";

/**
 * The AWS Gateway API Controller's permissions (aws/aws-application-networking-k8s v2.1.3), listed
 * from the API calls it makes instead of the `vpc-lattice:*` its documentation recommends. Read
 * from the controller's source at tag v2.1.3:
 * - pkg/aws/services/vpclattice.go: the Lattice client; which methods run is found by their callers
 *   in pkg/deploy/lattice/{service,listener,rule,target_group,targets}_manager.go and
 *   pkg/controllers/gateway_controller.go (FindServiceNetwork: ListServiceNetworks, then
 *   ListServiceNetworkVpcAssociations for a RAM-shared network).
 * - pkg/aws/cloud.go + pkg/aws/services/tagging.go: with `disableTaggingServiceApi` (which our Helm
 *   values set) tags are read and written through the Lattice API (ListTagsForResource, TagResource,
 *   UntagResource, ListTargetGroups) instead of the Resource Groups Tagging API (`tag:*`).
 * - pkg/config/controller_config.go: ec2:DescribeTags runs only when CLUSTER_NAME is unset (we set it).
 * - pkg/aws/services/acm.go: acm:ListCertificates only for HTTPS listeners without a certificate ARN.
 * - rule_manager.go UpdatePriorities calls BatchUpdateRule, which IAM authorizes as
 *   vpc-lattice:UpdateRule: the Service Authorization Reference has no BatchUpdateRule action.
 * Besides the controller's own calls, VPC Lattice checks EC2 reads on the caller (EC2_READS).
 * Every action with the file and function that needs it: controller-requirements.ts.
 * Left out on purpose, for features this project does not use: ServiceNetwork CRD and
 * VpcAssociationPolicy (Create/Delete ServiceNetwork, Create/Update/Delete/Get
 * ServiceNetworkVpcAssociation: Pulumi owns those), AccessLogPolicy (access log subscriptions and
 * the logs/firehose/s3 delivery actions), IAMAuthPolicy (Put/DeleteAuthPolicy, UpdateServiceNetwork),
 * HTTPS (acm). Adding one of those features means adding its actions here.
 */

/** Lattice actions the route flow calls: services, listeners, rules, target groups, targets, associations. */
export const ROUTE_FLOW_ACTIONS: readonly string[] = [
    // service_manager.go
    "vpc-lattice:CreateService",
    "vpc-lattice:UpdateService",
    "vpc-lattice:DeleteService",
    "vpc-lattice:ListServices",
    "vpc-lattice:CreateServiceNetworkServiceAssociation",
    "vpc-lattice:DeleteServiceNetworkServiceAssociation",
    "vpc-lattice:ListServiceNetworkServiceAssociations",
    // listener_manager.go
    "vpc-lattice:CreateListener",
    "vpc-lattice:UpdateListener",
    "vpc-lattice:DeleteListener",
    "vpc-lattice:GetListener",
    "vpc-lattice:ListListeners",
    // rule_manager.go
    "vpc-lattice:CreateRule",
    "vpc-lattice:UpdateRule",
    "vpc-lattice:DeleteRule",
    "vpc-lattice:GetRule",
    "vpc-lattice:ListRules",
    // target_group_manager.go, targets_manager.go
    "vpc-lattice:CreateTargetGroup",
    "vpc-lattice:UpdateTargetGroup",
    "vpc-lattice:DeleteTargetGroup",
    "vpc-lattice:GetTargetGroup",
    "vpc-lattice:ListTargetGroups",
    "vpc-lattice:RegisterTargets",
    "vpc-lattice:DeregisterTargets",
    "vpc-lattice:ListTargets",
    // tagging.go (Lattice tagging mode), service_manager.go
    "vpc-lattice:ListTagsForResource",
    "vpc-lattice:TagResource",
    "vpc-lattice:UntagResource",
    // vpclattice.go FindServiceNetwork (gateway_controller.go, service_manager.go)
    "vpc-lattice:ListServiceNetworks",
    "vpc-lattice:ListServiceNetworkVpcAssociations",
];

/**
 * Lattice's own checks on the caller (VPC Lattice User Guide, "Amazon VPC Lattice API permissions",
 * https://docs.aws.amazon.com/vpc-lattice/latest/ug/additional-api-permissions.html):
 * CreateTargetGroup requires ec2:DescribeVpcs; RegisterTargets for IP targets (the controller's
 * only target type) requires ec2:DescribeVpcs and ec2:DescribeSubnets. The controller never calls
 * EC2 itself. Neither action has a resource type, so they take Resource "*".
 */
export const EC2_READS: readonly string[] = ["ec2:DescribeVpcs", "ec2:DescribeSubnets"];

/**
 * The route flow's actions that name no resource (no resource type in the Service Authorization
 * Reference), so they take Resource "*". ListTargets is not one: it names its target group.
 */
const LATTICE_LOOKUPS: ReadonlySet<string> = new Set([
    "vpc-lattice:ListServices",
    "vpc-lattice:ListServiceNetworkServiceAssociations",
    "vpc-lattice:ListListeners",
    "vpc-lattice:ListRules",
    "vpc-lattice:ListTargetGroups",
    "vpc-lattice:ListTagsForResource",
    "vpc-lattice:ListServiceNetworks",
    "vpc-lattice:ListServiceNetworkVpcAssociations",
]);

export interface ControllerPolicyArgs {
    /** The account the controller runs in; Lattice creates its service-linked role there. */
    readonly accountId: string;
    readonly region: string;
}

/**
 * Resources: the Lattice objects the controller creates live in its own account and region; the
 * service network it associates services with is the owner's (RAM-shared), so associations and
 * lookups name any account's Lattice ARNs in the region. Lookups and EC2 reads take no resource.
 */
export function controllerPolicyStatements(args: ControllerPolicyArgs): PolicyStatement[] {
    const lattice = (account: string) => `arn:aws:vpc-lattice:${args.region}:${account}:*`;
    const scoped = ROUTE_FLOW_ACTIONS.filter((a) => !LATTICE_LOOKUPS.has(a));
    const associations = (a: string) => a.includes("ServiceNetworkServiceAssociation");
    return [
        { Sid: "LatticeRouteFlow", Effect: "Allow", Action: scoped.filter((a) => !associations(a)), Resource: lattice(args.accountId) },
        { Sid: "LatticeServiceAssociations", Effect: "Allow", Action: scoped.filter(associations), Resource: lattice("*") },
        { Sid: "LatticeLookups", Effect: "Allow", Action: ROUTE_FLOW_ACTIONS.filter((a) => LATTICE_LOOKUPS.has(a)), Resource: "*" },
        { Sid: "LatticeChecksVpcAndSubnets", Effect: "Allow", Action: EC2_READS, Resource: "*" },
        {
            Sid: "LatticeServiceLinkedRole",
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: `arn:aws:iam::${args.accountId}:role/aws-service-role/vpc-lattice.amazonaws.com/AWSServiceRoleForVpcLattice`,
            Condition: { StringLike: { "iam:AWSServiceName": "vpc-lattice.amazonaws.com" } },
        },
    ];
}

export function controllerPolicy(args: ControllerPolicyArgs): PolicyDocument {
    return policyDocument(...controllerPolicyStatements(args));
}
