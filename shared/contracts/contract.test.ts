import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ContractError, defineContract, readContract } from "./contract";

const contract = defineContract("example", {
    arn: { kind: "string", description: "an ARN" },
    port: { kind: "number", description: "a port" },
    subnets: { kind: "string[]", description: "subnets" },
    token: { kind: "string", secret: true, description: "a secret" },
} as const);

/** A StackReference stand-in: the reader only calls getOutputDetails; `read` records each call. */
function referenceWith(outputs: Record<string, unknown>, secrets: string[] = [], read: string[] = []): pulumi.StackReference {
    return {
        getOutputDetails: async (name: string) => {
            read.push(name);
            return secrets.includes(name) ? { secretValue: outputs[name] } : { value: outputs[name] };
        },
    } as unknown as pulumi.StackReference;
}

async function failure(outputs: Record<string, unknown>, fields?: readonly (keyof typeof contract.schema)[]): Promise<string> {
    try {
        await readContract(contract, referenceWith(outputs), "org/proj/stack", "projStack", fields);
    } catch (e) {
        expect(e).to.be.instanceOf(ContractError);
        return (e as Error).message;
    }
    throw new Error("expected the reader to refuse");
}

describe("stack contract reader", () => {
    it("GIVEN every output of the right type WHEN read THEN plain values come back and secrets stay secret", async () => {
        const values = await readContract(
            contract,
            referenceWith({ arn: "arn:aws:x", port: 4567, subnets: [], token: "t" }, ["token"]),
            "org/proj/stack",
            "projStack",
        );
        expect(values.arn).to.equal("arn:aws:x");
        expect(values.port).to.equal(4567);
        expect(values.subnets).to.deep.equal([]);
        expect(await pulumi.isSecret(values.token)).to.equal(true);
    });

    it("GIVEN missing and mistyped outputs WHEN read THEN one message names the stack, each output and the override key", async () => {
        const message = await failure({ arn: 42, subnets: ["a", 1], token: "t" });
        expect(message).to.equal(
            [
                "Stack org/proj/stack does not provide the example contract:",
                "  missing outputs: port",
                "  wrong types: arn is number, expected string; subnets is object, expected string[]",
                "Deploy org/proj/stack first (pulumi up in its project), or point config key projStack at the stack that provides it.",
            ].join("\n"),
        );
    });

    it("GIVEN named fields WHEN read THEN only those are read, and only those come back", async () => {
        const read: string[] = [];
        const values = await readContract(contract, referenceWith({ arn: "arn:aws:x" }, [], read), "org/proj/stack", "projStack", ["arn"]);
        expect(read).to.deep.equal(["arn"]);
        expect(values).to.deep.equal({ arn: "arn:aws:x" });
    });

    it("GIVEN a named field missing WHEN read THEN the same message names the stack and that output", async () => {
        const message = await failure({ arn: "arn:aws:x", subnets: [] }, ["arn", "port"]);
        expect(message).to.equal(
            [
                "Stack org/proj/stack does not provide the example contract:",
                "  missing outputs: port",
                "Deploy org/proj/stack first (pulumi up in its project), or point config key projStack at the stack that provides it.",
            ].join("\n"),
        );
    });
});
