import { expect } from "chai";
import { Plan } from "../tools/sim/environment";
import { examplePlan, plan, resourcesOfType, stackOf } from "./helpers/plan";

/** A stack's flows as `from output -> input` lines, in the plan's order. */
const flowLines = (p: Plan, role: Parameters<typeof stackOf>[1]) =>
    stackOf(p, role).flows.flatMap((f) => f.into.map((into) => `${f.from.split("/").slice(1).join("/")} ${f.output} -> ${into}`));

/** Exactly what apps/index.ts's frontend() does with what it reads (checked by hand against the program). */
const APPS_FRONTEND_FLOWS = [
    "apps/example-backend yelbAppserverServiceName -> yelb-appserver-name.metadata.name",
    "apps/example-backend yelbAppserverServiceName -> yelb-ui-deployment.spec.template.spec.initContainers[0].env[0].value",
    "apps/example-backend yelbAppserverPort -> yelb-appserver-name.spec.ports[0].port",
    "apps/example-backend yelbAppserverVirtualServiceArn -> yelb-ui-virtual-node.spec.backends[0].virtualService.virtualServiceARN",
    "infra-frontend/example accountId -> frontend.allowedAccountIds",
    "infra-frontend/example oidcProviderArn -> yelb-ui-envoy-role.assumeRolePolicy",
    "infra-frontend/example oidcProviderUrl -> yelb-ui-envoy-role.assumeRolePolicy",
    "infra-frontend/example region -> frontend.region",
    "mesh/example-frontend meshName -> yelb-namespace.metadata.labels.mesh",
];

describe("flows of referenced values (proven by planning again with the values changed)", () => {
    it("GIVEN the example WHEN planned THEN apps-frontend's flows are exactly the ones its program makes", async () => {
        const p = await examplePlan();
        expect(flowLines(p, "apps-frontend")).to.deep.equal(APPS_FRONTEND_FLOWS);
        expect(stackOf(p, "apps-frontend").untraced).to.deep.equal([
            { from: "organization/infra-frontend/example", output: "kubeconfig", reason: "a secret: its value is never shown" },
        ]);
    });

    it("GIVEN equal values in a referenced stack and the reader's own config WHEN planned THEN only the read one flows", async () => {
        // apps-backend exports namespace "yelb" and apps-frontend's own config says "yelb" too: the
        // frontend's namespace fields equal the read value but do not come from it.
        const p = await examplePlan();
        expect(stackOf(p, "apps-backend").outputs.namespace).to.equal("yelb");
        expect(flowLines(p, "apps-frontend").filter((l) => l.includes(" namespace "))).to.deep.equal([]);
    });

    it("GIVEN the mesh owner, which requires both regions equal WHEN planned THEN region flows name both copies", async () => {
        const owner = stackOf(await examplePlan(), "mesh-owner");
        const region = owner.flows.find((f) => f.from === "organization/infra-backend/example" && f.output === "region")!;
        expect(region.sameValueAs).to.deep.equal(["organization/infra-frontend/example region"]);
        expect(region.into).to.deep.equal([
            "frontend.region",
            "owner-controller-irsa-policy.policy",
            "owner-controller-release.values.region",
            "owner-peering.peerRegion",
        ]);
    });

    it("GIVEN a ui image whose name contains a referenced value WHEN planned THEN no flow into the image is reported", async () => {
        const planted = "registry.example.com/yelb-appserver-ui:1.0";
        const p = await plan({ traceFlows: true, configOverrides: { "apps-frontend": { "apps:uiImage": planted } } });
        const deployment = resourcesOfType(stackOf(p, "apps-frontend"), "kubernetes:apps/v1:Deployment")[0];
        // The coincidence is really there: the image holds apps-backend's yelbAppserverServiceName.
        expect(JSON.stringify(deployment.inputs)).to.contain(planted);
        expect(planted).to.contain(String(stackOf(p, "apps-backend").outputs.yelbAppserverServiceName));
        expect(flowLines(p, "apps-frontend")).to.deep.equal(APPS_FRONTEND_FLOWS);
    });
});
