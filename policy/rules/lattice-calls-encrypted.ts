import { at, isOpaque, isRecord, listOf } from "../json";
import type { ResourceRule } from "./types";

/**
 * lattice-calls-encrypted: calls across accounts through VPC Lattice go over TLS. It reports a
 * Gateway of the Lattice controller's class with a plain HTTP listener (the Lattice service then
 * listens on HTTP), and an nginx server block in a ConfigMap that proxies to a Lattice service name
 * over `http://`, or over `https://` with `proxy_ssl_verify off` (nginx's default when unset).
 * Advisory: plain HTTP is a setting one may choose (mesh:latticeListenerProtocol: HTTP), and the
 * rule makes it visible rather than impossible.
 */
export const LATTICE_GATEWAY_CLASS_NAME = "amazon-vpc-lattice";
const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
/** Lattice's generated service names (VPC Lattice User Guide, "Custom domain names": ...vpc-lattice-svcs.<region>.on.aws). */
const LATTICE_NAME = /\.vpc-lattice-svcs\.[a-z0-9-]+\.on\.aws/;

/** The `location` blocks of an nginx config (no nesting in ours), each as its text. */
function locations(conf: string): string[] {
    return [...conf.matchAll(/location\s+[^{]*\{([^}]*)\}/g)].map((m) => m[1]);
}

function nginxProblems(key: string, conf: string): string[] {
    return locations(conf).flatMap((block) => {
        const pass = /proxy_pass\s+(https?):\/\/([^;\s]+)/.exec(block);
        if (!pass || !LATTICE_NAME.test(block)) return [];
        if (pass[1] === "http") return [`${key} proxies to a Lattice service over plain http; use HTTPS (mesh:latticeListenerProtocol: HTTPS)`];
        return /proxy_ssl_verify\s+on\s*;/.test(block) ? [] : [`${key} proxies to a Lattice service over https without proxy_ssl_verify on; verify the server certificate`];
    });
}

export const latticeCallsEncrypted: ResourceRule = {
    name: "lattice-calls-encrypted",
    description: "Calls through VPC Lattice use HTTPS listeners, and nginx callers verify the certificate (advisory: plain HTTP is an explicit setting).",
    enforcementLevel: "advisory",
    resourceTypes: [GATEWAY, CONFIG_MAP],
    check: (type, inputs) => {
        if (type === GATEWAY) {
            if (at(inputs, "spec", "gatewayClassName") !== LATTICE_GATEWAY_CLASS_NAME) return [];
            return listOf(at(inputs, "spec", "listeners"))
                .filter((l) => at(l, "protocol") === "HTTP")
                .map((l) => `listener "${String(at(l, "name"))}" is plain HTTP: calls across accounts are unencrypted; use HTTPS (mesh:latticeListenerProtocol: HTTPS)`);
        }
        const data = at(inputs, "data");
        if (!isRecord(data)) return [];
        return Object.entries(data).flatMap(([key, value]) => (typeof value === "string" && !isOpaque(value) ? nginxProblems(key, value) : []));
    },
};
