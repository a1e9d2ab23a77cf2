import { expect } from "chai";
import { Plan } from "../tools/sim/environment";
import { RecordedResource } from "../tools/sim/recorder";
import { examplePlan, latticeExamplePlan, resourcesOfType, stackOf, theResource } from "./helpers/plan";

/**
 * The order `pulumi destroy` removes resources in, from the plan: stacks in reverse waves (as the
 * orchestrator and the README say), and within a stack every resource before what it depends on
 * or is a child of.
 */
function destroyOrder(plan: Plan): string[] {
    const order: string[] = [];
    for (const stack of [...plan.stacks].sort((a, b) => b.wave - a.wave)) {
        const byUrn = new Map(stack.resources.map((r) => [r.urn, r]));
        const dependents = new Map<string, RecordedResource[]>();
        for (const r of stack.resources) {
            for (const d of [...r.dependencies, ...(r.parent ? [r.parent] : [])]) {
                if (byUrn.has(d)) dependents.set(d, [...(dependents.get(d) ?? []), r]);
            }
        }
        const done = new Set<string>();
        const visit = (r: RecordedResource) => {
            if (done.has(r.urn)) return;
            done.add(r.urn);
            for (const dependent of dependents.get(r.urn) ?? []) visit(dependent);
            order.push(r.urn); // after everything that depends on it
        };
        for (const r of stack.resources) visit(r);
    }
    return order;
}

describe("teardown leaves nothing behind", () => {
    const before = (order: string[], first: RecordedResource, second: RecordedResource) => {
        expect(order.indexOf(first.urn), `${first.name} position`).to.be.at.least(0);
        expect(order.indexOf(first.urn), `${first.name} is removed before ${second.name}`).to.be.below(order.indexOf(second.urn));
    };

    it("GIVEN the UI's LoadBalancer Service WHEN destroyed THEN it goes (with its load balancer) before the frontend VPC", async () => {
        const p = await examplePlan();
        const order = destroyOrder(p);
        const lb = resourcesOfType(stackOf(p, "apps-frontend"), "kubernetes:core/v1:Service").find((s) => (s.inputs.spec as any).type === "LoadBalancer")!;
        before(order, lb, theResource(stackOf(p, "infra-frontend"), "awsx:ec2:Vpc"));
        before(order, lb, theResource(stackOf(p, "infra-frontend"), "eks:index:Cluster"));
    });

    it("GIVEN App Mesh CRs WHEN destroyed THEN every one goes while its cluster's controller still runs", async () => {
        const p = await examplePlan();
        const order = destroyOrder(p);
        for (const [meshRole, appsRole] of [["mesh-owner", "apps-frontend"], ["mesh-participant", "apps-backend"]] as const) {
            const release = theResource(stackOf(p, meshRole), "kubernetes:helm.sh/v3:Release");
            const crs = [...stackOf(p, meshRole).resources, ...stackOf(p, appsRole).resources].filter((r) => r.type.startsWith("kubernetes:appmesh.k8s.aws/"));
            const objects = crs.map((r) => `${r.type.split(":").pop()}/${(r.inputs.metadata as any).name}`).sort();
            expect(objects).to.deep.equal(
                meshRole === "mesh-owner"
                    ? ["Mesh/am-multi-account-mesh", "VirtualNode/yelb-ui", "VirtualService/yelb-ui"]
                    : [
                          "Mesh/am-multi-account-mesh",
                          "VirtualNode/redis-server",
                          "VirtualNode/yelb-appserver",
                          "VirtualNode/yelb-db",
                          "VirtualRouter/yelb-appserver",
                          "VirtualService/redis-server",
                          "VirtualService/yelb-appserver",
                          "VirtualService/yelb-db",
                      ],
            );
            for (const cr of crs) before(order, cr, release);
        }
    });

    it("GIVEN the mesh share WHEN destroyed THEN the mesh leaves the share before the Mesh CR goes", async () => {
        const p = await examplePlan();
        const order = destroyOrder(p);
        const owner = stackOf(p, "mesh-owner");
        before(order, theResource(owner, "aws:ram/resourceAssociation:ResourceAssociation"), theResource(owner, "kubernetes:appmesh.k8s.aws/v1beta2:Mesh"));
        // The participant, in the wave after, has let go of the share and its Mesh CR first.
        before(order, theResource(stackOf(p, "mesh-participant"), "kubernetes:appmesh.k8s.aws/v1beta2:Mesh"), theResource(owner, "kubernetes:appmesh.k8s.aws/v1beta2:Mesh"));
        before(order, theResource(stackOf(p, "mesh-participant"), "aws:ram/resourceShareAccepter:ResourceShareAccepter"), theResource(owner, "aws:ram/resourceShare:ResourceShare"));
    });

    it("GIVEN Cloud Map WHEN destroyed THEN the appserver's service is Pulumi's, force-destroyed before its namespace", async () => {
        const p = await examplePlan();
        const order = destroyOrder(p);
        const service = theResource(stackOf(p, "apps-backend"), "aws:servicediscovery/service:Service");
        expect(service.inputs.forceDestroy).to.equal(true);
        before(order, service, theResource(stackOf(p, "infra-backend"), "aws:servicediscovery/httpNamespace:HttpNamespace"));
        // The VirtualNode that registers pods into it is gone before the service is.
        const node = resourcesOfType(stackOf(p, "apps-backend"), "kubernetes:appmesh.k8s.aws/v1beta2:VirtualNode").find((r) => (r.inputs.metadata as any).name === "yelb-appserver")!;
        before(order, node, service);
    });

    it("GIVEN the peering WHEN destroyed THEN routes go before the connection they use", async () => {
        const p = await examplePlan();
        const order = destroyOrder(p);
        const peering = theResource(stackOf(p, "mesh-owner"), "aws:ec2/vpcPeeringConnection:VpcPeeringConnection");
        for (const route of [...resourcesOfType(stackOf(p, "mesh-owner"), "aws:ec2/route:Route"), ...resourcesOfType(stackOf(p, "mesh-participant"), "aws:ec2/route:Route")]) {
            before(order, route, peering);
        }
    });

    it("GIVEN the Lattice transport WHEN destroyed THEN routes and the Gateway go while the controller runs, and it goes before the CRDs", async () => {
        const p = await latticeExamplePlan();
        const order = destroyOrder(p);
        const participant = stackOf(p, "mesh-participant");
        const release = theResource(participant, "kubernetes:helm.sh/v3:Release");
        const crds = theResource(participant, "kubernetes:yaml/v2:ConfigGroup");
        const objects = [...participant.resources, ...stackOf(p, "apps-backend").resources].filter((r) => /^kubernetes:(gateway\.networking\.k8s\.io|application-networking\.k8s\.aws)\//.test(r.type));
        expect(objects.map((r) => `${r.type.split(":").pop()}/${(r.inputs.metadata as any).name}`).sort()).to.deep.equal([
            "Gateway/yelb-example-lattice",
            "GatewayClass/amazon-vpc-lattice",
            "HTTPRoute/yelb-appserver",
            "TargetGroupPolicy/yelb-appserver",
        ]);
        // The controller deletes the Lattice service, target group and targets when it sees the
        // route go: it must still run then. The GatewayClass is not the controller's to finalize.
        for (const r of objects.filter((o) => o.inputs.kind !== "GatewayClass")) before(order, r, release);
        for (const r of objects) before(order, r, crds);
        before(order, release, crds);
        // The route's Lattice service leaves the network (the controller deletes its association)
        // before the owner deletes the network; the backend VPC has no association of its own.
        const network = theResource(stackOf(p, "mesh-owner"), "aws:vpclattice/serviceNetwork:ServiceNetwork");
        before(order, objects.find((o) => o.inputs.kind === "HTTPRoute")!, network);
        expect(resourcesOfType(participant, "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation")).to.deep.equal([]);
    });
});
