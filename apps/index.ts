import { AppsConfig, loadAppsConfig } from "../shared/config/apps";
import { ContractError } from "../shared/contracts/contract";
import { ExportsOf, readStack } from "../shared/contracts";
import { APPS_BACKEND_VISIBILITY_OUTPUTS } from "../shared/contracts/apps";
import { readTransportStack, transportExports } from "../shared/contracts/transport";
import { APPSERVER, YelbBackend } from "../shared/components/yelb-backend";
import { YelbFrontend } from "../shared/components/yelb-frontend";
import { LatticeAlarms } from "../shared/components/lattice-alarms";
import { LATTICE_LISTENER_PROTOCOLS, LatticeListenerProtocol } from "../shared/lattice/yelb-ui-proxy";
import { sideProviders } from "../shared/providers";
import { appserverAuthPolicy } from "../shared/components/lattice-service-network";
import { callsOf } from "../shared/environment";
import { alarmTopicRefusal, signedCallsRefusal } from "../shared/config/apps";
import { StackEntry } from "../shared/topology";

/** What the apps read of their side's infra stack: the providers' account, region and kubeconfig, and the OIDC provider for IRSA. */
const CLUSTER_FIELDS = ["accountId", "region", "kubeconfig", "oidcProviderArn", "oidcProviderUrl"] as const;

const stackFile = (config: AppsConfig) => `apps/Pulumi.${config.identity.entry.stack}.yaml`;
const infraStackFile = (entry: StackEntry) => `${entry.project}/Pulumi.${entry.stack}.yaml`;
const expected = (config: AppsConfig) => ({ transport: config.transport, key: "apps:transport", stackFile: stackFile(config) });

// One stack per account: <env>-backend runs yelb-appserver, Redis and Postgres and exports how the
// appserver is called (its VirtualService ARN, its Lattice service's DNS name and ARN, or both);
// <env>-frontend runs yelb-ui, which calls it.
async function backend(config: AppsConfig) {
    const self = config.identity.side;
    const mesh = await readTransportStack("mesh-participant", config.references, expected(config));
    const infra = await readTransportStack("infra-backend", config.references, { ...expected(config), account: self });
    // The consumers of this account's service, as the topology says: their VPCs, accounts and signing roles.
    const consumerReads = config.references.reads.filter((e) => e.kind === "infra-frontend" && e.account !== self);
    const consumers = [];
    for (const read of consumerReads) {
        const consumer = await readStack("infra-frontend", config.references, { account: read.account, fields: ["accountId", "vpcId", "latticeCallerRoleArn"] });
        // Before any resource: admitting only a role that yelb-ui does not sign with would deny every call.
        const refusal = consumer.latticeCallerRoleArn !== "" && signedCallsRefusal(config.transport, infraStackFile(read), stackFile(config));
        if (refusal) throw refusal;
        consumers.push(consumer);
    }
    const authPolicy = appserverAuthPolicy(consumers, config.identity.topology.description.file !== undefined);
    if (mesh.transport !== "appmesh" && !mesh.latticeRouteNamespaces.includes(config.namespace)) {
        throw new ContractError(
            `apps:namespace "${config.namespace}" is not among the namespaces the Gateway accepts routes from (mesh:latticeRouteNamespaces: ${mesh.latticeRouteNamespaces.join(", ")}). ` +
                `Add it to mesh:latticeRouteNamespaces in mesh/Pulumi.${config.identity.environment}-${self}.yaml, or use one of those namespaces.`,
        );
    }

    const topicRefusal = alarmTopicRefusal(config.latticeAlarmTopicArn, infra.region, stackFile(config));
    if (topicRefusal) throw topicRefusal;

    const providers = sideProviders(infra, config.identity);
    const yelb = new YelbBackend(
        "yelb",
        {
            namespace: config.namespace,
            cluster: infra,
            appMesh:
                mesh.transport === "lattice" || infra.transport === "lattice"
                    ? undefined
                    : { meshName: mesh.meshName, cloudMapNamespaceId: infra.cloudMapNamespaceId, cloudMapNamespaceName: infra.cloudMapNamespaceName },
            lattice:
                mesh.transport === "appmesh"
                    ? undefined
                    : { gateway: { name: mesh.gatewayName, namespace: mesh.gatewayNamespace, listenerName: mesh.gatewayListenerName }, ...(authPolicy ? { authPolicy } : {}) },
            images: config.images,
            canary: config.appserverCanary,
            databaseVolumeSize: config.databaseVolumeSize,
        },
        { providers },
    );
    // In the backend account, where the Lattice service and its target groups report their metrics.
    const alarms =
        yelb.appserverLattice &&
        new LatticeAlarms("yelb-appserver-lattice", {
                serviceArn: yelb.appserverLattice.serviceArn,
                name: `${APPSERVER.name}-${config.namespace}`,
                region: infra.region,
                ...(config.latticeAlarmTopicArn ? { notificationTopicArn: config.latticeAlarmTopicArn } : {}),
            }, { providers });
    const common = { transport: config.transport, yelbAppserverServiceName: APPSERVER.name, yelbAppserverPort: APPSERVER.port, namespace: config.namespace } satisfies ExportsOf<"apps-backend">;
    const exports = transportExports("apps-backend", common, {
        appmesh: yelb.appserverVirtualServiceArn && { yelbAppserverVirtualServiceArn: yelb.appserverVirtualServiceArn },
        lattice: yelb.appserverLattice && {
            yelbAppserverServiceDnsName: yelb.appserverLattice.serviceDnsName,
            yelbAppserverServiceArn: yelb.appserverLattice.serviceArn,
        },
    });
    // For people, not for other stacks (no contract): where to look when the appserver misbehaves.
    const { alarmNames, dashboardUrl, alarmTopicArn } = APPS_BACKEND_VISIBILITY_OUTPUTS;
    return alarms ? { ...exports, [alarmNames]: alarms.alarmNames, [dashboardUrl]: alarms.dashboardUrl, [alarmTopicArn]: config.latticeAlarmTopicArn } : exports;
}

async function frontend(config: AppsConfig): Promise<ExportsOf<"apps-frontend">> {
    const self = config.identity.side;
    const infra = await readStack("infra-frontend", config.references, { fields: [...CLUSTER_FIELDS, "clusterName", "latticeCallerRoleArn"], account: self });
    const signedRefusal = infra.latticeCallerRoleArn !== "" && signedCallsRefusal(config.transport, infraStackFile(config.references.reads.find((e) => e.kind === "infra-frontend")!), stackFile(config));
    if (signedRefusal) throw signedRefusal;
    const mesh = await readTransportStack("mesh-owner", config.references, expected(config));
    // A calling account that does not own the network joins it in its own mesh stack: read after it, so its association exists.
    if (config.references.reads.some((e) => e.kind === "mesh-participant")) await readStack("mesh-participant", config.references, { fields: ["transport"] });
    // The provider of the one service this account calls, named by the environment's description.
    const [service] = callsOf(config.identity.topology.description, self);
    const appsBackend = await readTransportStack("apps-backend", config.references, { ...expected(config), account: service.provider });

    const providers = sideProviders(infra, config.identity);
    const yelb = new YelbFrontend(
        "yelb",
        {
            namespace: config.namespace,
            cluster: infra,
            image: config.images.ui,
            appMesh:
                mesh.transport !== "lattice" && appsBackend.transport !== "lattice"
                    ? {
                          meshName: mesh.meshName,
                          appserver: {
                              virtualServiceArn: appsBackend.yelbAppserverVirtualServiceArn,
                              serviceName: appsBackend.yelbAppserverServiceName,
                              port: appsBackend.yelbAppserverPort,
                          },
                      }
                    : undefined,
            lattice:
                appsBackend.transport !== "appmesh" && mesh.transport !== "appmesh"
                    ? {
                          appserverDnsName: appsBackend.yelbAppserverServiceDnsName,
                          listenerPort: mesh.latticeListenerPort,
                          listenerProtocol: listenerProtocolOf(mesh.latticeListenerProtocol),
                          ...(infra.latticeCallerRoleArn !== ""
                              ? { signedCalls: { callerRoleArn: infra.latticeCallerRoleArn, serviceArn: appsBackend.yelbAppserverServiceArn, region: infra.region, clusterName: infra.clusterName } }
                              : {}),
                      }
                    : undefined,
            upstream: config.uiUpstream,
        },
        { providers },
    );
    return { transport: config.transport, applicationUrl: yelb.applicationUrl, namespace: config.namespace } satisfies ExportsOf<"apps-frontend">;
}

/** The owner's listener protocol, as the one type nginx's config is rendered for (a stack from another version could export another). */
function listenerProtocolOf(value: string): LatticeListenerProtocol {
    if (!(LATTICE_LISTENER_PROTOCOLS as readonly string[]).includes(value)) {
        throw new ContractError(`the mesh owner stack exports latticeListenerProtocol "${value}"; expected one of ${LATTICE_LISTENER_PROTOCOLS.join(", ")}. Update the mesh owner stack first.`);
    }
    return value as LatticeListenerProtocol;
}

export = async () => {
    const config = loadAppsConfig();
    return config.identity.role === "apps-backend" ? backend(config) : frontend(config);
};
