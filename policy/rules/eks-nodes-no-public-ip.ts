import { isOpaque } from "../json";
import { EKS_TYPES } from "./eks-types";
import { ResourceRule } from "./types";

export const eksNodesNoPublicIp: ResourceRule = {
    name: "eks-nodes-no-public-ip",
    description: "An EKS cluster sets nodeAssociatePublicIpAddress: false, so no worker node gets a public IP address.",
    enforcementLevel: "mandatory",
    resourceTypes: [EKS_TYPES.cluster],
    check: (_type, inputs) => {
        const value = inputs.nodeAssociatePublicIpAddress;
        if (value === false || isOpaque(value)) return [];
        const is = value === undefined ? "is not set" : `is ${JSON.stringify(value)}`;
        return [`nodeAssociatePublicIpAddress ${is}; set it to false so that worker nodes get no public IP address`];
    },
};
