/**
 * Small pure validators. Each returns the parsed value or throws `InvalidValue` with what is wrong
 * and how to fix it; the config reader adds the key.
 */
import type { NodeScaling } from "../components/cluster";
import { Region } from "@pulumi/aws/types/enums";
import { InvalidValue } from "./errors";

export interface Cidr {
    /** The CIDR as written, normalised (`10.192.0.0/16`). */
    readonly text: string;
    /** First address as an unsigned 32-bit number. */
    readonly first: number;
    readonly prefixLength: number;
}

function cidrSize(prefixLength: number): number {
    return 2 ** (32 - prefixLength);
}

export function parseCidr(text: string): Cidr {
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
    const example = "write an IPv4 CIDR such as 10.192.0.0/16";
    if (!match) throw new InvalidValue(`"${text}" is not an IPv4 CIDR block`, example);
    const octets = match.slice(1, 5).map(Number);
    const prefixLength = Number(match[5]);
    if (octets.some((o) => o > 255) || prefixLength > 32) {
        throw new InvalidValue(`"${text}" is not an IPv4 CIDR block`, example);
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const first = address - (address % cidrSize(prefixLength));
    if (first !== address) {
        throw new InvalidValue(
            `"${text}" has host bits set`,
            `use the network address ${formatAddress(first)}/${prefixLength}`,
        );
    }
    return { text: `${formatAddress(first)}/${prefixLength}`, first, prefixLength };
}

function formatAddress(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
    const aLast = a.first + cidrSize(a.prefixLength) - 1;
    const bLast = b.first + cidrSize(b.prefixLength) - 1;
    return a.first <= bLast && b.first <= aLast;
}

/** VPCs accept /16 to /28 (an AWS limit). */
export function vpcCidr(text: string): Cidr {
    const cidr = parseCidr(text);
    if (cidr.prefixLength < 16 || cidr.prefixLength > 28) {
        throw new InvalidValue(
            `a VPC CIDR must be between /16 and /28, got /${cidr.prefixLength}`,
            "choose a prefix length from 16 to 28",
        );
    }
    return cidr;
}

export interface SubnetLayout {
    readonly availabilityZones: number;
    readonly privatePrefixLength: number;
    readonly publicPrefixLength: number;
}

/**
 * Checks that one private and one public subnet per availability zone fit in the VPC the way awsx
 * lays them out: the VPC is split into equal, power-of-two blocks, one per zone, and each zone's
 * subnets are placed in its block. Subnets are aligned, so placing the larger first, their sizes
 * summing to at most the block is enough.
 */
export function checkSubnetsFit(vpc: Cidr, layout: SubnetLayout): void {
    for (const prefix of [layout.privatePrefixLength, layout.publicPrefixLength]) {
        if (prefix <= vpc.prefixLength) {
            throw new InvalidValue(
                `a /${prefix} subnet does not fit inside the VPC ${vpc.text}`,
                `use subnet prefix lengths longer than /${vpc.prefixLength}`,
            );
        }
    }
    const zonePrefixLength = vpc.prefixLength + Math.ceil(Math.log2(layout.availabilityZones));
    const needed = cidrSize(layout.privatePrefixLength) + cidrSize(layout.publicPrefixLength);
    const available = zonePrefixLength > 32 ? 0 : cidrSize(zonePrefixLength);
    if (needed > available) {
        throw new InvalidValue(
            `${vpc.text} split over ${layout.availabilityZones} availability zones leaves /${zonePrefixLength} ` +
                `(${available} addresses) per zone, too small for a private /${layout.privatePrefixLength} ` +
                `and a public /${layout.publicPrefixLength} subnet (${needed} addresses)`,
            "use a larger VPC CIDR, fewer availability zones or longer subnet prefix lengths",
        );
    }
}

export function accountId(value: string): string {
    if (!/^\d{12}$/.test(value)) {
        throw new InvalidValue(
            `"${value}" is not an AWS account ID`,
            "write the 12-digit account ID, quoted in YAML so leading zeros are kept",
        );
    }
    return value;
}

/** The regions the AWS SDK knows (`aws.Region`), rather than anything shaped like one. */
const AWS_REGIONS: readonly string[] = Object.values(Region);

export function awsRegion(value: string): string {
    if (!AWS_REGIONS.includes(value)) {
        throw new InvalidValue(`"${value}" is not an AWS region`, "write a region such as us-west-2 (see aws ec2 describe-regions)");
    }
    return value;
}

/** Refuses a list that names one thing twice (a copy-paste slip that hides a missing entry). */
export function distinct<T>(values: readonly T[]): readonly T[] {
    const seen = new Set<string>();
    for (const value of values) {
        const text = String(value);
        if (seen.has(text)) throw new InvalidValue(`lists ${JSON.stringify(value)} twice`, "list each value once");
        seen.add(text);
    }
    return values;
}

export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
    return (value) => {
        if (!(allowed as readonly string[]).includes(value)) {
            throw new InvalidValue(`"${value}" is not one of ${allowed.join(", ")}`, `use one of ${allowed.join(", ")}`);
        }
        return value as T;
    };
}

export function integerBetween(min: number, max: number): (value: number) => number {
    return (value) => {
        if (!Number.isInteger(value) || value < min || value > max) {
            throw new InvalidValue(`${value} is not a whole number from ${min} to ${max}`, `use a value from ${min} to ${max}`);
        }
        return value;
    };
}

/** The fix names the settings that are out of order, so it never suggests a change that cannot help. */
export function checkScaling(s: NodeScaling): void {
    if (s.minSize <= s.desiredSize && s.desiredSize <= s.maxSize) return;
    const fix =
        s.minSize > s.maxSize
            ? "lower nodeMinSize or raise nodeMaxSize"
            : s.desiredSize > s.maxSize
              ? "lower nodeDesiredSize or raise nodeMaxSize"
              : "raise nodeDesiredSize or lower nodeMinSize";
    throw new InvalidValue(
        `node counts must satisfy min <= desired <= max, got min ${s.minSize}, desired ${s.desiredSize}, max ${s.maxSize}`,
        `${fix} so that nodeMinSize <= nodeDesiredSize <= nodeMaxSize`,
    );
}

/** EC2 instance types look like `t3.large`, `m7g.xlarge`, `c6in.24xlarge`. */
export function instanceType(value: string): string {
    if (!/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(value)) {
        throw new InvalidValue(`"${value}" is not an EC2 instance type`, "write a type such as t3.large");
    }
    return value;
}

/**
 * A name that is both a Kubernetes object name (DNS-1123 label) and a valid App Mesh name
 * (1 to 255 characters): lowercase letters, digits and '-', at most 63, starting and ending
 * with a letter or digit.
 */
export function meshName(value: string): string {
    if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(value)) {
        throw new InvalidValue(
            `"${value}" cannot name a mesh`,
            "use 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
        );
    }
    return value;
}

/** A DNS name such as `am-multi-account.local`: labels of letters, digits and '-'. */
export function dnsName(value: string): string {
    const label = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    if (value.length > 253 || !new RegExp(`^${label}(\\.${label})+$`).test(value)) {
        throw new InvalidValue(`"${value}" is not a DNS name`, "write a lowercase dotted name such as am-multi-account.local");
    }
    return value;
}

/**
 * The Docker reference grammar (github.com/distribution/reference, regexp.go and reference.go):
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [ domain "/" ] path-component [ "/" path-component ]*
 *   domain    := (domain-name | "[" IPv6 "]") [ ":" port ]
 *   path-component := [a-z0-9]+ ( ( [._] | "__" | "-"+ ) [a-z0-9]+ )*
 *   tag       := [\w][\w.-]{0,127}
 *   digest    := algorithm ":" hex, algorithm := [A-Za-z][A-Za-z0-9]* ( [+._-] [A-Za-z][A-Za-z0-9]* )*, hex := [0-9a-fA-F]{32,}
 * with the name at most 255 characters, and registered digest algorithms checked for their length.
 */
const DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = "[\\w][\\w.-]{0,127}";
const DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const NAME_MAX_LENGTH = 255;
/** Hex lengths of the digest algorithms go-digest registers. */
const DIGEST_HEX_LENGTHS: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** The parts of a reference as the grammar splits it: `@` starts the digest, the last `:` after the last `/` the tag. */
function referenceParts(value: string): { name: string; tag?: string; digest?: string } {
    const at = value.indexOf("@");
    const digest = at < 0 ? undefined : value.slice(at + 1);
    const rest = at < 0 ? value : value.slice(0, at);
    const colon = rest.lastIndexOf(":");
    const hasTag = colon > rest.lastIndexOf("/");
    return { name: hasTag ? rest.slice(0, colon) : rest, tag: hasTag ? rest.slice(colon + 1) : undefined, digest };
}

/** Why a reference the grammar refuses is refused, part by part; undefined if no part can be blamed. */
function referenceFault(value: string): string | undefined {
    if (value === "") return "it is empty";
    if (/\s/.test(value)) return "it contains whitespace";
    const { name, tag, digest } = referenceParts(value);
    if (digest !== undefined && !new RegExp(`^${DIGEST}$`).test(digest)) return `the digest "${digest}" is not algorithm:hex (e.g. sha256: and 64 hex digits)`;
    if (tag !== undefined && !new RegExp(`^${TAG}$`).test(tag)) {
        return `the tag "${tag}" is not 1 to 128 letters, digits, '_', '.' or '-' starting with a letter, digit or '_'`;
    }
    const components = name.split("/");
    if (components.some((c) => c === "")) return "it has an empty path component (a leading, trailing or double '/')";
    // A first component without '.', ':' or "localhost" is a path component, not a registry host
    // (normalize.go splitDockerDomain), so it must be lowercase too: Docker would take `Mreferre/...` for a host.
    const domain = components.length > 1 && new RegExp(`^${DOMAIN}$`).test(components[0]) && /[.:]|^localhost$/.test(components[0]) ? components[0] : undefined;
    for (const component of domain ? components.slice(1) : components) {
        if (/[A-Z]/.test(component)) return `the repository must be lowercase ("${component}")`;
        if (!new RegExp(`^${PATH_COMPONENT}$`).test(component)) {
            return `"${component}" is not a path component (lowercase letters and digits, separated by one '.', one or two '_', or '-'s)`;
        }
    }
    return undefined;
}

export function imageReference(value: string): string {
    const refuse = (why: string) =>
        new InvalidValue(`"${value}" is not a container image reference: ${why}`, "write [registry/]repository[:tag][@digest] such as mreferre/yelb-ui:0.6");
    const match = REFERENCE.exec(value);
    const fault = referenceFault(value);
    if (!match || fault) throw refuse(fault ?? "it does not follow the reference grammar");
    const [, name, , digest] = match;
    if (name.length > NAME_MAX_LENGTH) throw refuse(`the name is longer than ${NAME_MAX_LENGTH} characters`);
    if (digest !== undefined) {
        const [algorithm, hex] = digest.split(":");
        const expected = DIGEST_HEX_LENGTHS[algorithm];
        if (expected === undefined) throw refuse(`${algorithm} is not a digest algorithm (use sha256)`);
        if (hex.length !== expected || /[A-F]/.test(hex)) throw refuse(`a ${algorithm} digest is ${expected} lowercase hex digits`);
    }
    return value;
}

/** Namespaces Kubernetes, EKS add-ons and this program's controllers own; workloads stay out of them. */
const SYSTEM_NAMESPACES = ["default", "appmesh-system", "aws-application-networking-system"];
const SYSTEM_NAMESPACE_PREFIXES = ["kube-", "amazon-", "aws-"];

/** A namespace for workloads: an RFC 1123 label (at most 63) that no system component owns. */
export function workloadNamespace(value: string): string {
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 63) {
        throw new InvalidValue(
            `"${value}" is not a Kubernetes namespace name`,
            "use 1 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit",
        );
    }
    if (SYSTEM_NAMESPACES.includes(value) || SYSTEM_NAMESPACE_PREFIXES.some((p) => value.startsWith(p))) {
        throw new InvalidValue(
            `"${value}" is a system namespace`,
            `choose a namespace of your own, e.g. yelb; ${SYSTEM_NAMESPACES.join(", ")} and names starting ${SYSTEM_NAMESPACE_PREFIXES.join(", ")} are refused`,
        );
    }
    return value;
}

export function iamRoleArn(value: string): string {
    if (!/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]+$/.test(value)) {
        throw new InvalidValue(`"${value}" is not an IAM role ARN`, "write arn:aws:iam::<12-digit account>:role/<name>");
    }
    return value;
}

/** An AWS region's partition (AWS General Reference, "ARNs": aws, aws-cn for China, aws-us-gov for GovCloud). */
export function partitionOf(region: string): string {
    return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/**
 * An SNS topic ARN, `arn:<partition>:sns:<region>:<account>:<name>` (a name of 1 to 256 letters,
 * digits, hyphens and underscores; SNS API Reference, CreateTopic). Its region and partition are
 * checked against the stack's by snsTopicInRegion, once the region is known.
 */
export function snsTopicArn(value: string): string {
    if (!/^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/.test(value)) {
        throw new InvalidValue(`"${value}" is not an SNS topic ARN`, "write arn:aws:sns:<region>:<12-digit account>:<topic name>");
    }
    return value;
}

/** A CloudWatch alarm notifies an SNS topic of its own region (CloudWatch User Guide, "Using Amazon CloudWatch alarms", alarm actions). */
export function snsTopicInRegion(arn: string, region: string): string {
    const [, partition, , topicRegion] = arn.split(":");
    if (partition !== partitionOf(region) || topicRegion !== region) {
        throw new InvalidValue(`"${arn}" is in ${partition} ${topicRegion}, but the alarms are in ${partitionOf(region)} ${region}`, `name a topic of ${region} (arn:${partitionOf(region)}:sns:${region}:...), or create one there`);
    }
    return arn;
}

/** An AWS CLI profile name as written in ~/.aws/config: no spaces or brackets. */
export function awsProfileName(value: string): string {
    if (!/^[A-Za-z0-9_.@+=,-]+$/.test(value)) {
        throw new InvalidValue(`"${value}" is not an AWS CLI profile name`, "write the name of a profile in ~/.aws/config, e.g. frontend");
    }
    return value;
}

export function iamUserArn(value: string): string {
    if (!/^arn:aws[a-z-]*:iam::\d{12}:user\/[\w+=,.@\/-]+$/.test(value)) {
        throw new InvalidValue(`"${value}" is not an IAM user ARN`, "write arn:aws:iam::<12-digit account>:user/<name>");
    }
    return value;
}

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days; 0 (never expire) is not offered. */
const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];
export function logRetentionDays(value: number): number {
    if (!LOG_RETENTION_DAYS.includes(value)) {
        throw new InvalidValue(`${value} is not a CloudWatch Logs retention period`, `use one of ${LOG_RETENTION_DAYS.join(", ")}`);
    }
    return value;
}

export function port(value: number): number {
    return integerBetween(1, 65535)(value);
}
