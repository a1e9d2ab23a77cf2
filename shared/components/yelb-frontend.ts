import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { appMeshObject } from "../appmesh/crds";
import { latticeTrustBundle } from "../lattice/lattice-trust";
import { LatticeListenerProtocol, YELB_UI_NGINX, yelbUiNginxConf } from "../lattice/yelb-ui-proxy";
import { ClusterIdentity, MeshedWorkload } from "./meshed-workload";
import { meshNamespace } from "./mesh-namespace";
import { NO_READINESS_PROBE_ANNOTATION, SIGNED_CALLER_SERVICE_ACCOUNT, SIGV4_PROXY, SIGV4_PROXY_NO_PROBE_REASON, roleNameOfArn, signedCallerPolicy, sigv4ProxyContainer } from "../lattice/sigv4-proxy";

/** The link-local range Lattice answers on in an associated VPC (its DNS names resolve into it). */
export const LATTICE_LINK_LOCAL_CIDR = "169.254.171.0/24";

export interface YelbFrontendArgs {
    /** The Kubernetes namespace the UI's objects live in; created here, labelled into the mesh when there is one. */
    readonly namespace: string;
    /** The frontend cluster, for the UI's IAM role for service accounts. */
    readonly cluster: ClusterIdentity;
    /** yelb-ui's container image. */
    readonly image: string;
    /**
     * App Mesh: the mesh the namespace joins, and the backend's yelb-appserver (VirtualService ARN,
     * Service name and port).
     * @default not in App Mesh: no App Mesh object, no Envoy
     */
    readonly appMesh?: {
        readonly meshName: string;
        readonly appserver: { readonly virtualServiceArn: string; readonly serviceName: string; readonly port: number };
    };
    /**
     * Lattice: the DNS name of the appserver's Lattice service, as the backend stack exported it,
     * and the port and protocol of the Gateway's listener, as the mesh owner exported them.
     * @default no Lattice
     */
    readonly lattice?: {
        readonly appserverDnsName: string;
        readonly listenerPort: number;
        readonly listenerProtocol: LatticeListenerProtocol;
        /**
         * Signed calls: yelb-ui's own role (infra-frontend's `latticeCallerRoleArn`), the appserver's
         * Lattice service ARN (the role may Invoke it alone), the region to sign for and the cluster
         * whose pods get the role (EKS Pod Identity). nginx then sends `/api` to a SigV4 signing sidecar.
         * @default unsigned calls
         */
        readonly signedCalls?: { readonly callerRoleArn: string; readonly serviceArn: string; readonly region: string; readonly clusterName: string };
    };
    /** Which of the two yelb-ui's `/api` calls go through; it must be one given above. */
    readonly upstream: "appmesh" | "lattice";
}

/**
 * Yelb's UI in the frontend account. Through App Mesh its VirtualNode calls the backend's
 * yelb-appserver by the VirtualService ARN the backend stack exported; through Lattice its nginx
 * proxies `/api` to the Lattice service's DNS name the backend stack exported.
 */
export class YelbFrontend extends pulumi.ComponentResource {
    readonly applicationUrl: pulumi.Output<string>;
    /** The nginx server block yelb-ui runs with, when it calls through Lattice. */
    readonly nginxConf?: string;

    constructor(name: string, args: YelbFrontendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:apps:YelbFrontend", name, {}, opts);
        const { appMesh, lattice } = args;
        const ns = meshNamespace(`${name}-namespace`, { namespace: args.namespace, meshName: appMesh?.meshName }, { parent: this });

        // No pods behind it: it gives the UI a resolvable name; Envoy carries the calls through the
        // mesh to the backend account.
        const appserverName = appMesh
            ? new k8s.core.v1.Service(
                  `${name}-appserver-name`,
                  {
                      metadata: { name: appMesh.appserver.serviceName, namespace: ns.resource.metadata.name },
                      spec: { type: "ClusterIP", ports: [{ port: appMesh.appserver.port, protocol: "TCP" }] },
                  },
                  { parent: this },
              )
            : undefined;

        let upstreamHost: string;
        let throughLattice: { configMap: k8s.core.v1.ConfigMap; conf: string } | undefined;
        let signing: { sidecar: k8s.types.input.core.v1.Container; ready: pulumi.Resource[] } | undefined;
        if (args.upstream === "lattice") {
            if (!lattice) throw new Error("upstream lattice needs the lattice argument");
            const signed = lattice.signedCalls;
            if (signed) {
                if (appMesh) throw new Error("signed calls need yelb-ui outside App Mesh (its service account would carry Envoy's role)");
                // The role exists already (infra-frontend); here it gets its one permission and its pods.
                const invoke = new aws.iam.RolePolicy(
                    `${name}-ui-caller-invoke`,
                    { role: roleNameOfArn(signed.callerRoleArn), policy: JSON.stringify(signedCallerPolicy(signed.serviceArn)) },
                    { parent: this },
                );
                const association = new aws.eks.PodIdentityAssociation(
                    `${name}-ui-caller`,
                    { clusterName: signed.clusterName, namespace: args.namespace, serviceAccount: SIGNED_CALLER_SERVICE_ACCOUNT, roleArn: signed.callerRoleArn },
                    { parent: this },
                );
                const target = { region: signed.region, latticeDnsName: lattice.appserverDnsName, listenerPort: lattice.listenerPort, listenerProtocol: lattice.listenerProtocol };
                // EKS injects the credentials when a pod is created: the association and the permission come first.
                signing = { sidecar: sigv4ProxyContainer(target), ready: [invoke, association] };
            }
            const conf = yelbUiNginxConf(lattice.appserverDnsName, lattice.listenerPort, {
                protocol: lattice.listenerProtocol,
                ...(signed ? { signingProxy: { address: SIGV4_PROXY.listenAddress, port: SIGV4_PROXY.port } } : {}),
            });
            // Over HTTPS the trusted CAs go beside the server block (the image has no CA bundle: lattice-trust.ts);
            // signing, the sidecar does TLS, against its own image's CA bundle.
            const trust: Record<string, string> = lattice.listenerProtocol === "HTTPS" && !signed ? { [YELB_UI_NGINX.trustFile]: latticeTrustBundle() } : {};
            const configMap = new k8s.core.v1.ConfigMap(
                `${name}-ui-nginx`,
                { metadata: { name: "yelb-ui-nginx", namespace: ns.resource.metadata.name }, data: { [YELB_UI_NGINX.confFile]: conf, ...trust } },
                { parent: this },
            );
            throughLattice = { configMap, conf };
            upstreamHost = lattice.appserverDnsName;
        } else {
            if (!appMesh) throw new Error("upstream appmesh needs the appMesh argument");
            upstreamHost = appMesh.appserver.serviceName;
        }
        this.nginxConf = throughLattice?.conf;

        const ui = new MeshedWorkload(
            `${name}-ui`,
            {
                workloadName: "yelb-ui",
                namespace: ns,
                meshed: appMesh !== undefined,
                cluster: args.cluster,
                tier: "frontend",
                image: args.image,
                port: 80,
                // The walkthrough's listener; the UI's own port 80 stays outside Envoy's listener.
                listenerPort: 4567,
                protocol: "http",
                serviceDiscovery: { dns: { hostname: `yelb-ui.${args.namespace}.svc.cluster.local` } },
                backends: appMesh ? [{ virtualService: { virtualServiceARN: appMesh.appserver.virtualServiceArn } }] : [],
                serviceType: "LoadBalancer",
                replicas: 2,
                resources: UI_RESOURCES,
                health: { kind: "http", path: "/" },
                // The image's own config (App Mesh) has nginx resolve its proxy_pass host once, at
                // start, and exit if it cannot; the init container holds the pod until the name
                // resolves (the App Mesh name Service is also declared first). The Lattice server
                // block resolves at request time (yelb-ui-proxy.ts), but the wait still keeps a
                // rollout's old pods until the new upstream's name exists.
                // The signing sidecar after the wait: a native sidecar starts in order, before nginx.
                initContainers: [waitForName(args.image, upstreamHost), ...(signing ? [signing.sidecar] : [])],
                deploymentDependsOn: [...(appserverName ? [appserverName] : []), ...(signing?.ready ?? [])],
                ...(throughLattice
                    ? {
                          command: YELB_UI_NGINX.command,
                          configMap: { name: throughLattice.configMap.metadata.name, mountPath: YELB_UI_NGINX.confDirectory },
                          podAnnotations: {
                              // A new server block rolls the pods (a mounted ConfigMap is not reloaded by nginx).
                              "yelb/nginx-conf-sha256": createHash("sha256").update(throughLattice.conf).digest("hex"),
                              // Beside Envoy, calls to Lattice's link-local addresses bypass it.
                              ...(appMesh ? { "appmesh.k8s.aws/egressIgnoredIPs": LATTICE_LINK_LOCAL_CIDR } : {}),
                              ...(signing ? { [NO_READINESS_PROBE_ANNOTATION]: `${SIGV4_PROXY.containerName}: ${SIGV4_PROXY_NO_PROBE_REASON}` } : {}),
                          },
                      }
                    : {}),
            },
            { parent: this },
        );
        if (appMesh) {
            appMeshObject(
                `${name}-ui-virtual-service`,
                {
                    kind: "VirtualService",
                    name: "yelb-ui",
                    namespace: ns.resource.metadata.name,
                    spec: { awsName: "yelb-ui", provider: { virtualNode: { virtualNodeRef: { name: "yelb-ui" } } } },
                },
                { parent: this, dependsOn: [ui.virtualNode!.resource] },
            );
        }

        this.applicationUrl = ui.service.status.apply((s) => {
            const ingress = s?.loadBalancer?.ingress?.[0];
            return `http://${ingress?.hostname ?? ingress?.ip}`;
        });
        this.registerOutputs({ applicationUrl: this.applicationUrl });
    }
}

const UI_RESOURCES = { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "250m", memory: "128Mi" } };

/** An init container (the UI's own image: nginx on Debian, with getent) that waits until `host` resolves. */
function waitForName(image: string, host: string): k8s.types.input.core.v1.Container {
    return {
        name: "wait-for-upstream",
        image,
        command: ["sh", "-c", 'until getent hosts "$UPSTREAM_HOST" >/dev/null; do echo "waiting for $UPSTREAM_HOST to resolve"; sleep 2; done'],
        env: [{ name: "UPSTREAM_HOST", value: host }],
        resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "50m", memory: "32Mi" } },
        securityContext: { allowPrivilegeEscalation: false },
    };
}
