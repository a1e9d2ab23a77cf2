import { expect } from "chai";
import { record, violation, violationsOf } from "../../test/helpers/policy";

/**
 * The rule over synthetic records shaped like the recorder's: it fires on a bad resource with its
 * exact message, and stays silent on a good one.
 */

const CLUSTER = "eks:index:Cluster";
const KMS_KEY = "aws:kms/key:Key";

describe("policy eks-secrets-encrypted-rotating-key (stack)", () => {
    const POLICY = "eks-secrets-encrypted-rotating-key";
    const KEY_ARN = "arn:aws:kms:us-west-2:111111111111:key/3f50e5d2-6423-bc92-9ae0-96e04a2bbab6";
    const key = (rotation: boolean) =>
        record(KMS_KEY, "cluster-secrets", { enableKeyRotation: rotation, deletionWindowInDays: 30 }, {
            outputs: { arn: KEY_ARN, enableKeyRotation: rotation, deletionWindowInDays: 30 },
        });
    const cluster = (inputs: Record<string, unknown>) => record(CLUSTER, "cluster-eks", { nodeAssociatePublicIpAddress: false, ...inputs });

    it("GIVEN a cluster without encryptionConfigKeyArn WHEN evaluated THEN it fires", () => {
        const eks = cluster({});
        expect(violationsOf(key(true), eks)).to.deep.equal([
            violation(eks, POLICY, "Kubernetes secrets are not encrypted; set encryptionConfigKeyArn to the ARN of a KMS key of this stack with enableKeyRotation: true"),
        ]);
    });

    it("GIVEN the stack's key without rotation WHEN evaluated THEN it fires naming the key", () => {
        const eks = cluster({ encryptionConfigKeyArn: KEY_ARN });
        expect(violationsOf(key(false), eks)).to.deep.equal([
            violation(eks, POLICY, `encryptionConfigKeyArn ${KEY_ARN} is the KMS key cluster-secrets, which does not rotate; set enableKeyRotation: true on it`),
        ]);
    });

    it("GIVEN a key ARN from outside the stack WHEN evaluated THEN it fires", () => {
        const foreign = "arn:aws:kms:us-west-2:222222222222:key/00000000-0000-0000-0000-000000000000";
        const eks = cluster({ encryptionConfigKeyArn: foreign });
        expect(violationsOf(key(true), eks)).to.deep.equal([
            violation(eks, POLICY, `encryptionConfigKeyArn ${foreign} is not a KMS key of this stack; create the key here, with enableKeyRotation: true`),
        ]);
    });

    it("GIVEN the stack's rotating key, as input or as CrossGuard's core.encryptionConfig output WHEN evaluated THEN it passes", () => {
        const byInput = cluster({ encryptionConfigKeyArn: KEY_ARN });
        const byOutput = record(CLUSTER, "mlc-eks", { nodeAssociatePublicIpAddress: false }, {
            outputs: { core: { encryptionConfig: { provider: { keyArn: KEY_ARN }, resources: ["secrets"] } } },
        });
        expect(violationsOf(key(true), byInput, byOutput)).to.deep.equal([]);
    });
});
