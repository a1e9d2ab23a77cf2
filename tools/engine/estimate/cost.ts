import type { Plan } from "../../sim/environment";
import { CreatedResource, expandRemoteComponent } from "./remote-components";
import { HOURS_PER_MONTH, PriceKey, PriceRow, PriceTable, instancePrice, priceTable } from "./prices";

/**
 * Monthly cost of what a plan declares, including what remote components create, Services of type
 * LoadBalancer (a Classic Load Balancer: no AWS Load Balancer Controller is installed, so the cloud
 * provider's default applies) and persistent volume claims. Usage-based charges are never guessed:
 * each is priced at zero usage and listed with its per-unit price.
 */

/** A resource as the cost model sees it: a recorded resource or one a remote component creates. */
export interface Billable {
    readonly type: string;
    readonly inputs?: Record<string, unknown>;
    readonly count?: number;
    readonly instanceType?: string;
    readonly sizeGiB?: number;
}

export interface CostLine {
    readonly stack: string;
    readonly item: string;
    readonly quantity: number;
    readonly unit: string;
    readonly unitUsd: number;
    readonly monthlyUsd: number;
    readonly price: PriceRow;
}

export interface UsageCharge {
    readonly stack: string;
    readonly item: string;
    /** What the estimate assumes (always zero usage) and what each unit would add. */
    readonly assumption: string;
}

export interface CostEstimate {
    readonly region: string;
    readonly lines: CostLine[];
    readonly usage: UsageCharge[];
    readonly perStack: Record<string, number>;
    readonly totalUsd: number;
    /** Caveats about how a figure was reached. */
    readonly notes: string[];
}

const cents = (usd: number) => Math.round(usd * 100) / 100;

/** "10Gi" -> 10, "512Mi" -> 0.5; undefined for forms we do not price. */
export function gibOf(quantity: unknown): number | undefined {
    const m = /^(\d+(?:\.\d+)?)(Gi|Mi|Ti)$/.exec(String(quantity ?? ""));
    if (!m) return undefined;
    return Number(m[1]) * (m[2] === "Ti" ? 1024 : m[2] === "Mi" ? 1 / 1024 : 1);
}

/** Lines and usage charges of one stack's billable resources. */
export function costOfStack(stack: string, items: readonly Billable[], table: PriceTable): { lines: CostLine[]; usage: UsageCharge[] } {
    const lines: CostLine[] = [];
    const usage: UsageCharge[] = [];
    const hourly = (item: string, n: number, key: PriceKey) => {
        const p = table.prices[key];
        lines.push({ stack, item, quantity: n * HOURS_PER_MONTH, unit: p.unit, unitUsd: p.usd, monthlyUsd: n * HOURS_PER_MONTH * p.usd, price: p });
    };
    const monthly = (item: string, quantity: number, p: PriceRow) => lines.push({ stack, item, quantity, unit: p.unit, unitUsd: p.usd, monthlyUsd: quantity * p.usd, price: p });
    const perUse = (item: string, key: PriceKey) => {
        const p = table.prices[key];
        usage.push({ stack, item, assumption: `0 ${p.unit} assumed; +$${p.usd} per ${p.unit}` });
    };
    for (const r of items) {
        const n = r.count ?? 1;
        if (n === 0) continue;
        const spec = (r.inputs?.spec ?? {}) as Record<string, unknown>;
        switch (r.type) {
            case "aws:eks/cluster:Cluster":
                hourly("EKS control plane", n, "eksControlPlaneHour");
                break;
            case "aws:ec2/natGateway:NatGateway":
                hourly("NAT gateway", n, "natGatewayHour");
                perUse("NAT gateway data processed", "natGatewayGB");
                break;
            case "aws:ec2/eip:Eip":
                hourly("Elastic IP (public IPv4)", n, "publicIpv4Hour");
                break;
            case "aws:ec2/instance:Instance": {
                const p = instancePrice(table, r.instanceType ?? "");
                monthly(`EC2 ${r.instanceType}`, n * HOURS_PER_MONTH, p);
                break;
            }
            case "aws:ebs/volume:Volume":
                monthly(`EBS gp3 node root volumes`, n * (r.sizeGiB ?? 0), table.prices.ebsGp3GBMonth);
                break;
            case "kubernetes:core/v1:PersistentVolumeClaim": {
                const gib = gibOf(((spec.resources ?? {}) as Record<string, Record<string, unknown>>).requests?.storage);
                if (gib !== undefined) monthly(`EBS gp3 volume for PVC`, n * gib, table.prices.ebsGp3GBMonth);
                break;
            }
            case "kubernetes:core/v1:Service":
                if (spec.type === "LoadBalancer") {
                    hourly("Classic Load Balancer (Service type LoadBalancer)", n, "classicLoadBalancerHour");
                    perUse("Classic Load Balancer data processed", "classicLoadBalancerGB");
                }
                break;
            case "aws:kms/key:Key":
                monthly("KMS customer managed key", n, table.prices.kmsKeyMonth);
                break;
            // The Gateway API Controller makes one Lattice service for each HTTPRoute (it is not a Pulumi resource).
            case "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute":
            case "aws:vpclattice/service:Service":
                hourly("VPC Lattice service", n, "latticeServiceHour");
                perUse("VPC Lattice data processed", "latticeServiceGB");
                perUse("VPC Lattice requests", "latticeMillionRequests");
                break;
            case "aws:cloudwatch/metricAlarm:MetricAlarm": {
                // The metrics it evaluates: each metric query's metric, or the alarm's own one metric. A
                // Metrics Insights query is billed per metric it analyzes, unknown before it runs: counted once.
                const queries = (r.inputs?.metricQueries ?? []) as { metric?: unknown; expression?: string }[];
                const insights = queries.filter((q) => /^\s*SELECT\b/i.test(q.expression ?? "")).length;
                const metrics = queries.length === 0 ? 1 : queries.filter((q) => q.metric !== undefined).length + insights;
                monthly("CloudWatch alarm metrics", n * metrics, table.prices.cloudWatchAlarmMetricMonth);
                if (insights > 0) perUse("CloudWatch Metrics Insights alarm, each further metric analyzed", "cloudWatchAlarmMetricMonth");
                break;
            }
            case "aws:cloudwatch/dashboard:Dashboard":
                monthly("CloudWatch dashboard", n, table.prices.cloudWatchDashboardMonth);
                break;
            case "aws:cloudwatch/logGroup:LogGroup":
                perUse("CloudWatch Logs ingestion", "cloudWatchLogsIngestGB");
                perUse("CloudWatch Logs storage", "cloudWatchLogsStoredGBMonth");
                break;
            // Access logs to a bucket: the delivery (vended logs) and the bucket's storage; to a log group, the group's lines above.
            case "aws:vpclattice/accessLogSubscription:AccessLogSubscription":
                if (/^arn:aws[a-z-]*:s3:::/.test(String(r.inputs?.destinationArn ?? ""))) {
                    perUse("VPC Lattice access logs delivered to S3", "vendedLogsToS3GB");
                    perUse("S3 storage of access logs", "s3StandardGBMonth");
                }
                break;
        }
    }
    return { lines, usage };
}

/** The billable resources of one planned stack: recorded resources, and remote components expanded. */
export function billablesOf(resources: readonly { type: string; inputs: Record<string, unknown> }[]): Billable[] {
    return resources.flatMap((r): Billable[] => {
        const created: CreatedResource[] | undefined = expandRemoteComponent(r.type, r.inputs);
        return created ? created.map((c) => ({ type: c.type, count: c.count, instanceType: c.instanceType, sizeGiB: c.sizeGiB })) : [{ type: r.type, inputs: r.inputs }];
    });
}

export function estimateCost(plan: Plan): CostEstimate {
    const regions = [...new Set(plan.stacks.map((s) => s.region))];
    const tables = new Map(regions.map((r) => [r, priceTable(r)]));
    const lines: CostLine[] = [];
    const usage: UsageCharge[] = [];
    for (const s of plan.stacks) {
        const got = costOfStack(s.role, billablesOf(s.resources), tables.get(s.region)!);
        lines.push(...got.lines);
        usage.push(...got.usage);
    }
    const perStack: Record<string, number> = Object.fromEntries(plan.stacks.map((s) => [s.role, 0]));
    for (const l of lines) perStack[l.stack] += l.monthlyUsd;
    for (const k of Object.keys(perStack)) perStack[k] = cents(perStack[k]);
    const totalUsd = cents(lines.reduce((sum, l) => sum + l.monthlyUsd, 0));
    const notes = [
        "Standard-support EKS price; pulumi-eks defaults upgradePolicy to EXTENDED, so a version past standard support costs the extended rate.",
        "Node root volumes: 20 GiB each (pulumi-eks diskSize default) priced as gp3.",
        "Public IPv4 addresses of the Classic Load Balancer (one per zone it spans) and data transfer out are not counted.",
    ];
    return { region: regions.join(", "), lines, usage, perStack, totalUsd, notes };
}
