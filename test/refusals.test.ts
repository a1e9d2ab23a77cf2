import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { PlanError, planEnvironment } from "../tools/sim/environment";
import { ROOT_DIR, refusal } from "./helpers/plan";
import { PROJECTS, ROLES, stackName } from "../shared/topology";
import { tempDir } from "./helpers/temp-dir";

/** One row of the README's refusal table: the table is the test's data, so the two cannot drift. */
interface Refusal {
    readonly project: string;
    readonly stack: string;
    readonly key: string;
    readonly value: unknown;
    readonly message: string;
}

function refusalTable(): Refusal[] {
    const readme = fs.readFileSync(path.join(ROOT_DIR, "docs", "refusals.md"), "utf8");
    const table = readme.slice(readme.indexOf("<!-- refusals:start -->"), readme.indexOf("<!-- refusals:end -->"));
    const cell = (text: string) => text.trim().replace(/^`|`$/g, "");
    return table
        .split("\n")
        .filter((line) => line.startsWith("| `"))
        .map((line) => {
            const [file, key, value, , message] = line.replace(/^\|\s*|\s*\|$/g, "").split(" | ").map(cell);
            const [project, stack] = file.split("/");
            return { project, stack, key, value: yaml.load(value), message };
        });
}

/** The example environment's stack files, renamed to environment `bad`, with one value changed. */
function writeEnvironment(...rows: Refusal[]): string {
    const dir = tempDir("refusal-");
    for (const role of Object.values(ROLES)) {
        const source = path.join(ROOT_DIR, role.project, `Pulumi.${stackName(role.id, "example")}.yaml`);
        const target = path.join(dir, role.project, `Pulumi.${stackName(role.id, "bad")}.yaml`);
        const parsed = (yaml.load(fs.readFileSync(source, "utf8")) ?? {}) as { config?: Record<string, unknown> };
        const file: Record<string, unknown> = { config: { ...(parsed.config ?? {}) } };
        let text: string | undefined;
        for (const row of rows.filter((r) => role.project === r.project && stackName(role.id, "bad") === r.stack)) {
            // `(file)`: the value is the file's whole text; `/key`: a top-level key of the file.
            if (row.key === "(file)") text = String(row.value);
            else if (row.key.startsWith("/")) file[row.key.slice(1)] = row.value;
            else (file.config as Record<string, unknown>)[row.key.includes(":") ? row.key : `${row.project}:${row.key}`] = row.value;
        }
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, text ?? yaml.dump(file));
    }
    return dir;
}

interface Run {
    readonly status: number | null;
    readonly stderr: string;
    readonly wroteOutput: boolean;
    /** What refused, in process: the error a program threw, or the environment check's. */
    readonly refusal?: unknown;
}

function npmStart(configDir: string): Promise<Run> {
    const out = path.join(configDir, "plan");
    return new Promise((resolve) => {
        const child = spawn(process.execPath, ["-r", "./tools/engine/register.js", "tools/plan/main.ts", "--stack", "bad", "--config-dir", configDir, "--out", out], {
            cwd: ROOT_DIR,
        });
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.stdout.resume();
        child.on("close", (status) => resolve({ status, stderr, wroteOutput: fs.existsSync(out) }));
    });
}

/** What `npm start` does, in this process: the same planner, without loading the SDKs again per row. */
async function planInProcess(configDir: string): Promise<Run> {
    try {
        // Flows are not what these rows check; tracing them would plan each reading stack twice.
        await planEnvironment("bad", { rootDir: ROOT_DIR, stackConfigDir: configDir, traceFlows: false });
        return { status: 0, stderr: "", wroteOutput: true };
    } catch (e) {
        const refusal = e instanceof PlanError && e.cause !== undefined ? e.cause : e;
        return { status: 1, stderr: `Plan of environment "bad" refused:\n${(e as Error).message}`, wroteOutput: false, refusal };
    }
}

describe("npm start refuses bad input (the README's table)", function () {
    this.timeout(120_000);
    const rows = refusalTable();

    it("GIVEN the README table THEN it has a row for each check the issue names, and every project", () => {
        expect(rows.length).to.be.at.least(12);
        expect(new Set(rows.map((r) => r.project))).to.deep.equal(new Set(PROJECTS));
    });

    rows.forEach((row) => {
        it(`GIVEN ${row.project}/${row.stack} ${row.key}: ${JSON.stringify(row.value)} WHEN planned THEN it is refused naming the key`, async () => {
            const run = await planInProcess(writeEnvironment(row));
            expect(run.status, run.stderr).to.equal(1);
            expect(run.stderr, run.stderr).to.contain(row.message);
            // A RunError (ConfigError, ContractError) is what the Pulumi CLI prints without a stack trace.
            expect(pulumi.RunError.isInstance(run.refusal), `a refusal, not a crash: ${String(run.refusal)}`).to.equal(true);
        });
    });

    it("GIVEN mistakes in three stack files WHEN planned THEN the first stack's refusal is followed by the later files' own, in deploy order, in one run", async () => {
        const pick = (project: string, key: string) => rows.find((r) => r.project === project && r.key === key)!;
        const mistakes = [pick("infra-frontend", "availabilityZones"), pick("mesh", "controllerChartVersion"), pick("apps", "databaseVolumeSize")];
        const run = await planInProcess(writeEnvironment(...mistakes));
        expect(run.status).to.equal(1);
        const [first, later] = run.stderr.split("\n\nAlso refused, each from its stack file alone (no program was run):\n");
        expect(first).to.contain(mistakes[0].message);
        expect(later, run.stderr).to.not.equal(undefined);
        expect(later, "the refused stack itself is not listed again").to.not.contain(mistakes[0].message);
        const positions = mistakes.slice(1).map((m) => later.indexOf(m.message));
        expect(positions.every((p) => p >= 0), later).to.equal(true);
        expect(positions, "in deploy order").to.deep.equal([...positions].sort((a, b) => a - b));
    });

    it("GIVEN a mistake in the last stack's file WHEN planned THEN it is refused before any program runs", async () => {
        // A root whose programs all fail as soon as they run, beside the real projects' Pulumi.yaml:
        // the refusal can only come from the stack files' own checks, made before any program.
        const root = tempDir("programs-never-run-");
        for (const project of PROJECTS) {
            fs.mkdirSync(path.join(root, project));
            fs.symlinkSync(path.join(ROOT_DIR, project, "Pulumi.yaml"), path.join(root, project, "Pulumi.yaml"));
            fs.writeFileSync(path.join(root, project, "index.ts"), `throw new Error("the ${project} program ran");\n`);
        }
        const row = rows.find((r) => r.project === "apps" && r.stack === "bad-frontend")!;
        const configDir = writeEnvironment(row);
        const error = await refusal(planEnvironment("bad", { rootDir: root, stackConfigDir: configDir, traceFlows: false }));
        expect(error.message.split("\n").slice(0, 2)).to.deep.equal(["organization/apps/bad-frontend failed:", "Invalid configuration for stack apps/bad-frontend:"]);
        expect(error.message).to.contain(row.message);
        expect(error.message).to.not.contain("program ran");
        expect(pulumi.RunError.isInstance((error as PlanError).cause)).to.equal(true);
    });

    it("GIVEN one mistake WHEN planned THEN nothing else is said to be refused", async () => {
        const run = await planInProcess(writeEnvironment(rows.find((r) => r.project === "infra-frontend" && r.key === "availabilityZones")!));
        expect(run.stderr).to.not.contain("Also refused");
    });

    // The command itself, once: exit 1, the message, no plan written. Every row above goes through the
    // same planner in this process; the command only adds printing it and the exit code.
    for (const project of ["mesh"]) {
        const row = rows.find((r) => r.project === project)!;
        it(`GIVEN ${row.project}/${row.stack} ${row.key}: ${JSON.stringify(row.value)} WHEN npm start runs THEN it exits 1 and leaves no plan`, async () => {
            const run = await npmStart(writeEnvironment(row));
            expect(run.status, run.stderr).to.equal(1);
            expect(run.stderr).to.contain(`Plan of environment "bad" refused`);
            expect(run.stderr, run.stderr).to.contain(row.message);
            expect(run.wroteOutput).to.equal(false);
            expect(run.stderr, "a refusal, not a crash").to.not.match(/\n\s+at .+:\d+:\d+/);
        });
    }
});
