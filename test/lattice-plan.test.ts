import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { LATTICE_TRUST_FILE } from "../shared/lattice/lattice-trust";
import { evaluatePlan, mandatoryViolations } from "../policy/evaluate";
import { estimateCost } from "../tools/engine/estimate/cost";
import { loadStackConfig } from "../shared/stack-files";
import { newClusterState } from "../tools/sim/cloud";
import { Plan, PlannedStack } from "../tools/sim/environment";
import { managedPrefixList } from "../tools/sim/lattice";
import { runStack } from "../tools/sim/run";
import { ALARM_TOPIC_ARN, ROOT_DIR, examplePlan, latticeOptionsPlan, latticeExamplePlan, plan, refusal, resourcesOfType, stackOf, theResource } from "./helpers/plan";

const ENV = "example-lattice";
const latticePlan = latticeExamplePlan;

const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const nginxConf = (p: Plan) => String((theResource(stackOf(p, "apps-frontend"), "kubernetes:core/v1:ConfigMap").inputs.data as any)["default.conf"]);
const uiPod = (p: Plan) => (theResource(stackOf(p, "apps-frontend"), "kubernetes:apps/v1:Deployment").inputs.spec as any).template;

/** Types only the App Mesh transport may declare (what a Lattice-only plan must not hold). */
function appMeshOnly(p: Plan): string[] {
    return p.stacks.flatMap((s) =>
        s.resources
            .filter(
                (r) =>
                    r.type.startsWith("kubernetes:appmesh.k8s.aws/") ||
                    [
                        "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
                        "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
                        "aws:ec2/route:Route",
                        "aws:iam/serviceLinkedRole:ServiceLinkedRole",
                        "aws:servicediscovery/service:Service",
                        "yelb:mesh:AppMeshController",
                    ].includes(r.type) ||
                    (r.type === "kubernetes:helm.sh/v3:Release" && String(r.inputs.chart).includes("appmesh")) ||
                    (r.type === "aws:ram/resourceAssociation:ResourceAssociation" && String(r.inputs.resourceArn).includes(":appmesh:")) ||
                    (r.type === "kubernetes:core/v1:Namespace" && Object.keys((r.inputs.metadata as any).labels ?? {}).some((k) => k === "mesh" || k.startsWith("appmesh.k8s.aws/"))),
            )
            .map((r) => `${s.project}/${s.stack} ${r.type} ${r.name}`),
    );
}

describe("Lattice transport (example-lattice environment)", () => {
    it("GIVEN the plan WHEN yelb-ui's nginx config is rendered THEN it proxies over HTTPS to the backend's exported DNS name with that Host and SNI, verifying it against the shipped roots, and waits for it", async () => {
        const p = await latticePlan();
        const dns = stackOf(p, "apps-backend").outputs.yelbAppserverServiceDnsName;
        expect(dns).to.equal("yelb-appserver-yelb-e29b32a351b6f82ce.8e9854d.vpc-lattice-svcs.us-west-2.on.aws");
        // The write-back the controller put on the route, not a name computed by the program.
        const route = theResource(stackOf(p, "apps-backend"), "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
        expect((route.outputs.metadata as any).annotations["application-networking.k8s.aws/lattice-assigned-domain-name"]).to.equal(dns);
        expect(stackOf(p, "apps-backend").outputs.yelbAppserverServiceArn).to.equal("arn:aws:vpc-lattice:us-west-2:222222222222:service/svc-e29b32a351b6f82ce");
        expect(nginxConf(p)).to.contain(
            `        set $yelb_appserver ${dns}:${stackOf(p, "mesh-owner").outputs.latticeListenerPort};\n        proxy_pass https://$yelb_appserver;\n        proxy_http_version 1.1;\n        proxy_set_header Host ${dns};\n` +
                `        proxy_ssl_server_name on;\n        proxy_ssl_name ${dns};\n        proxy_ssl_protocols TLSv1.2 TLSv1.3;\n        proxy_ssl_verify on;\n` +
                "        proxy_ssl_verify_depth 3;\n        proxy_ssl_trusted_certificate /etc/nginx/conf.d/lattice-trust.pem;\n" +
                "        proxy_connect_timeout 2s;\n        proxy_send_timeout 10s;\n        proxy_read_timeout 10s;\n" +
                "        proxy_next_upstream error timeout http_502 http_503 http_504;\n        proxy_next_upstream_tries 3;\n        proxy_next_upstream_timeout 15s;\n",
        );
        const data = theResource(stackOf(p, "apps-frontend"), "kubernetes:core/v1:ConfigMap").inputs.data as Record<string, string>;
        expect(Object.keys(data)).to.deep.equal(["default.conf", "lattice-trust.pem"]);
        expect(data["lattice-trust.pem"]).to.equal(fs.readFileSync(LATTICE_TRUST_FILE, "utf8"));
        const pod = uiPod(p);
        expect(pod.spec.initContainers.map((c: any) => [c.name, c.env])).to.deep.equal([["wait-for-upstream", [{ name: "UPSTREAM_HOST", value: dns }]]]);
        expect(pod.spec.containers[0].command).to.deep.equal(["nginx", "-g", "daemon off;"]);
        expect(pod.spec.containers[0].volumeMounts).to.deep.equal([{ name: "config", mountPath: "/etc/nginx/conf.d", readOnly: true }]);
        // Lattice only: no Envoy, so no egress exception.
        expect(pod.metadata.annotations["appmesh.k8s.aws/egressIgnoredIPs"]).to.equal(undefined);
    });

    it("GIVEN yelb-appserver behind Lattice WHEN planned THEN its namespace carries the readiness-gate label before any pod, and its pods sleep 60 s in preStop within 150 s of grace", async () => {
        const backend = stackOf(await latticePlan(), "apps-backend");
        const ns = theResource(backend, "kubernetes:core/v1:Namespace");
        expect((ns.inputs.metadata as any).labels).to.deep.equal({ "application-networking.k8s.aws/pod-readiness-gate-inject": "enabled" });
        const deployments = resourcesOfType(backend, "kubernetes:apps/v1:Deployment");
        const termination = deployments.map((d) => {
            const spec = (d.inputs.spec as any).template.spec;
            return [(d.inputs.metadata as any).name, spec.terminationGracePeriodSeconds, spec.containers[0].lifecycle, d.dependencies.includes(ns.urn)];
        }).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        // Only the Lattice target gets the long stop; Redis and Postgres keep the default.
        expect(termination).to.deep.equal([
            ["redis-server", 45, undefined, true],
            ["yelb-appserver", 150, { preStop: { sleep: { seconds: 60 } } }, true],
            ["yelb-db", 45, undefined, true],
        ]);
    });

    it("GIVEN the App Mesh example WHEN planned THEN yelb-appserver keeps 45 s of grace, no preStop, and no Lattice label", async () => {
        const backend = stackOf(await examplePlan(), "apps-backend");
        const labels = (theResource(backend, "kubernetes:core/v1:Namespace").inputs.metadata as any).labels;
        expect(labels).to.deep.equal({ mesh: stackOf(await examplePlan(), "mesh-owner").outputs.meshName, "appmesh.k8s.aws/sidecarInjectorWebhook": "enabled" });
        const appserver = resourcesOfType(backend, "kubernetes:apps/v1:Deployment").find((d) => (d.inputs.metadata as any).name === "yelb-appserver")!;
        const spec = (appserver.inputs.spec as any).template.spec;
        expect([spec.terminationGracePeriodSeconds, spec.containers[0].lifecycle]).to.deep.equal([45, undefined]);
    });

    it("GIVEN the default listener protocol WHEN planned THEN the Gateway listens on HTTPS 443 with no tls block (Lattice's managed certificate), the route attaches to it, the association admits 443, and no policy reports plain HTTP", async () => {
        const p = await latticePlan();
        const gateway = theResource(stackOf(p, "mesh-participant"), "kubernetes:gateway.networking.k8s.io/v1:Gateway");
        expect((gateway.inputs.spec as any).listeners.map((l: any) => [l.name, l.protocol, l.port, l.tls])).to.deep.equal([["https", "HTTPS", 443, undefined]]);
        const route = theResource(stackOf(p, "apps-backend"), "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
        expect((route.inputs.spec as any).parentRefs).to.deep.equal([{ name: "yelb-example-lattice", namespace: "lattice-gateway", sectionName: "https" }]);
        const ingress = resourcesOfType(stackOf(p, "mesh-owner"), INGRESS).map((r) => [r.inputs.fromPort, r.inputs.toPort]);
        expect(ingress).to.deep.equal([[443, 443]]);
        expect(stackOf(p, "mesh-owner").outputs).to.include({ latticeListenerPort: 443, latticeListenerProtocol: "HTTPS" });
        expect(evaluatePlan(p).filter((v) => v.policy === "lattice-calls-encrypted")).to.deep.equal([]);
    });

    it("GIVEN mesh:latticeListenerProtocol HTTP WHEN planned THEN the listener is HTTP 80, nginx calls http:// with no TLS and no trust bundle, and the advisory policy reports both without failing the plan", async () => {
        const p = await plan({ configOverrides: { "mesh-owner": { "mesh:latticeListenerProtocol": "HTTP" } } }, ENV);
        const gateway = theResource(stackOf(p, "mesh-participant"), "kubernetes:gateway.networking.k8s.io/v1:Gateway");
        expect((gateway.inputs.spec as any).listeners.map((l: any) => [l.name, l.protocol, l.port])).to.deep.equal([["http", "HTTP", 80]]);
        expect(nginxConf(p)).to.contain("        proxy_pass http://$yelb_appserver;\n");
        expect(nginxConf(p)).to.not.contain("proxy_ssl");
        expect(Object.keys(theResource(stackOf(p, "apps-frontend"), "kubernetes:core/v1:ConfigMap").inputs.data as object)).to.deep.equal(["default.conf"]);
        const reported = evaluatePlan(p).filter((v) => v.policy === "lattice-calls-encrypted");
        expect(reported.map((v) => [v.stack, v.enforcementLevel, v.message])).to.deep.equal([
            ["mesh/example-lattice-backend", "advisory", 'listener "http" is plain HTTP: calls across accounts are unencrypted; use HTTPS (mesh:latticeListenerProtocol: HTTPS)'],
            ["apps/example-lattice-frontend", "advisory", "default.conf proxies to a Lattice service over plain http; use HTTPS (mesh:latticeListenerProtocol: HTTPS)"],
        ]);
        expect(mandatoryViolations(evaluatePlan(p))).to.deep.equal([]);
    });

    it("GIVEN mesh:latticeListenerProtocol https (lower case) WHEN planned THEN it is refused naming the key and the allowed values", async () => {
        const error = await refusal(plan({ roles: ["infra-frontend", "infra-backend", "mesh-owner"], configOverrides: { "mesh-owner": { "mesh:latticeListenerProtocol": "https" } } }, ENV));
        expect(error.message).to.contain("latticeListenerProtocol");
        expect(error.message).to.contain("HTTPS, HTTP");
    });

    it("GIVEN another backend account WHEN planned THEN the Lattice service, its export and yelb-ui's config all change together", async () => {
        const p = await plan({ configOverrides: { "infra-backend": { "aws:allowedAccountIds": '["333333333333"]' } } }, ENV);
        const dns = stackOf(p, "apps-backend").outputs.yelbAppserverServiceDnsName as string;
        expect(dns).to.not.equal((await latticePlan()).stacks.find((s) => s.role === "apps-backend")!.outputs.yelbAppserverServiceDnsName);
        expect(dns).to.match(/^yelb-appserver-yelb-[0-9a-f]{17}\.[0-9a-f]{7}\.vpc-lattice-svcs\.us-west-2\.on\.aws$/);
        expect(nginxConf(p)).to.contain(`set $yelb_appserver ${dns}:443;`);
        expect(nginxConf(p)).to.contain(`proxy_set_header Host ${dns};`);
        expect(nginxConf(p)).to.contain(`proxy_ssl_name ${dns};`);
    });

    it("GIVEN Lattice only WHEN planned THEN no App Mesh-only resource is declared", async () => {
        expect(appMeshOnly(await latticePlan())).to.deep.equal([]);
        // The same finder sees them in the App Mesh example (so it can fail).
        expect(appMeshOnly(await examplePlan()).length).to.be.greaterThan(10);
    });

    it("GIVEN the service network share WHEN planned THEN the backend account alone is its principal, and the participant accepts it", async () => {
        const p = await latticePlan();
        const owner = stackOf(p, "mesh-owner");
        expect(resourcesOfType(owner, "aws:ram/principalAssociation:PrincipalAssociation").map((a) => a.inputs.principal)).to.deep.equal(["222222222222"]);
        expect(theResource(owner, "aws:ram/resourceShare:ResourceShare").inputs.allowExternalPrincipals).to.equal(true);
        expect(theResource(stackOf(p, "mesh-participant"), "aws:ram/resourceShareAccepter:ResourceShareAccepter").inputs.shareArn).to.equal(owner.outputs.serviceNetworkShareArn);
    });

    it("GIVEN the shared network WHEN the participant is planned THEN its Gateway waits for the share's acceptance, and only the frontend VPC is associated", async () => {
        const p = await latticePlan();
        const participant = stackOf(p, "mesh-participant");
        const accepter = theResource(participant, "aws:ram/resourceShareAccepter:ResourceShareAccepter");
        expect(theResource(participant, "kubernetes:gateway.networking.k8s.io/v1:Gateway").dependencies).to.include(accepter.urn);
        const associations = p.stacks.flatMap((s) => resourcesOfType(s, "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation").map((a) => [s.role, a.inputs.vpcIdentifier]));
        expect(associations).to.deep.equal([["mesh-owner", stackOf(p, "infra-frontend").outputs.vpcId]]);
    });

    it("GIVEN ramSharing organization WHEN planned THEN the share is internal and nothing is accepted", async () => {
        const organization = { "mesh:ramSharing": "organization" };
        const p = await plan({ roles: ["infra-frontend", "infra-backend", "mesh-owner", "mesh-participant"], configOverrides: { "mesh-owner": organization, "mesh-participant": organization } }, ENV);
        expect(theResource(stackOf(p, "mesh-owner"), "aws:ram/resourceShare:ResourceShare").inputs.allowExternalPrincipals).to.equal(false);
        expect(resourcesOfType(stackOf(p, "mesh-participant"), "aws:ram/resourceShareAccepter:ResourceShareAccepter")).to.deep.equal([]);
    });

    it("GIVEN the backend nodes WHEN planned THEN the only ingress is the vpc-lattice prefix list on the appserver port", async () => {
        const p = await latticePlan();
        const nodes = stackOf(p, "infra-backend").outputs.nodeSecurityGroupId;
        const rules = resourcesOfType(stackOf(p, "mesh-participant"), INGRESS).filter((r) => r.inputs.securityGroupId === nodes);
        const prefixList = managedPrefixList({ accountId: "222222222222", region: "us-west-2" }, { name: "com.amazonaws.us-west-2.vpc-lattice" }).id;
        expect(rules.map((r) => [r.inputs.prefixListId, r.inputs.cidrIpv4, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort])).to.deep.equal([[prefixList, undefined, "tcp", 4567, 4567]]);
    });

    it("GIVEN the service network WHEN planned THEN its auth policy admits callers only from the frontend VPC", async () => {
        const p = await latticePlan();
        const policy = JSON.parse(String(theResource(stackOf(p, "mesh-owner"), "aws:vpclattice/authPolicy:AuthPolicy").inputs.policy));
        expect(policy.Statement).to.deep.equal([
            {
                Sid: "FrontendCallers",
                Effect: "Allow",
                Principal: "*",
                Action: "vpc-lattice-svcs:Invoke",
                Resource: "*",
                Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": stackOf(p, "infra-frontend").outputs.vpcId } },
            },
        ]);
    });

    it("GIVEN the controller's role WHEN planned THEN every action is named, none is a wildcard", async () => {
        const p = await latticePlan();
        const policies = resourcesOfType(stackOf(p, "mesh-participant"), "aws:iam/rolePolicy:RolePolicy").map((r) => JSON.parse(String(r.inputs.policy)));
        const actions = policies.flatMap((d) => d.Statement.flatMap((s: any) => [].concat(s.Action)));
        expect(actions.length).to.be.greaterThan(10);
        expect(actions.filter((a: string) => a.includes("*"))).to.deep.equal([]);
    });

    it("GIVEN transport both and uiUpstream lattice WHEN planned THEN both sets are declared and meshed yelb-ui bypasses Envoy for Lattice", async () => {
        const both = { "mesh:transport": "both" };
        const p = await plan({
            configOverrides: {
                "infra-backend": { "infra-backend:transport": "both" },
                "mesh-owner": both,
                "mesh-participant": both,
                "apps-backend": { "apps:transport": "both" },
                "apps-frontend": { "apps:transport": "both", "apps:uiUpstream": "lattice" },
            },
        }, ENV);
        expect(theResource(stackOf(p, "mesh-owner"), "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")).to.not.equal(undefined);
        expect(resourcesOfType(stackOf(p, "mesh-owner"), "aws:ram/resourceShare:ResourceShare")).to.have.lengthOf(2);
        expect(resourcesOfType(stackOf(p, "mesh-participant"), "aws:ram/resourceShareAccepter:ResourceShareAccepter")).to.have.lengthOf(2);
        expect(stackOf(p, "apps-backend").outputs).to.include.keys("yelbAppserverVirtualServiceArn", "yelbAppserverServiceDnsName");
        const pod = uiPod(p);
        expect(pod.metadata.annotations["appmesh.k8s.aws/egressIgnoredIPs"]).to.equal("169.254.171.0/24");
        expect(nginxConf(p)).to.contain(`set $yelb_appserver ${stackOf(p, "apps-backend").outputs.yelbAppserverServiceDnsName}:443;`);
    });
});

describe("mixed transports are refused", () => {
    it("GIVEN one apps stack on lattice in an App Mesh environment WHEN planned THEN the plan refuses naming the key and every file", async () => {
        const error = await refusal(plan({ configOverrides: { "apps-frontend": { "apps:transport": "lattice" } } }));
        expect(error.message).to.equal(
            "Invalid configuration for environment example:\n" +
                '  - apps:transport: apps/Pulumi.example-frontend.yaml has "lattice", but the stack it reads, mesh/Pulumi.example-frontend.yaml, has mesh:transport "appmesh" and deploys no Lattice. Fix: set the same transport in every mesh and apps stack of the environment and in infra-backend; to migrate, change them in the order docs/transports.md gives.\n' +
                '  - apps:transport: apps/Pulumi.example-frontend.yaml has "lattice", but the stack it reads, apps/Pulumi.example-backend.yaml, has apps:transport "appmesh" and deploys no Lattice. Fix: set the same transport in every mesh and apps stack of the environment and in infra-backend; to migrate, change them in the order docs/transports.md gives.',
        );
    });

    it("GIVEN a deployed App Mesh participant WHEN a Lattice apps stack reads it THEN the program refuses naming the key and both files, before declaring anything", async () => {
        const deployed = await examplePlan();
        const outputs = new Map(deployed.stacks.map((s) => [`organization/${s.project}/${s.stack}`, { outputs: s.outputs, secretOutputNames: [] }]));
        const error = await refusal(
            runStack({
                projectDir: path.join(ROOT_DIR, "apps"),
                project: "apps",
                stack: "example-backend",
                organization: "organization",
                config: { ...loadStackConfig(path.join(ROOT_DIR, "apps"), "example-backend"), "apps:transport": "lattice" },
                context: { account: { accountId: "222222222222", region: "us-west-2", cluster: newClusterState() }, stacks: (name) => outputs.get(name) },
            }),
        );
        const cause = (error as any).cause;
        expect(pulumi.RunError.isInstance(cause), String(cause)).to.equal(true);
        expect(cause.message).to.equal(
            'apps:transport: apps/Pulumi.example-backend.yaml has "lattice", but the stack it reads, mesh/Pulumi.example-backend.yaml, has mesh:transport "appmesh" and deploys no Lattice. ' +
                "Fix: set the same transport in every mesh and apps stack of the environment and in infra-backend; to migrate, change them in the order docs/transports.md gives.",
        );
        expect((error.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:StackReference" && !r.type.startsWith("pulumi:providers:"))).to.deep.equal([]);
    });
});

/**
 * The migration docs/transports.md describes, one config change per step, each followed by a
 * deploy in wave order. Each state must plan, and each step removes App Mesh from one stack only,
 * while every stack before it in the waves (its controller's included) still runs App Mesh.
 */
const MIGRATION: { step: string; transports: [infraBackend: string, owner: string, participant: string, backend: string, frontend: string]; uiUpstream: string }[] = [
    { step: "App Mesh only", transports: ["appmesh", "appmesh", "appmesh", "appmesh", "appmesh"], uiUpstream: "" },
    { step: "both, yelb-ui on App Mesh", transports: ["both", "both", "both", "both", "both"], uiUpstream: "" },
    { step: "both, yelb-ui on Lattice", transports: ["both", "both", "both", "both", "both"], uiUpstream: "lattice" },
    { step: "apps frontend leaves App Mesh", transports: ["both", "both", "both", "both", "lattice"], uiUpstream: "" },
    { step: "apps backend leaves App Mesh", transports: ["both", "both", "both", "lattice", "lattice"], uiUpstream: "" },
    { step: "mesh participant leaves App Mesh", transports: ["both", "both", "lattice", "lattice", "lattice"], uiUpstream: "" },
    { step: "mesh owner leaves App Mesh", transports: ["both", "lattice", "lattice", "lattice", "lattice"], uiUpstream: "" },
    { step: "Lattice only", transports: ["lattice", "lattice", "lattice", "lattice", "lattice"], uiUpstream: "" },
];

/**
 * What decides whether a deploy keeps Postgres's volume: the claim's and StorageClass's URNs, inputs
 * and options, and the namespace's URN and name (deleting the namespace deletes the claim in it).
 */
function databaseIdentity(backend: PlannedStack) {
    const claim = theResource(backend, "kubernetes:core/v1:PersistentVolumeClaim");
    const storageClass = theResource(backend, "kubernetes:storage.k8s.io/v1:StorageClass");
    const namespace = theResource(backend, "kubernetes:core/v1:Namespace");
    return [
        { urn: storageClass.urn, inputs: storageClass.inputs, protect: storageClass.protect, retainOnDelete: storageClass.retainOnDelete },
        { urn: claim.urn, inputs: claim.inputs, protect: claim.protect, retainOnDelete: claim.retainOnDelete },
        { urn: namespace.urn, inputs: { name: (namespace.inputs.metadata as any).name } },
    ];
}

describe("migration App Mesh -> both -> Lattice, one stack at a time", () => {
    it("GIVEN each step's stack files WHEN planned THEN it plans, App Mesh objects exist exactly in the stacks still on it, the Cloud Map namespace until infra-backend leaves, and the database volume keeps its URNs and inputs", async () => {
        const roles = ["mesh-owner", "mesh-participant", "apps-backend", "apps-frontend"] as const;
        const seen: string[][] = [];
        const databases: ReturnType<typeof databaseIdentity>[] = [];
        for (const { transports, uiUpstream } of MIGRATION) {
            const p = await plan(
                {
                    configOverrides: {
                        "infra-backend": { "infra-backend:transport": transports[0] },
                        "mesh-owner": { "mesh:transport": transports[1] },
                        "mesh-participant": { "mesh:transport": transports[2] },
                        "apps-backend": { "apps:transport": transports[3] },
                        "apps-frontend": { "apps:transport": transports[4], "apps:uiUpstream": uiUpstream },
                    },
                },
                ENV,
            );
            const namespace = resourcesOfType(stackOf(p, "infra-backend"), "aws:servicediscovery/httpNamespace:HttpNamespace").length > 0 ? ["Cloud Map namespace"] : [];
            seen.push([...namespace, ...roles.filter((role) => stackOf(p, role).resources.some((r) => r.type.startsWith("kubernetes:appmesh.k8s.aws/")))]);
            databases.push(databaseIdentity(stackOf(p, "apps-backend")));
        }
        // The votes' volume: the same claim and StorageClass, with the same inputs, in every state.
        expect(databases[0].map((d) => d.urn.split("::").pop())).to.deep.equal(["yelb-gp3-encrypted", "yelb-db-data", "yelb-namespace"]);
        for (const [i, database] of databases.entries()) expect(database, MIGRATION[i].step).to.deep.equal(databases[0]);
        expect(seen).to.deep.equal([
            ["Cloud Map namespace", "mesh-owner", "mesh-participant", "apps-backend", "apps-frontend"],
            ["Cloud Map namespace", "mesh-owner", "mesh-participant", "apps-backend", "apps-frontend"],
            ["Cloud Map namespace", "mesh-owner", "mesh-participant", "apps-backend", "apps-frontend"],
            ["Cloud Map namespace", "mesh-owner", "mesh-participant", "apps-backend"],
            ["Cloud Map namespace", "mesh-owner", "mesh-participant"],
            ["Cloud Map namespace", "mesh-owner"],
            ["Cloud Map namespace"],
            [],
        ]);
    });

    it("GIVEN infra-backend on lattice WHEN an App Mesh apps backend reads it THEN the program refuses naming both keys and files, before declaring anything", async () => {
        const error = await refusal(
            plan(
                {
                    roles: ["infra-frontend", "infra-backend", "mesh-owner", "mesh-participant", "apps-backend"],
                    configOverrides: {
                        "mesh-owner": { "mesh:transport": "both" },
                        "mesh-participant": { "mesh:transport": "both" },
                        "apps-backend": { "apps:transport": "both" },
                    },
                },
                ENV,
            ),
        );
        expect(error.message).to.contain(
            'mesh:transport: mesh/Pulumi.example-lattice-backend.yaml has "both", but the stack it reads, infra-backend/Pulumi.example-lattice.yaml, has infra-backend:transport "lattice" and deploys no App Mesh',
        );
    });

    it("GIVEN the plan with flows traced WHEN yelb-ui is configured THEN its nginx config is proven to come from the backend's DNS name and the owner's listener port", async () => {
        const p = await plan({ traceFlows: true }, ENV);
        const into = (output: string) => stackOf(p, "apps-frontend").flows.find((f) => f.output === output)?.into;
        expect(into("yelbAppserverServiceDnsName")).to.deep.equal(["yelb-ui-deployment.spec.template.spec.initContainers[0].env[0].value", "yelb-ui-nginx.data.default.conf"]);
        expect(into("latticeListenerPort")).to.deep.equal(["yelb-ui-nginx.data.default.conf"]);
    });
});

describe("Lattice visibility (example-lattice environment)", () => {
    it("GIVEN the plan WHEN the mesh owner is planned THEN the service network's access logs go to a CloudWatch log group kept 30 days, named in a stack output, and the estimate prices its ingestion", async () => {
        const p = await latticeExamplePlan();
        const owner = stackOf(p, "mesh-owner");
        const logGroup = theResource(owner, "aws:cloudwatch/logGroup:LogGroup");
        expect([logGroup.inputs.name, logGroup.inputs.retentionInDays]).to.deep.equal(["/aws/vpc-lattice/yelb-example-lattice", 30]);
        const subscription = theResource(owner, "aws:vpclattice/accessLogSubscription:AccessLogSubscription");
        const network = theResource(owner, "aws:vpclattice/serviceNetwork:ServiceNetwork");
        expect([subscription.inputs.resourceIdentifier, subscription.inputs.destinationArn]).to.deep.equal([network.outputs.arn, logGroup.outputs.arn]);
        expect(owner.outputs.latticeAccessLogGroupName).to.equal("/aws/vpc-lattice/yelb-example-lattice");
        const usage = estimateCost(p).usage.filter((u) => u.stack === "mesh-owner").map((u) => u.item);
        expect(usage).to.include("CloudWatch Logs ingestion");
    });

    it("GIVEN access logs to s3 kept 90 days WHEN the owner is planned THEN a private, encrypted, owner-enforced bucket expires them after 90 days, the subscription names it, and no log group is made", async () => {
        const p = await latticeOptionsPlan();
        const owner = stackOf(p, "mesh-owner");
        const bucket = theResource(owner, "aws:s3/bucket:Bucket");
        const name = bucket.outputs!.bucket;
        const of = (type: string) => theResource(owner, type).inputs;
        expect(of("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")).to.deep.equal({ bucket: name, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
        expect(of("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")).to.deep.equal({ bucket: name, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
        expect(of("aws:s3/bucketOwnershipControls:BucketOwnershipControls")).to.deep.equal({ bucket: name, rule: { objectOwnership: "BucketOwnerEnforced" } });
        expect(of("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")).to.deep.equal({ bucket: name, rules: [{ id: "expire-access-logs", status: "Enabled", filter: {}, expiration: { days: 90 } }] });
        expect(of("aws:vpclattice/accessLogSubscription:AccessLogSubscription").destinationArn).to.equal(bucket.outputs!.arn);
        expect(resourcesOfType(owner, "aws:cloudwatch/logGroup:LogGroup")).to.deep.equal([]);
        expect([owner.outputs.latticeAccessLogBucketName, owner.outputs.latticeAccessLogGroupName]).to.deep.equal([name, undefined]);
        const usage = estimateCost(p).usage.filter((u) => u.stack === "mesh-owner").map((u) => u.item);
        expect(usage).to.include.members(["VPC Lattice access logs delivered to S3", "S3 storage of access logs"]);
        expect(usage).not.to.include("CloudWatch Logs ingestion");
    });

    it("GIVEN the plan WHEN the apps backend is planned THEN its 5xx alarm reads the service ID from the route's ARN annotation, the unhealthy-targets alarm queries every target group, and both alarms and the dashboard's URL are outputs", async () => {
        const backend = stackOf(await latticeExamplePlan(), "apps-backend");
        const serviceId = "svc-e29b32a351b6f82ce";
        expect(String(backend.outputs.yelbAppserverServiceArn).endsWith(`service/${serviceId}`)).to.equal(true);
        const alarms = resourcesOfType(backend, "aws:cloudwatch/metricAlarm:MetricAlarm")
            .map((r) => r.inputs as any)
            .sort((a, b) => a.name.localeCompare(b.name));
        const service = (metricName: string) => ({ namespace: "AWS/VpcLattice", metricName, dimensions: { Service: serviceId }, period: 60, stat: "Sum" });
        expect(alarms.map((a) => [a.name, a.comparisonOperator, a.threshold, a.evaluationPeriods, a.datapointsToAlarm, a.treatMissingData, a.metricQueries])).to.deep.equal([
            [
                "yelb-appserver-yelb-5xx",
                "GreaterThanThreshold",
                5,
                5,
                3,
                "notBreaching",
                [
                    { id: "errors", metric: service("HTTPCode_5XX_Count") },
                    { id: "requests", metric: service("TotalRequestCount") },
                    { id: "rate", label: "5xx %", returnData: true, expression: "IF(FILL(requests, 0) > 0, 100 * FILL(errors, 0) / FILL(requests, 1), 0)" },
                ],
            ],
            [
                "yelb-appserver-yelb-unhealthy-targets",
                "GreaterThanThreshold",
                0,
                5,
                3,
                "notBreaching",
                [{ id: "unhealthy", label: "unhealthy targets", returnData: true, expression: 'SELECT MAX(UnhealthyTargetCount) FROM SCHEMA("AWS/VpcLattice", TargetGroup)', period: 60 }],
            ],
        ]);
        const dashboard = theResource(backend, "aws:cloudwatch/dashboard:Dashboard").inputs as any;
        const widgets = JSON.parse(dashboard.dashboardBody).widgets;
        expect(widgets.map((w: any) => w.properties.metrics)).to.deep.equal([
            [
                ["AWS/VpcLattice", "TotalRequestCount", "Service", serviceId, { stat: "Sum" }],
                ["AWS/VpcLattice", "HTTPCode_5XX_Count", "Service", serviceId, { stat: "Sum" }],
            ],
            [["AWS/VpcLattice", "RequestTime", "Service", serviceId, { stat: "p99" }]],
            [[{ expression: 'SELECT MAX(UnhealthyTargetCount) FROM SCHEMA("AWS/VpcLattice", TargetGroup) GROUP BY TargetGroup', id: "unhealthy" }]],
        ]);
        expect([backend.outputs.latticeAlarmNames, backend.outputs.latticeDashboardUrl, backend.outputs.latticeAlarmTopicArn]).to.deep.equal([
            ["yelb-appserver-yelb-5xx", "yelb-appserver-yelb-unhealthy-targets"],
            "https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2#dashboards/dashboard/yelb-appserver-yelb",
            "",
        ]);
        expect(alarms.map((a) => [a.alarmActions, a.okActions])).to.deep.equal([[undefined, undefined], [undefined, undefined]]);
    });

    it("GIVEN apps:latticeAlarmTopicArn WHEN the apps backend is planned THEN both alarms notify the topic going into alarm and back to OK, and the topic is an output", async () => {
        const backend = stackOf(await latticeOptionsPlan(), "apps-backend");
        const alarms = resourcesOfType(backend, "aws:cloudwatch/metricAlarm:MetricAlarm").map((r) => r.inputs as any).sort((a, b) => a.name.localeCompare(b.name));
        expect(alarms.map((a) => [a.name, a.alarmActions, a.okActions])).to.deep.equal([
            ["yelb-appserver-yelb-5xx", [ALARM_TOPIC_ARN], [ALARM_TOPIC_ARN]],
            ["yelb-appserver-yelb-unhealthy-targets", [ALARM_TOPIC_ARN], [ALARM_TOPIC_ARN]],
        ]);
        expect(backend.outputs.latticeAlarmTopicArn).to.equal(ALARM_TOPIC_ARN);
    });

    it("GIVEN the plan WHEN estimated THEN the apps backend pays three alarm metrics and a dashboard, and the Metrics Insights alarm's further target groups are a usage line", async () => {
        const estimate = estimateCost(await latticeExamplePlan());
        const lines = estimate.lines.filter((l) => l.stack === "apps-backend" && l.item.startsWith("CloudWatch")).map((l) => [l.item, l.quantity, l.monthlyUsd]);
        expect(lines.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).to.deep.equal([
            ["CloudWatch alarm metrics", 1, 0.1],
            ["CloudWatch alarm metrics", 2, 0.2],
            ["CloudWatch dashboard", 1, 3],
        ]);
        expect(estimate.usage.filter((u) => u.stack === "apps-backend" && u.item.startsWith("CloudWatch")).map((u) => u.item)).to.deep.equal([
            "CloudWatch Metrics Insights alarm, each further metric analyzed",
        ]);
    });
});

describe("appserver canary (apps:appserverCanaryImage, apps:appserverCanaryWeights)", () => {
    const ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
    const POLICY = "kubernetes:application-networking.k8s.aws/v1alpha1:TargetGroupPolicy";
    const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
    const backendRefs = (p: Plan) => (theResource(stackOf(p, "apps-backend"), ROUTE).inputs.spec as any).rules.map((r: any) => r.backendRefs);
    const policies = (p: Plan) => resourcesOfType(stackOf(p, "apps-backend"), POLICY).map((r) => ({ name: r.name, spec: r.inputs.spec as any }));

    it("GIVEN a canary image and [80, 20] WHEN planned THEN the route splits 80/20 between the two Services, each with its own target group policy and the same health check", async () => {
        const p = await latticeOptionsPlan();
        expect(backendRefs(p)).to.deep.equal([
            [
                { name: "yelb-appserver", kind: "Service", port: 4567, weight: 80 },
                { name: "yelb-appserver-canary", kind: "Service", port: 4567, weight: 20 },
            ],
        ]);
        const found = policies(p);
        expect(found.map((f) => [f.name, f.spec.targetRef])).to.deep.equal([
            ["yelb-appserver-lattice-target-group-policy", { group: "", kind: "Service", name: "yelb-appserver" }],
            ["yelb-appserver-lattice-canary-target-group-policy", { group: "", kind: "Service", name: "yelb-appserver-canary" }],
        ]);
        expect(found[1].spec.healthCheck).to.deep.equal(found[0].spec.healthCheck);
        expect(found[1].spec.healthCheck.path).to.equal("/api/hostname");
    });

    it("GIVEN the canary WHEN its Deployment is compared with the stable one THEN only name, labels and image differ: same probes, preStop sleep, grace period, replicas and spread", async () => {
        const backend = stackOf(await latticeOptionsPlan(), "apps-backend");
        const byName = (name: string) => resourcesOfType(backend, DEPLOYMENT).find((r) => (r.inputs.metadata as any).name === name)!.inputs;
        const canary = byName("yelb-appserver-canary");
        expect((canary.spec as any).template.spec.containers[0].image).to.equal("mreferre/yelb-appserver:0.6");
        const renamed = JSON.parse(JSON.stringify(canary).replace(/yelb-appserver-canary/g, "yelb-appserver").replace("mreferre/yelb-appserver:0.6", "mreferre/yelb-appserver:0.5"));
        expect(renamed).to.deep.equal(byName("yelb-appserver"));
        const pod = (canary.spec as any).template.spec;
        expect([pod.terminationGracePeriodSeconds, pod.containers[0].lifecycle]).to.deep.equal([150, { preStop: { sleep: { seconds: 60 } } }]);
        // The readiness gate is the namespace's label; the canary's pods are behind a route's Service like the stable's.
        const namespace = theResource(backend, "kubernetes:core/v1:Namespace").inputs.metadata as any;
        expect(namespace.labels["application-networking.k8s.aws/pod-readiness-gate-inject"]).to.equal("enabled");
    });

    it("GIVEN the canary WHEN Redis and Postgres are protected THEN both appservers, and no other pod, may connect", async () => {
        const netpols = resourcesOfType(stackOf(await latticeOptionsPlan(), "apps-backend"), "kubernetes:networking.k8s.io/v1:NetworkPolicy");
        expect(netpols.map((r) => (r.inputs.spec as any).ingress[0].from)).to.deep.equal([
            [{ podSelector: { matchLabels: { app: "yelb-appserver" } } }, { podSelector: { matchLabels: { app: "yelb-appserver-canary" } } }],
            [{ podSelector: { matchLabels: { app: "yelb-appserver" } } }, { podSelector: { matchLabels: { app: "yelb-appserver-canary" } } }],
        ]);
    });

    it("GIVEN no canary image (the default) WHEN planned THEN one backendRef without a weight, one policy and no canary object: every call goes to the stable appserver", async () => {
        const p = await latticeExamplePlan();
        expect(backendRefs(p)).to.deep.equal([[{ name: "yelb-appserver", kind: "Service", port: 4567 }]]);
        expect(policies(p).map((f) => f.name)).to.deep.equal(["yelb-appserver-lattice-target-group-policy"]);
        expect(stackOf(p, "apps-backend").resources.filter((r) => r.name.includes("canary")).map((r) => r.name)).to.deep.equal([]);
    });
});
