import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { shownPath } from "./shown-path";

/**
 * Files copied byte for byte from an upstream release, with where they came from. Each such folder
 * holds a `SOURCE.json` listing its files (in the order they are applied) with their sha256, so a
 * file edited or truncated by accident is refused instead of being applied or trusted.
 */
export const SOURCE_MANIFEST = "SOURCE.json";

export interface SourceManifest {
    /** The upstream repository, e.g. https://github.com/kubernetes-sigs/gateway-api. */
    readonly repository: string;
    /** The release tag the files were copied at, when there is one. */
    readonly tag?: string;
    /** The commit the files were copied at (the tag's commit, when there is a tag). */
    readonly commit: string;
    /** The upstream folder the files are in. */
    readonly path: string;
    /** Each file, relative to this folder and to `path`, with the sha256 of its bytes. */
    readonly files: readonly { readonly file: string; readonly sha256: string }[];
}

export function sha256(bytes: Buffer | string): string {
    return createHash("sha256").update(bytes).digest("hex");
}

export function readSourceManifest(dir: string): SourceManifest {
    const file = path.join(dir, SOURCE_MANIFEST);
    const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as SourceManifest;
    const wellFormed =
        typeof manifest.repository === "string" &&
        typeof manifest.commit === "string" &&
        /^[0-9a-f]{40}$/.test(manifest.commit) &&
        typeof manifest.path === "string" &&
        Array.isArray(manifest.files) &&
        manifest.files.length > 0 &&
        manifest.files.every((f) => typeof f.file === "string" && /^[0-9a-f]{64}$/.test(f.sha256));
    if (!wellFormed) throw new Error(`${shownPath(file)} is not a source manifest (repository, commit, path, files[{file, sha256}])`);
    return manifest;
}

/** Where one pinned file came from, as a user would look it up. */
export function upstreamOf(manifest: SourceManifest, file: string): string {
    return `${manifest.repository} at ${manifest.tag ?? manifest.commit}, ${manifest.path}/${file}`;
}

/** One sentence per listed file that is missing or whose bytes do not have the pinned sha256. */
export function digestProblems(dir: string, manifest: SourceManifest, read: (file: string) => Buffer = fs.readFileSync): string[] {
    return manifest.files.flatMap(({ file, sha256: pinned }) => {
        const where = shownPath(path.join(dir, file));
        let bytes: Buffer;
        try {
            bytes = read(path.join(dir, file));
        } catch {
            return [`${where} is missing. Fix: copy it from ${upstreamOf(manifest, file)}.`];
        }
        const actual = sha256(bytes);
        return actual === pinned
            ? []
            : [`${where} has sha256 ${actual}, but ${SOURCE_MANIFEST} pins ${pinned}. Fix: copy it again, byte for byte, from ${upstreamOf(manifest, file)}.`];
    });
}

/**
 * The absolute paths of a pinned folder's files, in manifest order, once every one has its pinned
 * sha256; otherwise a RunError naming each file that does not (the CLI prints it without a stack).
 */
export function verifiedFiles(dir: string): string[] {
    const manifest = readSourceManifest(dir);
    const problems = digestProblems(dir, manifest);
    if (problems.length > 0) {
        throw new pulumi.RunError(`Refusing to apply files that are not the pinned upstream release:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return manifest.files.map((f) => path.join(dir, f.file));
}
