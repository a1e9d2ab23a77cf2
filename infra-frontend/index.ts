import { ExportsOf } from "../shared/contracts";
import { accountInfrastructureArgs, loadInfraConfig } from "../shared/config/infra";
import { AccountInfrastructure } from "../shared/components/account-infrastructure";
import { accountProvider } from "../shared/providers";
import { SignedCallerRole } from "../shared/components/signed-caller-role";
import { SIGNED_CALLER_SERVICE_ACCOUNT } from "../shared/lattice/sigv4-proxy";

// The frontend account: VPC and EKS cluster for yelb-ui. Config is validated before anything is declared.
export = async () => {
    const config = loadInfraConfig("frontend");
    const aws = accountProvider("frontend", config);
    const infra = new AccountInfrastructure("frontend", accountInfrastructureArgs(config), { providers: { aws } });
    // Here, before the stacks whose auth policies name it (the apps backend's), since AWS refuses a
    // policy naming a role that does not exist yet (docs/transports.md, "Signed calls").
    const caller =
        config.latticeSignedCalls &&
        new SignedCallerRole("yelb-ui-lattice-caller", { clusterName: infra.cluster.clusterName, accountId: infra.accountId, region: config.region, serviceAccount: SIGNED_CALLER_SERVICE_ACCOUNT }, { providers: { aws } });

    return {
        ...infra.commonExports(),
        region: config.region,
        environment: config.environment,
        latticeCallerRoleArn: caller ? caller.arn : "",
    } satisfies ExportsOf<"infra-frontend">;
};
