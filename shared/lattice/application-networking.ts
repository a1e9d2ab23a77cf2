import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CustomObjectArgs, customObject } from "./custom-object";

/**
 * Typed builders for the AWS Gateway API Controller's own custom resources
 * (application-networking.k8s.aws/v1alpha1, controller v2.1.3): TargetGroupPolicy and
 * IAMAuthPolicy. Field for field the subset of the pinned CRDs this project uses (compile-time); the
 * tests validate rendered objects against the controller's CRDs at v2.1.3 (test/helpers/kubernetes-schemas.ts).
 */
export const APPLICATION_NETWORKING_API_VERSION = "application-networking.k8s.aws/v1alpha1";

/** What a policy applies to: a Service (group "") for a TargetGroupPolicy, a Gateway or route for an IAMAuthPolicy. */
export interface PolicyTargetReference {
    readonly group: string;
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
}

export interface TargetGroupHealthCheck {
    readonly enabled?: boolean;
    /** 5 to 300. */
    readonly intervalSeconds?: number;
    /** 1 to 120. */
    readonly timeoutSeconds?: number;
    /** 2 to 10. */
    readonly healthyThresholdCount?: number;
    /** 2 to 10. */
    readonly unhealthyThresholdCount?: number;
    /** HTTP codes counted as healthy, such as `200` or `200-299`. */
    readonly statusMatch?: string;
    readonly path?: string;
    readonly port?: number;
    readonly protocol?: "HTTP" | "HTTPS";
    readonly protocolVersion?: "HTTP1" | "HTTP2";
}

export interface TargetGroupPolicySpec {
    readonly targetRef: PolicyTargetReference;
    readonly protocol?: "HTTP" | "HTTPS" | "TCP";
    readonly protocolVersion?: "HTTP1" | "HTTP2" | "GRPC";
    readonly healthCheck?: TargetGroupHealthCheck;
}

export interface IamAuthPolicySpec {
    readonly targetRef: PolicyTargetReference;
    /** The auth policy document, as JSON text. */
    readonly policy: pulumi.Input<string>;
}

interface Kinds {
    TargetGroupPolicy: TargetGroupPolicySpec;
    IAMAuthPolicy: IamAuthPolicySpec;
}
export type ApplicationNetworkingKind = keyof Kinds;

/** Namespaced objects: the namespace is required. */
export type ApplicationNetworkingObjectArgs<K extends ApplicationNetworkingKind> = CustomObjectArgs<K, Kinds[K]> & { readonly namespace: pulumi.Input<string> };

export function applicationNetworkingObject<K extends ApplicationNetworkingKind>(
    resourceName: string,
    args: ApplicationNetworkingObjectArgs<K>,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    return customObject(resourceName, APPLICATION_NETWORKING_API_VERSION, args, opts);
}
