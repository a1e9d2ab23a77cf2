import { expect } from "chai";
import { examplePlan, plan, resourcesOfType, stackOf, theResource } from "./helpers/plan";
import { APPMESH_CONTROLLER_CHART } from "../shared/components/appmesh-controller";
import { HELM_RELEASE_NAMESPACES } from "../shared/components/cluster";
import { LATTICE_CONTROLLER_CHART } from "../shared/components/lattice-gateway-controller";

describe("issue 11: safe defaults in the plan", () => {
    it("GIVEN the example WHEN planned THEN each EKS API endpoint is private only, with no public CIDRs", async () => {
        const p = await examplePlan();
        for (const role of ["infra-frontend", "infra-backend"] as const) {
            const cluster = theResource(stackOf(p, role), "eks:index:Cluster");
            expect(cluster.inputs).to.include({ endpointPrivateAccess: true, endpointPublicAccess: false });
            expect(cluster.inputs).to.not.have.property("publicAccessCidrs");
        }
    });

    it("GIVEN public-and-private access with a CIDR WHEN planned THEN the public endpoint admits exactly that CIDR", async () => {
        const p = await plan({
            roles: ["infra-frontend"],
            configOverrides: {
                "infra-frontend": {
                    "infra-frontend:clusterEndpointAccess": "public-and-private",
                    "infra-frontend:clusterEndpointPublicAccessCidrs": '["203.0.113.0/24"]',
                },
            },
        });
        const cluster = theResource(stackOf(p, "infra-frontend"), "eks:index:Cluster");
        expect(cluster.inputs).to.include({ endpointPrivateAccess: true, endpointPublicAccess: true });
        expect(cluster.inputs.publicAccessCidrs).to.deep.equal(["203.0.113.0/24"]);
    });

    it("GIVEN the example WHEN planned THEN the control-plane log group is declared with 30 days, before the cluster", async () => {
        const p = await examplePlan();
        for (const [role, clusterName] of [["infra-frontend", "yelb-example-frontend"], ["infra-backend", "yelb-example-backend"]] as const) {
            const stack = stackOf(p, role);
            const logGroup = theResource(stack, "aws:cloudwatch/logGroup:LogGroup");
            expect(logGroup.inputs).to.deep.include({ name: `/aws/eks/${clusterName}/cluster`, retentionInDays: 30 });
            expect(theResource(stack, "eks:index:Cluster").dependencies).to.include(logGroup.urn);
        }
    });

    it("GIVEN each cluster WHEN planned THEN the VPC CNI add-on turns network policy enforcement on, and support is STANDARD", async () => {
        const p = await examplePlan();
        for (const role of ["infra-frontend", "infra-backend"] as const) {
            const stack = stackOf(p, role);
            const cni = resourcesOfType(stack, "eks:index:Addon").find((a) => a.inputs.addonName === "vpc-cni")!;
            expect(cni.inputs.configurationValues).to.deep.equal({ enableNetworkPolicy: "true" });
            expect(cni.inputs.resolveConflictsOnCreate).to.equal("OVERWRITE");
            expect(theResource(stack, "eks:index:Cluster").inputs.upgradePolicy).to.deep.equal({ supportType: "STANDARD" });
        }
    });

    it("GIVEN an extended-support version with its cost accepted WHEN planned THEN the cluster runs it with EXTENDED support", async () => {
        const p = await plan({
            roles: ["infra-backend"],
            configOverrides: { "infra-backend": { "infra-backend:kubernetesVersion": "1.33", "infra-backend:acceptExtendedSupportCost": "true" } },
        });
        const cluster = theResource(stackOf(p, "infra-backend"), "eks:index:Cluster");
        expect(cluster.inputs.version).to.equal("1.33");
        expect(cluster.inputs.upgradePolicy).to.deep.equal({ supportType: "EXTENDED" });
    });

    it("GIVEN aws:profile, a kubeconfig role and admin users WHEN planned THEN the provider and kubeconfig use them and users get access entries", async () => {
        const p = await plan({
            roles: ["infra-frontend"],
            configOverrides: {
                "infra-frontend": {
                    "aws:profile": "frontend",
                    "infra-frontend:kubeconfigRoleArn": "arn:aws:iam::111111111111:role/eks-admin",
                    "infra-frontend:clusterAdminUserArns": '["arn:aws:iam::111111111111:user/alice"]',
                    "infra-frontend:previewRoleArn": "arn:aws:iam::111111111111:role/yelb-github-preview",
                },
            },
        });
        const stack = stackOf(p, "infra-frontend");
        const cluster = theResource(stack, "eks:index:Cluster");
        expect(cluster.inputs.providerCredentialOpts).to.deep.equal({ profileName: "frontend", roleArn: "arn:aws:iam::111111111111:role/eks-admin" });
        expect(theResource(stack, "pulumi:providers:aws").inputs.profile).to.equal("frontend");
        expect((cluster.inputs.accessEntries as Record<string, unknown>)["admin-user-1"]).to.deep.equal({
            principalArn: "arn:aws:iam::111111111111:user/alice",
            accessPolicies: { admin: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", accessScope: { type: "cluster" } } },
        });
        // The CI preview role: read-only on the cluster, and the Helm release records in the controllers' namespaces only.
        expect((cluster.inputs.accessEntries as Record<string, unknown>).preview).to.deep.equal({
            principalArn: "arn:aws:iam::111111111111:role/yelb-github-preview",
            accessPolicies: {
                view: { policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", accessScope: { type: "cluster" } },
                helmReleases: {
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy",
                    accessScope: { type: "namespace", namespaces: ["appmesh-system", "aws-application-networking-system"] },
                },
            },
        });
        expect([...HELM_RELEASE_NAMESPACES], "the namespaces of the two Helm releases").to.deep.equal([APPMESH_CONTROLLER_CHART.namespace, LATTICE_CONTROLLER_CHART.namespace]);
    });

    it("GIVEN the backend apps WHEN planned THEN Redis and Postgres admit TCP only from yelb-appserver pods, on their own port", async () => {
        const stack = stackOf(await examplePlan(), "apps-backend");
        const policies = resourcesOfType(stack, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => ({ metadata: r.inputs.metadata, spec: r.inputs.spec }));
        const only = (name: string, app: string, port: number) => ({
            metadata: { name, namespace: "yelb" },
            spec: {
                podSelector: { matchLabels: { app } },
                policyTypes: ["Ingress"],
                ingress: [{ from: [{ podSelector: { matchLabels: { app: "yelb-appserver" } } }], ports: [{ protocol: "TCP", port }] }],
            },
        });
        expect(policies).to.deep.equal([only("redis-server-from-appserver", "redis-server", 6379), only("yelb-db-from-appserver", "yelb-db", 5432)]);
    });
});
