import { at, isOpaque } from "../json";
import { EKS_TYPES } from "./eks-types";
import { StackRule, StackViolation } from "./types";

/** The KMS key an eks:index:Cluster encrypts secrets with: its input, or (stack outputs) core.encryptionConfig. */
function clusterKeyArn(props: Record<string, unknown>): unknown {
    return props.encryptionConfigKeyArn ?? at(props, "core", "encryptionConfig", "provider", "keyArn");
}

export const eksSecretsEncryptedRotatingKey: StackRule = {
    name: "eks-secrets-encrypted-rotating-key",
    description: "Every EKS cluster encrypts Kubernetes secrets (encryptionConfigKeyArn) with a KMS key of the same stack that has enableKeyRotation: true.",
    enforcementLevel: "mandatory",
    check: (resources) => {
        const keys = resources.filter((r) => r.type === EKS_TYPES.kmsKey);
        const violations: StackViolation[] = [];
        for (const cluster of resources.filter((r) => r.type === EKS_TYPES.cluster)) {
            const arn = clusterKeyArn(cluster.props);
            if (isOpaque(arn)) continue;
            if (typeof arn !== "string" || arn === "") {
                violations.push({
                    urn: cluster.urn,
                    message: "Kubernetes secrets are not encrypted; set encryptionConfigKeyArn to the ARN of a KMS key of this stack with enableKeyRotation: true",
                });
                continue;
            }
            const key = keys.find((k) => k.props.arn === arn);
            if (key === undefined) {
                if (keys.some((k) => isOpaque(k.props.arn))) continue; // A key without its ARN yet may be this one.
                violations.push({
                    urn: cluster.urn,
                    message: `encryptionConfigKeyArn ${arn} is not a KMS key of this stack; create the key here, with enableKeyRotation: true`,
                });
                continue;
            }
            const rotation = key.props.enableKeyRotation;
            if (rotation !== true && !isOpaque(rotation)) {
                violations.push({
                    urn: cluster.urn,
                    message: `encryptionConfigKeyArn ${arn} is the KMS key ${key.name}, which does not rotate; set enableKeyRotation: true on it`,
                });
            }
        }
        return violations;
    },
};
