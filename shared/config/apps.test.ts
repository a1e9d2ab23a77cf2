import { expect } from "chai";
import { problemOf } from "../../test/helpers/validators";
import { canaryWeights, signedCallsRefusal } from "./apps";

const FILE = "apps/Pulumi.dev-backend.yaml";

describe("apps config: the appserver canary's weights", () => {
    it("GIVEN [stable, canary] from 0 to 100 summing above 0 THEN they are the route's weights, all to one side included", () => {
        expect(canaryWeights(["90", "10"], FILE)).to.deep.equal({ stable: 90, canary: 10 });
        expect(canaryWeights(["0", "100"], FILE)).to.deep.equal({ stable: 0, canary: 100 });
        expect(canaryWeights(["100", "0"], FILE)).to.deep.equal({ stable: 100, canary: 0 });
    });

    it("GIVEN weights that send nothing, leave 0-100, are not whole or not two THEN each is refused naming the file and the fix", () => {
        expect(problemOf(() => canaryWeights(["0", "0"], FILE))).to.equal(
            "[0, 0] sends no call anywhere (the weights sum to 0) / give the stable or the canary a weight above 0 in apps/Pulumi.dev-backend.yaml; to stop the canary, remove apps:appserverCanaryImage",
        );
        const shape = "write [stable, canary] in apps/Pulumi.dev-backend.yaml, each 0 to 100, such as [90, 10]";
        expect(problemOf(() => canaryWeights(["101", "10"], FILE))).to.equal(`101 in [101, 10] is not a whole number from 0 to 100 / ${shape}`);
        expect(problemOf(() => canaryWeights(["90", "-1"], FILE))).to.equal(`-1 in [90, -1] is not a whole number from 0 to 100 / ${shape}`);
        expect(problemOf(() => canaryWeights(["90", "9.5"], FILE))).to.equal(`9.5 in [90, 9.5] is not a whole number from 0 to 100 / ${shape}`);
        expect(problemOf(() => canaryWeights(["90"], FILE))).to.equal(`[90] is not two weights / ${shape}`);
        expect(problemOf(() => canaryWeights(["80", "10", "10"], FILE))).to.equal(`[80, 10, 10] is not two weights / ${shape}`);
    });
});

describe("apps config: signed calls need Lattice alone (signedCallsRefusal)", () => {
    it("GIVEN apps:transport lattice THEN signed calls are accepted", () => {
        expect(signedCallsRefusal("lattice", "infra-frontend/Pulumi.dev.yaml", "apps/Pulumi.dev-frontend.yaml")).to.equal(undefined);
    });

    it("GIVEN apps:transport both THEN they are refused naming the infra key and file, the apps file and the fix", () => {
        expect(signedCallsRefusal("both", "infra-frontend/Pulumi.dev.yaml", "apps/Pulumi.dev-backend.yaml")?.message).to.equal(
            "Invalid configuration for signed calls (infra-frontend/Pulumi.dev.yaml):\n" +
                "  - infra-frontend:latticeSignedCalls: is true in infra-frontend/Pulumi.dev.yaml, but apps:transport is both in apps/Pulumi.dev-backend.yaml: yelb-ui's calls may go through App Mesh's Envoy, unsigned, and its service account carries Envoy's role. " +
                "Fix: finish the move to apps:transport: lattice in every apps stack first (docs/transports.md, migration), or remove latticeSignedCalls from infra-frontend/Pulumi.dev.yaml.",
        );
    });
});
