import { expect } from "chai";
import { infraBackendContract, infraFrontendContract } from "../shared/contracts";
import { infraBackendAppMeshContract } from "../shared/contracts/infra";
import { NODE_MANAGED_POLICIES } from "../shared/components/cluster";
import { PlanOptions } from "../tools/sim/environment";
import { examplePlan, plan, refusal, resourcesOfType, stackOf, theResource } from "./helpers/plan";

describe("infra stacks (example environment)", () => {
    it("GIVEN the example WHEN planned THEN both infra stacks run in wave 0, each in its own account", async () => {
        const p = await examplePlan();
        const frontend = stackOf(p, "infra-frontend");
        const backend = stackOf(p, "infra-backend");
        expect([frontend.wave, backend.wave]).to.deep.equal([0, 0]);
        expect(frontend.account).to.equal("111111111111");
        expect(backend.account).to.equal("222222222222");
        expect(frontend.references).to.deep.equal([]);
        expect(backend.references).to.deep.equal([]);
    });

    it("GIVEN the VPC defaults WHEN planned THEN each side gets its CIDR, two zones and a NAT gateway per zone", async () => {
        const p = await examplePlan();
        for (const [role, cidr] of [["infra-frontend", "10.192.0.0/16"], ["infra-backend", "10.193.0.0/16"]] as const) {
            const vpc = theResource(stackOf(p, role), "awsx:ec2:Vpc");
            expect(vpc.inputs).to.include({ cidrBlock: cidr, numberOfAvailabilityZones: 2 });
            expect(vpc.inputs.natGateways).to.deep.equal({ strategy: "OnePerAz" });
            expect(stackOf(p, role).outputs.vpcCidr).to.equal(cidr);
        }
    });

    it("GIVEN config WHEN it changes THEN the CIDR, zones, NAT strategy and Kubernetes version follow it", async () => {
        const p = await plan({
            roles: ["infra-frontend"],
            configOverrides: {
                "infra-frontend": {
                    "infra-frontend:vpcCidr": "10.50.0.0/16",
                    "infra-frontend:availabilityZones": "3",
                    "infra-frontend:natGatewayStrategy": "Single",
                    "infra-frontend:kubernetesVersion": "1.34",
                    "infra-frontend:clusterAdminRoleArns": '["arn:aws:iam::111111111111:role/ci-preview"]',
                },
            },
        });
        const stack = stackOf(p, "infra-frontend");
        const vpc = theResource(stack, "awsx:ec2:Vpc");
        expect(vpc.inputs).to.include({ cidrBlock: "10.50.0.0/16", numberOfAvailabilityZones: 3 });
        expect(vpc.inputs.natGateways).to.deep.equal({ strategy: "Single" });
        expect(theResource(stack, "eks:index:Cluster").inputs.version).to.equal("1.34");
        expect(theResource(stack, "eks:index:Cluster").inputs.accessEntries).to.deep.equal({
            "admin-1": {
                principalArn: "arn:aws:iam::111111111111:role/ci-preview",
                accessPolicies: {
                    admin: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } },
                },
            },
        });
        expect(stack.outputs.privateSubnetIds).to.have.lengthOf(3);
    });

    it("GIVEN the cluster WHEN planned THEN its nodes sit only in the private subnets, without SSH or public IPs", async () => {
        const p = await examplePlan();
        for (const role of ["infra-frontend", "infra-backend"] as const) {
            const stack = stackOf(p, role);
            const nodes = theResource(stack, "eks:index:ManagedNodeGroup");
            expect(nodes.inputs.subnetIds).to.deep.equal(stack.outputs.privateSubnetIds);
            expect(nodes.inputs.subnetIds).to.not.include.members(stack.outputs.publicSubnetIds as string[]);
            expect(nodes.inputs).to.not.have.property("remoteAccess");
            expect(nodes.inputs.scalingConfig).to.deep.equal({ minSize: 2, desiredSize: 3, maxSize: 5 });
            expect(nodes.inputs.instanceTypes).to.deep.equal(["t3.large"]);
            const cluster = theResource(stack, "eks:index:Cluster");
            expect(cluster.inputs).to.include({ nodeAssociatePublicIpAddress: false, createOidcProvider: true, authenticationMode: "API" });
            expect(cluster.inputs.privateSubnetIds).to.deep.equal(stack.outputs.privateSubnetIds);
        }
    });

    it("GIVEN the node role WHEN planned THEN it has only the three worker policies and no *FullAccess", async () => {
        const stack = stackOf(await examplePlan(), "infra-backend");
        const nodeRole = theResource(stack, "aws:iam/role:Role", "backend-cluster-node");
        const attached = resourcesOfType(stack, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
            .filter((a) => a.inputs.role === nodeRole.outputs.name)
            .map((a) => a.inputs.policyArn);
        expect(attached).to.have.members(Object.values(NODE_MANAGED_POLICIES));
        const everyAttachment = resourcesOfType(stack, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => String(a.inputs.policyArn));
        expect(everyAttachment.filter((a) => /FullAccess|AppMesh/.test(a))).to.deep.equal([]);
    });

    it("GIVEN the backend cluster WHEN planned THEN the EBS CSI add-on runs with its own role, after the nodes; the frontend has none", async () => {
        const p = await examplePlan();
        const backend = stackOf(p, "infra-backend");
        const addon = theResource(backend, "eks:index:Addon", "backend-cluster-ebs-csi-driver");
        const role = theResource(backend, "aws:iam/role:Role", "backend-cluster-ebs-csi-role");
        expect(addon.inputs).to.include({ addonName: "aws-ebs-csi-driver", serviceAccountRoleArn: role.outputs.arn });
        expect(addon.dependencies).to.include(theResource(backend, "eks:index:ManagedNodeGroup").urn);
        const trust = JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0];
        expect(trust.Principal.Federated).to.equal(backend.outputs.oidcProviderArn);
        expect(Object.values(trust.Condition.StringEquals)).to.include("system:serviceaccount:kube-system:ebs-csi-controller-sa");
        const attachment = resourcesOfType(backend, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").find((a) => a.inputs.role === role.outputs.name)!;
        expect(attachment.inputs.policyArn).to.equal("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
        expect(resourcesOfType(stackOf(p, "infra-frontend"), "eks:index:Addon").map((a) => a.inputs.addonName)).to.deep.equal(["vpc-cni"]);
    });

    it("GIVEN the cluster WHEN planned THEN Kubernetes secrets are encrypted with a rotating KMS key", async () => {
        const stack = stackOf(await examplePlan(), "infra-frontend");
        const key = theResource(stack, "aws:kms/key:Key");
        expect(key.inputs.enableKeyRotation).to.equal(true);
        expect(theResource(stack, "eks:index:Cluster").inputs.encryptionConfigKeyArn).to.equal(key.outputs.arn);
    });

    it("GIVEN each account WHEN planned THEN its provider refuses other accounts and tags everything", async () => {
        const p = await examplePlan();
        for (const [role, account, side] of [["infra-frontend", "111111111111", "frontend"], ["infra-backend", "222222222222", "backend"]] as const) {
            const provider = theResource(stackOf(p, role), "pulumi:providers:aws");
            expect(JSON.parse(String(provider.inputs.allowedAccountIds))).to.deep.equal([account]);
            expect(JSON.parse(String(provider.inputs.defaultTags)).tags).to.deep.equal({
                project: "yelb-appmesh",
                environment: "example",
                "account-role": side,
                "managed-by": "pulumi",
            });
        }
    });

    it("GIVEN the contracts WHEN the stacks finish THEN every contract output is exported and the kubeconfig is secret", async () => {
        const p = await examplePlan();
        for (const [role, contract] of [["infra-frontend", infraFrontendContract], ["infra-backend", infraBackendContract]] as const) {
            const stack = stackOf(p, role);
            // With App Mesh the backend adds its contract's App Mesh part, the Cloud Map namespace.
            const parts = role === "infra-backend" ? Object.keys(infraBackendAppMeshContract.schema) : [];
            expect(Object.keys(stack.outputs)).to.have.members([...Object.keys(contract.schema), ...parts]);
            expect(stack.outputs.kubeconfig).to.equal("[secret]");
            expect(stack.outputs.accountId).to.equal(stack.account);
        }
        const backend = stackOf(p, "infra-backend");
        const namespace = theResource(backend, "aws:servicediscovery/httpNamespace:HttpNamespace");
        expect(namespace.inputs.name).to.equal("am-multi-account.local");
        expect(backend.outputs.cloudMapNamespaceId).to.equal(namespace.id);
        expect(backend.outputs.cloudMapNamespaceId).to.match(/^ns-[0-9a-f]{16}$/);
        expect(backend.outputs.privateRouteTableIds).to.have.lengthOf(2);
    });
});

describe("infra config refusals", () => {
    const refuse = async (role: "infra-frontend" | "infra-backend", config: Record<string, string>) => {
        const error = await refusal(plan({ roles: [role], configOverrides: { [role]: config } }));
        expect(error.resources ?? [], "resources declared before the refusal").to.deep.equal([]);
        return error.message;
    };

    it("GIVEN a 13-digit account WHEN planned THEN aws:allowedAccountIds is refused before any resource", async () => {
        const message = await refuse("infra-frontend", { "aws:allowedAccountIds": '["1111111111112"]' });
        expect(message).to.contain('aws:allowedAccountIds: "1111111111112" is not an AWS account ID');
    });

    it("GIVEN min > max nodes WHEN planned THEN nodeDesiredSize names the rule", async () => {
        const message = await refuse("infra-backend", { "infra-backend:nodeMinSize": "6", "infra-backend:nodeMaxSize": "4" });
        expect(message).to.contain("infra-backend:nodeDesiredSize: node counts must satisfy min <= desired <= max, got min 6, desired 3, max 4");
    });

    it("GIVEN an unknown NAT strategy WHEN planned THEN natGatewayStrategy lists the choices", async () => {
        const message = await refuse("infra-frontend", { "infra-frontend:natGatewayStrategy": "None" });
        expect(message).to.contain('infra-frontend:natGatewayStrategy: "None" is not one of Single, OnePerAz');
    });

    it("GIVEN a CIDR too small for its subnets WHEN planned THEN vpcCidr says how to fix it", async () => {
        const message = await refuse("infra-frontend", { "infra-frontend:vpcCidr": "10.192.0.0/20" });
        expect(message).to.contain("infra-frontend:vpcCidr: a /19 subnet does not fit inside the VPC 10.192.0.0/20");
    });

    it("GIVEN a misspelt key WHEN planned THEN it is refused with the key it probably meant", async () => {
        const message = await refuse("infra-frontend", { "infra-frontend:vpcCdir": "10.192.0.0/16" });
        expect(message).to.contain("infra-frontend:vpcCdir: is not a setting of the infra-frontend project. Fix: did you mean infra-frontend:vpcCidr?");
    });

    it("GIVEN an unknown Kubernetes version WHEN planned THEN kubernetesVersion lists the versions in standard support", async () => {
        const message = await refuse("infra-backend", { "infra-backend:kubernetesVersion": "1.27" });
        expect(message).to.contain('infra-backend:kubernetesVersion: "1.27" is not offered by EKS (as of 2026-11-29). Fix: use one of 1.34, 1.35, 1.36 (standard support).');
    });

    it("GIVEN several problems WHEN planned THEN all are reported at once", async () => {
        const message = await refuse("infra-frontend", { "aws:region": "mars-1", "infra-frontend:availabilityZones": "4" });
        expect(message).to.contain('aws:region: "mars-1" is not an AWS region');
        expect(message).to.contain("infra-frontend:availabilityZones: 4 is not a whole number from 2 to 3");
    });
});

describe("environment refusals (checks across the two accounts)", () => {
    const refuse = async (configOverrides: PlanOptions["configOverrides"]) => {
        const error = await refusal(plan({ roles: ["infra-frontend", "infra-backend"], configOverrides }));
        expect(error.resources ?? []).to.deep.equal([]);
        return error.message;
    };

    it("GIVEN overlapping VPC CIDRs and App Mesh WHEN planned THEN the mesh owner refuses infra-backend:vpcCidr before declaring anything", async () => {
        const error = await refusal(plan({ roles: ["infra-frontend", "infra-backend", "mesh-owner"], configOverrides: { "infra-backend": { "infra-backend:vpcCidr": "10.192.0.0/16" } } }));
        expect(error.message).to.contain("mesh/example-frontend failed");
        expect(error.message).to.contain(
            "infra-backend:vpcCidr: the backend VPC 10.192.0.0/16 overlaps the frontend VPC 10.192.0.0/16. " +
                "Fix: choose non-overlapping CIDRs, e.g. 10.192.0.0/16 and 10.193.0.0/16; VPC peering (transport appmesh) refuses overlapping ranges.",
        );
        expect((error.resources ?? []).filter((r) => r.custom && r.type !== "pulumi:pulumi:StackReference").map((r) => r.type)).to.deep.equal([]);
    });

    it("GIVEN overlapping VPC CIDRs and Lattice only WHEN planned THEN the environment plans: no peering, no refusal", async () => {
        const p = await plan({ roles: ["infra-frontend", "infra-backend", "mesh-owner"], configOverrides: { "infra-backend": { "infra-backend:vpcCidr": "10.192.0.0/16" } } }, "example-lattice");
        expect([stackOf(p, "infra-frontend").outputs.vpcCidr, stackOf(p, "infra-backend").outputs.vpcCidr]).to.deep.equal(["10.192.0.0/16", "10.192.0.0/16"]);
        expect(stackOf(p, "mesh-owner").outputs.transport).to.equal("lattice");
    });

    it("GIVEN one account for both sides WHEN planned THEN the backend's account is refused", async () => {
        const message = await refuse({ "infra-backend": { "aws:allowedAccountIds": '["111111111111"]' } });
        expect(message).to.contain("the frontend and backend are the same account 111111111111");
    });

    it("GIVEN two regions WHEN planned THEN the backend's region is refused because a mesh is regional", async () => {
        const message = await refuse({ "infra-backend": { "aws:region": "eu-west-1" } });
        expect(message).to.contain("infra-backend aws:region: the backend region eu-west-1 differs from the frontend region us-west-2");
    });
});
