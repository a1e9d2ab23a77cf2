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
 * nginx would send the proxy host by default, the header makes it explicit).
 */
export const YELB_UI_NGINX = {
    /** Where the nginx image includes server blocks from. */
    confDirectory: "/etc/nginx/conf.d",
    confFile: "default.conf",
    /** The UI's built files in the image (Dockerfile COPY ... /clarity-seed/prod/dist). */
    root: "/clarity-seed/prod/dist",
    command: ["nginx", "-g", "daemon off;"],
} as const;

const DNS_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/** The server block proxying `/api` to `http://<dnsName>:<listenerPort>/api` with `Host: <dnsName>`. */
export function yelbUiNginxConf(latticeDnsName: string, listenerPort: number): string {
    if (!DNS_NAME.test(latticeDnsName)) throw new Error(`"${latticeDnsName}" is not a DNS name`);
    if (!Number.isInteger(listenerPort) || listenerPort < 1 || listenerPort > 65535) throw new Error(`${listenerPort} is not a port`);
    return [
        "server {",
        "    listen 80;",
        "    server_name localhost;",
        "    location / {",
        `        root ${YELB_UI_NGINX.root};`,
        "        index index.html;",
        "    }",
        "    location /api {",
        `        proxy_pass http://${latticeDnsName}:${listenerPort}/api;`,
        "        proxy_http_version 1.1;",
        `        proxy_set_header Host ${latticeDnsName};`,
        "    }",
        "    gzip on;",
        "    gzip_types text/plain text/css application/json application/javascript text/xml application/xml text/javascript;",
        "}",
        "",
    ].join("\n");
}
