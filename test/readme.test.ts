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
import { environmentNameProblem } from "../shared/environment-name";
import { ROOT_DIR } from "./helpers/plan";

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
        [...code.matchAll(/\bnpm (ci|test|start|run ([a-z][\w-]*(?:\|[a-z][\w-]*)*))([^;&|)\n]*)/g)].map((m) => {
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
        else if (script === "new-environment") parseNewEnvironment(args);
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
