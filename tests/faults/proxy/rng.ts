/**
 * Seeded randomness for the fault proxy. Its own copy on purpose: the proxy
 * imports no product code, so a bug in the product's helpers cannot hide a
 * fault from the tests that are meant to find it.
 */

/** mulberry32: small, fast, and plenty for choosing which requests to fault. */
export function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** FNV-1a, 32 bit: turns a request's identity into a seed. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
}

/**
 * One generator per request, derived from the run's seed, the request itself
 * and how many identical requests came before it. Concurrent clients reach
 * the proxy in a different order on every run; keying by request instead of
 * arrival order keeps "which request gets which fault" the same for a seed.
 */
export function requestRandom(seed: number, requestKey: string, occurrence: number): () => number {
    return mulberry32(fnv1a(`${requestKey}#${occurrence}`, fnv1a(String(seed))));
}

export function pick<T>(random: () => number, items: readonly T[]): T {
    return items[Math.min(items.length - 1, Math.floor(random() * items.length))];
}
