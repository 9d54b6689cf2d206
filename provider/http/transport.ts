import type { AxiosInstance, AxiosResponse } from "axios";
import { BodyExpectation, BodyKind, bodyKind, describeNonJsonBody, judgeSuccessBody, parseJsonBody } from "./body";
import { ApiError, FailureKind } from "./errors";
import { NOT_SENT_CODES, SettingNames, TimeoutPhase, classifyNetworkError, formatSeconds, networkAdvice } from "./failures";
import { ConcurrencyLimiter, ConcurrencyOptions, SlotOutcome, createLimiter } from "./limiter";
import { SecretRegistry, redactUrls } from "./redact";
import { DEFAULT_RETRY, RetryOptions, decideStatus, nextDelay, parseRetryAfter } from "./retryPolicy";

/**
 * The HTTP machinery shared by the Odin and Webex clients: a deadline per
 * request, retries with backoff and Retry-After, a cap on requests in flight,
 * re-login on 401, strict reading of success bodies, a response size limit,
 * and secret-free errors that say what to do. Endpoint modules sit on top and
 * never touch axios themselves (the @octokit split of transport from
 * endpoints).
 *
 * What each request promises (retries, ambiguity of writes, strict bodies,
 * the deadline) is tabled in README.md beside this file; the options a
 * client passes are documented where they are declared below. */

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface ErrorBodyInfo {
    message?: string;
    details?: string;
    code?: string | number;
    trackingId?: string;
}

export interface AuthHooks {
    /** The Authorization header value for the next request. */
    header(): Promise<string | undefined>;
    /**
     * Called after a 401 with the header that was refused; resolve true to
     * retry with a fresh header. Called at most maxReauthentications times
     * per request.
     */
    onUnauthorized(refused: string | undefined): Promise<boolean>;
}

export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = (level: LogLevel, message: string) => void;

export type { SettingNames } from "./failures";
export type { ConcurrencyOptions, LimiterStats } from "./limiter";
export type { BodyExpectation, BodyKind } from "./body";

export interface TransportOptions {
    /** Name used in messages: "Odin", "Webex". */
    api: string;
    baseUrl: string;
    /** Deadline for one attempt, from sending to the last byte of the answer. */
    timeoutMs?: number;
    /**
     * Deadline for a request with all its attempts and the waits between them:
     * no retry starts past it, and the last attempt gets only what is left.
     * Default DEFAULT_DEADLINE_MS.
     */
    deadlineMs?: number;
    retry?: Partial<RetryOptions>;
    /** The fixed form of `concurrency`, kept for compatibility: exactly this many in flight. */
    maxInFlight?: number;
    /** Requests in flight: adaptive by default (see limiter.ts); wins over maxInFlight. */
    concurrency?: ConcurrencyOptions;
    /** Lab systems only: accept any TLS certificate. */
    insecureSkipTlsVerify?: boolean;
    secrets?: SecretRegistry;
    parseErrorBody: (body: unknown, headers: Record<string, string>) => ErrorBodyInfo;
    auth?: AuthHooks;
    log?: Logger;
    /** Injected in tests to avoid real sleeping. */
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
    /** How the caller's settings are named in messages. */
    settingNames?: SettingNames;
    /** Answers larger than this are refused; default 4 MiB. */
    maxResponseBytes?: number;
    /** Re-logins after a 401 within one request; default 3. */
    maxReauthentications?: number;
    /** Once a request has spent this long retrying, each further wait is logged at info; default 3000. */
    waitNoticeMs?: number;
}

/** The knobs every API client built on the transport takes. */
export interface ClientTransportOptions {
    timeoutMs?: number;
    deadlineMs?: number;
    maxInFlight?: number;
    concurrency?: ConcurrencyOptions;
    retry?: Partial<RetryOptions>;
    /** Lab systems only: accept any TLS certificate (logs a warning). */
    insecureSkipTlsVerify?: boolean;
    log?: Logger;
    secrets?: SecretRegistry;
    sleep?: (ms: number) => Promise<void>;
    settingNames?: SettingNames;
    maxResponseBytes?: number;
}

/** Why a success body's content is not the answer asked for, or undefined when it can be used. */
export type AnswerCheck = (data: unknown) => string | undefined;

export interface RequestSpec {
    method: HttpMethod;
    path: string;
    query?: Record<string, string | number | boolean | undefined>;
    body?: unknown;
    /** Safe to repeat blindly. Defaults to true for GET, PUT and DELETE. */
    idempotent?: boolean;
    /** Statuses the caller interprets itself (returned, not thrown), e.g. 404 on a lookup. */
    acceptStatuses?: number[];
    /**
     * Return an accepted status only when its body is the API's own JSON error
     * (parseErrorBody finds a message or code); a proxy's page with that
     * status is then handled as if not accepted (a 404 is retried, then thrown
     * with apiBody false). For lookups where 404 means "gone".
     */
    acceptOnlyApiErrors?: boolean;
    /** For the login call itself. */
    skipAuth?: boolean;
    headers?: Record<string, string>;
    /** What a success body must be; default "json" for GET, "any" for writes. */
    expect?: BodyExpectation;
    /** Checks a success body's content; returns why it is wrong, or undefined when it is fine. */
    validate?: AnswerCheck;
    /**
     * This request's size allowance instead of the transport's: for an answer
     * that grows with the customer's data (the capacity report of a service
     * provider is about 1.1 KB per group with its trunk-group rows).
     */
    maxResponseBytes?: number;
}

export interface ApiResponse<T> {
    status: number;
    data: T;
    headers: Record<string, string>;
    attempts: number;
    /** What the body was: the API's JSON, empty, an HTML page, or other text. */
    bodyKind?: BodyKind;
    /** For an accepted error status: the API's error body, parsed; absent when the body was not the API's JSON. */
    errorInfo?: ErrorBodyInfo;
}

export interface TransportStats {
    requests: number;
    retries: number;
    retriesByReason: Record<string, number>;
    reauthentications: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** A server that never answers fails a request in about this long, whatever timeoutMs and maxRetries say. */
export const DEFAULT_DEADLINE_MS = 60_000;
/**
 * Larger than any answer of either API that does not grow with the customer's
 * data; one that does (the capacity report: 17 MiB for 16000 groups) passes
 * its own RequestSpec.maxResponseBytes.
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_REAUTHENTICATIONS = 3;
export const DEFAULT_WAIT_NOTICE_MS = 3_000;
/** No retry starts with less than this (or timeoutMs, if smaller) left before the deadline. */
const MIN_ATTEMPT_MS = 1_000;

export { parseJsonBody, describeNonJsonBody };

interface NetFailure {
    code?: string;
    message: string;
    kind: FailureKind;
    status?: number;
    /** For a timeout: how far the attempt got (see TimeoutPhase). */
    phase?: TimeoutPhase;
}

export class HttpTransport {
    readonly secrets: SecretRegistry;
    readonly stats: TransportStats = { requests: 0, retries: 0, retriesByReason: {}, reauthentications: 0 };
    private readonly http: AxiosInstance;
    /** The one concurrency control of this transport: its live `limit` and `stats()`. */
    readonly concurrency: ConcurrencyLimiter;
    private readonly retry: RetryOptions;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly log: Logger;
    private readonly basePath: string;
    private readonly timeoutMs: number;
    private readonly deadlineMs: number;
    private readonly maxResponseBytes: number;
    private readonly safeBaseUrl: string;
    private readonly host: string;
    private readonly https: boolean;

    constructor(private readonly opts: TransportOptions) {
        // Required lazily so a serialized provider never captures axios or its agents.
        const axios = require("axios") as typeof import("axios");
        const http = require("http") as typeof import("http");
        const https = require("https") as typeof import("https");
        this.secrets = opts.secrets ?? new SecretRegistry();
        this.retry = { ...DEFAULT_RETRY, ...opts.retry };
        this.concurrency = createLimiter(opts);
        this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
        this.log = opts.log ?? (() => undefined);
        this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
        this.deadlineMs = opts.deadlineMs ?? DEFAULT_DEADLINE_MS;
        this.maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
        const base = opts.baseUrl.replace(/\/+$/, "");
        const parsed = new URL(base);
        this.basePath = parsed.pathname.replace(/\/+$/, "");
        this.host = parsed.host;
        this.https = parsed.protocol === "https:";
        this.safeBaseUrl = redactUrls(base);
        if (opts.insecureSkipTlsVerify) {
            this.log("warn", `TLS certificate verification is OFF for ${opts.api} at ${parsed.host}; use this only for a lab system.`);
        }
        this.http = axios.create({
            baseURL: base,
            // The deadline below covers the whole attempt; this only catches an idle socket earlier.
            timeout: this.timeoutMs,
            validateStatus: () => true,
            // Parse JSON ourselves so a truncated or HTML body becomes a clear error, not a crash.
            responseType: "text",
            transformResponse: [(d: unknown) => d],
            maxRedirects: 0,
            maxContentLength: this.maxResponseBytes,
            headers: { Accept: "application/json" },
            httpAgent: new http.Agent({ keepAlive: true }),
            httpsAgent: new https.Agent({ keepAlive: true, rejectUnauthorized: !opts.insecureSkipTlsVerify }),
        });
    }

    get api(): string {
        return this.opts.api;
    }

    async request<T>(spec: RequestSpec): Promise<ApiResponse<T>> {
        const idempotent = spec.idempotent ?? spec.method !== "POST";
        const expectation: BodyExpectation = spec.expect ?? (spec.method === "GET" ? "json" : "any");
        const shownPath = this.basePath + spec.path;
        const maxReauth = this.opts.maxReauthentications ?? DEFAULT_MAX_REAUTHENTICATIONS;
        let reauths = 0;
        const maxAttempts = this.retry.maxRetries + 1;
        // Time spent on this request so far, counted from the attempts and the
        // planned waits (not the clock), so an injected sleep counts the same.
        let spentMs = 0;
        // How far the timed-out attempts got, for advice that tells a silent server from a slow one.
        const timeouts = new Set<TimeoutPhase>();
        // Whether the next attempt fits before the deadline after waiting `delay`; a retry starts only then.
        const fits = (delay: number) => spentMs + delay + Math.min(this.timeoutMs, MIN_ATTEMPT_MS) <= this.deadlineMs;
        for (let attempt = 1; ; attempt++) {
            const started = Date.now();
            const headers: Record<string, string> = {};
            if (!spec.skipAuth && this.opts.auth) {
                const h = await this.opts.auth.header();
                if (h) {
                    headers.Authorization = h;
                }
            }
            if (spec.body !== undefined) {
                headers["Content-Type"] = "application/json";
            }
            Object.assign(headers, spec.headers);
            this.stats.requests++;
            const slot = await this.concurrency.acquire();
            const sentAt = Date.now();
            const outcome = await this.send(spec, headers, Math.max(1, Math.min(this.timeoutMs, this.deadlineMs - spentMs)));
            // Released before any retry sleeps, so a waiting request holds no capacity.
            slot.release(loadSignal(outcome, Date.now() - sentAt, this.retry.maxDelayMs));
            const elapsed = Date.now() - started;
            spentMs += elapsed;

            if ("failure" in outcome) {
                const f = outcome.failure;
                const cause = f.code ? `${f.code}: ${f.message}` : f.message;
                this.log("debug", `${spec.method} ${shownPath} -> ${cause} (${elapsed} ms, attempt ${attempt})`);
                if (f.phase) {
                    timeouts.add(f.phase);
                }
                const notSent = f.kind === "tls" || (f.code !== undefined && NOT_SENT_CODES.has(f.code));
                // A name that does not resolve will not resolve a second later either.
                const retryable = f.kind !== "tls" && f.kind !== "too-large" && f.kind !== "dns" && (idempotent || notSent);
                const delay = retryable && attempt < maxAttempts ? this.delayBefore(attempt, undefined) : undefined;
                if (delay !== undefined && fits(delay)) {
                    spentMs += await this.backoff(spec, shownPath, attempt, delay, f.code ?? f.kind, `no answer (${f.code ?? f.kind})`, spentMs);
                    continue;
                }
                const ambiguous = !idempotent && !notSent;
                const advice = networkAdvice(f.kind, {
                    api: this.opts.api,
                    safeBaseUrl: this.safeBaseUrl,
                    host: this.host,
                    timeoutMs: this.timeoutMs,
                    deadlineMs: this.deadlineMs,
                    maxResponseBytes: spec.maxResponseBytes ?? this.maxResponseBytes,
                    code: f.code,
                    names: this.opts.settingNames ?? {},
                    // Slow wins: one attempt that got an answer started shows the server does answer.
                    timeoutPhase: timeouts.has("slow") ? "slow" : timeouts.has("silent") ? "silent" : timeouts.has("connect") ? "connect" : undefined,
                    attempts: attempt,
                    spentMs,
                    stoppedByDeadline: delay !== undefined,
                });
                throw new ApiError({
                    api: this.opts.api,
                    method: spec.method,
                    path: shownPath,
                    status: f.status,
                    networkError: f.status === undefined ? cause : undefined,
                    apiMessage: f.status !== undefined ? `the answer was cut off after its headers (${cause})` : undefined,
                    attempts: attempt,
                    ambiguous,
                    failure: f.kind,
                    hint: this.secrets.scrub(ambiguous ? `The request may or may not have been applied. ${advice}` : advice),
                });
            }

            const response = outcome.response;
            const status = response.status;
            const resHeaders = normalizeHeaders(response.headers);
            this.log("debug", `${spec.method} ${shownPath} -> ${status} (${elapsed} ms, attempt ${attempt})`);

            if (status >= 200 && status < 300) {
                const verdict = judgeSuccessBody(response.data, resHeaders["content-type"], expectation);
                const reason = verdict.ok ? (spec.validate ? spec.validate(verdict.value) : undefined) : verdict.reason;
                if (verdict.ok && reason === undefined) {
                    return { status, data: verdict.value as T, headers: resHeaders, attempts: attempt, bodyKind: verdict.kind };
                }
                const delay = idempotent && attempt < maxAttempts ? this.delayBefore(attempt, undefined) : undefined;
                if (delay !== undefined && fits(delay)) {
                    spentMs += await this.backoff(spec, shownPath, attempt, delay, "invalid-body", `an unusable answer (HTTP ${status})`, spentMs);
                    continue;
                }
                throw new ApiError({
                    api: this.opts.api,
                    method: spec.method,
                    path: shownPath,
                    status,
                    apiMessage: this.secrets.scrub(`the response body ${verdict.ok ? `is not what the API sends: ${reason}` : reason}`),
                    attempts: attempt,
                    ambiguous: !idempotent,
                    failure: "invalid-body",
                    apiBody: false,
                    hint: !idempotent
                        ? "The write may or may not have been applied; a proxy or gateway in front of the API may be answering instead of it or cutting answers short"
                        : "A proxy or gateway in front of the API may be answering instead of it or cutting answers short",
                });
            }

            if (status === 401 && !spec.skipAuth && this.opts.auth && reauths < maxReauth) {
                reauths++;
                this.stats.reauthentications++;
                if (await this.opts.auth.onUnauthorized(headers.Authorization)) {
                    attempt--; // a re-login is not a failed attempt
                    continue;
                }
            }

            const parsedError = parseJsonBody(response.data);
            const apiError = this.errorInfo(parsedError.value, resHeaders);
            if (spec.acceptStatuses?.includes(status) && (apiError !== undefined || !spec.acceptOnlyApiErrors)) {
                const parsed = parsedError;
                const kind = bodyKind(response.data, resHeaders["content-type"]);
                return {
                    status,
                    data: (parsed.ok ? parsed.value : undefined) as T,
                    headers: resHeaders,
                    attempts: attempt,
                    bodyKind: kind,
                    errorInfo: kind === "json" ? this.errorInfo(parsed.value, resHeaders) : undefined,
                };
            }

            // A 404 without the API's own error body came from something in
            // between (a proxy, a load balancer mid-deploy), not from the API:
            // it says nothing about the resource, so a GET/PUT/DELETE is repeated.
            const strayNotFound = status === 404 && idempotent && apiError === undefined;
            if (strayNotFound && attempt < maxAttempts) {
                const delay = this.delayBefore(attempt, undefined);
                if (fits(delay)) {
                    spentMs += await this.backoff(spec, shownPath, attempt, delay, "404-not-api", "HTTP 404 without the API's error body", spentMs);
                    continue;
                }
            }
            const decision = decideStatus(status, idempotent);
            const delay = decision.retry && attempt < maxAttempts ? this.delayBefore(attempt, parseRetryAfter(resHeaders["retry-after"])) : undefined;
            if (delay !== undefined && fits(delay)) {
                spentMs += await this.backoff(spec, shownPath, attempt, delay, String(status), `HTTP ${status}`, spentMs);
                continue;
            }
            const error = this.httpError(spec, shownPath, status, response.data, resHeaders, attempt, decision.retry, decision.ambiguous);
            // Retries were left, but the next would have ended past the deadline: say which limit stopped it.
            throw delay !== undefined && error.hint ? error.withHint(`${error.hint} (${this.deadlineNote(attempt, spentMs)})`) : error;
        }
    }

    /** One attempt under its deadline: an answer, or why there was none. */
    private async send(spec: RequestSpec, headers: Record<string, string>, timeoutMs: number): Promise<{ response: AxiosResponse<string> } | { failure: NetFailure }> {
        const controller = new AbortController();
        let expired = false;
        const deadline = setTimeout(() => {
            expired = true;
            controller.abort();
        }, timeoutMs);
        const progress = { connected: false, answered: false };
        try {
            const response = await this.http.request<string>({
                method: spec.method,
                url: spec.path,
                params: cleanQuery(spec.query),
                data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
                headers,
                signal: controller.signal,
                timeout: timeoutMs,
                transport: this.watched(progress),
                ...(spec.maxResponseBytes !== undefined ? { maxContentLength: spec.maxResponseBytes } : {}),
            });
            return { response };
        } catch (e) {
            const err = e as { code?: string; message?: string; response?: { status?: number } };
            if (expired || err.code === "ECONNABORTED" || err.code === "ETIMEDOUT") {
                // One wording for both the deadline and axios' own idle timeout.
                const phase: TimeoutPhase = progress.answered ? "slow" : progress.connected ? "silent" : "connect";
                return { failure: { code: "ECONNABORTED", message: `timeout of ${timeoutMs}ms exceeded`, kind: "timeout", phase } };
            }
            const message = this.secrets.scrub(String(err.message ?? e));
            const kind = classifyNetworkError(err.code, message);
            if (kind === "too-large") {
                return { failure: { kind, message: `the answer is larger than ${spec.maxResponseBytes ?? this.maxResponseBytes} bytes (maxResponseBytes)` } };
            }
            return { failure: { code: err.code, message, kind, status: err.response?.status } };
        } finally {
            clearTimeout(deadline);
        }
    }

    /**
     * Node's http(s) module for axios, noting how far an attempt got: the
     * connection made (a reused keep-alive socket counts), the answer begun.
     */
    private watched(progress: { connected: boolean; answered: boolean }): { request: typeof import("http").request } {
        const module = this.https ? (require("https") as typeof import("https")) : (require("http") as typeof import("http"));
        return {
            request: ((...args: Parameters<typeof import("http").request>) => {
                const req = (module.request as (...a: Parameters<typeof import("http").request>) => import("http").ClientRequest)(...args);
                req.once("socket", (socket: import("net").Socket) => {
                    if (socket.connecting) {
                        socket.once("connect", () => (progress.connected = true));
                    } else {
                        progress.connected = true;
                    }
                });
                req.once("response", () => (progress.answered = true));
                return req;
            }) as typeof import("http").request,
        };
    }

    /** The wait before attempt `attempt + 1`: the server's Retry-After, capped, or the backoff. */
    private delayBefore(attempt: number, retryAfterMs: number | undefined): number {
        return nextDelay(attempt, retryAfterMs, this.retry, this.opts.random);
    }

    private deadlineNote(attempts: number, spentMs: number): string {
        const name = this.opts.settingNames?.deadlineMs;
        return `stopped after ${attempts} attempts in ${formatSeconds(spentMs)}: the next would have ended past the deadline of ${formatSeconds(this.deadlineMs)} for all attempts${name ? `, ${name}` : ""}`;
    }

    private errorInfo(value: unknown, headers: Record<string, string>): ErrorBodyInfo | undefined {
        if (value === undefined || value === null) {
            return undefined;
        }
        try {
            const info = this.opts.parseErrorBody(value, headers);
            return info.message || info.code !== undefined ? info : undefined;
        } catch {
            return undefined;
        }
    }

    private httpError(
        spec: RequestSpec,
        shownPath: string,
        status: number,
        raw: string,
        headers: Record<string, string>,
        attempts: number,
        retryable: boolean,
        ambiguous: boolean,
    ): ApiError {
        const parsed = parseJsonBody(raw);
        const fromApi = parsed.ok ? this.errorInfo(parsed.value, headers) : undefined;
        const info: ErrorBodyInfo = { ...fromApi };
        if (!info.message) {
            info.message = describeNonJsonBody(raw, headers["content-type"], status);
        }
        const scrub = (s: string | undefined) => (s === undefined ? undefined : this.secrets.scrub(s));
        let hint: string | undefined;
        if (status === 401 || status === 403) {
            hint = `Check the ${this.opts.api} credentials and that the account has the required admin level`;
        } else if (ambiguous) {
            hint = "The write may or may not have been applied";
        } else if (retryable) {
            hint = `The ${this.opts.api} API kept refusing (${status}); wait and run again, or lower the parallelism (pulumi up --parallel 2)`;
        }
        return new ApiError({
            api: this.opts.api,
            method: spec.method,
            path: shownPath,
            status,
            apiMessage: scrub(info.message),
            details: scrub(info.details),
            code: info.code,
            trackingId: info.trackingId ?? headers["trackingid"],
            attempts,
            ambiguous,
            hint,
            apiBody: fromApi !== undefined,
            failure: "http",
        });
    }

    /** Sleeps `delay` before the next attempt and returns it. Says so at info once retrying has gone on for a while. */
    private async backoff(spec: RequestSpec, shownPath: string, attempt: number, delay: number, reason: string, what: string, spentMs: number): Promise<number> {
        this.stats.retries++;
        this.stats.retriesByReason[reason] = (this.stats.retriesByReason[reason] ?? 0) + 1;
        const notice = spentMs + delay > (this.opts.waitNoticeMs ?? DEFAULT_WAIT_NOTICE_MS);
        this.log(
            notice ? "info" : "debug",
            `${this.opts.api} API ${spec.method} ${shownPath}: ${what}, waiting ${formatSeconds(delay)} before attempt ${attempt + 1} of ${this.retry.maxRetries + 1}` +
                ` (retrying for ${formatSeconds(spentMs)} so far)`,
        );
        await this.sleep(delay);
        return delay;
    }
}

/** What an attempt's outcome tells the adaptive limiter about the server's load. */
function loadSignal(outcome: { response: AxiosResponse<string> } | { failure: NetFailure }, latencyMs: number, maxWaitMs: number): SlotOutcome {
    if ("failure" in outcome) {
        return { signal: outcome.failure.kind === "timeout" ? "timeout" : "ignored" };
    }
    const status = outcome.response.status;
    if (status === 429 || status === 503) {
        const retryAfter = parseRetryAfter(normalizeHeaders(outcome.response.headers)["retry-after"]);
        return { signal: "throttled", retryAfterMs: retryAfter === undefined ? undefined : Math.min(retryAfter, maxWaitMs) };
    }
    return { signal: "ok", latencyMs };
}

function cleanQuery(q: RequestSpec["query"]): Record<string, string> | undefined {
    if (!q) {
        return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(q)) {
        if (v !== undefined) {
            out[k] = String(v);
        }
    }
    return out;
}

function normalizeHeaders(h: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    const src = (h && typeof (h as { toJSON?: unknown }).toJSON === "function" ? (h as { toJSON(): object }).toJSON() : h) as Record<string, unknown>;
    for (const [k, v] of Object.entries(src ?? {})) {
        if (v !== undefined && v !== null) {
            out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : String(v);
        }
    }
    return out;
}
