import { expect } from "chai";
import { noWildcardActions } from "./no-wildcard-actions";
import { CONTEXT } from "../../test/helpers/policy";
import { LATTICE_POLICY_TYPES, latticeAuthPoliciesConditioned as rule } from "./lattice-auth-policy";

const AUTH_POLICY = LATTICE_POLICY_TYPES.authPolicy;
const MESSAGE = (name: string) =>
    `statement ${name} allows every principal with no Condition; admit callers by vpc-lattice-svcs:SourceVpc or vpc-lattice-svcs:SourceVpcOwnerAccount`;

function policy(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
const invoke = { Effect: "Allow", Action: "vpc-lattice-svcs:Invoke", Resource: "*" };

describe("policy lattice-auth-policies-conditioned", () => {
    it('GIVEN an auth policy allowing Principal "*" with no Condition WHEN checked THEN it fires naming the statement', () => {
        const inputs = { resourceIdentifier: "arn:aws:vpc-lattice:us-west-2:111111111111:servicenetwork/sn-0", policy: policy({ Sid: "Everyone", ...invoke, Principal: "*" }) };
        expect(rule.check(AUTH_POLICY, inputs, CONTEXT)).to.deep.equal([MESSAGE('"Everyone"')]);
    });

    it('GIVEN a resource policy allowing { AWS: ["*"] } with an empty Condition WHEN checked THEN it fires', () => {
        const inputs = { policy: policy({ ...invoke, Principal: { AWS: ["*"] }, Condition: { StringEquals: {} } }) };
        expect(rule.check(LATTICE_POLICY_TYPES.resourcePolicy, inputs, CONTEXT)).to.deep.equal([MESSAGE("0")]);
    });

    it('GIVEN Principal "*" conditioned on the source VPC, and a named principal, WHEN checked THEN it passes', () => {
        const inputs = {
            policy: policy(
                { ...invoke, Principal: "*", Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": "vpc-0123" } } },
                { ...invoke, Principal: { AWS: "arn:aws:iam::222222222222:root" } },
                { ...invoke, Effect: "Deny", Principal: "*" },
            ),
        };
        expect(rule.check(AUTH_POLICY, inputs, CONTEXT)).to.deep.equal([]);
    });

    it("GIVEN a policy not known until deploy WHEN checked THEN it stays silent", () => {
        expect(rule.check(AUTH_POLICY, { policy: "[unknown]" }, CONTEXT)).to.deep.equal([]);
    });

    it("GIVEN an IAM policy allowing vpc-lattice:* WHEN checked THEN no-wildcard-actions refuses it (this rule does not repeat it)", () => {
        const inputs = { policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Controller", Effect: "Allow", Action: ["vpc-lattice:*"], Resource: "*" }] }) };
        expect(noWildcardActions.check("aws:iam/rolePolicy:RolePolicy", inputs, CONTEXT)).to.deep.equal([
            'statement "Controller" allows "vpc-lattice:*"; list the actions the principal needs instead of a wildcard',
        ]);
    });
});
