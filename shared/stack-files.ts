import * as fs from "fs";
import * as path from "path";
import { readProjectFile } from "./project-file";
import { shownPath } from "./shown-path";
import { parseStackFile } from "./stack-file-checks";

/**
 * Stack configuration as the Pulumi CLI hands it to a program: the project's declared defaults
 * from `Pulumi.yaml`, overlaid by the stack's `Pulumi.<stack>.yaml`, flattened to `namespace:key`
 * with every value a string (lists and objects as JSON).
 */
export type FlatConfig = Record<string, string>;

export type { ProjectFile } from "./project-file";
export { readProjectFile } from "./project-file";

export function stackFilePath(projectDir: string, stack: string): string {
    return path.join(projectDir, `Pulumi.${stack}.yaml`);
}

function toConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * Loads the config a stack would run with; a missing stack file means the project's defaults only.
 * Stack files are read from `stackFileDir` (the project folder unless given).
 */
export function loadStackConfig(projectDir: string, stack: string, stackFileDir = projectDir): FlatConfig {
    const project = readProjectFile(projectDir);
    const flat: FlatConfig = {};
    for (const [key, declaration] of Object.entries(project.config ?? {})) {
        if (declaration.default !== undefined) flat[qualify(project.name, key)] = toConfigString(declaration.default);
    }
    const file = stackFilePath(stackFileDir, stack);
    if (fs.existsSync(file)) {
        const config = parseStackFile(file, fs.readFileSync(file, "utf8"), project, stack);
        for (const [key, value] of Object.entries(config)) flat[qualify(project.name, key)] = toConfigString(value);
    }
    return flat;
}

/**
 * Why an environment cannot be planned or deployed for want of its infra stack files (the one place
 * its accounts are typed): the first missing one and how to write them; undefined when both exist.
 * Stack files are read from `stackFileRoot/<project>/` (the repository root unless given).
 */
export function missingInfraStackFile(rootDir: string, environment: string, stackFileRoot = rootDir): string | undefined {
    for (const project of ["infra-frontend", "infra-backend"]) {
        const file = stackFilePath(path.join(stackFileRoot, project), environment);
        if (!fs.existsSync(file)) {
            return (
                `No stack config ${shownPath(file)} for environment "${environment}". ` +
                `Write the environment's stack files with npm run new-environment -- --name ${environment} --frontend-account ID --backend-account ID --region REGION --run-from WHERE.`
            );
        }
    }
    return undefined;
}

/** The accounts a stack's config allows (`aws:allowedAccountIds`); empty when unset or not a list. */
export function allowedAccountIds(config: FlatConfig): string[] {
    let ids: unknown;
    try {
        ids = JSON.parse(config["aws:allowedAccountIds"] ?? "null");
    } catch {
        ids = null;
    }
    return Array.isArray(ids) ? ids.map(String) : [];
}
