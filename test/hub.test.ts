import { expect } from "chai";
import { schemaProblems } from "./helpers/kubernetes-schemas";
import { hubPlan, resourcesOfType, stackOf, theResource } from "./helpers/plan";

/** example-hub (environments/example-hub.yaml): a network account owning the service network, yelb-ui's account, yelb-appserver's. */

const NETWORK = "333333333333";
const FRONTEND = "111111111111";
const BACKEND = "222222222222";

describe("example-hub: three accounts on one service network", () => {
    it("GIVEN example-hub WHEN planned THEN the network account owns the network and shares it with exactly the two workload accounts", async () => {
        const p = await hubPlan();
        expect(p.stacks.map((s) => `${s.project}/${s.stack} ${s.account}`)).to.deep.equal([
            `infra-frontend/example-hub ${FRONTEND}`,
            `infra-backend/example-hub ${BACKEND}`,
            `mesh/example-hub-network ${NETWORK}`,
            `mesh/example-hub-frontend ${FRONTEND}`,
            `mesh/example-hub-backend ${BACKEND}`,
            `apps/example-hub-backend ${BACKEND}`,
            `apps/example-hub-frontend ${FRONTEND}`,
        ]);
        const owner = stackOf(p, "mesh-owner-network");
        expect(theResource(owner, "aws:vpclattice/serviceNetwork:ServiceNetwork").inputs.name).to.equal("yelb-example-hub");
        expect(resourcesOfType(owner, "aws:ram/principalAssociation:PrincipalAssociation").map((r) => r.inputs.principal)).to.deep.equal([FRONTEND, BACKEND]);
        // No cluster, no association in the network account; the frontend associates its own VPC.
        expect(resourcesOfType(owner, "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation")).to.deep.equal([]);
        const frontendVpc = stackOf(p, "infra-frontend-frontend").outputs.vpcId;
        expect(theResource(stackOf(p, "mesh-participant-frontend"), "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation").inputs.vpcIdentifier).to.equal(frontendVpc);
    });

    it("GIVEN example-hub WHEN planned THEN yelb-appserver's own auth policy admits exactly the frontend's VPC and account", async () => {
        const p = await hubPlan();
        const policy = resourcesOfType(stackOf(p, "apps-backend-backend"), "kubernetes:application-networking.k8s.aws/v1alpha1:IAMAuthPolicy");
        expect(policy).to.have.lengthOf(1);
        const spec = policy[0].inputs.spec as { targetRef: unknown; policy: string };
        expect(spec.targetRef).to.deep.equal({ group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: "yelb-appserver" });
        expect(JSON.parse(spec.policy).Statement[0].Condition).to.deep.equal({
            StringEquals: { "vpc-lattice-svcs:SourceVpc": stackOf(p, "infra-frontend-frontend").outputs.vpcId, "vpc-lattice-svcs:SourceVpcOwnerAccount": FRONTEND },
        });
        expect(schemaProblems(policy[0].inputs)).to.deep.equal([]);
    });

    it("GIVEN example-hub WHEN planned THEN yelb-ui's nginx calls the DNS name the backend's apps stack exported", async () => {
        const p = await hubPlan();
        const dnsName = stackOf(p, "apps-backend-backend").outputs.yelbAppserverServiceDnsName as string;
        expect(dnsName).to.match(/^yelb-appserver-yelb-[0-9a-f]{17}\.[0-9a-f]{7}\.vpc-lattice-svcs\.us-west-2\.on\.aws$/);
        const nginx = theResource(stackOf(p, "apps-frontend-frontend"), "kubernetes:core/v1:ConfigMap", "yelb-ui-nginx");
        expect(String((nginx.inputs.data as Record<string, string>)["default.conf"])).to.contain(dnsName);
    });
});
