import { at, isOpaque, isRecord, listOf } from "../json";
import { ResourceRule } from "./types";

const VIRTUAL_ROUTER = "kubernetes:appmesh.k8s.aws/v1beta2:VirtualRouter";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const ROUTE_KINDS = ["httpRoute", "http2Route", "grpcRoute"] as const;

function virtualRouterProblems(inputs: Record<string, unknown>): string[] {
    return listOf(at(inputs, "spec", "routes")).flatMap((route, index) => {
        const name = at(route, "name");
        const label = typeof name === "string" ? `"${name}"` : String(index);
        return ROUTE_KINDS.filter((kind) => listOf(at(route, kind, "retryPolicy", "httpRetryEvents")).includes("client-error")).map(
            (kind) => `route ${label} (${kind}) retries on client-error; retry only server-error, gateway-error or stream-error`,
        );
    });
}

/**
 * An nginx config's retries (ngx_http_proxy_module proxy_next_upstream): each `proxy_next_upstream`
 * may list only error, timeout, http_500/502/503/504 (or off), never a 4xx (http_403, http_404,
 * http_429) nor `non_idempotent` (which would retry POST, LOCK and PATCH), and a block that retries
 * bounds its tries (`proxy_next_upstream_tries` set, not 0, which means unlimited).
 */
export function nginxRetryProblems(key: string, conf: string): string[] {
    const problems: string[] = [];
    const blocks = [...conf.matchAll(/location\s+([^{\s]*)[^{]*\{([^}]*)\}/g)];
    for (const [, where, body] of blocks) {
        const retry = /proxy_next_upstream\s+([^;]*);/.exec(body);
        if (!retry) continue;
        const events = retry[1].trim().split(/\s+/);
        if (events.includes("off")) continue;
        for (const event of events) {
            if (/^http_4\d\d$/.test(event)) problems.push(`${key} location ${where} retries on ${event}; retry only error, timeout, http_502, http_503 or http_504`);
            if (event === "non_idempotent") problems.push(`${key} location ${where} retries non-idempotent requests (non_idempotent); remove it`);
        }
        const tries = /proxy_next_upstream_tries\s+(\d+)\s*;/.exec(body);
        if (!tries || Number(tries[1]) === 0) problems.push(`${key} location ${where} retries without a bound; set proxy_next_upstream_tries to a small number above 0`);
    }
    return problems;
}

export const noClientErrorRetries: ResourceRule = {
    name: "no-client-error-retries",
    description:
        "No App Mesh route retries client-error, and no nginx config (in a ConfigMap) retries a 4xx or a non-idempotent request or retries unbounded (a 4xx fails the same way again; retrying it only multiplies the load).",
    enforcementLevel: "mandatory",
    resourceTypes: [VIRTUAL_ROUTER, CONFIG_MAP],
    check: (type, inputs) => {
        if (type === VIRTUAL_ROUTER) return virtualRouterProblems(inputs);
        const data = at(inputs, "data");
        if (!isRecord(data)) return [];
        return Object.entries(data).flatMap(([key, value]) => (typeof value === "string" && !isOpaque(value) ? nginxRetryProblems(key, value) : []));
    },
};
