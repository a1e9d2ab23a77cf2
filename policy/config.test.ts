import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { ROOT_DIR } from "../test/helpers/plan";
import { RAM_SHARE_POLICY, environmentAccounts, writePolicyPackConfig } from "./config";
import { tempDir } from "../test/helpers/temp-dir";

describe("policy pack config", () => {
    it("GIVEN the example environment WHEN its config is written THEN RAM may share with exactly its two accounts", () => {
        const file = path.join(tempDir("policy-config-"), "config.json");
        writePolicyPackConfig(ROOT_DIR, "example", file);
        expect(JSON.parse(fs.readFileSync(file, "utf8"))).to.deep.equal({ [RAM_SHARE_POLICY]: { allowedPrincipals: ["111111111111", "222222222222"] } });
    });

    it("GIVEN an environment without infra stack files WHEN asked THEN it names the missing file", () => {
        expect(() => environmentAccounts(ROOT_DIR, "nowhere")).to.throw("No stack config infra-frontend/Pulumi.nowhere.yaml");
    });
});
