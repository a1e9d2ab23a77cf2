import { assertPeerable } from "../shared/config/infra";
import { MeshConfig, loadMeshConfig } from "../shared/config/mesh";
import { readStack } from "../shared/contracts";
import { mixedSettingMessage, readTransportStack, transportExports } from "../shared/contracts/transport";
import { ContractError } from "../shared/contracts/contract";
import { LatticeGatewayController } from "../shared/components/lattice-gateway-controller";
import { LatticeServiceNetwork } from "../shared/components/lattice-service-network";
import { MeshOwner } from "../shared/components/mesh-owner";
import { MeshParticipant } from "../shared/components/mesh-participant";
import { sideProviders } from "../shared/providers";
import { usesAppMesh, usesLattice } from "../shared/transport";

/** The Lattice listener's port by protocol: HTTPS on 443 (the default), plain HTTP on 80 only by mesh:latticeListenerProtocol. */
const LATTICE_LISTENER_PORTS = { HTTPS: 443, HTTP: 80 } as const;
/** Where the participant puts its Gateway. */
const GATEWAY_NAMESPACE = "lattice-gateway";

const stackFile = (config: MeshConfig) => `mesh/Pulumi.${config.identity.environment}-${config.identity.side}.yaml`;

// One stack per account: <env>-frontend owns the mesh or service network, <env>-backend joins it.
// Each reads its inputs through typed stack contracts, all before declaring anything; the
// transport decides which halves are declared (both, during a cut-over).
async function owner(config: MeshConfig) {
    const frontend = await readStack("infra-frontend", config.references);
    const backend = await readStack("infra-backend", config.references);
    // Both transports need two accounts in one region; only peering (App Mesh) needs disjoint CIDRs.
    assertPeerable(frontend, backend, `stack mesh/${config.identity.environment}-frontend`, config.transport);
    const providers = sideProviders(frontend, config.identity);

    let appmesh;
    if (usesAppMesh(config.transport)) {
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
    let latticeAccessLogGroupName;
    if (usesLattice(config.transport)) {
        const network = new LatticeServiceNetwork(
            "lattice",
            {
                serviceNetworkName: config.serviceNetworkName,
                frontend: { accountId: frontend.accountId, vpcId: frontend.vpcId, nodeSecurityGroupId: frontend.nodeSecurityGroupId },
                backendAccountId: backend.accountId,
                listenerPort: LATTICE_LISTENER_PORTS[config.latticeListenerProtocol],
                ramSharing: config.ramSharing,
                accessLogRetentionDays: config.latticeAccessLogRetentionDays,
            },
            { providers },
        );
        latticeAccessLogGroupName = network.accessLogGroupName;
        lattice = {
            serviceNetworkName: config.serviceNetworkName,
            serviceNetworkArn: network.serviceNetworkArn,
            serviceNetworkShareArn: network.resourceShareArn,
            latticeListenerPort: LATTICE_LISTENER_PORTS[config.latticeListenerProtocol],
            latticeListenerProtocol: config.latticeListenerProtocol,
        };
    }
    const exports = transportExports("mesh-owner", { transport: config.transport, ramSharing: config.ramSharing, region: frontend.region }, { appmesh, lattice });
    // For people, not for other stacks (no contract): where the network's access logs are.
    return latticeAccessLogGroupName ? { ...exports, latticeAccessLogGroupName } : exports;
}

async function participant(config: MeshConfig) {
    const backend = await readTransportStack("infra-backend", config.references, { transport: config.transport, key: "mesh:transport", stackFile: stackFile(config) });
    const owner = await readTransportStack("mesh-owner", config.references, { transport: config.transport, key: "mesh:transport", stackFile: stackFile(config) });
    if (owner.ramSharing !== config.ramSharing) {
        const ownerFile = `mesh/Pulumi.${config.identity.environment}-frontend.yaml`;
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
    return config.identity.role === "mesh-owner" ? owner(config) : participant(config);
};
