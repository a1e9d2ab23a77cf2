import type { Plan } from "../../sim/environment";
import { GraphNode, StackOrder, Timeline, schedule } from "./critical-path";
import { durationOf } from "./durations";
import { CreatedResource, expandRemoteComponent } from "./remote-components";

/**
 * The plan's resources as a timing graph. A remote component becomes a component with one synthetic
 * child per kind of resource it creates, chained as the component creates them (instances of one
 * kind are created in parallel, so one node per kind carries the chain's time).
 */

/** Inside each remote component: which created types wait for which (from how each creates them). */
const INTERNAL_ORDER: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
    // awsx vpc.ts: subnets, IGW and route tables in the VPC; NAT gateways in public subnets with an
    // EIP; routes once their target exists; associations once subnet and table exist.
    "awsx:ec2:Vpc": {
        "aws:ec2/subnet:Subnet": ["aws:ec2/vpc:Vpc"],
        "aws:ec2/internetGateway:InternetGateway": ["aws:ec2/vpc:Vpc"],
        "aws:ec2/routeTable:RouteTable": ["aws:ec2/vpc:Vpc"],
        "aws:ec2/routeTableAssociation:RouteTableAssociation": ["aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable"],
        "aws:ec2/natGateway:NatGateway": ["aws:ec2/subnet:Subnet", "aws:ec2/eip:Eip", "aws:ec2/internetGateway:InternetGateway"],
        "aws:ec2/route:Route": ["aws:ec2/routeTable:RouteTable", "aws:ec2/natGateway:NatGateway", "aws:ec2/internetGateway:InternetGateway"],
    },
    // pulumi-eks cluster.ts: service role -> cluster -> OIDC provider and add-ons.
    "eks:index:Cluster": {
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["aws:iam/role:Role"],
        "aws:eks/cluster:Cluster": ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:ec2/securityGroup:SecurityGroup"],
        "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ["aws:eks/cluster:Cluster"],
        "aws:eks/addon:Addon": ["aws:eks/cluster:Cluster"],
        "aws:eks/accessEntry:AccessEntry": ["aws:eks/cluster:Cluster"],
        "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": ["aws:eks/accessEntry:AccessEntry"],
    },
    // nodegroup.ts: launch template (and role) -> node group.
    "eks:index:ManagedNodeGroup": {
        "aws:eks/nodeGroup:NodeGroup": ["aws:ec2/launchTemplate:LaunchTemplate", "aws:iam/role:Role"],
    },
};

const URN_PATTERN = /^urn:pulumi:/;

/** URNs of same-stack resources referenced from inputs (resource references are input dependencies too). */
function referencedUrns(value: unknown, known: Set<string>, into: Set<string>): void {
    if (typeof value === "string") {
        if (URN_PATTERN.test(value) && known.has(value)) into.add(value);
    } else if (Array.isArray(value)) value.forEach((v) => referencedUrns(v, known, into));
    else if (value !== null && typeof value === "object") Object.values(value).forEach((v) => referencedUrns(v, known, into));
}

function labelOf(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

export interface PlanGraph {
    readonly nodes: GraphNode[];
    /** Custom resource types that had no duration row (the default applied). */
    readonly defaultedTypes: string[];
    /** Each remote component's expansion, by URN. */
    readonly expansions: Map<string, { stack: string; type: string; created: CreatedResource[] }>;
}

export function planGraph(plan: Plan): PlanGraph {
    const nodes: GraphNode[] = [];
    const defaulted = new Set<string>();
    const expansions = new Map<string, { stack: string; type: string; created: CreatedResource[] }>();
    for (const stack of plan.stacks) {
        const known = new Set(stack.resources.map((r) => r.urn));
        for (const r of stack.resources) {
            const deps = new Set(r.dependencies);
            referencedUrns(r.inputs, known, deps);
            deps.delete(r.urn);
            const created = expandRemoteComponent(r.type, r.inputs);
            const timing = durationOf(r.type, r.inputs, r.custom);
            if (timing.defaulted) defaulted.add(r.type);
            nodes.push({
                id: r.urn,
                stack: stack.role,
                type: r.type,
                label: r.name,
                parent: r.parent,
                dependencies: [...deps],
                custom: created ? false : r.custom,
                createS: created ? 0 : timing.createS,
                deleteS: created ? 0 : timing.deleteS,
            });
            if (!created) continue;
            expansions.set(r.urn, { stack: stack.role, type: r.type, created });
            const present = new Set(created.filter((c) => !c.byAws && c.count > 0).map((c) => c.type));
            for (const type of present) {
                const inner = durationOf(type);
                if (inner.defaulted) defaulted.add(type);
                const order = INTERNAL_ORDER[r.type]?.[type] ?? [];
                nodes.push({
                    id: `${r.urn}#${type}`,
                    stack: stack.role,
                    type,
                    label: `${r.name}/${labelOf(type.replace(/:[^:]*$/, "")).split(":").pop()}`,
                    parent: r.urn,
                    dependencies: order.filter((t) => present.has(t)).map((t) => `${r.urn}#${t}`),
                    custom: true,
                    createS: inner.createS,
                    deleteS: inner.deleteS,
                });
            }
        }
    }
    return { nodes, defaultedTypes: [...defaulted].sort(), expansions };
}

export interface DeployEstimate {
    /** As the orchestrator runs: each stack once the stacks it reads are done (tools/deploy/schedule.ts). */
    readonly ours: { deploy: Timeline; destroy: Timeline };
    /** Every stack one after another, as the walkthrough builds things. */
    readonly walkthrough: { deploy: Timeline; destroy: Timeline };
    /** The longest single-account chain: that account's stacks, each waiting only for what it reads in its own account. */
    readonly floor: { deploy: Timeline; destroy: Timeline; side: string };
    readonly defaultedTypes: string[];
}

/**
 * The stack order the orchestrator uses: each stack starts when the stacks it reads are done; what
 * each reads is the plan's references (checked against shared/topology.ts when planned).
 */
export function orchestratorOrder(plan: Plan): StackOrder {
    const idOf = new Map(plan.stacks.map((s) => [`${s.project}/${s.stack}`, s.role]));
    const reads = (s: Plan["stacks"][number]) => s.references.map((r) => idOf.get(r.split("/").slice(1).join("/"))!).filter((id) => id !== undefined);
    return { kind: "reads", reads: Object.fromEntries(plan.stacks.map((s) => [s.role, reads(s)])) };
}

export function estimateDeploy(plan: Plan, order: StackOrder = orchestratorOrder(plan)): DeployEstimate {
    const { nodes, defaultedTypes } = planGraph(plan);
    const both = (ns: GraphNode[], o: StackOrder) => ({ deploy: schedule(ns, o, "deploy"), destroy: schedule(ns, o, "destroy") });
    const planned = plan.stacks.map((s) => s.role);
    // The plan's stacks are in wave order already.
    const sequential: StackOrder = { kind: "sequential", stacks: planned };
    const all = orchestratorOrder(plan);
    const allReads = all.kind === "reads" ? all.reads : {};
    let floor: DeployEstimate["floor"] | undefined;
    for (const side of [...new Set(plan.stacks.map((s) => s.accountName))]) {
        const roles = plan.stacks.filter((s) => s.accountName === side).map((s) => s.role);
        const reads = Object.fromEntries(roles.map((r) => [r, (allReads[r] ?? []).filter((x) => roles.includes(x))]));
        const own = nodes.filter((n) => roles.includes(n.stack));
        const t = { ...both(own, { kind: "reads", reads }), side };
        if (!floor || t.deploy.totalS > floor.deploy.totalS) floor = t;
    }
    return { ours: both(nodes, order), walkthrough: both(nodes, sequential), floor: floor!, defaultedTypes };
}
