import * as path from "path";

/**
 * A path as the user should see it: relative to the current folder when inside it, else absolute,
 * so a message never sends anyone to `../../`.
 */
export function shownPath(file: string, cwd = process.cwd()): string {
    const absolute = path.resolve(cwd, file);
    const relative = path.relative(cwd, absolute);
    return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? absolute : relative;
}
