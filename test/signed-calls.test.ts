import { anonymousPrincipal } from "@cloud-copilot/iam-simulate";
import { latticeInvokeContext, simulatedDecision } from "./helpers/iam-simulate";
import { expect } from "chai";
import { evaluatePlan, mandatoryViolations } from "../policy/evaluate";
import { Plan } from "../tools/sim/environment";
import { latticeExamplePlan, latticeOptionsPlan, resourcesOfType, stackOf, theResource } from "./helpers/plan";

/**
 * Signed calls (infra-frontend:latticeSignedCalls) end to end, on the planned objects: the role made
 * by infra-frontend, the appserver's auth policy written by the apps backend, the identity policy and
 * the signing sidecar of the apps frontend. The decisions are a policy evaluator's
 * (@cloud-copilot/iam-simulate) on the policies as planned, not rebuilt here.
 */

const ROLE = "aws:iam/role:Role";
const AUTH_POLICY = "kubernetes:application-networking.k8s.aws/v1alpha1:IAMAuthPolicy";
const pod = (p: Plan) => (theResource(stackOf(p, "apps-frontend"), "kubernetes:apps/v1:Deployment").inputs.spec as any).template;

/** What the plan says Lattice would evaluate for a call from the frontend to the appserver. */
async function planned() {
    const p = await latticeOptionsPlan();
    const infra = stackOf(p, "infra-frontend");
    const backend = stackOf(p, "apps-backend");
    const frontend = stackOf(p, "apps-frontend");
    const serviceArn = String(backend.outputs.yelbAppserverServiceArn);
    return {
        p,
        roleArn: String(infra.outputs.latticeCallerRoleArn),
        vpcId: String(infra.outputs.vpcId),
        frontendAccount: String(infra.outputs.accountId),
        serviceArn,
        serviceAuthPolicy: JSON.parse(String((theResource(backend, AUTH_POLICY).inputs.spec as any).policy)),
        networkAuthPolicy: JSON.parse(String(theResource(stackOf(p, "mesh-owner"), "aws:vpclattice/authPolicy:AuthPolicy").inputs.policy)),
        identityPolicy: JSON.parse(String(theResource(frontend, "aws:iam/rolePolicy:RolePolicy").inputs.policy)),
        serviceNetworkArn: String(stackOf(p, "mesh-owner").outputs.serviceNetworkArn),
    };
}

/** An Invoke of GET /api/getvotes from `vpc`, signed by `principal` (a role) with its identity policy, or unsigned. */
async function decision(resourcePolicy: unknown, principal: string | typeof anonymousPrincipal, vpc: string, identityPolicy?: unknown): Promise<string> {
    const x = await planned();
    return simulatedDecision({
        principal,
        action: "vpc-lattice-svcs:Invoke",
        resource: `${x.serviceArn}/api/getvotes`,
        resourceAccount: x.serviceArn.split(":")[4],
        context: latticeInvokeContext(x.serviceArn, vpc, x.frontendAccount, { "vpc-lattice-svcs:ServiceNetworkArn": x.serviceNetworkArn }),
        resourcePolicy,
        identityPolicy,
    });
}

describe("signed calls (infra-frontend:latticeSignedCalls), as planned", () => {
    it("GIVEN signed calls WHEN infra-frontend is planned THEN it makes yelb-ui's Pod Identity role, exports its ARN, and runs the Pod Identity agent", async () => {
        const { p, roleArn } = await planned();
        const infra = stackOf(p, "infra-frontend");
        const role = resourcesOfType(infra, ROLE).find((r) => r.name === "yelb-ui-lattice-caller-role")!;
        expect(roleArn).to.equal(role.outputs!.arn);
        expect(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement).to.deep.equal([
            {
                Sid: "EksPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: { StringEquals: { "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:us-west-2:${infra.outputs.accountId}:cluster/${infra.outputs.clusterName}`, "aws:RequestTag/kubernetes-service-account": "yelb-ui" } },
            },
        ]);
        expect(theResource(infra, "eks:index:Addon", "frontend-cluster-pod-identity-agent").inputs.addonName).to.equal("eks-pod-identity-agent");
    });

    it("GIVEN the planned policies WHEN yelb-ui's role signs an Invoke from the frontend VPC THEN the service's and the network's auth policies both allow it", async () => {
        const x = await planned();
        expect(await decision(x.serviceAuthPolicy, x.roleArn, x.vpcId, x.identityPolicy)).to.equal("Allowed");
        expect(await decision(x.networkAuthPolicy, x.roleArn, x.vpcId, x.identityPolicy)).to.equal("Allowed");
    });

    it("GIVEN the planned service policy WHEN another role of the frontend account signs from the same VPC, with the same identity policy, THEN it is denied", async () => {
        const x = await planned();
        const other = x.roleArn.replace(/role\/.*$/, "role/another-workload");
        expect(await decision(x.serviceAuthPolicy, other, x.vpcId, x.identityPolicy)).to.equal("ImplicitlyDenied");
    });

    it("GIVEN the planned service policy WHEN an unsigned caller invokes from the frontend VPC THEN it is denied (the network's policy alone would let it through)", async () => {
        const x = await planned();
        expect(await decision(x.serviceAuthPolicy, anonymousPrincipal, x.vpcId)).to.equal("ImplicitlyDenied");
        expect(await decision(x.networkAuthPolicy, anonymousPrincipal, x.vpcId)).to.equal("Allowed");
    });

    it("GIVEN signed calls WHEN the apps frontend is planned THEN the role may Invoke only the appserver's service, is associated with yelb-ui's service account, and the Deployment waits for both", async () => {
        const x = await planned();
        const frontend = stackOf(x.p, "apps-frontend");
        expect(x.identityPolicy).to.deep.equal({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["vpc-lattice-svcs:Invoke"], Resource: `${x.serviceArn}/*` }] });
        const invoke = theResource(frontend, "aws:iam/rolePolicy:RolePolicy");
        expect(`${x.roleArn.split("/").pop()}`).to.equal(invoke.inputs.role);
        const association = theResource(frontend, "aws:eks/podIdentityAssociation:PodIdentityAssociation");
        expect(association.inputs).to.deep.equal({ clusterName: stackOf(x.p, "infra-frontend").outputs.clusterName, namespace: "yelb", serviceAccount: "yelb-ui", roleArn: x.roleArn });
        const deployment = theResource(frontend, "kubernetes:apps/v1:Deployment");
        expect(deployment.dependencies).to.include.members([invoke.urn, association.urn]);
    });

    it("GIVEN signed calls WHEN yelb-ui's pod is planned THEN the signing proxy is a native sidecar after the name wait, forwarding to the DNS name the backend exported, and nginx proxies to it on loopback without TLS", async () => {
        const x = await planned();
        const template = pod(x.p);
        const dns = String(stackOf(x.p, "apps-backend").outputs.yelbAppserverServiceDnsName);
        expect(template.spec.initContainers.map((c: any) => [c.name, c.restartPolicy])).to.deep.equal([["wait-for-upstream", undefined], ["sigv4-proxy", "Always"]]);
        expect(template.spec.initContainers[1].args).to.deep.equal(["--name", "vpc-lattice-svcs", "--region", "us-west-2", "--host", dns, "--port", "127.0.0.1:8080", "--unsigned-payload"]);
        expect(template.metadata.annotations["yelb/no-readiness-probe"]).to.match(/^sigv4-proxy: listens on 127\.0\.0\.1 only/);
        const configMap = theResource(stackOf(x.p, "apps-frontend"), "kubernetes:core/v1:ConfigMap");
        expect(Object.keys((configMap.inputs as any).data)).to.deep.equal(["default.conf"]);
        expect(String((configMap.inputs as any).data["default.conf"])).to.contain("proxy_pass http://127.0.0.1:8080;");
    });

    it("GIVEN the signed-calls plan WHEN the policy pack runs THEN no mandatory rule is violated (the sidecar's missing probe is declared, its resources are set)", async () => {
        const { p } = await planned();
        expect(mandatoryViolations(evaluatePlan(p)).map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
    });

    it("GIVEN the default (unsigned) example-lattice WHEN planned THEN there is no caller role, no agent, no per-service auth policy and no sidecar", async () => {
        const p = await latticeExamplePlan();
        expect(stackOf(p, "infra-frontend").outputs.latticeCallerRoleArn).to.equal("");
        expect(resourcesOfType(stackOf(p, "infra-frontend"), "eks:index:Addon").map((r) => r.inputs.addonName)).to.deep.equal(["vpc-cni"]);
        expect(resourcesOfType(stackOf(p, "apps-backend"), AUTH_POLICY)).to.deep.equal([]);
        expect(pod(p).spec.initContainers.map((c: any) => c.name)).to.deep.equal(["wait-for-upstream"]);
    });
});
