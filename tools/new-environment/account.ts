import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { AccountFacts, EnvironmentDescription, ServiceDescription, environmentFile, environmentProblems, parseEnvironment } from "../../shared/environment";
import { allowedAccountIds, loadStackConfig, stackFilePath } from "../../shared/stack-files";
import { StackEntry, Topology, accountStackOf, buildTopology, topologyWaves } from "../../shared/topology";
import { UserError, shownPath } from "../engine/cli";
import { AddAccount, RemoveAccount } from "./account-args";
import { renamed } from "./write";

/** The committed environment whose stack files a new account's are made from: a provider's, a caller's. */
export const SOURCE_HUB = "example-hub";

export interface AccountChange {
    /** The environment file, rewritten. */
    readonly environmentFile: string;
    /** The stack files written (onboarding). */
    readonly written: readonly string[];
    /** The removed accounts' stacks, in the order npm run destroy -- --account destroys them (offboarding). */
    readonly toDestroy: readonly StackEntry[];
}

const problemLines = (file: string, problems: readonly { key: string; problem: string; fix: string }[]) =>
    problems.map((p) => `${file} ${p.key}: ${p.problem}. Fix: ${p.fix}.`);

/** The environment's description as written, refused when it has no file (the two-account design has no list to add to). */
function readDescription(environment: string, targetDir: string): { file: string; text: string; description: EnvironmentDescription } {
    const file = environmentFile(environment, path.join(targetDir, "environments"));
    if (!fs.existsSync(file)) {
        throw new UserError([
            `${shownPath(file)} does not exist: environment ${environment} is not described as data, so it has no account list to change. ` +
                `Fix: write it as environments/example-hub.yaml is written, or create a new environment without --add-account.`,
        ]);
    }
    const text = fs.readFileSync(file, "utf8");
    const { description, problems } = parseEnvironment(text);
    if (problems.length > 0) throw new UserError(problemLines(shownPath(file), problems));
    return { file, text, description: { ...description, file } };
}

/** Each account's ID and region from its stack files under targetDir (accounts whose file is absent are left out). */
function factsOf(rootDir: string, targetDir: string, topology: Topology, extra: readonly AccountFacts[] = []): AccountFacts[] {
    const facts = topology.description.accounts.flatMap((a): AccountFacts[] => {
        if (extra.some((f) => f.name === a.name)) return [];
        const entry = accountStackOf(topology, a.name);
        if (!fs.existsSync(stackFilePath(path.join(targetDir, entry.project), entry.stack))) return [];
        const config = loadStackConfig(path.join(rootDir, entry.project), entry.stack, path.join(targetDir, entry.project));
        return [{ name: a.name, accountId: allowedAccountIds(config)[0] ?? "", region: config["aws:region"] ?? "", file: path.join(entry.project, `Pulumi.${entry.stack}.yaml`) }];
    });
    return [...facts, ...extra];
}

// ---- The environment file, edited as text so its comments and layout stay; dumped afresh when its layout is not the usual one. ----

/** The lines of a top-level key's block: from its line to the next top-level key. */
function blockOf(lines: readonly string[], key: string): { start: number; end: number } | undefined {
    const start = lines.findIndex((l) => l.startsWith(`${key}:`));
    if (start < 0) return undefined;
    let end = start + 1;
    while (end < lines.length && !/^[^\s#]/.test(lines[end])) end++;
    // Trailing blank and comment lines belong to what follows.
    while (end > start + 1 && /^\s*(#.*)?$/.test(lines[end - 1])) end--;
    return { start, end };
}

/** The [first, end) lines of each `- ` item of a block. */
function itemsOf(lines: readonly string[], block: { start: number; end: number }): { start: number; end: number }[] {
    const items: { start: number; end: number }[] = [];
    for (let i = block.start + 1; i < block.end; i++) {
        if (/^\s*- /.test(lines[i]) && (items.length === 0 || indent(lines[i]) <= indent(lines[items[0].start]))) items.push({ start: i, end: block.end });
    }
    for (let i = 0; i + 1 < items.length; i++) items[i] = { ...items[i], end: items[i + 1].start };
    return items;
}

const indent = (line: string) => line.length - line.trimStart().length;

/** The item of a list of `name:` entries with that name. */
function namedItem(lines: readonly string[], key: string, name: string): { start: number; end: number } | undefined {
    const block = blockOf(lines, key);
    if (!block) return undefined;
    return itemsOf(lines, block).find((item) => lines.slice(item.start, item.end).some((l) => new RegExp(`^\\s*(- )?name:\\s*["']?${escape(name)}["']?\\s*(#.*)?$`).test(l)));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&");

/** Sets an item's flow-style `consumers: [...]` line to `consumers`; false when the item has no such line. */
function setConsumers(lines: string[], item: { start: number; end: number }, consumers: readonly string[]): boolean {
    for (let i = item.start; i < item.end; i++) {
        const match = /^(\s*(?:- )?consumers:\s*)\[[^\]]*\](\s*#.*)?$/.exec(lines[i]);
        if (match) {
            lines[i] = `${match[1]}[${consumers.join(", ")}]${match[2] ?? ""}`;
            return true;
        }
    }
    return false;
}

/** A fresh dump, keeping the file's opening comment. */
function dumped(text: string, description: EnvironmentDescription): string {
    const header = text.split("\n").filter((_, i, all) => all.slice(0, i + 1).every((l) => l.startsWith("#")));
    const body = yaml.dump({ serviceNetworkOwner: description.serviceNetworkOwner, accounts: description.accounts.map((a) => ({ name: a.name })), services: description.services }, { flowLevel: 3 });
    return [...header, body].join("\n");
}

const same = (a: EnvironmentDescription, b: EnvironmentDescription) =>
    JSON.stringify([a.serviceNetworkOwner, a.accounts, a.services]) === JSON.stringify([b.serviceNetworkOwner, b.accounts, b.services]);

/**
 * The environment file's text for `after`: `text` edited line by line (an account's line added or
 * removed, a consumers list rewritten, a service's entry added or removed), kept when it then reads
 * back as `after`; otherwise a fresh dump of `after` under the file's opening comment.
 */
export function rewrittenEnvironment(text: string, before: EnvironmentDescription, after: EnvironmentDescription): string {
    const lines = text.replace(/\n$/, "").split("\n");
    const edit = (): boolean => {
        const names = (d: EnvironmentDescription) => d.accounts.map((a) => a.name);
        for (const gone of names(before).filter((n) => !names(after).includes(n))) {
            const item = namedItem(lines, "accounts", gone);
            if (!item) return false;
            lines.splice(item.start, item.end - item.start);
        }
        for (const gone of before.services.filter((s) => !after.services.some((t) => t.name === s.name))) {
            const item = namedItem(lines, "services", gone.name);
            if (!item) return false;
            lines.splice(item.start, item.end - item.start);
        }
        for (const service of after.services) {
            const was = before.services.find((s) => s.name === service.name);
            if (!was || JSON.stringify(was.consumers) === JSON.stringify(service.consumers)) continue;
            const item = namedItem(lines, "services", service.name);
            if (!item || !setConsumers(lines, item, service.consumers)) return false;
        }
        const append = (key: string, entry: (pad: string) => string[]) => {
            const block = blockOf(lines, key);
            if (!block) return false;
            const items = itemsOf(lines, block);
            const pad = items.length > 0 ? " ".repeat(indent(lines[items[0].start])) : "  ";
            lines.splice(block.end, 0, ...entry(pad));
            return true;
        };
        for (const added of names(after).filter((n) => !names(before).includes(n))) if (!append("accounts", (pad) => [`${pad}- name: ${added}`])) return false;
        for (const added of after.services.filter((s) => !before.services.some((t) => t.name === s.name))) {
            const ok = append("services", (pad) => [`${pad}- name: ${added.name}`, `${pad}  provider: ${added.provider}`, `${pad}  consumers: [${added.consumers.join(", ")}]`]);
            if (!ok) return false;
        }
        return true;
    };
    if (edit()) {
        const candidate = `${lines.join("\n")}\n`;
        const read = parseEnvironment(candidate);
        if (read.problems.length === 0 && same(read.description, after)) return candidate;
    }
    return dumped(text, after);
}

// ---- Onboarding ----

/** The description with the account added: as a consumer of an existing service, or as the provider of a new one. */
export function withAccount(description: EnvironmentDescription, request: AddAccount): EnvironmentDescription {
    const added = "provides" in request.role ? (request.role.newConsumers ?? []).map((c) => c.name) : [];
    const accounts = [...description.accounts, { name: request.account }, ...added.map((name) => ({ name }))];
    const role = request.role;
    const services: ServiceDescription[] =
        "calls" in role
            ? description.services.map((s) => (s.name === role.calls ? { ...s, consumers: [...s.consumers, request.account] } : s))
            : [...description.services, { name: role.provides, provider: request.account, consumers: [...role.consumers] }];
    return { ...description, accounts, services };
}

/**
 * Adds the account: the description checked (every problem at once) with the accounts' IDs and
 * regions, the account's stack files made from example-hub's of the same kind (the region the
 * service network owner's), then the files written: the stack files first (never over one that
 * exists), the environment file last.
 */
export function addAccount(rootDir: string, targetDir: string, request: AddAccount): AccountChange {
    const { file, text, description } = readDescription(request.environment, targetDir);
    const shown = shownPath(file);
    const role = request.role;
    if ("calls" in role && !description.services.some((s) => s.name === role.calls)) {
        throw new UserError([
            `--calls: "${role.calls}" is not a service of environment ${request.environment} (${shown}: ${description.services.map((s) => s.name).join(", ")}). ` +
                `Fix: name one of those, or --provides to add a new service.`,
        ]);
    }
    const before = buildTopology(request.environment, description);
    const after = withAccount(description, request);
    const topology = buildTopology(request.environment, after);
    const ownerFacts = factsOf(rootDir, targetDir, before).find((f) => f.name === description.serviceNetworkOwner);
    const region = ownerFacts?.region ?? "";
    // The account, and the new callers of the service it provides, each with its AWS account ID.
    const newAccounts = [{ name: request.account, accountId: request.accountId }, ...("provides" in role ? (role.newConsumers ?? []) : [])];
    const newEntries = topology.entries.filter((e) => newAccounts.some((a) => a.name === e.account));
    const accountStacks = new Map(newAccounts.map((a) => [accountStackOf(topology, a.name), a]));
    const newFacts: AccountFacts[] = [...accountStacks].map(([entry, a]) => ({ name: a.name, accountId: a.accountId, region, file: path.join(entry.project, `Pulumi.${entry.stack}.yaml`) }));
    const problems = environmentProblems(request.environment, after, factsOf(rootDir, targetDir, topology, newFacts));
    if (problems.length > 0) throw new UserError(problemLines(shown, problems));
    if (region === "") {
        throw new UserError([`The service network owner ${description.serviceNetworkOwner} has no aws:region in its stack file under ${shownPath(targetDir)}. Fix: write its stack file first.`]);
    }

    // example-hub's stack of the same kind: the backend's for a provider, the frontend's for a caller.
    const hub = buildTopology(SOURCE_HUB, parseEnvironment(fs.readFileSync(environmentFile(SOURCE_HUB, path.join(rootDir, "environments")), "utf8")).description);
    const ownerMesh = topology.entries.find((e) => e.kind === "mesh-owner")!;
    const ownerMeshConfig = loadStackConfig(path.join(rootDir, "mesh"), ownerMesh.stack, path.join(targetDir, "mesh"));
    const files = newEntries.map((entry) => {
        const source = hub.entries.find((e) => e.kind === entry.kind)!;
        const sourceFile = stackFilePath(path.join(rootDir, source.project), source.stack);
        const parsed = (yaml.load(fs.readFileSync(sourceFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };
        const config: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(parsed.config ?? {})) config[key] = renamed(value, SOURCE_HUB, request.environment);
        const account = accountStacks.get(entry);
        if (account !== undefined) {
            config["aws:region"] = region;
            config["aws:allowedAccountIds"] = [account.accountId];
        }
        // --profile and --run-from are the --add-account account's; its new callers keep example-hub's settings.
        if (account?.name === request.account) {
            if (request.profile !== undefined) config["aws:profile"] = request.profile;
            if (request.runFrom !== undefined) {
                const inside = request.runFrom === "vpc";
                config[`${entry.project}:clusterEndpointAccess`] = inside ? "private" : "public-and-private";
                config[`${entry.project}:clusterEndpointPublicAccessCidrs`] = inside ? [] : [...request.runFrom];
            }
        }
        // A participant accepts the share the way the owner offers it (invitation, or its organization).
        if (entry.kind === "mesh-participant" && ownerMeshConfig["mesh:ramSharing"] !== undefined) config["mesh:ramSharing"] = ownerMeshConfig["mesh:ramSharing"];
        const id = newAccounts.find((a) => a.name === entry.account)!.accountId;
        const header =
            `# ${entry.project}/${entry.stack}: account ${entry.account} (${id}) of environment ${request.environment} (${path.join("environments", `${request.environment}.yaml`)}).\n` +
            `# Written by npm run new-environment -- --add-account from ${source.project}/Pulumi.${source.stack}.yaml; edit freely.\n`;
        return { target: path.join(targetDir, entry.project, `Pulumi.${entry.stack}.yaml`), text: header + yaml.dump({ config }) };
    });
    const existing = files.map((f) => f.target).filter((f) => fs.existsSync(f));
    if (existing.length > 0) {
        throw new UserError([
            `${existing.map((f) => shownPath(f)).join(", ")} already exist${existing.length === 1 ? "s" : ""}, so nothing was written. ` +
                `Fix: choose another --add-account name, or delete those files if they are an earlier account's.`,
        ]);
    }
    for (const f of files) {
        fs.mkdirSync(path.dirname(f.target), { recursive: true });
        fs.writeFileSync(f.target, f.text, { flag: "wx" });
    }
    fs.writeFileSync(file, rewrittenEnvironment(text, description, after));
    return { environmentFile: file, written: files.map((f) => f.target), toDestroy: [] };
}

// ---- Offboarding ----

/**
 * Removes the accounts from the description, refused while a service one provides has a consumer
 * that stays, or when the rest would be invalid. Deploy and destroy know only the topology of the
 * description: the removed accounts' stacks are returned in destroy order, for the message; their
 * stack files stay until npm run destroy -- --account destroys and removes the stacks (tools/deploy/removed-stacks.ts).
 */
export function removeAccounts(targetDir: string, request: RemoveAccount): AccountChange {
    const { file, text, description } = readDescription(request.environment, targetDir);
    const shown = shownPath(file);
    const names = description.accounts.map((a) => a.name);
    const gone = new Set(request.accounts);
    const problems: string[] = [];
    for (const name of request.accounts) {
        if (!names.includes(name)) problems.push(`--remove-account: "${name}" is not an account of environment ${request.environment} (${shown}: ${names.join(", ")}). Fix: name one of those.`);
        else if (name === description.serviceNetworkOwner) problems.push(`--remove-account: "${name}" owns the service network of environment ${request.environment}. Fix: destroy the whole environment with npm run destroy -- --stack ${request.environment}.`);
        for (const service of description.services.filter((s) => s.provider === name)) {
            const staying = service.consumers.filter((c) => !gone.has(c));
            if (staying.length > 0) {
                problems.push(
                    `--remove-account: "${name}" provides ${service.name}, which ${staying.join(", ")} still call${staying.length === 1 ? "s" : ""}. ` +
                        `Fix: remove ${staying.length === 1 ? "that consumer" : "those consumers"} first, or with it (--remove-account ${staying.join(" --remove-account ")}).`,
                );
            }
        }
    }
    if (problems.length > 0) throw new UserError(problems);
    const after: EnvironmentDescription = {
        ...description,
        accounts: description.accounts.filter((a) => !gone.has(a.name)),
        services: description.services.filter((s) => !gone.has(s.provider)).map((s) => ({ ...s, consumers: s.consumers.filter((c) => !gone.has(c)) })),
    };
    const rest = environmentProblems(request.environment, after);
    if (rest.length > 0) throw new UserError(problemLines(shown, rest));
    const toDestroy = topologyWaves(buildTopology(request.environment, description))
        .reverse()
        .flatMap((wave) => wave.filter((e) => gone.has(e.account)));
    fs.writeFileSync(file, rewrittenEnvironment(text, description, after));
    return { environmentFile: file, written: [], toDestroy };
}
