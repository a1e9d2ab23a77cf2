import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { EnvironmentDescription } from "../../shared/environment";
import { accountStackOf, accountsOf, buildTopology } from "../../shared/topology";

/**
 * Synthetic environments of any number of accounts, for the tests and `npm run bench -- --accounts`:
 * a network account owning the service network (no cluster), provider accounts each running one
 * service, consumer accounts each calling one; written with their stack files to a new config
 * folder (PlanOptions.stackConfigDir), so nothing is written in the repository.
 */
export interface SyntheticService {
    readonly name: string;
    readonly provider: string;
    readonly consumers: readonly string[];
}

/** Account `i` of a synthetic environment: twelve digits, never the placeholders' twelve identical ones. */
export function syntheticAccountId(i: number): string {
    return `4000000000${String(i).padStart(2, "0")}`;
}

/** The description: the owner first (a network account named `network` unless it is a consumer), then each service's provider and consumers. */
export function syntheticDescription(services: readonly SyntheticService[], owner = "network"): EnvironmentDescription {
    const names = [...new Set([owner, ...services.flatMap((s) => [s.provider, ...s.consumers])])];
    return { serviceNetworkOwner: owner, accounts: names.map((name) => ({ name })), services: services.map((s) => ({ ...s, consumers: [...s.consumers] })) };
}

/**
 * The services of an environment of `n` accounts: two are a consumer owning the network and a
 * provider (the two-account shape); more are a network account, a provider per three workload
 * accounts (at least one), and consumers spread over them.
 */
export function syntheticServices(n: number): { services: SyntheticService[]; owner: string } {
    if (n < 2) throw new Error("an environment has at least two accounts");
    if (n === 2) return { services: [{ name: "svc1", provider: "p1", consumers: ["c1"] }], owner: "c1" };
    const workloads = n - 1;
    const providers = Math.max(1, Math.floor(workloads / 3));
    const services = Array.from({ length: providers }, (_, i) => ({ name: `svc${i + 1}`, provider: `p${i + 1}`, consumers: [] as string[] }));
    for (let c = 1; c <= workloads - providers; c++) services[(c - 1) % providers].consumers.push(`c${c}`);
    return { services, owner: "network" };
}

/**
 * Writes `environments/<environment>.yaml` and every stack file of the environment into `dir` (the
 * caller's, which it removes) and returns `dir`; account IDs follow the accounts' order in `ids`
 * (default: the description's).
 */
export function writeSyntheticEnvironment(dir: string, environment: string, services: readonly SyntheticService[], ids: Readonly<Record<string, string>> = {}, owner = "network"): string {
    const description = syntheticDescription(services, owner);
    const write = (file: string, content: unknown) => {
        fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        fs.writeFileSync(path.join(dir, file), yaml.dump(content));
    };
    write(path.join("environments", `${environment}.yaml`), {
        serviceNetworkOwner: description.serviceNetworkOwner,
        accounts: description.accounts,
        services: description.services,
    });
    const topology = buildTopology(environment, { ...description, file: "synthetic" });
    const accounts = accountsOf(topology);
    const idOf = (account: string) => ids[account] ?? syntheticAccountId(accounts.indexOf(account) + 1);
    for (const entry of topology.entries) {
        const config: Record<string, unknown> = {};
        if (accountStackOf(topology, entry.account) === entry) {
            config["aws:region"] = "us-west-2";
            config["aws:allowedAccountIds"] = [idOf(entry.account)];
        }
        if (entry.project === "infra-backend") config["infra-backend:transport"] = "lattice";
        if (entry.project === "mesh") {
            config["mesh:transport"] = "lattice";
            config["mesh:ramSharing"] = "invitation";
            if (entry.kind === "mesh-owner") config["mesh:serviceNetworkName"] = `yelb-${environment}`;
        }
        if (entry.project === "apps") config["apps:transport"] = "lattice";
        write(path.join(entry.project, `Pulumi.${entry.stack}.yaml`), { config });
    }
    return dir;
}
