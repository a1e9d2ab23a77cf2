import * as crypto from "crypto";
import * as path from "path";
import { environmentNameProblem } from "../../shared/environment-name";
import { isPlaceholderAccount } from "../../shared/placeholders";
import { Side } from "../../shared/topology";
import { CommandSpec, UsageError, UserError, accountProfilePair, parseLine, runMain, usage } from "../engine/cli";
import type { StateBackend } from "../engine/state-backend";
import type { VerifyReport } from "./run";

/**
 * `npm run verify -- --stack ENV`: checks the live system of a deployed environment, read-only
 * except the short-lived probe pods. `npm run deploy` runs it at the end (verifyDeployed).
 */
const ROOT_DIR = path.resolve(__dirname, "..", "..");

export const SPEC: CommandSpec = {
    command: "npm run verify",
    summary:
        "Checks a deployed environment end to end: each side's credentials reach its account, the RAM share, the service network's associations and auth policy, " +
        "the appserver's targets against its ready pods, the Gateway and HTTPRoute, every Yelb pod, and a call from a short-lived pod in the frontend (allowed: 200) " +
        "and in the backend cluster (refused). It reads the stack outputs from the state backend of state-backend.yaml.",
    options: [
        { flag: "--stack", value: "ENVIRONMENT", description: "the deployed environment to check" },
        { flag: "--frontend-profile", value: "PROFILE", description: "AWS profile of the frontend account (default: frontend)" },
        { flag: "--backend-profile", value: "PROFILE", description: "AWS profile of the backend account (default: backend)" },
        { flag: "--profile", value: "ACCOUNT=PROFILE", description: "AWS profile of an account of an environment described by environments/ENV.yaml; repeat per account (default: the account's name)" },
        { flag: "--json", description: "print the report as JSON (for CI) instead of lines" },
        { flag: "--read-only", description: "leave out the probe pods (for an identity that may only read, as the scheduled workflow's)" },
        { flag: "--probe-image", value: "IMAGE", description: "the probe pods' image, with curl and sh (default: curlimages/curl:8.11.1)" },
    ],
    notes: [
        "exit codes: 0 every check passed (with --read-only, the probe checks may be SKIP); 1 a check failed or was skipped, or refused; 2 bad command line.",
        "Read-only, except two pods labelled yelb-verify=probe, each deleted when its call ends, also on failure or Ctrl-C. The IAM permissions it needs: docs/verify.md.",
    ],
};

export interface VerifyOptions {
    readonly environment: string;
    readonly profiles: Readonly<Record<Side, string>>;
    /**
     * `--profile ACCOUNT=PROFILE` pairs, for an environment described by a file (with the frontend
     * and backend profiles, which name those accounts there too).
     * @default {}
     */
    readonly accountProfiles?: Readonly<Record<string, string>>;
    readonly json: boolean;
    readonly readOnly: boolean;
    readonly probeImage?: string;
}

export function parseVerifyArgs(argv: readonly string[]): VerifyOptions | "help" {
    const line = parseLine(SPEC, argv);
    if (line.help) return "help";
    if (line.positionals.length > 0) throw new UsageError(`unexpected argument "${line.positionals[0]}"`, SPEC.command);
    const environment = line.values.get("--stack");
    if (environment === undefined) throw new UsageError("--stack is required: the environment to verify", SPEC.command);
    const problem = environmentNameProblem(environment);
    if (problem !== undefined) throw new UsageError(problem, SPEC.command);
    const accountProfiles: Record<string, string> = {};
    for (const pair of line.repeated.get("--profile") ?? []) {
        const { account, profile } = accountProfilePair(pair, SPEC.command);
        accountProfiles[account] = profile;
    }
    return {
        environment,
        profiles: { frontend: line.values.get("--frontend-profile") ?? "frontend", backend: line.values.get("--backend-profile") ?? "backend" },
        ...(Object.keys(accountProfiles).length > 0 ? { accountProfiles } : {}),
        json: line.switches.has("--json"),
        readOnly: line.switches.has("--read-only"),
        probeImage: line.values.get("--probe-image"),
    };
}

/**
 * Why verify cannot run on these stack files, one line each: missing infra stack files, or the
 * example's placeholder accounts (shared/placeholders.ts), which no deployed environment has.
 */
export function verifyRefusals(rootDir: string, environment: string): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { environmentTopology } = require("../../shared/topology") as typeof import("../../shared/topology");
    const topology = environmentTopology(environment, rootDir);
    if (topology.description.file !== undefined) return topologyRefusals(rootDir, topology);
    return sideRefusals(rootDir, environment);
}

/** verifyRefusals of an environment described by a file: every account's stack file and ID. */
function topologyRefusals(rootDir: string, topology: import("../../shared/topology").Topology): string[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { accountFacts } = require("../deploy/stack-files") as typeof import("../deploy/stack-files");
    const facts = [...accountFacts(rootDir, topology).entries()];
    const missing = facts.filter(([, f]) => f?.accountId === undefined || f.region === undefined).map(([a]) => a);
    const { environment } = topology;
    if (missing.length > 0) return [`Environment "${environment}" has no account ID and region for ${missing.join(", ")}: write their stack files (npm run new-environment) and deploy it first.`];
    const placeholders = facts.filter(([, f]) => isPlaceholderAccount(f!.accountId!));
    if (placeholders.length > 0) {
        return [
            `Environment "${environment}" uses placeholder account IDs (${placeholders.map(([, f]) => `${f!.accountId} in ${f!.file}`).join(", ")}), ` +
                "which no AWS account has, so nothing of it can be deployed or verified: verify an environment you deployed.",
        ];
    }
    return [];
}

function sideRefusals(rootDir: string, environment: string): string[] {
    // Loaded here: tools/deploy reads the stack files the same way for deploy.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { sideFacts } = require("../deploy/stack-files") as typeof import("../deploy/stack-files");
    const facts = sideFacts(rootDir, environment);
    const missing = (["frontend", "backend"] as const).filter((s) => facts[s]?.accountId === undefined || facts[s]?.region === undefined);
    if (missing.length > 0) {
        return [`Environment "${environment}" has no account and region for the ${missing.join(" and ")} side (infra-${missing[0]}/Pulumi.${environment}.yaml): write its stack files with npm run new-environment and deploy it first.`];
    }
    const placeholders = (["frontend", "backend"] as const).filter((s) => isPlaceholderAccount(facts[s]!.accountId!));
    if (placeholders.length > 0) {
        return [
            `Environment "${environment}" uses placeholder account IDs (${placeholders.map((s) => `${facts[s]!.accountId} in ${facts[s]!.file}`).join(", ")}), ` +
                "which no AWS account has, so nothing of it can be deployed or verified: verify an environment you deployed, e.g. npm run verify -- --stack dev.",
        ];
    }
    return [];
}

/**
 * The real clients of one side: AWS SDK v3 clients with the side's profile (always a profile: the
 * two sides need two sets of credentials, which the environment's AWS_* variables cannot hold),
 * and its cluster through its kubeconfig, whose token is minted with the same profile.
 */
function realClients(profiles: Readonly<Record<string, string>>) {
    return (side: string, region: string, kubeconfig: string) => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { clientNodeKubeApi } = require("./kube") as typeof import("./kube");
        return { ...realAwsClients(profiles)(side, region), kube: clientNodeKubeApi(kubeconfig, profiles[side]) };
    };
}

/** The AWS SDK v3 clients of one account with its profile (an account with no cluster gets no Kubernetes client). */
function realAwsClients(profiles: Readonly<Record<string, string>>) {
    return (side: string, region: string) => {
        /* eslint-disable @typescript-eslint/no-require-imports */
        const { STSClient } = require("@aws-sdk/client-sts") as typeof import("@aws-sdk/client-sts");
        const { EKSClient } = require("@aws-sdk/client-eks") as typeof import("@aws-sdk/client-eks");
        const { RAMClient } = require("@aws-sdk/client-ram") as typeof import("@aws-sdk/client-ram");
        const { VPCLatticeClient } = require("@aws-sdk/client-vpc-lattice") as typeof import("@aws-sdk/client-vpc-lattice");
        const { fromIni } = require("@aws-sdk/credential-providers") as typeof import("@aws-sdk/credential-providers");
        /* eslint-enable @typescript-eslint/no-require-imports */
        const config = { region, credentials: fromIni({ profile: profiles[side] }) };
        return { sts: new STSClient(config), eks: new EKSClient(config), ram: new RAMClient(config), lattice: new VPCLatticeClient(config) };
    };
}

/** Stack outputs with secrets in the clear, through the Automation API (`pulumi stack output --json --show-secrets`). */
function automationOutputs(rootDir: string, environment: string, backend: StateBackend, profiles: Readonly<Record<Side, string>>) {
    return async (role: import("../../shared/topology").RoleId) => {
        const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
        const { ROLES, stackName } = await import("../../shared/topology");
        const { backendStackName } = await import("../engine/state-backend");
        const envVars = { AWS_PROFILE: profiles[ROLES[role].side], PULUMI_BACKEND_URL: backend.url, PULUMI_SKIP_UPDATE_CHECK: "true" };
        try {
            const stack = await LocalWorkspace.selectStack({ stackName: backendStackName(backend, stackName(role, environment)), workDir: path.join(rootDir, ROLES[role].project) }, { envVars });
            return Object.fromEntries(Object.entries(await stack.outputs()).map(([k, o]) => [k, o.value]));
        } catch (e) {
            if (/no stack named/i.test(e instanceof Error ? e.message : String(e))) return undefined;
            throw e;
        }
    };
}

export interface DeployedVerify {
    readonly rootDir: string;
    readonly environment: string;
    readonly profiles: Readonly<Record<Side, string>>;
    readonly backend: StateBackend;
    readonly readOnly?: boolean;
    readonly probeImage?: string;
    readonly signal?: AbortSignal;
}

/**
 * Verifies a deployed environment described by a file over its topology (topology.ts), each account
 * with its profile (`profiles` by account name, else the account's name).
 */
export async function verifyDeployedTopology(settings: Omit<DeployedVerify, "profiles"> & { readonly profiles: Readonly<Record<string, string>> }): Promise<VerifyReport> {
    const { verifyTopology } = await import("./topology");
    const { accountFacts } = await import("../deploy/stack-files");
    const { environmentTopology, accountsOf } = await import("../../shared/topology");
    const { LocalWorkspace } = await import("@pulumi/pulumi/automation");
    const { backendStackName } = await import("../engine/state-backend");
    const topology = environmentTopology(settings.environment, settings.rootDir);
    const facts = accountFacts(settings.rootDir, topology);
    const profileOf = (a: string) => settings.profiles[a] ?? a;
    const accounts = Object.fromEntries(accountsOf(topology).map((a) => [a, { accountId: facts.get(a)!.accountId!, region: facts.get(a)!.region!, profile: profileOf(a) }]));
    const profiles = Object.fromEntries(accountsOf(topology).map((a) => [a, profileOf(a)]));
    const real = realClients(profiles);
    return verifyTopology({
        topology,
        accounts,
        readOutputs: async (entry) => {
            const envVars = { AWS_PROFILE: profileOf(entry.account), PULUMI_BACKEND_URL: settings.backend.url, PULUMI_SKIP_UPDATE_CHECK: "true" };
            try {
                const stack = await LocalWorkspace.selectStack({ stackName: backendStackName(settings.backend, entry.stack), workDir: path.join(settings.rootDir, entry.project) }, { envVars });
                return Object.fromEntries(Object.entries(await stack.outputs()).map(([k, o]) => [k, o.value]));
            } catch (e) {
                if (/no stack named/i.test(e instanceof Error ? e.message : String(e))) return undefined;
                throw e;
            }
        },
        // A network account has no cluster: its Kubernetes client is never made.
        clients: (account, region, kubeconfig) => (kubeconfig !== undefined ? real(account, region, kubeconfig) : realAwsClients(profiles)(account, region)),
        readOnly: settings.readOnly,
        probeImage: settings.probeImage,
        runId: crypto.randomBytes(3).toString("hex"),
        signal: settings.signal,
    });
}

/** Verifies a deployed environment with the real clients; what `npm run deploy` runs after the last stack. */
export async function verifyDeployed(settings: DeployedVerify): Promise<VerifyReport> {
    const { verifyEnvironment } = await import("./run");
    const { sideFacts } = await import("../deploy/stack-files");
    const facts = sideFacts(settings.rootDir, settings.environment);
    const side = (s: Side) => ({ accountId: facts[s]!.accountId!, region: facts[s]!.region!, profile: settings.profiles[s] });
    return verifyEnvironment({
        environment: settings.environment,
        sides: { frontend: side("frontend"), backend: side("backend") },
        readOutputs: automationOutputs(settings.rootDir, settings.environment, settings.backend, settings.profiles),
        clients: realClients(settings.profiles),
        readOnly: settings.readOnly,
        probeImage: settings.probeImage,
        runId: crypto.randomBytes(3).toString("hex"),
        signal: settings.signal,
    });
}

async function main(): Promise<number> {
    const options = parseVerifyArgs(process.argv.slice(2));
    if (options === "help") {
        console.log(usage(SPEC));
        return 0;
    }
    const refusals = verifyRefusals(ROOT_DIR, options.environment);
    if (refusals.length > 0) throw new UserError(refusals);
    const { backendOverrideProblem, readStateBackend } = await import("../engine/state-backend");
    const { backend, problems } = readStateBackend(ROOT_DIR);
    if (backend === undefined) throw new UserError(problems);
    const override = backendOverrideProblem(process.env, backend);
    if (override !== undefined) throw new UserError([override]);
    // Ctrl-C aborts the probe's wait; its pod is deleted before verify exits. A second Ctrl-C leaves at once.
    const controller = new AbortController();
    const onInterrupt = () => {
        if (controller.signal.aborted) process.exit(130);
        controller.abort();
        console.error("Interrupted: deleting the probe pod (Ctrl-C again to quit now).");
    };
    process.on("SIGINT", onInterrupt);
    try {
        const { environmentTopology } = await import("../../shared/topology");
        const described = environmentTopology(options.environment, ROOT_DIR).description.file !== undefined;
        const { reportLines, verifyExitCode } = await import("./run");
        const { topologyVerifyExitCode } = await import("./topology");
        let report: VerifyReport;
        let code: number;
        if (described) {
            const profiles = { ...(options.accountProfiles ?? {}), ...(options.profiles.frontend !== "frontend" ? { frontend: options.profiles.frontend } : {}), ...(options.profiles.backend !== "backend" ? { backend: options.profiles.backend } : {}) };
            report = await verifyDeployedTopology({ rootDir: ROOT_DIR, ...options, profiles, backend, signal: controller.signal });
            code = topologyVerifyExitCode(report, options.readOnly);
        } else {
            report = await verifyDeployed({ rootDir: ROOT_DIR, ...options, backend, signal: controller.signal });
            code = verifyExitCode(report, options.readOnly);
        }
        if (options.json) console.log(JSON.stringify({ ...report, ok: code === 0 }, null, 2));
        else for (const line of [`verify of environment "${options.environment}" (transport ${report.transport}):`, ...reportLines(report)]) console.log(line);
        return controller.signal.aborted ? 130 : code;
    } finally {
        process.off("SIGINT", onInterrupt);
    }
}

// Run only as the entry point, so tests and the README test can read SPEC without running it.
if (require.main === module) runMain(main);
