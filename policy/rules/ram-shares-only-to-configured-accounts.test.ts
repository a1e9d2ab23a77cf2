import { expect } from "chai";
import { record, violation, violationsOf } from "../../test/helpers/policy";

/**
 * The rule over synthetic records shaped like the recorder's: it fires on a bad resource with its
 * exact message, and stays silent on a good one.
 */

const PRINCIPAL_ASSOCIATION = "aws:ram/principalAssociation:PrincipalAssociation";

describe("policy ram-shares-only-to-configured-accounts", () => {
    const POLICY = "ram-shares-only-to-configured-accounts";
    const share = "arn:aws:ram:us-west-2:111111111111:resource-share/ff93f715";

    it("GIVEN a share with an account outside the environment, and with a whole organization WHEN evaluated THEN both fire", () => {
        const stranger = record(PRINCIPAL_ASSOCIATION, "share-stranger", { principal: "333333333333", resourceShareArn: share });
        const organization = record(PRINCIPAL_ASSOCIATION, "share-org", {
            principal: "arn:aws:organizations::111111111111:organization/o-exampleorg",
            resourceShareArn: share,
        });
        expect(violationsOf(stranger, organization)).to.deep.equal([
            violation(stranger, POLICY, 'shares with "333333333333", which is not an allowed account (111111111111, 222222222222); share only with the environment\'s accounts'),
            violation(
                organization,
                POLICY,
                'shares with "arn:aws:organizations::111111111111:organization/o-exampleorg", which is not an allowed account (111111111111, 222222222222); share only with the environment\'s accounts',
            ),
        ]);
    });

    it("GIVEN the mesh shared with the backend account WHEN evaluated THEN it passes", () => {
        const backend = record(PRINCIPAL_ASSOCIATION, "owner-share-backend", { principal: "222222222222", resourceShareArn: share });
        expect(violationsOf(backend)).to.deep.equal([]);
    });
});
