import { assertPeerable } from "../shared/config/infra";
import { MeshConfig, loadMeshConfig } from "../shared/config/mesh";
import { ExportsOf, readStack } from "../shared/contracts";
import { MeshOwner } from "../shared/components/mesh-owner";
import { MeshParticipant } from "../shared/components/mesh-participant";
import { sideProviders } from "../shared/providers";

// One stack per account: <env>-frontend owns the mesh, <env>-backend joins it. Each reads its
// inputs through typed stack contracts, all before declaring anything.
async function owner(config: MeshConfig): Promise<ExportsOf<"mesh-owner">> {
    const frontend = await readStack("infra-frontend", config.references);
    const backend = await readStack("infra-backend", config.references);
    assertPeerable(frontend, backend, `stack mesh/${config.identity.environment}-frontend`);

    const providers = sideProviders(frontend, config.identity);
    const mesh = new MeshOwner(
        "owner",
        {
            frontend,
            backend,
            meshName: config.meshName,
            allowExternalPrincipals: config.allowExternalPrincipals,
            controllerChartVersion: config.controllerChartVersion,
        },
        { providers },
    );
    return {
        meshName: config.meshName,
        meshArn: mesh.meshArn,
        meshOwnerAccountId: frontend.accountId,
        region: frontend.region,
        resourceShareArn: mesh.resourceShareArn,
        peeringConnectionId: mesh.peeringConnectionId,
        frontendVpcCidr: frontend.vpcCidr,
    } satisfies ExportsOf<"mesh-owner">;
}

async function participant(config: MeshConfig): Promise<ExportsOf<"mesh-participant">> {
    const backend = await readStack("infra-backend", config.references);
    const owner = await readStack("mesh-owner", config.references);

    const providers = sideProviders(backend, config.identity);
    const mesh = new MeshParticipant(
        "participant",
        {
            backend,
            owner,
            frontendCallablePorts: config.frontendCallablePorts,
            createServiceLinkedRole: config.createServiceLinkedRole,
            controllerChartVersion: config.controllerChartVersion,
        },
        { providers },
    );
    return {
        meshName: owner.meshName,
        meshArn: mesh.meshArn,
        meshOwnerAccountId: owner.meshOwnerAccountId,
        region: backend.region,
        resourceShareArn: mesh.resourceShareArn,
        peeringConnectionId: mesh.peeringConnectionId,
        frontendCallablePorts: config.frontendCallablePorts,
    } satisfies ExportsOf<"mesh-participant">;
}

export = async () => {
    const config = loadMeshConfig();
    return config.identity.role === "mesh-owner" ? owner(config) : participant(config);
};
