import { expect } from "chai";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { planEnvironment } from "../tools/sim/environment";
import { UsageError, UserError } from "../tools/engine/cli";
import { NewEnvironment, parseArgs } from "../tools/new-environment/args";
import { environmentFiles, writeEnvironment } from "../tools/new-environment/write";
import { PROJECTS } from "../shared/topology";
import { ROOT_DIR } from "./helpers/plan";
import { tempDir } from "./helpers/temp-dir";

const FRONTEND = "123456789012";
const BACKEND = "210987654321";
const LINE = ["--name", "dev", "--frontend-account", FRONTEND, "--backend-account", BACKEND, "--region", "eu-west-1", "--run-from", "203.0.113.7/32"];

function request(extra: string[] = []): NewEnvironment {
    const parsed = parseArgs([...LINE, ...extra]);
    if (parsed === "help") throw new Error("unexpected help");
    return parsed;
}

function problemsOf(argv: string[]): readonly string[] {
    try {
        parseArgs(argv);
    } catch (e) {
        if (e instanceof UserError) return e.problems;
        throw e;
    }
    throw new Error("not refused");
}

const tmp = () => tempDir("new-env-");
const configOf = (file: string) => (yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> }).config;

/** A copy of the projects' Pulumi.yaml and example stack files, to try a key this checkout lacks. */
function rootWith(meshKeys: Record<string, unknown>, appsKeys: Record<string, unknown>): string {
    const root = tmp();
    for (const project of PROJECTS) {
        fs.mkdirSync(path.join(root, project));
        for (const file of fs.readdirSync(path.join(ROOT_DIR, project)).filter((f) => f === "Pulumi.yaml" || f.startsWith("Pulumi.example"))) {
            fs.copyFileSync(path.join(ROOT_DIR, project, file), path.join(root, project, file));
        }
    }
    for (const [project, keys] of [["mesh", meshKeys], ["apps", appsKeys], ["infra-backend", {}]] as const) {
        const file = path.join(root, project, "Pulumi.yaml");
        const parsed = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
        // Only the given choice keys are declared: a checkout from before (or without) the transport choice.
        const { transport: _transport, ramSharing: _ramSharing, ...others } = parsed.config;
        fs.writeFileSync(file, yaml.dump({ ...parsed, config: { ...others, ...keys } }));
    }
    return root;
}

describe("npm run new-environment", function () {
    this.timeout(120_000);

    it("GIVEN two accounts and a region WHEN written to a config dir THEN the environment plans, each side in its own account and region", async () => {
        const dir = tmp();
        const written = writeEnvironment(ROOT_DIR, dir, request(["--frontend-profile", "fe"]));
        expect(written.map((f) => path.relative(dir, f))).to.deep.equal([
            "infra-frontend/Pulumi.dev.yaml",
            "infra-backend/Pulumi.dev.yaml",
            "mesh/Pulumi.dev-frontend.yaml",
            "mesh/Pulumi.dev-backend.yaml",
            "apps/Pulumi.dev-backend.yaml",
            "apps/Pulumi.dev-frontend.yaml",
        ]);
        expect(configOf(path.join(dir, "infra-frontend/Pulumi.dev.yaml"))).to.deep.equal({
            "aws:region": "eu-west-1",
            "aws:allowedAccountIds": [FRONTEND],
            "aws:profile": "fe",
            "infra-frontend:clusterEndpointAccess": "public-and-private",
            "infra-frontend:clusterEndpointPublicAccessCidrs": ["203.0.113.7/32"],
        });
        expect(configOf(path.join(dir, "infra-backend/Pulumi.dev.yaml"))).to.deep.equal({
            "aws:region": "eu-west-1",
            "aws:allowedAccountIds": [BACKEND],
            "infra-backend:clusterEndpointAccess": "public-and-private",
            "infra-backend:clusterEndpointPublicAccessCidrs": ["203.0.113.7/32"],
            "infra-backend:transport": "lattice",
        });
        expect(fs.readFileSync(path.join(dir, "infra-backend/Pulumi.dev.yaml"), "utf8")).to.contain(
            "# pulumi and kubectl run from 203.0.113.7/32: the cluster APIs are public to those CIDRs only.\n",
        );

        const plan = await planEnvironment("dev", { rootDir: ROOT_DIR, stackConfigDir: dir, traceFlows: false });
        expect(plan.stacks.map((s) => `${s.project}/${s.stack} ${s.account} ${s.region}`)).to.have.members([
            `infra-frontend/dev ${FRONTEND} eu-west-1`,
            `infra-backend/dev ${BACKEND} eu-west-1`,
            `mesh/dev-frontend ${FRONTEND} eu-west-1`,
            `mesh/dev-backend ${BACKEND} eu-west-1`,
            `apps/dev-backend ${BACKEND} eu-west-1`,
            `apps/dev-frontend ${FRONTEND} eu-west-1`,
        ]);
        const clusters = plan.stacks.flatMap((s) => s.resources.filter((r) => r.type === "eks:index:Cluster"));
        expect(clusters.map((c) => [c.inputs.endpointPublicAccess, c.inputs.publicAccessCidrs])).to.deep.equal([
            [true, ["203.0.113.7/32"]],
            [true, ["203.0.113.7/32"]],
        ]);
    });

    it("GIVEN --run-from vpc WHEN written THEN both cluster APIs stay private and the files say deploy runs inside the VPCs", () => {
        const files = environmentFiles(ROOT_DIR, request(["--run-from", "vpc"]));
        const infra = files.filter((f) => f.role.startsWith("infra-"));
        expect(infra.map((f) => (yaml.load(f.text) as { config: Record<string, unknown> }).config)).to.deep.include.members([
            { "aws:region": "eu-west-1", "aws:allowedAccountIds": [FRONTEND], "infra-frontend:clusterEndpointAccess": "private", "infra-frontend:clusterEndpointPublicAccessCidrs": [] },
            {
                "aws:region": "eu-west-1",
                "aws:allowedAccountIds": [BACKEND],
                "infra-backend:clusterEndpointAccess": "private",
                "infra-backend:clusterEndpointPublicAccessCidrs": [],
                "infra-backend:transport": "lattice",
            },
        ]);
        for (const f of infra) expect(f.text).to.contain("# pulumi and kubectl run inside (or routed into) the VPCs: run npm run deploy there, with --from-inside-vpc.\n");
        expect(files.filter((f) => !f.role.startsWith("infra-")).map((f) => f.text).join("")).to.not.contain("clusterEndpoint");
    });

    it("GIVEN --run-from that is neither vpc nor good CIDRs WHEN parsed THEN each is refused with the fix", () => {
        const line = (where: string) => ["--name", "dev", "--frontend-account", FRONTEND, "--backend-account", BACKEND, "--region", "us-west-2", "--run-from", where];
        expect(problemsOf(line("laptop,10.0.0.0/33"))).to.deep.equal([
            '--run-from: "laptop", "10.0.0.0/33" is neither vpc nor a CIDR. Fix: --run-from vpc, or your public addresses such as --run-from 203.0.113.7/32.',
        ]);
        expect(problemsOf(line("0.0.0.0/0"))).to.deep.equal(["--run-from: 0.0.0.0/0 opens the Kubernetes API to the whole internet. Fix: list only your own networks' CIDRs."]);
        expect(parseArgs(line("198.51.100.0/24,203.0.113.7/32"))).to.deep.include({ runFrom: ["198.51.100.0/24", "203.0.113.7/32"] });
    });

    it("GIVEN one of the six files exists WHEN written THEN it is refused naming it, and no file is written", () => {
        const dir = tmp();
        fs.mkdirSync(path.join(dir, "mesh"));
        fs.writeFileSync(path.join(dir, "mesh", "Pulumi.dev-backend.yaml"), "config: {}\n");
        expect(() => writeEnvironment(ROOT_DIR, dir, request()))
            .to.throw(UserError)
            .with.property("message", `${path.join(dir, "mesh", "Pulumi.dev-backend.yaml")} already exists, so nothing was written. Fix: choose another --name, or edit or delete those files.`);
        expect(fs.readdirSync(dir)).to.deep.equal(["mesh"]);
        expect(fs.readFileSync(path.join(dir, "mesh", "Pulumi.dev-backend.yaml"), "utf8")).to.equal("config: {}\n");
    });

    it("GIVEN bad values WHEN parsed THEN each is refused in one line with the validators' fix, placeholders included", () => {
        expect(problemsOf(["--name", "../etc", "--frontend-account", "111111111111", "--backend-account", "12", "--region", "us-west-9", "--transport", "latice", "--run-from", "vpc"])).to.deep.equal([
            '--name: environment "../etc" is not a valid name: use letters, digits, "-" and "_", starting with a letter or digit (it names the stacks and the EKS clusters yelb-<environment>-frontend), e.g. dev.',
            "--frontend-account: 111111111111 is a placeholder (twelve identical digits, as in the example), which no AWS account has. Fix: give your frontend account's ID.",
            '--backend-account: "12" is not an AWS account ID. Fix: write the 12-digit account ID, quoted in YAML so leading zeros are kept.',
            '--region: "us-west-9" is not an AWS region. Fix: write a region such as us-west-2 (see aws ec2 describe-regions).',
            '--transport: "latice" is not one of lattice, appmesh, both (did you mean lattice?).',
        ]);
        expect(problemsOf(["--name", "dev", "--frontend-account", FRONTEND, "--backend-account", FRONTEND, "--region", "us-west-2", "--run-from", "vpc"])).to.deep.equal([
            `--backend-account: the frontend and backend are the same account ${FRONTEND}. Fix: give two different accounts.`,
        ]);
        expect(() => parseArgs(["--name", "dev", "--region", "us-west-2"]))
            .to.throw(UsageError)
            .with.property("message", "missing --frontend-account, --backend-account, --run-from. Run `npm run new-environment -- --help` for every option.");
        expect(parseArgs(["--name", "dev", "-h"])).to.equal("help");
    });

    it("GIVEN projects that declare transport and ramSharing WHEN written THEN each stack of a declaring project gets the choice, Lattice by default", () => {
        const declared = { type: "string", description: "d", default: "appmesh" };
        const root = rootWith({ transport: declared, ramSharing: { ...declared, default: "invitation" } }, { transport: declared });
        const config = (files: ReturnType<typeof environmentFiles>) =>
            Object.fromEntries(files.map((f) => [f.file, (yaml.load(f.text) as { config: Record<string, unknown> }).config]));
        expect(config(environmentFiles(root, request(["--ram-sharing", "organization"])))).to.deep.include({
            "mesh/Pulumi.dev-frontend.yaml": { "mesh:transport": "lattice", "mesh:ramSharing": "organization" },
            "mesh/Pulumi.dev-backend.yaml": { "mesh:transport": "lattice", "mesh:ramSharing": "organization" },
            "apps/Pulumi.dev-backend.yaml": { "apps:transport": "lattice" },
            "apps/Pulumi.dev-frontend.yaml": { "apps:transport": "lattice" },
        });
        expect(config(environmentFiles(root, request(["--transport", "both"])))["apps/Pulumi.dev-frontend.yaml"]).to.deep.equal({ "apps:transport": "both" });
    });

    it("GIVEN a checkout whose projects do not declare ramSharing WHEN it is asked for THEN it is refused, and no transport is written", () => {
        const root = rootWith({}, {});
        expect(() => environmentFiles(root, request(["--ram-sharing", "organization"])))
            .to.throw(UserError)
            .with.property("message", "--ram-sharing: no project of this checkout declares ramSharing in its Pulumi.yaml. Fix: leave --ram-sharing out.");
        const files = environmentFiles(root, request());
        expect(files.map((f) => f.text).join("")).to.not.contain("transport");
    });

    it("GIVEN an example value naming the example environment WHEN written THEN it names the new environment", () => {
        const root = rootWith({}, {});
        fs.writeFileSync(path.join(root, "mesh", "Pulumi.example-frontend.yaml"), "config:\n  mesh:meshName: yelb-example-mesh\n  mesh:note: examples\n");
        const owner = environmentFiles(root, request()).find((f) => f.role === "mesh-owner")!;
        expect((yaml.load(owner.text) as { config: unknown }).config).to.deep.equal({ "mesh:meshName": "yelb-dev-mesh", "mesh:note": "examples" });
    });
});
