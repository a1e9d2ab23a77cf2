import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { resourceTags } from "./naming";

export interface AccountProviderArgs {
    /** The one account this provider may act in; any other credentials are refused before any call. */
    readonly accountId: pulumi.Input<string>;
    readonly region: pulumi.Input<string>;
    readonly environment: string;
    readonly side: string;
    /**
     * The AWS CLI profile to act with (`aws:profile` of the infra stacks).
     * @default the credentials in the environment
     */
    readonly profile?: string;
}

/**
 * The AWS provider of one account. `allowedAccountIds` is the provider's own guard: run with the
 * other account's credentials, the stack stops before touching anything. `defaultTags` tags every
 * resource with project, environment and account role, in one place.
 */
export function accountProvider(name: string, args: AccountProviderArgs, opts?: pulumi.CustomResourceOptions): aws.Provider {
    return new aws.Provider(
        name,
        {
            region: args.region as pulumi.Input<aws.Region>,
            allowedAccountIds: [args.accountId],
            ...(args.profile ? { profile: args.profile } : {}),
            defaultTags: { tags: resourceTags(args.environment, args.side) },
        },
        opts,
    );
}

/** The Kubernetes provider of one cluster, from the kubeconfig its infra stack exports as a secret. */
function clusterProvider(name: string, kubeconfig: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): k8s.Provider {
    // Server-side apply lets the provider and the App Mesh controller share fields without fights.
    return new k8s.Provider(name, { kubeconfig, enableServerSideApply: true }, opts);
}

/**
 * The AWS and Kubernetes providers of a mesh or apps stack: its side's account, region and cluster,
 * all from that side's infra stack contract, so no account ID is typed twice.
 */
export function sideProviders(
    infra: { readonly accountId: string; readonly region: string; readonly kubeconfig: pulumi.Output<string> },
    stack: { readonly environment: string; readonly side: string },
): { aws: aws.Provider; kubernetes: k8s.Provider } {
    return {
        aws: accountProvider(stack.side, { accountId: infra.accountId, region: infra.region, ...stack }),
        kubernetes: clusterProvider(stack.side, infra.kubeconfig),
    };
}
