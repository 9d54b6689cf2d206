/** Pure retry decisions, kept apart from I/O so they are tested without a server. */

export interface RetryOptions {
    /** Retries after the first attempt (so attempts = maxRetries + 1). */
    maxRetries: number;
    /** First backoff step; doubles each attempt. */
    baseDelayMs: number;
    /** Ceiling for one backoff sleep and for an honoured Retry-After. */
    maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 5, baseDelayMs: 250, maxDelayMs: 30_000 };

/**
 * Statuses after which an idempotent request is sent again. 423 is Webex's
 * Locked; 500 and 408 are included because a gateway or an overloaded
 * backend answers them for transient trouble, and repeating a GET or a
 * sparse PUT is harmless.
 */
export const RETRYABLE_STATUSES = new Set([408, 423, 429, 500, 502, 503, 504]);

/**
 * Statuses after which a non-idempotent request is known NOT to have been
 * applied: the gateway refused it up front. 502/503/504 are ambiguous because a
 * proxy may time out while the backend is still applying the write.
 */
export const REJECTED_BEFORE_PROCESSING = new Set([423, 429]);

export interface StatusDecision {
    /** Send it again (after a backoff). */
    retry: boolean;
    /** A write whose fate is unknown: the caller must look up whether it was applied. */
    ambiguous: boolean;
}

/**
 * What an error status means for one request. Any 5xx (and 408) on a write
 * is ambiguous: a gateway may answer 500/502/504 after the backend applied
 * the write, so only a lookup can tell.
 */
export function decideStatus(status: number, idempotent: boolean): StatusDecision {
    if (idempotent) {
        return { retry: RETRYABLE_STATUSES.has(status), ambiguous: false };
    }
    if (REJECTED_BEFORE_PROCESSING.has(status)) {
        return { retry: true, ambiguous: false };
    }
    return { retry: false, ambiguous: status >= 500 || status === 408 };
}

/**
 * Parses Retry-After defensively: delta-seconds or an HTTP date. Webex has sent
 * values like "rand(30),add(30)", which must not crash anything, so anything
 * else yields undefined and the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: unknown, now: number = Date.now()): number | undefined {
    if (Array.isArray(header)) {
        header = header[0];
    }
    if (typeof header === "number" && Number.isFinite(header) && header >= 0) {
        return header * 1000;
    }
    if (typeof header !== "string") {
        return undefined;
    }
    const text = header.trim();
    if (/^\d+(\.\d+)?$/.test(text)) {
        return Math.round(parseFloat(text) * 1000);
    }
    if (/[a-z]{3},? \d|GMT|\d{4}-\d{2}-\d{2}/i.test(text)) {
        const at = Date.parse(text);
        if (!Number.isNaN(at)) {
            return Math.max(0, at - now);
        }
    }
    return undefined;
}

/** Exponential backoff with full jitter (the AWS Architecture Blog variant). */
export function backoffDelay(attempt: number, opts: RetryOptions, random: () => number = Math.random): number {
    const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** How long to wait before the next attempt: the server's Retry-After wins, capped. */
export function nextDelay(attempt: number, retryAfterMs: number | undefined, opts: RetryOptions, random?: () => number): number {
    if (retryAfterMs !== undefined) {
        return Math.min(opts.maxDelayMs, retryAfterMs);
    }
    return backoffDelay(attempt, opts, random);
}
