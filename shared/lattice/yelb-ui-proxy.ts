/**
 * How yelb-ui sends `/api` to the appserver's Lattice service.
 *
 * Verified in the yelb source (github.com/mreferre/yelb, yelb-ui/Dockerfile and yelb-ui/startup.sh,
 * both at the commit before the 0.7 tag bump, which is what 0.6 was built from, and at HEAD):
 * the image is nginx 1.17 with the built UI in `/clarity-seed/<UI_ENV>/dist` (UI_ENV=prod), and its
 * start-up script edits `/etc/nginx/conf.d/default.conf` in place: it points the root at the UI
 * and, only if the file has no `location /api`, inserts one with `proxy_pass` to a hard-coded
 * `http://yelb-appserver:4567/api` (0.6; later images read YELB_APPSERVER_ENDPOINT). It never sets
 * a Host header. Not verified: the published image itself (no registry access here).
 *
 * So we do not depend on the script: the container runs `nginx -g "daemon off;"` directly with this
 * complete server block mounted as the default.conf, holding the root the script would have set
 * and a `/api` location that sends requests to the Lattice name with `Host` set to that name
 * (Lattice serves every service on the same link-local addresses and picks the service by name;
 * the header keeps the name without the port nginx would otherwise send).
 *
 * nginx resolves a literal proxy_pass host once, at start, and keeps that address until it
 * restarts. With the host in a variable it asks `resolver` at request time instead, caching each
 * answer for `valid=` (ngx_http_proxy_module proxy_pass, ngx_http_core_module resolver). nginx
 * cannot read /etc/resolv.conf, so the resolver is named: the Amazon DNS server at its link-local
 * address 169.254.169.253, the same in every VPC (Amazon VPC User Guide, "Amazon DNS server"),
 * which answers the Lattice service's name with Lattice's link-local addresses in a VPC associated
 * with the service network. Not the cluster DNS: its address is the .10 of the service CIDR, which
 * EKS picks (10.100.0.0/16 or 172.20.0.0/16, by the VPC's range) when the cluster does not set one,
 * as shared/components/cluster.ts does not (EKS API, KubernetesNetworkConfigRequest.serviceIpv4Cidr);
 * and CoreDNS would only forward the name to the Amazon DNS server anyway. `ipv6=off`: the pods are
 * IPv4 only, so no AAAA answer may be picked. A proxy_pass with a variable and no URI passes the
 * request's own URI (`/api/getvotes` stays `/api/getvotes`, query included), as the fixed
 * `proxy_pass http://host:port/api` of the `/api` location did.
 */
export const YELB_UI_NGINX = {
    /** Where the nginx image includes server blocks from. */
    confDirectory: "/etc/nginx/conf.d",
    confFile: "default.conf",
    /** The UI's built files in the image (Dockerfile COPY ... /clarity-seed/prod/dist). */
    root: "/clarity-seed/prod/dist",
    command: ["nginx", "-g", "daemon off;"],
    /** The Amazon DNS server's link-local address (Amazon VPC User Guide, "Amazon DNS server"). */
    resolver: "169.254.169.253",
    /** How long nginx keeps an answer before asking again, whatever the record's TTL. */
    resolverValidSeconds: 30,
    /** The trusted CAs (shared/lattice/lattice-trust.ts), a key of the same ConfigMap: nginx includes only `*.conf` from the folder. */
    trustFile: "lattice-trust.pem",
    /**
     * How many certificates above the server's nginx checks. Its default, 1, stops one short of an
     * ACM chain (server, Amazon intermediate, Amazon root; ngx_http_proxy_module proxy_ssl_verify_depth);
     * 3 leaves room for the root's cross-signed path.
     */
    sslVerifyDepth: 3,
} as const;

/**
 * yelb-ui's timeouts and retries toward Lattice, which retries nothing itself (the caller does).
 * ngx_http_proxy_module: proxy_next_upstream retries the next address of the name (Lattice's DNS
 * answers several link-local addresses) on a connection error, a timeout, or a 502/503/504, never
 * on a 4xx (a client error fails the same way again). nginx never retries a non-idempotent request
 * (POST, LOCK, PATCH) unless `non_idempotent` is listed, and it is not. Tries and time are bounded
 * (proxy_next_upstream_tries 0 would mean unlimited).
 */
export const YELB_UI_RETRIES = {
    connectTimeoutSeconds: 2,
    sendTimeoutSeconds: 10,
    readTimeoutSeconds: 10,
    retryOn: ["error", "timeout", "http_502", "http_503", "http_504"],
    tries: 3,
    retryWindowSeconds: 15,
} as const;

function retryDirectives(): string[] {
    const r = YELB_UI_RETRIES;
    return [
        `        proxy_connect_timeout ${r.connectTimeoutSeconds}s;`,
        `        proxy_send_timeout ${r.sendTimeoutSeconds}s;`,
        `        proxy_read_timeout ${r.readTimeoutSeconds}s;`,
        `        proxy_next_upstream ${r.retryOn.join(" ")};`,
        `        proxy_next_upstream_tries ${r.tries};`,
        `        proxy_next_upstream_timeout ${r.retryWindowSeconds}s;`,
    ];
}

/** How yelb-ui reaches the Lattice listener: HTTPS (default) or, by an explicit setting, plain HTTP. */
export type LatticeListenerProtocol = "HTTPS" | "HTTP";
export const LATTICE_LISTENER_PROTOCOLS: readonly LatticeListenerProtocol[] = ["HTTPS", "HTTP"];

const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * TLS to the Lattice listener: SNI with the service's name (Lattice serves every service on the
 * same addresses and picks the certificate and service by SNI; VPC Lattice User Guide, "HTTPS
 * listeners"), and the server's certificate verified against Amazon's roots for that very name
 * (nginx checks the name against `proxy_ssl_name`, which defaults to the proxy_pass host: here a
 * variable, so it is set; ngx_http_proxy_module). nginx does not verify by default.
 */
function tlsDirectives(latticeDnsName: string, trustedCaPath: string): string[] {
    return [
        "        proxy_ssl_server_name on;",
        `        proxy_ssl_name ${latticeDnsName};`,
        "        proxy_ssl_protocols TLSv1.2 TLSv1.3;",
        "        proxy_ssl_verify on;",
        `        proxy_ssl_verify_depth ${YELB_UI_NGINX.sslVerifyDepth};`,
        `        proxy_ssl_trusted_certificate ${trustedCaPath};`,
    ];
}

export interface YelbUiNginxOptions {
    /**
     * The Lattice listener's protocol.
     * @default "HTTPS"
     */
    readonly protocol?: LatticeListenerProtocol;
    /**
     * The CA bundle nginx verifies the Lattice certificate against (HTTPS only).
     * @default the mounted lattice-trust.pem beside the server block
     */
    readonly trustedCaPath?: string;
    /**
     * Signed calls: nginx sends `/api` in plain HTTP to the SigV4 signing sidecar on the pod's
     * loopback address (./sigv4-proxy.ts), which signs and calls Lattice over HTTPS, verifying its
     * certificate itself. nginx then neither resolves the Lattice name nor does TLS, and with one
     * address it has no next upstream to retry on (the proxy does not retry either); its timeouts stay.
     * @default undefined: nginx calls Lattice itself
     */
    readonly signingProxy?: { readonly address: string; readonly port: number };
}

/**
 * The server block proxying `/api...` to `https://<dnsName>:<listenerPort>` (or `http://` when the
 * listener is plain HTTP) with the request's own URI and `Host: <dnsName>`, resolving the name at
 * request time, and over HTTPS verifying the server's certificate for that name.
 */
export function yelbUiNginxConf(latticeDnsName: string, listenerPort: number, options: YelbUiNginxOptions = {}): string {
    if (!DNS_NAME.test(latticeDnsName)) throw new Error(`"${latticeDnsName}" is not a DNS name`);
    if (!Number.isInteger(listenerPort) || listenerPort < 1 || listenerPort > 65535) throw new Error(`${listenerPort} is not a port`);
    const protocol = options.protocol ?? "HTTPS";
    const trusted = options.trustedCaPath ?? `${YELB_UI_NGINX.confDirectory}/${YELB_UI_NGINX.trustFile}`;
    const signing = options.signingProxy;
    const upstream = signing
        ? [`        proxy_pass http://${signing.address}:${signing.port};`]
        : [
              `        resolver ${YELB_UI_NGINX.resolver} valid=${YELB_UI_NGINX.resolverValidSeconds}s ipv6=off;`,
              "        resolver_timeout 5s;",
              `        set $yelb_appserver ${latticeDnsName}:${listenerPort};`,
              `        proxy_pass ${protocol === "HTTPS" ? "https" : "http"}://$yelb_appserver;`,
          ];
    return [
        "server {",
        "    listen 80;",
        "    server_name localhost;",
        "    location / {",
        `        root ${YELB_UI_NGINX.root};`,
        "        index index.html;",
        "    }",
        "    location /api {",
        ...upstream,
        "        proxy_http_version 1.1;",
        `        proxy_set_header Host ${latticeDnsName};`,
        ...(protocol === "HTTPS" && !signing ? tlsDirectives(latticeDnsName, trusted) : []),
        ...retryDirectives(),
        "    }",
        "    gzip on;",
        "    gzip_types text/plain text/css application/json application/javascript text/xml application/xml text/javascript;",
        "}",
        "",
    ].join("\n");
}
