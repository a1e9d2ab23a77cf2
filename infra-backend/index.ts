import { transportExports } from "../shared/contracts/transport";
import { accountInfrastructureArgs, loadInfraConfig } from "../shared/config/infra";
import { AccountInfrastructure } from "../shared/components/account-infrastructure";
import { accountProvider } from "../shared/providers";
import { usesAppMesh, usesLattice } from "../shared/transport";

// The backend account: VPC, EKS cluster and, with App Mesh only, the Cloud Map namespace the
// frontend discovers yelb-appserver through (Lattice gives the appserver a DNS name instead).
export = async () => {
    const config = loadInfraConfig("backend");
    const aws = accountProvider("backend", config);
    const args = accountInfrastructureArgs(config);
    const infra = new AccountInfrastructure(
        "backend",
        {
            ...args,
            // Postgres keeps its votes on an EBS volume, so this cluster gets the EBS CSI driver.
            cluster: { ...args.cluster, ebsCsiDriver: true },
            ...(usesAppMesh(config.transport) ? { serviceDiscovery: { namespaceName: config.cloudMapNamespace } } : {}),
        },
        { providers: { aws } },
    );
    const namespace = infra.cloudMapNamespace;

    return transportExports(
        "infra-backend",
        { ...infra.commonExports(), region: config.region, environment: config.environment, transport: config.transport },
        {
            appmesh: namespace && { cloudMapNamespaceId: namespace.id, cloudMapNamespaceName: namespace.name, cloudMapNamespaceArn: namespace.arn },
            lattice: usesLattice(config.transport) ? {} : undefined,
        },
    );
};
