import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CommandSpec, parseLine } from "../tools/engine/cli";
import { SPEC as PLAN_SPEC } from "../tools/plan/main";
import { SPEC as LOGIN_SPEC } from "../tools/login/main";
import { SPEC as BENCH_SPEC } from "../tools/bench/plan";
import { SPEC as VERIFY_SPEC } from "../tools/verify/main";
import { parseArgs as parseOrchestrate } from "../tools/deploy/args";
import { parseArgs as parseNewEnvironment } from "../tools/new-environment/args";
import { isAccountLine, parseAccountArgs } from "../tools/new-environment/account-args";
import { environmentNameProblem } from "../shared/environment-name";
import { ROOT_DIR } from "./helpers/plan";
import { readProjectFile } from "../shared/stack-files";

/** The documents a user reads: the README and docs/. */
const DOCUMENTS = ["README.md", ...fs.readdirSync(path.join(ROOT_DIR, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
const text = (doc: string) => fs.readFileSync(path.join(ROOT_DIR, doc), "utf8");

/** One `npm ...` command as written in a document: the npm scripts it names and the words after `--`. */
interface Command {
    readonly doc: string;
    readonly written: string;
    readonly scripts: string[];
    /** What npm itself would read: anything between the script and `--`. */
    readonly npmArgs: string;
    readonly args: string[];
}

/** Shell code: every line of a fenced block, and every inline code span, with `# comments` dropped. */
function codeOf(markdown: string): string[] {
    const blocks = [...markdown.matchAll(/^\s*```[a-z]*\n([\s\S]*?)^\s*```/gm)].flatMap((m) => m[1].split("\n"));
    const prose = markdown.replace(/^\s*```[a-z]*\n[\s\S]*?^\s*```/gm, "");
    const spans = [...prose.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
    return [...blocks, ...spans].map((line) => line.replace(/(^|\s)#\s.*$/, ""));
}

export function commandsIn(doc: string, markdown: string): Command[] {
    return codeOf(markdown).flatMap((code) =>
        [...code.matchAll(/\bnpm (ci|test|start|run ([a-z][\w:-]*(?:\|[a-z][\w:-]*)*))([^;&|)\n]*)/g)].map((m) => {
            const [before, after] = m[3].includes(" -- ") || m[3].trim() === "--" ? [m[3].slice(0, m[3].indexOf("--")), m[3].slice(m[3].indexOf("--") + 2)] : [m[3], ""];
            // `[options]` and `[--flag VALUE]` are usage notation, not words the user types.
            const args = after.split(/\s+/).filter((w) => w !== "" && w !== "[options]").map((w) => w.replace(/^\[|\]$/g, ""));
            return { doc, written: m[0].trim(), scripts: m[2] ? m[2].split("|") : [m[1]], npmArgs: before.trim(), args };
        }),
    );
}

const SCRIPTS = Object.keys(JSON.parse(text("package.json")).scripts ?? {});
const ORCHESTRATED = ["deploy", "preview", "destroy"];

/** Why the command's own parser would refuse these words; undefined when it accepts them. */
function refusal(script: string, args: string[]): string | undefined {
    const spec = (s: CommandSpec) => {
        const line = parseLine(s, args);
        if (line.positionals.length > 0) throw new Error(`unexpected argument ${line.positionals[0]}`);
        const environment = line.values.get("--stack");
        if (environment !== undefined && environmentNameProblem(environment) !== undefined) throw new Error(environmentNameProblem(environment));
    };
    try {
        if (ORCHESTRATED.includes(script)) parseOrchestrate([script, ...args]);
        else if (script === "new-environment") (isAccountLine(args) ? parseAccountArgs(args) : parseNewEnvironment(args));
        else if (script === "start") spec(PLAN_SPEC);
        else if (script === "login") spec(LOGIN_SPEC);
        else if (script === "bench") spec(BENCH_SPEC);
        else if (script === "verify") spec(VERIFY_SPEC);
        else if (args.length > 0) return `npm ${script} takes no options`;
    } catch (e) {
        return (e as Error).message;
    }
    return undefined;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchors(markdown: string): Set<string> {
    return new Set([...markdown.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].toLowerCase().replace(/[^a-z0-9 _-]/g, "").replace(/ /g, "-")));
}

describe("README and docs stay true", () => {
    const commands = DOCUMENTS.flatMap((doc) => commandsIn(doc, text(doc)));

    it("GIVEN the README THEN it shows the set-up and deploy commands a user runs, so the checks below see them", () => {
        const scripts = new Set(commands.filter((c) => c.doc === "README.md").flatMap((c) => c.scripts));
        expect([...scripts]).to.include.members(["ci", "start", "test", "new-environment", "login", "deploy", "preview", "destroy"]);
    });

    it("GIVEN every npm command in README.md and docs/ THEN its script exists and its options are accepted by the command's parser", () => {
        const problems = commands.flatMap((c) =>
            c.scripts.flatMap((script) => {
                const where = `${c.doc}: \`${c.written}\``;
                if (!["ci", ...SCRIPTS].includes(script)) return [`${where}: package.json has no script ${script}`];
                if (c.npmArgs !== "") return [`${where}: "${c.npmArgs}" goes to npm, not the command; put it after --`];
                // Named without options (`npm run new-environment` in a table), a command is only a name.
                if (c.args.length === 0) return [];
                const refused = refusal(script, c.args);
                return refused === undefined ? [] : [`${where}: ${refused}`];
            }),
        );
        expect(problems).to.deep.equal([]);
    });

    it("GIVEN a command the parsers refuse, or a script that does not exist THEN the check reports it", () => {
        const planted = commandsIn("x.md", "```sh\nnpm start -- --stak dev\nnpm run deploy -- --stack ../etc\nnpm run depoly\nnpm start --stack dev\n```\n");
        expect(planted.map((c) => [c.scripts, c.npmArgs, c.args])).to.deep.equal([
            [["start"], "", ["--stak", "dev"]],
            [["deploy"], "", ["--stack", "../etc"]],
            [["depoly"], "", []],
            [["start"], "--stack dev", []],
        ]);
        expect(refusal("start", ["--stak", "dev"])).to.match(/^unknown option --stak \(did you mean --stack\?\)/);
        expect(refusal("deploy", ["--stack", "../etc"])).to.match(/^environment "\.\.\/etc" is not a valid name/);
        expect(SCRIPTS).to.not.include("depoly");
    });

    it("GIVEN every relative link in README.md and docs/ THEN its file exists, and its #anchor is a heading there", () => {
        const broken = DOCUMENTS.flatMap((doc) =>
            [...text(doc).matchAll(/\]\(([^)\s]+)\)/g)]
                .map((m) => m[1])
                .filter((target) => !/^[a-z]+:/.test(target))
                .flatMap((target) => {
                    const [file, anchor] = target.split("#");
                    const resolved = file === "" ? path.join(ROOT_DIR, doc) : path.resolve(path.dirname(path.join(ROOT_DIR, doc)), file);
                    if (!fs.existsSync(resolved)) return [`${doc}: ${target} (no such file)`];
                    if (anchor !== undefined && resolved.endsWith(".md") && !anchors(fs.readFileSync(resolved, "utf8")).has(anchor)) return [`${doc}: ${target} (no such heading)`];
                    return [];
                }),
        );
        expect(broken).to.deep.equal([]);
    });
});

/** Every config key a project declares, as `project:key`, and the AWS provider keys the stacks set. */
function declaredKeys(): Set<string> {
    const keys = new Set(["aws:region", "aws:allowedAccountIds", "aws:profile"]);
    for (const project of ["infra-frontend", "infra-backend", "mesh", "apps", "bootstrap"]) {
        for (const key of Object.keys(readProjectFile(path.join(ROOT_DIR, project)).config ?? {})) keys.add(`${project}:${key}`);
    }
    return keys;
}

/**
 * The config keys a document names in code: `project:key` (with or without a value after it), and
 * `key: value` or `key` spans whose word is camelCase, as the stack files and tables write them.
 */
export function namedConfigKeys(markdown: string, projects: readonly string[]): { qualified: string[]; bare: string[] } {
    const spans = codeOf(markdown);
    const namespaces = projects.join("|");
    const qualified = spans.flatMap((s) => [...s.matchAll(new RegExp(`(?<![\\w./-])((?:${namespaces}|aws):[a-z][A-Za-z0-9]*)\\b`, "g"))].map((m) => m[1]));
    const bare = spans.flatMap((s) => [...s.matchAll(/^\s*([a-z]+[A-Z][A-Za-z0-9]*):(?:\s|$)/g)].map((m) => m[1]));
    return { qualified, bare };
}

/** Words the documents write like config keys that are other things' fields, each with what it is. */
const NOT_CONFIG_KEYS: Readonly<Record<string, string>> = {
    secretsProvider: "a key of state-backend.yaml",
    nodeAssociatePublicIpAddress: "an input of the eks node group (a policy rule checks it)",
    enableKeyRotation: "an input of the KMS key (a policy rule checks it)",
    reclaimPolicy: "a field of a Kubernetes StorageClass",
    maxUnavailable: "a field of a PodDisruptionBudget and of a Deployment's rolling update",
};
/** docs/refusals.md names wrong keys on purpose: each row is a mistake the programs refuse. */
const DELIBERATELY_WRONG = ["docs/refusals.md"];

describe("README and docs name only config keys that exist", () => {
    const projects = ["infra-frontend", "infra-backend", "mesh", "apps", "bootstrap"];

    it("GIVEN every document WHEN its code names a config key THEN some project declares it", () => {
        const keys = declaredKeys();
        const bareKeys = new Set([...keys].map((k) => k.split(":")[1]));
        const unknown = DOCUMENTS.filter((doc) => !DELIBERATELY_WRONG.includes(doc)).flatMap((doc) => {
            const { qualified, bare } = namedConfigKeys(text(doc), projects);
            return [...qualified.filter((k) => !keys.has(k)), ...bare.filter((k) => !bareKeys.has(k) && !(k in NOT_CONFIG_KEYS))].map((k) => `${doc}: ${k}`);
        });
        expect([...new Set(unknown)]).to.deep.equal([]);
    });

    it("GIVEN a stale key in prose code WHEN scanned THEN it is reported, with or without its namespace", () => {
        const found = namedConfigKeys("set `mesh:createServiceLinkedRole false` or `natGatewayStrategy: Single`; see `tools/plan/main.ts`", projects);
        expect(found).to.deep.equal({ qualified: ["mesh:createServiceLinkedRole"], bare: ["natGatewayStrategy"] });
    });
});
