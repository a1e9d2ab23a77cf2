import { expect } from "chai";
import * as path from "path";
import { LatticeGatewayController, LATTICE_CONTROLLER_CHART } from "../shared/components/lattice-gateway-controller";
import { LatticeRoute, LATTICE_ROUTE_ANNOTATIONS } from "../shared/components/lattice-route";
import { LatticeServiceNetwork, LatticeServiceNetworkArgs } from "../shared/components/lattice-service-network";
import { RamSharing } from "../shared/components/ram-share";
import { ROUTE_FLOW_ACTIONS } from "../shared/lattice/controller-policy";
import { routeWriteBack } from "../tools/sim/lattice";
import { declare, HTTP_ROUTE, ofType, valueOf } from "./helpers/lattice-mocks";
import { ROOT_DIR } from "./helpers/plan";

const FRONTEND = { accountId: "111111111111", region: "us-west-2" };
const BACKEND = { accountId: "222222222222", region: "us-west-2" };
const SN_ARN = /^arn:aws:vpc-lattice:us-west-2:111111111111:servicenetwork\/sn-[0-9a-f]{17}$/;
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

const networkArgs = (overrides: Partial<LatticeServiceNetworkArgs> = {}): LatticeServiceNetworkArgs => ({
    serviceNetworkName: "yelb-example",
    frontend: { vpcId: "vpc-frontend", nodeSecurityGroupId: "sg-frontend-nodes" },
    callers: [{ accountId: FRONTEND.accountId, vpcId: "vpc-frontend" }],
    shareWith: [{ name: "backend", accountId: BACKEND.accountId }],
    listenerPort: 80,
    ramSharing: "invitation",
    ...overrides,
});

function serviceNetwork(overrides: Partial<LatticeServiceNetworkArgs> = {}) {
    return declare(FRONTEND, async () => {
        const sn = new LatticeServiceNetwork("lattice", networkArgs(overrides));
        return { id: await valueOf(sn.serviceNetworkId), arn: await valueOf(sn.serviceNetworkArn), name: await valueOf(sn.serviceNetworkName), associationId: await valueOf(sn.associationId!) };
    });
}

function gatewayController(ramSharing: RamSharing) {
    return declare(BACKEND, async () => {
        const c = new LatticeGatewayController("lattice", {
            serviceNetwork: { name: "yelb-example" },
            resourceShareArn: "arn:aws:ram:us-west-2:111111111111:resource-share/abc",
            ramSharing,
            cluster: { name: "backend", accountId: BACKEND.accountId, region: BACKEND.region, vpcId: "vpc-backend", nodeSecurityGroupId: "sg-backend-nodes", oidcProviderArn: "arn:aws:iam::222222222222:oidc-provider/x", oidcProviderUrl: "https://x" },
            targetPort: 4567,
            listenerPort: 443,
            listenerProtocol: "HTTPS",
            gatewayNamespace: "lattice-gateway",
            routeNamespaces: ["yelb"],
        });
        return { roleArn: await valueOf(c.roleArn) };
    });
}

function route() {
    return declare(BACKEND, async () => {
        const r = new LatticeRoute("appserver", {
            namespace: "yelb",
            routeName: "yelb-appserver",
            gateway: { name: "yelb-example", namespace: "lattice-gateway", listenerName: "https" },
            service: { name: "yelb-appserver", port: 4567 },
            healthCheckPath: "/api/hostname",
        });
        return { arn: await valueOf(r.serviceArn), dns: await valueOf(r.serviceDnsName) };
    });
}

describe("Lattice service network (frontend account)", () => {
    it("GIVEN the network WHEN declared THEN AWS_IAM auth and a policy admitting only callers from the frontend VPC", async () => {
        const { declared, result } = await serviceNetwork();
        expect(ofType(declared, "aws:vpclattice/serviceNetwork:ServiceNetwork").map((d) => d.inputs)).to.deep.equal([{ name: "yelb-example", authType: "AWS_IAM" }]);
        const [policy] = ofType(declared, "aws:vpclattice/authPolicy:AuthPolicy");
        expect(policy.inputs.resourceIdentifier).to.equal(result.arn).and.match(SN_ARN);
        expect(JSON.parse(policy.inputs.policy).Statement).to.deep.equal([
            { Sid: "FrontendCallers", Effect: "Allow", Principal: "*", Action: "vpc-lattice-svcs:Invoke", Resource: "*", Condition: { StringEquals: { "vpc-lattice-svcs:SourceVpc": "vpc-frontend" } } },
        ]);
    });

    it("GIVEN callerCondition sourceVpcOwnerAccount WHEN declared THEN the condition names the frontend account", async () => {
        const { declared } = await serviceNetwork({ callerCondition: "sourceVpcOwnerAccount" });
        const [policy] = ofType(declared, "aws:vpclattice/authPolicy:AuthPolicy");
        expect(JSON.parse(policy.inputs.policy).Statement[0].Condition).to.deep.equal({ StringEquals: { "vpc-lattice-svcs:SourceVpcOwnerAccount": "111111111111" } });
    });

    for (const [mode, external] of [["invitation", true], ["organization", false]] as const) {
        it(`GIVEN ${mode} sharing WHEN declared THEN the network is shared with the backend account only, allowExternalPrincipals ${external}`, async () => {
            const { declared, result } = await serviceNetwork({ ramSharing: mode });
            expect(ofType(declared, "aws:ram/resourceShare:ResourceShare").map((d) => d.inputs.allowExternalPrincipals)).to.deep.equal([external]);
            expect(ofType(declared, "aws:ram/principalAssociation:PrincipalAssociation").map((d) => d.inputs.principal)).to.deep.equal(["222222222222"]);
            expect(ofType(declared, "aws:ram/resourceAssociation:ResourceAssociation").map((d) => d.inputs.resourceArn)).to.deep.equal([result.arn]);
        });
    }

    it("GIVEN the frontend association WHEN declared THEN its own security group admits only the frontend nodes on the listener port", async () => {
        const { declared, result } = await serviceNetwork();
        const [association] = ofType(declared, "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation");
        expect(association.inputs).to.deep.include({ vpcIdentifier: "vpc-frontend", serviceNetworkIdentifier: result.id, securityGroupIds: ["lattice-association-sg-id"] });
        expect(ofType(declared, INGRESS).map((d) => d.inputs)).to.deep.equal([
            { description: "Frontend nodes to Lattice listeners on 80", securityGroupId: "lattice-association-sg-id", referencedSecurityGroupId: "sg-frontend-nodes", ipProtocol: "tcp", fromPort: 80, toPort: 80 },
        ]);
        expect(result.id).to.match(/^sn-[0-9a-f]{17}$/);
        expect(result.associationId).to.match(/^snva-[0-9a-f]{17}$/);
    });
});

describe("Lattice gateway controller (backend account)", () => {
    it("GIVEN organization sharing WHEN declared THEN nothing accepts a share; GIVEN invitation THEN one accepter takes the share ARN", async () => {
        expect(ofType((await gatewayController("organization")).declared, "aws:ram/resourceShareAccepter:ResourceShareAccepter")).to.deep.equal([]);
        const accepters = ofType((await gatewayController("invitation")).declared, "aws:ram/resourceShareAccepter:ResourceShareAccepter");
        expect(accepters.map((a) => a.inputs.shareArn)).to.deep.equal(["arn:aws:ram:us-west-2:111111111111:resource-share/abc"]);
    });

    it("GIVEN the backend nodes WHEN declared THEN the only ingress is the Lattice prefix list on the appserver port", async () => {
        const { declared } = await gatewayController("invitation");
        const rules = ofType(declared, INGRESS).map((d) => d.inputs);
        expect(rules).to.have.lengthOf(1);
        expect(rules[0]).to.deep.equal({
            description: "VPC Lattice (data and health checks) to targets on 4567",
            securityGroupId: "sg-backend-nodes",
            prefixListId: rules[0].prefixListId,
            ipProtocol: "tcp",
            fromPort: 4567,
            toPort: 4567,
        });
        expect(rules[0].prefixListId).to.match(/^pl-[0-9a-f]{8}$/);
    });

    it("GIVEN the controller role WHEN declared THEN no action has a wildcard and the route flow's actions are listed", async () => {
        const { declared } = await gatewayController("invitation");
        const [rolePolicy] = ofType(declared, "aws:iam/rolePolicy:RolePolicy");
        const actions: string[] = JSON.parse(rolePolicy.inputs.policy).Statement.flatMap((s: { Action: string[] }) => s.Action);
        expect(actions.filter((a) => a.includes("*"))).to.deep.equal([]);
        expect(actions).to.include.members([
            "vpc-lattice:CreateService",
            "vpc-lattice:CreateServiceNetworkServiceAssociation",
            "vpc-lattice:CreateListener",
            "vpc-lattice:CreateRule",
            "vpc-lattice:CreateTargetGroup",
            "vpc-lattice:RegisterTargets",
            "vpc-lattice:DeregisterTargets",
            "vpc-lattice:ListServiceNetworks",
            "vpc-lattice:ListServiceNetworkVpcAssociations",
        ]);
        expect([...new Set(actions.filter((a) => a.startsWith("vpc-lattice:")))].sort()).to.deep.equal([...ROUTE_FLOW_ACTIONS].sort());
    });

    it("GIVEN the release WHEN declared THEN chart v2.1.3 (the OCI tag) from the OCI registry, with region, account, VPC, cluster and role set", async () => {
        const { declared, result } = await gatewayController("invitation");
        const [release] = ofType(declared, "kubernetes:helm.sh/v3:Release");
        expect(release.inputs).to.deep.include({ chart: "oci://public.ecr.aws/aws-application-networking-k8s/aws-gateway-controller-chart", version: "v2.1.3" });
        expect(LATTICE_CONTROLLER_CHART.version).to.equal("v2.1.3");
        expect(release.inputs.values).to.deep.equal({
            awsRegion: "us-west-2",
            awsAccountId: "222222222222",
            clusterVpcId: "vpc-backend",
            clusterName: "backend",
            disableTaggingServiceApi: true,
            serviceAccount: { create: true, name: "gateway-api-controller", annotations: { "eks.amazonaws.com/role-arn": result.roleArn } },
        });
    });

    it("GIVEN the Gateway WHEN declared THEN it carries the service network's name, the backend VPC is not associated, CRDs are v1.5.0", async () => {
        const { declared } = await gatewayController("organization");
        const [gateway] = ofType(declared, "kubernetes:gateway.networking.k8s.io/v1:Gateway");
        expect(gateway.inputs.metadata.name).to.equal("yelb-example");
        expect(gateway.inputs.spec.gatewayClassName).to.equal("amazon-vpc-lattice");
        // The controller lists the shared network (ListServiceNetworks); an association would take the VPC's only one.
        expect(ofType(declared, "aws:vpclattice/serviceNetworkVpcAssociation:ServiceNetworkVpcAssociation")).to.deep.equal([]);
        expect(ofType(declared, "aws:ec2/securityGroup:SecurityGroup")).to.deep.equal([]);
        // The shipped files, by absolute path (so any project directory finds them), in kustomization order.
        const dir = path.join(ROOT_DIR, "shared", "lattice", "crds", "gateway-api-v1.5.0-standard");
        expect(ofType(declared, "kubernetes:yaml/v2:ConfigGroup").map((d) => d.inputs.files)).to.deep.equal([
            [
                "gatewayclasses",
                "gateways",
                "grpcroutes",
                "httproutes",
                "referencegrants",
                "backendtlspolicies",
                "listenersets",
                "tlsroutes",
                "vap_safeupgrades",
            ].map((f) => path.join(dir, `gateway.networking.k8s.io_${f}.yaml`)),
        ]);
    });
});

describe("Lattice route (apps backend)", () => {
    it("GIVEN the controller's write-back WHEN declared THEN the service ARN and DNS name are read from the route's annotations", async () => {
        const { declared, result } = await route();
        const written = routeWriteBack(BACKEND, { name: "yelb-appserver", namespace: "yelb" });
        expect(result.arn).to.equal(written[LATTICE_ROUTE_ANNOTATIONS.serviceArn]);
        expect(result.dns).to.equal(written[LATTICE_ROUTE_ANNOTATIONS.dnsName]);
        expect(result.arn).to.match(/^arn:aws:vpc-lattice:us-west-2:222222222222:service\/svc-[0-9a-f]{17}$/);
        expect(result.dns).to.match(/^yelb-appserver-yelb-[0-9a-f]{17}\.[0-9a-f]{7}\.vpc-lattice-svcs\.us-west-2\.on\.aws$/);
        const [httpRoute] = ofType(declared, HTTP_ROUTE);
        expect(JSON.parse(httpRoute.inputs.metadata.annotations["pulumi.com/waitFor"])).to.deep.equal([
            "jsonpath={.metadata.annotations.application-networking\\.k8s\\.aws/lattice-service-arn}",
            "jsonpath={.metadata.annotations.application-networking\\.k8s\\.aws/lattice-assigned-domain-name}",
        ]);
        expect(Object.keys(LATTICE_ROUTE_ANNOTATIONS)).to.have.lengthOf(2);
        expect(httpRoute.inputs.spec).to.deep.equal({
            parentRefs: [{ name: "yelb-example", namespace: "lattice-gateway", sectionName: "https" }],
            rules: [{ backendRefs: [{ name: "yelb-appserver", kind: "Service", port: 4567 }] }],
        });
    });

    it("GIVEN the target group policy WHEN declared THEN Lattice health-checks /api/hostname on the Service's pods expecting 200", async () => {
        const { declared } = await route();
        const [policy] = ofType(declared, "kubernetes:application-networking.k8s.aws/v1alpha1:TargetGroupPolicy");
        expect(policy.inputs.spec.targetRef).to.deep.equal({ group: "", kind: "Service", name: "yelb-appserver" });
        expect(policy.inputs.spec.healthCheck).to.include({ enabled: true, path: "/api/hostname", statusMatch: "200", protocol: "HTTP" });
    });
});
