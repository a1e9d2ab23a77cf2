import * as fs from "fs";
import * as path from "path";
import { environmentNameProblem } from "../../shared/environment-name";
import type { PlanArgs } from "./plan-one";
import { missingInfraStackFile } from "../../shared/stack-files";
import { planFolder, printRefusal } from "./refusal";
import { CommandSpec, UsageError, parseLine, runMain, suggestion, usage } from "../engine/cli";

/**
 * `npm start [-- --stack ENV ...] [--config-dir DIR] [--out DIR]`: plans every stack of an environment
 * offline (stack files from the project folders, or from DIR/<project>/) and writes
 * out/plan/<environment>/ (plan.json, resources.txt, manifests/), or the --out folder. A refused config or
 * failed program exits 1 and leaves the last good plan in place, saying it is not this run's. A
 * mandatory policy violation exits 1 too, after writing the plan that shows it.
 */
const COMMAND = "npm start";

/** Planned when no --stack is given: the transport to deploy first, its three-account hub, then the App Mesh design the project started from. */
export const DEFAULT_ENVIRONMENTS: readonly string[] = ["example-lattice", "example-hub", "example"];

export const SPEC: CommandSpec = {
    command: COMMAND,
    summary:
        "Plans every stack of an environment offline: each program runs under Pulumi's mocks answered by a simulated cloud, " +
        "then the policy pack's rules check the result. No AWS account, Pulumi login or credentials needed.",
    options: [
        { flag: "--stack", value: "ENVIRONMENT", description: "the environment to plan (default: example-lattice, example-hub, then example); repeat it to plan several in one run" },
        { flag: "--config-dir", value: "DIR", description: "read stack files from DIR/<project>/ instead of the project folders" },
        { flag: "--out", value: "DIR", description: "write plan.json, resources.txt and manifests/ to DIR (default: out/plan/ENVIRONMENT)" },
    ],
    notes: ["exit codes: 0 planned; 1 refused config, failed program or mandatory policy violation; 2 bad command line."],
};


function parseArgs(argv: string[]): PlanArgs | "help" {
    const line = parseLine(SPEC, argv);
    if (line.help) return "help";
    if (line.positionals.length > 0) {
        const word = line.positionals[0];
        throw new UsageError(`unexpected argument "${word}"${suggestion(word, SPEC.options.map((o) => o.flag))}`, COMMAND);
    }
    const environments = [...new Set(line.repeated.get("--stack") ?? DEFAULT_ENVIRONMENTS)];
    for (const environment of environments) {
        const problem = environmentNameProblem(environment);
        if (problem !== undefined) throw new UsageError(problem, COMMAND);
    }
    const outDir = line.values.get("--out");
    if (outDir !== undefined && environments.length > 1) {
        const given = line.repeated.has("--stack") ? "" : ` (without --stack, ${DEFAULT_ENVIRONMENTS.join(", ")} are planned)`;
        throw new UsageError(`--out takes one environment${given}; name it with --stack, or leave --out out to write each to out/plan/ENVIRONMENT`, COMMAND);
    }
    const configDir = line.values.get("--config-dir");
    if (configDir !== undefined && !fs.existsSync(configDir)) {
        throw new UsageError(`--config-dir ${configDir} does not exist (as ${path.resolve(configDir)})`, COMMAND);
    }
    return { environments, outDir, configDir: configDir && path.resolve(configDir), debug: line.debug };
}

async function main(): Promise<number> {
    const rootDir = path.resolve(__dirname, "..", "..");
    const args = parseArgs(process.argv.slice(2));
    if (args === "help") {
        console.log(usage(SPEC));
        return 0;
    }
    // An environment without its infra stack files is refused before the Pulumi SDKs load.
    const missing = args.environments.map((e) => [e, missingInfraStackFile(rootDir, e, args.configDir)] as const).filter(([, m]) => m !== undefined);
    for (const [environment, message] of missing) printRefusal(environment, message!, planFolder(environment, args.outDir));
    if (missing.length > 0) return 1;
    // Loaded only now: a command line refused above never loads the Pulumi SDKs.
    const { planOne } = await import("./plan-one");
    let code = 0;
    for (const [i, environment] of args.environments.entries()) {
        if (i > 0) console.log("");
        code = Math.max(code, await planOne(environment, args, rootDir));
    }
    return code;
}

// Run only as the entry point, so the README test can read SPEC without running the command.
if (require.main === module) runMain(main);
