import * as pulumi from "@pulumi/pulumi";
import { LatticeAccount, latticeResource, managedPrefixList, routeWriteBack } from "../../tools/sim/lattice";

// Waits for the runtime's outstanding registrations; internal to @pulumi/pulumi, hence untyped.
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs: () => Promise<void> };

export interface Declared {
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, any>;
}

export const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";

/**
 * A minimal simulated cloud for the Lattice components alone: Lattice resources, the prefix-list
 * lookup and the controller's route write-back come from tools/sim/lattice.ts; everything else
 * echoes its inputs with an ID and an ARN.
 */
class LatticeMocks implements pulumi.runtime.Mocks {
    readonly declared: Declared[] = [];
    constructor(private readonly account: LatticeAccount) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, any> } {
        this.declared.push({ type: args.type, name: args.name, inputs: args.inputs });
        const lattice = latticeResource(this.account, args.type, args.name, args.inputs);
        if (lattice) return lattice;
        if (args.type === HTTP_ROUTE) {
            const metadata = { ...args.inputs.metadata, annotations: routeWriteBack(this.account, args.inputs.metadata) };
            return { id: `${metadata.namespace}/${metadata.name}`, state: { ...args.inputs, metadata } };
        }
        if (!args.custom) return { id: undefined, state: args.inputs };
        const id = `${args.name}-id`;
        return { id, state: { ...args.inputs, arn: `arn:aws:mock:${this.account.region}:${this.account.accountId}:${args.name}` } };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, any> {
        if (args.token === "aws:ec2/getManagedPrefixList:getManagedPrefixList") return managedPrefixList(this.account, args.inputs);
        throw new Error(`no mock for invoke ${args.token}`);
    }
}

export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

/** Runs `build` under fresh mocks in `account`; returns what it declared and the values `build` resolved. */
export async function declare<T>(account: LatticeAccount, build: () => Promise<T>): Promise<{ declared: Declared[]; result: T }> {
    const mocks = new LatticeMocks(account);
    await pulumi.runtime.setMocks(mocks, "lattice-test", "test", false);
    const result = await build();
    await waitForRPCs();
    return { declared: mocks.declared, result };
}

export function ofType(declared: Declared[], type: string): Declared[] {
    return declared.filter((d) => d.type === type);
}
