import * as path from "path";
import * as readline from "readline/promises";
import { UserError, runMain } from "../engine/cli";
import { USAGE, parseArgs } from "./args";

/**
 * `npm run deploy|preview|destroy -- [--stack ENV] ...`: the stacks of an environment (its topology,
 * from environments/ENV.yaml when it has one) through the Pulumi Automation API, in dependency order. Every check that needs no Pulumi comes first and
 * answers in one line per problem, before the Pulumi SDK is even loaded.
 */
const ROOT_DIR = path.resolve(__dirname, "..", "..");

async function confirmDestroy(environment: string, stacks: number): Promise<boolean> {
    const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(`Type "${environment}" to destroy its ${stacks} stacks and every resource in them: `);
    prompt.close();
    return answer.trim() === environment;
}

async function main(): Promise<number> {
    const options = parseArgs(process.argv.slice(2));
    if (options === "help") {
        console.log(USAGE);
        return 0;
    }
    // Loaded once the command line is good: --help and a mistyped flag answer at once.
    const { backendOverrideProblem, readStateBackend } = await import("../engine/state-backend");
    const { appMeshProblems } = await import("./appmesh-check");
    const { destroyGate, destroyRefusal, environmentProblems, findOnPath, missingCliMessage } = await import("./preflight");
    const { stackFileProblems } = await import("./stack-files");
    const { profileProblems } = await import("./args");
    const { environmentTopology } = await import("../../shared/topology");
    const { ConfigError } = await import("../../shared/config/errors");
    // The environment's stacks: an environment file with bad input is refused with all its problems.
    let topology;
    try {
        topology = environmentTopology(options.environment, ROOT_DIR);
    } catch (e) {
        if (e instanceof ConfigError) throw new UserError([e.message]);
        throw e;
    }
    // Every check that needs no Pulumi, all listed at once: one run shows everything to fix.
    const { backend, problems: settingProblems } = readStateBackend(ROOT_DIR);
    const override = backend === undefined ? undefined : backendOverrideProblem(process.env, backend);
    const problems = [
        ...(findOnPath("pulumi", process.env) === undefined ? [missingCliMessage(options.action)] : []),
        ...settingProblems,
        ...(override === undefined ? [] : [override]),
        ...(backend === undefined ? [] : environmentProblems(process.env, backend)),
        ...profileProblems(options.profiles, topology, options.accounts),
        ...(options.action === "destroy" ? [] : stackFileProblems(ROOT_DIR, topology, options.action, options.fromInsideVpc)),
    ];
    if (problems.length > 0 || backend === undefined) throw new UserError(problems);
    if (options.action === "deploy") {
        const appMesh = appMeshProblems({ rootDir: ROOT_DIR, environment: options.environment, profiles: options.profiles, env: process.env });
        if (appMesh.length > 0) throw new UserError(appMesh);
    }
    // destroy --account asks once it has found the account's stacks, naming each (run.ts).
    if (options.action === "destroy" && options.accounts === undefined) {
        const gate = destroyGate(options.yes, process.stdin.isTTY === true);
        if (gate === "refuse") throw new UserError([destroyRefusal(options.environment, topology.entries.length)]);
        if (gate === "ask" && !(await confirmDestroy(options.environment, topology.entries.length))) return 1;
    }
    const { orchestrate } = await import("./run");
    return orchestrate(options, backend, ROOT_DIR);
}

runMain(main);
