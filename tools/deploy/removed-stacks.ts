import * as fs from "fs";
import * as path from "path";
import { PROJECTS, ProjectName, RoleId, StackEntry, Topology, qualifiedEntryName } from "../../shared/topology";

/**
 * Stacks of an environment that are in the state backend but no longer in its topology: what is
 * left of an account after `npm run new-environment -- --remove-account` took it out of the
 * environment's description. The orchestrator refuses to deploy, preview or destroy the
 * environment while any is left, and `npm run destroy -- --stack ENV --account NAME` destroys
 * exactly them (removedTopology gives their destroy order).
 *
 * Why a refusal and not a destroy inside the deploy: a stack is known as this environment's only by
 * its name (`<env>-<account>`), which cannot prove whose it is; destroying one deletes data (a
 * provider's Postgres), so the account is named by a person and confirmed like any destroy. And the
 * removed account's stacks must go before the rest is deployed: the owner's update takes the
 * account's principal off the RAM share, which would cut its VPC's association off the network
 * while its mesh stack still holds it.
 */

/** Account names, as shared/environment.ts accepts them. */
const ACCOUNT_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * The account whose stack `stack` of `project` would be in `environment` (shared/topology.ts's
 * names: `<env>-<account>`, or `<env>` in infra-frontend and infra-backend for the accounts named
 * frontend and backend); undefined when the name is not one of this environment's.
 */
export function accountOfStackName(project: ProjectName, stack: string, environment: string): string | undefined {
    if (stack === environment) return project === "infra-frontend" ? "frontend" : project === "infra-backend" ? "backend" : undefined;
    if (!stack.startsWith(`${environment}-`)) return undefined;
    const account = stack.slice(environment.length + 1);
    return ACCOUNT_NAME.test(account) ? account : undefined;
}

/**
 * The environments of this repository whose names extend `environment` (`dev-eu` of `dev`): one
 * described by a file, or of the two-account design (infra stack files of both projects by that
 * name). Their stacks (`dev-eu-frontend`) look like `environment`'s and are never taken for it.
 */
export function longerEnvironments(rootDir: string, environment: string, environmentsDir = path.join(rootDir, "environments")): string[] {
    const names = (dir: string, suffix: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(suffix)).map((f) => f.slice(0, -suffix.length)) : []);
    const files = names(environmentsDir, ".yaml");
    const stackFiles = (project: string) => names(path.join(rootDir, project), ".yaml").filter((f) => f.startsWith("Pulumi.")).map((f) => f.slice("Pulumi.".length));
    const frontend = new Set(stackFiles("infra-frontend"));
    const twoAccount = stackFiles("infra-backend").filter((n) => frontend.has(n));
    return [...new Set([...files, ...twoAccount])].filter((n) => n.startsWith(`${environment}-`)).sort();
}

/** The stack names in the state backend, by project. */
export type ListedStacks = Readonly<Partial<Record<ProjectName, readonly string[]>>>;

/**
 * The removed stacks as a topology of their own, for the scheduler and the report: each stack of the
 * environment's name in the backend that the topology has not, with what it read when it was
 * deployed, as far as its kind tells (a mesh stack read its account's infra stack; an apps stack its
 * infra and mesh stacks; a caller's apps stack its providers', and a provider's the callers' infra
 * stacks), so destroy goes callers' apps, providers' apps, mesh, infra. Its description lists the
 * removed accounts. Only an environment described by a file loses accounts: the two-account design
 * has none to remove, so it has none.
 */
export function removedTopology(topology: Topology, listed: ListedStacks, longer: readonly string[] = []): Topology {
    const { environment } = topology;
    const known = new Set(topology.entries.map((e) => `${e.project}/${e.stack}`));
    const found: { project: ProjectName; stack: string; account: string }[] = [];
    if (topology.description.file !== undefined) {
        for (const project of PROJECTS) {
            for (const stack of listed[project] ?? []) {
                const account = accountOfStackName(project, stack, environment);
                if (account === undefined || known.has(`${project}/${stack}`)) continue;
                if (longer.some((other) => stack === other || stack.startsWith(`${other}-`))) continue;
                found.push({ project, stack, account });
            }
        }
    }
    // A provider's infra stack is in infra-backend: its apps stack ran the service.
    const provider = (account: string) =>
        found.some((f) => f.account === account && f.project === "infra-backend") ||
        topology.entries.some((e) => e.account === account && e.project === "infra-backend");
    const kindOf = (f: { project: ProjectName; account: string }): RoleId =>
        f.project === "mesh" ? "mesh-participant" : f.project === "apps" ? (provider(f.account) ? "apps-backend" : "apps-frontend") : f.project;
    const idOf = (f: { project: ProjectName; account: string }) => `${kindOf(f)}-${f.account}`;
    const entries: StackEntry[] = found.map((f) => {
        const kind = kindOf(f);
        const own = found.filter((o) => o.account === f.account && (kind === "mesh-participant" ? o.project.startsWith("infra-") : kind.startsWith("apps-") && o.project !== "apps"));
        const across =
            kind === "apps-frontend" ? found.filter((o) => o.project === "apps" && kindOf(o) === "apps-backend") : kind === "apps-backend" ? found.filter((o) => o.project === "infra-frontend") : [];
        return { id: idOf(f), kind, project: f.project, account: f.account, stack: f.stack, reads: [...own, ...across].map(idOf) };
    });
    const accounts = [...new Set(found.map((f) => f.account))].map((name) => ({ name }));
    return { environment, description: { ...topology.description, accounts }, entries };
}

/** `apps/dev-c2, mesh/dev-c2 (account c2)`: the stacks, in the given order, grouped under their account. */
function listing(entries: readonly StackEntry[]): string {
    const accounts = [...new Set(entries.map((e) => e.account))];
    return accounts.map((a) => `${entries.filter((e) => e.account === a).map((e) => `${e.project}/${e.stack}`).join(", ")} (account ${a})`).join("; ");
}

/** The command that destroys the removed stacks of these accounts, in order and with a confirmation. */
export function destroyAccountsCommand(environment: string, accounts: readonly string[]): string {
    return `npm run destroy -- --stack ${environment} ${accounts.map((a) => `--account ${a}`).join(" ")}`;
}

/**
 * Deploy, preview and a whole destroy refuse while removed stacks are left: the lines to print, with
 * the stacks in destroy order, the command that destroys exactly them, and the rerun.
 */
export function removedStacksRefusal(action: "deploy" | "preview" | "destroy", removed: Topology, backendUrl: string, file: string, ordered: readonly string[]): string[] {
    const { environment } = removed;
    const entries = ordered.map((id) => removed.entries.find((e) => e.id === id)!);
    const accounts = [...new Set(entries.map((e) => e.account))];
    const why =
        action === "destroy"
            ? "destroying the environment first would take the service network from under them"
            : "deploying the rest first would take the RAM share principal and the callers those stacks still use away from under them";
    return [
        `Environment "${environment}" has stacks in ${backendUrl} that ${file} no longer describes: ${listing(entries)}. ` +
            `Nothing was run: ${why}${action === "preview" ? " (npm run deploy refuses the same)" : ""}.`,
        `Destroy them first, in this order and after a confirmation: ${destroyAccountsCommand(environment, accounts)}`,
        `then rerun npm run ${action} -- --stack ${environment}.`,
    ];
}

/** The confirmation a destroy of removed stacks asks for, naming each stack in order. */
export function removedStacksQuestion(removed: Topology, ordered: readonly string[]): string {
    const entries = ordered.map((id) => removed.entries.find((e) => e.id === id)!);
    const accounts = [...new Set(entries.map((e) => e.account))];
    return (
        `This destroys every resource of ${entries.length} stack${entries.length === 1 ? "" : "s"} of environment "${removed.environment}", in this order: ` +
        `${entries.map((e) => qualifiedEntryName(e)).join(", ")}. Type "${accounts.join(" ")}" to go on: `
    );
}
