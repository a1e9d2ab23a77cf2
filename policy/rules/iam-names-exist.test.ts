import { expect } from "chai";
import { CONTEXT } from "../../test/helpers/policy";
import { githubTrustPolicy, stateAccessPolicy } from "../../shared/components/ci-access";
import { serviceNetworkAuthPolicy } from "../../shared/components/lattice-service-network";
import { controllerPolicy } from "../../shared/lattice/controller-policy";
import { IAM_POLICY_DOCUMENT_TYPES as TYPES, iamNamesExist as rule, isConditionOperator } from "./iam-names-exist";

/** The rule over policy documents shaped as the programs declare them, against AWS's service authorization data. */

function document(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
const check = (type: string, inputs: Record<string, unknown>) => rule.check(type, inputs, CONTEXT);
const lattice = (action: string) => ({ Effect: "Allow", Action: action, Resource: "*" });
const EKS_ISSUER = "oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF";

describe("policy iam-names-exist", () => {
    it("GIVEN a role policy with vpc-lattice:BatchUpdateRule (the API, not an IAM action) WHEN checked THEN it fires naming the action and the statement", () => {
        const inputs = { role: "controller", policy: document({ Sid: "Rules", Effect: "Allow", Action: ["vpc-lattice:UpdateRule", "vpc-lattice:BatchUpdateRule"], Resource: "*" }) };
        expect(check(TYPES.rolePolicy, inputs)).to.deep.equal([
            'policy statement "Rules": action "vpc-lattice:BatchUpdateRule" is not an action of vpc-lattice in AWS\'s service authorization data',
        ]);
    });

    it("GIVEN an unknown service, an action without a service and a wildcard matching nothing WHEN checked THEN each fires", () => {
        const inputs = { policy: document({ Effect: "Allow", Action: ["vpc-latice:CreateService", "CreateService", "appmesh:Descirbe*"], Resource: "*" }) };
        expect(check(TYPES.policy, inputs)).to.deep.equal([
            'policy statement 0: action "vpc-latice:CreateService": AWS\'s service authorization data have no service "vpc-latice"',
            'policy statement 0: action "CreateService" is not of the form service:action',
            'policy statement 0: action "appmesh:Descirbe*" matches no action of appmesh in AWS\'s service authorization data',
        ]);
    });

    it("GIVEN an auth policy with a misspelt condition key and an unknown operator WHEN checked THEN both fire, naming them", () => {
        const inputs = {
            policy: document({
                Sid: "FrontendCallers",
                ...lattice("vpc-lattice-svcs:Invoke"),
                Principal: "*",
                Condition: { StringEquals: { "vpc-lattice-svcs:SourceVPCId": "vpc-0123" }, StringEqual: { "vpc-lattice-svcs:SourceVpc": "vpc-0123" } },
            }),
        };
        expect(check(TYPES.latticeAuthPolicy, inputs)).to.deep.equal([
            'policy statement "FrontendCallers": condition key "vpc-lattice-svcs:SourceVPCId" is not a global key, a key of its service or of an identity provider this statement trusts',
            'policy statement "FrontendCallers": condition operator "StringEqual" is not an IAM condition operator',
        ]);
    });

    it("GIVEN an action listed twice in a statement, and again in an alike statement WHEN checked THEN both repeats fire", () => {
        const inputs = {
            policy: document(
                { Sid: "A", Effect: "Allow", Action: ["ec2:DescribeVpcs", "ec2:describevpcs"], Resource: "*" },
                { Sid: "B", Effect: "Allow", Action: "ec2:DescribeVpcs", Resource: "*" },
                { Sid: "C", Effect: "Allow", Action: "ec2:DescribeVpcs", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": "us-west-2" } } },
            ),
        };
        expect(check(TYPES.policy, inputs)).to.deep.equal([
            'policy statement "A": action "ec2:describevpcs" is listed twice',
            'policy statement "B": action "ec2:DescribeVpcs" is already in policy statement "A", with the same effect, resources and conditions',
        ]);
    });

    it("GIVEN a role's trust policy on an OIDC provider it does not name, and an inline policy WHEN checked THEN the key and the inline policy are named", () => {
        const inputs = {
            assumeRolePolicy: document({
                Effect: "Allow",
                Principal: { Service: "ec2.amazonaws.com" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { [`${EKS_ISSUER}:sub`]: "system:serviceaccount:a:b" } },
            }),
            inlinePolicies: [{ name: "extra", policy: document(lattice("s3:GetObjects")) }],
        };
        expect(check(TYPES.role, inputs)).to.deep.equal([
            `assumeRolePolicy statement 0: condition key "${EKS_ISSUER}:sub" is not a global key, a key of its service or of an identity provider this statement trusts`,
            'inline policy "extra" statement 0: action "s3:GetObjects" is not an action of s3 in AWS\'s service authorization data',
        ]);
    });

    it("GIVEN the programs' own documents and IRSA and GitHub trust policies WHEN checked THEN they pass", () => {
        const irsaTrust = document({
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::222222222222:oidc-provider/${EKS_ISSUER}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: { [`${EKS_ISSUER}:sub`]: "system:serviceaccount:kube-system:x", [`${EKS_ISSUER}:aud`]: "sts.amazonaws.com" } },
        });
        const github = githubTrustPolicy("arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", "repo:o/r:ref:refs/heads/main");
        const state = { bucket: "state", prefix: "yelb", keyArn: "arn:aws:kms:us-west-2:111111111111:key/0123" };
        expect(check(TYPES.rolePolicy, { policy: JSON.stringify(controllerPolicy({ accountId: "222222222222", region: "us-west-2" })) })).to.deep.equal([]);
        expect(check(TYPES.rolePolicy, { policy: JSON.stringify(stateAccessPolicy(state, "preview")) })).to.deep.equal([]);
        expect(check(TYPES.role, { assumeRolePolicy: irsaTrust })).to.deep.equal([]);
        expect(check(TYPES.role, { assumeRolePolicy: github })).to.deep.equal([]);
        expect(check(TYPES.latticeAuthPolicy, { policy: serviceNetworkAuthPolicy("sourceVpcOwnerAccount", "111111111111") })).to.deep.equal([]);
        const conditioned = document({
            ...lattice("vpc-lattice:CreateService"),
            Condition: { "ForAnyValue:StringLike": { "aws:TagKeys": "app*" }, StringEqualsIfExists: { "aws:PrincipalOrgID": "o-abc", "aws:ResourceTag/team": "yelb" } },
        });
        expect(check(TYPES.policy, { policy: conditioned })).to.deep.equal([]);
    });

    it("GIVEN documents or parts not known until deploy WHEN checked THEN it stays silent", () => {
        expect(check(TYPES.rolePolicy, { policy: "[unknown]" })).to.deep.equal([]);
        const partly = document({ Effect: "Allow", Principal: { Federated: "[unknown]" }, Action: ["[unknown]", "sts:AssumeRoleWithWebIdentity"], Condition: { StringEquals: { "oidc.example.com:sub": "x" } } });
        expect(check(TYPES.role, { assumeRolePolicy: partly })).to.deep.equal([]);
    });

    it("GIVEN operator spellings WHEN judged THEN the IAM User Guide's names, IfExists (not on Null) and set prefixes pass, others do not", () => {
        const judged = ["Bool", "NullIfExists", "ForAllValues:StringEquals", "ArnLikeIfExists", "stringequals", "ForSomeValues:StringEquals", "Null"].map((op) => [op, isConditionOperator(op)]);
        expect(judged).to.deep.equal([
            ["Bool", true],
            ["NullIfExists", false],
            ["ForAllValues:StringEquals", true],
            ["ArnLikeIfExists", true],
            ["stringequals", false],
            ["ForSomeValues:StringEquals", false],
            ["Null", true],
        ]);
    });
});
