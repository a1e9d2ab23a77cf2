import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * How RAM delivers a share to the other account:
 * - `invitation`: the share allows external principals, and the other account accepts RAM's invitation;
 * - `organization`: both accounts are in one AWS Organization with RAM sharing enabled, so the share
 *   arrives without an invitation (there is nothing to accept) and is closed to outside principals.
 */
export type RamSharing = "invitation" | "organization";

export interface AccountShareArgs {
    /** The share's name in RAM. */
    readonly shareName: pulumi.Input<string>;
    /** The one resource shared (a mesh, a service network). */
    readonly resourceArn: pulumi.Input<string>;
    /** Names the resource in its association's Pulumi name: `<name>-share-<resourceRole>`. */
    readonly resourceRole: string;
    /**
     * The accounts it is shared with, each by its name in the environment (which names its
     * principal association: `<name>-share-<account name>`) and its ID.
     */
    readonly accounts: readonly { readonly name: string; readonly accountId: pulumi.Input<string> }[];
    readonly ramSharing: RamSharing;
}

/** Shares one resource with exactly the accounts named, in either RAM mode; every share the program makes goes through here. */
export function shareWithAccount(name: string, args: AccountShareArgs, opts: pulumi.CustomResourceOptions): aws.ram.ResourceShare {
    const share = new aws.ram.ResourceShare(
        `${name}-share`,
        { name: args.shareName, allowExternalPrincipals: args.ramSharing === "invitation" },
        opts,
    );
    new aws.ram.ResourceAssociation(`${name}-share-${args.resourceRole}`, { resourceShareArn: share.arn, resourceArn: args.resourceArn }, opts);
    for (const account of args.accounts) {
        new aws.ram.PrincipalAssociation(`${name}-share-${account.name}`, { resourceShareArn: share.arn, principal: account.accountId }, opts);
    }
    return share;
}

/** The receiving side: accepts the invitation in `invitation` mode; in `organization` mode there is none. */
export function acceptShare(name: string, shareArn: pulumi.Input<string>, ramSharing: RamSharing, opts: pulumi.CustomResourceOptions): aws.ram.ResourceShareAccepter[] {
    return ramSharing === "invitation" ? [new aws.ram.ResourceShareAccepter(`${name}-share-accepter`, { shareArn }, opts)] : [];
}
