import { expect } from "chai";
import { markText, traceFlows } from "./flows";

describe("flow markers", () => {
    it("GIVEN strings of several kinds WHEN marked THEN each keeps its kind and shifts letters and digits", () => {
        expect(markText("yelb", 1)).to.equal("zfmc");
        expect(markText("111111111111", 1)).to.equal("222222222222");
        expect(markText("us-west-2", 2)).to.equal("wu-yguv-4");
        expect(markText("https://oidc.eks/id/AB9", 1)).to.equal("https://pjed.flt/je/BC0");
        expect(markText("arn:aws:appmesh:us-west-2:111111111111:mesh/m", 1)).to.equal("arn:aws:appmesh:vt-xftu-3:222222222222:nfti/n");
        expect(markText("10.192.0.0/16", 3)).to.equal("10.195.0.0/16");
    });

    it("GIVEN a program that refuses every changed value WHEN traced THEN no flow is shown and each output says why", async () => {
        const stored = { outputs: { name: "mesh-a", port: 80, token: "t0k3n" }, secretOutputNames: ["token"] };
        const first = [{ urn: "urn:pulumi:s::p::x:y:Z::a", type: "x:y:Z", name: "a", custom: true, dependencies: [], inputs: { label: "mesh-a" }, outputs: {} }];
        let runs = 0;
        const trace = await traceFlows(["org/p/s"], () => stored, first, async () => {
            runs++;
            throw new Error("the webhook rejects it\nsecond line");
        });
        // All marked (distinct, then shared by value), then each alone.
        expect(runs).to.equal(4);
        expect(trace).to.deep.equal({
            flows: [],
            untraced: [
                { from: "org/p/s", output: "token", reason: "a secret: its value is never shown" },
                { from: "org/p/s", output: "name", reason: "the program refuses a changed value (the webhook rejects it)" },
                { from: "org/p/s", output: "port", reason: "the program refuses a changed value (the webhook rejects it)" },
            ],
        });
    });

    it("GIVEN a program that refuses a change of one setting only WHEN traced THEN the other outputs' flows are still proven", async () => {
        const stored = { outputs: { transport: "lattice", name: "mesh-a" }, secretOutputNames: [] };
        const first = [{ urn: "urn:pulumi:s::p::x:y:Z::a", type: "x:y:Z", name: "a", custom: true, dependencies: [], inputs: { label: "mesh-a" }, outputs: {} }];
        const trace = await traceFlows(["org/p/s"], () => stored, first, async (answers) => {
            const outputs = answers.get("org/p/s")!.outputs;
            if (outputs.transport !== "lattice") throw new Error("transport differs");
            return [{ ...first[0], inputs: { label: outputs.name } }];
        });
        expect(trace).to.deep.equal({
            flows: [{ from: "org/p/s", output: "name", value: "mesh-a", into: ["a.label"] }],
            untraced: [{ from: "org/p/s", output: "transport", reason: "the program refuses a changed value (transport differs)" }],
        });
    });
});
