import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planEnvironment } from "../sim/environment";
import { syntheticServices, writeSyntheticEnvironment } from "./synthetic-environment";

/**
 * One measurement of `npm run bench -- --accounts N`, in its own process: plans a synthetic
 * environment of N accounts (tools/bench/synthetic-environment.ts) once unmeasured (SDKs loaded,
 * transpile cache warm), then `runs` times, and prints the median wall and CPU (user + system,
 * process.cpuUsage) milliseconds of one plan as JSON. The SDK load is outside the measure: it is
 * the same whatever N.
 */
async function main(): Promise<void> {
    const [n, runs] = process.argv.slice(2).map(Number);
    const { services, owner } = syntheticServices(n);
    const dir = writeSyntheticEnvironment(fs.mkdtempSync(path.join(os.tmpdir(), "synthetic-bench-")), "bench", services, {}, owner);
    try {
        const rootDir = path.resolve(__dirname, "..", "..");
        const once = () => planEnvironment("bench", { rootDir, stackConfigDir: dir, traceFlows: false });
        const first = await once();
        const walls: number[] = [];
        const cpus: number[] = [];
        for (let i = 0; i < runs; i++) {
            const cpu = process.cpuUsage();
            const start = process.hrtime.bigint();
            await once();
            walls.push(Number(process.hrtime.bigint() - start) / 1e6);
            const used = process.cpuUsage(cpu);
            cpus.push((used.user + used.system) / 1000);
        }
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        process.stdout.write(JSON.stringify({ accounts: n, stacks: first.stacks.length, wallMs: median(walls), cpuMs: median(cpus) }) + "\n");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
});
