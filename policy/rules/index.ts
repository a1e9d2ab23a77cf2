/**
 * The guardrails of yelb-appmesh as pure functions over plain resource properties, so the same
 * rules run in two places: in the CrossGuard policy pack (`policy/index.ts`, through
 * `policy/pack.ts`) and in the offline plan (`policy/evaluate.ts`). One rule per file; this module
 * lists them. Nothing in this folder may import `@pulumi/policy` or `@pulumi/pulumi`: tests and
 * the offline plan load it without a policy runtime.
 */
import { containersHaveResourcesAndProbes } from "./containers-have-resources-and-probes";
import { eksNodesNoPublicIp } from "./eks-nodes-no-public-ip";
import { eksNodesPrivateSubnets } from "./eks-nodes-private-subnets";
import { eksSecretsEncryptedRotatingKey } from "./eks-secrets-encrypted-rotating-key";
import { iamNamesExist } from "./iam-names-exist";
import { latticeAuthPoliciesConditioned } from "./lattice-auth-policy";
import { latticeCallsEncrypted } from "./lattice-calls-encrypted";
import { noClientErrorRetries } from "./no-client-error-retries";
import { noFullAccessManagedPolicies } from "./no-full-access-managed-policies";
import { noWildcardActions } from "./no-wildcard-actions";
import { noWorldIngress } from "./no-world-ingress";
import { ramSharesOnlyToConfiguredAccounts } from "./ram-shares-only-to-configured-accounts";
import { ResourceRule, RuleContext, StackRule } from "./types";

export { UNKNOWN } from "../json";
export { ramSharesOnlyToConfiguredAccounts } from "./ram-shares-only-to-configured-accounts";
export type { EnforcementLevel, ResourceRule, RuleContext, StackResource, StackRule } from "./types";

export const PACK_NAME = "yelb-cross-account-guardrails";

export const RESOURCE_RULES: readonly ResourceRule[] = [
    noFullAccessManagedPolicies,
    noWildcardActions,
    noWorldIngress,
    eksNodesNoPublicIp,
    ramSharesOnlyToConfiguredAccounts,
    noClientErrorRetries,
    containersHaveResourcesAndProbes,
    latticeAuthPoliciesConditioned,
    latticeCallsEncrypted,
    iamNamesExist,
];

export const STACK_RULES: readonly StackRule[] = [eksNodesPrivateSubnets, eksSecretsEncryptedRotatingKey];

/** The violation messages of every resource rule for one resource, with the rule's name. */
export function checkResource(type: string, inputs: Record<string, unknown>, context: RuleContext): { policy: string; message: string }[] {
    return RESOURCE_RULES.filter((rule) => rule.resourceTypes.includes(type)).flatMap((rule) =>
        rule.check(type, inputs, context).map((message) => ({ policy: rule.name, message })),
    );
}
