import { InvalidValue } from "./errors";

/**
 * The Kubernetes minor versions Amazon EKS offers, by support status on the date below. A version is
 * in standard support for 14 months after its EKS release, then in extended support for 12 more,
 * billed at $0.60 instead of $0.10 per cluster-hour; then it is gone.
 *
 * Sources, reviewed on EKS_CALENDAR_REVIEWED: the release calendar in
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (14 + 12 months),
 * the dates as listed by https://endoflife.date/amazon-eks (1.32 standard ended 2026-03-23,
 * extended ends 2027-03-23; 1.33 standard ended 2026-07-29, extended ends 2027-07-29; 1.34
 * standard ends 2026-12-02; 1.35 standard ends 2027-03-27; 1.31's extended support ended
 * 2026-11-26), and the prices in https://aws.amazon.com/blogs/containers/amazon-eks-extended-support-for-kubernetes-versions-pricing/.
 *
 * The status is fixed at the review date rather than computed from today's date, so that a plan
 * does not change on its own; review the table (and this date) when EKS releases a version.
 */
export const EKS_CALENDAR_REVIEWED = "2026-11-29";
const STANDARD_SUPPORT = ["1.34", "1.35", "1.36"] as const;
const EXTENDED_SUPPORT = ["1.32", "1.33"] as const;

/** Extended support's price per cluster-hour against standard support's, in USD. */
export const EKS_HOURLY_PRICE = { standard: 0.1, extended: 0.6 } as const;

/** A version EKS offers; one in extended support only when its extra cost was accepted. */
export function kubernetesVersionFor(acceptExtendedSupportCost: boolean): (value: string) => string {
    return (value) => {
        if ((STANDARD_SUPPORT as readonly string[]).includes(value)) return value;
        if ((EXTENDED_SUPPORT as readonly string[]).includes(value)) {
            if (acceptExtendedSupportCost) return value;
            throw new InvalidValue(
                `"${value}" is in EKS extended support (as of ${EKS_CALENDAR_REVIEWED}), billed $${EKS_HOURLY_PRICE.extended.toFixed(2)} ` +
                    `instead of $${EKS_HOURLY_PRICE.standard.toFixed(2)} per cluster-hour`,
                `use one of ${STANDARD_SUPPORT.join(", ")}, or set acceptExtendedSupportCost: true to pay for it`,
            );
        }
        throw new InvalidValue(
            `"${value}" is not offered by EKS (as of ${EKS_CALENDAR_REVIEWED})`,
            `use one of ${STANDARD_SUPPORT.join(", ")} (standard support)`,
        );
    };
}
