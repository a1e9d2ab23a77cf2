import { expect } from "chai";
import { record, violation, violationsOf } from "../../test/helpers/policy";

/**
 * The rule over synthetic records shaped like the recorder's: it fires on a bad resource with its
 * exact message, and stays silent on a good one.
 */

const ROLE = "aws:iam/role:Role";
const IAM_POLICY = "aws:iam/policy:Policy";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

describe("policy no-wildcard-actions", () => {
    const POLICY = "no-wildcard-actions";
    const advice = "list the actions the principal needs instead of a wildcard";

    it('GIVEN a Policy document object allowing "*" WHEN evaluated THEN it fires naming the statement by Sid', () => {
        const policy = record(IAM_POLICY, "admin", {
            policy: { Version: "2012-10-17", Statement: [{ Sid: "Everything", Effect: "Allow", Action: "*", Resource: "*" }] },
        });
        expect(violationsOf(policy)).to.deep.equal([violation(policy, POLICY, `statement "Everything" allows "*"; ${advice}`)]);
    });

    it('GIVEN a RolePolicy as JSON text allowing "appmesh-preview:*" among others WHEN evaluated THEN it fires for that action', () => {
        const rolePolicy = record(ROLE_POLICY, "controller", {
            role: "controller-role",
            policy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: ["appmesh:DescribeMesh", "appmesh-preview:*"], Resource: "*" }],
            }),
        });
        expect(violationsOf(rolePolicy)).to.deep.equal([violation(rolePolicy, POLICY, `statement 0 allows "appmesh-preview:*"; ${advice}`)]);
    });

    it("GIVEN a role's inline policy with a single statement allowing a whole service WHEN evaluated THEN it fires naming the inline policy", () => {
        const role = record(ROLE, "lb", {
            assumeRolePolicy: "{}",
            inlinePolicies: [{ name: "load-balancers", policy: JSON.stringify({ Statement: { Effect: "Allow", Action: "elasticloadbalancing:*", Resource: "*" } }) }],
        });
        expect(violationsOf(role)).to.deep.equal([
            violation(role, POLICY, `inline policy "load-balancers" statement 0 allows "elasticloadbalancing:*"; ${advice}`),
        ]);
    });

    it("GIVEN scoped actions, a Deny of *, an assume-role policy and a masked secret WHEN evaluated THEN it passes", () => {
        const scoped = record(ROLE_POLICY, "scoped", {
            role: "r",
            policy: JSON.stringify({
                Statement: [
                    { Effect: "Allow", Action: ["s3:Get*", "appmesh:DescribeMesh"], Resource: "*" },
                    { Effect: "Deny", Action: "*", Resource: "*" },
                ],
            }),
        });
        const role = record(ROLE, "web", {
            assumeRolePolicy: { Statement: [{ Effect: "Allow", Action: "sts:*", Principal: { Service: "ec2.amazonaws.com" } }] },
        });
        const secret = record(IAM_POLICY, "hidden", { policy: "[secret]" });
        expect(violationsOf(scoped, role, secret)).to.deep.equal([]);
    });
});
