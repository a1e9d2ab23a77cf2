import { spawnSync } from "child_process";
import { environmentTopology } from "../../shared/topology";
import { APP_MESH_END } from "../../shared/transport";
import { Profiles, profileOf } from "./args";
import { Env, findOnPath } from "./preflight";
import { accountFacts, filesToSwitch, transportSettings, usesAppMesh } from "./stack-files";

/**
 * Before deploying the App Mesh transport for real: does the App Mesh API answer in each account
 * and region? AWS ended App Mesh on 2026-09-30, and a Mesh custom resource in an account where the
 * API no longer answers waits ten minutes for an ARN that never comes. The check asks the AWS CLI
 * (already a prerequisite: each cluster's kubeconfig runs `aws eks get-token`) with the account's
 * profile, so it runs with the same credentials the deploy will.
 */

// What the AWS CLI prints when it cannot sign in at all: then App Mesh was never asked.
const CREDENTIAL_TROUBLE =
    /Unable to locate credentials|could not be found|ExpiredToken|Token has expired|token.*expired|InvalidClientTokenId|UnrecognizedClientException|Error loading SSO Token|SSO session/i;

export interface AppMeshCheck {
    readonly rootDir: string;
    readonly environment: string;
    /** The AWS profiles given, by account (profileOf). */
    readonly profiles: Profiles;
    /** The environment the AWS CLI runs with (PATH, AWS_CONFIG_FILE...). */
    readonly env: Env;
}

function firstLine(text: string): string {
    return text.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? "no output";
}

/** One line per account where App Mesh cannot be used; empty when it answers, or when no stack uses App Mesh. */
export function appMeshProblems(check: AppMeshCheck): string[] {
    const topology = environmentTopology(check.environment, check.rootDir);
    const settings = transportSettings(check.rootDir, topology);
    if (!usesAppMesh(settings)) return [];
    const files = filesToSwitch(settings, topology).join(", ");
    const key = settings.find((s) => /\bappmesh\b/i.test(s.value))?.key ?? "transport";
    if (findOnPath("aws", check.env) === undefined) {
        return [
            `npm run deploy needs the AWS CLI, and there is no "aws" on PATH: install AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html); ` +
                `the clusters' kubeconfig and the App Mesh check run it.`,
        ];
    }
    const problems: string[] = [];
    for (const [account, fact] of accountFacts(check.rootDir, topology)) {
        if (fact?.region === undefined) continue; // the stack-file check reports it
        const profile = profileOf(check.profiles, account);
        const run = spawnSync("aws", ["appmesh", "list-meshes", "--region", fact.region, "--profile", profile, "--output", "json"], {
            env: { ...check.env },
            encoding: "utf8",
        });
        if (run.status === 0) continue;
        const said = firstLine(`${run.stderr ?? ""}\n${run.error?.message ?? ""}`);
        if (CREDENTIAL_TROUBLE.test(said)) {
            problems.push(
                `The AWS CLI could not sign in with profile "${profile}" (${account} account) to check App Mesh: ${said}. ` +
                    `Fix: "aws sso login --profile ${profile}" or "aws configure --profile ${profile}", or pass ${account === "frontend" || account === "backend" ? `--${account}-profile` : `--profile ${account}=PROFILE`}.`,
            );
            continue;
        }
        problems.push(
            `App Mesh does not answer in account ${fact.accountId ?? "(unknown)"} region ${fact.region} (AWS ended App Mesh on ${APP_MESH_END}; ` +
                `the AWS CLI said: ${said}): set ${key} to lattice in ${files}, then run npm run deploy -- --stack ${check.environment} again.`,
        );
    }
    return problems;
}
