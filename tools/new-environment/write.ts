import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { UserError, shownPath } from "../engine/cli";
import { readProjectFile, stackFilePath } from "../../shared/stack-files";
import { ROLES, RoleId, stackName } from "../../shared/topology";
import { CHOICES, NewEnvironment } from "./args";

/** The committed environment every new one is made from: its files carry the keys a stack needs. */
export const SOURCE_ENVIRONMENT = "example";

export interface StackFileText {
    readonly role: RoleId;
    /** `<project>/Pulumi.<stack>.yaml`, relative to the folder holding the project folders. */
    readonly file: string;
    readonly text: string;
}

type Config = Record<string, unknown>;

/** A value naming the source environment as a word (`yelb-example-net`) names the new one instead. */
export function renamed(value: unknown, from: string, to: string): unknown {
    if (typeof value === "string") return value.replace(new RegExp(`(?<![A-Za-z0-9])${from}(?![A-Za-z0-9])`, "g"), to);
    if (Array.isArray(value)) return value.map((v) => renamed(v, from, to));
    return value;
}

/**
 * The config of one stack: the source environment's, with the side's account, region and profile
 * where the source sets an account (the infra stacks, the one place accounts are typed), and each
 * choice in every stack whose project declares its key.
 */
function stackConfig(rootDir: string, role: RoleId, request: NewEnvironment): Config {
    const { project, side } = ROLES[role];
    const source = stackFilePath(path.join(rootDir, project), stackName(role, SOURCE_ENVIRONMENT));
    const parsed = (yaml.load(fs.readFileSync(source, "utf8")) ?? {}) as { config?: Config };
    const config: Config = {};
    for (const [key, value] of Object.entries(parsed.config ?? {})) config[key] = renamed(value, SOURCE_ENVIRONMENT, request.name);
    if ("aws:allowedAccountIds" in config) {
        config["aws:allowedAccountIds"] = [request.accounts[side]];
        config["aws:region"] = request.region;
        if (request.profiles[side] !== undefined) config["aws:profile"] = request.profiles[side];
        // The one setting that decides whether the mesh and apps stacks can reach the cluster from where they run.
        const inside = request.runFrom === "vpc";
        config[`${project}:clusterEndpointAccess`] = inside ? "private" : "public-and-private";
        config[`${project}:clusterEndpointPublicAccessCidrs`] = inside ? [] : [...request.runFrom];
    }
    const declared = readProjectFile(path.join(rootDir, project)).config ?? {};
    for (const choice of CHOICES) {
        const value = request.choices.get(choice.flag) ?? choice.default;
        if (value !== undefined && choice.key in declared) config[`${project}:${choice.key}`] = value;
    }
    return config;
}

/** The six stack files' text; refuses a choice no project of this checkout declares. */
export function environmentFiles(rootDir: string, request: NewEnvironment): StackFileText[] {
    const declaring = (key: string) => Object.values(ROLES).some((r) => key in (readProjectFile(path.join(rootDir, r.project)).config ?? {}));
    const unknown = CHOICES.filter((c) => request.choices.has(c.flag) && !declaring(c.key));
    if (unknown.length > 0) {
        throw new UserError(unknown.map((c) => `${c.flag}: no project of this checkout declares ${c.key} in its Pulumi.yaml. Fix: leave ${c.flag} out.`));
    }
    return (Object.keys(ROLES) as RoleId[]).map((role) => {
        const { project, side } = ROLES[role];
        const stack = stackName(role, request.name);
        const config = stackConfig(rootDir, role, request);
        const where =
            request.runFrom === "vpc"
                ? "# pulumi and kubectl run inside (or routed into) the VPCs: run npm run deploy there, with --from-inside-vpc.\n"
                : `# pulumi and kubectl run from ${request.runFrom.join(", ")}: the cluster APIs are public to those CIDRs only.\n`;
        const header =
            `# ${project}/${stack}: the ${side} account (${request.accounts[side]}) of environment ${request.name}, region ${request.region}.\n` +
            `# Written by npm run new-environment from ${project}/Pulumi.${stackName(role, SOURCE_ENVIRONMENT)}.yaml; edit freely.\n` +
            (`${project}:clusterEndpointAccess` in config ? where : "");
        return { role, file: path.join(project, `Pulumi.${stack}.yaml`), text: header + yaml.dump({ config }) };
    });
}

/**
 * Writes the six files under `targetDir` (the repository root, or --config-dir), all or none: a
 * file that exists is never overwritten. Returns the paths written.
 */
export function writeEnvironment(rootDir: string, targetDir: string, request: NewEnvironment): string[] {
    const files = environmentFiles(rootDir, request);
    const existing = files.map((f) => path.join(targetDir, f.file)).filter((f) => fs.existsSync(f));
    if (existing.length > 0) {
        throw new UserError([
            `${existing.map((f) => shownPath(f)).join(", ")} already exist${existing.length === 1 ? "s" : ""}, so nothing was written. ` +
                `Fix: choose another --name, or edit or delete those files.`,
        ]);
    }
    return files.map((f) => {
        const target = path.join(targetDir, f.file);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, f.text, { flag: "wx" });
        return target;
    });
}
