import { isOpaque } from "../json";
import { ResourceRule } from "./types";

const RAM_PRINCIPAL_ASSOCIATION = "aws:ram/principalAssociation:PrincipalAssociation";

export const ramSharesOnlyToConfiguredAccounts: ResourceRule = {
    name: "ram-shares-only-to-configured-accounts",
    description:
        "RAM shares (the mesh) go only to allowed accounts: the pack's allowedPrincipals config; in the offline plan, the accounts of the environment's stacks.",
    enforcementLevel: "mandatory",
    resourceTypes: [RAM_PRINCIPAL_ASSOCIATION],
    check: (_type, inputs, context) => {
        const principal = inputs.principal;
        if (isOpaque(principal) || (typeof principal === "string" && context.allowedPrincipals.includes(principal))) return [];
        const allowed = context.allowedPrincipals.length > 0 ? context.allowedPrincipals.join(", ") : "none configured";
        return [`shares with ${JSON.stringify(principal ?? null)}, which is not an allowed account (${allowed}); share only with the environment's accounts`];
    },
};
