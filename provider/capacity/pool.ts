/**
 * Runs `fn` over `items` with at most `workers` calls pending at once and
 * returns the results in input order. Unlike queueing one task per item up
 * front (Promise.all over a limiter), memory holds the results and `workers`
 * tasks, not a pending closure per item: what keeps a 16000-group service
 * provider's report within a fixed budget. The first failure stops the
 * workers from taking more items and rejects with that failure.
 */
export async function mapBounded<T, R>(items: readonly T[], workers: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
    if (!Number.isInteger(workers) || workers < 1) {
        throw new Error(`workers must be an integer >= 1, got ${workers}`);
    }
    const results = new Array<R>(items.length);
    let next = 0;
    let failed = false;
    const worker = async (): Promise<void> => {
        while (!failed && next < items.length) {
            const i = next++;
            try {
                results[i] = await fn(items[i], i);
            } catch (e) {
                failed = true;
                throw e;
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
    return results;
}
