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
 * stage's CA bundle (its Dockerfile), which holds Amazon's roots. Its credentials are yelb-ui's EKS
 * Pod Identity role: the AWS SDK it is built with (aws-sdk-go v1.55.7, its go.mod) reads
 * AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE
 * (vendor/github.com/aws/aws-sdk-go/aws/defaults/defaults.go), which EKS sets in the containers of a
 * pod whose service account has a Pod Identity association (Amazon EKS User Guide, "Learn how EKS
 * Pod Identity grants pods access to AWS services").
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
 * The pod annotation by which a native sidecar without a readinessProbe says why (`<container>: <reason>`);
 * the policy rule containers-have-resources-and-probes declares the same key (the pack imports nothing of shared/).
 */
export const NO_READINESS_PROBE_ANNOTATION = "yelb/no-readiness-probe";

/** Why the sidecar has no readinessProbe, as the pod says it to the containers-have-resources-and-probes rule. */
export const SIGV4_PROXY_NO_PROBE_REASON =
    "listens on 127.0.0.1 only and kubelet probes go to the pod IP; a native sidecar, restarted by the kubelet when it exits, started before nginx";

/**
 * The sidecar: a Kubernetes native sidecar (an init container with `restartPolicy: Always`,
 * Kubernetes "Sidecar Containers", stable since 1.33): the kubelet starts it before nginx, keeps it
 * running beside it and restarts it when it exits. It has no probe: it listens on the pod's loopback
 * only (so no other pod can borrow yelb-ui's identity), and kubelet probes connect to the pod IP;
 * the image is `FROM scratch` (no shell for an exec probe) and the proxy forwards every path, so it
 * has no health endpoint of its own (handler/handler.go at v1.11.1). The pod declares that in the
 * annotation the containers-have-resources-and-probes rule accepts for native sidecars only.
 * No privilege escalation, a read-only root (the binary writes nothing), small resources. It keeps
 * the image's user (root, as nginx beside it): containers of one pod with different users get the
 * projected token file readable by neither unless an fsGroup is set (Kubernetes, "Configure Service
 * Accounts for Pods", token volume projection).
 */
export function sigv4ProxyContainer(target: SigningTarget): k8s.types.input.core.v1.Container {
    return {
        name: SIGV4_PROXY.containerName,
        image: SIGV4_PROXY.image,
        restartPolicy: "Always",
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

/** yelb-ui's service account (MeshedWorkload names it after the workload): the one the caller role is associated with. */
export const SIGNED_CALLER_SERVICE_ACCOUNT = "yelb-ui";

/**
 * The trust policy of yelb-ui's caller role (EKS Pod Identity): EKS's pod identity service may
 * assume it and tag the session (both needed: Amazon EKS User Guide, "Create IAM role with trust
 * policy required by EKS Pod Identity"), only for a pod of the given cluster running as the given
 * service account (the session tags eks-cluster-arn and kubernetes-service-account that Pod Identity
 * sets, same guide, "Enable or disable session tags"). The namespace is pinned by the Pod Identity
 * association (apps frontend), which names namespace, service account and role; the role is made
 * before the apps stacks (infra-frontend), which alone know the namespace.
 */
export function podIdentityTrustPolicy(clusterArn: string, serviceAccount: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "EksPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: { StringEquals: { "aws:RequestTag/eks-cluster-arn": clusterArn, "aws:RequestTag/kubernetes-service-account": serviceAccount } },
            },
        ],
    });
}

/** An EKS cluster's ARN (Service Authorization Reference, Amazon EKS, resource type cluster). */
export function eksClusterArn(partition: string, region: string, accountId: string, clusterName: string): string {
    return `arn:${partition}:eks:${region}:${accountId}:cluster/${clusterName}`;
}

/** A role's name from its ARN (`arn:<partition>:iam::<account>:role[/path]/<name>`); throws on anything else. */
export function roleNameOfArn(arn: string): string {
    const match = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[^/]+\/)*([\w+=,.@-]{1,64})$/.exec(arn);
    if (!match) throw new Error(`${arn} is not an IAM role ARN`);
    return match[1];
}
