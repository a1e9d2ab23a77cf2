import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { destroyGate, destroyRefusal, environmentProblems, findOnPath, missingCliMessage } from "./preflight";
import { StateBackend } from "../engine/state-backend";
import { tempDir } from "../../test/helpers/temp-dir";

function file(dir: string, name: string, mode: number): string {
    const p = path.join(dir, name);
    fs.writeFileSync(p, "#!/bin/sh\n", { mode });
    return p;
}

const LOCAL: StateBackend = { kind: "local", url: "file:///repo/.pulumi-state" };
const PASSPHRASE_PROBLEM =
    "The local state backend (.pulumi-state/) encrypts stack secrets with a passphrase: set PULUMI_CONFIG_PASSPHRASE " +
    "(or PULUMI_CONFIG_PASSPHRASE_FILE) to the same passphrase on every run, or choose another backend in state-backend.yaml (docs/operations.md).";

describe("orchestrator preflight checks", () => {
    it("GIVEN PATH WHEN looking for pulumi THEN the first executable file wins; directories and non-executables are skipped", () => {
        const [a, b, c] = [tempDir("orchestrate-"), tempDir("orchestrate-"), tempDir("orchestrate-")];
        file(a, "pulumi", 0o644); // not executable
        fs.mkdirSync(path.join(b, "pulumi")); // a directory
        const found = file(c, "pulumi", 0o755);
        const later = file(tempDir("orchestrate-"), "pulumi", 0o755);
        const PATH = [a, b, c, path.dirname(later)].join(path.delimiter);
        expect(findOnPath("pulumi", { PATH }, "linux")).to.equal(found);
        expect(findOnPath("pulumi", { PATH: [a, b].join(path.delimiter) }, "linux")).to.equal(undefined);
        expect(findOnPath("pulumi", {}, "linux")).to.equal(undefined);
    });

    it("GIVEN no Pulumi CLI WHEN reported THEN one line says how to install it", () => {
        const message = missingCliMessage("preview");
        expect(message).to.equal(
            'npm run preview needs the Pulumi CLI, and there is no "pulumi" on PATH: install it with "curl -fsSL https://get.pulumi.com | sh" ' +
                "(or see https://www.pulumi.com/docs/install/), open a new shell, and run it again.",
        );
        expect(message).to.not.contain("\n");
    });

    it("GIVEN the local backend WHEN no passphrase is set THEN it says what to set; a set one (even empty) or a file passes", () => {
        expect(environmentProblems({}, LOCAL)).to.deep.equal([PASSPHRASE_PROBLEM]);
        expect(environmentProblems({ PULUMI_CONFIG_PASSPHRASE: "" }, LOCAL)).to.deep.equal([]);
        expect(environmentProblems({ PULUMI_CONFIG_PASSPHRASE_FILE: "/secrets/pass" }, LOCAL)).to.deep.equal([]);
        expect(environmentProblems({}, { kind: "cloud", url: "https://api.pulumi.com", organization: "acme" }), "another backend has its own secrets").to.deep.equal([]);
    });

    it("GIVEN static AWS keys in the environment WHEN checked THEN they are refused because they would beat both profiles", () => {
        const env = { PULUMI_CONFIG_PASSPHRASE: "x", AWS_ACCESS_KEY_ID: "AKIA", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "" };
        expect(environmentProblems(env, LOCAL)).to.deep.equal([
            "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY are set: static AWS keys override AWS_PROFILE, so every stack would run in one account. " +
                "Unset them and let the profiles choose the account (--profile ACCOUNT=PROFILE, or --frontend-profile and --backend-profile).",
        ]);
        expect(environmentProblems({ AWS_SESSION_TOKEN: "t" }, LOCAL)[0]).to.match(/^AWS_SESSION_TOKEN is set: .* Unset it and/);
    });

    it("GIVEN destroy WHEN there is no terminal and no --yes THEN it is refused; at a terminal it asks", () => {
        expect(destroyGate(true, false)).to.equal("proceed");
        expect(destroyGate(false, true)).to.equal("ask");
        expect(destroyGate(false, false)).to.equal("refuse");
        expect(destroyRefusal("dev")).to.equal(
            'npm run destroy deletes every resource of the 6 stacks of "dev" and there is no terminal to confirm it at: add --yes to run it anyway.',
        );
    });
});
