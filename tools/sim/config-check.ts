import * as pulumi from "@pulumi/pulumi";
import { loadAppsConfig } from "../../shared/config/apps";
import { loadBootstrapConfig } from "../../shared/config/ci-access";
import { loadInfraConfig } from "../../shared/config/infra";
import { loadMeshConfig } from "../../shared/config/mesh";
import { FlatConfig } from "../../shared/stack-files";
import { SimulatedCloud, newClusterState } from "./cloud";

/**
 * Each project's config loader, the first thing its index.ts calls: every check of a stack file that
 * needs no other stack (types, ranges, formats, unknown keys). What needs another stack's outputs is
 * checked by the program itself, when it runs.
 */
const CONFIG_LOADERS: Readonly<Record<string, () => unknown>> = {
    "infra-frontend": () => loadInfraConfig("frontend"),
    "infra-backend": () => loadInfraConfig("backend"),
    mesh: () => loadMeshConfig(),
    apps: () => loadAppsConfig(),
    bootstrap: () => loadBootstrapConfig(pulumi.getStack()),
};

export interface ConfigCheckRequest {
    readonly project: string;
    readonly stack: string;
    readonly organization: string;
    readonly config: FlatConfig;
}

/**
 * What a stack's own config loader refuses in its stack file, without running its program (so without
 * the stacks it reads): the refusal (a Pulumi RunError, whose message names the file and key), or
 * undefined when the file passes, or when the loader fails for another reason (left to the program's
 * own run to report).
 */
export async function configRefusal(request: ConfigCheckRequest): Promise<Error | undefined> {
    const load = CONFIG_LOADERS[request.project];
    if (load === undefined) return undefined;
    const context = { account: { accountId: "", region: "", cluster: newClusterState() }, stacks: () => undefined };
    await pulumi.runtime.setMocks(new SimulatedCloud(context), request.project, request.stack, false, request.organization);
    pulumi.runtime.setAllConfig(request.config);
    try {
        load();
        return undefined;
    } catch (e) {
        return pulumi.RunError.isInstance(e) && e instanceof Error ? e : undefined;
    }
}
