import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { applicationNetworkingObject, TargetGroupHealthCheck } from "../lattice/application-networking";
import { gatewayApiObject } from "../lattice/gateway-api";

/**
 * The annotations the AWS Gateway API Controller writes on a route once its Lattice service exists
 * (pkg/controllers/route_controller.go, LatticeServiceArn and LatticeAssignedDomainName).
 */
export const LATTICE_ROUTE_ANNOTATIONS = {
    serviceArn: "application-networking.k8s.aws/lattice-service-arn",
    dnsName: "application-networking.k8s.aws/lattice-assigned-domain-name",
} as const;

/**
 * How a VPC Lattice target's pod stops, so that rollouts do not answer 503 while old targets leave.
 *
 * The controller deregisters a pod only after Kubernetes marks its endpoint terminating
 * (pkg/gateway/model_build_targets.go skips terminating endpoints; pkg/deploy/lattice/targets_manager.go
 * then calls DeregisterTargets), and Lattice needs time to stop routing to it. Its FAQ (docs/faq.md,
 * "How do I prevent 503 errors during deployments?", v2.1.3) recommends a preStop sleep of 60 s and
 * terminationGracePeriod of at least 150 s. Lattice target groups have no deregistration delay to
 * add: neither the TargetGroupPolicy CRD (healthCheck, protocol, protocolVersion, targetRef only,
 * helm/crds at v2.1.3) nor the controller sets one, and a deregistered target is DRAINING only until
 * its in-flight requests complete (VPC Lattice User Guide, "Register targets with a VPC Lattice
 * target group"). So: 60 s asleep while still serving, then up to 90 s for the requests in flight
 * and the app's own exit, 150 s in all.
 */
export const LATTICE_TARGET_TERMINATION = { preStopSleepSeconds: 60, gracePeriodSeconds: 150 } as const;

/** `pulumi.com/waitFor` for one annotation: dots in the key are escaped, as in kubectl's JSONPath. */
function waitForAnnotation(key: string): string {
    return `jsonpath={.metadata.annotations.${key.replace(/\./g, "\\.")}}`;
}

/** The route's relative weights of the stable and the canary Service (Gateway API `backendRefs[].weight`). */
export interface CanaryWeights {
    readonly stable: number;
    readonly canary: number;
}

export interface LatticeRouteArgs {
    /** The namespace of the route, the Service and the policy. */
    readonly namespace: pulumi.Input<string>;
    /** The HTTPRoute's name; with the namespace it names the Lattice service (`<name>-<namespace>`, at most 40 characters). */
    readonly routeName: string;
    /** The Gateway (named after the service network) the route attaches to. */
    readonly gateway: { readonly name: string; readonly namespace: string; readonly listenerName: string };
    /** The Kubernetes Service whose pods become the targets, and its port. */
    readonly service: { readonly name: string; readonly port: number };
    /**
     * A second Service beside `service` (a canary of the same app), and the weights the route splits
     * calls by. The controller makes one Lattice target group per backendRef Service and gives the
     * rule's weighted target groups these weights (pkg/gateway/model_build_rule.go
     * getTargetGroupsForRuleAction, pkg/deploy/lattice/rule_manager.go, v2.1.3); a TargetGroupPolicy
     * applies to the one Service its targetRef names, so the canary gets its own, with the same
     * health check (without it Lattice would health-check `/`, which yelb-appserver does not answer).
     * @default none: one backendRef without a weight, every call to `service`
     */
    readonly canary?: { readonly service: { readonly name: string; readonly port: number }; readonly weights: CanaryWeights };
    /** The path Lattice health-checks on each pod; it must answer 200. */
    readonly healthCheckPath: string;
    /**
     * Health check timing.
     * @default every 10 s, 5 s timeout, 2 healthy / 2 unhealthy
     */
    readonly healthCheck?: Omit<TargetGroupHealthCheck, "path" | "enabled" | "statusMatch" | "protocol" | "protocolVersion">;
    /**
     * The service's own auth policy (JSON): an IAMAuthPolicy on the route, with which the controller
     * sets the service's auth type to AWS_IAM and attaches the policy (its CRD's description, helm/crds at v2.1.3).
     * @default none: only the service network's policy applies
     */
    readonly authPolicy?: pulumi.Input<string>;
}

/**
 * One service exposed through Lattice (apps backend stack): an HTTPRoute to the Service, and a
 * TargetGroupPolicy that health-checks a path the app answers. Pulumi waits until the controller
 * has written the service's ARN and DNS name on the route, and reads both from there.
 */
export class LatticeRoute extends pulumi.ComponentResource {
    readonly serviceArn: pulumi.Output<string>;
    readonly serviceDnsName: pulumi.Output<string>;
    readonly route: k8s.apiextensions.CustomResource;

    constructor(name: string, args: LatticeRouteArgs, opts?: pulumi.ComponentResourceOptions) {
        super("yelb:apps:LatticeRoute", name, {}, opts);

        // Before the route, so each target group is created with the right health check.
        const policyFor = (resourceName: string, service: string) =>
            applicationNetworkingObject(
                resourceName,
                {
                    kind: "TargetGroupPolicy",
                    name: service,
                    namespace: args.namespace,
                    spec: {
                        targetRef: { group: "", kind: "Service", name: service },
                        protocol: "HTTP",
                        protocolVersion: "HTTP1",
                        healthCheck: {
                            enabled: true,
                            path: args.healthCheckPath,
                            statusMatch: "200",
                            protocol: "HTTP",
                            protocolVersion: "HTTP1",
                            intervalSeconds: 10,
                            timeoutSeconds: 5,
                            healthyThresholdCount: 2,
                            unhealthyThresholdCount: 2,
                            ...args.healthCheck,
                        },
                    },
                },
                { parent: this },
            );
        const policies = [policyFor(`${name}-target-group-policy`, args.service.name)];
        const backendRef = (service: { readonly name: string; readonly port: number }) => ({ name: service.name, kind: "Service", port: service.port });
        const canary = args.canary;
        if (canary) policies.push(policyFor(`${name}-canary-target-group-policy`, canary.service.name));
        // Without a canary the one backendRef has no weight, exactly as before one was set: removing
        // the canary returns every call to the stable Service.
        const backendRefs = canary
            ? [
                  { ...backendRef(args.service), weight: canary.weights.stable },
                  { ...backendRef(canary.service), weight: canary.weights.canary },
              ]
            : [backendRef(args.service)];

        this.route = gatewayApiObject(
            `${name}-route`,
            {
                kind: "HTTPRoute",
                name: args.routeName,
                namespace: args.namespace,
                annotations: {
                    "pulumi.com/waitFor": JSON.stringify([waitForAnnotation(LATTICE_ROUTE_ANNOTATIONS.serviceArn), waitForAnnotation(LATTICE_ROUTE_ANNOTATIONS.dnsName)]),
                },
                spec: {
                    parentRefs: [{ name: args.gateway.name, namespace: args.gateway.namespace, sectionName: args.gateway.listenerName }],
                    rules: [{ backendRefs }],
                },
            },
            { parent: this, dependsOn: policies },
        );

        if (args.authPolicy !== undefined) {
            applicationNetworkingObject(
                `${name}-auth-policy`,
                {
                    kind: "IAMAuthPolicy",
                    name: args.routeName,
                    namespace: args.namespace,
                    spec: { targetRef: { group: "gateway.networking.k8s.io", kind: "HTTPRoute", name: args.routeName }, policy: args.authPolicy },
                },
                { parent: this, dependsOn: [this.route] },
            );
        }

        const annotations = this.route.metadata.apply((m) => m?.annotations ?? {});
        this.serviceArn = annotations.apply((a) => a[LATTICE_ROUTE_ANNOTATIONS.serviceArn]);
        this.serviceDnsName = annotations.apply((a) => a[LATTICE_ROUTE_ANNOTATIONS.dnsName]);
        this.registerOutputs({ serviceArn: this.serviceArn, serviceDnsName: this.serviceDnsName });
    }
}
