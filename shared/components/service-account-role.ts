import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "../iam";

export interface ServiceAccountRoleArgs {
    /** The cluster's IAM OIDC provider ARN (infra contract `oidcProviderArn`). */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (infra contract `oidcProviderUrl`). */
    readonly oidcProviderUrl: pulumi.Input<string>;
    /** The Kubernetes namespace and service account that alone may assume the role. */
    readonly namespace: string;
    readonly serviceAccount: string;
    /**
     * What the role may do; keep it to what this one workload needs.
     * @default no inline policy
     */
    readonly policy?: pulumi.Input<PolicyDocument>;
    /**
     * AWS managed policies scoped to one service's needs (never a `*FullAccess` one).
     * @default none
     */
    readonly managedPolicyArns?: readonly string[];
    readonly description: string;
}

/**
 * An IAM role for one Kubernetes service account (IRSA): only that service account, through the
 * cluster's OIDC provider, may assume it, and its only permissions are the given policies.
 */
export class ServiceAccountRole extends pulumi.ComponentResource {
    readonly role: aws.iam.Role;
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: ServiceAccountRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:iam:ServiceAccountRole", name, {}, opts);
        const trust = pulumi.all([args.oidcProviderArn, args.oidcProviderUrl]).apply(([providerArn, url]) => {
            const issuer = url.replace(/^https:\/\//, "");
            return JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: providerArn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                [`${issuer}:sub`]: `system:serviceaccount:${args.namespace}:${args.serviceAccount}`,
                                [`${issuer}:aud`]: "sts.amazonaws.com",
                            },
                        },
                    },
                ],
            });
        });
        this.role = new aws.iam.Role(`${name}-role`, { description: args.description, assumeRolePolicy: trust }, { parent: this });
        if (args.policy !== undefined) {
            new aws.iam.RolePolicy(
                `${name}-policy`,
                { role: this.role.name, policy: pulumi.output(args.policy).apply((p) => JSON.stringify(p)) },
                { parent: this },
            );
        }
        for (const [i, policyArn] of (args.managedPolicyArns ?? []).entries()) {
            new aws.iam.RolePolicyAttachment(`${name}-managed-${i + 1}`, { role: this.role.name, policyArn }, { parent: this });
        }
        this.arn = this.role.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
