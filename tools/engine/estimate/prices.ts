/**
 * On-demand prices per region, each with its source and the date it was read. A region without a
 * table is refused (UnknownRegionError), never guessed. `regionVerified: false` marks a row whose
 * source gave the figure for another region or for all regions, as its note says.
 */
export interface PriceRow {
    readonly usd: number;
    readonly unit: string;
    readonly source: string;
    readonly date: string;
    readonly regionVerified: boolean;
    readonly note?: string;
}

export type PriceKey =
    | "eksControlPlaneHour"
    | "eksExtendedSupportHour"
    | "natGatewayHour"
    | "natGatewayGB"
    | "publicIpv4Hour"
    | "ebsGp3GBMonth"
    | "classicLoadBalancerHour"
    | "classicLoadBalancerGB"
    | "kmsKeyMonth"
    | "latticeServiceHour"
    | "latticeServiceGB"
    | "latticeMillionRequests"
    | "cloudWatchLogsIngestGB"
    | "cloudWatchLogsStoredGBMonth"
    | "vendedLogsToS3GB"
    | "s3StandardGBMonth"
    | "cloudWatchAlarmMetricMonth"
    | "cloudWatchDashboardMonth";

export interface PriceTable {
    readonly region: string;
    readonly prices: Readonly<Record<PriceKey, PriceRow>>;
    /** On-demand Linux hourly price per EC2 instance type. */
    readonly instances: Readonly<Record<string, PriceRow>>;
}

/** Hours in a month, as AWS pricing examples count them (8,760 / 12). */
export const HOURS_PER_MONTH = 730;

const READ = "2026-11-29";
const row = (usd: number, unit: string, source: string, regionVerified: boolean, note?: string): PriceRow => ({ usd, unit, source, date: READ, regionVerified, note });

const EKS_BLOG = "https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/";
const NAT_2026 = "https://cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026/";
const IPV4_BLOG = "https://aws.amazon.com/blogs/networking-and-content-delivery/identify-and-optimize-public-ipv4-address-usage-on-aws/";
const LATTICE = "https://aws.amazon.com/vpc/lattice/pricing/";
const KMS = "https://aws.amazon.com/kms/pricing/";
const CLB = "https://aws.amazon.com/elasticloadbalancing/classicloadbalancer/pricing/";
const CLOUDWATCH = "https://aws.amazon.com/cloudwatch/pricing/";
const UNVERIFIED = "figure not confirmed by a source read for this region; check the AWS pricing page";

export const PRICE_TABLES: Readonly<Record<string, PriceTable>> = {
    "us-west-2": {
        region: "us-west-2",
        prices: {
            eksControlPlaneHour: row(0.1, "cluster-hour", EKS_BLOG, true, "standard support; same in every commercial region"),
            eksExtendedSupportHour: row(0.6, "cluster-hour", EKS_BLOG, true, "total while the Kubernetes version is in extended support"),
            natGatewayHour: row(0.045, "NAT gateway-hour", NAT_2026, true, "US West (Oregon) row"),
            natGatewayGB: row(0.045, "GB processed", NAT_2026, true, "US West (Oregon) row"),
            publicIpv4Hour: row(0.005, "public IPv4 address-hour", IPV4_BLOG, true, "all regions, since 2024-02-01"),
            ebsGp3GBMonth: row(0.08, "GB-month", "https://aws.amazon.com/ebs/pricing/", false, UNVERIFIED),
            classicLoadBalancerHour: row(0.025, "load balancer-hour", CLB, false, UNVERIFIED),
            classicLoadBalancerGB: row(0.008, "GB processed", CLB, false, UNVERIFIED),
            kmsKeyMonth: row(1, "key-month", KMS, true, "every region; each automatic rotation adds $1/month for the retained key material"),
            latticeServiceHour: row(0.025, "service-hour", LATTICE, false, "US East (N. Virginia) example on the page"),
            latticeServiceGB: row(0.025, "GB processed", LATTICE, false, "US East (N. Virginia) example on the page"),
            latticeMillionRequests: row(0.1, "million requests", LATTICE, false, "US East (N. Virginia) example on the page"),
            cloudWatchLogsIngestGB: row(0.5, "GB ingested", "https://aws.amazon.com/cloudwatch/pricing/", false, UNVERIFIED),
            cloudWatchLogsStoredGBMonth: row(0.03, "GB-month stored", "https://aws.amazon.com/cloudwatch/pricing/", false, UNVERIFIED),
            // Vended logs delivered to S3 are billed by CloudWatch per GB (the Logs tab, "Vended Logs", delivery to S3), then stored by S3.
            vendedLogsToS3GB: row(0.25, "GB delivered to S3", CLOUDWATCH, false, `first 10 TB a month; ${UNVERIFIED}`),
            s3StandardGBMonth: row(0.023, "GB-month stored", "https://aws.amazon.com/s3/pricing/", false, `S3 Standard, first 50 TB; ${UNVERIFIED}`),
            // A standard-resolution alarm is billed per metric it evaluates (a metric-math alarm on two metrics is two).
            cloudWatchAlarmMetricMonth: row(0.1, "alarm metric-month", CLOUDWATCH, false, `standard resolution; ${UNVERIFIED}`),
            // The free tier's 3 dashboards (up to 50 metrics each) are not subtracted: an account may already use them.
            cloudWatchDashboardMonth: row(3, "dashboard-month", CLOUDWATCH, false, `free tier not subtracted; ${UNVERIFIED}`),
        },
        instances: {
            "t3.large": row(0.0832, "instance-hour", "https://go-cloud.io/?p=10607", false, "us-east-1 figure in the source"),
            "t3.medium": row(0.0416, "instance-hour", "https://aws.amazon.com/ec2/pricing/on-demand/", false, UNVERIFIED),
        },
    },
};

/** Thrown for a region, or an instance type, the table has no price for. */
export class UnknownPriceError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UnknownPriceError";
    }
}

export function priceTable(region: string): PriceTable {
    const table = PRICE_TABLES[region];
    if (!table) {
        throw new UnknownPriceError(
            `No price table for region "${region}" (have: ${Object.keys(PRICE_TABLES).sort().join(", ")}); ` +
                `add one to tools/engine/estimate/prices.ts with each price's source and date rather than guessing.`,
        );
    }
    return table;
}

export function instancePrice(table: PriceTable, instanceType: string): PriceRow {
    const found = table.instances[instanceType];
    if (!found) {
        throw new UnknownPriceError(
            `No ${table.region} price for instance type "${instanceType}" (have: ${Object.keys(table.instances).sort().join(", ")}); add it to tools/engine/estimate/prices.ts with its source and date.`,
        );
    }
    return found;
}
