import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import {
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
} from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime";
import { ROOT_DIR, examplePlan } from "../test/helpers/plan";
import { environmentAccounts, policyPackConfig } from "./config";
import { planContext } from "./evaluate";
import { ACCOUNT_ID_PATTERN, CONFIG_SCHEMAS, plainProps, policies } from "./pack";
import { PACK_NAME, RESOURCE_RULES, STACK_RULES } from "./rules";

/**
 * The CrossGuard side: the policies `index.ts` serves, called the way the policy runtime calls
 * them (props deserialized in the clear and wrapped in its unknown-checking proxy).
 */

/** What the engine sends for a value not known during preview. */
const UNKNOWN_SENTINEL = unknownValue;

function policyNamed<T extends ResourceValidationPolicy | StackValidationPolicy>(name: string): T {
    const found = policies.find((p) => p.name === name);
    if (!found) throw new Error(`no policy ${name}`);
    return found as T;
}

/** Calls a resource policy as the runtime would; returns the messages it reports. */
async function validate(name: string, type: string, props: Record<string, unknown>, config: object = {}): Promise<string[]> {
    const reported: string[] = [];
    const args = {
        type,
        props: unknownCheckingProxy(props),
        urn: `urn:pulumi:dev::infra::${type}::r`,
        name: "r",
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        stackTags: new Map<string, string>(),
        getConfig: () => config,
    } as unknown as ResourceValidationArgs;
    const validations = policyNamed<ResourceValidationPolicy>(name).validateResource;
    for (const v of Array.isArray(validations) ? validations : [validations!]) await v(args, (message) => reported.push(message));
    return reported;
}

function stackResource(type: string, name: string, props: Record<string, unknown>, parent?: PolicyResource): PolicyResource {
    const urn = `urn:pulumi:dev::infra::${parent ? `${parent.type}$` : ""}${type}::${name}`;
    return {
        type,
        name,
        urn,
        props: unknownCheckingProxy(props),
        opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
        ...(parent ? { parent } : {}),
        dependencies: [],
        propertyDependencies: {},
    } as unknown as PolicyResource;
}

async function validateStack(name: string, resources: PolicyResource[]): Promise<{ message: string; urn?: string }[]> {
    const reported: { message: string; urn?: string }[] = [];
    const args = { resources, stackTags: new Map<string, string>(), getConfig: () => ({}) } as unknown as StackValidationArgs;
    await policyNamed<StackValidationPolicy>(name).validateStack(args, (message, urn) => reported.push({ message, urn }));
    return reported;
}

describe("policy pack (CrossGuard)", () => {
    it("GIVEN the rules WHEN served THEN each is one kebab-case policy (mandatory, or advisory where a setting may choose it) of the pack, resource or stack as the rule is", () => {
        expect(policies.map((p) => [p.name, p.enforcementLevel, "validateStack" in p ? "stack" : "resource"])).to.deep.equal([
            ["no-full-access-managed-policies", "mandatory", "resource"],
            ["no-wildcard-actions", "mandatory", "resource"],
            ["no-world-ingress", "mandatory", "resource"],
            ["eks-nodes-no-public-ip", "mandatory", "resource"],
            ["ram-shares-only-to-configured-accounts", "mandatory", "resource"],
            ["no-client-error-retries", "mandatory", "resource"],
            ["containers-have-resources-and-probes", "mandatory", "resource"],
            ["lattice-auth-policies-conditioned", "mandatory", "resource"],
            ["lattice-calls-encrypted", "advisory", "resource"],
            ["iam-names-exist", "mandatory", "resource"],
            ["eks-nodes-private-subnets", "mandatory", "stack"],
            ["eks-secrets-encrypted-rotating-key", "mandatory", "stack"],
        ]);
        expect(policies.map((p) => p.name)).to.deep.equal([...RESOURCE_RULES, ...STACK_RULES].map((r) => r.name));
        for (const p of policies) expect(p.name).to.match(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    });

    it("GIVEN docs/policy.md WHEN its table is read THEN it lists every policy of the pack once", () => {
        const table = fs.readFileSync(path.join(ROOT_DIR, "docs", "policy.md"), "utf8");
        const listed = [...table.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
        expect([...listed].sort()).to.deep.equal(policies.map((p) => p.name).sort());
    });

    it("GIVEN the RAM policy WHEN served THEN it declares allowedPrincipals as a list of account IDs", () => {
        expect(policyNamed("ram-shares-only-to-configured-accounts").configSchema).to.deep.equal(CONFIG_SCHEMAS["ram-shares-only-to-configured-accounts"]);
        expect(CONFIG_SCHEMAS["ram-shares-only-to-configured-accounts"].properties.allowedPrincipals).to.deep.include({
            type: "array",
            items: { type: "string", pattern: ACCOUNT_ID_PATTERN },
            uniqueItems: true,
            default: [],
        });
        expect(Object.keys(CONFIG_SCHEMAS)).to.deep.equal(["ram-shares-only-to-configured-accounts"]);
    });

    it("GIVEN a RolePolicy as CrossGuard sees it (JSON text) WHEN validated THEN it reports the offline rule's message", async () => {
        const policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });
        expect(await validate("no-wildcard-actions", "aws:iam/rolePolicy:RolePolicy", { role: "r", policy })).to.deep.equal([
            'statement 0 allows "*"; list the actions the principal needs instead of a wildcard',
        ]);
    });

    it("GIVEN a resource of another type WHEN validated THEN the policy says nothing", async () => {
        expect(await validate("no-world-ingress", "aws:s3/bucket:Bucket", { cidrIpv4: "0.0.0.0/0" })).to.deep.equal([]);
    });

    it("GIVEN an unknown CIDR in preview WHEN validated THEN the known world-open block is still reported", async () => {
        const props = {
            ingress: [
                { protocol: "tcp", fromPort: 4567, toPort: 4567, cidrBlocks: [UNKNOWN_SENTINEL] },
                { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
            ],
            tags: UNKNOWN_SENTINEL,
        };
        expect(await validate("no-world-ingress", "aws:ec2/securityGroup:SecurityGroup", props)).to.deep.equal([
            "ingress[1] admits 0.0.0.0/0 on tcp 22; open it only to the CIDRs or security groups that need it",
        ]);
    });

    it("GIVEN proxied props with unknowns WHEN made plain THEN each unknown is [unknown] and the rest is unchanged", () => {
        const props = { a: UNKNOWN_SENTINEL, b: [1, UNKNOWN_SENTINEL, { c: "d" }], e: { f: UNKNOWN_SENTINEL, g: null } };
        expect(plainProps(unknownCheckingProxy(props))).to.deep.equal({ a: "[unknown]", b: [1, "[unknown]", { c: "d" }], e: { f: "[unknown]", g: null } });
    });

    it("GIVEN allowedPrincipals in the policy config WHEN a share is validated THEN only those accounts pass", async () => {
        const config = { allowedPrincipals: ["111111111111", "222222222222"] };
        const type = "aws:ram/principalAssociation:PrincipalAssociation";
        expect(await validate("ram-shares-only-to-configured-accounts", type, { principal: "222222222222" }, config)).to.deep.equal([]);
        expect(await validate("ram-shares-only-to-configured-accounts", type, { principal: "333333333333" }, config)).to.deep.equal([
            'shares with "333333333333", which is not an allowed account (111111111111, 222222222222); share only with the environment\'s accounts',
        ]);
        expect(await validate("ram-shares-only-to-configured-accounts", type, { principal: "222222222222" })).to.deep.equal([
            'shares with "222222222222", which is not an allowed account (none configured); share only with the environment\'s accounts',
        ]);
    });

    it("GIVEN stack outputs as CrossGuard sees them WHEN the stack is validated THEN the public node group is reported with its URN", async () => {
        const vpc = stackResource("awsx:ec2:Vpc", "vpc", { privateSubnetIds: ["subnet-a", "subnet-b"], publicSubnetIds: ["subnet-c"] });
        const component = stackResource("eks:index:ManagedNodeGroup", "nodes", { nodeGroup: "nodes-123" });
        const child = stackResource("aws:eks/nodeGroup:NodeGroup", "nodes", { subnetIds: ["subnet-a", "subnet-c"] }, component);
        expect(await validateStack("eks-nodes-private-subnets", [vpc, component, child])).to.deep.equal([
            { message: "subnets subnet-c are not private subnets of the VPC (subnet-a, subnet-b); put nodes in privateSubnetIds only", urn: child.urn },
        ]);
    });

    it("GIVEN a preview where the VPC's subnets are not known yet WHEN the stack is validated THEN nothing is reported", async () => {
        const vpc = stackResource("awsx:ec2:Vpc", "vpc", { privateSubnetIds: UNKNOWN_SENTINEL });
        const nodes = stackResource("eks:index:ManagedNodeGroup", "nodes", { subnetIds: [UNKNOWN_SENTINEL] });
        expect(await validateStack("eks-nodes-private-subnets", [vpc, nodes])).to.deep.equal([]);
    });
});

describe("policy pack files", () => {
    const dir = __dirname;

    it("GIVEN PulumiPolicy.yaml and package.json WHEN read THEN they make a nodejs pack whose dependencies are the root's", () => {
        const manifest = yaml.load(fs.readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8")) as Record<string, unknown>;
        expect(manifest.runtime).to.equal("nodejs");
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        expect(pkg).to.include({ name: PACK_NAME, version: "0.1.0", private: true });
        expect(pkg).to.not.have.property("dependencies");
    });

    it("GIVEN the example's generated config WHEN read THEN it allows exactly the example environment's accounts, in the schema's form", async () => {
        const config = policyPackConfig(environmentAccounts(ROOT_DIR, "example")) as Record<string, any>;
        expect(Object.keys(config)).to.deep.equal(["ram-shares-only-to-configured-accounts"]);
        const { allowedPrincipals } = config["ram-shares-only-to-configured-accounts"];
        expect(allowedPrincipals).to.deep.equal(planContext(await examplePlan()).allowedPrincipals);
        for (const account of allowedPrincipals) expect(account).to.match(new RegExp(ACCOUNT_ID_PATTERN));
    });
});
