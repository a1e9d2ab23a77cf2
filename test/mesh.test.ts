import { expect } from "chai";
import { assertPeerable, checkPeerable } from "../shared/config/infra";
import { Transport } from "../shared/transport";
import { PolicyDocument } from "../shared/iam";
import { examplePlan, plan, refusal, resourcesOfType, stackOf, theResource } from "./helpers/plan";
import { RoleId } from "../shared/topology";

const MESH = "kubernetes:appmesh.k8s.aws/v1beta2:Mesh";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const meshRoles: RoleId[] = ["infra-frontend", "infra-backend", "mesh-owner", "mesh-participant"];

function policyOf(resource: { inputs: Record<string, unknown> }): PolicyDocument {
    return JSON.parse(String(resource.inputs.policy));
}

describe("mesh stacks (example environment)", () => {
    it("GIVEN the example WHEN planned THEN the owner runs after both infra stacks and the participant after the owner", async () => {
        const p = await examplePlan();
        expect(stackOf(p, "mesh-owner")).to.include({ wave: 1, account: "111111111111", stack: "example-frontend" });
        expect(stackOf(p, "mesh-participant")).to.include({ wave: 2, account: "222222222222", stack: "example-backend" });
        expect(stackOf(p, "mesh-owner").references).to.deep.equal(["organization/infra-backend/example", "organization/infra-frontend/example"]);
        expect(stackOf(p, "mesh-participant").references).to.deep.equal(["organization/infra-backend/example", "organization/mesh/example-frontend"]);
    });

    it("GIVEN the mesh and apps stacks WHEN planned THEN their providers are guarded by the account their infra stack exported", async () => {
        const p = await examplePlan();
        for (const [role, account, side] of [
            ["mesh-owner", "111111111111", "frontend"],
            ["mesh-participant", "222222222222", "backend"],
            ["apps-backend", "222222222222", "backend"],
            ["apps-frontend", "111111111111", "frontend"],
        ] as const) {
            const stack = stackOf(p, role);
            const provider = theResource(stack, "pulumi:providers:aws");
            expect(JSON.parse(String(provider.inputs.allowedAccountIds)), role).to.deep.equal([account]);
            expect(JSON.parse(String(provider.inputs.defaultTags)).tags["account-role"]).to.equal(side);
            expect(theResource(stack, "pulumi:providers:kubernetes").inputs.kubeconfig, "kubeconfig stays secret").to.equal("[secret]");
            for (const r of stack.resources.filter((r) => r.custom && r.type.startsWith("aws:"))) {
                expect(r.provider, `${r.name} uses the guarded provider`).to.match(new RegExp(`^${provider.urn}::`));
            }
        }
    });

    it("GIVEN the peering WHEN accepted THEN both sides use one connection ID and route to the other's CIDR", async () => {
        const p = await examplePlan();
        const owner = stackOf(p, "mesh-owner");
        const participant = stackOf(p, "mesh-participant");
        const frontendInfra = stackOf(p, "infra-frontend").outputs;
        const backendInfra = stackOf(p, "infra-backend").outputs;

        const peering = theResource(owner, "aws:ec2/vpcPeeringConnection:VpcPeeringConnection");
        expect(peering.inputs).to.include({ vpcId: frontendInfra.vpcId, peerVpcId: backendInfra.vpcId, peerOwnerId: "222222222222" });
        const accepter = theResource(participant, "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter");
        expect(accepter.inputs).to.include({ vpcPeeringConnectionId: peering.id, autoAccept: true });
        expect(owner.outputs.peeringConnectionId).to.equal(peering.id);
        expect(peering.id).to.match(/^pcx-[0-9a-f]{17}$/);
        expect(accepter.inputs.vpcPeeringConnectionId).to.equal(owner.outputs.peeringConnectionId);
        expect(participant.outputs.peeringConnectionId).to.equal(owner.outputs.peeringConnectionId);

        const routes = (stack: typeof owner) =>
            resourcesOfType(stack, "aws:ec2/route:Route").map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock, r.inputs.vpcPeeringConnectionId]);
        expect(routes(owner)).to.have.deep.members(
            (frontendInfra.privateRouteTableIds as string[]).map((rtb) => [rtb, "10.193.0.0/16", owner.outputs.peeringConnectionId]),
        );
        expect(routes(participant)).to.have.deep.members(
            (backendInfra.privateRouteTableIds as string[]).map((rtb) => [rtb, "10.192.0.0/16", owner.outputs.peeringConnectionId]),
        );
        // The backend's routes wait for the acceptance, not just for the ID.
        for (const route of resourcesOfType(participant, "aws:ec2/route:Route")) expect(route.dependencies).to.include(accepter.urn);
    });

    it("GIVEN the mesh share WHEN planned THEN only the backend account is its principal and the accepter takes its ARN", async () => {
        const p = await examplePlan();
        const owner = stackOf(p, "mesh-owner");
        const share = theResource(owner, "aws:ram/resourceShare:ResourceShare");
        expect(share.inputs.allowExternalPrincipals).to.equal(true);
        const principals = resourcesOfType(owner, "aws:ram/principalAssociation:PrincipalAssociation");
        expect(principals.map((a) => a.inputs.principal)).to.deep.equal(["222222222222"]);
        expect(theResource(owner, "aws:ram/resourceAssociation:ResourceAssociation").inputs).to.include({
            resourceArn: "arn:aws:appmesh:us-west-2:111111111111:mesh/am-multi-account-mesh",
            resourceShareArn: share.outputs.arn,
        });
        const accepter = theResource(stackOf(p, "mesh-participant"), "aws:ram/resourceShareAccepter:ResourceShareAccepter");
        expect(accepter.inputs.shareArn).to.equal(share.outputs.arn);
    });

    it("GIVEN both clusters WHEN planned THEN each runs the pinned controller chart with its own account, region and cluster", async () => {
        const p = await examplePlan();
        for (const [role, account, cluster] of [["mesh-owner", "111111111111", "yelb-example-frontend"], ["mesh-participant", "222222222222", "yelb-example-backend"]] as const) {
            const stack = stackOf(p, role);
            const release = theResource(stack, RELEASE);
            expect(release.inputs).to.include({ chart: "appmesh-controller", version: "1.13.3", namespace: "appmesh-system" });
            expect(release.inputs.repositoryOpts).to.deep.equal({ repo: "https://aws.github.io/eks-charts" });
            const values = release.inputs.values as any;
            expect(values).to.include({ region: "us-west-2", accountId: account, clusterName: cluster });
            const role_ = resourcesOfType(stack, "aws:iam/role:Role").find((r) => r.name.includes("controller"))!;
            expect(values.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).to.equal(role_.outputs.arn);
            const trust = JSON.parse(String(role_.inputs.assumeRolePolicy));
            const condition = trust.Statement[0].Condition.StringEquals;
            expect(Object.entries(condition).find(([k]) => k.endsWith(":sub"))?.[1]).to.equal("system:serviceaccount:appmesh-system:appmesh-controller");
            expect(release.dependencies).to.include(role_.urn);
        }
    });

    it("GIVEN the controllers' roles WHEN read THEN they reach only their mesh, and Cloud Map only in the backend namespace", async () => {
        const p = await examplePlan();
        const mesh = "arn:aws:appmesh:us-west-2:111111111111:mesh/am-multi-account-mesh";
        for (const role of ["mesh-owner", "mesh-participant"] as const) {
            const policy = policyOf(theResource(stackOf(p, role), "aws:iam/rolePolicy:RolePolicy"));
            for (const statement of policy.Statement) {
                const actions = ([] as string[]).concat(statement.Action);
                expect(actions.filter((a) => a === "*" || a.endsWith(":*")), `${role} ${statement.Sid}`).to.deep.equal([]);
                if (actions.some((a) => a.startsWith("appmesh:") && a !== "appmesh:ListMeshes")) {
                    expect(statement.Resource).to.deep.equal([mesh, `${mesh}/*`]);
                }
            }
            const cloudMap = policy.Statement.filter((s) => ([] as string[]).concat(s.Action).some((a) => a.startsWith("servicediscovery:Register")));
            if (role === "mesh-owner") expect(cloudMap).to.deep.equal([]);
            else expect(cloudMap[0].Resource).to.include(stackOf(p, "infra-backend").outputs.cloudMapNamespaceArn);
        }
    });

    it("GIVEN each cluster WHEN planned THEN its Mesh CR names the frontend account as owner and waits for the controller", async () => {
        const p = await examplePlan();
        for (const role of ["mesh-owner", "mesh-participant"] as const) {
            const stack = stackOf(p, role);
            const mesh = theResource(stack, MESH);
            expect((mesh.inputs.spec as any).meshOwner).to.equal("111111111111");
            expect((mesh.inputs.spec as any).namespaceSelector).to.deep.equal({ matchLabels: { mesh: "am-multi-account-mesh" } });
            expect(mesh.dependencies).to.include(theResource(stack, RELEASE).urn);
            expect(stack.outputs.meshArn).to.equal("arn:aws:appmesh:us-west-2:111111111111:mesh/am-multi-account-mesh");
        }
        const participant = stackOf(p, "mesh-participant");
        const mesh = theResource(participant, MESH);
        expect(mesh.dependencies).to.include(theResource(participant, "aws:ram/resourceShareAccepter:ResourceShareAccepter").urn);
        // By default the account's existing service-linked role is used: the stack neither creates nor deletes it.
        expect(resourcesOfType(participant, "aws:iam/serviceLinkedRole:ServiceLinkedRole")).to.deep.equal([]);
    });

    it("GIVEN appMeshServiceLinkedRole create WHEN planned THEN the stack creates the role and the controller and Mesh CR wait for it", async () => {
        const p = await plan({ roles: meshRoles, configOverrides: { "mesh-participant": { "mesh:appMeshServiceLinkedRole": "create" } } });
        const participant = stackOf(p, "mesh-participant");
        const role = theResource(participant, "aws:iam/serviceLinkedRole:ServiceLinkedRole");
        expect(role.inputs.awsServiceName).to.equal("appmesh.amazonaws.com");
        expect(theResource(participant, MESH).dependencies).to.include(role.urn);
    });

    it("GIVEN the backend nodes WHEN planned THEN the frontend CIDR may reach only the mesh ports", async () => {
        const p = await examplePlan();
        const rules = resourcesOfType(stackOf(p, "mesh-participant"), "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
        expect(rules.map((r) => [r.inputs.securityGroupId, r.inputs.cidrIpv4, r.inputs.ipProtocol, r.inputs.fromPort, r.inputs.toPort])).to.deep.equal([
            [stackOf(p, "infra-backend").outputs.nodeSecurityGroupId, "10.192.0.0/16", "tcp", 4567, 4567],
        ]);
    });

    it("GIVEN config WHEN ports, mesh name and the RAM mode change THEN the stacks follow it", async () => {
        const p = await plan({
            roles: meshRoles,
            configOverrides: {
                "mesh-owner": { "mesh:meshName": "shop-mesh", "mesh:ramSharing": "organization" },
                "mesh-participant": { "mesh:frontendCallablePorts": "[4567]", "mesh:ramSharing": "organization" },
            },
        });
        const participant = stackOf(p, "mesh-participant");
        expect(resourcesOfType(participant, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => r.inputs.fromPort)).to.deep.equal([4567]);
        expect((theResource(participant, MESH).inputs.spec as any).awsName).to.equal("shop-mesh");
        // Inside one Organization RAM sends no invitation: nothing to accept.
        expect(resourcesOfType(participant, "aws:ram/resourceShareAccepter:ResourceShareAccepter")).to.deep.equal([]);
        expect(participant.outputs.meshArn).to.equal("arn:aws:appmesh:us-west-2:111111111111:mesh/shop-mesh");
        expect(theResource(stackOf(p, "mesh-owner"), "aws:ram/resourceShare:ResourceShare").inputs.allowExternalPrincipals).to.equal(false);
    });
});

describe("mesh refusals", () => {
    it("GIVEN no owner stack WHEN the participant runs THEN it stops naming the stack and the override key", async () => {
        const error = await refusal(plan({ roles: ["infra-frontend", "infra-backend", "mesh-participant"] }));
        expect(error.message).to.contain("Stack organization/mesh/example-frontend (mesh owner) could not be read");
        expect(error.message).to.contain("point config key meshOwnerStack at the stack that provides it");
        expect((error.resources ?? []).filter((r) => r.type !== "pulumi:pulumi:StackReference")).to.deep.equal([]);
    });

    it("GIVEN an invalid mesh name or port WHEN planned THEN the key and the fix are named", async () => {
        const error = await refusal(
            plan({
                roles: meshRoles,
                configOverrides: { "mesh-owner": { "mesh:meshName": "Shop_Mesh", "mesh:frontendCallablePorts": "[70000]" } },
            }),
        );
        expect(error.message).to.contain('mesh:meshName: "Shop_Mesh" cannot name a mesh');
        expect(error.message).to.contain("mesh:frontendCallablePorts: 70000 is not a whole number from 1 to 65535");
    });

    it("GIVEN a malformed reference override WHEN planned THEN it asks for organization/project/stack", async () => {
        const error = await refusal(plan({ roles: meshRoles, configOverrides: { "mesh-participant": { "mesh:meshOwnerStack": "mesh-example" } } }));
        expect(error.message).to.contain(
            'mesh:meshOwnerStack: "mesh-example" is not a fully qualified stack name (organization/project/stack). Fix: write organization/mesh/example-frontend (your organization in place of organization if the stack is in another), or "" to follow the convention.',
        );
    });

    it("GIVEN reference overrides naming the wrong role, environment or project WHEN planned THEN each key is refused with the stack it must name", async () => {
        const error = await refusal(
            plan({
                roles: meshRoles,
                configOverrides: {
                    "mesh-owner": { "mesh:infraFrontendStack": "acme/infra-frontend/prod", "mesh:infraBackendStack": "acme/infra-frontend/example" },
                },
            }),
        );
        const fix = (stack: string) => `Fix: write ${stack} (your organization in place of organization if the stack is in another), or "" to follow the convention.`;
        expect(error.message).to.contain(`mesh:infraFrontendStack: "acme/infra-frontend/prod" is not the infra-frontend stack of environment example: it names environment prod. ${fix("organization/infra-frontend/example")}`);
        expect(error.message).to.contain(`mesh:infraBackendStack: "acme/infra-frontend/example" is not the infra-backend stack of environment example: it names project infra-frontend. ${fix("organization/infra-backend/example")}`);
    });

    it("GIVEN infra outputs that cannot be joined WHEN the owner checks them THEN each problem names its key", () => {
        const facts = { accountId: "111111111111", region: "us-west-2", vpcCidr: "10.192.0.0/16" };
        expect(() => assertPeerable(facts, { ...facts, vpcCidr: "10.192.128.0/17", region: "eu-west-1" }, "stack mesh/x-frontend", "appmesh")).to.throw(
            /same account 111111111111[\s\S]*infra-backend aws:region[\s\S]*infra-backend:vpcCidr: the backend VPC 10.192.128.0\/17 overlaps/,
        );
    });

    it("GIVEN overlapping VPC CIDRs WHEN checked per transport THEN appmesh and both (peering) refuse them, lattice and an unknown transport do not", () => {
        const frontend = { accountId: "111111111111", region: "us-west-2", vpcCidr: "10.192.0.0/16" };
        const backend = { accountId: "222222222222", region: "us-west-2", vpcCidr: "10.192.128.0/17" };
        const problems = (transport?: Transport) => checkPeerable(frontend, backend, transport).map(({ key, error }) => `${key}: ${error.problem} (${error.fix})`);
        for (const transport of ["appmesh", "both"] as const) {
            expect(problems(transport)).to.deep.equal([
                "infra-backend:vpcCidr: the backend VPC 10.192.128.0/17 overlaps the frontend VPC 10.192.0.0/16 " +
                    `(choose non-overlapping CIDRs, e.g. 10.192.0.0/16 and 10.193.0.0/16; VPC peering (transport ${transport}) refuses overlapping ranges)`,
            ]);
        }
        expect(problems("lattice")).to.deep.equal([]);
        expect(problems(undefined)).to.deep.equal([]);
        // Account and region still matter to Lattice: the share and the service network are regional.
        expect(() => assertPeerable(frontend, { ...backend, region: "eu-west-1" }, "stack mesh/x-frontend", "lattice")).to.throw(/infra-backend aws:region: the backend region eu-west-1 differs/);
    });
});
