import * as path from "path";
import { runMain, shownPath, usage } from "../engine/cli";
import { SPEC, parseArgs } from "./args";
import { writeEnvironment } from "./write";

/**
 * `npm run new-environment -- --name ENV --frontend-account ID --backend-account ID --region REGION`:
 * writes the environment's six stack files and says how to plan and deploy it.
 */
async function main(): Promise<number> {
    const rootDir = path.resolve(__dirname, "..", "..");
    const request = parseArgs(process.argv.slice(2));
    if (request === "help") {
        console.log(usage(SPEC));
        return 0;
    }
    const targetDir = request.configDir === undefined ? rootDir : path.resolve(request.configDir);
    const written = writeEnvironment(rootDir, targetDir, request);
    const configDir = request.configDir === undefined ? "" : ` --config-dir ${request.configDir}`;
    console.log(
        [
            `Wrote the stack files of environment ${request.name}:`,
            ...written.map((f) => `  ${shownPath(f)}`),
            "",
            `Next: plan it offline with  npm start -- --stack ${request.name}${configDir}`,
            request.configDir === undefined ? `then deploy it with         npm run deploy -- --stack ${request.name}` : "npm run deploy reads the project folders: write there to deploy.",
        ].join("\n"),
    );
    return 0;
}

runMain(main);
