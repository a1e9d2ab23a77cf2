/**
 * Runs `body` with console.log and console.error captured line by line (what a command prints),
 * restoring both afterwards, whatever `body` does.
 */
export async function withConsoleCaptured<T>(body: () => Promise<T>): Promise<{ result: T; out: string[]; err: string[] }> {
    const out: string[] = [];
    const err: string[] = [];
    const [log, error] = [console.log, console.error];
    console.log = (line: string) => out.push(line);
    console.error = (line: string) => err.push(line);
    try {
        return { result: await body(), out, err };
    } finally {
        [console.log, console.error] = [log, error];
    }
}
