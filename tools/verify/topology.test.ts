import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { GetResourceShareAssociationsCommand, GetResourceSharesCommand, RAMClient } from "@aws-sdk/client-ram";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { GetRuleCommand, ListListenersCommand, ListRulesCommand, ListServiceNetworkServiceAssociationsCommand, ListTargetsCommand, VPCLatticeClient } from "@aws-sdk/client-vpc-lattice";
import { EnvironmentDescription } from "../../shared/environment";
import { StackEntry, buildTopology } from "../../shared/topology";
import { FakeKube } from "../../test/helpers/fake-kube";
import { TopologyVerifyRequest, topologyVerifyExitCode, undeclaredCaller, verifyTopology } from "./topology";

/**
 * npm run verify over an environment described by a file: five accounts (a network account owning
 * the service network, two providers, three consumers), AWS mocked per account and each cluster a
 * fake Kubernetes API that records its probe pods.
 */
const DESCRIPTION: EnvironmentDescription = {
    serviceNetworkOwner: "network",
    accounts: ["network", "p1", "c1", "c2", "p2", "c3"].map((name) => ({ name })),
    services: [
        { name: "votes", provider: "p1", consumers: ["c1", "c2"] },
        { name: "ballots", provider: "p2", consumers: ["c3"] },
    ],
    file: "environments/syn.yaml",
};
const TOPOLOGY = buildTopology("syn", DESCRIPTION);
const ID: Record<string, string> = { network: "100000000001", p1: "100000000002", c1: "100000000003", c2: "100000000004", p2: "100000000005", c3: "100000000006" };
const SN = "arn:aws:vpc-lattice:us-west-2:100000000001:servicenetwork/sn-1";
const SHARE = "arn:aws:ram:us-west-2:100000000001:resource-share/s-1";
const dnsOf = (provider: string) => `yelb-appserver-yelb-${provider}.7d67968.vpc-lattice-svcs.us-west-2.on.aws`;
const config = { region: "us-west-2", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } };

function outputsOf(entry: StackEntry): Record<string, unknown> {
    const a = entry.account;
    if (entry.project.startsWith("infra-")) return { clusterName: `yelb-syn-${a}`, vpcId: `vpc-${a}`, kubeconfig: `{"${a}":1}` };
    if (entry.kind === "mesh-owner") return { serviceNetworkArn: SN, serviceNetworkShareArn: SHARE, latticeListenerPort: 443, latticeListenerProtocol: "HTTPS" };
    if (entry.project === "mesh") return { gatewayName: "yelb-syn", gatewayNamespace: "aws-application-networking-system" };
    if (entry.kind === "apps-backend") return { transport: "lattice", namespace: "yelb", yelbAppserverServiceArn: `arn:aws:vpc-lattice:us-west-2:${ID[a]}:service/svc-${a}`, yelbAppserverServiceDnsName: dnsOf(a) };
    return { transport: "lattice", namespace: "yelb", applicationUrl: `http://${a}.example` };
}

/** A healthy world: `principals` are the RAM share's, each consumer's probe answers 200, every other cluster's 403. */
function world(principals = ["p1", "c1", "c2", "p2", "c3"].map((a) => ID[a])) {
    const conditions = (...types: string[]) => types.map((type) => ({ type, status: "True" }));
    const kubes = new Map<string, FakeKube>();
    const consumers = DESCRIPTION.services.flatMap((s) => s.consumers);
    for (const a of ["p1", "c1", "c2", "p2", "c3"]) {
        const provider = a.startsWith("p");
        kubes.set(
            a,
            new FakeKube({
                pods: { yelb: provider ? [{ name: "yelb-appserver-a", labels: { app: "yelb-appserver" }, ready: true }] : [{ name: "yelb-ui-a", ready: true }] },
                objects: provider
                    ? {
                          "gateways/aws-application-networking-system/yelb-syn": { status: { conditions: conditions("Programmed") } },
                          "httproutes/yelb/yelb-appserver": { status: { parents: [{ conditions: conditions("Accepted", "ResolvedRefs") }] } },
                      }
                    : {},
                probe: { phases: ["Succeeded"], log: consumers.includes(a) ? "probe 169.254.171.32 200 0" : "probe 169.254.171.40 403 0" },
            }),
        );
    }
    const made: string[] = [];
    const clients: TopologyVerifyRequest["clients"] = (account, region, kubeconfig) => {
        made.push(`${account} ${region} ${kubeconfig ?? "no kubeconfig"}`);
        const sts = new STSClient(config);
        mockClient(sts).on(GetCallerIdentityCommand).resolves({ Account: ID[account], Arn: `arn:aws:sts::${ID[account]}:assumed-role/admin/me` });
        const eks = new EKSClient(config);
        mockClient(eks).on(DescribeClusterCommand).resolves({ cluster: { status: "ACTIVE", version: "1.35" } });
        const ram = new RAMClient(config);
        const r = mockClient(ram);
        r.on(GetResourceSharesCommand).resolves({ resourceShares: [{ name: "yelb-syn-share", status: "ACTIVE" }] });
        r.on(GetResourceShareAssociationsCommand).resolves({ resourceShareAssociations: principals.map((p) => ({ associatedEntity: p, status: "ASSOCIATED" })) });
        const lattice = new VPCLatticeClient(config);
        const l = mockClient(lattice);
        l.on(ListServiceNetworkServiceAssociationsCommand).resolves({ items: [{ serviceNetworkArn: SN, serviceNetworkName: "yelb-syn", serviceName: `yelb-appserver-${account}`, status: "ACTIVE" }] });
        l.on(ListListenersCommand).resolves({ items: [{ id: "listener-1" }] });
        l.on(ListRulesCommand).resolves({ items: [{ id: "rule-1" }] });
        l.on(GetRuleCommand).resolves({ action: { forward: { targetGroups: [{ targetGroupIdentifier: "tg-1" }] } } });
        l.on(ListTargetsCommand).resolves({ items: [{ id: "10.1.0.5", status: "HEALTHY" }] });
        return { sts, eks, ram, lattice, ...(kubeconfig === undefined ? {} : { kube: kubes.get(account)! }) };
    };
    return { clients, kubes, made };
}

function request(w: ReturnType<typeof world>, fields: Partial<TopologyVerifyRequest> = {}): TopologyVerifyRequest {
    return {
        topology: TOPOLOGY,
        accounts: Object.fromEntries(Object.keys(ID).map((a) => [a, { accountId: ID[a], region: "us-west-2", profile: a }])),
        readOutputs: async (entry) => outputsOf(entry),
        clients: w.clients,
        runId: "abc123",
        ...fields,
    };
}

describe("npm run verify over an environment's topology (six accounts, mocked AWS, fake clusters)", () => {
    it("GIVEN a healthy environment WHEN verified THEN every account, provider and consumer-to-service call is checked, each consumer through its own cluster to its provider's DNS name", async () => {
        const w = world();
        const report = await verifyTopology(request(w));
        expect(report.checks.map((c) => `${c.status} ${c.id}`)).to.deep.equal([
            ...["network", "p1", "c1", "c2", "p2", "c3"].map((a) => `PASS credentials-${a}`),
            ...["p1", "c1", "c2", "p2", "c3"].map((a) => `PASS cluster-${a}`),
            "PASS ram-share",
            ...["p1", "p2"].flatMap((p) => [`PASS service-association-${p}`, `PASS targets-${p}`, `PASS gateway-${p}`, `PASS route-${p}`]),
            ...["p1", "c1", "c2", "p2", "c3"].map((a) => `PASS pods-${a}`),
            "PASS dns-c1-votes",
            "PASS call-allowed-c1-votes",
            "PASS dns-c2-votes",
            "PASS call-allowed-c2-votes",
            "PASS call-denied-p2-votes",
            "PASS dns-c3-ballots",
            "PASS call-allowed-c3-ballots",
            "PASS call-denied-p1-ballots",
        ]);
        expect(topologyVerifyExitCode(report)).to.equal(0);
        const seen = (id: string) => report.checks.find((c) => c.id === id)!.seen;
        expect(seen("call-allowed-c2-votes")).to.equal(`GET https://${dnsOf("p1")}:443/api/getvotes answered 200`);
        expect(seen("call-allowed-c3-ballots")).to.equal(`GET https://${dnsOf("p2")}:443/api/getvotes answered 200`);
        expect(seen("call-denied-p1-ballots")).to.equal(`GET https://${dnsOf("p2")}:443/api/getvotes from account p1's cluster: 403, refused by the auth policy`);
        expect(seen("ram-share")).to.equal(`share yelb-syn-share is ACTIVE, associated with exactly ${["p1", "c1", "c2", "p2", "c3"].map((a) => ID[a]).join(", ")}`);
        expect(Object.fromEntries([...w.kubes].map(([a, k]) => [a, k.created]))).to.deep.equal({
            p1: ["yelb/yelb-verify-denied-p1-abc123"],
            c1: ["yelb/yelb-verify-c1-abc123"],
            c2: ["yelb/yelb-verify-c2-abc123"],
            p2: ["yelb/yelb-verify-denied-p2-abc123"],
            c3: ["yelb/yelb-verify-c3-abc123"],
        });
        // The network account runs no cluster: its clients carry no kubeconfig.
        expect(w.made[0]).to.equal("network us-west-2 no kubeconfig");
    });

    it("GIVEN an undeclared caller that answers 200, or an offboarded account still on the share WHEN verified THEN those checks FAIL and it exits 1", async () => {
        const w = world([...["p1", "c1", "c2", "p2", "c3"].map((a) => ID[a]), "100000000099"]);
        // p2's pods reach votes: p1's auth policy admits a caller it should not.
        (w.kubes.get("p2") as unknown as { state: { probe: { phases: string[]; log: string } } }).state.probe.log = "probe 169.254.171.40 200 0";
        const report = await verifyTopology(request(w));
        const failed = report.checks.filter((c) => c.status === "FAIL").map((c) => c.id);
        expect(failed).to.deep.equal(["ram-share", "call-denied-p2-votes"]);
        expect(report.checks.find((c) => c.id === "ram-share")!.fix).to.equal(
            "100000000099 may not receive the service network: deploy the owner's mesh stack again (an offboarded account's principal goes then)",
        );
        expect(topologyVerifyExitCode(report)).to.equal(1);
    });

    it("GIVEN a read-only run or a stack not deployed WHEN verified THEN the probes are SKIP (exit 0 only read-only), and a missing stack is one FAIL naming it", async () => {
        const w = world();
        const report = await verifyTopology(request(w, { readOnly: true }));
        expect(report.checks.filter((c) => c.status === "SKIP").map((c) => c.id)).to.deep.equal([
            "dns-c1-votes",
            "call-allowed-c1-votes",
            "dns-c2-votes",
            "call-allowed-c2-votes",
            "call-denied-p2-votes",
            "dns-c3-ballots",
            "call-allowed-c3-ballots",
            "call-denied-p1-ballots",
        ]);
        expect([topologyVerifyExitCode(report, true), topologyVerifyExitCode(report)]).to.deep.equal([0, 1]);
        expect([...w.kubes.values()].flatMap((k) => k.created)).to.deep.equal([]);
        const missing = await verifyTopology(request(world(), { readOutputs: async (e) => (e.account === "c2" && e.project === "apps" ? undefined : outputsOf(e)) }));
        expect(missing.checks).to.deep.equal([{ id: "stack-outputs", status: "FAIL", seen: "not deployed in the state backend: apps/syn-c2", fix: "run npm run deploy -- --stack syn" }]);
    });

    it("GIVEN a service WHEN its undeclared caller is chosen THEN it is a workload account that neither provides nor calls it, else its provider", () => {
        expect(undeclaredCaller(TOPOLOGY, DESCRIPTION.services[0])).to.equal("p2");
        const two = buildTopology("hub", { ...DESCRIPTION, accounts: [{ name: "network" }, { name: "p1" }, { name: "c1" }], services: [{ name: "votes", provider: "p1", consumers: ["c1"] }] });
        expect(undeclaredCaller(two, { provider: "p1", consumers: ["c1"] })).to.equal("p1");
    });
});
