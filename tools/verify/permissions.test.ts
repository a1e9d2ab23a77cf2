import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { VERIFY_ACTIONS } from "../../shared/components/ci-access";
import { actionsOf } from "../../policy/iam-data";

/** The IAM prefix of each AWS SDK v3 client package checks.ts calls. */
const SERVICE_OF: Record<string, string> = { "client-eks": "eks", "client-ram": "ram", "client-vpc-lattice": "vpc-lattice", "client-sts": "sts" };

/** `<service>:<Operation>` for every `XCommand` checks.ts imports, from its import lines. */
function commandsCalled(): string[] {
    const source = fs.readFileSync(path.join(__dirname, "checks.ts"), "utf8");
    const actions: string[] = [];
    for (const match of source.matchAll(/import \{([^}]+)\} from "@aws-sdk\/([a-z-]+)"/g)) {
        const service = SERVICE_OF[match[2]];
        for (const name of match[1].split(",").map((n) => n.trim())) if (name.endsWith("Command")) actions.push(`${service}:${name.slice(0, -"Command".length)}`);
    }
    return actions.sort();
}

describe("npm run verify: the IAM permissions it needs", () => {
    it("GIVEN the AWS calls of the checks WHEN listed THEN VERIFY_ACTIONS holds exactly them (GetCallerIdentity needs none), and each is an IAM action AWS defines", () => {
        expect(commandsCalled().filter((a) => a !== "sts:GetCallerIdentity")).to.deep.equal([...VERIFY_ACTIONS].sort());
        for (const action of VERIFY_ACTIONS) {
            const [service, name] = action.split(":");
            expect(actionsOf(service), action).to.include(name);
        }
    });

    it("GIVEN docs/verify.md WHEN read THEN it lists every action verify needs", () => {
        const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "verify.md"), "utf8");
        for (const action of VERIFY_ACTIONS) expect(doc, action).to.contain(`\`${action}\``);
    });
});
