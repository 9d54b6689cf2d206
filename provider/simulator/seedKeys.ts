/**
 * Key-by-key checking of a seed against the shape it may have, so a typo in a
 * hand-written seed file ("maxActiveCall") is named with the key it most
 * likely meant instead of being silently ignored. Types and values are
 * checked by the loaders; this only knows which keys exist where.
 */

/** An object's allowed keys; each maps to the shape of its value: another object, a list of one, or a leaf. */
export interface ObjectShape {
    [key: string]: Shape;
}
export type Shape = "leaf" | ObjectShape | { list: Shape } | { listOrLeaf: Shape };

export const leaf = "leaf" as const;
export const list = (of: Shape): Shape => ({ list: of });
/** A list whose items are either leaves (e.g. a user id) or objects of the shape. */
export const listOfLeafOr = (of: Shape): Shape => ({ listOrLeaf: of });

/** Every unknown key in `value`, as "path: unknown key "k"; did you mean "x"?" lines. */
export function unknownKeys(value: unknown, shape: Shape, path = ""): string[] {
    if (shape === leaf || value === null || value === undefined) {
        return [];
    }
    if ("list" in shape || "listOrLeaf" in shape) {
        const of = "list" in shape ? (shape.list as Shape) : (shape.listOrLeaf as Shape);
        if (!Array.isArray(value)) {
            return [];
        }
        return value.flatMap((item, i) => (typeof item === "object" && item !== null ? unknownKeys(item, of, `${path}[${i}]`) : []));
    }
    if (typeof value !== "object" || Array.isArray(value)) {
        return [];
    }
    const objectShape = shape as ObjectShape;
    const known = Object.keys(objectShape);
    const out: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const where = path === "" ? k : `${path}.${k}`;
        if (!(k in objectShape)) {
            const near = nearestName(k, known);
            out.push(`${path === "" ? "(top level)" : path}: unknown key "${k}"${near ? `; did you mean "${near}"?` : ""}`);
            continue;
        }
        out.push(...unknownKeys(v, objectShape[k], where));
    }
    return out;
}

/** The known name closest to `name` (case-insensitive edit distance), if it is close enough to be a typo. */
export function nearestName(name: string, known: string[]): string | undefined {
    let best: { name: string; d: number } | undefined;
    for (const k of known) {
        const d = distance(name.toLowerCase(), k.toLowerCase());
        if (!best || d < best.d) {
            best = { name: k, d };
        }
    }
    return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}

/** Levenshtein distance, two rows. */
function distance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
        prev = cur;
    }
    return prev[b.length];
}

/** Throws one error listing every unknown key of the seed. */
export function refuseUnknownKeys(api: string, seed: unknown, shape: Shape): void {
    const problems = unknownKeys(seed, shape);
    if (problems.length > 0) {
        throw new Error(`${api} simulator seed: ${problems.length} unknown key(s):\n  ${problems.join("\n  ")}`);
    }
}
