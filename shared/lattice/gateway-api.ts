import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CustomObjectArgs, customObject } from "./custom-object";
import * as path from "path";
import { verifiedFiles } from "../pinned-files";

/**
 * Typed builders for the Gateway API objects the Lattice transport declares (GatewayClass, Gateway,
 * HTTPRoute; gateway.networking.k8s.io/v1, Gateway API v1.5.0 standard channel). The types are the
 * subset of the CRD schemas this project uses, field for field, so a misspelt field fails to compile;
 * the tests validate every rendered object against the shipped CRDs themselves
 * (test/helpers/kubernetes-schemas.ts).
 */
export const GATEWAY_API_VERSION = "gateway.networking.k8s.io/v1";

/** The release whose standard-channel CRDs the AWS Gateway API Controller v2.1.3 is built against. */
export const GATEWAY_API_RELEASE = "v1.5.0";

/**
 * The release's standard-channel CRDs, shipped with the program rather than fetched at deploy time:
 * config/crd/standard/ of github.com/kubernetes-sigs/gateway-api at tag v1.5.0, the files (and
 * order) of its config/crd/kustomization.yaml, which is what the release's standard-install.yaml
 * bundles. SOURCE.json there records the commit and each file's sha256. It includes TLSRoute v1,
 * which controller 2.1.x watches from start-up, and the `safe-upgrades` ValidatingAdmissionPolicy
 * with its binding: standard-install.yaml applies it, and it refuses what would break the pin later
 * (experimental CRDs over these, or Gateway API CRDs older than v1.5.0; CHANGELOG/1.5-CHANGELOG.md).
 */
export const GATEWAY_API_CRDS_DIR = path.join(__dirname, "crds", `gateway-api-${GATEWAY_API_RELEASE}-standard`);

/** The CRD files to apply, each verified against its pinned sha256 first (refused by name if it differs). */
export function gatewayApiCrdFiles(dir: string = GATEWAY_API_CRDS_DIR): string[] {
    return verifiedFiles(dir);
}

export interface GatewayClassSpec {
    /** The controller that owns Gateways of this class. */
    readonly controllerName: string;
    readonly description?: string;
}

export interface RouteNamespaces {
    readonly from: "All" | "Selector" | "Same";
    readonly selector?: {
        readonly matchLabels?: Readonly<Record<string, string>>;
        readonly matchExpressions?: readonly { readonly key: string; readonly operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; readonly values?: readonly string[] }[];
    };
}

export interface Listener {
    readonly name: string;
    readonly port: number;
    readonly protocol: "HTTP" | "HTTPS" | "TLS" | "TCP" | "UDP";
    readonly hostname?: string;
    readonly allowedRoutes?: {
        readonly namespaces?: RouteNamespaces;
        readonly kinds?: readonly { readonly group?: string; readonly kind: string }[];
    };
}

export interface GatewaySpec {
    readonly gatewayClassName: string;
    readonly listeners: readonly Listener[];
}

export interface ParentReference {
    readonly group?: string;
    readonly kind?: string;
    readonly name: string;
    readonly namespace?: string;
    readonly sectionName?: string;
    readonly port?: number;
}

export interface BackendReference {
    readonly group?: string;
    readonly kind?: string;
    readonly name: string;
    readonly namespace?: string;
    readonly port?: number;
    readonly weight?: number;
}

export interface HttpRouteMatch {
    readonly path?: { readonly type: "Exact" | "PathPrefix" | "RegularExpression"; readonly value: string };
    readonly method?: "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "CONNECT" | "OPTIONS" | "TRACE" | "PATCH";
}

export interface HttpRouteRule {
    readonly name?: string;
    readonly matches?: readonly HttpRouteMatch[];
    readonly backendRefs?: readonly BackendReference[];
}

export interface HttpRouteSpec {
    readonly parentRefs?: readonly ParentReference[];
    readonly hostnames?: readonly string[];
    readonly rules?: readonly HttpRouteRule[];
}

interface Kinds {
    GatewayClass: GatewayClassSpec;
    Gateway: GatewaySpec;
    HTTPRoute: HttpRouteSpec;
}
export type GatewayApiKind = keyof Kinds;

/** Kinds that live outside namespaces. */
export const CLUSTER_SCOPED_GATEWAY_API_KINDS: readonly GatewayApiKind[] = ["GatewayClass"];

export type GatewayApiObjectArgs<K extends GatewayApiKind> = CustomObjectArgs<K, Kinds[K]>;

/** Declares a Gateway API object; `metadata` (with what controllers write back) is readable from it. */
export function gatewayApiObject<K extends GatewayApiKind>(
    resourceName: string,
    args: GatewayApiObjectArgs<K>,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    return customObject(resourceName, GATEWAY_API_VERSION, args, opts);
}
