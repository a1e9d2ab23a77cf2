import * as pulumi from "@pulumi/pulumi";
import { CiAccess } from "../shared/components/ci-access";
import { loadBootstrapConfig } from "../shared/config/ci-access";
import { accountProvider } from "../shared/providers";

// GitHub Actions' access to one account. Config is validated before anything is declared.
export = async () => {
    const config = loadBootstrapConfig(pulumi.getStack());
    const side = pulumi.getStack().endsWith("-backend") ? "backend" : "frontend";
    const aws = accountProvider("account", { accountId: config.accountId, region: config.region, environment: "bootstrap", side });
    const access = new CiAccess("github", config.access, { providers: { aws } });
    return {
        previewRoleArn: access.previewRoleArn,
        deployRoleArn: access.deployRoleArn,
        oidcProviderArn: access.oidcProviderArn,
    };
};
