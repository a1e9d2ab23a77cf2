
/** The project tag value every AWS resource carries. */
const PROJECT_TAG = "yelb-appmesh";

/** Tags applied to every AWS resource through the provider's `defaultTags`. */
export function resourceTags(environment: string, side: string): Record<string, string> {
    return {
        project: PROJECT_TAG,
        environment,
        "account-role": side,
        "managed-by": "pulumi",
    };
}

/** The EKS cluster's name; also the Helm value `clusterName` of the App Mesh controller. */
export function clusterName(environment: string, side: string): string {
    return `yelb-${environment}-${side}`;
}
