import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";

/** A project's `Pulumi.yaml`, as far as the stack-file readers and checks need it: its name and declared config keys. */
export interface ProjectFile {
    readonly name: string;
    readonly config?: Record<string, { type?: string; description?: string; default?: unknown; items?: unknown }>;
}

export function readProjectFile(projectDir: string): ProjectFile {
    return yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as ProjectFile;
}
