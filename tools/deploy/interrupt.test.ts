import { expect } from "chai";
import { interrupts } from "./interrupt";

function recorder(terminalDeliversSigint: boolean) {
    const said: string[] = [];
    const quits: number[] = [];
    const interrupt = interrupts({ terminalDeliversSigint, say: (l) => said.push(l), status: () => "Running: x.", quit: (code) => quits.push(code) });
    return { interrupt, said, quits };
}

describe("deploy interrupts (Ctrl-C, SIGTERM)", () => {
    it("GIVEN a terminal WHEN Ctrl-C arrives THEN no stack starts, and the running pulumi processes, which got it too, are not signalled a second time", () => {
        const { interrupt, said, quits } = recorder(true);
        interrupt.handle("SIGINT");
        expect([interrupt.stop.aborted, interrupt.cancel.aborted, quits]).to.deep.equal([true, false, []]);
        expect(said).to.deep.equal([
            "Interrupted (SIGINT): starting no further stack and cancelling the running ones cleanly; Ctrl-C again quits at once.",
            "Running: x.",
        ]);
    });

    it("GIVEN no terminal, or a SIGTERM WHEN it arrives THEN the running pulumi processes are told to cancel", () => {
        const sigint = recorder(false);
        sigint.interrupt.handle("SIGINT");
        expect([sigint.interrupt.stop.aborted, sigint.interrupt.cancel.aborted]).to.deep.equal([true, true]);
        const sigterm = recorder(true);
        sigterm.interrupt.handle("SIGTERM");
        expect([sigterm.interrupt.stop.aborted, sigterm.interrupt.cancel.aborted]).to.deep.equal([true, true]);
    });

    it("GIVEN an interrupted run WHEN a second signal arrives THEN it quits at once with 128 + the signal's number", () => {
        const { interrupt, said, quits } = recorder(true);
        interrupt.handle("SIGINT");
        interrupt.handle("SIGINT");
        interrupt.handle("SIGTERM");
        expect(quits).to.deep.equal([130, 143]);
        expect(said[2]).to.match(/^SIGINT again: leaving now\. A stack Pulumi had not finished cancelling may stay locked/);
    });
});
