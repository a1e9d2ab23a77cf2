import { expect } from "chai";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { ROOT_DIR, examplePlan, plan } from "./helpers/plan";
import type { Plan } from "../tools/sim/environment";

/**
 * The simulated cloud's IDs and ARNs must have the formats AWS's own, so a plan's values would pass
 * the AWS API models as a real deploy's would. Where an AWS API model has a pattern, it comes from
 * test/fixtures/aws-api-patterns/shapes.json (botocore's copy of the models); where none has one,
 * the format is the one the cited AWS page documents.
 */
const FIXTURE = path.join(ROOT_DIR, "test", "fixtures", "aws-api-patterns", "shapes.json");
const FIXTURE_SHA256 = "5d5eb35bcaa4b30191318f962c1ab88d3eb00526c791d3a667e05f8a178627ce";
const fixtureText = fs.readFileSync(FIXTURE, "utf8");
const SHAPES = JSON.parse(fixtureText).shapes as Record<string, Record<string, { pattern: string }>>;
/** A model shape's pattern, unanchored, for embedding. */
const shape = (service: string, name: string): string => SHAPES[service][name].pattern.replace(/^\^/, "").replace(/\$$/, "");

const HEX17 = "[0-9a-f]{17}";
const ACCOUNT = shape("vpc-lattice", "AccountId");
const REGION = "[a-z]{2}(-[a-z]+)+-\\d";
const UUID4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
const arn = (service: string, resource: string, { global = false } = {}) => `arn:aws:${service}:${global ? "" : REGION}:${ACCOUNT}:${resource}`;
const appMeshName = "[A-Za-z0-9_.-]{1,255}";

interface Format {
    readonly name: string;
    /** Which values are of this kind (checked in order; the first that matches decides). */
    readonly looksLike: RegExp; // IDs: at least 8 characters after the prefix, as every AWS ID has, so `vpc-cni` is no VPC ID
    readonly format: string;
    /** The model shape or AWS page the format is from. */
    readonly source: string;
}

const FORMATS: readonly Format[] = [
    { name: "security group ID", looksLike: /^sg-[0-9a-z]{8,}$/, format: shape("vpc-lattice", "SecurityGroupId"), source: "vpc-lattice SecurityGroupId" },
    { name: "security group rule ID", looksLike: /^sgr-[0-9a-z]{8,}$/, format: `sgr-${HEX17}`, source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroupRule.html" },
    { name: "VPC ID", looksLike: /^vpc-[0-9a-z]{8,}$/, format: shape("vpc-lattice", "VpcId"), source: "vpc-lattice VpcId" },
    { name: "subnet ID", looksLike: /^subnet-[0-9a-z]{8,}$/, format: `subnet-${HEX17}`, source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Subnet.html" },
    { name: "route table ID", looksLike: /^rtb-[0-9a-z]{8,}$/, format: `rtb-${HEX17}`, source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RouteTable.html" },
    { name: "peering connection ID", looksLike: /^pcx-[0-9a-z]{8,}$/, format: `pcx-${HEX17}`, source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcPeeringConnection.html" },
    { name: "prefix list ID", looksLike: /^pl-[0-9a-z]{8,}$/, format: "pl-([0-9a-f]{8}|[0-9a-f]{17})", source: "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ManagedPrefixList.html" },
    { name: "service network ID", looksLike: /^sn-[0-9a-z]{8,}$/, format: shape("vpc-lattice", "ServiceNetworkId"), source: "vpc-lattice ServiceNetworkId" },
    { name: "service network VPC association ID", looksLike: /^snva-[0-9a-z]{8,}$/, format: shape("vpc-lattice", "ServiceNetworkVpcAssociationId"), source: "vpc-lattice ServiceNetworkVpcAssociationId" },
    // Not in the copied shapes: the pattern of the VPC Lattice API Reference, AccessLogSubscriptionSummary.
    { name: "access log subscription ID", looksLike: /^als-[0-9a-z]{8,}$/, format: "als-[0-9a-z]{17}", source: "https://docs.aws.amazon.com/vpc-lattice/latest/APIReference/API_AccessLogSubscriptionSummary.html" },
    { name: "Lattice service ID", looksLike: /^svc-[0-9a-z]{8,}$/, format: shape("vpc-lattice", "ServiceId"), source: "vpc-lattice ServiceId" },
    { name: "Lattice target group ID", looksLike: /^tg-[0-9a-z]{8,}$/, format: shape("vpc-lattice", "TargetGroupId"), source: "vpc-lattice TargetGroupId" },
    { name: "Cloud Map namespace ID", looksLike: /^ns-[0-9a-z]{8,}$/, format: "ns-[a-z0-9]{16}", source: "https://docs.aws.amazon.com/cloud-map/latest/api/API_Namespace.html" },
    { name: "Cloud Map service ID", looksLike: /^srv-[0-9a-z]{8,}$/, format: "srv-[a-z0-9]{16}", source: "https://docs.aws.amazon.com/cloud-map/latest/api/API_Service.html" },
    { name: "Lattice service DNS name", looksLike: /^\S+\.vpc-lattice-svcs\.\S+$/, format: `[a-z0-9-]+-${HEX17}\\.[0-9a-f]{7}\\.vpc-lattice-svcs\\.${REGION}\\.on\\.aws`, source: "https://docs.aws.amazon.com/vpc-lattice/latest/ug/service-custom-domain-name.html" },
    { name: "UUID (KMS key ID, Kubernetes uid, provider ID)", looksLike: /^[0-9a-f]{8}-[0-9a-f]{4}-/, format: UUID4, source: "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-id (RFC 4122 version 4)" },
    { name: "KMS key ARN", looksLike: /^arn:aws:kms:/, format: arn("kms", `key/${UUID4}`), source: "https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN" },
    // The CloudWatch resource types of the Service Authorization Reference: an alarm's ARN has a region, a dashboard's none; a dashboard name is letters, digits, - and _ (PutDashboard).
    { name: "CloudWatch alarm ARN", looksLike: /^arn:aws:cloudwatch:[^:]+:\d+:alarm:/, format: arn("cloudwatch", "alarm:[^:]{1,255}"), source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html" },
    { name: "CloudWatch dashboard ARN", looksLike: /^arn:aws:cloudwatch::\d+:dashboard\//, format: arn("cloudwatch", "dashboard/[A-Za-z0-9_-]{1,255}", { global: true }), source: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutDashboard.html" },
    { name: "log group ARN", looksLike: /^arn:aws:logs:/, format: arn("logs", `log-group:${shape("logs", "LogGroupName")}(:\\*)?`), source: "logs LogGroupName; https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html" },
    { name: "IAM role ARN", looksLike: /^arn:aws:iam::\d+:role\//, format: arn("iam", `role(/|/[\\u0021-\\u007E]+/)${shape("iam", "roleNameType")}`, { global: true }), source: "iam pathType and roleNameType; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns" },
    { name: "IAM policy ARN", looksLike: /^arn:aws:iam::[^:]*:policy\//, format: `arn:aws:iam::(${ACCOUNT}|aws):policy(/|/[\\u0021-\\u007E]+/)[\\w+=,.@-]+`, source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns" },
    { name: "EKS OIDC provider ARN", looksLike: /^arn:aws:iam::\d+:oidc-provider\//, format: arn("iam", `oidc-provider/oidc\\.eks\\.${REGION}\\.amazonaws\\.com/id/[0-9A-F]{32}`, { global: true }), source: "https://docs.aws.amazon.com/eks/latest/userguide/enable-iam-roles-for-service-accounts.html" },
    { name: "EKS cluster ARN", looksLike: /^arn:aws:eks:/, format: arn("eks", `cluster/${shape("eks", "ClusterName")}`), source: "eks ClusterName; https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelastickubernetesservice.html" },
    { name: "STS assumed-role ARN", looksLike: /^arn:aws:sts::/, format: arn("sts", "assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+", { global: true }), source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns" },
    { name: "security group ARN", looksLike: /^arn:aws:ec2:[^:]*:[^:]*:security-group\//, format: arn("ec2", `security-group/${shape("vpc-lattice", "SecurityGroupId")}`), source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html" },
    { name: "security group rule ARN", looksLike: /^arn:aws:ec2:[^:]*:[^:]*:security-group-rule\//, format: arn("ec2", `security-group-rule/sgr-${HEX17}`), source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html" },
    { name: "prefix list ARN", looksLike: /^arn:aws:ec2:[^:]*:aws:prefix-list\//, format: `arn:aws:ec2:${REGION}:aws:prefix-list/pl-([0-9a-f]{8}|[0-9a-f]{17})`, source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html" },
    { name: "access log subscription ARN", looksLike: /^arn:aws:vpc-lattice:.*:accesslogsubscription\//, format: arn("vpc-lattice", "accesslogsubscription/als-[0-9a-z]{17}"), source: "https://docs.aws.amazon.com/vpc-lattice/latest/APIReference/API_AccessLogSubscriptionSummary.html" },
    { name: "service network ARN", looksLike: /^arn:aws:vpc-lattice:.*:servicenetwork\//, format: shape("vpc-lattice", "ServiceNetworkArn"), source: "vpc-lattice ServiceNetworkArn" },
    { name: "service network VPC association ARN", looksLike: /^arn:aws:vpc-lattice:.*:servicenetworkvpcassociation\//, format: shape("vpc-lattice", "ServiceNetworkVpcAssociationArn"), source: "vpc-lattice ServiceNetworkVpcAssociationArn" },
    { name: "service network service association ARN", looksLike: /^arn:aws:vpc-lattice:.*:servicenetworkserviceassociation\//, format: shape("vpc-lattice", "ServiceNetworkServiceAssociationArn"), source: "vpc-lattice ServiceNetworkServiceAssociationArn" },
    { name: "Lattice service ARN", looksLike: /^arn:aws:vpc-lattice:.*:service\//, format: shape("vpc-lattice", "ServiceArn"), source: "vpc-lattice ServiceArn" },
    { name: "Lattice target group ARN", looksLike: /^arn:aws:vpc-lattice:.*:targetgroup\//, format: shape("vpc-lattice", "TargetGroupArn"), source: "vpc-lattice TargetGroupArn" },
    { name: "RAM resource share ARN", looksLike: /^arn:aws:ram:.*:resource-share\//, format: arn("ram", `resource-share/${UUID4}`), source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsresourceaccessmanagerram.html" },
    { name: "RAM invitation ARN", looksLike: /^arn:aws:ram:.*:resource-share-invitation\//, format: arn("ram", `resource-share-invitation/${UUID4}`), source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsresourceaccessmanagerram.html" },
    {
        name: "App Mesh ARN",
        looksLike: /^arn:aws:appmesh:/,
        format: arn("appmesh", `mesh/${appMeshName}(/(virtualNode|virtualService|virtualRouter)/${appMeshName}(/route/${appMeshName})?)?`),
        source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsappmesh.html",
    },
    { name: "Cloud Map namespace ARN", looksLike: /^arn:aws:servicediscovery:.*:namespace\//, format: arn("servicediscovery", "namespace/ns-[a-z0-9]{16}"), source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudmap.html" },
    { name: "Cloud Map service ARN", looksLike: /^arn:aws:servicediscovery:.*:service\//, format: arn("servicediscovery", "service/srv-[a-z0-9]{16}"), source: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscloudmap.html" },
];

/** Anything else shaped like an AWS ID or ARN has no format above: the test fails on it rather than skip it. */
const UNCLASSIFIED = /^(arn:|[a-z]{1,10}-[0-9a-f]{8,}$)/;

interface Checked {
    readonly counts: Map<string, number>;
    readonly failures: string[];
}

/** Walks every recorded ID and output value; a RAM association's ID (`share ARN,member`) is checked part by part. */
function checkPlan(p: Plan, checked: Checked): void {
    const compiled = FORMATS.map((f) => ({ ...f, regex: new RegExp(`^(${f.format})$`) }));
    const visit = (value: unknown, where: string): void => {
        if (typeof value === "string") {
            for (const part of value.startsWith("arn:") && value.includes(",") ? value.split(",") : [value]) {
                const format = compiled.find((f) => f.looksLike.test(part));
                if (!format) {
                    if (UNCLASSIFIED.test(part)) checked.failures.push(`${where}: "${part}" looks like an AWS ID or ARN but has no format in the table`);
                    continue;
                }
                checked.counts.set(format.name, (checked.counts.get(format.name) ?? 0) + 1);
                if (!format.regex.test(part)) checked.failures.push(`${where}: "${part}" is not a ${format.name} (${format.source})`);
            }
        } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}[${i}]`));
        else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, `${where}.${k}`);
    };
    for (const stack of p.stacks) {
        for (const r of stack.resources) {
            if (r.id !== undefined) visit(r.id, `${stack.role} ${r.type} ${r.name} id`);
            visit(r.outputs, `${stack.role} ${r.type} ${r.name} outputs`);
        }
    }
}

describe("the simulated cloud's IDs and ARNs (AWS API model patterns)", () => {
    it("GIVEN the copied model patterns THEN the fixture is unchanged since it was copied", () => {
        expect(createHash("sha256").update(fixtureText).digest("hex")).to.equal(FIXTURE_SHA256);
    });

    it("GIVEN both example plans WHEN every recorded ID and output is walked THEN each ID or ARN has its type's AWS format", async () => {
        const checked: Checked = { counts: new Map(), failures: [] };
        checkPlan(await examplePlan(), checked);
        checkPlan(await plan({}, "example-lattice"), checked);
        expect(checked.failures).to.deep.equal([]);
        // The walk saw each kind the two plans hold (a walk that finds nothing cannot fail).
        const seen = [...checked.counts.keys()].sort();
        expect(seen).to.include.members([
            "security group ID",
            "VPC ID",
            "subnet ID",
            "route table ID",
            "peering connection ID",
            "service network ID",
            "service network VPC association ID",
            "Lattice service DNS name",
            "UUID (KMS key ID, Kubernetes uid, provider ID)",
            "KMS key ARN",
            "log group ARN",
            "IAM role ARN",
            "EKS OIDC provider ARN",
            "security group ARN",
            "service network ARN",
            "Lattice service ARN",
            "RAM resource share ARN",
            "App Mesh ARN",
            "Cloud Map namespace ID",
            "Cloud Map namespace ARN",
        ]);
    });
});
