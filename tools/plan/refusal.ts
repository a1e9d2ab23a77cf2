import * as fs from "fs";
import * as path from "path";
import { shownPath } from "../engine/cli";

/** How `npm start` refuses an environment: the message, and whether the folder keeps an older plan. */
export function printRefusal(environment: string, message: string, outDir: string): void {
    console.error(`Plan of environment "${environment}" refused:\n${message}`);
    if (fs.existsSync(path.join(outDir, "plan.json"))) {
        console.error(`${shownPath(outDir)}/ still holds the last good plan, not this run's.`);
    }
}

/** The folder an environment's plan is written to. */
export function planFolder(environment: string, outDir?: string): string {
    return path.resolve(outDir ?? path.join("out", "plan", environment));
}
