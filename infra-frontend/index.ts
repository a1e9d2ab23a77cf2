import { ExportsOf } from "../shared/contracts";
import { accountInfrastructureArgs, loadInfraConfig } from "../shared/config/infra";
import { AccountInfrastructure } from "../shared/components/account-infrastructure";
import { accountProvider } from "../shared/providers";

// The frontend account: VPC and EKS cluster for yelb-ui. Config is validated before anything is declared.
export = async () => {
    const config = loadInfraConfig("frontend");
    const aws = accountProvider("frontend", config);
    const infra = new AccountInfrastructure("frontend", accountInfrastructureArgs(config), { providers: { aws } });

    return {
        ...infra.commonExports(),
        region: config.region,
        environment: config.environment,
    } satisfies ExportsOf<"infra-frontend">;
};
