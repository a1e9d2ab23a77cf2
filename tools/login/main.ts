import { spawnSync } from "child_process";
import * as path from "path";
import { CommandSpec, UserError, parseLine, runMain, usage } from "../engine/cli";
import { SETTING_FILE, backendOverrideProblem, loginCommand, readStateBackend, stackInitHint } from "../engine/state-backend";

/**
 * `npm run login`: `pulumi login` to the backend state-backend.yaml chooses, the one
 * `npm run deploy|preview|destroy` uses, so stacks deployed by hand and by the orchestrator are the
 * same stacks.
 */
const ROOT_DIR = path.resolve(__dirname, "..", "..");

export const SPEC: CommandSpec = {
    command: "npm run login",
    summary: `Runs \`pulumi login\` to the state backend chosen in ${SETTING_FILE} (the repository's .pulumi-state/ when there is no such file), for deploying by hand with the pulumi CLI.`,
    options: [],
};

async function main(): Promise<number> {
    if (parseLine(SPEC, process.argv.slice(2)).help) {
        console.log(usage(SPEC));
        return 0;
    }
    const { backend, problems } = readStateBackend(ROOT_DIR);
    if (backend === undefined) throw new UserError(problems);
    const override = backendOverrideProblem(process.env, backend);
    if (override !== undefined) throw new UserError([override]);
    const args = loginCommand(backend);
    console.log(`pulumi ${args.join(" ")}`);
    const run = spawnSync("pulumi", args, { stdio: "inherit", env: process.env });
    if (run.error !== undefined) {
        throw new UserError([`npm run login needs the Pulumi CLI, and "pulumi" could not be run (${run.error.message}): install it from https://www.pulumi.com/docs/install/.`]);
    }
    if (run.status === 0) console.log(stackInitHint(backend));
    return run.status ?? 1;
}

// Run only as the entry point, so the README test can read SPEC without running the command.
if (require.main === module) runMain(main);
