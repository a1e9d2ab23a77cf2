import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { GetResourceShareAssociationsCommand, GetResourceSharesCommand, RAMClient } from "@aws-sdk/client-ram";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
    GetAuthPolicyCommand,
    GetRuleCommand,
    ListListenersCommand,
    ListRulesCommand,
    ListServiceNetworkServiceAssociationsCommand,
    ListServiceNetworkVpcAssociationsCommand,
    ListTargetsCommand,
    VPCLatticeClient,
} from "@aws-sdk/client-vpc-lattice";
import { serviceNetworkAuthPolicy } from "../../shared/components/lattice-service-network";
import { RoleId, Side } from "../../shared/topology";
import { FakeKube } from "../../test/helpers/fake-kube";
import { ROOT_DIR } from "../../test/helpers/plan";
import { parseVerifyArgs, verifyRefusals } from "./main";
import { SideClients, VerifyRequest, reportLines, verifyEnvironment, verifyExitCode } from "./run";

const config = { region: "us-west-2", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } };
const ACCOUNTS: Record<Side, string> = { frontend: "123456789012", backend: "210987654321" };
const SN = "arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-1";
const SHARE = "arn:aws:ram:us-west-2:123456789012:resource-share/s-1";
const SERVICE = "arn:aws:vpc-lattice:us-west-2:210987654321:service/svc-1";
const DNS = "yelb-appserver-yelb-0abc.7d67968.vpc-lattice-svcs.us-west-2.on.aws";

function outputs(transport: string): Record<RoleId, Record<string, unknown>> {
    const infra = (side: Side) => ({ clusterName: `yelb-dev-${side}`, vpcId: side === "frontend" ? "vpc-0f1" : "vpc-0b2", kubeconfig: "{}" });
    return {
        "infra-frontend": infra("frontend"),
        "infra-backend": infra("backend"),
        "mesh-owner": { serviceNetworkArn: SN, serviceNetworkShareArn: SHARE, latticeListenerPort: 443, latticeListenerProtocol: "HTTPS" },
        "mesh-participant": { gatewayName: "yelb-dev", gatewayNamespace: "aws-application-networking-system" },
        "apps-backend": { transport, namespace: "yelb", yelbAppserverServiceArn: SERVICE, yelbAppserverServiceDnsName: DNS },
        "apps-frontend": { transport, namespace: "yelb", applicationUrl: "http://yelb.example" },
    };
}

/** Every client answering as a healthy environment does. */
function healthyClients(): Record<Side, SideClients> & { kube: Record<Side, FakeKube> } {
    const make = (side: Side, kube: FakeKube): SideClients => {
        const sts = new STSClient(config);
        mockClient(sts).on(GetCallerIdentityCommand).resolves({ Account: ACCOUNTS[side], Arn: `arn:aws:sts::${ACCOUNTS[side]}:assumed-role/admin/me` });
        const eks = new EKSClient(config);
        mockClient(eks).on(DescribeClusterCommand).resolves({ cluster: { status: "ACTIVE", version: "1.35" } });
        const ram = new RAMClient(config);
        const ramMock = mockClient(ram);
        ramMock.on(GetResourceSharesCommand).resolves({ resourceShares: [{ name: "yelb-dev-share", status: "ACTIVE" }] });
        ramMock.on(GetResourceShareAssociationsCommand).resolves({ resourceShareAssociations: [{ associatedEntity: ACCOUNTS.backend, status: "ASSOCIATED" }] });
        const lattice = new VPCLatticeClient(config);
        const l = mockClient(lattice);
        l.on(ListServiceNetworkVpcAssociationsCommand).resolves({ items: [{ vpcId: "vpc-0f1", status: "ACTIVE" }] });
        l.on(GetAuthPolicyCommand).resolves({ policy: serviceNetworkAuthPolicy("sourceVpc", "vpc-0f1"), state: "Active" });
        l.on(ListServiceNetworkServiceAssociationsCommand).resolves({ items: [{ serviceNetworkArn: SN, serviceNetworkName: "yelb-dev", serviceName: "yelb-appserver-yelb", status: "ACTIVE" }] });
        l.on(ListListenersCommand).resolves({ items: [{ id: "listener-1" }] });
        l.on(ListRulesCommand).resolves({ items: [{ id: "rule-1" }] });
        l.on(GetRuleCommand).resolves({ action: { forward: { targetGroups: [{ targetGroupIdentifier: "tg-1" }] } } });
        l.on(ListTargetsCommand).resolves({ items: [{ id: "10.1.0.5", status: "HEALTHY" }] });
        return { sts, eks, ram, lattice, kube };
    };
    const conditions = (...types: string[]) => types.map((type) => ({ type, status: "True" }));
    const kube = {
        frontend: new FakeKube({ pods: { yelb: [{ name: "yelb-ui-a", ready: true }] }, probe: { phases: ["Succeeded"], log: "probe 169.254.171.32 200 0" } }),
        backend: new FakeKube({
            pods: { yelb: [{ name: "yelb-appserver-a", labels: { app: "yelb-appserver" }, ready: true }, { name: "yelb-db-0", ready: true }] },
            objects: {
                "gateways/aws-application-networking-system/yelb-dev": { status: { conditions: conditions("Programmed") } },
                "httproutes/yelb/yelb-appserver": { status: { parents: [{ conditions: conditions("Accepted", "ResolvedRefs") }] } },
            },
            probe: { phases: ["Succeeded"], log: "probe  000 28" },
        }),
    };
    return { frontend: make("frontend", kube.frontend), backend: make("backend", kube.backend), kube };
}

function request(fields: Partial<VerifyRequest> & { transport?: string; clients?: VerifyRequest["clients"] } = {}): VerifyRequest {
    const world = healthyClients();
    const stacks = outputs(fields.transport ?? "lattice");
    return {
        environment: "dev",
        sides: { frontend: { accountId: ACCOUNTS.frontend, region: "us-west-2", profile: "frontend" }, backend: { accountId: ACCOUNTS.backend, region: "us-west-2", profile: "backend" } },
        readOutputs: async (role) => stacks[role],
        clients: (side) => world[side],
        runId: "abc123",
        ...fields,
    };
}

describe("npm run verify: the whole run (mocked AWS, fake Kubernetes)", () => {
    it("GIVEN a healthy Lattice environment WHEN verified THEN every check passes in order and it exits 0", async () => {
        const report = await verifyEnvironment(request());
        expect(report.checks.map((c) => `${c.status} ${c.id}`)).to.deep.equal([
            "PASS credentials-frontend",
            "PASS credentials-backend",
            "PASS cluster-frontend",
            "PASS cluster-backend",
            "PASS ram-share",
            "PASS vpc-association",
            "PASS service-association",
            "PASS auth-policy",
            "PASS targets",
            "PASS gateway",
            "PASS route",
            "PASS pods-frontend",
            "PASS pods-backend",
            "PASS dns",
            "PASS call-allowed",
            "PASS call-denied",
        ]);
        expect(verifyExitCode(report)).to.equal(0);
        expect(report.checks.find((c) => c.id === "call-allowed")?.seen, "over HTTPS, as yelb-ui calls it").to.equal(`GET https://${DNS}:443/api/getvotes answered 200`);
        expect(reportLines(report)[0]).to.equal('PASS  credentials-frontend  profile "frontend" is arn:aws:sts::123456789012:assumed-role/admin/me in account 123456789012');
    });

    it("GIVEN a read-only run WHEN verified THEN the probe checks are SKIP, no pod is created, and only then does SKIP exit 0", async () => {
        const world = healthyClients();
        const report = await verifyEnvironment(request({ readOnly: true, clients: (side) => world[side] }));
        expect(report.checks.slice(-3).map((c) => `${c.status} ${c.id}: ${c.seen}`)).to.deep.equal(
            ["dns", "call-allowed", "call-denied"].map((id) => `SKIP ${id}: left out (--read-only): the probe pods need pods create/delete in the Yelb namespaces`),
        );
        expect([world.kube.frontend.created, world.kube.backend.created]).to.deep.equal([[], []]);
        expect([verifyExitCode(report, true), verifyExitCode(report, false)]).to.deep.equal([0, 1]);
    });

    it("GIVEN a stack that is not deployed WHEN verified THEN one FAIL names it and the deploy to run, with no client made", async () => {
        let made = 0;
        const report = await verifyEnvironment(request({ readOutputs: async (role) => (role === "apps-frontend" ? undefined : outputs("lattice")[role]), clients: () => (made++, healthyClients().frontend) }));
        expect(report.checks).to.deep.equal([{ id: "stack-outputs", status: "FAIL", seen: "not deployed in the state backend: apps-frontend", fix: "run npm run deploy -- --stack dev" }]);
        expect([made, verifyExitCode(report)]).to.deep.equal([0, 1]);
    });

    it("GIVEN an App Mesh environment WHEN verified THEN accounts, clusters and pods are checked and App Mesh is reported unreachable", async () => {
        const report = await verifyEnvironment(request({ transport: "appmesh" }));
        expect(report.checks.map((c) => `${c.status} ${c.id}`)).to.deep.equal([
            "PASS credentials-frontend",
            "PASS credentials-backend",
            "PASS cluster-frontend",
            "PASS cluster-backend",
            "PASS pods-frontend",
            "PASS pods-backend",
            "FAIL app-mesh",
        ]);
        expect(reportLines(report).slice(-2)).to.deep.equal([
            "FAIL  app-mesh              App Mesh is no longer reachable: AWS ended it on 2026-09-30, so the mesh, its virtual services and the Envoy path cannot be checked",
            "                            fix: move the environment to VPC Lattice (transport: lattice, docs/transports.md), then deploy and verify again",
        ]);
    });

    it("GIVEN the example environment or a bad command line WHEN verify is asked THEN it refuses clearly", () => {
        expect(verifyRefusals(ROOT_DIR, "example")).to.deep.equal([
            'Environment "example" uses placeholder account IDs (111111111111 in infra-frontend/Pulumi.example.yaml, 222222222222 in infra-backend/Pulumi.example.yaml), ' +
                "which no AWS account has, so nothing of it can be deployed or verified: verify an environment you deployed, e.g. npm run verify -- --stack dev.",
        ]);
        expect(() => parseVerifyArgs([])).to.throw("--stack is required: the environment to verify. Run `npm run verify -- --help` for every option.");
        expect(parseVerifyArgs(["--stack", "dev", "--json", "--read-only"])).to.deep.equal({
            environment: "dev",
            profiles: { frontend: "frontend", backend: "backend" },
            json: true,
            readOnly: true,
            probeImage: undefined,
        });
    });
});
