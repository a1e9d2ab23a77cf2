import { CiAccessArgs, StateAccess } from "../components/ci-access";
import { InvalidValue } from "./errors";
import { readAccount } from "./infra";
import { ConfigReader } from "./reader";
import * as v from "./validate";

/** The keys the bootstrap project declares in its Pulumi.yaml. */
export const BOOTSTRAP_KEYS = ["repository", "deployBranch", "roleNamePrefix", "githubOidcProviderArn", "deployPolicyArns", "stateBucket", "stateKmsKeyArn"] as const;

export interface BootstrapConfig {
    /** The one account this stack may touch (`aws:allowedAccountIds`). */
    readonly accountId: string;
    readonly region: string;
    readonly access: CiAccessArgs;
}

function repository(value: string): string {
    if (!/^[A-Za-z0-9-]+\/[A-Za-z0-9_.-]+$/.test(value)) {
        throw new InvalidValue(`"${value}" is not a GitHub repository`, "write owner/name as in its URL, e.g. acme/yelb-appmesh");
    }
    return value;
}

function branch(value: string): string {
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(value) || value.includes("..")) {
        throw new InvalidValue(`"${value}" is not a branch name`, "write the branch deploys run from, e.g. main (no refs/heads/, no wildcards)");
    }
    return value;
}

function roleNamePrefix(value: string): string {
    // The longest role name is <prefix>-preview; IAM role names hold at most 64 characters.
    if (!/^[\w+=,.@-]{1,56}$/.test(value)) throw new InvalidValue(`"${value}" cannot start an IAM role name`, "use up to 56 letters, digits and +=,.@_-");
    return value;
}

function oidcProviderArn(value: string): string {
    if (value !== "" && !/^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/.test(value)) {
        throw new InvalidValue(`"${value}" is not the ARN of a GitHub OIDC provider`, "write arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com, or leave it empty to create one");
    }
    return value;
}

function managedPolicyArn(value: string): string {
    if (!/^arn:aws[a-z-]*:iam::(aws|\d{12}):policy\/[\w+=,.@\/-]+$/.test(value)) {
        throw new InvalidValue(`"${value}" is not an IAM managed policy ARN`, "write arn:aws:iam::aws:policy/<name> or arn:aws:iam::<account>:policy/<name>");
    }
    return value;
}

function stateBucket(value: string): { bucket: string; prefix: string } | undefined {
    if (value === "") return undefined;
    const [bucket, ...rest] = value.replace(/\/+$/, "").split("/");
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
        throw new InvalidValue(`"${value}" does not start with an S3 bucket name`, "write <bucket>/<prefix> as in state-backend.yaml's s3:// URL, without s3:// and ?region");
    }
    return { bucket, prefix: rest.join("/") };
}

function kmsKeyArn(value: string): string {
    if (value !== "" && !/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/.test(value)) {
        throw new InvalidValue(`"${value}" is not a KMS key ARN`, "write arn:aws:kms:<region>:<account>:key/<key id> (the key behind the awskms:// alias)");
    }
    return value;
}

/** Loads and validates the bootstrap project's configuration; throws ConfigError listing every problem. */
export function loadBootstrapConfig(stack: string): BootstrapConfig {
    const reader = new ConfigReader("bootstrap", BOOTSTRAP_KEYS);
    const accountId = readAccount(reader);
    const region = reader.string("aws:region", v.awsRegion);
    const prefix = reader.string("roleNamePrefix", roleNamePrefix);
    const bucket = reader.string("stateBucket", stateBucket);
    const keyArn = reader.string("stateKmsKeyArn", kmsKeyArn);
    const existing = reader.string("githubOidcProviderArn", oidcProviderArn);
    const deployPolicyArns = reader.list("deployPolicyArns", managedPolicyArn);
    const access: CiAccessArgs = {
        repository: reader.string("repository", repository),
        deployBranch: reader.string("deployBranch", branch),
        previewRoleName: `${prefix}-preview`,
        deployRoleName: `${prefix}-deploy`,
        deployPolicyArns,
        ...(existing ? { existingOidcProviderArn: existing } : {}),
        ...(bucket && keyArn ? { state: { ...bucket, keyArn } satisfies StateAccess } : {}),
    };
    reader.check(["deployPolicyArns"], "deployPolicyArns", () => {
        if (deployPolicyArns.length === 0) throw new InvalidValue("is empty", "list the managed policies the deploy role needs to deploy the stacks into this account");
    });
    reader.check(["stateBucket", "stateKmsKeyArn"], bucket ? "stateKmsKeyArn" : "stateBucket", () => {
        if ((bucket === undefined) !== (keyArn === "")) {
            throw new InvalidValue(
                "an S3 state backend needs both its bucket and its KMS key",
                "set stateBucket and stateKmsKeyArn together (an S3 backend in state-backend.yaml), or neither (Pulumi Cloud)",
            );
        }
    });
    reader.done(`stack bootstrap/${stack}`);
    return { accountId, region, access };
}
