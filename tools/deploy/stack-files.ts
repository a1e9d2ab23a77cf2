import * as fs from "fs";
import * as path from "path";
import { isPlaceholderAccount } from "../../shared/placeholders";
import { FlatConfig, allowedAccountIds, loadStackConfig, stackFilePath } from "../../shared/stack-files";
import { ROLES, RoleId, Side, stackName } from "../../shared/topology";

/**
 * What the orchestrator reads from an environment's stack files before running anything: each
 * side's account and region, whether they are the example's placeholders, and the transport.
 */
export interface SideFacts {
    readonly side: Side;
    /** The infra stack file, relative to the repository root (as the user sees it in the tree). */
    readonly file: string;
    readonly accountId?: string;
    readonly region?: string;
    /** How the side's EKS API is reached (`clusterEndpointAccess`, the project's default when unset). */
    readonly endpointAccess?: string;
}

const INFRA: Readonly<Record<Side, RoleId>> = { frontend: "infra-frontend", backend: "infra-backend" };

function relativeStackFile(role: RoleId, environment: string): string {
    return path.join(ROLES[role].project, `Pulumi.${stackName(role, environment)}.yaml`);
}

/** Each side's account and region from its infra stack file; undefined when the file is missing. */
export function sideFacts(rootDir: string, environment: string): Record<Side, SideFacts | undefined> {
    const read = (side: Side): SideFacts | undefined => {
        const role = INFRA[side];
        const projectDir = path.join(rootDir, ROLES[role].project);
        if (!fs.existsSync(stackFilePath(projectDir, stackName(role, environment)))) return undefined;
        const config = loadStackConfig(projectDir, stackName(role, environment));
        return {
            side,
            file: relativeStackFile(role, environment),
            accountId: allowedAccountIds(config)[0],
            region: config["aws:region"],
            endpointAccess: config[`${ROLES[role].project}:clusterEndpointAccess`],
        };
    };
    return { frontend: read("frontend"), backend: read("backend") };
}

/**
 * Why deploy or preview cannot run on these stack files, one line each: a missing infra stack file,
 * the example's placeholder accounts (see shared/placeholders.ts), or a private cluster API this
 * machine was not said to reach: the infra stacks would build both clusters (about 20 minutes,
 * billed) before the mesh and apps stacks fail to reach them.
 */
export function stackFileProblems(rootDir: string, environment: string, action: "deploy" | "preview", fromInsideVpc = false): string[] {
    const facts = sideFacts(rootDir, environment);
    const problems: string[] = [];
    const missing = (["frontend", "backend"] as const).filter((s) => facts[s] === undefined).map((s) => relativeStackFile(INFRA[s], environment));
    if (missing.length > 0) {
        problems.push(
            `Environment "${environment}" has no ${missing.join(" and ")}: write its six stack files with ` +
                `npm run new-environment -- --name ${environment} --frontend-account ID --backend-account ID --region REGION, then run npm run ${action} -- --stack ${environment} again.`,
        );
    }
    const placeholders = Object.values(facts).filter((f): f is SideFacts => f?.accountId !== undefined && isPlaceholderAccount(f.accountId));
    if (placeholders.length > 0) {
        problems.push(
            `Environment "${environment}" uses placeholder account IDs (${placeholders.map((f) => `${f.accountId} in ${f.file}`).join(", ")}), ` +
                `which no AWS account has: write your own environment with npm run new-environment -- --name dev --frontend-account ID --backend-account ID --region REGION ` +
                `and run npm run ${action} -- --stack dev; ` +
                `npm start plans the example offline.`,
        );
    }
    const privateSides = Object.values(facts).filter((f): f is SideFacts => f?.endpointAccess === "private");
    if (privateSides.length > 0 && !fromInsideVpc) {
        problems.push(
            `The EKS API of ${privateSides.map((f) => `the ${f.side} cluster (${f.file})`).join(" and ")} is private (clusterEndpointAccess: private): ` +
                `the mesh and apps stacks reach it only from inside its VPC, so from anywhere else npm run ${action} would build the clusters ` +
                `(about 20 minutes, billed) and then fail. From a laptop or a hosted runner: set clusterEndpointAccess: public-and-private and ` +
                `clusterEndpointPublicAccessCidrs: [YOUR_IP/32] in ${privateSides.length === 1 ? "that file" : "both files"} ` +
                `(npm run new-environment -- ... --run-from YOUR_IP/32 writes them). From a machine with a route into ${privateSides.length === 1 ? "that VPC" : "both VPCs"}: ` +
                `rerun with --from-inside-vpc.`,
        );
    }
    return problems;
}

/** A `transport` setting found in a stack's config (its stack file or its project's default). */
export interface TransportSetting {
    readonly file: string;
    readonly key: string;
    readonly value: string;
}

/** Every `<namespace>:transport` key of the environment's six stacks. */
export function transportSettings(rootDir: string, environment: string): TransportSetting[] {
    const found: TransportSetting[] = [];
    for (const role of Object.keys(ROLES) as RoleId[]) {
        const projectDir = path.join(rootDir, ROLES[role].project);
        if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) continue;
        const config: FlatConfig = loadStackConfig(projectDir, stackName(role, environment));
        for (const [key, value] of Object.entries(config)) {
            if (key.split(":")[1] === "transport") found.push({ file: relativeStackFile(role, environment), key, value });
        }
    }
    return found;
}

/**
 * Whether the environment deploys the App Mesh transport: when no stack sets `transport` (App Mesh
 * is the default), or when any stack's transport names it (a value or a list holding "appmesh").
 */
export function usesAppMesh(settings: readonly TransportSetting[]): boolean {
    return settings.length === 0 || settings.some((s) => /\bappmesh\b/i.test(s.value));
}

/** The stack files to change to move off App Mesh: those setting it, else the mesh and apps stacks'. */
export function filesToSwitch(settings: readonly TransportSetting[], environment: string): string[] {
    const setting = settings.filter((s) => /\bappmesh\b/i.test(s.value)).map((s) => s.file);
    const files = setting.length > 0 ? setting : (["mesh-owner", "mesh-participant", "apps-backend", "apps-frontend"] as const).map((r) => relativeStackFile(r, environment));
    return [...new Set(files)];
}
