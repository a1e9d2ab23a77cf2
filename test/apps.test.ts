import { expect } from "chai";
import { examplePlan, plan, refusal, resourcesOfType, stackOf, theResource } from "./helpers/plan";
import { RecordedResource } from "../tools/sim/recorder";
import { RoleId } from "../shared/topology";

const CR = (kind: string) => `kubernetes:appmesh.k8s.aws/v1beta2:${kind}`;
const spec = (r: RecordedResource) => r.inputs.spec as any;
const named = (resources: RecordedResource[], name: string) => {
    const found = resources.filter((r) => (r.inputs.metadata as any)?.name === name);
    expect(found, `object named ${name}`).to.have.lengthOf(1);
    return found[0];
};
const APPSERVER_ARN = "arn:aws:appmesh:us-west-2:111111111111:mesh/am-multi-account-mesh/virtualService/yelb-appserver";

describe("apps stacks (example environment)", () => {
    it("GIVEN the example WHEN planned THEN all six stacks run in waves 0, 0, 1, 2, 3, 4", async () => {
        const p = await examplePlan();
        expect(p.stacks.map((s) => [`${s.project}/${s.stack}`, s.wave])).to.deep.equal([
            ["infra-frontend/example", 0],
            ["infra-backend/example", 0],
            ["mesh/example-frontend", 1],
            ["mesh/example-backend", 2],
            ["apps/example-backend", 3],
            ["apps/example-frontend", 4],
        ]);
    });

    it("GIVEN the backend's appserver VirtualService WHEN the frontend reads the backend stack THEN yelb-ui's VirtualNode calls exactly its ARN", async () => {
        const p = await examplePlan();
        const backend = stackOf(p, "apps-backend");
        const appserverService = named(resourcesOfType(backend, CR("VirtualService")), "yelb-appserver");
        expect((appserverService.outputs.status as any).virtualServiceARN).to.equal(APPSERVER_ARN);
        expect(backend.outputs.yelbAppserverVirtualServiceArn).to.equal(APPSERVER_ARN);

        const frontend = stackOf(p, "apps-frontend");
        expect(frontend.references).to.include("organization/apps/example-backend");
        const ui = named(resourcesOfType(frontend, CR("VirtualNode")), "yelb-ui");
        expect(spec(ui).backends).to.deep.equal([{ virtualService: { virtualServiceARN: APPSERVER_ARN } }]);
        const flow = frontend.flows.find((f) => f.output === "yelbAppserverVirtualServiceArn")!;
        expect(flow.into).to.deep.equal(["yelb-ui-virtual-node.spec.backends[0].virtualService.virtualServiceARN"]);
    });

    it("GIVEN another mesh name WHEN planned THEN the ARN in yelb-ui's VirtualNode changes with it", async () => {
        const p = await plan({ configOverrides: { "mesh-owner": { "mesh:meshName": "votes" } } });
        const ui = named(resourcesOfType(stackOf(p, "apps-frontend"), CR("VirtualNode")), "yelb-ui");
        expect(spec(ui).backends[0].virtualService.virtualServiceARN).to.equal(
            "arn:aws:appmesh:us-west-2:111111111111:mesh/votes/virtualService/yelb-appserver",
        );
        const ns = theResource(stackOf(p, "apps-backend"), "kubernetes:core/v1:Namespace");
        expect((ns.inputs.metadata as any).labels.mesh).to.equal("votes");
    });

    it("GIVEN the backend WHEN planned THEN it has the walkthrough's VirtualNodes: ports, protocols, discovery and backends", async () => {
        const nodes = resourcesOfType(stackOf(await examplePlan(), "apps-backend"), CR("VirtualNode"));
        const summary = (name: string) => {
            const s = spec(named(nodes, name));
            return { selector: s.podSelector.matchLabels, listeners: s.listeners.map((l: any) => l.portMapping), discovery: s.serviceDiscovery, backends: s.backends };
        };
        expect(summary("redis-server")).to.deep.equal({
            selector: { app: "redis-server" },
            listeners: [{ port: 6379, protocol: "tcp" }],
            discovery: { dns: { hostname: "redis-server.yelb.svc.cluster.local" } },
            backends: undefined,
        });
        expect(summary("yelb-db")).to.deep.equal({
            selector: { app: "yelb-db" },
            listeners: [{ port: 5432, protocol: "tcp" }],
            discovery: { dns: { hostname: "yelb-db.yelb.svc.cluster.local" } },
            backends: undefined,
        });
        expect(summary("yelb-appserver")).to.deep.equal({
            selector: { app: "yelb-appserver" },
            listeners: [{ port: 4567, protocol: "http" }],
            discovery: { awsCloudMap: { namespaceName: "am-multi-account.local", serviceName: "yelb-appserver" } },
            backends: [{ virtualService: { virtualServiceRef: { name: "yelb-db" } } }, { virtualService: { virtualServiceRef: { name: "redis-server" } } }],
        });
    });

    it("GIVEN the appserver WHEN planned THEN it sits behind yelb-appserver-virtual-router with route-to-yelb-appserver", async () => {
        const backend = stackOf(await examplePlan(), "apps-backend");
        const router = theResource(backend, CR("VirtualRouter"));
        expect(spec(router).awsName).to.equal("yelb-appserver-virtual-router");
        expect(spec(router).listeners).to.deep.equal([{ portMapping: { port: 4567, protocol: "http" } }]);
        const [route] = spec(router).routes;
        expect(route.name).to.equal("route-to-yelb-appserver");
        expect(route.httpRoute.match).to.deep.equal({ prefix: "/" });
        expect(route.httpRoute.action.weightedTargets).to.deep.equal([{ virtualNodeRef: { name: "yelb-appserver" }, weight: 1 }]);
        expect(route.httpRoute.retryPolicy.maxRetries).to.equal(2);

        const services = resourcesOfType(backend, CR("VirtualService"));
        expect(spec(named(services, "yelb-appserver")).provider).to.deep.equal({ virtualRouter: { virtualRouterRef: { name: "yelb-appserver" } } });
        expect(spec(named(services, "yelb-db")).provider).to.deep.equal({ virtualNode: { virtualNodeRef: { name: "yelb-db" } } });
        expect(spec(named(services, "redis-server")).provider).to.deep.equal({ virtualNode: { virtualNodeRef: { name: "redis-server" } } });
        expect(services.map((s) => spec(s).awsName).sort()).to.deep.equal(["redis-server", "yelb-appserver", "yelb-db"]);
    });

    it("GIVEN Cloud Map discovery WHEN planned THEN Pulumi owns the appserver's service, with force destroy, before the VirtualNode", async () => {
        const p = await examplePlan();
        const backend = stackOf(p, "apps-backend");
        const service = theResource(backend, "aws:servicediscovery/service:Service");
        expect(service.inputs).to.include({
            name: "yelb-appserver",
            namespaceId: stackOf(p, "infra-backend").outputs.cloudMapNamespaceId,
            forceDestroy: true,
        });
        expect(named(resourcesOfType(backend, CR("VirtualNode")), "yelb-appserver").dependencies).to.include(service.urn);
    });

    it("GIVEN each workload WHEN planned THEN its Envoy role may stream only its own virtual node's config", async () => {
        const p = await examplePlan();
        for (const role of ["apps-backend", "apps-frontend"] as RoleId[]) {
            const stack = stackOf(p, role);
            const accounts = resourcesOfType(stack, "kubernetes:core/v1:ServiceAccount");
            for (const node of resourcesOfType(stack, CR("VirtualNode"))) {
                const name = (node.inputs.metadata as any).name;
                // The workload's Pulumi name prefixes its children's; its Kubernetes name is `name`.
                const workload = node.name.replace(/-virtual-node$/, "");
                const roleResource = theResource(stack, "aws:iam/role:Role", `${workload}-envoy-role`);
                const policy = theResource(stack, "aws:iam/rolePolicy:RolePolicy", `${workload}-envoy-policy`);
                expect(JSON.parse(String(policy.inputs.policy)).Statement).to.deep.equal([
                    { Effect: "Allow", Action: ["appmesh:StreamAggregatedResources"], Resource: (node.outputs.status as any).virtualNodeARN },
                ]);
                expect((node.outputs.status as any).virtualNodeARN).to.equal(`arn:aws:appmesh:us-west-2:111111111111:mesh/am-multi-account-mesh/virtualNode/${name}_yelb`);
                const trust = JSON.parse(String(roleResource.inputs.assumeRolePolicy)).Statement[0].Condition.StringEquals;
                expect(Object.values(trust)).to.include(`system:serviceaccount:yelb:${name}`);
                expect((named(accounts, name).inputs.metadata as any).annotations["eks.amazonaws.com/role-arn"]).to.equal(roleResource.outputs.arn);
                const deployment = named(resourcesOfType(stack, "kubernetes:apps/v1:Deployment"), name);
                expect((deployment.inputs.spec as any).template.spec.serviceAccountName).to.equal(name);
                expect(deployment.dependencies).to.include(node.urn);
            }
        }
    });

    it("GIVEN both clusters WHEN planned THEN the yelb namespace joins the mesh and gets sidecars", async () => {
        const p = await examplePlan();
        for (const role of ["apps-backend", "apps-frontend"] as RoleId[]) {
            const ns = theResource(stackOf(p, role), "kubernetes:core/v1:Namespace");
            expect(ns.inputs.metadata).to.deep.equal({
                name: "yelb",
                labels: { mesh: "am-multi-account-mesh", "appmesh.k8s.aws/sidecarInjectorWebhook": "enabled" },
            });
        }
    });

    it("GIVEN the workloads WHEN planned THEN they run the walkthrough's images and Services, and the UI's URL is exported", async () => {
        const p = await examplePlan();
        const image = (role: RoleId, name: string) =>
            (named(resourcesOfType(stackOf(p, role), "kubernetes:apps/v1:Deployment"), name).inputs.spec as any).template.spec.containers[0].image;
        expect(image("apps-backend", "redis-server")).to.equal("redis:4.0.2");
        expect(image("apps-backend", "yelb-db")).to.equal("mreferre/yelb-db:0.5");
        expect(image("apps-backend", "yelb-appserver")).to.equal("mreferre/yelb-appserver:0.5");
        expect(image("apps-frontend", "yelb-ui")).to.equal("mreferre/yelb-ui:0.6");

        const frontend = stackOf(p, "apps-frontend");
        const services = resourcesOfType(frontend, "kubernetes:core/v1:Service");
        const ui = named(services, "yelb-ui");
        expect((ui.inputs.spec as any).type).to.equal("LoadBalancer");
        expect((ui.inputs.spec as any).ports).to.deep.equal([{ port: 80, targetPort: 80, protocol: "TCP" }]);
        const appserverName = named(services, "yelb-appserver");
        expect(appserverName.inputs.spec).to.deep.equal({ type: "ClusterIP", ports: [{ port: 4567, protocol: "TCP" }] });
        const hostname = (ui.outputs.status as any).loadBalancer.ingress[0].hostname;
        expect(hostname).to.match(/\.us-west-2\.elb\.amazonaws\.com$/);
        expect(frontend.outputs.applicationUrl).to.equal(`http://${hostname}`);
    });

    it("GIVEN an image in config WHEN planned THEN the Deployment uses it", async () => {
        const p = await plan({ configOverrides: { "apps-backend": { "apps:redisImage": "public.ecr.aws/docker/library/redis:7.2" } } });
        const redis = named(resourcesOfType(stackOf(p, "apps-backend"), "kubernetes:apps/v1:Deployment"), "redis-server");
        expect((redis.inputs.spec as any).template.spec.containers[0].image).to.equal("public.ecr.aws/docker/library/redis:7.2");
    });
});

describe("apps refusals", () => {
    const withoutAppsBackend: RoleId[] = ["infra-frontend", "infra-backend", "mesh-owner", "mesh-participant", "apps-frontend"];

    it("GIVEN no backend apps stack WHEN the frontend runs THEN it stops naming that stack, before declaring anything", async () => {
        const error = await refusal(plan({ roles: withoutAppsBackend }));
        expect(error.message).to.contain("apps/example-frontend failed");
        expect(error.message).to.contain("Stack organization/apps/example-backend (apps (backend account)) could not be read");
        expect((error.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:StackReference")).to.deep.equal([]);
    });

    it("GIVEN the backend reference pointed at another role's stack WHEN planned THEN the key is refused naming the stack it must name, before any stack is read", async () => {
        const error = await refusal(
            plan({ roles: withoutAppsBackend, configOverrides: { "apps-frontend": { "apps:appsBackendStack": "organization/mesh/example-backend" } } }),
        );
        expect(error.message).to.contain(
            'apps:appsBackendStack: "organization/mesh/example-backend" is not the apps-backend stack of environment example: it names project mesh. Fix: write organization/apps/example-backend',
        );
        expect(error.message).to.not.contain("does not provide the");
        expect(error.resources ?? []).to.deep.equal([]);
    });

    it("GIVEN an image reference with a space WHEN planned THEN the image key is refused", async () => {
        const error = await refusal(plan({ configOverrides: { "apps-frontend": { "apps:uiImage": "mreferre/yelb ui:0.6" } } }));
        expect(error.message).to.contain('apps:uiImage: "mreferre/yelb ui:0.6" is not a container image reference');
    });

    it("GIVEN a stack name without a side WHEN run THEN it explains the naming convention", async () => {
        const { runStack } = await import("../tools/sim/run");
        const { newClusterState } = await import("../tools/sim/cloud");
        const { ROOT_DIR } = await import("./helpers/plan");
        const error = await refusal(
            runStack({
                projectDir: `${ROOT_DIR}/apps`,
                project: "apps",
                stack: "prod",
                organization: "organization",
                config: {},
                context: { account: { accountId: "111111111111", region: "us-west-2", cluster: newClusterState() }, stacks: () => undefined },
            }),
        );
        expect(error.message).to.contain('stack name "prod": does not say which account it is for. Fix: name apps stacks <environment>-frontend or <environment>-backend');
    });
});
