import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, meshArn, policyDocument } from "../iam";
import { ServiceAccountRole } from "./service-account-role";

/** The eks-charts chart that installs the controller and its CRDs. */
export const APPMESH_CONTROLLER_CHART = {
    chart: "appmesh-controller",
    repo: "https://aws.github.io/eks-charts",
    namespace: "appmesh-system",
    serviceAccount: "appmesh-controller",
} as const;

export interface AppMeshControllerArgs {
    /** The chart version, e.g. `1.13.3`. */
    readonly chartVersion: string;
    /** The cluster, account and region the controller runs in (Helm values). */
    readonly clusterName: string;
    readonly accountId: string;
    readonly region: string;
    readonly oidcProviderArn: string;
    readonly oidcProviderUrl: string;
    /** The one mesh this controller manages, and the account that owns it. */
    readonly meshName: string;
    readonly meshOwnerAccountId: string;
    /**
     * The Cloud Map namespace the controller registers pods in, if any service of this cluster
     * uses Cloud Map discovery.
     * @default no Cloud Map permissions
     */
    readonly cloudMapNamespaceArn?: string;
}

/** App Mesh actions the controller uses on the objects of its mesh (from the controller's IAM policy). */
const MESH_OBJECT_ACTIONS = [
    "appmesh:DescribeMesh",
    "appmesh:CreateMesh",
    "appmesh:UpdateMesh",
    "appmesh:DeleteMesh",
    "appmesh:ListVirtualNodes",
    "appmesh:ListVirtualRouters",
    "appmesh:ListVirtualServices",
    "appmesh:ListVirtualGateways",
    "appmesh:ListRoutes",
    "appmesh:ListGatewayRoutes",
    "appmesh:DescribeVirtualNode",
    "appmesh:DescribeVirtualRouter",
    "appmesh:DescribeVirtualService",
    "appmesh:DescribeVirtualGateway",
    "appmesh:DescribeRoute",
    "appmesh:DescribeGatewayRoute",
    "appmesh:CreateVirtualNode",
    "appmesh:CreateVirtualRouter",
    "appmesh:CreateVirtualService",
    "appmesh:CreateVirtualGateway",
    "appmesh:CreateRoute",
    "appmesh:CreateGatewayRoute",
    "appmesh:UpdateVirtualNode",
    "appmesh:UpdateVirtualRouter",
    "appmesh:UpdateVirtualService",
    "appmesh:UpdateVirtualGateway",
    "appmesh:UpdateRoute",
    "appmesh:UpdateGatewayRoute",
    "appmesh:DeleteVirtualNode",
    "appmesh:DeleteVirtualRouter",
    "appmesh:DeleteVirtualService",
    "appmesh:DeleteVirtualGateway",
    "appmesh:DeleteRoute",
    "appmesh:DeleteGatewayRoute",
    "appmesh:TagResource",
];

/** Cloud Map actions the controller uses to register and deregister pods. */
const CLOUD_MAP_ACTIONS = [
    "servicediscovery:CreateService",
    "servicediscovery:GetService",
    "servicediscovery:DeleteService",
    "servicediscovery:RegisterInstance",
    "servicediscovery:DeregisterInstance",
    "servicediscovery:GetInstance",
    "servicediscovery:ListInstances",
    "servicediscovery:GetInstancesHealthStatus",
    "servicediscovery:UpdateInstanceCustomHealthStatus",
    "servicediscovery:GetOperation",
];

/**
 * The controller's permissions: its one mesh and that mesh's objects, the account-wide list and
 * namespace lookups the API has no narrower resource for, and Cloud Map only in the given namespace
 * (an HTTP namespace: no Route 53 records or health checks to manage).
 */
function controllerPolicyStatements(args: AppMeshControllerArgs): PolicyStatement[] {
    const mesh = meshArn(args.region, args.meshOwnerAccountId, args.meshName);
    const statements: PolicyStatement[] = [
        { Sid: "MeshObjects", Effect: "Allow", Action: MESH_OBJECT_ACTIONS, Resource: [mesh, `${mesh}/*`] },
        { Sid: "ListMeshes", Effect: "Allow", Action: ["appmesh:ListMeshes"], Resource: "*" },
        {
            Sid: "AppMeshServiceLinkedRole",
            Effect: "Allow",
            Action: ["iam:CreateServiceLinkedRole"],
            Resource: `arn:aws:iam::${args.accountId}:role/aws-service-role/appmesh.amazonaws.com/AWSServiceRoleForAppMesh`,
            Condition: { StringLike: { "iam:AWSServiceName": "appmesh.amazonaws.com" } },
        },
    ];
    if (args.cloudMapNamespaceArn !== undefined) {
        const serviceArns = `arn:aws:servicediscovery:${args.region}:${args.accountId}:service/*`;
        statements.push(
            { Sid: "CloudMapNamespace", Effect: "Allow", Action: CLOUD_MAP_ACTIONS, Resource: [args.cloudMapNamespaceArn, serviceArns] },
            {
                Sid: "CloudMapLookups",
                Effect: "Allow",
                Action: ["servicediscovery:ListNamespaces", "servicediscovery:ListServices", "servicediscovery:GetNamespace"],
                Resource: "*",
            },
        );
    }
    return statements;
}

/**
 * The App Mesh controller in one cluster: its namespace, an IAM role for its service account with
 * only what it needs, and the pinned eks-charts Helm release (which also installs the CRDs). The
 * release waits for the controller and its webhook to be ready, so objects that depend on this
 * component are applied only when the webhook can admit them, and on destroy are deleted while
 * the controller still runs to clear their finalizers.
 */
export class AppMeshController extends pulumi.ComponentResource {
    readonly release: k8s.helm.v3.Release;
    readonly roleArn: pulumi.Output<string>;

    constructor(name: string, args: AppMeshControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:mesh:AppMeshController", name, {}, opts);
        const { namespace, serviceAccount } = APPMESH_CONTROLLER_CHART;

        const ns = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: namespace } }, { parent: this });

        const role = new ServiceAccountRole(
            `${name}-irsa`,
            {
                description: `App Mesh controller of ${args.clusterName}, mesh ${args.meshName} only`,
                oidcProviderArn: args.oidcProviderArn,
                oidcProviderUrl: args.oidcProviderUrl,
                namespace,
                serviceAccount,
                policy: policyDocument(...controllerPolicyStatements(args)),
            },
            { parent: this },
        );

        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: APPMESH_CONTROLLER_CHART.chart,
                chart: APPMESH_CONTROLLER_CHART.chart,
                version: args.chartVersion,
                repositoryOpts: { repo: APPMESH_CONTROLLER_CHART.repo },
                namespace: ns.metadata.name,
                values: {
                    region: args.region,
                    accountId: args.accountId,
                    clusterName: args.clusterName,
                    // Injected Envoys get requests and limits like every other container; their
                    // pre-stop drain (20 s) stays as the chart sets it.
                    sidecar: { resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { cpu: "500m", memory: "256Mi" } } },
                    serviceAccount: {
                        create: true,
                        name: serviceAccount,
                        annotations: { "eks.amazonaws.com/role-arn": role.arn },
                    },
                },
                // Wait for the controller and its webhook; roll back a failed upgrade.
                atomic: true,
                timeout: 600,
            },
            { parent: this, dependsOn: [role] },
        );
        this.roleArn = role.arn;
        this.registerOutputs({ roleArn: this.roleArn, release: this.release.status });
    }
}
