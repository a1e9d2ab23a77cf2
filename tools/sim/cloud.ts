import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { latticeResource, managedPrefixList, routeWriteBack } from "./lattice";

/**
 * The simulated cloud behind Pulumi's mocks, shared by the unit tests and the offline plan.
 * It answers as AWS, EKS and the App Mesh controller would: deterministic IDs and ARNs in their
 * real formats for the stack's account and region, component outputs that the real components
 * return, and the controller's status fields on App Mesh custom resources.
 */

/** Outputs of a stack as the state backend holds them, for StackReferences. */
export interface StoredStack {
    readonly outputs: Record<string, unknown>;
    readonly secretOutputNames: string[];
}

/** What the simulated Kubernetes API server of one account's cluster holds, across stacks. */
export interface ClusterState {
    /** Mesh CRs by Kubernetes name. */
    readonly meshes: Map<string, { awsName: string; owner: string }>;
    /** Namespace labels by namespace name. */
    readonly namespaces: Map<string, Record<string, string>>;
}

export interface SimulatedAccount {
    readonly accountId: string;
    readonly region: string;
    readonly cluster: ClusterState;
}

export interface CloudContext {
    /** The account and region the stack runs in. */
    readonly account: SimulatedAccount;
    /** The state backend: a stack's outputs by fully qualified name, or undefined if never deployed. */
    readonly stacks: (qualifiedName: string) => StoredStack | undefined;
}

const SECRET_SIG = pulumi.runtime.specialSecretSig;
const SIG_KEY = pulumi.runtime.specialSigKey;

/** Marks a mocked output as secret, as a provider does with its secret outputs. */
function secret(value: unknown): unknown {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export function newClusterState(): ClusterState {
    return { meshes: new Map(), namespaces: new Map() };
}

/** Deterministic lowercase hex from the given parts. */
export function hex(length: number, ...parts: unknown[]): string {
    let out = "";
    for (let i = 0; out.length < length; i++) {
        out += createHash("sha256").update(JSON.stringify([i, ...parts])).digest("hex");
    }
    return out.slice(0, length);
}

/** A version-4 UUID (RFC 4122 section 4.4: version nibble 4, variant bits 10), as KMS key IDs and RAM share IDs are. */
function uuid(...parts: unknown[]): string {
    const h = hex(32, ...parts);
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
}

type Inputs = Record<string, any>;

/** The names AWS gives service-linked roles, by service. */
const SERVICE_LINKED_ROLE_NAMES: Record<string, string> = { "appmesh.amazonaws.com": "AWSServiceRoleForAppMesh" };

/** Kubernetes kinds that live outside namespaces. */
const CLUSTER_SCOPED_TYPES = [
    "kubernetes:core/v1:Namespace",
    "kubernetes:core/v1:PersistentVolume",
    "kubernetes:storage.k8s.io/v1:StorageClass",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    "kubernetes:appmesh.k8s.aws/v1beta2:Mesh",
    "kubernetes:gateway.networking.k8s.io/v1:GatewayClass",
];
type Handler = (name: string, inputs: Inputs) => { id: string; state: Inputs };

export class SimulatedCloud implements pulumi.runtime.Mocks {
    constructor(private readonly context: CloudContext) {}

    private get accountId(): string {
        return this.context.account.accountId;
    }
    private get region(): string {
        return this.context.account.region;
    }
    private arn(service: string, resource: string, { global = false } = {}): string {
        return `arn:aws:${service}:${global ? "" : this.region}:${this.accountId}:${resource}`;
    }
    private awsId(prefix: string, type: string, name: string, length = 17): string {
        return `${prefix}-${hex(length, this.accountId, type, name)}`;
    }
    /** Pulumi auto-names: the logical name plus a random-looking suffix. */
    private autoName(name: string, type: string): string {
        return `${name}-${hex(7, this.accountId, type, name)}`;
    }

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        if (args.type === "pulumi:pulumi:StackReference") return this.stackReference(args.inputs.name);
        const lattice = latticeResource(this.context.account, args.type, args.name, args.inputs);
        if (lattice) return lattice;
        // A multi-document file (the Gateway API CRDs): the provider registers its objects as children.
        if (args.type === "kubernetes:yaml/v2:ConfigFile") return { id: args.name, state: args.inputs };
        const handler = this.handlers[args.type];
        if (handler) return handler(args.name, args.inputs);
        if (args.type.startsWith("kubernetes:")) return this.kubernetesObject(args.type, args.name, args.inputs);
        if (args.type.startsWith("pulumi:providers:")) return { id: uuid(args.type, args.name), state: args.inputs };
        if (!args.custom) return { id: undefined, state: args.inputs };
        // No made-up ID for a type it does not model: each AWS type's ID and ARN have their own format.
        throw new Error(`The simulated cloud has no answer for resource type ${args.type}; add a handler to tools/sim/cloud.ts`);
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        const { accountId, region } = this;
        switch (args.token) {
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId, arn: `arn:aws:sts::${accountId}:assumed-role/deployer/pulumi`, userId: `AROA${hex(17, accountId).toUpperCase()}:pulumi`, id: accountId };
            case "aws:index/getRegion:getRegion":
                return { name: region, region, id: region, endpoint: `ec2.${region}.amazonaws.com` };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
            case "aws:ec2/getRouteTables:getRouteTables": {
                // Each private subnet has its own route table (awsx's layout).
                const subnets: string[] = args.inputs.filters?.find((f: any) => f.name === "association.subnet-id")?.values ?? [];
                return { id: region, ids: subnets.map((s) => `rtb-${hex(17, accountId, s)}`), vpcId: args.inputs.vpcId };
            }
            case "aws:ec2/getManagedPrefixList:getManagedPrefixList":
                return managedPrefixList(this.context.account, args.inputs);
            default:
                throw new Error(`The simulated cloud has no answer for invoke ${args.token}; add one to tools/sim/cloud.ts`);
        }
    }

    private stackReference(qualifiedName: string) {
        const stored = this.context.stacks(qualifiedName);
        if (!stored) throw new Error(`unknown stack "${qualifiedName}": it has not been deployed`);
        return { id: qualifiedName, state: { name: qualifiedName, outputs: stored.outputs, secretOutputNames: stored.secretOutputNames } };
    }

    private readonly handlers: Record<string, Handler> = {
        "awsx:ec2:Vpc": (name, inputs) => {
            const zones: number = inputs.numberOfAvailabilityZones ?? 2;
            const subnet = (kind: string, i: number) => this.awsId("subnet", kind, `${name}-${i}`);
            const vpcId = this.awsId("vpc", "vpc", name);
            return {
                id: vpcId,
                state: {
                    ...inputs,
                    vpcId,
                    privateSubnetIds: Array.from({ length: zones }, (_, i) => subnet("private", i)),
                    publicSubnetIds: Array.from({ length: zones }, (_, i) => subnet("public", i)),
                    isolatedSubnetIds: [],
                },
            };
        },
        "eks:index:Cluster": (name, inputs) => {
            const clusterName: string = inputs.name ?? this.autoName(name, "eks");
            const issuerId = hex(32, this.accountId, clusterName).toUpperCase();
            const issuer = `oidc.eks.${this.region}.amazonaws.com/id/${issuerId}`;
            const endpoint = `https://${issuerId}.gr7.${this.region}.eks.amazonaws.com`;
            const credentials: { profileName?: string; roleArn?: string } = inputs.providerCredentialOpts ?? {};
            const kubeconfig = {
                apiVersion: "v1",
                kind: "Config",
                clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": Buffer.from(`ca-${clusterName}`).toString("base64") } }],
                contexts: [{ name: clusterName, context: { cluster: clusterName, user: clusterName } }],
                "current-context": clusterName,
                users: [
                    {
                        name: clusterName,
                        user: {
                            exec: {
                                apiVersion: "client.authentication.k8s.io/v1beta1",
                                command: "aws",
                                // As pulumi-eks writes providerCredentialOpts: the role as --role, the profile as AWS_PROFILE.
                                args: ["eks", "get-token", "--cluster-name", clusterName, "--region", this.region, ...(credentials.roleArn ? ["--role", credentials.roleArn] : [])],
                                ...(credentials.profileName ? { env: [{ name: "AWS_PROFILE", value: credentials.profileName }] } : {}),
                            },
                        },
                    },
                ],
            };
            const clusterSecurityGroupId = this.awsId("sg", "eks-cluster-sg", clusterName);
            return {
                id: clusterName,
                state: {
                    ...inputs,
                    kubeconfig: secret(kubeconfig),
                    kubeconfigJson: secret(JSON.stringify(kubeconfig)),
                    clusterSecurityGroupId,
                    nodeSecurityGroupId: clusterSecurityGroupId,
                    oidcIssuer: issuer,
                    oidcProviderUrl: `https://${issuer}`,
                    oidcProviderArn: this.arn("iam", `oidc-provider/${issuer}`, { global: true }),
                },
            };
        },
        "aws:ec2/securityGroup:SecurityGroup": (name, inputs) => {
            const id = this.awsId("sg", "sg", name);
            return { id, state: { ...inputs, name: inputs.name ?? this.autoName(name, "sg"), arn: this.arn("ec2", `security-group/${id}`), ownerId: this.accountId } };
        },
        // The provider returns the log group's ARN without the `:*` that DescribeLogGroups' `arn` has (see the Terraform AWS provider's aws_cloudwatch_log_group docs).
        "aws:cloudwatch/logGroup:LogGroup": (name, inputs) => {
            const groupName: string = inputs.name ?? this.autoName(name, "log-group");
            return { id: groupName, state: { ...inputs, name: groupName, arn: this.arn("logs", `log-group:${groupName}`) } };
        },
        // A CloudWatch alarm's ID is its name; a dashboard's ARN has no region (CloudWatch API Reference, "Actions, resources, and condition keys for Amazon CloudWatch").
        "aws:cloudwatch/metricAlarm:MetricAlarm": (name, inputs) => {
            const alarmName: string = inputs.name ?? this.autoName(name, "alarm");
            return { id: alarmName, state: { ...inputs, name: alarmName, arn: this.arn("cloudwatch", `alarm:${alarmName}`) } };
        },
        "aws:cloudwatch/dashboard:Dashboard": (_name, inputs) => {
            const dashboardName: string = inputs.dashboardName;
            return { id: dashboardName, state: { ...inputs, dashboardArn: `arn:aws:cloudwatch::${this.accountId}:dashboard/${dashboardName}` } };
        },
        "aws:kms/key:Key": (name, inputs) => {
            const keyId = uuid(this.accountId, "kms", name);
            return { id: keyId, state: { ...inputs, keyId, arn: this.arn("kms", `key/${keyId}`) } };
        },
        "aws:iam/role:Role": (name, inputs) => {
            const roleName: string = inputs.name ?? this.autoName(name, "role");
            return {
                id: roleName,
                state: { ...inputs, name: roleName, arn: this.arn("iam", `role/${inputs.path ?? "/"}${roleName}`.replace("//", "/"), { global: true }), uniqueId: `AROA${hex(17, this.accountId, roleName).toUpperCase()}` },
            };
        },
        // IAM names an OIDC provider by its URL without the scheme; the provider's ID is its ARN.
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (_name, inputs) => {
            const arn = this.arn("iam", `oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`, { global: true });
            return { id: arn, state: { ...inputs, arn } };
        },
        "aws:iam/policy:Policy": (name, inputs) => {
            const policyName: string = inputs.name ?? this.autoName(name, "policy");
            const arn = this.arn("iam", `policy/${policyName}`, { global: true });
            return { id: arn, state: { ...inputs, name: policyName, arn, policyId: `ANPA${hex(17, arn).toUpperCase()}` } };
        },
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": (name, inputs) => ({
            id: `${inputs.role}-${hex(8, name)}`,
            state: inputs,
        }),
        // S3 bucket names are global: the ARN has neither region nor account (S3 User Guide, "Bucket naming rules"; Service Authorization Reference, Amazon S3).
        "aws:s3/bucket:Bucket": (name, inputs) => {
            const bucket: string = inputs.bucket ?? this.autoName(name, "s3").toLowerCase();
            return { id: bucket, state: { ...inputs, bucket, arn: `arn:aws:s3:::${bucket}`, region: this.region } };
        },
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": (_name, inputs) => ({ id: inputs.bucket, state: inputs }),
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": (_name, inputs) => ({ id: inputs.bucket, state: inputs }),
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls": (_name, inputs) => ({ id: inputs.bucket, state: inputs }),
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": (_name, inputs) => ({ id: inputs.bucket, state: inputs }),
        "aws:s3/bucketPolicy:BucketPolicy": (_name, inputs) => ({ id: inputs.bucket, state: inputs }),
        // EKS API Reference, PodIdentityAssociation: an ID `a-` and 17 characters, its ARN under the cluster; the provider's ID is `<cluster>,<association ID>`.
        "aws:eks/podIdentityAssociation:PodIdentityAssociation": (name, inputs) => {
            const associationId = `a-${hex(17, this.accountId, "pod-identity", name)}`;
            return { id: `${inputs.clusterName},${associationId}`, state: { ...inputs, associationId, associationArn: this.arn("eks", `podidentityassociation/${inputs.clusterName}/${associationId}`) } };
        },
        "aws:iam/rolePolicy:RolePolicy": (name, inputs) => ({ id: `${inputs.role}:${inputs.name ?? name}`, state: inputs }),
        "aws:iam/serviceLinkedRole:ServiceLinkedRole": (_name, inputs) => {
            const service: string = inputs.awsServiceName;
            const roleName = SERVICE_LINKED_ROLE_NAMES[service] ?? `AWSServiceRoleFor${service.split(".")[0]}`;
            const arn = this.arn("iam", `role/aws-service-role/${service}/${roleName}`, { global: true });
            return { id: arn, state: { ...inputs, name: roleName, arn, path: `/aws-service-role/${service}/` } };
        },
        "aws:servicediscovery/httpNamespace:HttpNamespace": (name, inputs) => {
            const id = `ns-${hex(16, this.accountId, name)}`;
            return { id, state: { ...inputs, arn: this.arn("servicediscovery", `namespace/${id}`), httpName: inputs.name } };
        },
        "aws:servicediscovery/service:Service": (name, inputs) => {
            const id = `srv-${hex(16, this.accountId, name)}`;
            return { id, state: { ...inputs, arn: this.arn("servicediscovery", `service/${id}`) } };
        },
        "aws:ec2/vpcPeeringConnection:VpcPeeringConnection": (name, inputs) => {
            const id = this.awsId("pcx", "pcx", name);
            return { id, state: { ...inputs, accountStatus: "pending-acceptance" } };
        },
        "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter": (_name, inputs) => ({
            id: inputs.vpcPeeringConnectionId,
            state: { ...inputs, acceptStatus: "active", peerOwnerId: this.accountId },
        }),
        "aws:ec2/route:Route": (name, inputs) => ({
            id: `r-${inputs.routeTableId}${hex(10, inputs.destinationCidrBlock ?? name)}`,
            state: { ...inputs, state: "active", origin: "CreateRoute" },
        }),
        "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": (name, inputs) => {
            const id = this.awsId("sgr", "sgr", name);
            return { id, state: { ...inputs, securityGroupRuleId: id, arn: this.arn("ec2", `security-group-rule/${id}`) } };
        },
        "aws:ram/resourceShare:ResourceShare": (name, inputs) => {
            const arn = this.arn("ram", `resource-share/${uuid(this.accountId, "share", name)}`);
            return { id: arn, state: { ...inputs, arn } };
        },
        "aws:ram/resourceAssociation:ResourceAssociation": (_name, inputs) => ({
            id: `${inputs.resourceShareArn},${inputs.resourceArn}`,
            state: inputs,
        }),
        "aws:ram/principalAssociation:PrincipalAssociation": (_name, inputs) => ({
            id: `${inputs.resourceShareArn},${inputs.principal}`,
            state: inputs,
        }),
        "aws:ram/resourceShareAccepter:ResourceShareAccepter": (_name, inputs) => {
            const sharer = String(inputs.shareArn).split(":")[4];
            return {
                id: inputs.shareArn,
                state: { ...inputs, status: "ACCEPTED", receiverAccountId: this.accountId, senderAccountId: sharer, invitationArn: `${inputs.shareArn.replace("resource-share/", "resource-share-invitation/")}` },
            };
        },
        "kubernetes:helm.sh/v3:Release": (name, inputs) => {
            const releaseName: string = inputs.name ?? this.autoName(name, "release");
            return {
                id: `${inputs.namespace ?? "default"}/${releaseName}`,
                state: {
                    ...inputs,
                    name: releaseName,
                    status: { name: releaseName, namespace: inputs.namespace ?? "default", chart: inputs.chart, version: inputs.version, status: "deployed", revision: 1 },
                },
            };
        },
    };

    /** Kubernetes objects: autonamed like the provider does, with the App Mesh controller's status. */
    private kubernetesObject(type: string, name: string, inputs: Inputs) {
        const metadata = { ...(inputs.metadata ?? {}) };
        metadata.name ??= `${name}-${hex(8, this.accountId, type, name)}`;
        if (!CLUSTER_SCOPED_TYPES.includes(type)) metadata.namespace ??= "default";
        metadata.uid = uuid(this.accountId, type, metadata.namespace, metadata.name);
        const state: Inputs = { ...inputs, metadata };
        const cluster = this.context.account.cluster;
        if (type === "kubernetes:core/v1:Namespace") cluster.namespaces.set(metadata.name, metadata.labels ?? {});
        if (type === "kubernetes:core/v1:Service" && inputs.spec?.type === "LoadBalancer") {
            state.status = { loadBalancer: { ingress: [{ hostname: `a${hex(31, this.accountId, metadata.name)}-${parseInt(hex(8, metadata.uid), 16)}.${this.region}.elb.amazonaws.com` }] } };
        }
        // The AWS Gateway API Controller writes the Lattice service's ARN and DNS name back on the route.
        if (type === "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute") state.metadata = { ...metadata, annotations: routeWriteBack(this.context.account, metadata) };
        if (inputs.apiVersion === "appmesh.k8s.aws/v1beta2") state.status = this.appMeshStatus(inputs.kind, metadata, inputs.spec ?? {});
        const id = metadata.namespace ? `${metadata.namespace}/${metadata.name}` : metadata.name;
        return { id, state };
    }

    /** What the App Mesh controller writes into a CR's status once App Mesh has the object. */
    private appMeshStatus(kind: string, metadata: Inputs, spec: Inputs): Inputs {
        const cluster = this.context.account.cluster;
        const awsName: string = spec.awsName ?? `${metadata.name}_${metadata.namespace}`;
        const ready = { conditions: [{ type: `${kind}Active`, status: "True" }], observedGeneration: 1 };
        if (kind === "Mesh") {
            const owner: string = spec.meshOwner ?? this.accountId;
            cluster.meshes.set(metadata.name, { awsName: spec.awsName ?? metadata.name, owner });
            return { ...ready, meshARN: `arn:aws:appmesh:${this.region}:${owner}:mesh/${spec.awsName ?? metadata.name}` };
        }
        // Other App Mesh objects join the mesh their namespace's `mesh` label selects.
        const meshLabel = cluster.namespaces.get(metadata.namespace)?.mesh;
        const mesh = meshLabel === undefined ? undefined : cluster.meshes.get(meshLabel);
        if (!mesh) {
            throw new Error(
                `the App Mesh webhook rejects ${kind} ${metadata.namespace}/${metadata.name}: its namespace selects no mesh in this cluster`,
            );
        }
        const base = `arn:aws:appmesh:${this.region}:${mesh.owner}:mesh/${mesh.awsName}`;
        switch (kind) {
            case "VirtualService":
                return { ...ready, virtualServiceARN: `${base}/virtualService/${awsName}` };
            case "VirtualNode":
                return { ...ready, virtualNodeARN: `${base}/virtualNode/${awsName}` };
            case "VirtualRouter":
                return {
                    ...ready,
                    virtualRouterARN: `${base}/virtualRouter/${awsName}`,
                    routeARNs: Object.fromEntries((spec.routes ?? []).map((r: Inputs) => [r.name, `${base}/virtualRouter/${awsName}/route/${r.name}`])),
                };
            default:
                return ready;
        }
    }
}
