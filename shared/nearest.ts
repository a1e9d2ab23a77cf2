/**
 * The candidate nearest to a mistyped word (case-insensitive edit distance), for "did you mean"
 * hints in config refusals and on the command line; undefined when none is within `maxDistance`.
 */
export function nearest(
    word: string,
    candidates: readonly string[],
    maxDistance: (candidate: string) => number = () => 3,
): string | undefined {
    let best: { candidate: string; distance: number } | undefined;
    for (const candidate of candidates) {
        const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
        if (distance <= maxDistance(candidate) && (!best || distance < best.distance)) best = { candidate, distance };
    }
    return best?.candidate;
}

/** Levenshtein distance: insertions, deletions and substitutions each cost one. */
function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[b.length];
}
