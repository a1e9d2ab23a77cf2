/**
 * Runs `body` with console.log, console.error and console.warn captured line by line (what a
 * command prints, and what a library warns outside a Pulumi program), restoring them afterwards,
 * whatever `body` does.
 */
export async function withConsoleCaptured<T>(body: () => Promise<T>): Promise<{ result: T; out: string[]; err: string[]; warn: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const warn: string[] = [];
    const [log, error, warning] = [console.log, console.error, console.warn];
    console.log = (line: string) => out.push(line);
    console.error = (line: string) => err.push(line);
    console.warn = (line: string) => warn.push(line);
    try {
        return { result: await body(), out, err, warn };
    } finally {
        [console.log, console.error, console.warn] = [log, error, warning];
    }
}
