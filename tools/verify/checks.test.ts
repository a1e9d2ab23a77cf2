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
import {
    LatticeFacts,
    SideFacts,
    appMeshUnreachable,
    checkAuthPolicy,
    checkCluster,
    checkCredentials,
    checkGateway,
    checkPods,
    checkRamShare,
    checkRoute,
    checkServiceAssociation,
    checkTargets,
    checkVpcAssociations,
} from "./checks";
import { FakeKube } from "../../test/helpers/fake-kube";

// No client here reaches a network: every command is answered by aws-sdk-client-mock, and the
// region and credentials are given so the SDK never looks for them.
const config = { region: "us-west-2", credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "x" } };

export const FRONTEND: SideFacts = { side: "frontend", accountId: "123456789012", region: "us-west-2", profile: "frontend", clusterName: "yelb-dev-frontend", vpcId: "vpc-0f1", namespace: "yelb" };
export const BACKEND: SideFacts = { side: "backend", accountId: "210987654321", region: "us-west-2", profile: "backend", clusterName: "yelb-dev-backend", vpcId: "vpc-0b2", namespace: "yelb" };
export const LATTICE: LatticeFacts = {
    serviceNetworkArn: "arn:aws:vpc-lattice:us-west-2:123456789012:servicenetwork/sn-1",
    serviceNetworkShareArn: "arn:aws:ram:us-west-2:123456789012:resource-share/s-1",
    listenerPort: 80,
    listenerProtocol: "HTTP",
    gatewayName: "yelb-dev",
    gatewayNamespace: "aws-application-networking-system",
    serviceArn: "arn:aws:vpc-lattice:us-west-2:210987654321:service/svc-1",
    serviceDnsName: "yelb-appserver-yelb-0abc.7d67968.vpc-lattice-svcs.us-west-2.on.aws",
    routeName: "yelb-appserver",
    appserverApp: "yelb-appserver",
};

describe("npm run verify: the AWS and Kubernetes checks (mocked clients)", () => {
    it("GIVEN credentials WHEN checked THEN the right account passes, another account and a failed sign-in fail with the fix", async () => {
        const sts = new STSClient(config);
        const mock = mockClient(sts);
        mock.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:sts::123456789012:assumed-role/admin/me" });
        expect(await checkCredentials(sts, FRONTEND)).to.deep.equal({ id: "credentials-frontend", status: "PASS", seen: 'profile "frontend" is arn:aws:sts::123456789012:assumed-role/admin/me in account 123456789012' });
        mock.on(GetCallerIdentityCommand).resolves({ Account: "999999999999", Arn: "arn:aws:iam::999999999999:user/x" });
        expect(await checkCredentials(sts, FRONTEND)).to.deep.equal({
            id: "credentials-frontend",
            status: "FAIL",
            seen: 'profile "frontend" is arn:aws:iam::999999999999:user/x in account 999999999999, not 123456789012',
            fix: "the profile belongs to another account: pass --frontend-profile with a profile of account 123456789012",
        });
        mock.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("The security token included in the request is expired"), { name: "ExpiredToken" }));
        expect(await checkCredentials(sts, BACKEND)).to.deep.equal({
            id: "credentials-backend",
            status: "FAIL",
            seen: 'profile "backend" could not sign in: ExpiredToken: The security token included in the request is expired',
            fix: 'run "aws sso login --profile backend" or "aws configure --profile backend", or pass --backend-profile',
        });
    });

    it("GIVEN a cluster WHEN checked THEN ACTIVE passes and UPDATING fails", async () => {
        const eks = new EKSClient(config);
        const mock = mockClient(eks);
        mock.on(DescribeClusterCommand, { name: "yelb-dev-frontend" }).resolves({ cluster: { status: "ACTIVE", version: "1.35" } });
        expect((await checkCluster(eks, FRONTEND)).seen).to.equal("EKS cluster yelb-dev-frontend is ACTIVE (Kubernetes 1.35)");
        mock.on(DescribeClusterCommand).resolves({ cluster: { status: "UPDATING" } });
        expect(await checkCluster(eks, FRONTEND)).to.deep.equal({
            id: "cluster-frontend",
            status: "FAIL",
            seen: "EKS cluster yelb-dev-frontend is UPDATING",
            fix: "wait until it is ACTIVE (an update or upgrade is running), then run verify again",
        });
    });

    it("GIVEN the RAM share WHEN checked THEN ACTIVE and associated with the backend passes; pending acceptance and an extra principal fail", async () => {
        const ram = new RAMClient(config);
        const mock = mockClient(ram);
        mock.on(GetResourceSharesCommand, { resourceOwner: "SELF", resourceShareArns: [LATTICE.serviceNetworkShareArn] }).resolves({ resourceShares: [{ name: "yelb-dev-share", status: "ACTIVE" }] });
        const principals = (...entries: [string, string][]) => mock.on(GetResourceShareAssociationsCommand).resolves({ resourceShareAssociations: entries.map(([associatedEntity, status]) => ({ associatedEntity, status: status as never })) });
        principals(["210987654321", "ASSOCIATED"]);
        expect(await checkRamShare(ram, LATTICE, BACKEND.accountId)).to.deep.equal({ id: "ram-share", status: "PASS", seen: "share yelb-dev-share is ACTIVE, associated with 210987654321" });
        principals(["210987654321", "ASSOCIATING"]);
        expect(await checkRamShare(ram, LATTICE, BACKEND.accountId)).to.deep.equal({
            id: "ram-share",
            status: "FAIL",
            seen: "share yelb-dev-share is ACTIVE but PENDING for 210987654321 (association ASSOCIATING)",
            fix: "the backend stack accepts it in invitation mode: run the deploy again, or accept the invitation in the backend account's RAM console",
        });
        principals(["210987654321", "ASSOCIATED"], ["555555555555", "ASSOCIATED"]);
        expect((await checkRamShare(ram, LATTICE, BACKEND.accountId)).seen).to.equal("share yelb-dev-share is ACTIVE with principals 210987654321 ASSOCIATED, 555555555555 ASSOCIATED");
        mock.on(GetResourceSharesCommand).resolves({ resourceShares: [{ name: "yelb-dev-share", status: "PENDING" }] });
        expect((await checkRamShare(ram, LATTICE, BACKEND.accountId)).seen).to.equal("share yelb-dev-share is PENDING");
    });

    it("GIVEN the service network's VPC associations WHEN checked THEN the frontend VPC alone ACTIVE passes; in progress or another VPC fails", async () => {
        const client = new VPCLatticeClient(config);
        const mock = mockClient(client);
        const associations = (...items: [string, string][]) => mock.on(ListServiceNetworkVpcAssociationsCommand, { serviceNetworkIdentifier: LATTICE.serviceNetworkArn }).resolves({ items: items.map(([vpcId, status]) => ({ vpcId, status: status as never })) });
        associations(["vpc-0f1", "ACTIVE"]);
        expect(await checkVpcAssociations(client, LATTICE, FRONTEND)).to.deep.equal({ id: "vpc-association", status: "PASS", seen: "the frontend VPC vpc-0f1's association is ACTIVE, and it is the only one" });
        associations(["vpc-0f1", "CREATE_IN_PROGRESS"]);
        expect(await checkVpcAssociations(client, LATTICE, FRONTEND)).to.deep.equal({
            id: "vpc-association",
            status: "FAIL",
            seen: "VPC associations: vpc-0f1 CREATE_IN_PROGRESS",
            fix: "the frontend VPC's association is not ACTIVE: wait for CREATE_IN_PROGRESS to end; after CREATE_FAILED, deploy the mesh frontend stack again",
        });
        associations(["vpc-0f1", "ACTIVE"], ["vpc-0b2", "ACTIVE"]);
        expect((await checkVpcAssociations(client, LATTICE, FRONTEND)).fix).to.equal("only the frontend VPC vpc-0f1 should call the network: remove the other associations, which this project does not create");
    });

    it("GIVEN the service's association WHEN checked THEN ACTIVE in the shared network passes, none fails", async () => {
        const client = new VPCLatticeClient(config);
        const mock = mockClient(client);
        mock.on(ListServiceNetworkServiceAssociationsCommand, { serviceIdentifier: LATTICE.serviceArn }).resolves({
            items: [{ serviceNetworkArn: LATTICE.serviceNetworkArn, serviceNetworkName: "yelb-dev", serviceName: "yelb-appserver-yelb", status: "ACTIVE" }],
        });
        expect((await checkServiceAssociation(client, LATTICE)).seen).to.equal("service yelb-appserver-yelb is ACTIVE in service network yelb-dev");
        // Associated with another network only: not the shared one.
        mock.on(ListServiceNetworkServiceAssociationsCommand).resolves({ items: [{ serviceNetworkArn: "arn:aws:vpc-lattice:us-west-2:210987654321:servicenetwork/sn-other", serviceNetworkName: "other", status: "ACTIVE" }] });
        expect((await checkServiceAssociation(client, LATTICE)).seen).to.equal("service associations: other ACTIVE");
        mock.on(ListServiceNetworkServiceAssociationsCommand).resolves({ items: [] });
        expect(await checkServiceAssociation(client, LATTICE)).to.deep.equal({
            id: "service-association",
            status: "FAIL",
            seen: "service associations: none",
            fix: "the Gateway API Controller has not associated the service: check that the Gateway is Programmed and the controller's logs (kubectl logs -n aws-application-networking-system deploy/...)",
        });
    });

    it("GIVEN the live auth policy WHEN checked THEN the program's policy passes and a changed one fails", async () => {
        const client = new VPCLatticeClient(config);
        const mock = mockClient(client);
        mock.on(GetAuthPolicyCommand, { resourceIdentifier: LATTICE.serviceNetworkArn }).resolves({ policy: serviceNetworkAuthPolicy("sourceVpc", "vpc-0f1"), state: "Active" });
        expect((await checkAuthPolicy(client, LATTICE, FRONTEND)).seen).to.equal("auth policy Active, admitting only callers in VPC vpc-0f1");
        const open = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*" }] });
        mock.on(GetAuthPolicyCommand).resolves({ policy: open, state: "Active" });
        expect(await checkAuthPolicy(client, LATTICE, FRONTEND)).to.deep.equal({
            id: "auth-policy",
            status: "FAIL",
            seen: `auth policy Active but not the program's: ${open}`,
            fix: "someone changed it outside Pulumi: deploy the mesh frontend stack again (pulumi refresh first shows the drift)",
        });
    });

    it("GIVEN targets and appserver pods WHEN checked THEN as many HEALTHY targets as ready pods passes, fewer fails with each target's state", async () => {
        const client = new VPCLatticeClient(config);
        const mock = mockClient(client);
        mock.on(ListListenersCommand, { serviceIdentifier: LATTICE.serviceArn }).resolves({ items: [{ id: "listener-1" }] });
        mock.on(ListRulesCommand).resolves({ items: [{ id: "rule-1" }, { id: "default" }] });
        mock.on(GetRuleCommand, { ruleIdentifier: "rule-1" }).resolves({ action: { forward: { targetGroups: [{ targetGroupIdentifier: "tg-1", weight: 1 }] } } });
        mock.on(GetRuleCommand, { ruleIdentifier: "default" }).resolves({ action: { fixedResponse: { statusCode: 404 } } });
        mock.on(ListTargetsCommand, { targetGroupIdentifier: "tg-1" }).resolves({ items: [{ id: "10.1.0.5", status: "HEALTHY" }, { id: "10.1.1.7", status: "HEALTHY" }] });
        const kube = new FakeKube({ pods: { yelb: [{ name: "yelb-appserver-a", labels: { app: "yelb-appserver" }, ready: true }, { name: "yelb-appserver-b", labels: { app: "yelb-appserver" }, ready: true }] } });
        expect((await checkTargets(client, kube, LATTICE, BACKEND)).seen).to.equal("2 HEALTHY targets = 2 ready yelb-appserver pods");
        mock.on(ListTargetsCommand).resolves({ items: [{ id: "10.1.0.5", status: "HEALTHY" }, { id: "10.1.1.7", status: "UNHEALTHY", reasonCode: "HealthCheckFailed" }] });
        expect(await checkTargets(client, kube, LATTICE, BACKEND)).to.deep.equal({
            id: "targets",
            status: "FAIL",
            seen: "1 HEALTHY targets for 2 ready yelb-appserver pods; targets: 10.1.0.5:HEALTHY, 10.1.1.7:UNHEALTHY(HealthCheckFailed)",
            fix: "targets UNHEALTHY fail the health check on /api/hostname (is the appserver answering? is its security group open to Lattice's prefix list?); INITIAL or DRAINING settle within a minute: run verify again",
        });
    });

    it("GIVEN the Gateway and the HTTPRoute WHEN checked THEN Programmed, Accepted and ResolvedRefs pass; False conditions fail naming them", async () => {
        const gateway = (status: string) => ({ status: { conditions: [{ type: "Accepted", status: "True" }, { type: "Programmed", status, reason: status === "True" ? "Programmed" : "Pending" }] } });
        const route = (resolved: string) => ({ status: { parents: [{ conditions: [{ type: "Accepted", status: "True" }, { type: "ResolvedRefs", status: resolved, ...(resolved === "False" ? { reason: "BackendNotFound" } : {}) }] }] } });
        const kube = new FakeKube({ objects: { "gateways/aws-application-networking-system/yelb-dev": gateway("True"), "httproutes/yelb/yelb-appserver": route("True") } });
        expect(await checkGateway(kube, LATTICE)).to.deep.equal({ id: "gateway", status: "PASS", seen: "Gateway aws-application-networking-system/yelb-dev Programmed" });
        expect(await checkRoute(kube, LATTICE, BACKEND)).to.deep.equal({ id: "route", status: "PASS", seen: "HTTPRoute yelb/yelb-appserver Accepted, ResolvedRefs" });
        const broken = new FakeKube({ objects: { "gateways/aws-application-networking-system/yelb-dev": gateway("False"), "httproutes/yelb/yelb-appserver": route("False") } });
        expect(await checkGateway(broken, LATTICE)).to.deep.equal({
            id: "gateway",
            status: "FAIL",
            seen: "Gateway aws-application-networking-system/yelb-dev: Accepted=True, Programmed=False(Pending)",
            fix: "the controller could not find the shared service network: check the ram-share check, then the controller's logs",
        });
        expect(await checkRoute(broken, LATTICE, BACKEND)).to.deep.equal({
            id: "route",
            status: "FAIL",
            seen: "HTTPRoute yelb/yelb-appserver: Accepted=True, ResolvedRefs=False(BackendNotFound)",
            fix: "Accepted=False: the Gateway does not admit routes from this namespace (latticeRouteNamespaces); ResolvedRefs=False: the Service or its port does not exist",
        });
        expect((await checkRoute(new FakeKube({}), LATTICE, BACKEND)).seen).to.equal("HTTPRoute yelb/yelb-appserver not found");
    });

    it("GIVEN the Yelb pods WHEN checked THEN all Ready passes (probe pods left out) and one not Ready fails naming it", async () => {
        const kube = new FakeKube({ pods: { yelb: [{ name: "yelb-ui-a", ready: true }, { name: "yelb-ui-b", ready: true }, { name: "yelb-verify-x", ready: false, probe: true }] } });
        expect((await checkPods(kube, FRONTEND)).seen).to.equal("2 pods Ready in yelb: yelb-ui-a, yelb-ui-b");
        const sick = new FakeKube({ pods: { yelb: [{ name: "yelb-ui-a", ready: true }, { name: "yelb-ui-b", ready: false, phase: "Pending" }] } });
        expect(await checkPods(sick, FRONTEND)).to.deep.equal({
            id: "pods-frontend",
            status: "FAIL",
            seen: "1 of 2 pods not Ready in yelb: yelb-ui-b (Pending)",
            fix: "kubectl describe pod and kubectl logs show why (image pull, crash, readiness gate); a rollout in progress settles in minutes",
        });
    });

    it("GIVEN an App Mesh environment WHEN verified THEN one line says App Mesh is no longer reachable and how to move off it", () => {
        expect(appMeshUnreachable()).to.deep.equal({
            id: "app-mesh",
            status: "FAIL",
            seen: "App Mesh is no longer reachable: AWS ended it on 2026-09-30, so the mesh, its virtual services and the Envoy path cannot be checked",
            fix: "move the environment to VPC Lattice (transport: lattice, docs/transports.md), then deploy and verify again",
        });
    });
});
