import { expect } from "chai";
import { InvalidValue } from "../../shared/config/errors";

/** `problem / fix` of the InvalidValue a validator throws; fails the test when it accepts the value. */
export function problemOf(f: () => unknown): string {
    try {
        f();
    } catch (e) {
        expect(e).to.be.instanceOf(InvalidValue);
        return `${(e as InvalidValue).problem} / ${(e as InvalidValue).fix}`;
    }
    throw new Error("expected the validator to refuse");
}
