/**
 * A real server's capacity, for showing how clients behave when they push
 * too hard: above N requests in flight, or above R requests admitted in the
 * last second, the request is answered 429 at once with a Retry-After.
 * Off unless configured. It models a server protecting itself, not a fault:
 * clients that stay within the limits never see it, which is what lets a
 * benchmark show an adaptive client converging instead of being punished at
 * random.
 */

export interface ThrottleOptions {
    /** Answer 429 while this many admitted requests are still being handled. */
    maxInFlight?: number;
    /** Answer 429 when this many requests were admitted in the last 1000 ms. */
    maxPerSecond?: number;
    /**
     * Retry-After (seconds) on a 429. Default: 1 for the in-flight limit, and
     * for the rate limit the whole seconds until the window frees a slot
     * (at least 1), which is what a token-bucket server would say.
     */
    retryAfterSeconds?: number;
}

export interface ThrottleStats {
    /** Requests let through since start (or the last reset). */
    admitted: number;
    /** Requests answered 429 by the throttle. */
    throttled: number;
    /** ...of which because of maxInFlight, and because of maxPerSecond. */
    throttledInFlight: number;
    throttledRate: number;
    /** Admitted requests not answered yet. */
    inFlight: number;
    /** The most admitted requests in flight at once. */
    peakInFlight: number;
}

export type ThrottleDecision = { admit: true } | { admit: false; retryAfterSeconds: number; reason: "inFlight" | "rate" };

const WINDOW_MS = 1000;

export class Throttle {
    private opts: ThrottleOptions | undefined;
    private inFlight = 0;
    private peak = 0;
    private admitted = 0;
    private throttledInFlight = 0;
    private throttledRate = 0;
    /** Admission times inside the current window, oldest first; `head` skips expired ones without shifting. */
    private times: number[] = [];
    private head = 0;

    constructor(
        opts: ThrottleOptions | undefined,
        private readonly now: () => number = Date.now,
    ) {
        this.configure(opts);
    }

    /** Replaces the limits; undefined (or no limit set) turns throttling off. Counters are kept. */
    configure(opts: ThrottleOptions | undefined): void {
        for (const k of ["maxInFlight", "maxPerSecond", "retryAfterSeconds"] as const) {
            const v = opts?.[k];
            if (v !== undefined && (!Number.isFinite(v) || v < (k === "retryAfterSeconds" ? 0 : 1))) {
                throw new Error(`throttle.${k} must be ${k === "retryAfterSeconds" ? "a number >= 0" : "a number >= 1"}, got ${v}`);
            }
        }
        this.opts = opts && (opts.maxInFlight !== undefined || opts.maxPerSecond !== undefined) ? { ...opts } : undefined;
    }

    get enabled(): boolean {
        return this.opts !== undefined;
    }

    /** Decides one arriving request. An admitted request must be release()d once answered. */
    decide(): ThrottleDecision {
        const o = this.opts;
        if (o?.maxInFlight !== undefined && this.inFlight >= o.maxInFlight) {
            this.throttledInFlight++;
            return { admit: false, retryAfterSeconds: o.retryAfterSeconds ?? 1, reason: "inFlight" };
        }
        const t = this.now();
        if (o?.maxPerSecond !== undefined) {
            while (this.head < this.times.length && this.times[this.head] <= t - WINDOW_MS) {
                this.head++;
            }
            if (this.head > 1024 && this.head * 2 > this.times.length) {
                this.times = this.times.slice(this.head);
                this.head = 0;
            }
            if (this.times.length - this.head >= o.maxPerSecond) {
                this.throttledRate++;
                const untilFree = this.times[this.head] + WINDOW_MS - t;
                return { admit: false, retryAfterSeconds: o.retryAfterSeconds ?? Math.max(1, Math.ceil(untilFree / 1000)), reason: "rate" };
            }
            this.times.push(t);
        }
        this.admitted++;
        this.inFlight++;
        this.peak = Math.max(this.peak, this.inFlight);
        return { admit: true };
    }

    release(): void {
        this.inFlight = Math.max(0, this.inFlight - 1);
    }

    stats(): ThrottleStats {
        return {
            admitted: this.admitted,
            throttled: this.throttledInFlight + this.throttledRate,
            throttledInFlight: this.throttledInFlight,
            throttledRate: this.throttledRate,
            inFlight: this.inFlight,
            peakInFlight: this.peak,
        };
    }

    /** Zeroes the counters (not the requests still in flight), e.g. between benchmark runs. */
    resetStats(): void {
        this.admitted = 0;
        this.throttledInFlight = 0;
        this.throttledRate = 0;
        this.peak = this.inFlight;
    }
}
