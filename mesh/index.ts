import { assertPeerable } from "../shared/config/infra";
import { MeshConfig, loadMeshConfig } from "../shared/config/mesh";
import { ExportsOf, OutputsOf, readStack } from "../shared/contracts";
import { mixedSettingMessage, readTransportStack, transportExports } from "../shared/contracts/transport";
import { ContractError } from "../shared/contracts/contract";
import { LatticeGatewayController } from "../shared/components/lattice-gateway-controller";
import { LatticeServiceNetwork, latticeVpcAssociation } from "../shared/components/lattice-service-network";
import { acceptShare } from "../shared/components/ram-share";
import { MeshOwner } from "../shared/components/mesh-owner";
import { MeshParticipant } from "../shared/components/mesh-participant";
import { accountProvider, sideProviders } from "../shared/providers";
import { usesAppMesh, usesLattice } from "../shared/transport";

/** The Lattice listener's port by protocol: HTTPS on 443 (the default), plain HTTP on 80 only by mesh:latticeListenerProtocol. */
const LATTICE_LISTENER_PORTS = { HTTPS: 443, HTTP: 80 } as const;
/** Where the participant puts its Gateway. */
const GATEWAY_NAMESPACE = "lattice-gateway";

const stackFile = (config: MeshConfig) => `mesh/Pulumi.${config.identity.entry.stack}.yaml`;

// One stack per account: <env>-frontend owns the mesh or service network, <env>-backend joins it.
// Each reads its inputs through typed stack contracts, all before declaring anything; the
// transport decides which halves are declared (both, during a cut-over).
async function owner(config: MeshConfig) {
    // Every workload account's infra stack, in the description's order; the owner's own first when it has a cluster.
    const { entry, topology } = config.identity;
    const infras = [];
    for (const read of config.references.reads) infras.push({ account: read.account, ...(await readStack(read.kind as "infra-frontend" | "infra-backend", config.references, { account: read.account })) });
    const own = infras.find((i) => i.account === entry.account);
    const others = infras.filter((i) => i !== own);
    if (own) {
        // Both transports need the accounts in one region; only peering (App Mesh) needs disjoint CIDRs.
        for (const other of others) assertPeerable(own, other, `stack mesh/${entry.stack}`, config.transport);
    }
    // A network account with no cluster: its account and region come from this stack's own file.
    const providers = own ? sideProviders(own, config.identity) : { aws: accountProvider(entry.account, { ...config.networkAccount!, environment: config.identity.environment, side: entry.account }) };
    const region = own?.region ?? config.networkAccount!.region;

    let appmesh;
    if (usesAppMesh(config.transport)) {
        // App Mesh joins exactly two accounts (refused otherwise up front): the owner's and the backend's.
        const frontend = own as unknown as OutputsOf<"infra-frontend">;
        const backend = others[0] as unknown as OutputsOf<"infra-backend">;
        const mesh = new MeshOwner(
            "owner",
            { frontend, backend, meshName: config.meshName, ramSharing: config.ramSharing, controllerChartVersion: config.controllerChartVersion },
            { providers },
        );
        appmesh = {
            meshName: config.meshName,
            meshArn: mesh.meshArn,
            meshOwnerAccountId: frontend.accountId,
            resourceShareArn: mesh.resourceShareArn,
            peeringConnectionId: mesh.peeringConnectionId,
            frontendVpcCidr: frontend.vpcCidr,
        };
    }
    let lattice;
    let accessLogs;
    if (usesLattice(config.transport)) {
        const calling = new Set(topology.description.services.flatMap((s) => s.consumers));
        const network = new LatticeServiceNetwork(
            "lattice",
            {
                serviceNetworkName: config.serviceNetworkName,
                frontend: own && { vpcId: own.vpcId, nodeSecurityGroupId: own.nodeSecurityGroupId },
                callers: infras.filter((i) => calling.has(i.account)).map((i) => ({ accountId: i.accountId, vpcId: i.vpcId })),
                shareWith: others.map((i) => ({ name: i.account, accountId: i.accountId })),
                listenerPort: LATTICE_LISTENER_PORTS[config.latticeListenerProtocol],
                ramSharing: config.ramSharing,
                accessLogRetentionDays: config.latticeAccessLogRetentionDays,
                accessLogDestination: config.latticeAccessLogDestination,
            },
            { providers },
        );
        accessLogs = network.accessLogGroupName ? { latticeAccessLogGroupName: network.accessLogGroupName } : { latticeAccessLogBucketName: network.accessLogBucketName };
        lattice = {
            serviceNetworkName: config.serviceNetworkName,
            serviceNetworkArn: network.serviceNetworkArn,
            serviceNetworkShareArn: network.resourceShareArn,
            latticeListenerPort: LATTICE_LISTENER_PORTS[config.latticeListenerProtocol],
            latticeListenerProtocol: config.latticeListenerProtocol,
        };
    }
    const exports = transportExports("mesh-owner", { transport: config.transport, ramSharing: config.ramSharing, region }, { appmesh, lattice });
    // For people, not for other stacks (no contract): where the network's access logs are.
    return accessLogs ? { ...exports, ...accessLogs } : exports;
}

/**
 * A calling account that does not own the network (the hub's yelb-ui account): accepts the share
 * and associates its VPC, whose security group admits only its nodes on the listener port.
 */
async function caller(config: MeshConfig) {
    const infra = await readStack("infra-frontend", config.references);
    const owner = await readTransportStack("mesh-owner", config.references, { transport: config.transport, key: "mesh:transport", stackFile: stackFile(config) });
    if (owner.transport === "appmesh") throw new ContractError(`stack mesh/${config.identity.entry.stack}: a calling account joins a service network only with transport lattice`);
    const providers = sideProviders(infra, config.identity);
    const accepted = acceptShare("lattice", owner.serviceNetworkShareArn, config.ramSharing, { provider: providers.aws });
    latticeVpcAssociation(
        "lattice-association",
        "lattice",
        { vpcId: infra.vpcId, nodeSecurityGroupId: infra.nodeSecurityGroupId, serviceNetworkId: owner.serviceNetworkArn, serviceNetworkName: owner.serviceNetworkName, listenerPort: owner.latticeListenerPort },
        providers.aws,
        accepted,
    );
    // Only the common part: this stack runs no Gateway (nothing here is called).
    return { transport: config.transport, ramSharing: config.ramSharing, region: infra.region, frontendCallablePorts: config.frontendCallablePorts } satisfies ExportsOf<"mesh-participant">;
}

async function participant(config: MeshConfig) {
    const backend = await readTransportStack("infra-backend", config.references, { transport: config.transport, key: "mesh:transport", stackFile: stackFile(config) });
    const owner = await readTransportStack("mesh-owner", config.references, { transport: config.transport, key: "mesh:transport", stackFile: stackFile(config) });
    if (owner.ramSharing !== config.ramSharing) {
        const ownerFile = `mesh/Pulumi.${config.references.reads.find((e) => e.kind === "mesh-owner")!.stack}.yaml`;
        throw new ContractError(mixedSettingMessage("mesh:ramSharing", { file: stackFile(config), value: config.ramSharing }, { file: ownerFile, value: owner.ramSharing }));
    }
    const providers = sideProviders(backend, config.identity);

    let appmesh;
    if (owner.transport !== "lattice" && backend.transport !== "lattice") {
        const mesh = new MeshParticipant(
            "participant",
            {
                backend,
                owner,
                frontendCallablePorts: config.frontendCallablePorts,
                ramSharing: config.ramSharing,
                serviceLinkedRole: config.appMeshServiceLinkedRole,
                controllerChartVersion: config.controllerChartVersion,
            },
            { providers },
        );
        appmesh = {
            meshName: owner.meshName,
            meshArn: mesh.meshArn,
            meshOwnerAccountId: owner.meshOwnerAccountId,
            resourceShareArn: mesh.resourceShareArn,
            peeringConnectionId: mesh.peeringConnectionId,
        };
    }
    let lattice;
    if (owner.transport !== "appmesh") {
        const controller = new LatticeGatewayController(
            "lattice",
            {
                serviceNetwork: { name: owner.serviceNetworkName },
                resourceShareArn: owner.serviceNetworkShareArn,
                ramSharing: config.ramSharing,
                cluster: { ...backend, name: backend.clusterName },
                targetPort: config.frontendCallablePorts[0],
                listenerPort: owner.latticeListenerPort,
                listenerProtocol: owner.latticeListenerProtocol === "HTTP" ? "HTTP" : "HTTPS",
                gatewayNamespace: GATEWAY_NAMESPACE,
                routeNamespaces: config.latticeRouteNamespaces,
            },
            { providers },
        );
        lattice = {
            gatewayName: controller.gatewayName,
            gatewayNamespace: controller.gatewayNamespace,
            gatewayListenerName: controller.listenerName,
            latticeRouteNamespaces: config.latticeRouteNamespaces,
        };
    }
    return transportExports(
        "mesh-participant",
        { transport: config.transport, ramSharing: config.ramSharing, region: backend.region, frontendCallablePorts: config.frontendCallablePorts },
        { appmesh, lattice },
    );
}

export = async () => {
    const config = loadMeshConfig();
    if (config.identity.role === "mesh-owner") return owner(config);
    return config.identity.entry.reads.some((id) => id.startsWith("infra-frontend")) ? caller(config) : participant(config);
};
