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

/** A mesh's ARN: `arn:aws:appmesh:<region>:<owner>:mesh/<mesh>`; its objects' ARNs extend it. */
export function meshArn(region: string, ownerAccountId: string, meshName: string): string {
    return `arn:aws:appmesh:${region}:${ownerAccountId}:mesh/${meshName}`;
}
