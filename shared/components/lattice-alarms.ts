import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * VPC Lattice's CloudWatch metrics (VPC Lattice User Guide, "CloudWatch metrics for Amazon VPC
 * Lattice", https://docs.aws.amazon.com/vpc-lattice/latest/ug/monitoring-cloudwatch.html): namespace
 * AWS/VpcLattice; the service metrics TotalRequestCount, HTTPCode_5XX_Count and RequestTime
 * (milliseconds) by the `Service` dimension (the service's ID; a zonal series adds AvailabilityZone),
 * the target group metric UnhealthyTargetCount by `TargetGroup` (the target group's ID).
 * Checked again for issue 19 (2026-12-03): that page is not in the search index available here, so
 * the names were compared with two independent uses that cite it (a VPC Lattice guide's metrics
 * table, and a CDK dashboard on AWS/VpcLattice UnhealthyTargetCount by TargetGroup); all agree, and
 * nothing was renamed. Confirm with `aws cloudwatch list-metrics --namespace AWS/VpcLattice` once
 * traffic flows (metrics appear only then).
 */
export const LATTICE_METRICS = {
    namespace: "AWS/VpcLattice",
    requests: "TotalRequestCount",
    serverErrors: "HTTPCode_5XX_Count",
    requestTime: "RequestTime",
    unhealthyTargets: "UnhealthyTargetCount",
} as const;

/** The thresholds: an alarm fires on 3 bad minutes out of 5, so one failed rollout step or blip does not page. */
export const LATTICE_ALARM_POLICY = { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3, serverErrorPercent: 5 } as const;

/** The service's ID, the last segment of its ARN (`arn:aws:vpc-lattice:<region>:<account>:service/svc-...`). */
export function latticeServiceId(serviceArn: string): string {
    const match = /:service\/(svc-[0-9a-z]+)$/.exec(serviceArn);
    if (!match) throw new Error(`"${serviceArn}" is not a VPC Lattice service ARN`);
    return match[1];
}

/** The CloudWatch console's page of a dashboard. */
export function dashboardUrl(region: string, name: string): string {
    return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${name}`;
}

/**
 * The target groups' unhealthy targets as one Metrics Insights series: the highest count of any
 * Lattice target group in the account and region. The controller creates the target groups (one
 * per backendRef Service) and writes none of their IDs on the route, so there is no ID to select by;
 * in the backend account they are this stack's (the stable appserver's and, with a canary, its).
 * Alarms on Metrics Insights queries: CloudWatch User Guide, "Create an alarm on a Metrics Insights query".
 */
export const UNHEALTHY_TARGETS_QUERY = `SELECT MAX(${LATTICE_METRICS.unhealthyTargets}) FROM SCHEMA("${LATTICE_METRICS.namespace}", TargetGroup)`;

export interface LatticeAlarmsArgs {
    /** The Lattice service's ARN, as the controller wrote it on the route. */
    readonly serviceArn: pulumi.Input<string>;
    /** Names the alarms and the dashboard (unique in the account and region), e.g. after the route and its namespace. */
    readonly name: string;
    /** The region of the service, for the dashboard's widgets and URL. */
    readonly region: string;
    /**
     * An SNS topic of the same region the alarms notify when they go into alarm and back to OK.
     * @default none: the alarms change state and notify no one
     */
    readonly notificationTopicArn?: string;
}

/**
 * Alarms and a dashboard for one Lattice service (apps backend stack, the service's account): its
 * 5xx rate, its target groups' unhealthy targets, and its requests, errors and latency. With a
 * topic the alarms notify it (alarmActions and okActions); without one they have no actions.
 */
export class LatticeAlarms extends pulumi.ComponentResource {
    readonly alarmNames: pulumi.Output<string>[];
    readonly dashboardName: pulumi.Output<string>;
    readonly dashboardUrl: pulumi.Output<string>;

    constructor(name: string, args: LatticeAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:apps:LatticeAlarms", name, {}, opts);
        const serviceId = pulumi.output(args.serviceArn).apply(latticeServiceId);
        const P = LATTICE_ALARM_POLICY;
        const actions = args.notificationTopicArn ? { alarmActions: [args.notificationTopicArn], okActions: [args.notificationTopicArn] } : {};
        const serviceMetric = (id: string, metricName: string) => ({
            id,
            metric: { namespace: LATTICE_METRICS.namespace, metricName, dimensions: { Service: serviceId }, period: P.periodSeconds, stat: "Sum" },
        });

        const errors = new aws.cloudwatch.MetricAlarm(
            `${name}-5xx`,
            {
                name: `${args.name}-5xx`,
                alarmDescription: `More than ${P.serverErrorPercent}% of the calls to Lattice service ${args.name} answered 5xx, in ${P.datapointsToAlarm} of ${P.evaluationPeriods} minutes`,
                comparisonOperator: "GreaterThanThreshold",
                threshold: P.serverErrorPercent,
                evaluationPeriods: P.evaluationPeriods,
                datapointsToAlarm: P.datapointsToAlarm,
                // A minute without calls is not an error.
                treatMissingData: "notBreaching",
                ...actions,
                metricQueries: [
                    serviceMetric("errors", LATTICE_METRICS.serverErrors),
                    serviceMetric("requests", LATTICE_METRICS.requests),
                    { id: "rate", label: "5xx %", returnData: true, expression: "IF(FILL(requests, 0) > 0, 100 * FILL(errors, 0) / FILL(requests, 1), 0)" },
                ],
            },
            { parent: this },
        );
        const unhealthy = new aws.cloudwatch.MetricAlarm(
            `${name}-unhealthy-targets`,
            {
                name: `${args.name}-unhealthy-targets`,
                alarmDescription: `A Lattice target group in this account had unhealthy targets in ${P.datapointsToAlarm} of ${P.evaluationPeriods} minutes (${args.name}'s pods fail the health check)`,
                comparisonOperator: "GreaterThanThreshold",
                threshold: 0,
                evaluationPeriods: P.evaluationPeriods,
                datapointsToAlarm: P.datapointsToAlarm,
                treatMissingData: "notBreaching",
                ...actions,
                metricQueries: [{ id: "unhealthy", label: "unhealthy targets", returnData: true, expression: UNHEALTHY_TARGETS_QUERY, period: P.periodSeconds }],
            },
            { parent: this },
        );
        this.alarmNames = [errors.name, unhealthy.name];

        const dashboard = new aws.cloudwatch.Dashboard(
            `${name}-dashboard`,
            {
                dashboardName: args.name,
                dashboardBody: serviceId.apply((id) =>
                    JSON.stringify({
                        widgets: [
                            metricWidget(0, `${args.name}: calls and 5xx`, args.region, [
                                [LATTICE_METRICS.namespace, LATTICE_METRICS.requests, "Service", id, { stat: "Sum" }],
                                [LATTICE_METRICS.namespace, LATTICE_METRICS.serverErrors, "Service", id, { stat: "Sum" }],
                            ]),
                            metricWidget(12, `${args.name}: request time (ms, p99)`, args.region, [[LATTICE_METRICS.namespace, LATTICE_METRICS.requestTime, "Service", id, { stat: "p99" }]]),
                            metricWidget(24, "Lattice target groups: unhealthy targets", args.region, [[{ expression: `${UNHEALTHY_TARGETS_QUERY} GROUP BY TargetGroup`, id: "unhealthy" }]]),
                        ],
                    }),
                ),
            },
            { parent: this },
        );
        this.dashboardName = dashboard.dashboardName;
        this.dashboardUrl = dashboard.dashboardName.apply((n) => dashboardUrl(args.region, n));
        this.registerOutputs({ alarmNames: this.alarmNames, dashboardName: this.dashboardName, dashboardUrl: this.dashboardUrl });
    }
}

function metricWidget(x: number, title: string, region: string, metrics: unknown[]) {
    return { type: "metric", x: x % 24, y: Math.floor(x / 24) * 6, width: 12, height: 6, properties: { title, region, view: "timeSeries", period: LATTICE_ALARM_POLICY.periodSeconds, metrics } };
}
