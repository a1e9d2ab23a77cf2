import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { controllerPolicy } from "../lattice/controller-policy";
import { gatewayApiCrdFiles, gatewayApiObject } from "../lattice/gateway-api";
import { RamSharing, acceptShare } from "./ram-share";
import { ServiceAccountRole } from "./service-account-role";

/**
 * The controller's pinned OCI chart, its namespace and service account (chart values.yaml defaults).
 * The version is the chart's own `version: v2.1.3` (helm/Chart.yaml at tag v2.1.3): for an OCI chart
 * Helm pulls the tag named by the version, and the chart is pushed under that string, so `2.1.3`
 * would name another tag (the controller's docs/guides/deploy.md installs with `--version=v2.1.3`).
 */
export const LATTICE_CONTROLLER_CHART = {
    chart: "oci://public.ecr.aws/aws-application-networking-k8s/aws-gateway-controller-chart",
    version: "v2.1.3",
    namespace: "aws-application-networking-system",
    serviceAccount: "gateway-api-controller",
} as const;

/** The GatewayClass the controller serves (its docs and gatewayclass.yaml). */
export const LATTICE_GATEWAY_CLASS = { name: "amazon-vpc-lattice", controllerName: "application-networking.k8s.aws/gateway-api-controller" } as const;

export interface LatticeGatewayControllerArgs {
    /** The owner's service network, shared with this account: the Gateway takes its name. */
    readonly serviceNetwork: { readonly name: string };
    /** The owner's RAM share of the network. */
    readonly resourceShareArn: pulumi.Input<string>;
    /** "invitation": this stack accepts the share; "organization": RAM sends none and nothing is accepted. */
    readonly ramSharing: RamSharing;
    /** The backend cluster the controller runs in. */
    readonly cluster: {
        readonly name: string;
        readonly accountId: string;
        readonly region: string;
        readonly vpcId: pulumi.Input<string>;
        readonly nodeSecurityGroupId: pulumi.Input<string>;
        readonly oidcProviderArn: pulumi.Input<string>;
        readonly oidcProviderUrl: pulumi.Input<string>;
    };
    /** The pods' port Lattice sends traffic and health checks to (yelb-appserver's 4567); nothing else is opened. */
    readonly targetPort: number;
    /** The Gateway's listener port: the port callers use on the Lattice service. */
    readonly listenerPort: number;
    /**
     * The listener's protocol. HTTPS with no `tls` block: the controller then gives the Lattice
     * service no certificate (getACMCertArn in pkg/gateway/model_build_lattice_service.go, v2.1.3,
     * returns "" and never asks ACM when the route has no hostnames), and Lattice serves its managed
     * certificate for the generated domain (docs/guides/https.md, "Securing Traffic using HTTPs").
     * So the controller needs no ACM permission: acm:ListCertificates is called only by certificate
     * discovery (pkg/aws/services/cert_discovery.go), for a route with hostnames.
     */
    readonly listenerProtocol: "HTTPS" | "HTTP";
    /** The namespace of the Gateway. */
    readonly gatewayNamespace: string;
    /** The only namespaces whose routes may attach to the Gateway. */
    readonly routeNamespaces: readonly string[];
    /**
     * The controller's chart version.
     * @default LATTICE_CONTROLLER_CHART.version (v2.1.3)
     */
    readonly chartVersion?: string;
}

/**
 * The backend account's half of the Lattice join (mesh participant stack): the share acceptance,
 * the Gateway API CRDs, the AWS Gateway API Controller with an IRSA role listing its actions, the
 * GatewayClass, a Gateway named after the service network, and the prefix-list ingress for targets.
 *
 * The backend VPC is not associated with the network. The controller finds the network a Gateway
 * names (pkg/controllers/gateway_controller.go, reconcileUpsert -> FindServiceNetwork, then
 * Programmed) first in ListServiceNetworks (pkg/aws/services/vpclattice.go, FindServiceNetwork,
 * step 1), which lists the networks owned by or shared with the account (VPC Lattice API
 * Reference, ListServiceNetworks), so an accepted RAM share is enough; only when that finds nothing
 * does it look at its own VPC's ACTIVE associations (findServiceNetworkViaVPCAssociation, added
 * in #843). The controller's e2e suite programs a Gateway on a network shared from another account
 * with no VPC association (test/suites/integration/ram_share_test.go, v2.1.3). An association would
 * buy nothing here (nothing in the backend VPC calls the network; targets need none) and would cost
 * the backend VPC its one service-network association (VPC Lattice User Guide, "Quotas for VPC
 * Lattice": one service network per VPC).
 */
export class LatticeGatewayController extends pulumi.ComponentResource {
    readonly gatewayName: string;
    readonly gatewayNamespace: string;
    /** The listener's name, which routes name as their parentRefs sectionName: `https` or `http`. */
    readonly listenerName: string;
    readonly roleArn: pulumi.Output<string>;
    readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: LatticeGatewayControllerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:mesh:LatticeGatewayController", name, {}, opts);
        const { cluster } = args;
        const { namespace, serviceAccount } = LATTICE_CONTROLLER_CHART;
        // Before anything is declared: the shipped CRD files must be the pinned release's (sha256).
        const crdFiles = gatewayApiCrdFiles();

        const accepted = acceptShare(name, args.resourceShareArn, args.ramSharing, { parent: this });

        const prefixList = aws.ec2.getManagedPrefixListOutput({ name: `com.amazonaws.${cluster.region}.vpc-lattice` }, { parent: this });
        new aws.vpc.SecurityGroupIngressRule(
            `${name}-lattice-to-targets`,
            {
                description: `VPC Lattice (data and health checks) to targets on ${args.targetPort}`,
                securityGroupId: cluster.nodeSecurityGroupId,
                prefixListId: prefixList.id,
                ipProtocol: "tcp",
                fromPort: args.targetPort,
                toPort: args.targetPort,
            },
            { parent: this },
        );

        // The Gateway API v1.5.0 standard CRDs shipped with the program (shared/lattice/gateway-api.ts).
        const crds = new k8s.yaml.v2.ConfigGroup(`${name}-gateway-api-crds`, { files: crdFiles }, { parent: this });

        const ns = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: namespace } }, { parent: this });
        const role = new ServiceAccountRole(
            `${name}-irsa`,
            {
                description: `AWS Gateway API Controller of ${cluster.name}`,
                oidcProviderArn: cluster.oidcProviderArn,
                oidcProviderUrl: cluster.oidcProviderUrl,
                namespace,
                serviceAccount,
                policy: controllerPolicy({ accountId: cluster.accountId, region: cluster.region }),
            },
            { parent: this },
        );
        this.release = new k8s.helm.v3.Release(
            `${name}-release`,
            {
                name: "aws-gateway-controller",
                chart: LATTICE_CONTROLLER_CHART.chart,
                version: args.chartVersion ?? LATTICE_CONTROLLER_CHART.version,
                namespace: ns.metadata.name,
                values: {
                    // Set explicitly: with an IMDS hop limit of 1 the controller cannot discover them.
                    awsRegion: cluster.region,
                    awsAccountId: cluster.accountId,
                    clusterVpcId: cluster.vpcId,
                    clusterName: cluster.name,
                    // Tags through the Lattice API, so the role needs no tag:* actions (pkg/aws/cloud.go).
                    disableTaggingServiceApi: true,
                    // The pod readiness gate webhook (yelb-backend.ts) is left at the chart's default,
                    // webhookEnabled: true, with the certificate the chart generates (helm/values.yaml,
                    // templates/webhook.yaml and _helpers.tpl webhookTLS, v2.1.3): nothing to set.
                    serviceAccount: { create: true, name: serviceAccount, annotations: { "eks.amazonaws.com/role-arn": role.arn } },
                },
                atomic: true,
                timeout: 600,
            },
            { parent: this, dependsOn: [crds, role] },
        );

        const gatewayClass = gatewayApiObject(
            `${name}-gateway-class`,
            { kind: "GatewayClass", name: LATTICE_GATEWAY_CLASS.name, spec: { controllerName: LATTICE_GATEWAY_CLASS.controllerName } },
            { parent: this, dependsOn: [crds] },
        );
        const listenerName = args.listenerProtocol.toLowerCase();
        const gatewayNs = new k8s.core.v1.Namespace(`${name}-gateway-namespace`, { metadata: { name: args.gatewayNamespace } }, { parent: this });
        // The controller maps a Gateway to the service network of the same name (docs/api-types/gateway.md),
        // which it lists once the share is accepted (invitation mode; nothing to accept in organization mode).
        gatewayApiObject(
            `${name}-gateway`,
            {
                kind: "Gateway",
                name: args.serviceNetwork.name,
                namespace: gatewayNs.metadata.name,
                spec: {
                    gatewayClassName: LATTICE_GATEWAY_CLASS.name,
                    listeners: [
                        {
                            name: listenerName,
                            protocol: args.listenerProtocol,
                            port: args.listenerPort,
                            allowedRoutes: {
                                namespaces: {
                                    from: "Selector",
                                    selector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: args.routeNamespaces }] },
                                },
                            },
                        },
                    ],
                },
            },
            { parent: this, dependsOn: [gatewayClass, this.release, ...accepted] },
        );

        this.gatewayName = args.serviceNetwork.name;
        this.gatewayNamespace = args.gatewayNamespace;
        this.listenerName = listenerName;
        this.roleArn = role.arn;
        this.registerOutputs({ roleArn: this.roleArn });
    }
}
