import { anonymousPrincipal } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import { CallerCondition, accessLogBucketPolicy, appserverAuthPolicy, serviceAuthPolicy, serviceNetworkAuthPolicy, signedCallerAuthPolicy } from "./lattice-service-network";
import { signedCallerPolicy } from "../lattice/sigv4-proxy";
import { latticeInvokeContext, simulatedDecision } from "../../test/helpers/iam-simulate";

/**
 * The service network's auth policy, evaluated by an IAM policy evaluator (@cloud-copilot/iam-simulate)
 * on the request nginx makes: unsigned (anonymous), vpc-lattice-svcs:Invoke on the appserver's
 * Lattice service, with the context keys Lattice sets for it (VPC Lattice UG, "Control access to
 * VPC Lattice services using auth policies", condition keys; Service Authorization Reference,
 * vpc-lattice-svcs).
 */

const REGION = "us-west-2";
const FRONTEND_ACCOUNT = "111111111111";
const BACKEND_ACCOUNT = "222222222222";
const FRONTEND_VPC = "vpc-0aaaaaaaaaaaaaaa1";
const BACKEND_VPC = "vpc-0bbbbbbbbbbbbbbb2";
const OTHER_VPC = "vpc-0ccccccccccccccc3";
const SERVICE_NETWORK_ARN = `arn:aws:vpc-lattice:${REGION}:${FRONTEND_ACCOUNT}:servicenetwork/sn-0123456789abcdef0`;
const SERVICE_ARN = `arn:aws:vpc-lattice:${REGION}:${BACKEND_ACCOUNT}:service/svc-0123456789abcdef0`;
const PATH = "/api/getvotes";

/** The decision on an unsigned GET from a VPC owned by `vpcOwner`. */
async function invokeFrom(condition: CallerCondition, admitted: string, vpc: string, vpcOwner: string): Promise<string> {
    return simulatedDecision({
        principal: anonymousPrincipal,
        action: "vpc-lattice-svcs:Invoke",
        // An HTTP service's resource is the service ARN followed by the request path.
        resource: `${SERVICE_ARN}${PATH}`,
        resourceAccount: BACKEND_ACCOUNT,
        context: latticeInvokeContext(SERVICE_ARN, vpc, vpcOwner, {
            "vpc-lattice-svcs:ServiceNetworkArn": SERVICE_NETWORK_ARN,
            "vpc-lattice-svcs:Port": "80",
            "vpc-lattice-svcs:RequestMethod": "GET",
            "vpc-lattice-svcs:RequestPath": PATH,
        }),
        resourcePolicy: JSON.parse(serviceNetworkAuthPolicy(condition, admitted)),
    });
}

describe("Lattice service network auth policy (iam-simulate)", () => {
    it("GIVEN the default sourceVpc condition WHEN an unsigned caller invokes from the frontend VPC THEN it is allowed", async () => {
        expect(await invokeFrom("sourceVpc", FRONTEND_VPC, FRONTEND_VPC, FRONTEND_ACCOUNT)).to.equal("Allowed");
    });

    it("GIVEN the default sourceVpc condition WHEN an unsigned caller invokes from the backend VPC or another VPC of the frontend account THEN it is denied", async () => {
        expect(await invokeFrom("sourceVpc", FRONTEND_VPC, BACKEND_VPC, BACKEND_ACCOUNT)).to.equal("ImplicitlyDenied");
        expect(await invokeFrom("sourceVpc", FRONTEND_VPC, OTHER_VPC, FRONTEND_ACCOUNT)).to.equal("ImplicitlyDenied");
    });

    it("GIVEN the sourceVpcOwnerAccount condition WHEN unsigned callers invoke THEN only VPCs of the frontend account are allowed", async () => {
        expect(await invokeFrom("sourceVpcOwnerAccount", FRONTEND_ACCOUNT, OTHER_VPC, FRONTEND_ACCOUNT)).to.equal("Allowed");
        expect(await invokeFrom("sourceVpcOwnerAccount", FRONTEND_ACCOUNT, BACKEND_VPC, BACKEND_ACCOUNT)).to.equal("ImplicitlyDenied");
        expect(await invokeFrom("sourceVpcOwnerAccount", FRONTEND_ACCOUNT, OTHER_VPC, "333333333333")).to.equal("ImplicitlyDenied");
    });
});

/** The decision on an unsigned GET under one service's own auth policy. */
async function invokeService(policy: string, vpc: string, vpcOwner: string): Promise<string> {
    return simulatedDecision({
        principal: anonymousPrincipal,
        action: "vpc-lattice-svcs:Invoke",
        resource: `${SERVICE_ARN}${PATH}`,
        resourceAccount: BACKEND_ACCOUNT,
        context: latticeInvokeContext(SERVICE_ARN, vpc, vpcOwner, { "vpc-lattice-svcs:ServiceNetworkArn": SERVICE_NETWORK_ARN }),
        resourcePolicy: JSON.parse(policy),
    });
}

describe("a Lattice service's own auth policy (iam-simulate)", () => {
    const SECOND_ACCOUNT = "444444444444";
    const SECOND_VPC = "vpc-0ddddddddddddddd4";
    const policy = serviceAuthPolicy([
        { accountId: FRONTEND_ACCOUNT, vpcId: FRONTEND_VPC },
        { accountId: SECOND_ACCOUNT, vpcId: SECOND_VPC },
    ]);

    it("GIVEN two declared consumers WHEN each calls from its VPC THEN both are allowed", async () => {
        expect(await invokeService(policy, FRONTEND_VPC, FRONTEND_ACCOUNT)).to.equal("Allowed");
        expect(await invokeService(policy, SECOND_VPC, SECOND_ACCOUNT)).to.equal("Allowed");
    });

    it("GIVEN two declared consumers WHEN an undeclared account, or an undeclared VPC of a declared account, calls THEN it is denied", async () => {
        expect(await invokeService(policy, BACKEND_VPC, BACKEND_ACCOUNT)).to.equal("ImplicitlyDenied");
        expect(await invokeService(policy, OTHER_VPC, FRONTEND_ACCOUNT)).to.equal("ImplicitlyDenied");
        expect(await invokeService(policy, OTHER_VPC, "333333333333")).to.equal("ImplicitlyDenied");
    });

    it("GIVEN several calling VPCs WHEN the network's policy is written THEN it lists them, and admits exactly those", async () => {
        const network = serviceNetworkAuthPolicy("sourceVpc", [FRONTEND_VPC, SECOND_VPC]);
        expect(JSON.parse(network).Statement[0].Condition).to.deep.equal({ StringEquals: { "vpc-lattice-svcs:SourceVpc": [FRONTEND_VPC, SECOND_VPC] } });
        expect(await invokeService(network, SECOND_VPC, SECOND_ACCOUNT)).to.equal("Allowed");
        expect(await invokeService(network, BACKEND_VPC, BACKEND_ACCOUNT)).to.equal("ImplicitlyDenied");
    });
});

describe("signed calls: an auth policy naming yelb-ui's role (iam-simulate)", () => {
    const UI_ROLE = `arn:aws:iam::${FRONTEND_ACCOUNT}:role/yelb-ui-lattice-caller`;
    const OTHER_ROLE = `arn:aws:iam::${FRONTEND_ACCOUNT}:role/another-workload`;
    const policy = signedCallerAuthPolicy([{ roleArn: UI_ROLE, vpcId: FRONTEND_VPC }]);

    /** A GET from `vpc` signed by `principal` (a role session), or unsigned (anonymous), with the caller's identity policy. */
    async function signedInvoke(principal: string | typeof anonymousPrincipal, vpc: string, identityPolicy = signedCallerPolicy(SERVICE_ARN)): Promise<string> {
        return simulatedDecision({
            principal,
            action: "vpc-lattice-svcs:Invoke",
            resource: `${SERVICE_ARN}${PATH}`,
            resourceAccount: BACKEND_ACCOUNT,
            context: latticeInvokeContext(SERVICE_ARN, vpc, FRONTEND_ACCOUNT, { "vpc-lattice-svcs:ServiceNetworkArn": SERVICE_NETWORK_ARN }),
            resourcePolicy: JSON.parse(policy),
            identityPolicy: principal === anonymousPrincipal ? undefined : identityPolicy,
        });
    }

    it("GIVEN the policy naming yelb-ui's role WHEN it is written THEN it has exactly that principal and the frontend VPC", () => {
        expect(JSON.parse(policy).Statement).to.deep.equal([
            {
                Sid: "SignedCaller1",
                Effect: "Allow",
                Principal: { AWS: UI_ROLE },
                Action: "vpc-lattice-svcs:Invoke",
                Resource: "*",
                Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": FRONTEND_VPC } },
            },
        ]);
    });

    it("GIVEN the policy WHEN yelb-ui's role signs an Invoke from the frontend VPC THEN it is allowed", async () => {
        expect(await signedInvoke(UI_ROLE, FRONTEND_VPC)).to.equal("Allowed");
    });

    it("GIVEN the policy WHEN another role of the same account signs from the same VPC, even one allowed Invoke by its own policy, THEN it is denied", async () => {
        expect(await signedInvoke(OTHER_ROLE, FRONTEND_VPC)).to.equal("ImplicitlyDenied");
    });

    it("GIVEN the policy WHEN an unsigned (anonymous) caller invokes from the frontend VPC THEN it is denied", async () => {
        expect(await signedInvoke(anonymousPrincipal, FRONTEND_VPC)).to.equal("ImplicitlyDenied");
    });

    it("GIVEN the policy WHEN yelb-ui's role signs from another VPC, or without Invoke in its own policy (cross-account), THEN it is denied", async () => {
        expect(await signedInvoke(UI_ROLE, OTHER_VPC)).to.equal("ImplicitlyDenied");
        expect(await signedInvoke(UI_ROLE, FRONTEND_VPC, { Version: "2012-10-17", Statement: [] } as never)).to.equal("ImplicitlyDenied");
    });
});

describe("the appserver's own auth policy from its consumers (appserverAuthPolicy)", () => {
    const UI_ROLE = `arn:aws:iam::${FRONTEND_ACCOUNT}:role/yelb-ui-lattice-caller`;
    const SECOND_ACCOUNT = "444444444444";
    const SECOND_VPC = "vpc-0ddddddddddddddd4";
    const unsignedFrontend = { accountId: FRONTEND_ACCOUNT, vpcId: FRONTEND_VPC, latticeCallerRoleArn: "" };
    const signedFrontend = { ...unsignedFrontend, latticeCallerRoleArn: UI_ROLE };
    const unsignedSecond = { accountId: SECOND_ACCOUNT, vpcId: SECOND_VPC, latticeCallerRoleArn: "" };

    /** A GET from `vpc` of `owner`, signed by `principal` with Invoke in its own policy, or unsigned. */
    async function decide(policy: string, principal: string | typeof anonymousPrincipal, vpc: string, owner: string): Promise<string> {
        return simulatedDecision({
            principal,
            action: "vpc-lattice-svcs:Invoke",
            resource: `${SERVICE_ARN}${PATH}`,
            resourceAccount: BACKEND_ACCOUNT,
            context: latticeInvokeContext(SERVICE_ARN, vpc, owner),
            resourcePolicy: JSON.parse(policy),
            identityPolicy: principal === anonymousPrincipal ? undefined : signedCallerPolicy(SERVICE_ARN),
        });
    }

    it("GIVEN the two-account design, unsigned WHEN the policy is made THEN there is none (the network's admits the one frontend VPC), as before", () => {
        expect(appserverAuthPolicy([unsignedFrontend], false)).to.equal(undefined);
    });

    it("GIVEN an environment file, every consumer unsigned WHEN the policy is made THEN it is the declared consumers' policy, unchanged", () => {
        expect(appserverAuthPolicy([unsignedFrontend, unsignedSecond], true)).to.equal(serviceAuthPolicy([unsignedFrontend, unsignedSecond]));
    });

    it("GIVEN the two-account design with signed calls WHEN the policy is made THEN it is exactly the signed-caller policy of yelb-ui's role and VPC", () => {
        expect(appserverAuthPolicy([signedFrontend], false)).to.equal(signedCallerAuthPolicy([{ roleArn: UI_ROLE, vpcId: FRONTEND_VPC }]));
    });

    it("GIVEN two consumers of which one signs WHEN they call THEN the signer's VPC admits only its role, the other's VPC any caller, unsigned too", async () => {
        const policy = appserverAuthPolicy([signedFrontend, unsignedSecond], true)!;
        expect(JSON.parse(policy).Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["DeclaredConsumers", "SignedCaller1"]);
        expect(await decide(policy, UI_ROLE, FRONTEND_VPC, FRONTEND_ACCOUNT)).to.equal("Allowed");
        expect(await decide(policy, anonymousPrincipal, FRONTEND_VPC, FRONTEND_ACCOUNT)).to.equal("ImplicitlyDenied");
        expect(await decide(policy, `arn:aws:iam::${FRONTEND_ACCOUNT}:role/another-workload`, FRONTEND_VPC, FRONTEND_ACCOUNT)).to.equal("ImplicitlyDenied");
        expect(await decide(policy, anonymousPrincipal, SECOND_VPC, SECOND_ACCOUNT)).to.equal("Allowed");
        expect(await decide(policy, UI_ROLE, SECOND_VPC, SECOND_ACCOUNT)).to.equal("Allowed");
    });
});

describe("the access-log bucket's policy (accessLogBucketPolicy, iam-simulate)", () => {
    const BUCKET = "arn:aws:s3:::lattice-access-logs-f2ccfe4";
    const policy = JSON.parse(accessLogBucketPolicy("aws", BUCKET, FRONTEND_ACCOUNT, REGION));
    const DELIVERY = "delivery.logs.amazonaws.com";

    /** A request to the bucket by `principal` (a service or a role of the owner), with the context the request carries. */
    async function s3(principal: string, action: string, resource: string, context: Record<string, string>, identity?: unknown): Promise<string> {
        return simulatedDecision({ principal, action, resource, resourceAccount: FRONTEND_ACCOUNT, context, resourcePolicy: policy, identityPolicy: identity });
    }
    const delivery = { "aws:SecureTransport": "true", "aws:SourceAccount": FRONTEND_ACCOUNT, "aws:SourceArn": `arn:aws:logs:${REGION}:${FRONTEND_ACCOUNT}:delivery-source:sn`, "s3:x-amz-acl": "bucket-owner-full-control" };
    const object = `${BUCKET}/AWSLogs/${FRONTEND_ACCOUNT}/VpcLattice/log.gz`;

    it("GIVEN the log delivery service for this account's deliveries WHEN it writes under AWSLogs/<account>/ and checks the bucket ACL THEN both are allowed", async () => {
        expect(await s3(DELIVERY, "s3:PutObject", object, delivery)).to.equal("Allowed");
        expect(await s3(DELIVERY, "s3:GetBucketAcl", BUCKET, delivery)).to.equal("Allowed");
    });

    it("GIVEN the delivery service WHEN for another account, without the owner's ACL, or outside AWSLogs/<account>/ THEN it is denied", async () => {
        expect(await s3(DELIVERY, "s3:PutObject", object, { ...delivery, "aws:SourceAccount": "333333333333", "aws:SourceArn": "arn:aws:logs:us-west-2:333333333333:delivery-source:x" })).to.equal("ImplicitlyDenied");
        expect(await s3(DELIVERY, "s3:PutObject", object, { ...delivery, "s3:x-amz-acl": "public-read" })).to.equal("ImplicitlyDenied");
        expect(await s3(DELIVERY, "s3:PutObject", `${BUCKET}/elsewhere/log.gz`, delivery)).to.equal("ImplicitlyDenied");
    });

    it("GIVEN a role of the owner allowed s3:GetObject WHEN it reads over TLS THEN allowed, and without TLS THEN explicitly denied", async () => {
        const reader = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `${BUCKET}/*` }] };
        const role = `arn:aws:iam::${FRONTEND_ACCOUNT}:role/log-reader`;
        expect(await s3(role, "s3:GetObject", object, { "aws:SecureTransport": "true" }, reader)).to.equal("Allowed");
        expect(await s3(role, "s3:GetObject", object, { "aws:SecureTransport": "false" }, reader)).to.equal("ExplicitlyDenied");
    });
});
