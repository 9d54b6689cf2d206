/** "Did you mean …?" for unknown keys: the closest name by edit distance, if close enough. */
export function nearestName(input: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    const lower = input.toLowerCase();
    for (const c of candidates) {
        const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase());
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    // Past a third of the word the suggestion is noise.
    return best !== undefined && bestDistance <= Math.max(2, Math.floor(input.length / 3)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length];
}

export function describeValue(v: unknown): string {
    if (v === null) {
        return "null";
    }
    if (Array.isArray(v)) {
        return "an array";
    }
    if (typeof v === "string") {
        return v.length > 40 ? `a ${v.length}-character string` : `the string ${JSON.stringify(v)}`;
    }
    if (typeof v === "object") {
        return "an object";
    }
    return `${typeof v} ${String(v)}`;
}
