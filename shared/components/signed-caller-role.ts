import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { eksClusterArn, podIdentityTrustPolicy } from "../lattice/sigv4-proxy";

export interface SignedCallerRoleArgs {
    /** The cluster whose pods may get the role (infra-frontend's own). */
    readonly clusterName: pulumi.Input<string>;
    readonly accountId: pulumi.Input<string>;
    readonly region: string;
    /** The service account the role is for (yelb-ui's). */
    readonly serviceAccount: string;
}

/**
 * The IAM role a calling workload signs its Lattice calls with (EKS Pod Identity), made in the
 * caller's infra stack so that it exists before the stacks whose auth policies name it (a resource
 * policy naming a role that does not exist is refused). No permission here: the apps frontend, which
 * reads the service's ARN, gives it Invoke on that service alone and associates it with the pods.
 */
export class SignedCallerRole extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;

    constructor(name: string, args: SignedCallerRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:infra:SignedCallerRole", name, {}, opts);
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                description: pulumi.interpolate`${args.serviceAccount} in ${args.clusterName}: signs its calls to VPC Lattice services (EKS Pod Identity)`,
                assumeRolePolicy: pulumi
                    .all([aws.getPartitionOutput({}, { parent: this }).partition, args.accountId, args.clusterName])
                    .apply(([partition, accountId, clusterName]) => podIdentityTrustPolicy(eksClusterArn(partition, args.region, accountId, clusterName), args.serviceAccount)),
            },
            { parent: this },
        );
        this.arn = role.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
