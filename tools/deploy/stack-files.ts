import * as fs from "fs";
import * as path from "path";
import { isPlaceholderAccount } from "../../shared/placeholders";
import { FlatConfig, allowedAccountIds, loadStackConfig, stackFilePath } from "../../shared/stack-files";
import { shownPath } from "../../shared/shown-path";
import { Side, StackEntry, Topology, accountStackOf, accountsOf, buildTopology } from "../../shared/topology";

/**
 * What the orchestrator reads from an environment's stack files before running anything: each
 * account's ID and region, whether they are the example's placeholders, and the transport.
 */
export interface AccountStackFacts {
    /** The account's name in the environment. */
    readonly account: string;
    /** The stack file saying its ID and region, relative to the repository root (as the user sees it in the tree). */
    readonly file: string;
    readonly accountId?: string;
    readonly region?: string;
    /** How the account's EKS API is reached (`clusterEndpointAccess`, the project's default when unset); undefined for an account with no cluster. */
    readonly endpointAccess?: string;
}

/** The two-account design's facts of one side (what tools/verify and the App Mesh check read). */
export interface SideFacts extends AccountStackFacts {
    readonly side: Side;
}

function relativeStackFile(entry: StackEntry): string {
    return path.join(entry.project, `Pulumi.${entry.stack}.yaml`);
}

/**
 * Each account's facts from the stack that types its ID and region (its infra stack, or the
 * owner's mesh stack for a network account); undefined for an account whose file is missing.
 */
export function accountFacts(rootDir: string, topology: Topology): Map<string, AccountStackFacts | undefined> {
    const facts = new Map<string, AccountStackFacts | undefined>();
    for (const account of accountsOf(topology)) {
        const entry = accountStackOf(topology, account);
        const projectDir = path.join(rootDir, entry.project);
        if (!fs.existsSync(stackFilePath(projectDir, entry.stack))) {
            facts.set(account, undefined);
            continue;
        }
        const config = loadStackConfig(projectDir, entry.stack);
        const cluster = entry.project.startsWith("infra-");
        facts.set(account, {
            account,
            file: relativeStackFile(entry),
            accountId: allowedAccountIds(config)[0],
            region: config["aws:region"],
            ...(cluster ? { endpointAccess: config[`${entry.project}:clusterEndpointAccess`] } : {}),
        });
    }
    return facts;
}

/** Each side's account and region from its infra stack file (the two-account design); undefined when the file is missing. */
export function sideFacts(rootDir: string, environment: string): Record<Side, SideFacts | undefined> {
    const facts = accountFacts(rootDir, buildTopology(environment));
    const side = (s: Side): SideFacts | undefined => {
        const f = facts.get(s);
        return f && { ...f, side: s };
    };
    return { frontend: side("frontend"), backend: side("backend") };
}

/**
 * Why deploy or preview cannot run on these stack files, one line each, over every account of the
 * environment: a missing stack file, the example's placeholder accounts (see
 * shared/placeholders.ts), or a private cluster API this machine was not said to reach: the infra
 * stacks would build the clusters (about 20 minutes, billed) before the mesh and apps stacks fail
 * to reach them.
 */
export function stackFileProblems(rootDir: string, topology: Topology, action: "deploy" | "preview", fromInsideVpc = false): string[] {
    const { environment } = topology;
    const facts = accountFacts(rootDir, topology);
    const problems: string[] = [];
    const missing = [...facts.entries()].filter(([, f]) => f === undefined).map(([account]) => account);
    if (missing.length > 0 && topology.description.file === undefined) {
        problems.push(
            `Environment "${environment}" has no ${missing.map((a) => relativeStackFile(accountStackOf(topology, a))).join(" and ")}: write its six stack files with ` +
                `npm run new-environment -- --name ${environment} --frontend-account ID --backend-account ID --region REGION, then run npm run ${action} -- --stack ${environment} again.`,
        );
    } else if (missing.length > 0) {
        problems.push(
            `Environment "${environment}" (${shownPath(topology.description.file!)}) has no ${missing.map((a) => `${relativeStackFile(accountStackOf(topology, a))} (account ${a})`).join(", ")}: ` +
                `write each with the account's ID (aws:allowedAccountIds) and region (aws:region), as in the example-hub stack files, then run npm run ${action} -- --stack ${environment} again.`,
        );
    }
    const present = [...facts.values()].filter((f): f is AccountStackFacts => f !== undefined);
    const placeholders = present.filter((f) => f.accountId !== undefined && isPlaceholderAccount(f.accountId));
    if (placeholders.length > 0) {
        problems.push(
            `Environment "${environment}" uses placeholder account IDs (${placeholders.map((f) => `${f.accountId} in ${f.file}`).join(", ")}), ` +
                `which no AWS account has: write your own environment with npm run new-environment -- --name dev --frontend-account ID --backend-account ID --region REGION ` +
                `and run npm run ${action} -- --stack dev; ` +
                `npm start plans the example offline.`,
        );
    }
    const privateAccounts = present.filter((f) => f.endpointAccess === "private");
    if (privateAccounts.length > 0 && !fromInsideVpc) {
        const one = privateAccounts.length === 1;
        problems.push(
            `The EKS API of ${privateAccounts.map((f) => `the ${f.account} cluster (${f.file})`).join(" and ")} is private (clusterEndpointAccess: private): ` +
                `the mesh and apps stacks reach it only from inside its VPC, so from anywhere else npm run ${action} would build the clusters ` +
                `(about 20 minutes, billed) and then fail. From a laptop or a hosted runner: set clusterEndpointAccess: public-and-private and ` +
                `clusterEndpointPublicAccessCidrs: [YOUR_IP/32] in ${one ? "that file" : privateAccounts.length === 2 ? "both files" : "each of those files"} ` +
                `(npm run new-environment -- ... --run-from YOUR_IP/32 writes them). From a machine with a route into ${one ? "that VPC" : privateAccounts.length === 2 ? "both VPCs" : "each of those VPCs"}: ` +
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

/** Every `<namespace>:transport` key of the environment's stacks. */
export function transportSettings(rootDir: string, topology: Topology): TransportSetting[] {
    const found: TransportSetting[] = [];
    for (const entry of topology.entries) {
        const projectDir = path.join(rootDir, entry.project);
        if (!fs.existsSync(path.join(projectDir, "Pulumi.yaml"))) continue;
        const config: FlatConfig = loadStackConfig(projectDir, entry.stack);
        for (const [key, value] of Object.entries(config)) {
            if (key.split(":")[1] === "transport") found.push({ file: relativeStackFile(entry), key, value });
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
export function filesToSwitch(settings: readonly TransportSetting[], topology: Topology): string[] {
    const setting = settings.filter((s) => /\bappmesh\b/i.test(s.value)).map((s) => s.file);
    const files = setting.length > 0 ? setting : topology.entries.filter((e) => e.project === "mesh" || e.project === "apps").map(relativeStackFile);
    return [...new Set(files)];
}
