import { expect } from "chai";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as dgram from "dgram";
import * as fs from "fs";
import * as http from "http";
import * as https from "https";
import { AddressInfo } from "net";
import * as path from "path";
import { LATTICE_TRUST_FILE } from "./lattice-trust";
import { YELB_UI_NGINX, yelbUiNginxConf } from "./yelb-ui-proxy";
import { tempDir } from "../../test/helpers/temp-dir";

const DNS = "yelb-appserver-yelb-0123456789abcdef0.8e9854d.vpc-lattice-svcs.us-west-2.on.aws";

/** Whether a real nginx is on PATH (Debian's `nginx` package); without it the nginx runs are skipped. */
const NGINX = spawnSync("nginx", ["-v"]).status === 0;
/** Whether openssl is on PATH, to make the test CA and the server certificate of the TLS run. */
const OPENSSL = spawnSync("openssl", ["version"]).status === 0;

/** The main config a server block needs around it (the image's nginx.conf includes conf.d/*.conf in `http`). */
function mainConf(dir: string): string {
    const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${dir}/${t};`).join("\n");
    return `daemon off;\nmaster_process off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n    access_log off;\n${temp}\n    include ${dir}/conf.d/*.conf;\n}\n`;
}

function withConfDir<T>(conf: string, run: (dir: string) => T): T {
    const dir = tempDir("yelb-ui-nginx-");
    fs.mkdirSync(path.join(dir, "conf.d"));
    fs.writeFileSync(path.join(dir, "nginx.conf"), mainConf(dir));
    fs.writeFileSync(path.join(dir, "conf.d", YELB_UI_NGINX.confFile), conf);
    return run(dir);
}

/** A DNS server answering every A question with `addresses` (127.0.0.1 unless given) and no other type, recording the questions. */
async function fakeDns(addresses: readonly string[] = ["127.0.0.1"]): Promise<{ port: number; questions: string[]; close: () => void }> {
    const socket = dgram.createSocket("udp4");
    const questions: string[] = [];
    socket.on("message", (query, from) => {
        const labels: string[] = [];
        let at = 12;
        while (query[at] !== 0) {
            labels.push(query.subarray(at + 1, at + 1 + query[at]).toString());
            at += query[at] + 1;
        }
        const type = query.readUInt16BE(at + 1);
        questions.push(`${type === 1 ? "A" : type === 28 ? "AAAA" : type} ${labels.join(".")}`);
        const question = query.subarray(12, at + 5);
        const header = Buffer.from([query[0], query[1], 0x81, 0x80, 0, 1, 0, type === 1 ? addresses.length : 0, 0, 0, 0, 0]);
        const answer =
            type === 1 ? Buffer.concat(addresses.map((a) => Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, ...a.split(".").map(Number)]))) : Buffer.alloc(0);
        socket.send(Buffer.concat([header, question, answer]), from.port, from.address);
    });
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    return { port: (socket.address() as AddressInfo).port, questions, close: () => socket.close() };
}

function get(port: number, urlPath: string, method = "GET"): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        http.request({ host: "127.0.0.1", port, path: urlPath, method }, (res) => {
            let body = "";
            res.on("data", (d) => (body += d));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        })
            .on("error", reject)
            .end();
    });
}

async function untilListening(port: number, nginx: ChildProcess, stderr: () => string): Promise<void> {
    for (let i = 0; i < 100; i++) {
        if (nginx.exitCode !== null) throw new Error(`nginx exited: ${stderr()}`);
        try {
            await get(port, "/");
            return;
        } catch {
            await new Promise((r) => setTimeout(r, 50));
        }
    }
    throw new Error(`nginx did not listen on ${port}: ${stderr()}`);
}

/** A generated block as a test host runs it: listening on 127.0.0.1:`listen`, resolving through the fake DNS on `dnsPort`. */
function onTestHost(block: string, listen: number, dnsPort: number): string {
    return block.replace("    listen 80;", `    listen 127.0.0.1:${listen};`).replace(`resolver ${YELB_UI_NGINX.resolver} `, `resolver 127.0.0.1:${dnsPort} `);
}

/** A real nginx serving `conf` as yelb-ui's server block from `dir`, once it listens on every port given. */
async function startNginx(dir: string, conf: string, ports: readonly number[]): Promise<ChildProcess> {
    fs.mkdirSync(path.join(dir, "conf.d"));
    fs.writeFileSync(path.join(dir, "nginx.conf"), mainConf(dir));
    fs.writeFileSync(path.join(dir, "conf.d", YELB_UI_NGINX.confFile), conf);
    let stderr = "";
    const nginx = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")]);
    nginx.stderr!.on("data", (d) => (stderr += d));
    try {
        for (const port of ports) await untilListening(port, nginx, () => stderr + fs.readFileSync(path.join(dir, "error.log"), "utf8"));
    } catch (e) {
        nginx.kill();
        throw e;
    }
    return nginx;
}

describe("yelb-ui's nginx server block for Lattice", () => {
    it("GIVEN a Lattice name and port WHEN rendered with the default protocol THEN /api goes over HTTPS with SNI and the certificate verified for that name, resolving it at request time through the Amazon DNS server, IPv4 only, with the name as Host", () => {
        const conf = yelbUiNginxConf(DNS, 443);
        const api = conf.slice(conf.indexOf("    location /api {"), conf.indexOf("    gzip on;"));
        expect(api).to.equal(
            [
                "    location /api {",
                "        resolver 169.254.169.253 valid=30s ipv6=off;",
                "        resolver_timeout 5s;",
                `        set $yelb_appserver ${DNS}:443;`,
                // No URI after the variable: the request's own URI goes upstream unchanged.
                "        proxy_pass https://$yelb_appserver;",
                "        proxy_http_version 1.1;",
                `        proxy_set_header Host ${DNS};`,
                "        proxy_ssl_server_name on;",
                `        proxy_ssl_name ${DNS};`,
                "        proxy_ssl_protocols TLSv1.2 TLSv1.3;",
                "        proxy_ssl_verify on;",
                "        proxy_ssl_verify_depth 3;",
                "        proxy_ssl_trusted_certificate /etc/nginx/conf.d/lattice-trust.pem;",
                "        proxy_connect_timeout 2s;",
                "        proxy_send_timeout 10s;",
                "        proxy_read_timeout 10s;",
                // Only connection errors, timeouts and 502/503/504; no 4xx, no non_idempotent.
                "        proxy_next_upstream error timeout http_502 http_503 http_504;",
                "        proxy_next_upstream_tries 3;",
                "        proxy_next_upstream_timeout 15s;",
                "    }",
                "",
            ].join("\n"),
        );
        // A literal host in proxy_pass would be resolved once, at start.
        expect(conf).to.not.match(/proxy_pass https?:\/\/[a-z0-9]/);
    });

    it("GIVEN protocol HTTP (the explicit setting) WHEN rendered THEN /api goes over plain http and no TLS directive is written", () => {
        const conf = yelbUiNginxConf(DNS, 80, { protocol: "HTTP" });
        expect(conf).to.contain("        proxy_pass http://$yelb_appserver;\n");
        expect(conf).to.not.contain("proxy_ssl");
    });

    it("GIVEN a bad name or port WHEN rendered THEN it refuses rather than write a config nginx would misread", () => {
        expect(() => yelbUiNginxConf("yelb; evil", 80)).to.throw('"yelb; evil" is not a DNS name');
        expect(() => yelbUiNginxConf(DNS, 0)).to.throw("0 is not a port");
    });

    it("GIVEN the rendered server block WHEN the real nginx checks it (nginx -t) THEN it is valid", function () {
        if (!NGINX) {
            console.log("      skipped: no nginx on PATH (apt-get install -y nginx); the block was checked structurally only");
            this.skip();
        }
        // The shipped trust bundle itself: nginx refuses to start on a file it cannot load.
        withConfDir(yelbUiNginxConf(DNS, 443, { trustedCaPath: LATTICE_TRUST_FILE }), (dir) => {
            const run = spawnSync("nginx", ["-t", "-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")], { encoding: "utf8" });
            expect(run.stderr).to.contain("test is successful");
            expect(run.status, run.stderr).to.equal(0);
        });
    });

    it("GIVEN the server block running in nginx WHEN /api/getvotes is asked THEN the name is resolved only then, A records only, and the upstream gets /api/getvotes with Host = the name", async function () {
        if (!NGINX) {
            console.log("      skipped: no nginx on PATH (apt-get install -y nginx)");
            this.skip();
        }
        this.timeout(10_000);
        const seen: { url?: string; host?: string }[] = [];
        const upstream = http.createServer((req, res) => {
            seen.push({ url: req.url, host: req.headers.host });
            res.end("votes");
        });
        await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
        const upstreamPort = (upstream.address() as AddressInfo).port;
        const dns = await fakeDns();
        const listen = await new Promise<number>((resolve) => {
            const probe = http.createServer().listen(0, "127.0.0.1", () => {
                const port = (probe.address() as AddressInfo).port;
                probe.close(() => resolve(port));
            });
        });
        // The generated block, with only what a test host differs in: where nginx listens and the resolver's address.
        const conf = onTestHost(yelbUiNginxConf(DNS, upstreamPort, { protocol: "HTTP" }), listen, dns.port);
        const dir = tempDir("yelb-ui-nginx-");
        const nginx = await startNginx(dir, conf, [listen]);
        try {
            expect(dns.questions, "nothing resolved at start").to.deep.equal([]);
            const votes = await get(listen, "/api/getvotes?x=1");
            const plain = await get(listen, "/api");
            expect([votes, plain]).to.deep.equal([{ status: 200, body: "votes" }, { status: 200, body: "votes" }]);
            expect(seen).to.deep.equal([{ url: "/api/getvotes?x=1", host: DNS }, { url: "/api", host: DNS }]);
            // Asked once, then cached for valid=30s; never for AAAA.
            expect(dns.questions).to.deep.equal([`A ${DNS}`]);
        } finally {
            nginx.kill();
            upstream.close();
            dns.close();
        }
    });
});

/** A test CA and a server certificate it signs for `name` (openssl), in `dir`. */
function testCertificates(dir: string, name: string): { ca: string; key: string; cert: string } {
    const file = (f: string) => path.join(dir, f);
    const run = (args: string[]) => {
        const r = spawnSync("openssl", args, { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`openssl ${args.join(" ")}: ${r.stderr}`);
    };
    run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.pem"), "-subj", "/CN=yelb test root", "-days", "1",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
    // The name only in subjectAltName (a CN holds at most 64 characters; verifiers read the SAN first).
    run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("server.key"), "-out", file("server.csr"), "-subj", "/CN=yelb test server"]);
    fs.writeFileSync(file("ext.cnf"), `subjectAltName=DNS:${name}\n`);
    run(["x509", "-req", "-in", file("server.csr"), "-CA", file("ca.pem"), "-CAkey", file("ca.key"), "-CAcreateserial", "-out", file("server.pem"), "-days", "1", "-extfile", file("ext.cnf")]);
    return { ca: file("ca.pem"), key: fs.readFileSync(file("server.key"), "utf8"), cert: fs.readFileSync(file("server.pem"), "utf8") };
}

function freePort(): Promise<number> {
    return new Promise((resolve) => {
        const probe = http.createServer().listen(0, "127.0.0.1", () => {
            const port = (probe.address() as AddressInfo).port;
            probe.close(() => resolve(port));
        });
    });
}

describe("yelb-ui's nginx over TLS to a Lattice-like upstream (real nginx, openssl)", () => {
    it("GIVEN an HTTPS upstream with a certificate for the Lattice name WHEN nginx trusts its CA THEN /api is served with SNI = the name; WHEN nginx trusts only Amazon's roots, or the name differs THEN it refuses (502) and the upstream sees no request", async function () {
        if (!NGINX || !OPENSSL) {
            console.log("      skipped: needs nginx and openssl on PATH (apt-get install -y nginx openssl)");
            this.skip();
        }
        this.timeout(20_000);
        const dir = tempDir("yelb-ui-tls-");
        const certs = testCertificates(dir, DNS);
        const seen: { url?: string; host?: string; sni?: string | false | null }[] = [];
        const upstream = https.createServer({ key: certs.key, cert: certs.cert }, (req, res) => {
            seen.push({ url: req.url, host: req.headers.host, sni: (req.socket as import("tls").TLSSocket).servername });
            res.end("votes");
        });
        await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
        const upstreamPort = (upstream.address() as AddressInfo).port;
        const dns = await fakeDns();
        const [trusted, amazonOnly, otherName] = [await freePort(), await freePort(), await freePort()];
        // Three generated blocks in one nginx, differing only where a test host must (listen, resolver) and in what is tested.
        const block = (listen: number, name: string, trustedCaPath: string) => onTestHost(yelbUiNginxConf(name, upstreamPort, { trustedCaPath }), listen, dns.port);
        const conf = [block(trusted, DNS, certs.ca), block(amazonOnly, DNS, LATTICE_TRUST_FILE), block(otherName, `other-${DNS}`, certs.ca)].join("\n");
        const nginx = await startNginx(dir, conf, [trusted, amazonOnly, otherName]);
        try {
            expect(await get(trusted, "/api/getvotes")).to.deep.equal({ status: 200, body: "votes" });
            expect(seen).to.deep.equal([{ url: "/api/getvotes", host: DNS, sni: DNS }]);
            expect((await get(amazonOnly, "/api/getvotes")).status).to.equal(502);
            expect((await get(otherName, "/api/getvotes")).status).to.equal(502);
            expect(seen, "no request reached the upstream without a verified certificate").to.have.lengthOf(1);
            const log = fs.readFileSync(path.join(dir, "error.log"), "utf8");
            expect(log).to.contain("upstream SSL certificate verify error");
            expect(log).to.contain(`upstream SSL certificate does not match "other-${DNS}"`);
        } finally {
            nginx.kill();
            upstream.close();
            dns.close();
        }
    });
});

describe("yelb-ui's nginx retries toward Lattice (real nginx)", () => {
    it("GIVEN a name with two addresses both answering 503 or 404 WHEN asked THEN a GET 503 is tried on both and answered 503, a POST 503 and a GET 404 only once", async function () {
        if (!NGINX) {
            console.log("      skipped: no nginx on PATH (apt-get install -y nginx)");
            this.skip();
        }
        this.timeout(10_000);
        const hits: string[] = [];
        const port = await freePort();
        // Two upstreams on one port, as Lattice's several addresses for one name.
        const servers = ["127.0.0.1", "127.0.0.2"].map((address) =>
            http.createServer((req, res) => {
                hits.push(`${req.method} ${req.url}`);
                res.statusCode = req.url === "/api/missing" ? 404 : 503;
                res.end();
            }),
        );
        await Promise.all(servers.map((server, i) => new Promise<void>((resolve) => server.listen(port, i === 0 ? "127.0.0.1" : "127.0.0.2", resolve))));
        const dns = await fakeDns(["127.0.0.1", "127.0.0.2"]);
        const listen = await freePort();
        const conf = onTestHost(yelbUiNginxConf(DNS, port, { protocol: "HTTP" }), listen, dns.port);
        const dir = tempDir("yelb-ui-retry-");
        const nginx = await startNginx(dir, conf, [listen]);
        try {
            hits.length = 0;
            expect((await get(listen, "/api/getvotes")).status).to.equal(503);
            expect(hits).to.deep.equal(["GET /api/getvotes", "GET /api/getvotes"]);
            hits.length = 0;
            expect((await get(listen, "/api/getvotes", "POST")).status).to.equal(503);
            expect(hits, "non-idempotent: not retried").to.deep.equal(["POST /api/getvotes"]);
            hits.length = 0;
            expect((await get(listen, "/api/missing")).status).to.equal(404);
            expect(hits, "4xx: not retried").to.deep.equal(["GET /api/missing"]);
        } finally {
            nginx.kill();
            servers.forEach((s) => s.close());
            dns.close();
        }
    });
});
