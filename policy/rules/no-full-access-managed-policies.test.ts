import { expect } from "chai";
import { record, violation, violationsOf } from "../../test/helpers/policy";

/**
 * The rule over synthetic records shaped like the recorder's: it fires on a bad resource with its
 * exact message, and stays silent on a good one.
 */

const ROLE_POLICY_ATTACHMENT = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
const POLICY_ATTACHMENT = "aws:iam/policyAttachment:PolicyAttachment";
const ROLE = "aws:iam/role:Role";
const WORKER_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
];

describe("policy no-full-access-managed-policies", () => {
    const POLICY = "no-full-access-managed-policies";
    const message = (arn: string) => `attaches the AWS managed policy ${arn}, which allows every action of its service; attach a policy scoped to what the principal needs`;

    it("GIVEN AWSAppMeshFullAccess attached to a role WHEN evaluated THEN it fires", () => {
        const arn = "arn:aws:iam::aws:policy/AWSAppMeshFullAccess";
        const attachment = record(ROLE_POLICY_ATTACHMENT, "node-appmesh", { policyArn: arn, role: "node-role" });
        expect(violationsOf(attachment)).to.deep.equal([violation(attachment, POLICY, message(arn))]);
    });

    it("GIVEN a role whose managedPolicyArns include ElasticLoadBalancingFullAccess WHEN evaluated THEN it fires for that ARN only", () => {
        const arn = "arn:aws:iam::aws:policy/ElasticLoadBalancingFullAccess";
        const role = record(ROLE, "node", { assumeRolePolicy: "{}", managedPolicyArns: [...WORKER_POLICIES, arn] });
        expect(violationsOf(role)).to.deep.equal([violation(role, POLICY, message(arn))]);
    });

    it("GIVEN a PolicyAttachment of a *FullAccess policy under a path, in another partition WHEN evaluated THEN it fires", () => {
        const arn = "arn:aws-us-gov:iam::aws:policy/service-role/AWSCloudMapFullAccess";
        const attachment = record(POLICY_ATTACHMENT, "everyone", { policyArn: arn, roles: ["a"] });
        expect(violationsOf(attachment)).to.deep.equal([violation(attachment, POLICY, message(arn))]);
    });

    it("GIVEN the three worker policies and a customer-managed policy WHEN evaluated THEN it passes", () => {
        const role = record(ROLE, "node", { assumeRolePolicy: "{}", managedPolicyArns: WORKER_POLICIES });
        const attachments = [...WORKER_POLICIES, "arn:aws:iam::111111111111:policy/MeshFullAccessReview"].map((arn, i) =>
            record(ROLE_POLICY_ATTACHMENT, `node-${i}`, { policyArn: arn, role: "node-role" }),
        );
        expect(violationsOf(role, ...attachments)).to.deep.equal([]);
    });
});
