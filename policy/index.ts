import { PolicyPack } from "@pulumi/policy";
import { policies } from "./pack";
import { PACK_NAME } from "./rules";

/**
 * The policy pack, for the Pulumi CLI: `pulumi preview --policy-pack ../policy` from a project
 * folder. Constructing the pack starts its server, so nothing else imports this file: the offline
 * plan uses `evaluate.ts`, tests use `rules/`, `evaluate.ts` and `pack.ts`.
 */
new PolicyPack(PACK_NAME, {
    description: "Mandatory guardrails for yelb-appmesh: least-privilege IAM, no public ingress, private EKS nodes, encrypted secrets, RAM shares and App Mesh retries.",
    enforcementLevel: "mandatory",
    policies,
});
