/**
 * Ctrl-C and SIGTERM during a run: the first stops new stacks from starting and has the running
 * `pulumi` operations cancelled the way Pulumi cancels on its own Ctrl-C (they end their resource
 * operations, save the state and release the lock); the second leaves at once.
 */
export type InterruptSignal = "SIGINT" | "SIGTERM";

export interface InterruptSettings {
    /**
     * A terminal's Ctrl-C reaches every process of the foreground group, the `pulumi` ones too, so
     * a SIGINT must not be passed on again (Pulumi quits at once on a second one). True when stdin
     * is a terminal; a SIGTERM (or a SIGINT sent to this process alone) is always passed on.
     */
    readonly terminalDeliversSigint: boolean;
    /** Prints a line to stderr. */
    readonly say: (line: string) => void;
    /** Which stacks are running, finished and not started, as one line. */
    readonly status: () => string;
    /** Leaves at once with this exit code (the second signal). */
    readonly quit: (code: number) => void;
}

export interface Interrupts {
    /** Aborted on the first signal: no further stack starts. */
    readonly stop: AbortSignal;
    /** Aborted when the running `pulumi` operations must be told to cancel (see terminalDeliversSigint). */
    readonly cancel: AbortSignal;
    handle(signal: InterruptSignal): void;
}

/** 128 + the signal's number, as shells report a process ended by it. */
const EXIT_CODE: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export function interrupts(settings: InterruptSettings): Interrupts {
    const stop = new AbortController();
    const cancel = new AbortController();
    return {
        stop: stop.signal,
        cancel: cancel.signal,
        handle(signal) {
            if (stop.signal.aborted) {
                settings.say(`${signal} again: leaving now. A stack Pulumi had not finished cancelling may stay locked: see docs/operations.md ("Interrupted deploys").`);
                settings.quit(EXIT_CODE[signal]);
                return;
            }
            stop.abort();
            if (signal === "SIGTERM" || !settings.terminalDeliversSigint) cancel.abort();
            settings.say(`Interrupted (${signal}): starting no further stack and cancelling the running ones cleanly; ${signal === "SIGINT" ? "Ctrl-C" : "the signal"} again quits at once.`);
            settings.say(settings.status());
        },
    };
}
