import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { awsRegion } from "../../shared/config/validate";
import { nearest } from "./cli";

/**
 * The one setting that says where every stack's state lives, read by `npm run deploy|preview|destroy`
 * and by `npm run login` (which runs the `pulumi login` a by-hand deploy needs), so both ways of
 * deploying see the same stacks. It is the file `state-backend.yaml` at the repository root,
 * committed so a whole team shares it; without it, state stays in the repository's `.pulumi-state/`.
 */
export const SETTING_FILE = "state-backend.yaml";
export const LOCAL_STATE_DIR = ".pulumi-state";

export type StateBackend =
    | {
          /** The repository's file backend, `file://<repo>/.pulumi-state`; secrets use a passphrase. */
          readonly kind: "local";
          readonly url: string;
      }
    | {
          /** A team bucket; secrets are encrypted with a KMS key, so nobody shares a passphrase. */
          readonly kind: "s3";
          readonly url: string;
          /** `awskms://...`, given to `pulumi stack init --secrets-provider`. */
          readonly secretsProvider: string;
      }
    | {
          /** Pulumi Cloud (or a self-hosted Pulumi Cloud); stacks live in `organization`. */
          readonly kind: "cloud";
          readonly url: string;
          readonly organization: string;
      };

const KEYS = ["backend", "secretsProvider", "organization"] as const;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const FIX_EXAMPLES =
    'e.g. "backend: local", "backend: s3://my-state-bucket/yelb?region=us-west-2" with "secretsProvider: awskms://alias/yelb-state?region=us-west-2", ' +
    'or "backend: https://api.pulumi.com" with "organization: my-org"';

/** The region query parameter of a backend or KMS URL, checked; problems are pushed. */
function regionOf(url: URL, what: string, problems: string[]): void {
    const region = url.searchParams.get("region");
    if (region === null) {
        problems.push(`${SETTING_FILE}: ${what} "${url.href}" has no region: add ?region=<the bucket's or key's region>, e.g. ?region=us-west-2.`);
        return;
    }
    try {
        awsRegion(region);
    } catch {
        problems.push(`${SETTING_FILE}: ${what} "${url.href}" names region "${region}", which is not an AWS region: write one such as us-west-2.`);
    }
}

function parseUrl(text: string): URL | undefined {
    try {
        return new URL(text);
    } catch {
        return undefined;
    }
}

/**
 * Reads and checks the setting from `rootDir`. Returns the backend, or the problems (one line each,
 * each with its fix) that keep it from being used.
 */
export function readStateBackend(rootDir: string): { backend?: StateBackend; problems: string[] } {
    const file = path.join(rootDir, SETTING_FILE);
    const local: StateBackend = { kind: "local", url: `file://${path.join(rootDir, LOCAL_STATE_DIR)}` };
    if (!fs.existsSync(file)) return { backend: local, problems: [] };
    let parsed: unknown;
    try {
        parsed = yaml.load(fs.readFileSync(file, "utf8"));
    } catch (e) {
        const mark = (e as { mark?: { line: number } }).mark;
        return { problems: [`${SETTING_FILE}${mark ? ` line ${mark.line + 1}` : ""} is not valid YAML: ${(e as Error).message.split("\n")[0]}. Fix the YAML, ${FIX_EXAMPLES}.`] };
    }
    if (parsed === null || parsed === undefined) return { backend: local, problems: [] };
    if (typeof parsed !== "object" || Array.isArray(parsed)) return { problems: [`${SETTING_FILE} is not a mapping: write keys, ${FIX_EXAMPLES}.`] };
    const setting = parsed as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of Object.keys(setting).filter((k) => !(KEYS as readonly string[]).includes(k))) {
        const near = nearest(key, KEYS);
        problems.push(`${SETTING_FILE}: "${key}" is not a setting: ${near ? `did you mean ${near}?` : `remove it; the settings are ${KEYS.join(", ")}.`}`);
    }
    for (const key of KEYS) {
        if (setting[key] !== undefined && typeof setting[key] !== "string") problems.push(`${SETTING_FILE}: ${key} must be a string: quote it.`);
    }
    if (problems.length > 0) return { problems };
    const text = (setting.backend as string | undefined) ?? "local";
    const secretsProvider = setting.secretsProvider as string | undefined;
    const organization = setting.organization as string | undefined;
    const unused = (key: string, kind: string, why: string) => problems.push(`${SETTING_FILE}: ${key} does not apply to ${kind}: ${why}; remove it.`);

    if (text === "local") {
        if (secretsProvider !== undefined) unused("secretsProvider", "the local backend", "its secrets use PULUMI_CONFIG_PASSPHRASE");
        if (organization !== undefined) unused("organization", "the local backend", `its stacks are always in the organization "organization"`);
        return problems.length > 0 ? { problems } : { backend: local, problems };
    }
    const url = parseUrl(text);
    if (url?.protocol === "s3:") {
        if (!BUCKET.test(url.hostname)) problems.push(`${SETTING_FILE}: backend "${text}" does not name an S3 bucket: write s3://<bucket>/<prefix>?region=<region>.`);
        regionOf(url, "backend", problems);
        if (organization !== undefined) unused("organization", "an S3 backend", `its stacks are always in the organization "organization"`);
        const kms = secretsProvider === undefined ? undefined : parseUrl(secretsProvider);
        if (secretsProvider === undefined) {
            problems.push(`${SETTING_FILE}: an S3 backend needs secretsProvider, the KMS key that encrypts stack secrets: add e.g. "secretsProvider: awskms://alias/yelb-state?region=us-west-2".`);
        } else if (kms?.protocol !== "awskms:" || (kms.hostname === "" && kms.pathname.replace(/^\/+/, "") === "")) {
            problems.push(`${SETTING_FILE}: secretsProvider "${secretsProvider}" is not a KMS key URL: write awskms://alias/<alias>?region=<region> or awskms:///<key ARN>.`);
        } else if (!kms.pathname.includes("arn:aws")) {
            regionOf(kms, "secretsProvider", problems);
        }
        return problems.length > 0 ? { problems } : { backend: { kind: "s3", url: text, secretsProvider: secretsProvider! }, problems };
    }
    if (url?.protocol === "https:") {
        if (secretsProvider !== undefined) unused("secretsProvider", "Pulumi Cloud", "it encrypts stack secrets itself");
        if (organization === undefined) {
            problems.push(`${SETTING_FILE}: Pulumi Cloud needs organization, the Pulumi organization that owns the stacks: add "organization: <your-org>".`);
        } else if (!/^[A-Za-z0-9_.-]+$/.test(organization)) {
            problems.push(`${SETTING_FILE}: organization "${organization}" is not a Pulumi organization name: use letters, digits, "-", "_" and ".".`);
        }
        return problems.length > 0 ? { problems } : { backend: { kind: "cloud", url: text.replace(/\/+$/, ""), organization: organization! }, problems };
    }
    const hint = text.startsWith("file:") ? `the file backend is "backend: local" (the repository's ${LOCAL_STATE_DIR}/), so hand and orchestrated deploys share it` : FIX_EXAMPLES;
    return { problems: [`${SETTING_FILE}: backend "${text}" is not a backend this project supports: ${hint}.`] };
}

/** The stack name to select or create: Pulumi Cloud needs the organization in front. */
export function backendStackName(backend: StateBackend, stack: string): string {
    return backend.kind === "cloud" ? `${backend.organization}/${stack}` : stack;
}

/** The `pulumi login` command a by-hand deploy runs, and how to create a stack in this backend. */
export function loginCommand(backend: StateBackend): string[] {
    return ["login", backend.url];
}

export function stackInitHint(backend: StateBackend): string {
    switch (backend.kind) {
        case "local":
            return "Create each stack with `pulumi stack init <stack>` (PULUMI_CONFIG_PASSPHRASE set to the team's passphrase).";
        case "s3":
            return `Create each stack with \`pulumi stack init <stack> --secrets-provider ${backend.secretsProvider}\`.`;
        case "cloud":
            return `Create each stack with \`pulumi stack init ${backend.organization}/<stack>\`.`;
    }
}

/**
 * PULUMI_BACKEND_URL in the environment would send a by-hand `pulumi` elsewhere than the setting;
 * one line to say so, or undefined.
 */
export function backendOverrideProblem(env: Readonly<Record<string, string | undefined>>, backend: StateBackend): string | undefined {
    const set = env.PULUMI_BACKEND_URL ?? "";
    if (set === "" || set === backend.url) return undefined;
    return (
        `PULUMI_BACKEND_URL is set to "${set}", but ${SETTING_FILE} chooses "${backend.url}": unset PULUMI_BACKEND_URL ` +
        `(the setting file is the one place that chooses the state backend) or change ${SETTING_FILE}.`
    );
}
