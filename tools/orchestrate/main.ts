import * as path from "path";
import * as readline from "readline/promises";
import { UsageError, parseArgs } from "./args";
import { destroyGate, destroyRefusal, environmentProblems, findOnPath, missingCliMessage, stateBackend } from "./preflight";

/**
 * `npm run deploy|preview|destroy -- [--stack ENV] ...`: the six stacks of an environment through the
 * Pulumi Automation API, in dependency order. Every check that needs no Pulumi comes first and
 * answers in one line, before the Pulumi SDK is even loaded.
 */
const ROOT_DIR = path.resolve(__dirname, "..", "..");

async function confirmDestroy(environment: string): Promise<boolean> {
    const prompt = readline.createInterface({ input: process.stdin, output: process.stdout });
    const answer = await prompt.question(`Type "${environment}" to destroy its six stacks and every resource in them: `);
    prompt.close();
    return answer.trim() === environment;
}

async function main(): Promise<number> {
    let options;
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        console.error(e.message);
        return 2;
    }
    if (findOnPath("pulumi", process.env) === undefined) {
        console.error(missingCliMessage(options.action));
        return 1;
    }
    const backend = stateBackend(process.env, ROOT_DIR);
    const problems = environmentProblems(process.env, backend);
    problems.forEach((p) => console.error(p));
    if (problems.length > 0) return 1;
    if (options.action === "destroy") {
        const gate = destroyGate(options.yes, process.stdin.isTTY === true);
        if (gate === "refuse") console.error(destroyRefusal(options.environment));
        if (gate === "refuse" || (gate === "ask" && !(await confirmDestroy(options.environment)))) return 1;
    }
    const { orchestrate } = await import("./run");
    return orchestrate(options, backend, ROOT_DIR);
}

main().then(
    (code) => process.exit(code),
    (e) => {
        console.error(e);
        process.exit(1);
    },
);
