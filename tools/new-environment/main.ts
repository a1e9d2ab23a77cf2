import * as path from "path";
import { runMain, shownPath, usage } from "../engine/cli";
import { SPEC, parseArgs } from "./args";
import { writeEnvironment } from "./write";
import { ACCOUNT_SPEC, isAccountLine, parseAccountArgs } from "./account-args";
import { addAccount, removeAccounts } from "./account";
import { qualifiedEntryName } from "../../shared/topology";

/** `--add-account` / `--remove-account`: change an existing environment's accounts, and say what to run next. */
function changeAccounts(rootDir: string, argv: readonly string[]): number {
    const request = parseAccountArgs(argv);
    if (request === "help") {
        console.log(usage(ACCOUNT_SPEC));
        return 0;
    }
    const targetDir = request.configDir === undefined ? rootDir : path.resolve(request.configDir);
    const configDir = request.configDir === undefined ? "" : ` --config-dir ${request.configDir}`;
    if (request.action === "add") {
        const change = addAccount(rootDir, targetDir, request);
        console.log(
            [
                `Added ${[request.account, ...("provides" in request.role ? (request.role.newConsumers ?? []).map((c) => c.name) : [])].join(", ")} to ${shownPath(change.environmentFile)} and wrote the stack files:`,
                ...change.written.map((f) => `  ${shownPath(f)}`),
                "",
                `Next: plan it offline with  npm start -- --stack ${request.environment}${configDir}`,
                request.configDir === undefined
                    ? `then deploy it with         npm run deploy -- --stack ${request.environment}  (the owner's share and the providers' callers gain the account)`
                    : "npm run deploy reads the project folders: write there to deploy.",
            ].join("\n"),
        );
        return 0;
    }
    const change = removeAccounts(targetDir, request);
    const destroy = `npm run destroy -- --stack ${request.environment} ${request.accounts.map((a) => `--account ${a}`).join(" ")}`;
    console.log(
        [
            `Removed ${request.accounts.join(", ")} from ${shownPath(change.environmentFile)}. Their stacks are still deployed: npm run deploy refuses to run while they are left.`,
            `Next: ${destroy}`,
            `  destroys, in this order and after a confirmation, then removes with their stack files: ${change.toDestroy.map((e) => qualifiedEntryName(e)).join(", ")}`,
            `then:  npm run deploy -- --stack ${request.environment}  (removes the share principals and auth policy entries of ${request.accounts.join(", ")})`,
        ].join("\n"),
    );
    return 0;
}

/**
 * `npm run new-environment -- --name ENV --frontend-account ID --backend-account ID --region REGION`:
 * writes the environment's six stack files and says how to plan and deploy it.
 */
async function main(): Promise<number> {
    const rootDir = path.resolve(__dirname, "..", "..");
    if (isAccountLine(process.argv.slice(2))) return changeAccounts(rootDir, process.argv.slice(2));
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
