import { ExportsOf } from "../shared/contracts";
import { accountInfrastructureArgs, loadInfraConfig } from "../shared/config/infra";
import { AccountInfrastructure } from "../shared/components/account-infrastructure";
import { accountProvider } from "../shared/providers";

// The backend account: VPC, EKS cluster and the Cloud Map namespace for yelb-appserver, Redis and Postgres.
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
            serviceDiscovery: { namespaceName: config.cloudMapNamespace },
        },
        { providers: { aws } },
    );
    const namespace = infra.cloudMapNamespace;

    return {
        ...infra.commonExports(),
        region: config.region,
        environment: config.environment,
        cloudMapNamespaceId: namespace.id,
        cloudMapNamespaceName: namespace.name,
        cloudMapNamespaceArn: namespace.arn,
    } satisfies ExportsOf<"infra-backend">;
};
