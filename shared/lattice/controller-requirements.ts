/**
 * What the AWS Gateway API Controller v2.1.3 needs from IAM for the features this project uses
 * (Gateway, HTTPRoute, TargetGroupPolicy; tagging through the Lattice API), one row per action and
 * resource it is authorized on, each with where the need comes from. This is the specification
 * controller-policy.ts is tested against (controller-requirements.test.ts evaluates every row
 * against the policy with an IAM policy simulator), so it lists needs, not statements.
 *
 * Controller sources are files of aws/aws-application-networking-k8s at tag v2.1.3, with the
 * function that makes the call. Lattice's own checks come from the VPC Lattice User Guide's
 * "Amazon VPC Lattice API permissions" (https://docs.aws.amazon.com/vpc-lattice/latest/ug/additional-api-permissions.html).
 */

/** Lattice resource types of the Service Authorization Reference (service prefix vpc-lattice). */
export type LatticeResourceType = "Service" | "ServiceNetwork" | "ServiceNetworkServiceAssociation" | "Listener" | "Rule" | "TargetGroup";

/** Lattice's service-linked role (IAM resource type role), which Lattice creates on the caller's first create. */
export const LATTICE_SERVICE_LINKED_ROLE = "AWSServiceRoleForVpcLattice";

export interface ControllerRequirement {
    readonly action: string;
    /** The resource type the call is authorized on, or "*" for an action that has none. */
    readonly resource: LatticeResourceType | typeof LATTICE_SERVICE_LINKED_ROLE | "*";
    /**
     * Whose account holds the resource: the controller's own, or the service network owner's
     * (the network is shared by RAM, which grants the owner's side).
     * @default "controller"
     */
    readonly account?: "network-owner";
    /**
     * Request context keys AWS sets on the call that a policy may test.
     * @default none
     */
    readonly context?: Readonly<Record<string, string>>;
    readonly source: string;
}

const K8S = "aws-application-networking-k8s v2.1.3";
const UG = "VPC Lattice UG, API permissions:";

export const CONTROLLER_REQUIREMENTS: readonly ControllerRequirement[] = [
    // Services and their association with the (RAM-shared) service network.
    { action: "vpc-lattice:ListServices", resource: "*", source: `${K8S} pkg/aws/services/vpclattice.go FindService (service_manager.go Upsert, Delete)` },
    { action: "vpc-lattice:CreateService", resource: "Service", source: `${K8S} pkg/deploy/lattice/service_manager.go createServiceAndAssociate` },
    { action: "vpc-lattice:UpdateService", resource: "Service", source: `${K8S} pkg/deploy/lattice/service_manager.go updateServiceAndAssociations` },
    { action: "vpc-lattice:DeleteService", resource: "Service", source: `${K8S} pkg/deploy/lattice/service_manager.go deleteService` },
    {
        action: "vpc-lattice:ListServiceNetworks",
        resource: "*",
        source: `${K8S} pkg/aws/services/vpclattice.go FindServiceNetwork (gateway_controller.go, service_manager.go createAssociation)`,
    },
    {
        action: "vpc-lattice:ListServiceNetworkVpcAssociations",
        resource: "*",
        source: `${K8S} pkg/aws/services/vpclattice.go findServiceNetworkViaVPCAssociation (FindServiceNetwork's fallback)`,
    },
    { action: "vpc-lattice:CreateServiceNetworkServiceAssociation", resource: "Service", source: `${K8S} pkg/deploy/lattice/service_manager.go createAssociation` },
    {
        action: "vpc-lattice:CreateServiceNetworkServiceAssociation",
        resource: "ServiceNetwork",
        account: "network-owner",
        source: `${K8S} pkg/deploy/lattice/service_manager.go createAssociation`,
    },
    {
        action: "vpc-lattice:CreateServiceNetworkServiceAssociation",
        resource: "ServiceNetworkServiceAssociation",
        source: `${K8S} pkg/deploy/lattice/service_manager.go createAssociation`,
    },
    {
        action: "vpc-lattice:DeleteServiceNetworkServiceAssociation",
        resource: "ServiceNetworkServiceAssociation",
        source: `${K8S} pkg/deploy/lattice/service_manager.go deleteAssociation`,
    },
    { action: "vpc-lattice:ListServiceNetworkServiceAssociations", resource: "*", source: `${K8S} pkg/deploy/lattice/service_manager.go getAllAssociations` },
    // Listeners.
    { action: "vpc-lattice:ListListeners", resource: "*", source: `${K8S} pkg/deploy/lattice/listener_manager.go List, findListenerByPort` },
    { action: "vpc-lattice:CreateListener", resource: "Listener", source: `${K8S} pkg/deploy/lattice/listener_manager.go create` },
    { action: "vpc-lattice:GetListener", resource: "Listener", source: `${K8S} pkg/deploy/lattice/listener_manager.go needToUpdateDefaultAction` },
    { action: "vpc-lattice:UpdateListener", resource: "Listener", source: `${K8S} pkg/deploy/lattice/listener_manager.go update` },
    { action: "vpc-lattice:DeleteListener", resource: "Listener", source: `${K8S} pkg/deploy/lattice/listener_manager.go Delete; service_manager.go deleteAllListeners` },
    // Rules. BatchUpdateRule (rule_manager.go UpdatePriorities) is authorized as UpdateRule.
    { action: "vpc-lattice:ListRules", resource: "*", source: `${K8S} pkg/deploy/lattice/rule_manager.go List; vpclattice.go GetRulesAsList` },
    { action: "vpc-lattice:GetRule", resource: "Rule", source: `${K8S} pkg/deploy/lattice/rule_manager.go Get; vpclattice.go GetRulesAsList (rule_manager.go Upsert)` },
    { action: "vpc-lattice:CreateRule", resource: "Rule", source: `${K8S} pkg/deploy/lattice/rule_manager.go create` },
    { action: "vpc-lattice:UpdateRule", resource: "Rule", source: `${K8S} pkg/deploy/lattice/rule_manager.go updateIfNeeded, UpdatePriorities (BatchUpdateRule)` },
    { action: "vpc-lattice:DeleteRule", resource: "Rule", source: `${K8S} pkg/deploy/lattice/rule_manager.go Delete` },
    // Target groups (type IP: pkg/gateway/model_build_targetgroup.go) and their targets.
    { action: "vpc-lattice:ListTargetGroups", resource: "*", source: `${K8S} pkg/deploy/lattice/target_group_manager.go List; tagging.go latticeTagging.FindResourcesByTags` },
    { action: "vpc-lattice:GetTargetGroup", resource: "TargetGroup", source: `${K8S} pkg/deploy/lattice/target_group_manager.go findTargetGroup` },
    { action: "vpc-lattice:CreateTargetGroup", resource: "TargetGroup", source: `${K8S} pkg/deploy/lattice/target_group_manager.go create` },
    { action: "vpc-lattice:UpdateTargetGroup", resource: "TargetGroup", source: `${K8S} pkg/deploy/lattice/target_group_manager.go update` },
    { action: "vpc-lattice:DeleteTargetGroup", resource: "TargetGroup", source: `${K8S} pkg/deploy/lattice/target_group_manager.go Delete` },
    { action: "vpc-lattice:ListTargets", resource: "TargetGroup", source: `${K8S} pkg/deploy/lattice/targets_manager.go List; target_group_manager.go Delete` },
    { action: "vpc-lattice:RegisterTargets", resource: "TargetGroup", source: `${K8S} pkg/deploy/lattice/targets_manager.go registerTargets` },
    { action: "vpc-lattice:DeregisterTargets", resource: "TargetGroup", source: `${K8S} pkg/deploy/lattice/targets_manager.go deregisterTargets; target_group_manager.go Delete` },
    // Tags, through the Lattice API because our values set disableTaggingServiceApi (pkg/aws/cloud.go).
    { action: "vpc-lattice:ListTagsForResource", resource: "*", source: `${K8S} pkg/aws/services/tagging.go latticeTagging.UpdateTags, GetTagsForArns; service_manager.go checkAndUpdateTags` },
    { action: "vpc-lattice:TagResource", resource: "Service", source: `${K8S} pkg/deploy/lattice/service_manager.go checkAndUpdateTags, transferServiceOwnership` },
    { action: "vpc-lattice:TagResource", resource: "Listener", source: `${K8S} pkg/aws/services/tagging.go latticeTagging.UpdateTags (listener_manager.go Upsert)` },
    { action: "vpc-lattice:TagResource", resource: "Rule", source: `${K8S} pkg/aws/services/tagging.go latticeTagging.UpdateTags (rule_manager.go updateIfNeeded)` },
    { action: "vpc-lattice:TagResource", resource: "TargetGroup", source: `${K8S} pkg/aws/services/tagging.go latticeTagging.UpdateTags (target_group_manager.go update)` },
    {
        action: "vpc-lattice:TagResource",
        resource: "ServiceNetworkServiceAssociation",
        source: `${K8S} pkg/aws/services/tagging.go latticeTagging.UpdateTags (service_manager.go updateAssociations)`,
    },
    { action: "vpc-lattice:UntagResource", resource: "Service", source: `${K8S} pkg/aws/services/tagging.go latticeTagging.UpdateTags (service_manager.go)` },
    { action: "vpc-lattice:UntagResource", resource: "Listener", source: `${K8S} pkg/aws/services/tagging.go latticeTagging.UpdateTags (listener_manager.go Upsert)` },
    { action: "vpc-lattice:UntagResource", resource: "Rule", source: `${K8S} pkg/aws/services/tagging.go latticeTagging.UpdateTags (rule_manager.go updateIfNeeded)` },
    { action: "vpc-lattice:UntagResource", resource: "TargetGroup", source: `${K8S} pkg/aws/services/tagging.go latticeTagging.UpdateTags (target_group_manager.go update)` },
    // What Lattice itself checks on the caller.
    {
        action: "iam:CreateServiceLinkedRole",
        resource: LATTICE_SERVICE_LINKED_ROLE,
        context: { "iam:AWSServiceName": "vpc-lattice.amazonaws.com" },
        source: `VPC Lattice UG, Using service-linked roles: Lattice creates ${LATTICE_SERVICE_LINKED_ROLE} with the caller's permissions; ${K8S} files/controller-installation/recommended-inline-policy.json grants it`,
    },
    { action: "ec2:DescribeVpcs", resource: "*", source: `${UG} CreateTargetGroup requires ec2:DescribeVpcs` },
    { action: "ec2:DescribeVpcs", resource: "*", source: `${UG} RegisterTargets requires ec2:DescribeVpcs for IP targets` },
    { action: "ec2:DescribeSubnets", resource: "*", source: `${UG} RegisterTargets requires ec2:DescribeSubnets for IP targets` },
];
