import type { AxiosInstance, AxiosResponse } from "axios";
import { ApiError } from "./errors";
import { Limiter } from "./limiter";
import { SecretRegistry } from "./redact";
import {
    DEFAULT_RETRY,
    REJECTED_BEFORE_PROCESSING,
    RETRYABLE_STATUSES,
    RetryOptions,
    nextDelay,
    parseRetryAfter,
} from "./retryPolicy";

/**
 * The HTTP machinery shared by the Odin and Webex clients: timeouts, retries
 * with backoff and Retry-After, a cap on requests in flight, re-login on 401,
 * defensive JSON parsing, and secret-free errors. Endpoint modules sit on top
 * and never touch axios themselves (the @octokit split of transport from
 * endpoints).
 */

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
     * Called once per request after a 401 with the header that was refused;
     * resolve true to retry with a fresh header.
     */
    onUnauthorized(refused: string | undefined): Promise<boolean>;
}

export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = (level: LogLevel, message: string) => void;

export interface TransportOptions {
    /** Name used in messages: "Odin", "Webex". */
    api: string;
    baseUrl: string;
    timeoutMs?: number;
    retry?: Partial<RetryOptions>;
    maxInFlight?: number;
    /** Lab systems only: accept any TLS certificate. */
    insecureSkipTlsVerify?: boolean;
    secrets?: SecretRegistry;
    parseErrorBody: (body: unknown, headers: Record<string, string>) => ErrorBodyInfo;
    auth?: AuthHooks;
    log?: Logger;
    /** Injected in tests to avoid real sleeping. */
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
}

/** The knobs every API client built on the transport takes. */
export interface ClientTransportOptions {
    timeoutMs?: number;
    maxInFlight?: number;
    retry?: Partial<RetryOptions>;
    /** Lab systems only: accept any TLS certificate (logs a warning). */
    insecureSkipTlsVerify?: boolean;
    log?: Logger;
    secrets?: SecretRegistry;
    sleep?: (ms: number) => Promise<void>;
}

export interface RequestSpec {
    method: HttpMethod;
    path: string;
    query?: Record<string, string | number | boolean | undefined>;
    body?: unknown;
    /** Safe to repeat blindly. Defaults to true for GET, PUT and DELETE. */
    idempotent?: boolean;
    /** Statuses the caller interprets itself (returned, not thrown), e.g. 404 on a lookup. */
    acceptStatuses?: number[];
    /** For the login call itself. */
    skipAuth?: boolean;
    headers?: Record<string, string>;
}

export interface ApiResponse<T> {
    status: number;
    data: T;
    headers: Record<string, string>;
    attempts: number;
}

export interface TransportStats {
    requests: number;
    retries: number;
    retriesByReason: Record<string, number>;
    reauthentications: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_IN_FLIGHT = 5;

// Codes after which the request certainly never reached the server.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

export class HttpTransport {
    readonly secrets: SecretRegistry;
    readonly stats: TransportStats = { requests: 0, retries: 0, retriesByReason: {}, reauthentications: 0 };
    private readonly http: AxiosInstance;
    private readonly limiter: Limiter;
    private readonly retry: RetryOptions;
    private readonly sleep: (ms: number) => Promise<void>;
    private readonly log: Logger;
    private readonly basePath: string;

    constructor(private readonly opts: TransportOptions) {
        // Required lazily so a serialized provider never captures axios or its agents.
        const axios = require("axios") as typeof import("axios");
        const http = require("http") as typeof import("http");
        const https = require("https") as typeof import("https");
        this.secrets = opts.secrets ?? new SecretRegistry();
        this.retry = { ...DEFAULT_RETRY, ...opts.retry };
        this.limiter = new Limiter(opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT);
        this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
        this.log = opts.log ?? (() => undefined);
        const base = opts.baseUrl.replace(/\/+$/, "");
        this.basePath = new URL(base).pathname.replace(/\/+$/, "");
        if (opts.insecureSkipTlsVerify) {
            this.log("warn", `TLS certificate verification is OFF for ${opts.api} at ${new URL(base).host}; use this only for a lab system.`);
        }
        this.http = axios.create({
            baseURL: base,
            timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
            validateStatus: () => true,
            // Parse JSON ourselves so a truncated or HTML body becomes a clear error, not a crash.
            responseType: "text",
            transformResponse: [(d: unknown) => d],
            maxRedirects: 0,
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
        const shownPath = this.basePath + spec.path;
        let reauthed = false;
        const maxAttempts = this.retry.maxRetries + 1;
        for (let attempt = 1; ; attempt++) {
            const started = Date.now();
            let res: AxiosResponse<string> | undefined;
            let netErr: { code?: string; message: string } | undefined;
            const headers: Record<string, string> = {};
            try {
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
                res = await this.limiter.run(() =>
                    this.http.request<string>({
                        method: spec.method,
                        url: spec.path,
                        params: cleanQuery(spec.query),
                        data: spec.body === undefined ? undefined : JSON.stringify(spec.body),
                        headers,
                    }),
                );
            } catch (e) {
                if (e instanceof ApiError) {
                    throw e; // from the auth hook: already explained
                }
                const err = e as { code?: string; message?: string };
                netErr = { code: err.code, message: this.secrets.scrub(String(err.message ?? e)) };
            }
            const elapsed = Date.now() - started;

            if (netErr) {
                const cause = netErr.code ? `${netErr.code}: ${netErr.message}` : netErr.message;
                this.log("debug", `${spec.method} ${shownPath} -> ${cause} (${elapsed} ms, attempt ${attempt})`);
                const safe = idempotent || (netErr.code !== undefined && NOT_SENT_CODES.has(netErr.code));
                if (safe && attempt < maxAttempts) {
                    await this.backoff(attempt, undefined, netErr.code ?? "network");
                    continue;
                }
                throw new ApiError({
                    api: this.opts.api,
                    method: spec.method,
                    path: shownPath,
                    networkError: cause,
                    attempts: attempt,
                    ambiguous: !safe,
                    hint: safe
                        ? `The ${this.opts.api} API did not answer after ${attempt} attempts; check that ${this.opts.baseUrl} is reachable, or raise the timeout`
                        : `The request may or may not have been applied`,
                });
            }

            const response = res as AxiosResponse<string>;
            const status = response.status;
            const resHeaders = normalizeHeaders(response.headers);
            this.log("debug", `${spec.method} ${shownPath} -> ${status} (${elapsed} ms, attempt ${attempt})`);

            if (status >= 200 && status < 300) {
                const parsed = parseJsonBody(response.data);
                if (parsed.ok) {
                    return { status, data: parsed.value as T, headers: resHeaders, attempts: attempt };
                }
                if (idempotent && attempt < maxAttempts) {
                    await this.backoff(attempt, undefined, "invalid-json");
                    continue;
                }
                throw new ApiError({
                    api: this.opts.api,
                    method: spec.method,
                    path: shownPath,
                    status,
                    apiMessage: `the response body is not valid JSON (${parsed.reason})`,
                    attempts: attempt,
                    ambiguous: !idempotent,
                    hint: "A proxy or gateway in front of the API may be cutting responses short",
                });
            }

            if (status === 401 && !spec.skipAuth && this.opts.auth && !reauthed) {
                reauthed = true;
                this.stats.reauthentications++;
                if (await this.opts.auth.onUnauthorized(headers.Authorization)) {
                    attempt--; // a re-login is not a failed attempt
                    continue;
                }
            }

            if (spec.acceptStatuses?.includes(status)) {
                return { status, data: parseJsonBody(response.data).value as T, headers: resHeaders, attempts: attempt };
            }

            const retryable = RETRYABLE_STATUSES.has(status);
            const safe = idempotent || REJECTED_BEFORE_PROCESSING.has(status);
            if (retryable && safe && attempt < maxAttempts) {
                await this.backoff(attempt, parseRetryAfter(resHeaders["retry-after"]), String(status));
                continue;
            }
            throw this.httpError(spec, shownPath, status, response.data, resHeaders, attempt, retryable, safe);
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
        safe: boolean,
    ): ApiError {
        const parsed = parseJsonBody(raw);
        let info: ErrorBodyInfo = {};
        if (parsed.ok && parsed.value !== undefined) {
            try {
                info = this.opts.parseErrorBody(parsed.value, headers);
            } catch {
                info = {};
            }
        }
        if (!info.message) {
            info.message = describeNonJsonBody(raw, headers["content-type"], status);
        }
        const scrub = (s: string | undefined) => (s === undefined ? undefined : this.secrets.scrub(s));
        let hint: string | undefined;
        if (status === 401 || status === 403) {
            hint = `Check the ${this.opts.api} credentials and that the account has the required admin level`;
        } else if (retryable && !safe) {
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
            ambiguous: retryable && !safe,
            hint,
        });
    }

    private async backoff(attempt: number, retryAfterMs: number | undefined, reason: string): Promise<void> {
        this.stats.retries++;
        this.stats.retriesByReason[reason] = (this.stats.retriesByReason[reason] ?? 0) + 1;
        await this.sleep(nextDelay(attempt, retryAfterMs, this.retry, this.opts.random));
    }
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

export function parseJsonBody(raw: unknown): { ok: boolean; value?: unknown; reason?: string } {
    if (raw === undefined || raw === null) {
        return { ok: true, value: undefined };
    }
    if (typeof raw !== "string") {
        return { ok: true, value: raw };
    }
    if (raw.trim() === "") {
        return { ok: true, value: undefined };
    }
    try {
        return { ok: true, value: JSON.parse(raw) };
    } catch (e) {
        const looksHtml = /^\s*</.test(raw);
        return { ok: false, reason: looksHtml ? "an HTML page" : `truncated or malformed: ${(e as Error).message}` };
    }
}

/** A short human description of a body that is not the API's JSON error shape. */
export function describeNonJsonBody(raw: unknown, contentType: string | undefined, status: number): string {
    const text = typeof raw === "string" ? raw : "";
    if (/html/i.test(contentType ?? "") || /^\s*</.test(text)) {
        const title = /<title>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
        return `the server answered with an HTML page${title ? ` ("${title}")` : ""}, not the API's JSON error body — probably a proxy or load balancer in front of the API`;
    }
    const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
    return snippet ? `unexpected response body: ${snippet}` : `HTTP ${status} with an empty body`;
}
