import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RamSharing, shareWithAccount } from "./ram-share";

/** Where the service network's access logs go (VPC Lattice User Guide, "Access logs", destinations). */
export const ACCESS_LOG_DESTINATIONS = ["cloudwatch", "s3"] as const;
export type AccessLogDestination = (typeof ACCESS_LOG_DESTINATIONS)[number];

/** The auth policy's condition on callers: their VPC, or the account that owns their VPC. */
export type CallerCondition = "sourceVpc" | "sourceVpcOwnerAccount";

export interface LatticeServiceNetworkArgs {
    /** The service network's name; the backend's Gateway must carry the same name. 3-63 characters. */
    readonly serviceNetworkName: string;
    /**
     * The owner's own VPC and its nodes' security group, associated with the network, when the
     * owner is a calling account.
     * @default none: a network account with no cluster
     */
    readonly frontend?: {
        readonly vpcId: pulumi.Input<string>;
        readonly nodeSecurityGroupId: pulumi.Input<string>;
    };
    /** The calling accounts of the environment, their VPCs: the only callers the auth policy admits. */
    readonly callers: readonly { readonly accountId: pulumi.Input<string>; readonly vpcId: pulumi.Input<string> }[];
    /** The other accounts of the environment, by name and ID: the network is shared with exactly these. */
    readonly shareWith: readonly { readonly name: string; readonly accountId: pulumi.Input<string> }[];
    /** The port of the Lattice services' listeners (the backend Gateway's listener port). */
    readonly listenerPort: number;
    readonly ramSharing: RamSharing;
    /**
     * Which callers the auth policy admits.
     * @default "sourceVpc": only requests from the frontend VPC
     */
    readonly callerCondition?: CallerCondition;
    /**
     * Days the service network's access logs are kept in CloudWatch Logs (one entry per request
     * through any service of the network: caller, service, status, duration; VPC Lattice User
     * Guide, "Access logs").
     * @default 30
     */
    readonly accessLogRetentionDays?: number;
    /**
     * Where the access logs go: a CloudWatch log group, or an S3 bucket of the owner's account
     * (private, SSE-S3, TLS only, objects expired after the retention days).
     * @default "cloudwatch"
     */
    readonly accessLogDestination?: AccessLogDestination;
}

/**
 * The access-log bucket's policy: every request over TLS only (S3 User Guide, "Security best practices
 * for Amazon S3", enforce encryption of data in transit: deny when aws:SecureTransport is false), and
 * the log delivery service writing there for this account's deliveries alone. Lattice's access logs
 * are vended logs delivered by `delivery.logs.amazonaws.com` (VPC Lattice User Guide, "Access logs";
 * CloudWatch Logs User Guide, "Logs sent to Amazon S3",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-S3.html): it needs
 * s3:PutObject under `AWSLogs/<account>/` with the bucket-owner-full-control ACL, and s3:GetBucketAcl
 * and s3:ListBucket on the bucket, each for aws:SourceAccount = the account and aws:SourceArn = its
 * logs ARNs. Written here rather than left to the delivery, which would add it only if the deployer
 * may put bucket policies, and which cannot merge into a policy with a Deny it does not expect.
 */
export function accessLogBucketPolicy(partition: string, bucketArn: string, accountId: string, region: string): string {
    const source = { StringEquals: { "aws:SourceAccount": accountId }, ArnLike: { "aws:SourceArn": `arn:${partition}:logs:${region}:${accountId}:*` } };
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "AWSLogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: `${bucketArn}/AWSLogs/${accountId}/*`,
                Condition: { ...source, StringEquals: { ...source.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
            {
                Sid: "AWSLogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: ["s3:GetBucketAcl", "s3:ListBucket"],
                Resource: bucketArn,
                Condition: source,
            },
        ],
    });
}

/** The condition keys of Lattice auth policies (AWS Service Authorization Reference, vpc-lattice-svcs). */
const CONDITION_KEYS: Record<CallerCondition, string> = {
    sourceVpc: "vpc-lattice-svcs:SourceVpc",
    sourceVpcOwnerAccount: "vpc-lattice-svcs:SourceVpcOwnerAccount",
};

/** A condition value: one value as a string (the two-account design's policy), several as a list. */
const oneOrMany = (values: string | readonly string[]) => (typeof values === "string" ? values : values.length === 1 ? values[0] : [...values]);

/**
 * The auth policy: unsigned callers (nginx cannot SigV4-sign) are admitted, but only from the
 * calling VPCs (or accounts) of the environment. With AWS_IAM and no policy, Lattice denies everything.
 */
export function serviceNetworkAuthPolicy(condition: CallerCondition, value: string | readonly string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "FrontendCallers",
                Effect: "Allow",
                Principal: "*",
                Action: "vpc-lattice-svcs:Invoke",
                Resource: "*",
                Condition: { StringEquals: { [CONDITION_KEYS[condition]]: oneOrMany(value) } },
            },
        ],
    });
}

/** The statement admitting unsigned callers from the declared consumers' VPCs, each owned by a declared consumer account. */
function declaredConsumersStatement(consumers: readonly { readonly accountId: string; readonly vpcId: string }[]) {
    return {
        Sid: "DeclaredConsumers",
        Effect: "Allow",
        Principal: "*",
        Action: "vpc-lattice-svcs:Invoke",
        Resource: "*",
        Condition: {
            StringEquals: {
                [CONDITION_KEYS.sourceVpc]: oneOrMany(consumers.map((c) => c.vpcId)),
                [CONDITION_KEYS.sourceVpcOwnerAccount]: oneOrMany([...new Set(consumers.map((c) => c.accountId))]),
            },
        },
    };
}

/** One statement per signing caller: Invoke by that role alone, from that caller's VPC alone. */
function signedCallerStatements(callers: readonly { readonly roleArn: string; readonly vpcId: string }[]) {
    return callers.map((c, i) => ({
        Sid: `SignedCaller${i + 1}`,
        Effect: "Allow",
        Principal: { AWS: c.roleArn },
        Action: "vpc-lattice-svcs:Invoke",
        Resource: "*",
        Condition: { StringEquals: { [CONDITION_KEYS.sourceVpc]: c.vpcId } },
    }));
}

/**
 * One service's own auth policy (an IAMAuthPolicy on its route, which turns the service's auth type
 * to AWS_IAM): unsigned callers only from the declared consumers' VPCs, each owned by a declared
 * consumer account. Lattice applies it besides the network's (VPC Lattice User Guide, "Control
 * access to VPC Lattice services using auth policies").
 */
export function serviceAuthPolicy(consumers: readonly { readonly accountId: string; readonly vpcId: string }[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [declaredConsumersStatement(consumers)] });
}

/**
 * An auth policy for signed calls: `vpc-lattice-svcs:Invoke` only by the named IAM roles (each
 * caller's own, EKS Pod Identity; `Principal: {AWS: <role ARN>}`), and only from that caller's VPC. An unsigned
 * request carries no principal and matches no statement, nor does another role of the same account
 * or VPC (VPC Lattice User Guide, "Control access to VPC Lattice services using auth policies").
 * The caller's identity policy must allow the Invoke as well when it is in another account
 * (shared/lattice/sigv4-proxy.ts, signedCallerPolicy).
 */
export function signedCallerAuthPolicy(callers: readonly { readonly roleArn: string; readonly vpcId: string }[]): string {
    if (callers.length === 0) throw new Error("a signed-call auth policy needs at least one caller role");
    return JSON.stringify({ Version: "2012-10-17", Statement: signedCallerStatements(callers) });
}

/** A consumer of a service as its infra stack says: its account, its VPC, and its signing role ("" when it calls unsigned). */
export interface ServiceConsumer {
    readonly accountId: string;
    readonly vpcId: string;
    readonly latticeCallerRoleArn: string;
}

/**
 * The appserver service's own auth policy from its consumers: each consumer that signs
 * (infra-frontend:latticeSignedCalls) is admitted by its role from its VPC only, the others unsigned
 * from their VPCs and accounts. Undefined when the service needs none of its own: no consumer signs
 * and the environment has no file (the two-account design, whose network policy already admits
 * exactly the one frontend VPC).
 */
export function appserverAuthPolicy(consumers: readonly ServiceConsumer[], describedByFile: boolean): string | undefined {
    const signed = consumers.filter((c) => c.latticeCallerRoleArn !== "");
    const unsigned = consumers.filter((c) => c.latticeCallerRoleArn === "");
    if (signed.length === 0) return describedByFile && unsigned.length > 0 ? serviceAuthPolicy(unsigned) : undefined;
    const statements = [...(unsigned.length > 0 ? [declaredConsumersStatement(unsigned)] : []), ...signedCallerStatements(signed.map((c) => ({ roleArn: c.latticeCallerRoleArn, vpcId: c.vpcId })))];
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * The frontend account's half of the Lattice join (mesh owner stack): the service network with an
 * auth policy that admits only the frontend, its RAM share to the backend account alone, and the
 * frontend VPC's association, whose security group admits only the frontend nodes on the listener port.
 */
export class LatticeServiceNetwork extends pulumi.ComponentResource {
    readonly serviceNetworkId: pulumi.Output<string>;
    readonly serviceNetworkArn: pulumi.Output<string>;
    readonly serviceNetworkName: pulumi.Output<string>;
    readonly resourceShareArn: pulumi.Output<string>;
    /** The owner's own VPC's association; undefined for a network account with no cluster. */
    readonly associationId?: pulumi.Output<string>;
    /** The CloudWatch log group the network's access logs go to (destination cloudwatch). */
    readonly accessLogGroupName?: pulumi.Output<string>;
    /** The S3 bucket the network's access logs go to (destination s3). */
    readonly accessLogBucketName?: pulumi.Output<string>;

    constructor(name: string, args: LatticeServiceNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:mesh:LatticeServiceNetwork", name, {}, opts);
        const { frontend } = args;
        const condition = args.callerCondition ?? "sourceVpc";

        const network = new aws.vpclattice.ServiceNetwork(`${name}-network`, { name: args.serviceNetworkName, authType: "AWS_IAM" }, { parent: this });
        const callers = pulumi.all(args.callers.map((c) => (condition === "sourceVpc" ? c.vpcId : c.accountId)));
        new aws.vpclattice.AuthPolicy(
            `${name}-auth-policy`,
            { resourceIdentifier: network.arn, policy: callers.apply((v) => serviceNetworkAuthPolicy(condition, [...new Set(v)])) },
            { parent: this },
        );

        // Inside one Organization (with RAM sharing enabled) RAM shares without an invitation and
        // refuses nothing; outside it, allowExternalPrincipals is what lets RAM invite the backend.
        const share = shareWithAccount(
            name,
            { shareName: `${args.serviceNetworkName}-share`, resourceArn: network.arn, resourceRole: "network", accounts: args.shareWith, ramSharing: args.ramSharing },
            { parent: this },
        );

        const association = frontend && latticeVpcAssociation(`${name}-frontend-association`, name, { ...frontend, serviceNetworkId: network.id, serviceNetworkName: args.serviceNetworkName, listenerPort: args.listenerPort }, this);

        // Access logs at the network level: they cover every service associated with it, the
        // backend account's included, and land in the owner's account (VPC Lattice User Guide,
        // "Access logs": a subscription per network or service, to CloudWatch Logs, S3 or Firehose).
        // Lattice delivers them as vended logs, priced as CloudWatch Logs ingestion.
        const retentionDays = args.accessLogRetentionDays ?? 30;
        if ((args.accessLogDestination ?? "cloudwatch") === "cloudwatch") {
            const logGroup = new aws.cloudwatch.LogGroup(`${name}-access-logs`, { name: `/aws/vpc-lattice/${args.serviceNetworkName}`, retentionInDays: retentionDays }, { parent: this });
            new aws.vpclattice.AccessLogSubscription(`${name}-access-log-subscription`, { resourceIdentifier: network.arn, destinationArn: logGroup.arn }, { parent: this });
            this.accessLogGroupName = logGroup.name;
        } else {
            const bucket = accessLogBucket(`${name}-access-logs`, retentionDays, this);
            new aws.vpclattice.AccessLogSubscription(`${name}-access-log-subscription`, { resourceIdentifier: network.arn, destinationArn: bucket.bucket.arn }, { parent: this, dependsOn: [bucket.policy] });
            this.accessLogBucketName = bucket.bucket.bucket;
        }

        this.serviceNetworkId = network.id;
        this.serviceNetworkArn = network.arn;
        this.serviceNetworkName = network.name;
        this.resourceShareArn = share.arn;
        this.associationId = association?.id;
        this.registerOutputs({
            serviceNetworkId: this.serviceNetworkId,
            serviceNetworkArn: this.serviceNetworkArn,
            serviceNetworkName: this.serviceNetworkName,
            resourceShareArn: this.resourceShareArn,
            associationId: this.associationId,
            accessLogGroupName: this.accessLogGroupName,
            accessLogBucketName: this.accessLogBucketName,
        });
    }
}

/**
 * A calling account's VPC joins the service network: an association whose security group admits
 * only that account's nodes, on the listener port. A VPC has at most one such association.
 */
export function latticeVpcAssociation(
    resourceName: string,
    name: string,
    args: {
        readonly vpcId: pulumi.Input<string>;
        readonly nodeSecurityGroupId: pulumi.Input<string>;
        readonly serviceNetworkId: pulumi.Input<string>;
        readonly serviceNetworkName: pulumi.Input<string>;
        readonly listenerPort: pulumi.Input<number>;
    },
    parent: pulumi.Resource,
    dependsOn: pulumi.Resource[] = [],
): aws.vpclattice.ServiceNetworkVpcAssociation {
    const associationSg = new aws.ec2.SecurityGroup(
        `${name}-association-sg`,
        { vpcId: args.vpcId, description: pulumi.interpolate`Frontend callers of service network ${args.serviceNetworkName}` },
        { parent },
    );
    new aws.vpc.SecurityGroupIngressRule(
        `${name}-association-from-nodes`,
        {
            description: pulumi.interpolate`Frontend nodes to Lattice listeners on ${args.listenerPort}`,
            securityGroupId: associationSg.id,
            referencedSecurityGroupId: args.nodeSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: args.listenerPort,
            toPort: args.listenerPort,
        },
        { parent },
    );
    return new aws.vpclattice.ServiceNetworkVpcAssociation(
        resourceName,
        { vpcIdentifier: args.vpcId, serviceNetworkIdentifier: args.serviceNetworkId, securityGroupIds: [associationSg.id] },
        { parent, dependsOn },
    );
}

/**
 * The access logs' bucket: objects owned by the bucket owner (ACLs disabled; the delivery's
 * bucket-owner-full-control ACL is still accepted: S3 User Guide, "Controlling ownership of objects"),
 * every public access blocked, SSE-S3 encryption (SSE-KMS would need the key policy to admit the log
 * delivery service: CloudWatch Logs User Guide, "Logs sent to Amazon S3"), TLS only, and each object
 * expired after `retentionDays` (the same days the log group would keep).
 */
function accessLogBucket(name: string, retentionDays: number, parent: pulumi.Resource): { bucket: aws.s3.Bucket; policy: aws.s3.BucketPolicy } {
    const bucket = new aws.s3.Bucket(name, {}, { parent });
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, { parent });
    const publicBlock = new aws.s3.BucketPublicAccessBlock(
        `${name}-public-access-block`,
        { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
        { parent },
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }, { parent });
    new aws.s3.BucketLifecycleConfiguration(
        `${name}-lifecycle`,
        { bucket: bucket.id, rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: retentionDays } }] },
        { parent },
    );
    const partition = aws.getPartitionOutput({}, { parent }).partition;
    const account = aws.getCallerIdentityOutput({}, { parent }).accountId;
    const region = aws.getRegionOutput({}, { parent }).region;
    const policy = new aws.s3.BucketPolicy(
        `${name}-policy`,
        { bucket: bucket.id, policy: pulumi.all([partition, bucket.arn, account, region]).apply(([p, arn, a, r]) => accessLogBucketPolicy(p, arn, a, r)) },
        // After the public access block, whose blockPublicPolicy check the policy (no public grant) passes.
        { parent, dependsOn: [publicBlock] },
    );
    return { bucket, policy };
}
