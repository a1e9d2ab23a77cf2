import { at, listOf } from "../json";
import { ResourceRule } from "./types";

const INGRESS_TYPES = {
    ingressRule: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    securityGroupRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
    securityGroup: "aws:ec2/securityGroup:SecurityGroup",
} as const;

const WORLD = ["0.0.0.0/0", "::/0"];

function ports(protocol: unknown, fromPort: unknown, toPort: unknown): string {
    if (protocol === "-1" || protocol === -1 || protocol === "all") return "all protocols and ports";
    if (fromPort === undefined) return String(protocol);
    const range = fromPort === toPort || toPort === undefined ? `${fromPort}` : `${fromPort}-${toPort}`;
    return `${protocol} ${range}`;
}

function worldIngress(label: string, cidrs: unknown[], protocol: unknown, fromPort: unknown, toPort: unknown): string[] {
    return cidrs
        .filter((cidr): cidr is string => typeof cidr === "string" && WORLD.includes(cidr))
        .map((cidr) => `${label}admits ${cidr} on ${ports(protocol, fromPort, toPort)}; open it only to the CIDRs or security groups that need it`);
}

export const noWorldIngress: ResourceRule = {
    name: "no-world-ingress",
    description:
        "No security group admits 0.0.0.0/0 or ::/0. The UI is public through its Kubernetes LoadBalancer Service, which is not a security group rule.",
    enforcementLevel: "mandatory",
    resourceTypes: Object.values(INGRESS_TYPES),
    check: (type, inputs) => {
        switch (type) {
            case INGRESS_TYPES.ingressRule:
                return worldIngress("", [inputs.cidrIpv4, inputs.cidrIpv6], inputs.ipProtocol, inputs.fromPort, inputs.toPort);
            case INGRESS_TYPES.securityGroupRule:
                if (inputs.type !== "ingress") return [];
                return worldIngress("", [...listOf(inputs.cidrBlocks), ...listOf(inputs.ipv6CidrBlocks)], inputs.protocol, inputs.fromPort, inputs.toPort);
            default:
                return listOf(inputs.ingress).flatMap((rule, index) =>
                    worldIngress(
                        `ingress[${index}] `,
                        [...listOf(at(rule, "cidrBlocks")), ...listOf(at(rule, "ipv6CidrBlocks"))],
                        at(rule, "protocol"),
                        at(rule, "fromPort"),
                        at(rule, "toPort"),
                    ),
                );
        }
    },
};
