import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { assertPeerable } from "../../shared/config/infra";
import { accountId, awsRegion, parseCidr } from "../../shared/config/validate";
import { DEFAULT_ORGANIZATION, StackEntry, Topology, accountStackOf, buildTopology, entryOf, qualifiedEntryName, topologyWaves } from "../../shared/topology";
import { AccountFacts, environmentProblems, environmentsDir, loadEnvironment } from "../../shared/environment";
import { ConfigError } from "../../shared/config/errors";
import { SimulatedAccount, StoredStack, newClusterState } from "./cloud";
import { RecordedResource } from "./recorder";
import { StackRunError, runStack } from "./run";
import { configRefusal } from "./config-check";
import { checkPerEnvironmentSettings } from "./environment-settings";
import { FlatConfig, allowedAccountIds, loadStackConfig, missingInfraStackFile, stackFilePath } from "../../shared/stack-files";
import { accountWithAliases, traceFlows } from "./flows";
import { shownPath } from "../../shared/shown-path";

export type { Flow, Plan, PlannedStack, UntracedOutput } from "../engine/plan-model";
import type { Plan, PlannedStack } from "../engine/plan-model";



export interface PlanOptions {
    /** The repository root, holding the project folders. */
    readonly rootDir: string;
    readonly organization?: string;
    /** Only these stacks, by topology id (and never one whose project has no program yet); default all. */
    readonly roles?: readonly string[];
    /**
     * A folder holding the stack files as `<project>/Pulumi.<stack>.yaml`, instead of the project
     * folders (environments kept outside the repository, and tests of bad input).
     */
    readonly stackConfigDir?: string;
    /** Config values laid over a role's stack file, as `namespace:key` (tests use this for bad input). */
    readonly configOverrides?: Readonly<Record<string, FlatConfig>>;
    /**
     * When a program fails with an unexpected error (not a refusal), run that stack once more with
     * stack traces on, so the error carries its frames (`npm start -- --debug`).
     * @default false
     */
    readonly traceErrors?: boolean;
    /**
     * Prove each reading stack's flows by planning it again with the referenced values changed.
     * Tests that look at other things turn it off: it doubles the work of a plan.
     * @default true
     */
    readonly traceFlows?: boolean;
}

/** Thrown when the environment cannot be planned: a refused config, a failed program, a missing file. */
export class PlanError extends Error {
    /** `cause`: what the stack's program threw, when a program failed. */
    constructor(message: string, readonly resources: RecordedResource[] = [], readonly cause?: unknown) {
        super(message);
        this.name = "PlanError";
    }
}

/** The account and region a stack runs in: its infra stack's `aws:allowedAccountIds` and `aws:region`. */
function accountOf(config: FlatConfig): { accountId: string; region: string } {
    return { accountId: allowedAccountIds(config)[0] ?? "", region: config["aws:region"] ?? "" };
}

/**
 * Checks across the two infra stacks that no single infra program can see: same region, distinct
 * accounts, disjoint CIDRs. Values that are wrong on their own are left to their stack's program,
 * which names them precisely.
 */
function checkEnvironment(environment: string, frontend: FlatConfig, backend: FlatConfig): void {
    const facts = (c: FlatConfig, project: string) => ({ ...accountOf(c), vpcCidr: c[`${project}:vpcCidr`] ?? "" });
    const sides = [facts(frontend, "infra-frontend"), facts(backend, "infra-backend")] as const;
    try {
        for (const side of sides) {
            accountId(side.accountId);
            awsRegion(side.region);
            parseCidr(side.vpcCidr);
        }
    } catch {
        return;
    }
    assertPeerable(sides[0], sides[1], `environment ${environment}`);
}

function maskSecrets(outputs: Record<string, unknown>, secrets: string[]): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, secrets.includes(k) ? "[secret]" : v]));
}

/**
 * Every planned stack file's own checks, before any program runs: a mistake in the last stack's file
 * is refused at once, not after planning the stacks before it, and mistakes in several files are
 * listed in one run, in deploy order. The first is the refusal; what needs another stack's outputs
 * is left to the programs.
 */
async function refuseStackFiles(entries: readonly StackEntry[], organization: string, configs: ReadonlyMap<string, FlatConfig>): Promise<void> {
    const refusals: { entry: StackEntry; error: Error }[] = [];
    for (const entry of entries) {
        const error = await configRefusal({ project: entry.project, stack: entry.stack, organization, config: configs.get(entry.id)! });
        if (error !== undefined) refusals.push({ entry, error });
    }
    if (refusals.length === 0) return;
    const [first, ...later] = refusals;
    // Each message names its stack file.
    const also = later.length === 0 ? "" : `\n\nAlso refused, each from its stack file alone (no program was run):\n${later.map((r) => r.error.message).join("\n")}`;
    throw new PlanError(`${qualifiedEntryName(first.entry, organization)} failed:\n${first.error.message}${also}`, [], first.error);
}

/** The same failure from a run with stack traces on; the untraced one if the re-run does not fail alike. */
async function tracedFailure(untraced: StackRunError, rerun: () => Promise<unknown>): Promise<StackRunError> {
    try {
        await rerun();
    } catch (e) {
        if (e instanceof StackRunError) return e;
    }
    return untraced;
}

/**
 * Plans every stack of an environment, in wave order, by running each program under the
 * simulated cloud; each stack's outputs feed the StackReferences of the stacks after it, exactly as
 * the state backend would after `pulumi up`.
 */
export async function planEnvironment(environment: string, options: PlanOptions): Promise<Plan> {
    // A flow-tracing rerun with a marked value the program refuses (a marked region, say) can have
    // its invoke's rejection reported by the runtime after that run has returned, between runs: it
    // belongs to a run already counted as refused, and must not crash whoever called the planner.
    const stray = () => undefined;
    process.on("unhandledRejection", stray);
    // The environment file comes from the config folder when one is given; the programs read it too.
    const envDir = options.stackConfigDir ? path.join(options.stackConfigDir, "environments") : environmentsDir(options.rootDir);
    const previousDir = process.env.YELB_ENVIRONMENTS_DIR;
    process.env.YELB_ENVIRONMENTS_DIR = envDir;
    try {
        return await planTopology(buildTopology(environment, loadEnvironment(environment, envDir)), options);
    } finally {
        if (previousDir === undefined) delete process.env.YELB_ENVIRONMENTS_DIR;
        else process.env.YELB_ENVIRONMENTS_DIR = previousDir;
        await new Promise((resolve) => setTimeout(resolve, 0));
        process.off("unhandledRejection", stray);
    }
}

async function planTopology(topology: Topology, options: PlanOptions): Promise<Plan> {
    const { environment } = topology;
    const organization = options.organization ?? DEFAULT_ORGANIZATION;
    const projectDir = (entry: StackEntry) => path.join(options.rootDir, entry.project);
    const planned = (entry: StackEntry) => (options.roles ?? topology.entries.map((e) => e.id)).includes(entry.id) && fs.existsSync(path.join(projectDir(entry), "index.ts"));

    const stackFileDir = (entry: StackEntry) => (options.stackConfigDir ? path.join(options.stackConfigDir, entry.project) : projectDir(entry));
    const configs = new Map<string, FlatConfig>();
    for (const entry of topology.entries) {
        if (!planned(entry)) continue;
        const stackFile = stackFilePath(stackFileDir(entry), entry.stack);
        if (entry.project.startsWith("infra-") && !fs.existsSync(stackFile)) {
            throw new PlanError(
                topology.description.file === undefined
                    ? missingInfraStackFile(options.rootDir, environment, options.stackConfigDir)!
                    : `No stack config ${shownPath(stackFile)} for account ${entry.account} of environment "${environment}" (${shownPath(topology.description.file)}). ` +
                          `Write it with the account (aws:allowedAccountIds) and region (aws:region), as in infra-frontend/Pulumi.example-hub.yaml.`,
            );
        }
        configs.set(entry.id, { ...loadStackConfig(projectDir(entry), entry.stack, stackFileDir(entry)), ...options.configOverrides?.[entry.id] });
    }
    const frontend = configs.get("infra-frontend");
    const backend = configs.get("infra-backend");
    if (frontend && backend && topology.entries.length === 6) checkEnvironment(environment, frontend, backend);
    const facts: AccountFacts[] = topology.description.accounts.flatMap((a) => {
        const entry = accountStackOf(topology, a.name);
        const config = entry && configs.get(entry.id);
        if (!config) return [];
        // A value wrong on its own is left to its stack's program, which names it precisely.
        const valid = (check: (v: string) => unknown, v: string) => {
            try {
                check(v);
                return v;
            } catch {
                return "";
            }
        };
        const { accountId: id, region } = accountOf(config);
        return [{ name: a.name, accountId: valid(accountId, id), region: valid(awsRegion, region), file: path.join(entry.project, `Pulumi.${entry.stack}.yaml`) }];
    });
    const problems = environmentProblems(environment, topology.description, facts, configs.get("mesh-owner")?.["mesh:transport"]);
    if (problems.length > 0) throw new ConfigError(`environment ${environment}`, problems);
    checkPerEnvironmentSettings(topology, configs);
    await refuseStackFiles(topologyWaves(topology).flat().filter(planned), organization, configs);

    const accounts = new Map<string, SimulatedAccount>();
    const accountFor = (entry: StackEntry): SimulatedAccount => {
        const { accountId, region } = accountOf(configs.get(accountStackOf(topology, entry.account).id) ?? {});
        const key = `${accountId}/${region}`;
        if (!accounts.has(key)) accounts.set(key, { accountId, region, cluster: newClusterState() });
        return accounts.get(key)!;
    };
    const backendState = new Map<string, StoredStack>();
    const stacks: PlannedStack[] = [];

    for (const [wave, entries] of topologyWaves(topology).entries()) {
        for (const entry of entries) {
            if (!planned(entry)) continue;
            const { project, stack } = entry;
            const account = accountFor(entry);
            const request = { projectDir: projectDir(entry), project, stack, organization, config: configs.get(entry.id)! };
            // The world before this stack ran, for the second run that traces its flows.
            const accountBefore = accountWithAliases(account, new Map());
            const readStack = (name: string) => backendState.get(name);
            let run;
            try {
                run = await runStack({ ...request, context: { account, stacks: readStack } });
            } catch (e) {
                if (!(e instanceof StackRunError)) throw e;
                const unexpected = options.traceErrors === true && !pulumi.RunError.isInstance(e.cause);
                const rerun = () => runStack({ ...request, context: { account: accountWithAliases(accountBefore, new Map()), stacks: readStack }, stackTraces: true });
                const failure = unexpected ? await tracedFailure(e, rerun) : e;
                throw new PlanError(`${failure.stackName} failed:\n${failure.cause instanceof Error ? failure.cause.message : String(failure.cause)}`, failure.resources, failure.cause);
            }
            const expected = entry.reads.map((r) => qualifiedEntryName(entryOf(topology, r), organization)).sort();
            const actual = [...run.references].sort();
            if (JSON.stringify(expected) !== JSON.stringify(actual)) {
                throw new PlanError(
                    `${project}/${stack} read stacks [${actual.join(", ")}] but shared/topology.ts says it reads [${expected.join(", ")}]; keep the table and the program in step.`,
                );
            }
            const { flows, untraced } = options.traceFlows === false ? { flows: [], untraced: undefined } : await traceFlows(actual, (name) => backendState.get(name)!, run.resources, async (answers, aliases) => {
                const context = { account: accountWithAliases(accountBefore, aliases), stacks: (name: string) => answers.get(name) ?? backendState.get(name) };
                return (await runStack({ ...request, context })).resources;
            });
            const qualified = `${organization}/${project}/${stack}`;
            backendState.set(qualified, { outputs: run.outputs, secretOutputNames: run.secretOutputNames });
            stacks.push({
                role: entry.id,
                kind: entry.kind,
                accountName: entry.account,
                project,
                stack,
                account: account.accountId,
                region: account.region,
                wave,
                references: actual,
                resources: run.resources,
                outputs: maskSecrets(run.outputs, run.secretOutputNames),
                flows,
                untraced,
            });
        }
    }
    return { environment, stacks };
}
