import * as net from "net";
import type { EKSClient } from "@aws-sdk/client-eks";
import { clusterName } from "../../shared/naming";
import { Side } from "../../shared/topology";
import { CommandSpec, UsageError, parseLine, runMain, usage } from "../engine/cli";
import { previewVariable } from "./preview-matrix";

/**
 * Before a pull request's preview of a mesh or apps stack: can this runner reach the side's EKS API?
 * The Kubernetes provider previews an unreachable cluster as unknowns instead of failing, so without
 * this step a preview that read nothing of the cluster would still post a green comment. With the
 * preview role: eks:DescribeCluster for the endpoint, then a TCP connection to it on 443.
 */
export const SPEC: CommandSpec = {
    command: "node -r ./tools/engine/register.js tools/deploy/cluster-reach.ts",
    summary: "Exits 1, with one ::error:: line for GitHub Actions, when this machine cannot reach the EKS API of the cluster of one account of the environment.",
    options: [
        { flag: "--stack", value: "ENVIRONMENT", description: "the environment whose cluster to reach" },
        { flag: "--side", value: "ACCOUNT", description: "the account whose cluster to reach: frontend or backend, or any workload account of an environment file" },
    ],
};

/** Opens a TCP connection to host:port; resolves with the error's message, or undefined when it connected. */
export type Connect = (host: string, port: number, timeoutMs: number) => Promise<string | undefined>;

export const tcpConnect: Connect = (host, port, timeoutMs) =>
    new Promise((resolve) => {
        const socket = net.connect({ host, port });
        const done = (problem: string | undefined) => (socket.destroy(), resolve(problem));
        socket.setTimeout(timeoutMs, () => done(`no connection within ${timeoutMs / 1000} s`));
        socket.once("connect", () => done(undefined));
        socket.once("error", (e) => done(e.message));
    });

/** The one line that fails the job, or undefined when the API answers. */
export async function reachProblem(eks: EKSClient, environment: string, side: Side | string, connect: Connect, timeoutMs = 10_000): Promise<string | undefined> {
    const { DescribeClusterCommand } = await import("@aws-sdk/client-eks");
    const name = clusterName(environment, side);
    let endpoint: string | undefined;
    let publicCidrs: string[] = [];
    try {
        const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
        endpoint = cluster?.endpoint;
        publicCidrs = cluster?.resourcesVpcConfig?.endpointPublicAccess ? (cluster.resourcesVpcConfig.publicAccessCidrs ?? []) : [];
    } catch (e) {
        return `::error::The preview cannot read EKS cluster ${name}: ${(e as Error).message.split("\n")[0].replace(/\.$/, "")}. Deploy infra-${side}/${environment} first, and give the preview role eks:DescribeCluster (bootstrap/).`;
    }
    if (endpoint === undefined) return `::error::EKS cluster ${name} has no API endpoint yet: wait until it is ACTIVE.`;
    const host = new URL(endpoint).hostname;
    const problem = await connect(host, 443, timeoutMs);
    if (problem === undefined) return undefined;
    const access = publicCidrs.length > 0 ? `its public endpoint admits only ${publicCidrs.join(", ")}` : "its API is private (reachable only from inside its VPC)";
    return (
        `::error::This runner cannot reach the EKS API of ${name} (${host}:443: ${problem}); ${access}. Nothing of the cluster was previewed. ` +
        `Run the ${side} previews on a self-hosted runner in its VPC (repository variable ${previewVariable(side, "RUNNER")}), or add the runner's egress CIDR ` +
        `to clusterEndpointPublicAccessCidrs in infra-${side}/Pulumi.${environment}.yaml (docs/previews.md).`
    );
}

async function main(): Promise<number> {
    const line = parseLine(SPEC, process.argv.slice(2));
    if (line.help) {
        console.log(usage(SPEC));
        return 0;
    }
    const environment = line.values.get("--stack");
    const side = line.values.get("--side");
    if (environment === undefined || side === undefined || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(side)) throw new UsageError("--stack ENVIRONMENT and --side ACCOUNT (an account name) are required", SPEC.command);
    const { EKSClient } = await import("@aws-sdk/client-eks");
    // The credentials and region of the job (aws-actions/configure-aws-credentials).
    const problem = await reachProblem(new EKSClient({}), environment, side, tcpConnect);
    if (problem === undefined) {
        console.log(`EKS API of ${clusterName(environment, side)} reachable from this runner.`);
        return 0;
    }
    console.log(problem);
    return 1;
}

if (require.main === module) runMain(main);
