import { anonymousPrincipal } from "@cloud-copilot/iam-simulate";
import { latticeInvokeContext, simulatedDecision } from "./helpers/iam-simulate";
import { expect } from "chai";
import { Plan, planEnvironment } from "../tools/sim/environment";
import { ROOT_DIR, planChanges as changes, resourcesOfType, theResource } from "./helpers/plan";
import { SyntheticService, syntheticAccountId, writeSyntheticEnvironment } from "../tools/bench/synthetic-environment";
import { tempDir } from "./helpers/temp-dir";

/**
 * An environment of many accounts on one service network (issue 18): a network account owning it,
 * three provider accounts each running one (synthetic) service, consumer accounts each calling one.
 * Planned twice: with 8 accounts, and with a ninth onboarded (c5, a second consumer of ballots);
 * the second plan against the first is onboarding, the first against the second offboarding.
 */
const ENV = "syn";
const BASE: SyntheticService[] = [
    { name: "votes", provider: "p1", consumers: ["c1", "c2"] },
    { name: "ballots", provider: "p2", consumers: ["c3"] },
    { name: "tallies", provider: "p3", consumers: ["c4"] },
];
const ONBOARDED: SyntheticService[] = BASE.map((s) => (s.name === "ballots" ? { ...s, consumers: [...s.consumers, "c5"] } : s));
const ACCOUNTS = ["network", "p1", "c1", "c2", "p2", "c3", "p3", "c4", "c5"];
/** Each account keeps its AWS account ID whichever environment file lists it. */
const IDS = Object.fromEntries(ACCOUNTS.map((a, i) => [a, syntheticAccountId(i + 1)]));

let plans: Promise<{ base: Plan; onboarded: Plan }> | undefined;
// Planned one after the other: the planner points the programs at its config folder while it runs.
const planned = () =>
    (plans ??= (async () => {
        const base = await planEnvironment(ENV, { rootDir: ROOT_DIR, stackConfigDir: writeSyntheticEnvironment(tempDir("synthetic-"), ENV, BASE, IDS), traceFlows: false });
        const onboarded = await planEnvironment(ENV, { rootDir: ROOT_DIR, stackConfigDir: writeSyntheticEnvironment(tempDir("synthetic-"), ENV, ONBOARDED, IDS), traceFlows: false });
        return { base, onboarded };
    })());

const stackOf = (p: Plan, project: string, account: string) => p.stacks.find((s) => s.project === project && s.accountName === account)!;
const vpcOf = (p: Plan, account: string) => p.stacks.find((s) => s.project.startsWith("infra-") && s.accountName === account)!.outputs.vpcId as string;
const dnsOf = (p: Plan, provider: string) => stackOf(p, "apps", provider).outputs.yelbAppserverServiceDnsName as string;
const AUTH_POLICY = "kubernetes:application-networking.k8s.aws/v1alpha1:IAMAuthPolicy";

/** The decision on an unsigned call to a provider's service from `vpc`, owned by `owner`, under the service's own auth policy. */
async function invoke(policy: string, providerId: string, vpc: string, owner: string): Promise<string> {
    const service = `arn:aws:vpc-lattice:us-west-2:${providerId}:service/svc-0123456789abcdef0`;
    return simulatedDecision({
        principal: anonymousPrincipal,
        action: "vpc-lattice-svcs:Invoke",
        resource: `${service}/api/getvotes`,
        resourceAccount: providerId,
        context: latticeInvokeContext(service, vpc, owner),
        resourcePolicy: JSON.parse(policy),
    });
}

describe("many accounts on one service network (synthetic, 8 and 9 accounts)", function () {
    this.timeout(120_000);

    it("GIVEN 8 and 9 accounts WHEN planned THEN the network account owns the network and shares it with exactly every workload account", async () => {
        for (const [p, services] of Object.entries(await planned()).map(([k, p]) => [p, k === "base" ? BASE : ONBOARDED] as const)) {
            const workloads = [...new Set(services.flatMap((s) => [s.provider, ...s.consumers]))];
            expect(workloads.length + 1).to.be.at.least(8);
            const owner = stackOf(p, "mesh", "network");
            expect(owner.account).to.equal(IDS.network);
            expect(resourcesOfType(owner, "aws:ram/principalAssociation:PrincipalAssociation").map((r) => r.inputs.principal)).to.have.members(workloads.map((a) => IDS[a]));
            // Each workload account: its infra, mesh and apps stacks, in its own AWS account.
            for (const a of workloads) for (const project of ["mesh", "apps"]) expect(stackOf(p, project, a).account, `${project} of ${a}`).to.equal(IDS[a]);
            expect(p.stacks).to.have.lengthOf(1 + 3 * workloads.length);
        }
    });

    it("GIVEN 8 and 9 accounts WHEN planned THEN every consumer reads exactly its provider's apps stack and calls its DNS name, no other provider's", async () => {
        for (const [p, services] of Object.entries(await planned()).map(([k, p]) => [p, k === "base" ? BASE : ONBOARDED] as const)) {
            for (const service of services) {
                for (const consumer of service.consumers) {
                    const apps = stackOf(p, "apps", consumer);
                    expect(apps.references.filter((r) => r.startsWith("organization/apps/")), consumer).to.deep.equal([`organization/apps/${ENV}-${service.provider}`]);
                    const conf = String((theResource(apps, "kubernetes:core/v1:ConfigMap", "yelb-ui-nginx").inputs.data as Record<string, string>)["default.conf"]);
                    for (const other of services) expect(conf.includes(dnsOf(p, other.provider)), `${consumer} calls ${other.provider}`).to.equal(other === service);
                }
            }
        }
    });

    it("GIVEN 8 and 9 accounts WHEN every workload account calls every service (iam-simulate) THEN each service's own auth policy admits exactly its declared consumers", async () => {
        for (const [p, services] of Object.entries(await planned()).map(([k, p]) => [p, k === "base" ? BASE : ONBOARDED] as const)) {
            const workloads = [...new Set(services.flatMap((s) => [s.provider, ...s.consumers]))];
            for (const service of services) {
                const [policy] = resourcesOfType(stackOf(p, "apps", service.provider), AUTH_POLICY);
                const json = (policy.inputs.spec as { policy: string }).policy;
                const decisions = await Promise.all(workloads.map(async (a) => [a, await invoke(json, IDS[service.provider], vpcOf(p, a), IDS[a])] as const));
                expect(Object.fromEntries(decisions), service.name).to.deep.equal(
                    Object.fromEntries(workloads.map((a) => [a, service.consumers.includes(a) ? "Allowed" : "ImplicitlyDenied"])),
                );
                // A declared consumer's account calling from a VPC that is not its own is denied too.
                expect(await invoke(json, IDS[service.provider], "vpc-0123456789abcdef0", IDS[service.consumers[0]])).to.equal("ImplicitlyDenied");
            }
        }
    });

    it("GIVEN c5 onboarded as a consumer of ballots WHEN planned THEN only c5's stacks are added, the owner gains its share principal, and ballots' provider its caller", async () => {
        const { base, onboarded } = await planned();
        const expected = [
            `+ apps/${ENV}-c5`,
            `+ infra-frontend/${ENV}-c5`,
            `+ mesh/${ENV}-c5`,
            // ballots' provider reads c5's infra stack: its VPC and account are the service's new caller.
            `apps/${ENV}-p2 + pulumi:pulumi:StackReference infra-frontend-c5`,
            `apps/${ENV}-p2 ~ ${AUTH_POLICY} yelb-appserver-lattice-auth-policy`,
            `mesh/${ENV}-network + aws:ram/principalAssociation:PrincipalAssociation lattice-share-c5`,
            `mesh/${ENV}-network + pulumi:pulumi:StackReference infra-frontend-c5`,
            // The network's auth policy admits the environment's accounts: c5's among them now.
            `mesh/${ENV}-network ~ aws:vpclattice/authPolicy:AuthPolicy lattice-auth-policy`,
        ];
        expect(changes(base, onboarded)).to.deep.equal(expected);
    });

    it("GIVEN c5 offboarded WHEN planned THEN exactly its stacks, its share principal and its calls go; nothing of the other accounts changes", async () => {
        const { base, onboarded } = await planned();
        expect(changes(onboarded, base)).to.deep.equal([
            `- apps/${ENV}-c5`,
            `- infra-frontend/${ENV}-c5`,
            `- mesh/${ENV}-c5`,
            `apps/${ENV}-p2 - pulumi:pulumi:StackReference infra-frontend-c5`,
            `apps/${ENV}-p2 ~ ${AUTH_POLICY} yelb-appserver-lattice-auth-policy`,
            `mesh/${ENV}-network - aws:ram/principalAssociation:PrincipalAssociation lattice-share-c5`,
            `mesh/${ENV}-network - pulumi:pulumi:StackReference infra-frontend-c5`,
            `mesh/${ENV}-network ~ aws:vpclattice/authPolicy:AuthPolicy lattice-auth-policy`,
        ]);
        const policyOf = (p: Plan) => JSON.parse((theResource(stackOf(p, "apps", "p2"), AUTH_POLICY).inputs.spec as { policy: string }).policy).Statement[0].Condition.StringEquals;
        // One caller is written as a single value, several as a list (IAM treats both alike).
        expect(policyOf(base)["vpc-lattice-svcs:SourceVpcOwnerAccount"]).to.deep.equal(IDS.c3);
        expect(policyOf(onboarded)["vpc-lattice-svcs:SourceVpcOwnerAccount"]).to.deep.equal([IDS.c3, IDS.c5]);
    });
});
