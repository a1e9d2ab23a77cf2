/** IAM policy documents, typed so that a misspelt key fails to compile. */
export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Action: string | readonly string[];
    readonly Resource: string | readonly string[];
    readonly Condition?: Record<string, Record<string, string | readonly string[]>>;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(...statements: PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** ARNs of App Mesh objects: `arn:aws:appmesh:<region>:<owner>:mesh/<mesh>[/<kind>/<name>]`. */
export function meshArn(region: string, ownerAccountId: string, meshName: string): string {
    return `arn:aws:appmesh:${region}:${ownerAccountId}:mesh/${meshName}`;
}

export function virtualNodeArn(region: string, ownerAccountId: string, meshName: string, virtualNode: string): string {
    return `${meshArn(region, ownerAccountId, meshName)}/virtualNode/${virtualNode}`;
}
