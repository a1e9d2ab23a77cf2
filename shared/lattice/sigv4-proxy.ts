import type * as k8s from "@pulumi/kubernetes";
import { PolicyDocument, policyDocument } from "../iam";

/**
 * Signed calls to Lattice: a SigV4 signing proxy beside yelb-ui's nginx (nginx cannot sign).
 *
 * The proxy is awslabs/aws-sigv4-proxy at tag v1.11.1 (github.com/awslabs/aws-sigv4-proxy): its
 * release workflow (.github/workflows/release.yaml) publishes public.ecr.aws/aws-observability/aws-sigv4-proxy
 * tagged with the VERSION file, 1.11.1 at that tag. Its flags (cmd/aws-sigv4-proxy/main.go at v1.11.1):
 * `--name` and `--region` set what it signs for, `--host` where it forwards (over https unless
 * `--upstream-url-scheme` says otherwise; handler/proxy_client.go), `--port` its listen address,
 * `--unsigned-payload` leaves the body out of the signature. It verifies the upstream's certificate
 * unless `--no-verify-ssl`, which is never passed: the image is `FROM scratch` with the build
 * stage's CA bundle (its Dockerfile), which holds Amazon's roots. Its credentials are the pod's IRSA
 * role (the AWS SDK's web-identity provider reads AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE,
 * which EKS's pod identity webhook sets in every container of a pod whose service account names a role).
 *
 * VPC Lattice accepts SigV4 (or SigV4A) for service `vpc-lattice-svcs` and requires the payload to
 * be unsigned: the `x-amz-content-sha256` header set to `UNSIGNED-PAYLOAD` (VPC Lattice User Guide,
 * "SIGv4 authenticated requests for Amazon VPC Lattice"), which `--unsigned-payload` does.
 */
export const SIGV4_PROXY = {
    image: "public.ecr.aws/aws-observability/aws-sigv4-proxy:1.11.1",
    containerName: "sigv4-proxy",
    /** Only nginx in the same pod reaches it: it listens on the loopback address alone. */
    listenAddress: "127.0.0.1",
    port: 8080,
    /** The signing name of VPC Lattice's data plane (Service Authorization Reference, vpc-lattice-svcs). */
    signingName: "vpc-lattice-svcs",
} as const;

/** Where the proxy forwards: the Lattice service's name, its listener's port and protocol. */
export interface SigningTarget {
    readonly region: string;
    readonly latticeDnsName: string;
    readonly listenerPort: number;
    readonly listenerProtocol: "HTTPS" | "HTTP";
}

/** The proxy's arguments: sign for Lattice in the region, forward to the service (HTTPS unless the listener is plain HTTP). */
export function sigv4ProxyArgs({ region, latticeDnsName, listenerPort, listenerProtocol }: SigningTarget): string[] {
    const defaultPort = listenerProtocol === "HTTPS" ? 443 : 80;
    return [
        "--name",
        SIGV4_PROXY.signingName,
        "--region",
        region,
        "--host",
        listenerPort === defaultPort ? latticeDnsName : `${latticeDnsName}:${listenerPort}`,
        "--port",
        `${SIGV4_PROXY.listenAddress}:${SIGV4_PROXY.port}`,
        "--unsigned-payload",
        ...(listenerProtocol === "HTTP" ? ["--upstream-url-scheme", "http"] : []),
    ];
}

/**
 * The sidecar container: no privilege escalation, a read-only root (the binary writes nothing), small
 * resources. It keeps the image's user (root, as nginx beside it): containers of one pod with
 * different users get the projected IRSA token file readable by neither unless an fsGroup is set
 * (Kubernetes, "Configure Service Accounts for Pods", token volume projection).
 */
export function sigv4ProxyContainer(target: SigningTarget): k8s.types.input.core.v1.Container {
    return {
        name: SIGV4_PROXY.containerName,
        image: SIGV4_PROXY.image,
        args: sigv4ProxyArgs(target),
        resources: { requests: { cpu: "25m", memory: "32Mi" }, limits: { cpu: "200m", memory: "64Mi" } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true },
    };
}

/**
 * yelb-ui's own permission: Invoke on the appserver's Lattice service only. An Invoke's resource is
 * the service ARN followed by the request path (Service Authorization Reference, vpc-lattice-svcs,
 * resource type Service), hence `/*`. A caller in another account than the service needs this in
 * its identity policy as well as the service's auth policy admitting it (IAM cross-account evaluation).
 */
export function signedCallerPolicy(serviceArn: string): PolicyDocument {
    return policyDocument({ Effect: "Allow", Action: ["vpc-lattice-svcs:Invoke"], Resource: `${serviceArn}/*` });
}
