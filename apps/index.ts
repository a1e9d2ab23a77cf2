import { AppsConfig, loadAppsConfig } from "../shared/config/apps";
import { ExportsOf, readStack } from "../shared/contracts";
import { APPSERVER, YelbBackend } from "../shared/components/yelb-backend";
import { YelbFrontend } from "../shared/components/yelb-frontend";
import { sideProviders } from "../shared/providers";

/** What the apps read of their side's infra stack: the providers' account, region and kubeconfig, and the OIDC provider for IRSA. */
const CLUSTER_FIELDS = ["accountId", "region", "kubeconfig", "oidcProviderArn", "oidcProviderUrl"] as const;

// One stack per account: <env>-backend runs yelb-appserver, Redis and Postgres and exports the
// appserver's VirtualService ARN; <env>-frontend runs yelb-ui, which calls that ARN.
async function backend(config: AppsConfig): Promise<ExportsOf<"apps-backend">> {
    const infra = await readStack("infra-backend", config.references, {
        fields: [...CLUSTER_FIELDS, "cloudMapNamespaceId", "cloudMapNamespaceName"],
    });
    const mesh = await readStack("mesh-participant", config.references, { fields: ["meshName"] });

    const providers = sideProviders(infra, config.identity);
    const yelb = new YelbBackend(
        "yelb",
        {
            namespace: config.namespace,
            meshName: mesh.meshName,
            cluster: infra,
            cloudMapNamespaceId: infra.cloudMapNamespaceId,
            cloudMapNamespaceName: infra.cloudMapNamespaceName,
            images: config.images,
            databaseVolumeSize: config.databaseVolumeSize,
        },
        { providers },
    );
    return {
        yelbAppserverVirtualServiceArn: yelb.appserverVirtualServiceArn,
        yelbAppserverServiceName: APPSERVER.name,
        yelbAppserverPort: APPSERVER.port,
        namespace: config.namespace,
    } satisfies ExportsOf<"apps-backend">;
}

async function frontend(config: AppsConfig): Promise<ExportsOf<"apps-frontend">> {
    const infra = await readStack("infra-frontend", config.references, { fields: CLUSTER_FIELDS });
    const mesh = await readStack("mesh-owner", config.references, { fields: ["meshName"] });
    const appsBackend = await readStack("apps-backend", config.references, {
        fields: ["yelbAppserverVirtualServiceArn", "yelbAppserverServiceName", "yelbAppserverPort"],
    });

    const providers = sideProviders(infra, config.identity);
    const yelb = new YelbFrontend(
        "yelb",
        {
            namespace: config.namespace,
            meshName: mesh.meshName,
            cluster: infra,
            image: config.images.ui,
            appserver: {
                virtualServiceArn: appsBackend.yelbAppserverVirtualServiceArn,
                serviceName: appsBackend.yelbAppserverServiceName,
                port: appsBackend.yelbAppserverPort,
            },
        },
        { providers },
    );
    return { applicationUrl: yelb.applicationUrl, namespace: config.namespace } satisfies ExportsOf<"apps-frontend">;
}

export = async () => {
    const config = loadAppsConfig();
    return config.identity.role === "apps-backend" ? backend(config) : frontend(config);
};
