/**
 * A counting semaphore that caps requests in flight. Small enough to own: the
 * maintained npm options (p-limit 4+) are ESM-only and this package is
 * CommonJS, and we need the slot released while a retry sleeps, which a
 * wrap-the-whole-call limiter would not do.
 */
export class Limiter {
    private active = 0;
    private readonly waiting: Array<() => void> = [];

    constructor(private readonly max: number) {
        if (!Number.isInteger(max) || max < 1) {
            throw new Error(`maxInFlight must be an integer >= 1, got ${max}`);
        }
    }

    async run<T>(fn: () => Promise<T>): Promise<T> {
        if (this.active >= this.max) {
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        } else {
            this.active++;
        }
        try {
            return await fn();
        } finally {
            const next = this.waiting.shift();
            if (next) {
                next(); // hand the slot over without decrementing
            } else {
                this.active--;
            }
        }
    }

    get inFlight(): number {
        return this.active;
    }
}
