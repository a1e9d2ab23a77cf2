import { expect } from "chai";
import { RecordedResource } from "../tools/sim/recorder";
import { definitionOf, schemaProblems, structural } from "./helpers/kubernetes-schemas";
import { examplePlan, latticeOptionsPlan, latticeExamplePlan, stackOf } from "./helpers/plan";

/** The Kubernetes objects a plan applies directly (a Helm release's contents are the chart's; see helm-charts.test.ts). */
async function renderedObjects(): Promise<RecordedResource[]> {
    // One after the other: a plan runs the programs under process-wide Pulumi mocks.
    const plans = [await examplePlan(), await latticeExamplePlan()];
    // And the optional objects: the appserver canary's Deployment, Service and policy, the signed-calls
    // auth policy; yelb-ui with its signing sidecar.
    const options = await latticeOptionsPlan();
    return [...plans.flatMap((p) => p.stacks), stackOf(options, "apps-backend"), stackOf(options, "apps-frontend")]
        .flatMap((s) => s.resources).filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/"));
}

const CHART_CRDS = "test/fixtures/charts";
const GATEWAY_API = "shared/lattice/crds/gateway-api-v1.5.0-standard";

describe("rendered Kubernetes objects against published definitions", () => {
    it("GIVEN both example plans and the canary backend WHEN each object is looked up THEN every kind has a definition we did not write: its CRD, or kubernetes-models", async () => {
        const kinds = [...new Set((await renderedObjects()).map((r) => `${r.inputs.apiVersion} ${r.inputs.kind}: ${definitionOf(r.inputs)}`))].sort();
        expect(kinds).to.deep.equal([
            `application-networking.k8s.aws/v1alpha1 IAMAuthPolicy: crd ${CHART_CRDS}/aws-gateway-controller-chart-v2.1.3/crds/application-networking.k8s.aws_iamauthpolicies.yaml`,
            `application-networking.k8s.aws/v1alpha1 TargetGroupPolicy: crd ${CHART_CRDS}/aws-gateway-controller-chart-v2.1.3/crds/application-networking.k8s.aws_targetgrouppolicies.yaml`,
            `appmesh.k8s.aws/v1beta2 Mesh: crd ${CHART_CRDS}/appmesh-controller-1.13.3/crds/crds.yaml`,
            `appmesh.k8s.aws/v1beta2 VirtualNode: crd ${CHART_CRDS}/appmesh-controller-1.13.3/crds/crds.yaml`,
            `appmesh.k8s.aws/v1beta2 VirtualRouter: crd ${CHART_CRDS}/appmesh-controller-1.13.3/crds/crds.yaml`,
            `appmesh.k8s.aws/v1beta2 VirtualService: crd ${CHART_CRDS}/appmesh-controller-1.13.3/crds/crds.yaml`,
            "apps/v1 Deployment: kubernetes-models kubernetes-models/apps/v1/Deployment",
            `gateway.networking.k8s.io/v1 Gateway: crd ${GATEWAY_API}/gateway.networking.k8s.io_gateways.yaml`,
            `gateway.networking.k8s.io/v1 GatewayClass: crd ${GATEWAY_API}/gateway.networking.k8s.io_gatewayclasses.yaml`,
            `gateway.networking.k8s.io/v1 HTTPRoute: crd ${GATEWAY_API}/gateway.networking.k8s.io_httproutes.yaml`,
            "networking.k8s.io/v1 NetworkPolicy: kubernetes-models kubernetes-models/networking.k8s.io/v1/NetworkPolicy",
            "policy/v1 PodDisruptionBudget: kubernetes-models kubernetes-models/policy/v1/PodDisruptionBudget",
            "storage.k8s.io/v1 StorageClass: kubernetes-models kubernetes-models/storage.k8s.io/v1/StorageClass",
            "v1 ConfigMap: kubernetes-models kubernetes-models/v1/ConfigMap",
            "v1 Namespace: kubernetes-models kubernetes-models/v1/Namespace",
            "v1 PersistentVolumeClaim: kubernetes-models kubernetes-models/v1/PersistentVolumeClaim",
            "v1 Service: kubernetes-models kubernetes-models/v1/Service",
            "v1 ServiceAccount: kubernetes-models kubernetes-models/v1/ServiceAccount",
        ]);
    });

    it("GIVEN both example plans and the canary backend WHEN every object is validated THEN none has a schema problem", async () => {
        const problems = (await renderedObjects()).flatMap((r) => schemaProblems(r.inputs).map((p) => `${r.inputs.kind} ${r.name}: ${p}`));
        expect(problems).to.deep.equal([]);
    });

    it("GIVEN Gateway API objects with a misspelt field, a string port and a non-string label WHEN validated THEN each is reported at its path", () => {
        const route = {
            apiVersion: "gateway.networking.k8s.io/v1",
            kind: "HTTPRoute",
            metadata: { name: "r", labels: { team: 1 } },
            spec: { parentRefs: [{ name: "g" }], rules: [{ backendRef: [], backendRefs: [{ name: "s", port: "4567" }] }] },
        };
        expect(schemaProblems(route)).to.deep.equal(["spec.rules[0].backendRef: unknown field", "spec.rules[0].backendRefs[0].port: must be integer", "metadata.labels.team: must be string"]);
        const gateway = { apiVersion: "gateway.networking.k8s.io/v1", kind: "Gateway", metadata: { name: "g" }, spec: { gatewayClassName: "c", listeners: [{ name: "http", protocol: "HTTP" }] } };
        expect(schemaProblems(gateway)).to.deep.equal(["spec.listeners[0]: must have required property 'port'"]);
    });

    it("GIVEN controller objects with a misspelt field WHEN validated against the charts' CRDs THEN it is reported, App Mesh too (whose root alone keeps unknown fields)", () => {
        const policy = {
            apiVersion: "application-networking.k8s.aws/v1alpha1",
            kind: "TargetGroupPolicy",
            metadata: { name: "t" },
            spec: { targetRef: { group: "", kind: "Service", name: "s" }, healthCheck: { path: "/", intervalSecond: 5 } },
        };
        expect(schemaProblems(policy)).to.deep.equal(["spec.healthCheck.intervalSecond: unknown field"]);
        const node = { apiVersion: "appmesh.k8s.aws/v1beta2", kind: "VirtualNode", metadata: { name: "n" }, spec: { podSelector: { matchLabels: {} }, listener: [], serviceDiscovery: { dns: { hostname: 1 } } } };
        expect(schemaProblems(node)).to.deep.equal(["spec.listener: unknown field", "spec.serviceDiscovery.dns.hostname: must be string"]);
    });

    it("GIVEN a core object with a wrong type and an unknown field WHEN validated THEN kubernetes-models reports the type only (unknown fields are refused at compile time by Pulumi's typed args)", () => {
        const deployment = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { replica: 2, replicas: "2", selector: {}, template: {} } };
        expect(schemaProblems(deployment)).to.deep.equal(["spec.replicas: must be integer"]);
        expect(schemaProblems({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } })).to.deep.equal([
            "no published definition of example.com/v1 Widget (neither a pinned CRD nor kubernetes-models)",
        ]);
    });

    it("GIVEN a CRD schema WHEN made structural THEN objects refuse unknown fields except where x-kubernetes-preserve-unknown-fields is set, and int-or-string takes both", () => {
        const schema = {
            type: "object",
            "x-kubernetes-preserve-unknown-fields": true,
            properties: { metadata: { type: "object" }, spec: { type: "object", properties: { port: { "x-kubernetes-int-or-string": true } } }, free: { type: "object", additionalProperties: { type: "string" } } },
        };
        expect(structural(schema)).to.deep.equal({
            type: "object",
            "x-kubernetes-preserve-unknown-fields": true,
            properties: {
                metadata: { type: "object" },
                spec: { type: "object", additionalProperties: false, properties: { port: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] } } },
                free: { type: "object", additionalProperties: { type: "string" } },
            },
        });
    });
});
