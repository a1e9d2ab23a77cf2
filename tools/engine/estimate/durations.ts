/**
 * Typical creation and deletion times per resource type, in seconds. A row is `sourced` only when
 * a document or a published measurement gives the figure; the others are our estimates, marked as
 * such so the report never presents them as measured. Unknown types get DEFAULT_DURATION, and the
 * report lists them.
 */
export interface DurationRow {
    readonly createS: number;
    readonly deleteS: number;
    readonly source: string;
    /** When the source was read (or the estimate made). */
    readonly date: string;
    readonly sourced: boolean;
}

const ESTIMATE = (createS: number, deleteS: number, why: string): DurationRow => ({
    createS,
    deleteS,
    source: `estimate: ${why}`,
    date: "2026-11-29",
    sourced: false,
});

const EKS_MEASURED =
    "AWS EKS API reference CreateCluster ('typically takes between 10 and 15 minutes', https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html); " +
    "measured 899.9 s in us-west-2 (https://easontechtalk.com/unofficial-eks-cluster-creation-performance-across-aws-regions)";

/** Rows by exact Pulumi type token. Component resources (not listed) take no time of their own. */
export const DURATIONS: Readonly<Record<string, DurationRow>> = {
    "aws:eks/cluster:Cluster": { createS: 900, deleteS: 300, source: EKS_MEASURED + "; deletion: estimate", date: "2026-11-29", sourced: true },
    "aws:eks/nodeGroup:NodeGroup": ESTIMATE(180, 300, "ASG launch + node join; deletion drains and terminates instances"),
    "aws:eks/addon:Addon": ESTIMATE(60, 30, "add-on becomes ACTIVE once its pods run"),
    "aws:ec2/natGateway:NatGateway": ESTIMATE(120, 60, "pending -> available; Terraform's default create timeout of 10 min is an upper bound (https://oneuptime.com/blog/post/2026-02-23-how-to-fix-terraform-apply-times-out/view)"),
    "aws:ec2/vpc:Vpc": ESTIMATE(5, 5, "synchronous API"),
    "aws:ec2/subnet:Subnet": ESTIMATE(5, 5, "synchronous API"),
    "aws:ec2/internetGateway:InternetGateway": ESTIMATE(5, 5, "create + attach"),
    "aws:ec2/eip:Eip": ESTIMATE(2, 2, "synchronous API"),
    "aws:ec2/routeTable:RouteTable": ESTIMATE(2, 2, "synchronous API"),
    "aws:ec2/routeTableAssociation:RouteTableAssociation": ESTIMATE(2, 2, "synchronous API"),
    "aws:ec2/route:Route": ESTIMATE(2, 2, "synchronous API"),
    "aws:ec2/launchTemplate:LaunchTemplate": ESTIMATE(2, 2, "synchronous API"),
    "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": ESTIMATE(5, 5, "request created, accepted by the other account"),
    "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": ESTIMATE(10, 5, "waits for the connection to become active"),
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ESTIMATE(2, 2, "synchronous API"),
    "aws:iam/role:Role": ESTIMATE(3, 3, "IAM is eventually consistent; providers wait a few seconds"),
    "aws:iam/rolePolicy:RolePolicy": ESTIMATE(2, 2, "synchronous API"),
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ESTIMATE(2, 2, "synchronous API"),
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ESTIMATE(2, 2, "synchronous API"),
    "aws:iam/serviceLinkedRole:ServiceLinkedRole": ESTIMATE(5, 10, "deletion is an asynchronous task"),
    "aws:kms/key:Key": ESTIMATE(3, 1, "deletion only schedules it (deletion window)"),
    "aws:cloudwatch/logGroup:LogGroup": ESTIMATE(1, 1, "synchronous API"),
    "aws:cloudwatch/metricAlarm:MetricAlarm": ESTIMATE(1, 1, "synchronous API (PutMetricAlarm)"),
    "aws:cloudwatch/dashboard:Dashboard": ESTIMATE(1, 1, "synchronous API (PutDashboard)"),
    "aws:ram/resourceShare:ResourceShare": ESTIMATE(3, 5, "synchronous API"),
    "aws:ram/principalAssociation:PrincipalAssociation": ESTIMATE(10, 10, "waits for the association to be ASSOCIATED"),
    "aws:ram/resourceAssociation:ResourceAssociation": ESTIMATE(10, 10, "waits for the association to be ASSOCIATED"),
    "aws:ram/resourceShareAccepter:ResourceShareAccepter": ESTIMATE(10, 5, "waits for the invitation to be accepted"),
    "aws:servicediscovery/httpNamespace:HttpNamespace": ESTIMATE(30, 30, "asynchronous Cloud Map operation"),
    "aws:servicediscovery/service:Service": ESTIMATE(2, 2, "synchronous API"),
    "aws:vpclattice/serviceNetwork:ServiceNetwork": ESTIMATE(5, 5, "synchronous API"),
    "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation": ESTIMATE(60, 60, "waits for ACTIVE"),
    "aws:vpclattice/serviceNetworkServiceAssociation:ServiceNetworkServiceAssociation": ESTIMATE(30, 30, "waits for ACTIVE"),
    "aws:vpclattice/service:Service": ESTIMATE(10, 10, "waits for ACTIVE"),
    "aws:vpclattice/targetGroup:TargetGroup": ESTIMATE(10, 10, "waits for ACTIVE"),
    "aws:vpclattice/listener:Listener": ESTIMATE(5, 5, "synchronous API"),
    "aws:ec2/securityGroup:SecurityGroup": ESTIMATE(3, 10, "synchronous API; deletion waits for its network interfaces to go"),
    "aws:vpclattice/authPolicy:AuthPolicy": ESTIMATE(2, 2, "synchronous API"),
    "aws:vpclattice/accessLogSubscription:AccessLogSubscription": ESTIMATE(2, 2, "synchronous API"),
    "kubernetes:core/v1:Namespace": ESTIMATE(1, 10, "deletion waits for finalizers"),
    "kubernetes:core/v1:ConfigMap": ESTIMATE(1, 1, "API write"),
    "kubernetes:apps/v1:Deployment": ESTIMATE(60, 30, "rollout: image pull + readiness probes; deletion: graceful termination"),
    "kubernetes:core/v1:PersistentVolumeClaim": ESTIMATE(1, 10, "skipAwait: bound when the first pod schedules"),
    "kubernetes:core/v1:ServiceAccount": ESTIMATE(1, 1, "API write"),
    "kubernetes:storage.k8s.io/v1:StorageClass": ESTIMATE(1, 1, "API write"),
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": ESTIMATE(1, 1, "API write"),
    "kubernetes:policy/v1:PodDisruptionBudget": ESTIMATE(1, 1, "API write"),
};

/** Services of type LoadBalancer wait for the load balancer's address; other Services are an API write. */
const LOAD_BALANCER_SERVICE = ESTIMATE(90, 60, "Pulumi waits for .status.loadBalancer.ingress; the CLB is created by the cloud controller");
const CLUSTER_IP_SERVICE = ESTIMATE(1, 1, "API write");
/** Custom resources a controller reconciles; Pulumi waits for the write-back (`pulumi.com/waitFor`). */
const CONTROLLER_WRITE_BACK = ESTIMATE(15, 15, "controller reconciles and writes status back");

/** Helm releases by chart: install waits for the controller's pods to be ready (`atomic`). */
export const HELM_CHARTS: Readonly<Record<string, DurationRow>> = {
    "appmesh-controller": ESTIMATE(90, 30, "chart install + webhook pods ready"),
    "aws-gateway-controller-chart": ESTIMATE(90, 30, "chart install + controller pod ready"),
    "aws-load-balancer-controller": ESTIMATE(90, 30, "chart install + webhook pods ready"),
};

/** Free: no cloud call, or no wait. */
const INSTANT: DurationRow = { createS: 0, deleteS: 0, source: "no cloud operation", date: "2026-11-29", sourced: true };

/** Applied to any custom resource type the table does not know, and reported as such. */
export const DEFAULT_DURATION: DurationRow = ESTIMATE(10, 10, "default for a type without a row");

export interface ResolvedDuration extends DurationRow {
    /** True when the type had no row and DEFAULT_DURATION was used. */
    readonly defaulted: boolean;
}

/** The duration row for one resource, from its type and (for Helm, Services and CRs) its inputs. */
export function durationOf(type: string, inputs: Record<string, unknown> = {}, custom = true): ResolvedDuration {
    const found = (row: DurationRow): ResolvedDuration => ({ ...row, defaulted: false });
    if (!custom || type.startsWith("pulumi:")) return found(INSTANT);
    if (DURATIONS[type]) return found(DURATIONS[type]);
    if (type === "kubernetes:helm.sh/v3:Release" || type === "kubernetes:helm.sh/v4:Chart") {
        // A chart by name (`appmesh-controller`) or by OCI reference (`oci://…/aws-gateway-controller-chart`).
        const chart = String(inputs.chart ?? "").split("/").pop() ?? "";
        return HELM_CHARTS[chart] ? found(HELM_CHARTS[chart]) : { ...DEFAULT_DURATION, defaulted: true };
    }
    if (type === "kubernetes:core/v1:Service") {
        const spec = (inputs.spec ?? {}) as Record<string, unknown>;
        return found(spec.type === "LoadBalancer" ? LOAD_BALANCER_SERVICE : CLUSTER_IP_SERVICE);
    }
    // Custom resources of the mesh or Gateway API: their controller writes status back.
    if (/^kubernetes:(appmesh\.k8s\.aws|gateway\.networking\.k8s\.io|application-networking\.k8s\.aws)\//.test(type)) {
        return found(CONTROLLER_WRITE_BACK);
    }
    return { ...DEFAULT_DURATION, defaulted: true };
}
