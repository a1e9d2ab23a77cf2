import { ConfigReader } from "./reader";
import { StackIdentity, readReferenceSettings, readStackIdentity, referenceKeys } from "./stack-identity";
import { ReferenceSettings } from "../contracts";
import { InvalidValue } from "./errors";
import * as v from "./validate";
import { checkFrontendCallablePorts } from "./backend-ports";

export const MESH_KEYS = [
    ...referenceKeys("mesh"),
    "meshName",
    "allowExternalPrincipals",
    "frontendCallablePorts",
    "createServiceLinkedRole",
    "controllerChartVersion",
] as const;

export interface MeshConfig {
    readonly identity: StackIdentity;
    readonly references: ReferenceSettings;
    /** Owner: the mesh's name (the participant takes it from the owner stack). */
    readonly meshName: string;
    /** Owner: share with accounts outside your AWS Organization (true as in the walkthrough). */
    readonly allowExternalPrincipals: boolean;
    /** Participant: backend ports the frontend VPC may reach (the services the frontend calls). */
    readonly frontendCallablePorts: number[];
    /** Participant: create the App Mesh service-linked role; false when the account already has it. */
    readonly createServiceLinkedRole: boolean;
    readonly controllerChartVersion: string;
}

function chartVersion(value: string): string {
    if (!/^\d+\.\d+\.\d+$/.test(value)) throw new InvalidValue(`"${value}" is not a chart version`, "write an exact version such as 1.13.3");
    return value;
}

export function loadMeshConfig(): MeshConfig {
    const reader = new ConfigReader("mesh", MESH_KEYS);
    const identity = readStackIdentity(reader, "mesh");
    const config: MeshConfig = {
        identity,
        references: readReferenceSettings(reader, identity),
        meshName: reader.string("meshName", v.meshName),
        allowExternalPrincipals: reader.boolean("allowExternalPrincipals"),
        frontendCallablePorts: reader.list("frontendCallablePorts", (p) => v.port(Number(p))),
        createServiceLinkedRole: reader.boolean("createServiceLinkedRole"),
        controllerChartVersion: reader.string("controllerChartVersion", chartVersion),
    };
    reader.check(["frontendCallablePorts"], "frontendCallablePorts", () => checkFrontendCallablePorts(config.frontendCallablePorts));
    reader.done(`stack mesh/${identity ? `${identity.environment}-${identity.side}` : "?"}`);
    return config;
}
