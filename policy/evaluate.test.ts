import { expect } from "chai";
import { spawnSync } from "child_process";
import { Plan, PlannedStack } from "../tools/engine/plan-model";
import { ROOT_DIR, examplePlan, stackOf, theResource } from "../test/helpers/plan";
import { evaluatePlan, formatViolations, mandatoryViolations, planContext } from "./evaluate";
import { BACKEND_ACCOUNT, FRONTEND_ACCOUNT, planOf, plannedStack, record } from "../test/helpers/policy";
import { RESOURCE_RULES, STACK_RULES } from "./rules";

/** How many rules the pack has, as the policy line counts them. */
const RULE_COUNT = RESOURCE_RULES.length + STACK_RULES.length;

/** A deep copy of a plan, to change one record without touching the shared example plan. */
function copyOf(plan: Plan): Plan {
    return JSON.parse(JSON.stringify(plan)) as Plan;
}

describe("evaluatePlan over the example environment", () => {
    it("GIVEN the example plan WHEN evaluated THEN all six stacks have no violations", async () => {
        const plan = await examplePlan();
        expect(plan.stacks.map((s) => `${s.project}/${s.stack}`)).to.deep.equal([
            "infra-frontend/example",
            "infra-backend/example",
            "mesh/example-frontend",
            "mesh/example-backend",
            "apps/example-backend",
            "apps/example-frontend",
        ]);
        expect(evaluatePlan(plan)).to.deep.equal([]);
    });

    it("GIVEN the walkthrough's retry policy on the appserver route WHEN evaluated THEN no-client-error-retries fires", async () => {
        const plan = copyOf(await examplePlan());
        const router = theResource(stackOf(plan, "apps-backend"), "kubernetes:appmesh.k8s.aws/v1beta2:VirtualRouter");
        (router.inputs.spec as any).routes[0].httpRoute.retryPolicy.httpRetryEvents = ["server-error", "client-error", "gateway-error"];
        expect(mandatoryViolations(evaluatePlan(plan)).map((v) => [v.stack, v.policy, v.urn])).to.deep.equal([
            ["apps/example-backend", "no-client-error-retries", router.urn],
        ]);
    });

    it("GIVEN the example's frontend node group moved to a public subnet WHEN evaluated THEN exactly that is reported", async () => {
        const plan = copyOf(await examplePlan());
        const frontend = stackOf(plan, "infra-frontend");
        const nodes = theResource(frontend, "eks:index:ManagedNodeGroup");
        const [privateA, privateB] = frontend.outputs.privateSubnetIds as string[];
        const [publicA] = frontend.outputs.publicSubnetIds as string[];
        (nodes.inputs as Record<string, unknown>).subnetIds = [privateA, publicA];
        expect(evaluatePlan(plan).filter((v) => v.stack.startsWith("infra-"))).to.deep.equal([
            {
                stack: "infra-frontend/example",
                urn: nodes.urn,
                policy: "eks-nodes-private-subnets",
                enforcementLevel: "mandatory",
                message: `subnets ${publicA} are not private subnets of the VPC (${privateA}, ${privateB}); put nodes in privateSubnetIds only`,
            },
        ]);
    });

    it("GIVEN the example's backend key without rotation WHEN evaluated THEN the backend cluster is reported", async () => {
        const plan = copyOf(await examplePlan());
        const backend = stackOf(plan, "infra-backend");
        const key = theResource(backend, "aws:kms/key:Key");
        (key.inputs as Record<string, unknown>).enableKeyRotation = false;
        const cluster = theResource(backend, "eks:index:Cluster");
        expect(evaluatePlan(plan).filter((v) => v.stack.startsWith("infra-"))).to.deep.equal([
            {
                stack: "infra-backend/example",
                urn: cluster.urn,
                policy: "eks-secrets-encrypted-rotating-key",
                enforcementLevel: "mandatory",
                message: `encryptionConfigKeyArn ${key.outputs.arn} is the KMS key ${key.name}, which does not rotate; set enableKeyRotation: true on it`,
            },
        ]);
    });
});

describe("evaluatePlan over synthetic stacks", () => {
    const share = (name: string, principal: string) =>
        record("aws:ram/principalAssociation:PrincipalAssociation", name, { principal, resourceShareArn: "arn:aws:ram:us-west-2:111111111111:resource-share/x" });

    it("GIVEN two stacks in two accounts WHEN planned THEN RAM may share with exactly those accounts", () => {
        const plan = planOf(
            plannedStack([share("to-backend", BACKEND_ACCOUNT)], { project: "mesh", stack: "t-frontend", account: FRONTEND_ACCOUNT }),
            plannedStack([share("to-stranger", "333333333333")], { project: "mesh", stack: "t-backend", account: BACKEND_ACCOUNT }),
            plannedStack([], { project: "apps", stack: "t-backend", account: BACKEND_ACCOUNT }),
        );
        expect(planContext(plan)).to.deep.equal({ allowedPrincipals: [FRONTEND_ACCOUNT, BACKEND_ACCOUNT] });
        expect(evaluatePlan(plan).map((v) => [v.stack, v.policy, v.urn])).to.deep.equal([
            ["mesh/t-backend", "ram-shares-only-to-configured-accounts", share("to-stranger", "333333333333").urn],
        ]);
    });

    it("GIVEN violations in one stack of two WHEN formatted THEN each stack is listed with its count, resource and message", () => {
        const open = record("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "open-ssh", {
            cidrIpv4: "0.0.0.0/0",
            ipProtocol: "tcp",
            fromPort: 22,
            toPort: 22,
        });
        const plan = planOf(plannedStack([], { project: "infra-frontend", stack: "t" }), plannedStack([open], { project: "mesh", stack: "t-backend" }));
        const violations = evaluatePlan(plan);
        expect(mandatoryViolations(violations)).to.have.lengthOf(1);
        expect(formatViolations(plan, violations)).to.equal(
            [
                `Policy: 1 violation in 1 of 2 stacks (policy pack yelb-cross-account-guardrails, ${RULE_COUNT} rules), 1 mandatory: with the pack, pulumi preview and pulumi up fail.`,
                "  mesh/t-backend [no-world-ingress] open-ssh (aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule)",
                "      admits 0.0.0.0/0 on tcp 22; open it only to the CIDRs or security groups that need it",
            ].join("\n"),
        );
    });

    it("GIVEN no violations WHEN formatted THEN one line names the stacks checked and the pack", () => {
        const stacks: PlannedStack[] = [plannedStack([], { project: "infra-frontend", stack: "t" }), plannedStack([], { project: "infra-backend", stack: "t" })];
        expect(formatViolations(planOf(...stacks), [])).to.equal(`Policy: no violations in 2 stacks (policy pack yelb-cross-account-guardrails, ${RULE_COUNT} rules).`);
    });
});

describe("policy modules without a policy runtime", () => {
    it("GIVEN a fresh Node.js WHEN rules/ and evaluate.ts are loaded THEN neither @pulumi/policy nor @pulumi/pulumi is", () => {
        const script = [
            "require('./policy/rules');",
            "require('./policy/evaluate');",
            "const loaded = Object.keys(require.cache).filter((f) => /node_modules[\\\\/]@pulumi[\\\\/](policy|pulumi)[\\\\/]/.test(f));",
            "console.log(JSON.stringify(loaded));",
        ].join("\n");
        const run = spawnSync(process.execPath, ["-r", "./tools/engine/register.js", "-e", script], { cwd: ROOT_DIR, encoding: "utf8" });
        expect(run.status, run.stderr).to.equal(0);
        expect(JSON.parse(run.stdout)).to.deep.equal([]);
    });
});
