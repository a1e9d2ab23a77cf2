import { expect } from "chai";
import { FakeKube } from "../../test/helpers/fake-kube";
import { withProfile } from "./kube";
import { ProbeRequest, checkAllowedCall, checkDeniedCall, parseProbeLog, probePod, runProbe } from "./probe";

const REQUEST: ProbeRequest = {
    namespace: "yelb",
    podName: "yelb-verify-abc123",
    image: "curlimages/curl:8.11.1",
    host: "yelb-appserver-yelb-0abc.7d67968.vpc-lattice-svcs.us-west-2.on.aws",
    port: 80,
    protocol: "HTTP",
    path: "/api/getvotes",
    timeoutMs: 50,
    pollMs: 1,
};
const URL = "GET http://yelb-appserver-yelb-0abc.7d67968.vpc-lattice-svcs.us-west-2.on.aws:80/api/getvotes";

describe("npm run verify: the probe pods (fake Kubernetes API)", () => {
    it("GIVEN the request WHEN the pod is written THEN it runs one curl with yelb-ui's Host header, never restarts, and carries the probe label", () => {
        const pod = probePod(REQUEST) as { metadata: { labels: Record<string, string> }; spec: { restartPolicy: string; activeDeadlineSeconds: number; containers: { command: string[] }[] } };
        expect(pod.metadata.labels).to.deep.equal({ "yelb-verify": "probe" });
        expect([pod.spec.restartPolicy, pod.spec.activeDeadlineSeconds]).to.deep.equal(["Never", 120]);
        expect(pod.spec.containers[0].command[2]).to.equal(
            `curl -sS -o /dev/null --max-time 10 -H "Host: ${REQUEST.host}" -w 'probe %{remote_ip} %{http_code}' 'http://${REQUEST.host}:80/api/getvotes'; echo " $?"`,
        );
        const https = probePod({ ...REQUEST, port: 443, protocol: "HTTPS" }) as { spec: { containers: { command: string[] }[] } };
        expect(https.spec.containers[0].command[2]).to.contain(`'https://${REQUEST.host}:443/api/getvotes'`);
        expect(parseProbeLog("probe 169.254.171.32 200 0\n")).to.deep.equal({ ip: "169.254.171.32", status: 200, exit: 0 });
        expect(parseProbeLog("curl: (28) Connection timed out\nprobe  000 28\n")).to.deep.equal({ ip: "", status: 0, exit: 28 });
    });

    it("GIVEN the allowed call WHEN the name resolves into Lattice's range and answers 200 THEN both pass and the pod is deleted", async () => {
        const kube = new FakeKube({ probe: { phases: ["Pending", "Running", "Succeeded"], log: "probe 169.254.171.32 200 0" } });
        expect(await checkAllowedCall(kube, REQUEST)).to.deep.equal([
            { id: "dns", status: "PASS", seen: `${REQUEST.host} resolves to 169.254.171.32, in 169.254.171.0/24` },
            { id: "call-allowed", status: "PASS", seen: `${URL} answered 200` },
        ]);
        expect([kube.created, kube.deleted]).to.deep.equal([["yelb/yelb-verify-abc123"], ["yelb/yelb-verify-abc123"]]);
    });

    it("GIVEN the allowed call WHEN the name resolves elsewhere and the auth policy answers 403 THEN both fail with their fixes", async () => {
        const kube = new FakeKube({ probe: { phases: ["Succeeded"], log: "probe 10.0.3.4 403 0" } });
        expect(await checkAllowedCall(kube, REQUEST)).to.deep.equal([
            {
                id: "dns",
                status: "FAIL",
                seen: `${REQUEST.host} resolves to 10.0.3.4, not in 169.254.171.0/24`,
                fix: "the call does not go through Lattice: check that the frontend VPC's association is ACTIVE and the VPC's DNS resolution is on",
            },
            { id: "call-allowed", status: "FAIL", seen: `${URL} answered 403`, fix: "the auth policy refused the frontend: see the auth-policy check (its condition must name the frontend VPC)" },
        ]);
        const badCertificate = new FakeKube({ probe: { phases: ["Failed"], log: "curl: (60) SSL certificate problem\nprobe 169.254.171.32 000 60" } });
        expect((await checkAllowedCall(badCertificate, { ...REQUEST, protocol: "HTTPS" }))[1]).to.deep.equal({
            id: "call-allowed",
            status: "FAIL",
            seen: `GET https://${REQUEST.host}:80/api/getvotes answered nothing (curl exit 60)`,
            fix: `TLS failed (curl exit 60): the listener's certificate is not valid for ${REQUEST.host}; check the listener's protocol (mesh:latticeListenerProtocol)`,
        });
        const unresolved = new FakeKube({ probe: { phases: ["Failed"], log: "curl: (6) Could not resolve host\nprobe  000 6" } });
        expect((await checkAllowedCall(unresolved, REQUEST)).map((c) => `${c.status} ${c.seen}`)).to.deep.equal([`FAIL ${REQUEST.host} does not resolve in the frontend VPC`, "SKIP the name does not resolve"]);
    });

    it("GIVEN the denied call from the backend cluster WHEN refused (403 or no route) THEN it passes; WHEN answered 200 THEN it fails", async () => {
        const refused = await checkDeniedCall(new FakeKube({ probe: { phases: ["Succeeded"], log: "probe 169.254.171.1 403 0" } }), REQUEST);
        expect(refused).to.deep.equal({ id: "call-denied", status: "PASS", seen: `${URL} from the backend cluster: 403, refused by the auth policy` });
        const noRoute = await checkDeniedCall(new FakeKube({ probe: { phases: ["Succeeded"], log: "probe  000 28" } }), REQUEST);
        expect(noRoute.seen).to.equal(`${URL} from the backend cluster: no answer (curl exit 28); its VPC is not associated, so it never reaches Lattice`);
        const open = await checkDeniedCall(new FakeKube({ probe: { phases: ["Succeeded"], log: "probe 169.254.171.1 200 0" } }), REQUEST);
        expect(open).to.deep.equal({
            id: "call-denied",
            status: "FAIL",
            seen: `${URL} from the backend cluster answered 200`,
            fix: "callers outside the frontend VPC reach the appserver: check the auth-policy check and whether the backend VPC was associated with the service network",
        });
    });

    it("GIVEN a probe that never finishes, prints nothing, or is interrupted WHEN run THEN it fails and its pod is deleted every time", async () => {
        const stuck = new FakeKube({ probe: { phases: ["Pending"], log: "" } });
        let clock = 0;
        const error = await runProbe(stuck, REQUEST, () => (clock += 20)).catch((e: Error) => e.message);
        expect(error).to.equal("the probe pod yelb/yelb-verify-abc123 did not finish within 0.05 s (phase Pending)");
        expect(stuck.deleted).to.deep.equal(["yelb/yelb-verify-abc123"]);

        const silent = new FakeKube({ probe: { phases: ["Failed"], log: "exec: curl: not found\n" } });
        expect(await checkAllowedCall(silent, REQUEST)).to.deep.equal([
            {
                id: "dns",
                status: "FAIL",
                seen: "probe from yelb failed: the probe pod printed no answer: exec: curl: not found",
                fix: "the probe pod could not run: check the frontend kubeconfig's permissions (create pods in the namespace) and that the nodes can pull the image (--probe-image)",
            },
            { id: "call-allowed", status: "SKIP", seen: "no probe answer" },
        ]);
        expect(silent.deleted).to.deep.equal(["yelb/yelb-verify-abc123"]);

        const controller = new AbortController();
        const interrupted = new FakeKube({ probe: { phases: ["Running"], log: "" } });
        const run = runProbe(interrupted, { ...REQUEST, timeoutMs: 60_000, pollMs: 10_000, signal: controller.signal });
        setImmediate(() => controller.abort());
        expect(await run.catch((e: Error) => e.message)).to.equal("interrupted");
        expect(interrupted.deleted).to.deep.equal(["yelb/yelb-verify-abc123"]);

        const forbidden = new FakeKube({ probe: { phases: [], log: "", createError: Object.assign(new Error('pods is forbidden: User "preview" cannot create resource "pods"'), { name: "ApiException" }) } });
        expect((await checkDeniedCall(forbidden, REQUEST)).seen).to.equal('probe from the backend cluster failed: ApiException: pods is forbidden: User "preview" cannot create resource "pods"');
        expect(forbidden.deleted, "deleted even when the create failed (it may have been created)").to.deep.equal(["yelb/yelb-verify-abc123"]);
    });

    it("GIVEN a kubeconfig with a profile WHEN verify loads it THEN aws eks get-token runs with verify's profile", () => {
        const kubeconfig = JSON.stringify({
            users: [{ name: "aws", user: { exec: { command: "aws", args: ["eks", "get-token", "--cluster-name", "c", "--profile", "old"], env: [{ name: "AWS_PROFILE", value: "old" }, { name: "KEEP", value: "1" }] } } }],
        });
        expect(JSON.parse(withProfile(kubeconfig, "frontend")).users[0].user.exec).to.deep.equal({
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", "c"],
            env: [{ name: "KEEP", value: "1" }, { name: "AWS_PROFILE", value: "frontend" }],
        });
    });
});
