import { expect } from "chai";
import { EnvironmentDescription } from "./environment";
import { buildTopology, topologyWaves } from "./topology";

const HUB: EnvironmentDescription = {
    serviceNetworkOwner: "network",
    accounts: [{ name: "network" }, { name: "frontend" }, { name: "backend" }],
    services: [{ name: "yelb-appserver", provider: "backend", consumers: ["frontend"] }],
};

/** A topology as `id project/stack <- reads`, one line per stack, by wave. */
const shown = (environment: string, description?: EnvironmentDescription) =>
    topologyWaves(buildTopology(environment, description)).map((wave) => wave.map((e) => `${e.id} ${e.project}/${e.stack} <- ${e.reads.join(", ")}`));

describe("topology built from the environment description", () => {
    it("GIVEN the two-account design WHEN built THEN it is the six stacks, their names and reads as before accounts were data", () => {
        expect(shown("dev")).to.deep.equal([
            ["infra-frontend infra-frontend/dev <- ", "infra-backend infra-backend/dev <- "],
            ["mesh-owner mesh/dev-frontend <- infra-frontend, infra-backend"],
            ["mesh-participant mesh/dev-backend <- infra-backend, mesh-owner"],
            ["apps-backend apps/dev-backend <- infra-backend, mesh-participant, infra-frontend"],
            ["apps-frontend apps/dev-frontend <- infra-frontend, mesh-owner, apps-backend"],
        ]);
        expect(buildTopology("dev").entries.map((e) => e.overrideKey)).to.deep.equal([
            "infraFrontendStack",
            "infraBackendStack",
            "meshOwnerStack",
            "meshParticipantStack",
            "appsBackendStack",
            "appsFrontendStack",
        ]);
    });

    it("GIVEN the hub WHEN built THEN the network account has only the owner mesh stack, each workload account joins it, and yelb-ui's apps read the appserver's", () => {
        expect(shown("hub", HUB)).to.deep.equal([
            ["infra-frontend infra-frontend/hub <- ", "infra-backend infra-backend/hub <- "],
            ["mesh-owner mesh/hub-network <- infra-frontend, infra-backend"],
            ["mesh-participant-frontend mesh/hub-frontend <- infra-frontend, mesh-owner", "mesh-participant-backend mesh/hub-backend <- infra-backend, mesh-owner"],
            ["apps-backend apps/hub-backend <- infra-backend, mesh-participant-backend, infra-frontend"],
            ["apps-frontend apps/hub-frontend <- infra-frontend, mesh-owner, mesh-participant-frontend, apps-backend"],
        ]);
        // Override keys are declared per kind: a kind several accounts play has none.
        expect(buildTopology("hub", HUB).entries.filter((e) => e.overrideKey === undefined).map((e) => e.id)).to.deep.equal([
            "mesh-participant-frontend",
            "mesh-participant-backend",
        ]);
    });
});
