import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ConfigError, ConfigProblem } from "./config/errors";
import { shownPath } from "./shown-path";

/**
 * An environment's accounts and services, as data: which account owns the service network, the
 * workload accounts, and per service the account that provides it and the accounts allowed to call
 * it. It lives in `environments/<environment>.yaml`; an environment without that file is the
 * two-account design (DEFAULT_DESCRIPTION). Each account's own settings (its AWS account ID, region,
 * profile, VPC and cluster) stay in its stack files, the only place each is typed: the infra stack
 * file of a workload account, the mesh stack file of a network account that runs no cluster.
 */
export interface AccountDescription {
    /** The account's name in this environment: its stacks are `<environment>-<name>`. */
    readonly name: string;
}

export interface ServiceDescription {
    /** The service's name in this environment (one provider per name). */
    readonly name: string;
    /** The account that runs the service. */
    readonly provider: string;
    /** The only accounts whose callers the service's auth policy admits. */
    readonly consumers: readonly string[];
}

export interface EnvironmentDescription {
    /** The account that owns the service network (or the App Mesh mesh): a workload account, or one with no cluster. */
    readonly serviceNetworkOwner: string;
    readonly accounts: readonly AccountDescription[];
    readonly services: readonly ServiceDescription[];
    /**
     * The file it was read from. An environment described by a file gives each Lattice service its
     * own auth policy naming its consumers' VPCs and accounts (its provider reads their infra stacks);
     * the two-account design keeps its plan, its one service's callers being the network policy's.
     * @default undefined: the two-account design
     */
    readonly file?: string;
}

/** The two-account design: the frontend owns the network and calls yelb-appserver in the backend. */
export const DEFAULT_DESCRIPTION: EnvironmentDescription = {
    serviceNetworkOwner: "frontend",
    accounts: [{ name: "frontend" }, { name: "backend" }],
    services: [{ name: "yelb-appserver", provider: "backend", consumers: ["frontend"] }],
};

/** Where environment files are: `environments/` at the repository root, unless YELB_ENVIRONMENTS_DIR names another folder (the offline plan's --config-dir). */
export function environmentsDir(rootDir = path.resolve(__dirname, "..")): string {
    return process.env.YELB_ENVIRONMENTS_DIR ?? path.join(rootDir, "environments");
}

export function environmentFile(environment: string, dir = environmentsDir()): string {
    return path.join(dir, `${environment}.yaml`);
}

/** What the stack files say of one account: its AWS account ID and region, and which file says it. */
export interface AccountFacts {
    readonly name: string;
    readonly accountId: string;
    readonly region: string;
    /** The stack file the ID and region are in, as shown to the user. */
    readonly file: string;
}

const ACCOUNT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// No aws:PrincipalOrgID condition: yelb-ui's nginx calls unsigned, and an anonymous request carries no
// principal, so such a condition would deny every call (VPC Lattice User Guide, auth policies).
const TOP_KEYS = ["serviceNetworkOwner", "accounts", "services"];

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads an environment file's shape, collecting every problem of shape (a key that is not a list, a
 * name that is not a string) with its key; what the values mean is checked by environmentProblems.
 */
export function parseEnvironment(text: string): { description: EnvironmentDescription; problems: ConfigProblem[] } {
    const problems: ConfigProblem[] = [];
    let parsed: unknown;
    try {
        parsed = yaml.load(text);
    } catch (e) {
        if (!(e instanceof yaml.YAMLException)) throw e;
        problems.push({ key: `line ${e.mark.line + 1}`, problem: `is not valid YAML (${e.reason})`, fix: "correct the YAML there" });
        return { description: { serviceNetworkOwner: "", accounts: [], services: [] }, problems };
    }
    const root = isRecord(parsed) ? parsed : {};
    if (!isRecord(parsed)) problems.push({ key: "(file)", problem: "is not a YAML mapping", fix: "write serviceNetworkOwner:, accounts: and services: as in environments/example-hub.yaml" });
    for (const key of Object.keys(root)) {
        if (!TOP_KEYS.includes(key)) problems.push({ key, problem: "is not a key of an environment file", fix: `use only ${TOP_KEYS.join(", ")}` });
    }
    const text_ = (key: string, value: unknown): string => {
        if (typeof value === "string" && value !== "") return value;
        problems.push({ key, problem: value === undefined ? "is not set" : `${JSON.stringify(value)} is not a name`, fix: "write the name of an account of this environment" });
        return "";
    };
    const list = (key: string, value: unknown): unknown[] => {
        if (Array.isArray(value)) return value;
        problems.push({ key, problem: value === undefined ? "is not set" : "is not a list", fix: "write a YAML list, one `- ` entry per line" });
        return [];
    };
    const accounts = list("accounts", root.accounts).map((a, i) => ({ name: text_(`accounts[${i}].name`, isRecord(a) ? a.name : a) }));
    const services = list("services", root.services).map((s, i) => {
        const entry = isRecord(s) ? s : {};
        return {
            name: text_(`services[${i}].name`, entry.name),
            provider: text_(`services[${i}].provider`, entry.provider),
            consumers: list(`services[${i}].consumers`, entry.consumers).map((c, j) => text_(`services[${i}].consumers[${j}]`, c)),
        };
    });
    return {
        description: { serviceNetworkOwner: text_("serviceNetworkOwner", root.serviceNetworkOwner), accounts, services },
        problems,
    };
}

/** The accounts that run a cluster: each provides or calls a service. */
export function workloadAccounts(description: EnvironmentDescription): string[] {
    const used = new Set(description.services.flatMap((s) => [s.provider, ...s.consumers]));
    return description.accounts.map((a) => a.name).filter((name) => used.has(name));
}

/** The services an account provides. */
export function servicesOf(description: EnvironmentDescription, account: string): ServiceDescription[] {
    return description.services.filter((s) => s.provider === account);
}

/** The services an account calls. */
export function callsOf(description: EnvironmentDescription, account: string): ServiceDescription[] {
    return description.services.filter((s) => s.consumers.includes(account));
}

/**
 * What the description means, checked: every problem at once, each with its key and fix. `facts`
 * are each account's ID and region from its stack files (none are checked when absent); `transport`
 * is the environment's (App Mesh joins exactly two accounts).
 */
export function environmentProblems(
    environment: string,
    description: EnvironmentDescription,
    facts: readonly AccountFacts[] = [],
    transport?: string,
): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const names = description.accounts.map((a) => a.name);
    const known = new Set(names);
    const listing = `accounts: ${[...known].join(", ")}`;
    const notAnAccount = (key: string, name: string, role: string) =>
        problems.push({ key, problem: `"${name}" is not an account of environment ${environment} (${listing})`, fix: `add it under accounts, or name one of those as the ${role}` });

    names.forEach((name, i) => {
        if (name === "") return;
        const first = names.indexOf(name);
        if (first !== i) problems.push({ key: `accounts[${i}].name`, problem: `"${name}" is listed twice (also accounts[${first}].name)`, fix: "list each account once" });
        if (!ACCOUNT_NAME.test(name)) {
            problems.push({ key: `accounts[${i}].name`, problem: `"${name}" is not an account name`, fix: "use lowercase letters, digits and single hyphens, starting with a letter (it names the account's stacks and cluster)" });
        }
    });
    if (description.serviceNetworkOwner !== "" && !known.has(description.serviceNetworkOwner)) notAnAccount("serviceNetworkOwner", description.serviceNetworkOwner, "owner");

    const providers = new Map<string, number>();
    description.services.forEach((service, i) => {
        if (service.name !== "") {
            const first = providers.get(service.name);
            if (first !== undefined) {
                problems.push({
                    key: `services[${i}].name`,
                    problem: `"${service.name}" is also provided by ${description.services[first].provider} (services[${first}])`,
                    fix: "give each service one entry and one provider; name a second service differently",
                });
            } else providers.set(service.name, i);
        }
        if (service.provider !== "" && !known.has(service.provider)) notAnAccount(`services[${i}].provider`, service.provider, "provider");
        if (service.consumers.length === 0) problems.push({ key: `services[${i}].consumers`, problem: "is empty: nothing may call the service", fix: "name the accounts allowed to call it" });
        service.consumers.forEach((consumer, j) => {
            if (consumer === "") return;
            if (!known.has(consumer)) notAnAccount(`services[${i}].consumers[${j}]`, consumer, "consumer");
            else if (consumer === service.provider) problems.push({ key: `services[${i}].consumers[${j}]`, problem: `"${consumer}" is the service's provider`, fix: "list only other accounts; calls within an account do not cross the service network" });
        });
    });

    const workloads = new Set(workloadAccounts(description));
    description.accounts.forEach((account, i) => {
        if (account.name === "" || known.has(account.name) === false || names.indexOf(account.name) !== i) return;
        const provides = servicesOf(description, account.name).length;
        const calls = callsOf(description, account.name).length;
        if (!workloads.has(account.name) && account.name !== description.serviceNetworkOwner) {
            problems.push({ key: `accounts[${i}].name`, problem: `"${account.name}" neither provides a service nor calls one`, fix: "name it as a provider or consumer under services, or remove it" });
        }
        // What the programs run today: one yelb-appserver per providing account, one yelb-ui per calling account.
        if (provides > 0 && calls > 0) {
            problems.push({ key: `accounts[${i}].name`, problem: `"${account.name}" both provides and calls services, which one account's apps stack cannot yet run`, fix: "give the calling side its own account" });
        }
        if (provides > 1) problems.push({ key: `accounts[${i}].name`, problem: `"${account.name}" provides ${provides} services; an account runs one`, fix: "give each service its own account" });
        if (calls > 1) problems.push({ key: `accounts[${i}].name`, problem: `"${account.name}" calls ${calls} services; yelb-ui calls one`, fix: "name the account as a consumer of one service" });
        if (account.name === description.serviceNetworkOwner && provides > 0) {
            problems.push({ key: "serviceNetworkOwner", problem: `"${account.name}" provides a service; the owner is a calling account or one with no cluster`, fix: "make a calling account, or a network account with no cluster, the owner" });
        }
    });

    const ids = new Map<string, AccountFacts>();
    const owner = facts.find((f) => f.name === description.serviceNetworkOwner);
    for (const fact of facts) {
        const other = ids.get(fact.accountId);
        if (fact.accountId !== "" && other !== undefined) {
            problems.push({
                key: "aws:allowedAccountIds",
                problem: `${fact.accountId} is both account ${other.name} (${other.file}) and account ${fact.name} (${fact.file})`,
                fix: "give each account of the environment its own AWS account",
            });
        } else if (fact.accountId !== "") ids.set(fact.accountId, fact);
        if (owner !== undefined && fact !== owner && fact.region !== "" && owner.region !== "" && fact.region !== owner.region) {
            problems.push({
                key: "aws:region",
                problem: `is ${fact.region} in ${fact.file}, but the service network's owner ${owner.name} is in ${owner.region} (${owner.file}); a service network is regional`,
                fix: `deploy every account of the environment in ${owner.region}`,
            });
        }
    }
    if (transport !== undefined && transport !== "lattice" && description.accounts.length > 2) {
        problems.push({
            key: "mesh:transport",
            problem: `is ${transport} in environment ${environment} of ${description.accounts.length} accounts; App Mesh joins exactly two (the walkthrough's design)`,
            fix: "use transport lattice in every mesh and apps stack of an environment of more than two accounts",
        });
    }
    return problems;
}

/**
 * The environment's description: its file parsed (refused with every problem of shape at once), or
 * the two-account design when there is no file.
 */
export function loadEnvironment(environment: string, dir = environmentsDir()): EnvironmentDescription {
    const file = environmentFile(environment, dir);
    if (!fs.existsSync(file)) return DEFAULT_DESCRIPTION;
    const { description, problems } = parseEnvironment(fs.readFileSync(file, "utf8"));
    const all = problems.length > 0 ? problems : environmentProblems(environment, description);
    if (all.length > 0) throw new ConfigError(`environment file ${shownPath(file)}`, all);
    return { ...description, file };
}
