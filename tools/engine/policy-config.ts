import * as path from "path";
import { writePolicyPackConfig } from "../../policy/config";

// `node -r ./tools/engine/register.js tools/engine/policy-config.ts --stack ENV --out FILE`: the policy
// pack's config for an environment (its two accounts), for `pulumi preview --policy-pack-config`.
const args = process.argv.slice(2);
const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const environment = value("--stack");
const out = value("--out");
if (!environment || !out) {
    console.error("usage: tools/engine/policy-config.ts --stack ENVIRONMENT --out FILE");
    process.exit(2);
}
try {
    console.log(writePolicyPackConfig(path.resolve(__dirname, "..", ".."), environment, path.resolve(out)));
} catch (e) {
    console.error((e as Error).message);
    process.exit(1);
}
