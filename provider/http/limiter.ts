import { Fifo } from "./fifo";

/**
 * Concurrency control for the transport: how many requests may be in flight
 * at once. ONE limiter per transport, adaptive by default.
 *
 * API (for the settings and CLI wiring):
 *
 *   type ConcurrencyOptions =
 *     | { mode: "adaptive"; max?: number; initial?: number; min?: number }   // the default
 *     | { mode: "fixed"; value: number };                                    // exactly `value`, always
 *
 *   new HttpTransport({ ..., concurrency: { mode: "fixed", value: 16 } })
 *   new HttpTransport({ ..., maxInFlight: 16 })      // the same: the old option is the fixed form
 *   new HttpTransport({ ... })                        // adaptive: starts at 5, never above 32
 *   transport.concurrency.limit                       // the live limit
 *   transport.concurrency.stats()                     // LimiterStats: limit, peak in flight, throttles, cuts, history
 *
 * Adaptive (AIMD with a latency check, see AimdPolicy): it starts polite, at
 * the old fixed cap of 5; grows by a quarter per round trip while every
 * answer is quick and unthrottled (slow start), then by one per round trip; a
 * 429 or 503 cuts it to 90%, or 70% when a quarter of recent answers were
 * refused, once per burst; one refused while the limit was
 * in use also holds it below the refused level for 10 s, so a server with a
 * hard cap sees only a few 429s; latency rising past twice its baseline cuts
 * it to 90%. It never goes above `max`. When most recent answers are 429s
 * while a Retry-After runs (a per-window quota, as Webex's), new requests
 * pause until the Retry-After has passed; a scattered 429 never pauses. The transport releases a request's slot
 * before a retry sleeps, so waiting requests never hold capacity.
 *
 * Why our own: no maintained npm package offers adaptive concurrency for
 * Node (p-limit and p-queue are fixed caps and ESM-only; bottleneck is a
 * fixed/rate limiter, unmaintained since 2019; cockatiel's bulkhead is fixed).
 * Netflix's concurrency-limits (Java) is the model for the AIMD and gradient
 * ideas here.
 */

export type ConcurrencyOptions = { mode: "adaptive"; max?: number; initial?: number; min?: number } | { mode: "fixed"; value: number };

export const ADAPTIVE_DEFAULTS = { initial: 5, max: 32, min: 1 } as const;

/** What the answer to a request said about the server's load. */
export interface SlotOutcome {
    /** throttled: 429/503; timeout: no answer in time; ok: any other answer; ignored: says nothing (e.g. a refused connection). */
    signal: "ok" | "throttled" | "timeout" | "ignored";
    latencyMs?: number;
    retryAfterMs?: number;
}

export interface Slot {
    /** When the slot was granted (ms, the limiter's clock). */
    readonly startedAt: number;
    /** Frees the slot; the outcome teaches an adaptive limiter. Only the first call counts. */
    release(outcome?: SlotOutcome): void;
}

export interface LimiterStats {
    mode: "adaptive" | "fixed";
    limit: number;
    max: number;
    min: number;
    inFlight: number;
    queued: number;
    peakInFlight: number;
    granted: number;
    throttled: number;
    /** Times the adaptive limit was cut (throttling, timeouts, latency). */
    decreases: number;
    /** Limit after each change: [ms since the limiter started, limit]; the latest 1000. */
    history: Array<[number, number]>;
    /**
     * Integrals over the limiter's life, in request-milliseconds: of the
     * requests in flight, and of the limit. Two snapshots give the mean in
     * flight and the mean limit over any window (a benchmark's run):
     * (after - before) / window ms.
     */
    inFlightMs: number;
    limitMs: number;
}

export interface ConcurrencyLimiter {
    acquire(): Promise<Slot>;
    /** Runs fn in a slot (for callers that learn nothing from the outcome). */
    run<T>(fn: () => Promise<T>): Promise<T>;
    readonly limit: number;
    readonly inFlight: number;
    readonly queued: number;
    stats(): LimiterStats;
}

/** The shared queueing; subclasses decide the limit. */
abstract class SlotPool implements ConcurrencyLimiter {
    private active = 0;
    private peak = 0;
    private granted = 0;
    protected throttledCount = 0;
    private readonly waiting = new Fifo<(slot: Slot) => void>();
    private inFlightArea = 0;
    private limitArea = 0;
    private areaAt: number;

    constructor(protected readonly now: () => number) {
        this.areaAt = now();
    }

    /** Adds the time since the last change to the integrals; called before in-flight or the limit changes. */
    protected account(): void {
        const t = this.now();
        if (t > this.areaAt) {
            this.inFlightArea += (t - this.areaAt) * this.active;
            this.limitArea += (t - this.areaAt) * this.limit;
            this.areaAt = t;
        }
    }

    abstract get limit(): number;
    protected abstract learn(outcome: SlotOutcome, startedAt: number, inFlight: number, inFlightAtGrant: number): void;

    /** Slots that may be granted now: the limit, or 0 while paused. */
    protected capacity(): number {
        return this.limit;
    }
    abstract stats(): LimiterStats;

    get inFlight(): number {
        return this.active;
    }

    get queued(): number {
        return this.waiting.length;
    }

    acquire(): Promise<Slot> {
        if (this.active < this.capacity() && this.waiting.length === 0) {
            return Promise.resolve(this.grant());
        }
        return new Promise((resolve) => this.waiting.push(resolve));
    }

    async run<T>(fn: () => Promise<T>): Promise<T> {
        const slot = await this.acquire();
        try {
            const result = await fn();
            slot.release({ signal: "ok", latencyMs: this.now() - slot.startedAt });
            return result;
        } catch (e) {
            slot.release({ signal: "ignored" });
            throw e;
        }
    }

    protected base(mode: "adaptive" | "fixed", max: number, min: number): Omit<LimiterStats, "decreases" | "history"> {
        this.account();
        return {
            mode,
            limit: this.limit,
            max,
            min,
            inFlight: this.active,
            queued: this.waiting.length,
            peakInFlight: this.peak,
            granted: this.granted,
            throttled: this.throttledCount,
            inFlightMs: this.inFlightArea,
            limitMs: this.limitArea,
        };
    }

    private grant(): Slot {
        this.account();
        this.active++;
        this.granted++;
        this.peak = Math.max(this.peak, this.active);
        const startedAt = this.now();
        const inFlightAtGrant = this.active;
        let released = false;
        return {
            startedAt,
            release: (outcome) => {
                if (released) {
                    return;
                }
                released = true;
                this.account();
                if (outcome) {
                    if (outcome.signal === "throttled") {
                        this.throttledCount++;
                    }
                    this.learn(outcome, startedAt, this.active, inFlightAtGrant);
                }
                this.active--;
                this.pump();
            },
        };
    }

    protected pump(): void {
        while (this.active < this.capacity() && this.waiting.length > 0) {
            this.waiting.shift()!(this.grant());
        }
    }
}

/** A fixed cap: exactly `max` in flight, whatever the server says. */
export class Limiter extends SlotPool {
    constructor(
        private readonly max: number,
        now: () => number = Date.now,
    ) {
        super(now);
        if (!Number.isInteger(max) || max < 1) {
            throw new Error(`maxInFlight must be an integer >= 1, got ${max}`);
        }
    }

    get limit(): number {
        return this.max;
    }

    protected learn(): void {
        // A fixed cap learns nothing, by definition.
    }

    stats(): LimiterStats {
        return { ...this.base("fixed", this.max, this.max), decreases: 0, history: [[0, this.max]] };
    }
}

/** An adaptive limit driven by AimdPolicy. */
export class AdaptiveLimiter extends SlotPool {
    readonly policy: AimdPolicy;
    private readonly history: Array<[number, number]> = [];
    private readonly born: number;

    constructor(opts: { initial?: number; max?: number; min?: number } = {}, now: () => number = Date.now) {
        super(now);
        this.policy = new AimdPolicy(opts);
        this.born = now();
        this.history.push([0, this.policy.limit]);
    }

    get limit(): number {
        return this.policy.limit;
    }

    private wake: NodeJS.Timeout | undefined;

    protected override capacity(): number {
        return this.now() < this.policy.pausedUntil ? 0 : this.policy.limit;
    }

    protected learn(outcome: SlotOutcome, startedAt: number, inFlight: number, inFlightAtGrant: number): void {
        const before = this.policy.limit;
        const now = this.now();
        this.policy.onSample({ ...outcome, startedAt, inFlight, inFlightAtGrant, at: now });
        if (this.policy.limit !== before) {
            this.history.push([now - this.born, this.policy.limit]);
            if (this.history.length > 1000) {
                this.history.splice(0, this.history.length - 1000);
            }
        }
        this.wakeAfterPause();
    }

    /**
     * Nothing else would start the queue when a pause ends with nothing in
     * flight. A pause may be extended after the timer was set, so the timer
     * checks again and sets itself anew until the pause is over.
     */
    private wakeAfterPause(): void {
        const pause = this.policy.pausedUntil - this.now();
        if (pause <= 0 || this.wake) {
            return;
        }
        this.wake = setTimeout(() => {
            this.wake = undefined;
            this.pump();
            this.wakeAfterPause();
        }, pause + 1);
        this.wake.unref?.();
    }

    stats(): LimiterStats {
        return { ...this.base("adaptive", this.policy.max, this.policy.min), decreases: this.policy.decreases, history: [...this.history] };
    }
}

export interface PolicySample extends SlotOutcome {
    /** When the request got its slot. */
    startedAt: number;
    /** When its answer came. */
    at: number;
    /** Requests in flight when it ended, itself included. */
    inFlight: number;
    /** Requests in flight when it was sent, itself included. */
    inFlightAtGrant?: number;
}

/** A throttled level is not tried again for this long. */
const HOLD_MS = 10_000;
/** Answers remembered to tell a quota (most refused) from scattered 429s. */
const RECENT = 20;
/** The longest pause a Retry-After can cause (the transport caps its own waits at 30 s too). */
const MAX_PAUSE_MS = 30_000;
/** At least this many of them before a pause. */
const PAUSE_EVIDENCE = 8;
/** Samples per bucket of the windowed minimum latency. */
const BASELINE_BUCKET = 100;

/**
 * The adaptive limit's arithmetic, pure and clock-free (time comes in the
 * samples), so it is tested sample by sample.
 */
export class AimdPolicy {
    readonly max: number;
    readonly min: number;
    decreases = 0;
    private value: number;
    private ssthresh: number;
    private lastCutAt = -Infinity;
    private ceiling = Infinity;
    private holdUntil = -Infinity;
    private coolUntil = -Infinity;
    /** No new request may start before this (ms); see onSample's throttled case. */
    pausedUntil = -Infinity;
    private bucketMin = Infinity;
    private previousBucketMin = Infinity;
    private bucketCount = 0;
    private smoothed: number | undefined;
    private readonly recent: boolean[] = new Array<boolean>(RECENT).fill(false);
    private recentNext = 0;
    private recentCount = 0;
    private recentThrottled = 0;

    constructor(opts: { initial?: number; max?: number; min?: number } = {}) {
        this.max = opts.max ?? ADAPTIVE_DEFAULTS.max;
        this.min = opts.min ?? ADAPTIVE_DEFAULTS.min;
        const initial = opts.initial ?? Math.max(this.min, Math.min(ADAPTIVE_DEFAULTS.initial, this.max));
        for (const [k, v] of Object.entries({ max: this.max, min: this.min, initial })) {
            if (!Number.isInteger(v) || v < 1) {
                throw new Error(`concurrency.${k} must be an integer >= 1, got ${v}`);
            }
        }
        if (this.min > this.max || initial < this.min || initial > this.max) {
            throw new Error(`concurrency needs min <= initial <= max, got min ${this.min}, initial ${initial}, max ${this.max}`);
        }
        this.value = initial;
        this.ssthresh = this.max;
    }

    /** The whole number of requests allowed in flight now. */
    get limit(): number {
        return Math.max(this.min, Math.min(this.max, Math.floor(this.value)));
    }

    /** The latency the server shows when not loaded (windowed minimum), if known. */
    get baselineMs(): number | undefined {
        const b = Math.min(this.bucketMin, this.previousBucketMin);
        return Number.isFinite(b) ? b : undefined;
    }

    onSample(s: PolicySample): void {
        if (s.signal === "ignored") {
            return;
        }
        // Only a request sent after the last cut may cut again: the others of
        // the same burst were sent under the old limit and say nothing new.
        const fresh = s.startedAt > this.lastCutAt;
        if (s.signal === "throttled") {
            this.remember(true);
            if (s.retryAfterMs !== undefined) {
                // A Retry-After hours ahead (an HTTP date) must not stall everything for hours.
                this.coolUntil = Math.max(this.coolUntil, s.at + Math.min(s.retryAfterMs, MAX_PAUSE_MS));
            }
            // Most recent answers refused while a Retry-After runs: the server
            // counts requests per time window (a quota), not in flight, so every
            // request until then would be refused too. Wait it out instead of
            // collecting a 429 per request. A scattered 429 never pauses.
            if (s.at < this.coolUntil && this.recentCount >= PAUSE_EVIDENCE && this.recentThrottled * 2 >= this.recentCount) {
                this.pausedUntil = Math.max(this.pausedUntil, this.coolUntil);
            }
            if (fresh) {
                const sentWith = s.inFlightAtGrant ?? s.inFlight;
                // Refused while using (nearly) the whole limit: a cap on requests
                // in flight. Stay below that level for a while, so a hard-capped
                // server sees a 429 per probe, not one per round trip.
                if (sentWith >= this.limit * 0.8) {
                    this.ceiling = Math.max(this.min, Math.min(this.limit, sentWith) - 1);
                    this.holdUntil = s.at + HOLD_MS;
                }
                // A lone 429 among good answers (a shared quota brushed, a
                // gateway hiccup) costs a tenth; a run of them, 30%.
                this.cut(this.recentThrottled * 4 >= this.recentCount ? 0.7 : 0.9, s.at);
            }
            return;
        }
        if (s.signal === "timeout") {
            if (fresh) {
                this.cut(0.9, s.at);
            }
            return;
        }
        this.remember(false);
        const latency = s.latencyMs ?? 0;
        this.observeLatency(latency);
        const baseline = this.baselineMs ?? latency;
        // Tolerance: latency may double, plus 20 ms of noise (a busy client, a fast server).
        const congested = (this.smoothed ?? latency) > baseline * 2 + 20;
        if (congested) {
            if (fresh) {
                this.cut(0.9, s.at);
            }
            return;
        }
        // Grow only while the limit is actually used.
        if (s.inFlight < this.limit / 2) {
            return;
        }
        // Slow start grows by a quarter per round trip, not TCP's doubling: a
        // server with a hard cap then sees an overshoot of a quarter of the
        // limit, not all of it, as 429s.
        const step = this.value < this.ssthresh ? 0.25 : 1 / this.value;
        let next = Math.min(this.max, this.value + step);
        // Below the refused level while holding.
        if (s.at < this.holdUntil) {
            next = Math.min(next, Math.max(this.ceiling, this.value));
        }
        this.value = next;
    }

    /** Keeps the last RECENT answers' throttled-or-not in a ring. */
    private remember(throttled: boolean): void {
        if (this.recentCount === RECENT) {
            this.recentThrottled -= this.recent[this.recentNext] ? 1 : 0;
        } else {
            this.recentCount++;
        }
        this.recent[this.recentNext] = throttled;
        this.recentThrottled += throttled ? 1 : 0;
        this.recentNext = (this.recentNext + 1) % RECENT;
    }

    private cut(factor: number, at: number): void {
        this.value = Math.max(this.min, Math.floor(this.limit * factor));
        this.ssthresh = this.value;
        this.lastCutAt = at;
        this.decreases++;
        // The latency average starts over so one slow burst does not cut twice.
        this.smoothed = undefined;
    }

    private observeLatency(ms: number): void {
        this.smoothed = this.smoothed === undefined ? ms : this.smoothed * 0.9 + ms * 0.1;
        this.bucketMin = Math.min(this.bucketMin, ms);
        if (++this.bucketCount >= BASELINE_BUCKET) {
            // A windowed minimum: old samples leave, so a server that got slower for good gets a new baseline.
            this.previousBucketMin = this.bucketMin;
            this.bucketMin = Infinity;
            this.bucketCount = 0;
        }
    }
}

/** The limiter for a transport's options: `concurrency` wins, then `maxInFlight` (fixed), then adaptive defaults. */
export function createLimiter(opts: { concurrency?: ConcurrencyOptions; maxInFlight?: number }, now: () => number = Date.now): ConcurrencyLimiter {
    const c = opts.concurrency;
    if (c?.mode === "fixed") {
        if (!Number.isInteger(c.value) || c.value < 1) {
            throw new Error(`concurrency.value must be an integer >= 1, got ${c.value}`);
        }
        return new Limiter(c.value, now);
    }
    if (c?.mode === "adaptive") {
        return new AdaptiveLimiter({ initial: c.initial, max: c.max, min: c.min }, now);
    }
    if (c !== undefined) {
        throw new Error(`concurrency.mode must be "adaptive" or "fixed", got ${JSON.stringify((c as { mode?: unknown }).mode)}`);
    }
    if (opts.maxInFlight !== undefined) {
        return new Limiter(opts.maxInFlight, now);
    }
    return new AdaptiveLimiter({}, now);
}
