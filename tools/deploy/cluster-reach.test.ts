import { expect } from "chai";
import * as net from "net";
import { mockClient } from "aws-sdk-client-mock";
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { reachProblem, tcpConnect } from "./cluster-reach";

const config = { region: "us-west-2", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } };

/** A listening port on 127.0.0.1 (the "API"), and one that nothing listens on. */
async function ports(): Promise<{ open: number; closed: number; close: () => void }> {
    const server = net.createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const spare = net.createServer();
    await new Promise<void>((r) => spare.listen(0, "127.0.0.1", r));
    const closed = (spare.address() as net.AddressInfo).port;
    await new Promise<void>((r) => spare.close(() => r()));
    return { open: (server.address() as net.AddressInfo).port, closed, close: () => server.close() };
}

describe("preview workflow: can the runner reach the cluster API? (mocked EKS, 127.0.0.1 only)", () => {
    it("GIVEN a reachable API WHEN checked THEN there is no problem; GIVEN an unreachable private one THEN one ::error:: line says nothing was previewed and how to fix it", async () => {
        const eks = new EKSClient(config);
        const mock = mockClient(eks);
        const { open, closed, close } = await ports();
        try {
            mock.on(DescribeClusterCommand, { name: "yelb-dev-backend" }).resolves({ cluster: { endpoint: "https://ABC.gr7.us-west-2.eks.amazonaws.com", resourcesVpcConfig: { endpointPublicAccess: false } } });
            // The endpoint's host is mapped to 127.0.0.1 with the port under test: no packet leaves this machine.
            const local = (port: number) => (_host: string, _port: number, timeoutMs: number) => tcpConnect("127.0.0.1", port, timeoutMs);
            expect(await reachProblem(eks, "dev", "backend", local(open))).to.equal(undefined);
            const problem = await reachProblem(eks, "dev", "backend", async () => "connect ETIMEDOUT");
            expect(problem).to.equal(
                "::error::This runner cannot reach the EKS API of yelb-dev-backend (abc.gr7.us-west-2.eks.amazonaws.com:443: connect ETIMEDOUT); its API is private (reachable only from inside its VPC). " +
                    "Nothing of the cluster was previewed. Run the backend previews on a self-hosted runner in its VPC (repository variable BACKEND_PREVIEW_RUNNER), " +
                    "or add the runner's egress CIDR to clusterEndpointPublicAccessCidrs in infra-backend/Pulumi.dev.yaml (docs/previews.md).",
            );
            expect(await local(closed)("", 0, 1000)).to.match(/ECONNREFUSED/);
            mock.on(DescribeClusterCommand).resolves({ cluster: { endpoint: "https://x.eks.amazonaws.com", resourcesVpcConfig: { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.7/32"] } } });
            expect(await reachProblem(eks, "dev", "frontend", async () => "connect ETIMEDOUT")).to.contain("; its public endpoint admits only 203.0.113.7/32.");
            mock.on(DescribeClusterCommand).rejects(Object.assign(new Error("No cluster found for name: yelb-dev-frontend."), { name: "ResourceNotFoundException" }));
            expect(await reachProblem(eks, "dev", "frontend", local(open))).to.equal(
                "::error::The preview cannot read EKS cluster yelb-dev-frontend: No cluster found for name: yelb-dev-frontend. Deploy infra-frontend/dev first, and give the preview role eks:DescribeCluster (bootstrap/).",
            );
        } finally {
            close();
        }
    });
});
