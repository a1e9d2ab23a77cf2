import { expect } from "chai";
import { LatticeGatewayController } from "../shared/components/lattice-gateway-controller";
import { LatticeRoute } from "../shared/components/lattice-route";
import { APPLICATION_NETWORKING_FIELDS, ApplicationNetworkingKind } from "../shared/lattice/application-networking";
import { unknownFields } from "../shared/lattice/fields";
import { GATEWAY_API_FIELDS, GatewayApiKind } from "../shared/lattice/gateway-api";
import { declare, Declared } from "./helpers/lattice-mocks";

const BACKEND = { accountId: "222222222222", region: "us-west-2" };

/** Every Gateway API and application-networking object the backend's Lattice components render. */
async function rendered(): Promise<Declared[]> {
    const { declared } = await declare(BACKEND, async () => {
        new LatticeGatewayController("lattice", {
            serviceNetwork: { name: "yelb-example" },
            resourceShareArn: "arn:aws:ram:us-west-2:111111111111:resource-share/abc",
            ramSharing: "invitation",
            cluster: { name: "backend", accountId: BACKEND.accountId, region: BACKEND.region, vpcId: "vpc-backend", nodeSecurityGroupId: "sg-nodes", oidcProviderArn: "arn:aws:iam::222222222222:oidc-provider/x", oidcProviderUrl: "https://x" },
            targetPort: 4567,
            listenerPort: 80,
            gatewayNamespace: "lattice-gateway",
            routeNamespaces: ["yelb"],
        });
        new LatticeRoute("appserver", { namespace: "yelb", routeName: "yelb-appserver", gateway: { name: "yelb-example", namespace: "lattice-gateway" }, service: { name: "yelb-appserver", port: 4567 }, healthCheckPath: "/api/hostname" });
    });
    return declared.filter((d) => /^kubernetes:(gateway\.networking\.k8s\.io|application-networking\.k8s\.aws)\//.test(d.type));
}

function treeOf(inputs: Record<string, unknown>) {
    const kind = String(inputs.kind);
    if (inputs.apiVersion === "gateway.networking.k8s.io/v1") return GATEWAY_API_FIELDS[kind as GatewayApiKind];
    if (inputs.apiVersion === "application-networking.k8s.aws/v1alpha1") return APPLICATION_NETWORKING_FIELDS[kind as ApplicationNetworkingKind];
    return undefined;
}

describe("Lattice objects against the pinned CRDs' field trees", () => {
    it("GIVEN the rendered Gateway API and application-networking objects WHEN checked THEN each kind has a tree and no unknown field", async () => {
        const objects = await rendered();
        expect(objects.map((o) => o.inputs.kind).sort()).to.deep.equal(["Gateway", "GatewayClass", "HTTPRoute", "TargetGroupPolicy"]);
        for (const o of objects) {
            const tree = treeOf(o.inputs);
            expect(tree, `${o.inputs.apiVersion} ${o.inputs.kind}`).to.not.equal(undefined);
            expect(unknownFields(o.inputs, tree!), `${o.inputs.kind} ${o.name}`).to.deep.equal([]);
        }
    });

    it("GIVEN a misspelt field and a list given as an object WHEN checked THEN both paths are reported", () => {
        const route = { apiVersion: "gateway.networking.k8s.io/v1", kind: "HTTPRoute", metadata: { name: "r" }, spec: { parentRefs: { name: "g" }, rules: [{ backendRef: [] }] } };
        expect(unknownFields(route, GATEWAY_API_FIELDS.HTTPRoute)).to.deep.equal(["spec.parentRefs (not a list)", "spec.rules[0].backendRef"]);
        const policy = { spec: { targetRef: { group: "", kind: "Service", name: "s" }, healthCheck: { path: "/", intervalSecond: 5 } } };
        expect(unknownFields(policy, APPLICATION_NETWORKING_FIELDS.TargetGroupPolicy)).to.deep.equal(["spec.healthCheck.intervalSecond"]);
    });
});
