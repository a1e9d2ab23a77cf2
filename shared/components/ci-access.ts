import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, PolicyStatement, policyDocument } from "../iam";

/** GitHub Actions' OIDC issuer, and the audience aws-actions/configure-aws-credentials asks for. */
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const GITHUB_OIDC_AUDIENCE = "sts.amazonaws.com";

/** AWS's managed read-only policy: what a preview reads (describe/list/get), never a write. */
export const READ_ONLY_POLICY_ARN = "arn:aws:iam::aws:policy/ReadOnlyAccess";

/**
 * The AWS actions `npm run verify` calls (tools/verify/checks.ts), each with its API operation;
 * granted to the preview role explicitly, so the scheduled verify does not hang on what
 * ReadOnlyAccess happens to hold. sts:GetCallerIdentity needs no permission (AWS STS API
 * Reference, GetCallerIdentity), nor does `aws eks get-token` (a presigned GetCallerIdentity).
 * List and Get calls of these services take no resource-level ARNs for most of them, hence "*".
 */
export const VERIFY_ACTIONS = [
    "eks:DescribeCluster", // DescribeCluster: the cluster is ACTIVE
    "ram:GetResourceShares", // the share's status
    "ram:GetResourceShareAssociations", // the share's principals
    "vpc-lattice:ListServiceNetworkVpcAssociations", // the frontend VPC's association
    "vpc-lattice:ListServiceNetworkServiceAssociations", // the appserver service's association
    "vpc-lattice:GetAuthPolicy", // the auth policy Lattice enforces
    "vpc-lattice:ListListeners", // from the service to its target groups...
    "vpc-lattice:ListRules",
    "vpc-lattice:GetRule",
    "vpc-lattice:ListTargets", // ...and their targets' health
] as const;

/** Where the stacks' state lives when it is an S3 bucket: what both roles must reach besides AWS. */
export interface StateAccess {
    /** The state bucket's name. */
    readonly bucket: string;
    /** The key prefix of this project's state in the bucket, without slashes at either end; "" for the whole bucket. */
    readonly prefix: string;
    /** ARN of the KMS key that encrypts the stacks' secrets (the backend's `awskms://` secrets provider). */
    readonly keyArn: string;
}

export interface CiAccessArgs {
    /** The GitHub repository, `owner/name`, whose workflows alone may assume the roles. */
    readonly repository: string;
    /** The branch whose workflows may assume the deploy role (`refs/heads/<branch>`). */
    readonly deployBranch: string;
    /** Names of the two IAM roles (explicit, so the workflows' variables can be written before the stack runs). */
    readonly previewRoleName: string;
    readonly deployRoleName: string;
    /**
     * The account's existing GitHub OIDC provider; an account can have only one per issuer.
     * @default a new provider for token.actions.githubusercontent.com
     */
    readonly existingOidcProviderArn?: pulumi.Input<string>;
    /** Managed policies of the deploy role: what deploying the stacks needs in this account. */
    readonly deployPolicyArns: readonly string[];
    /**
     * The S3 state backend both roles read and lock, and its KMS key.
     * @default none: the backend is Pulumi Cloud, reached with its own token
     */
    readonly state?: StateAccess;
}

/**
 * What GitHub Actions may do in one account: an OIDC provider, a read-only role that pull-request
 * previews assume (only from `pull_request` events of the repository, since a pull request runs
 * whatever code its branch holds), and a deploy role that only workflows of the deploy branch may
 * assume. No long-lived keys.
 */
export class CiAccess extends pulumi.ComponentResource {
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly previewRoleArn: pulumi.Output<string>;
    readonly deployRoleArn: pulumi.Output<string>;

    constructor(name: string, args: CiAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:ci:CiAccess", name, {}, opts);
        this.oidcProviderArn = pulumi.output(
            args.existingOidcProviderArn ??
                new aws.iam.OpenIdConnectProvider(
                    `${name}-github-oidc`,
                    { url: `https://${GITHUB_OIDC_HOST}`, clientIdLists: [GITHUB_OIDC_AUDIENCE] },
                    { parent: this },
                ).arn,
        );
        const preview = this.role(`${name}-preview`, args.previewRoleName, `repo:${args.repository}:pull_request`, "Pull-request previews (read-only)");
        const deploy = this.role(`${name}-deploy`, args.deployRoleName, `repo:${args.repository}:ref:refs/heads/${args.deployBranch}`, `Deploys from ${args.deployBranch}`);
        new aws.iam.RolePolicyAttachment(`${name}-preview-read-only`, { role: preview.name, policyArn: READ_ONLY_POLICY_ARN }, { parent: this });
        // The scheduled `npm run verify -- --read-only` runs with the preview role (docs/verify.md).
        new aws.iam.RolePolicy(
            `${name}-preview-verify`,
            { role: preview.name, policy: JSON.stringify(policyDocument({ Sid: "VerifyReads", Effect: "Allow", Action: [...VERIFY_ACTIONS], Resource: "*" })) },
            { parent: this },
        );
        for (const [i, policyArn] of args.deployPolicyArns.entries()) {
            new aws.iam.RolePolicyAttachment(`${name}-deploy-managed-${i + 1}`, { role: deploy.name, policyArn }, { parent: this });
        }
        if (args.state !== undefined) {
            // A preview reads state, takes the stack's lock and decrypts its secrets; a deploy also writes state and new secrets.
            const attach = (role: aws.iam.Role, suffix: string, access: "preview" | "deploy") =>
                new aws.iam.RolePolicy(`${name}-${suffix}-state`, { role: role.name, policy: JSON.stringify(stateAccessPolicy(args.state!, access)) }, { parent: this });
            attach(preview, "preview", "preview");
            attach(deploy, "deploy", "deploy");
        }
        this.previewRoleArn = preview.arn;
        this.deployRoleArn = deploy.arn;
        this.registerOutputs({ oidcProviderArn: this.oidcProviderArn, previewRoleArn: this.previewRoleArn, deployRoleArn: this.deployRoleArn });
    }

    private role(name: string, roleName: string, subject: string, description: string): aws.iam.Role {
        const trust = this.oidcProviderArn.apply((provider) => JSON.stringify(githubTrustPolicy(provider, subject)));
        return new aws.iam.Role(name, { name: roleName, description, assumeRolePolicy: trust, maxSessionDuration: 3600 }, { parent: this });
    }
}

/** Trust for GitHub's OIDC tokens whose subject is exactly `subject` (StringEquals: no wildcard). */
export function githubTrustPolicy(providerArn: string, subject: string) {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE, [`${GITHUB_OIDC_HOST}:sub`]: subject } },
            },
        ],
    };
}

/**
 * The state under the prefix: a deploy reads and writes it all; a preview reads it and writes only
 * the stack locks (`.pulumi/locks/`, where Pulumi's self-managed backends keep them).
 */
export function stateAccessPolicy(state: StateAccess, access: "preview" | "deploy"): PolicyDocument {
    const root = `arn:aws:s3:::${state.bucket}/${state.prefix === "" ? "" : `${state.prefix}/`}`;
    const list: PolicyStatement = {
        Sid: "ListState",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: `arn:aws:s3:::${state.bucket}`,
        ...(state.prefix === "" ? {} : { Condition: { StringLike: { "s3:prefix": [state.prefix, `${state.prefix}/*`] } } }),
    };
    const statements: PolicyStatement[] =
        access === "deploy"
            ? [
                  { Sid: "ReadWriteState", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Resource: `${root}*` },
                  { Sid: "StateSecrets", Effect: "Allow", Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], Resource: state.keyArn },
              ]
            : [
                  { Sid: "ReadState", Effect: "Allow", Action: "s3:GetObject", Resource: `${root}*` },
                  { Sid: "LockStacks", Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${root}.pulumi/locks/*` },
                  { Sid: "StateSecrets", Effect: "Allow", Action: "kms:Decrypt", Resource: state.keyArn },
              ];
    return policyDocument(list, ...statements);
}
