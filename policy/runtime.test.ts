import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import type * as grpcModule from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import type * as emptyModule from "google-protobuf/google/protobuf/empty_pb";
import type * as structModule from "google-protobuf/google/protobuf/struct_pb";
import { ROOT_DIR } from "../test/helpers/plan";
import { RESOURCE_RULES, STACK_RULES } from "./rules";

/**
 * The pack as the Pulumi CLI runs it: `@pulumi/pulumi/cmd/run-policy-pack` in the policy folder
 * (ts-node with type checking, the pack's server on a local port), called over gRPC the way the
 * engine calls it. No Pulumi CLI or cloud is involved.
 */

const POLICY_DIR = path.join(ROOT_DIR, "policy");

/** gRPC and protobuf as @pulumi/pulumi's generated client uses them (the very same module instances). */
const PROTO_DIR = path.dirname(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb"));
const grpc: typeof grpcModule = require(require.resolve("@grpc/grpc-js", { paths: [PROTO_DIR] }));
const structProto: typeof structModule = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [PROTO_DIR] }));
const emptyProto: typeof emptyModule = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [PROTO_DIR] }));

/** The runtime reports a violation as the policy's description, a newline, and the message. */
function reported(policy: string, message: string): string {
    const rule = [...RESOURCE_RULES, ...STACK_RULES].find((r) => r.name === policy)!;
    return `${rule.description}\n${message}`;
}

function startPack(): Promise<{ child: ChildProcess; port: number }> {
    const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [POLICY_DIR] });
    // The first argument, the engine's address, is not dialled by the analyzer calls used here.
    const child = spawn(process.execPath, [runner, "127.0.0.1:1", "."], { cwd: POLICY_DIR, stdio: ["ignore", "pipe", "pipe"] });
    return new Promise((resolve, reject) => {
        let stdout = "";
        let stderr = "";
        child.stderr!.on("data", (d) => (stderr += d));
        child.stdout!.on("data", (d) => {
            stdout += d;
            const line = stdout.split("\n")[0];
            if (stdout.includes("\n") && /^\d+$/.test(line.trim())) resolve({ child, port: Number(line.trim()) });
        });
        child.on("exit", (code) => reject(new Error(`policy pack exited ${code}: ${stderr}${stdout}`)));
    });
}

function call<Req, Res>(method: (req: Req, cb: (err: grpcModule.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise((resolve, reject) => method(req, (err, res) => (err ? reject(err) : resolve(res))));
}

function analyzerResource(type: string, name: string, props: Record<string, unknown>, parent?: string): analyzerProto.AnalyzerResource {
    const r = new analyzerProto.AnalyzerResource();
    r.setType(type);
    r.setName(name);
    r.setUrn(`urn:pulumi:dev::infra-frontend::${type}::${name}`);
    r.setProperties(structProto.Struct.fromJavaScript(props as Record<string, structModule.JavaScriptValue>));
    r.setOptions(new analyzerProto.AnalyzerResourceOptions());
    if (parent) r.setParent(parent);
    return r;
}

/** What the engine sends to check one resource's inputs. */
function analyzeRequest(r: analyzerProto.AnalyzerResource): analyzerProto.AnalyzeRequest {
    const req = new analyzerProto.AnalyzeRequest();
    req.setType(r.getType());
    req.setName(r.getName());
    req.setUrn(r.getUrn());
    req.setProperties(r.getProperties());
    req.setOptions(r.getOptions());
    return req;
}

function diagnostics(res: analyzerProto.AnalyzeResponse): [string, string, analyzerProto.EnforcementLevel, string][] {
    return res.getDiagnosticsList().map((d) => [d.getPolicyname(), d.getUrn(), d.getEnforcementlevel(), d.getMessage()]);
}

describe("policy pack under the policy runtime", function () {
    this.timeout(120000);
    let pack: { child: ChildProcess; port: number } | undefined;
    let client: analyzerRpc.AnalyzerClient;

    before(async () => {
        pack = await startPack();
        client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${pack.port}`, grpc.credentials.createInsecure());
    });

    after(() => {
        client?.close();
        if (pack && pack.child.exitCode === null) process.kill(pack.child.pid!);
    });

    it("GIVEN index.ts WHEN the runtime loads it THEN it serves yelb-cross-account-guardrails with every policy mandatory but lattice-calls-encrypted (advisory)", async () => {
        const info: analyzerProto.AnalyzerInfo = await call(client.getAnalyzerInfo.bind(client), new emptyProto.Empty());
        expect(info.getName()).to.equal("yelb-cross-account-guardrails");
        expect(info.getVersion()).to.equal("0.1.0");
        expect(info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()])).to.deep.equal(
            [
                "no-full-access-managed-policies",
                "no-wildcard-actions",
                "no-world-ingress",
                "eks-nodes-no-public-ip",
                "ram-shares-only-to-configured-accounts",
                "no-client-error-retries",
                "containers-have-resources-and-probes",
                "lattice-auth-policies-conditioned",
                "lattice-calls-encrypted",
                "iam-names-exist",
                "eks-nodes-private-subnets",
                "eks-secrets-encrypted-rotating-key",
            ].map((name) => [name, name === "lattice-calls-encrypted" ? analyzerProto.EnforcementLevel.ADVISORY : analyzerProto.EnforcementLevel.MANDATORY]),
        );
    });

    it("GIVEN a FullAccess attachment WHEN the engine analyzes it THEN the pack reports a mandatory violation", async () => {
        const r = analyzerResource("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "node-appmesh", {
            policyArn: "arn:aws:iam::aws:policy/AWSAppMeshFullAccess",
            role: "node",
        });
        expect(diagnostics(await call(client.analyze.bind(client), analyzeRequest(r)))).to.deep.equal([
            [
                "no-full-access-managed-policies",
                "",
                analyzerProto.EnforcementLevel.MANDATORY,
                reported(
                    "no-full-access-managed-policies",
                    "attaches the AWS managed policy arn:aws:iam::aws:policy/AWSAppMeshFullAccess, which allows every action of its service; attach a policy scoped to what the principal needs",
                ),
            ],
        ]);
    });

    it("GIVEN allowedPrincipals in the pack's config WHEN the engine analyzes RAM shares THEN only the configured account passes", async () => {
        const policyConfig = new analyzerProto.PolicyConfig();
        policyConfig.setEnforcementlevel(analyzerProto.EnforcementLevel.MANDATORY);
        policyConfig.setProperties(structProto.Struct.fromJavaScript({ allowedPrincipals: ["222222222222"] }));
        const configure = new analyzerProto.ConfigureAnalyzerRequest();
        configure.getPolicyconfigMap().set("ram-shares-only-to-configured-accounts", policyConfig);
        await call(client.configure.bind(client), configure);
        const share = (principal: string) =>
            analyzeRequest(
                analyzerResource("aws:ram/principalAssociation:PrincipalAssociation", `share-${principal}`, {
                    principal,
                    resourceShareArn: "arn:aws:ram:us-west-2:111111111111:resource-share/x",
                }),
            );
        expect(diagnostics(await call(client.analyze.bind(client), share("222222222222")))).to.deep.equal([]);
        expect(diagnostics(await call(client.analyze.bind(client), share("111111111111")))).to.deep.equal([
            [
                "ram-shares-only-to-configured-accounts",
                "",
                analyzerProto.EnforcementLevel.MANDATORY,
                reported("ram-shares-only-to-configured-accounts", 'shares with "111111111111", which is not an allowed account (222222222222); share only with the environment\'s accounts'),
            ],
        ]);
    });

    it("GIVEN stack outputs whose node group has a public subnet WHEN the engine analyzes the stack THEN that node group is reported", async () => {
        const vpc = analyzerResource("awsx:ec2:Vpc", "vpc", { privateSubnetIds: ["subnet-a"], publicSubnetIds: ["subnet-b"] });
        // The component's outputs leave the subnets to the node group it creates, its child.
        const component = analyzerResource("eks:index:ManagedNodeGroup", "nodes", { nodeGroup: "nodes-ng-1a2b" });
        const nodes = analyzerResource("aws:eks/nodeGroup:NodeGroup", "nodes-ng", { subnetIds: ["subnet-a", "subnet-b"] }, component.getUrn());
        const req = new analyzerProto.AnalyzeStackRequest();
        req.setResourcesList([vpc, component, nodes]);
        expect(diagnostics(await call(client.analyzeStack.bind(client), req))).to.deep.equal([
            [
                "eks-nodes-private-subnets",
                nodes.getUrn(),
                analyzerProto.EnforcementLevel.MANDATORY,
                reported("eks-nodes-private-subnets", "subnets subnet-b are not private subnets of the VPC (subnet-a); put nodes in privateSubnetIds only"),
            ],
        ]);
    });
});
