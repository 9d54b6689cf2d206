/**
 * The one error type both API clients throw. It carries what a person needs to
 * act (which call, what the server said, how often we tried) and nothing
 * secret: every text that reaches it has been scrubbed by the transport.
 */
export interface ApiErrorFields {
    api: string;
    method: string;
    path: string;
    /** HTTP status, or undefined when no response arrived (network error, timeout). */
    status?: number;
    /** The server's own message (Odin `error`, Webex `message`). */
    apiMessage?: string;
    /** Further server text (Odin `details`, Webex `errors[].description`/`errorCode`). */
    details?: string;
    /** Webex `errors[0].errorCode` or similar machine-readable code. */
    code?: string | number;
    trackingId?: string;
    attempts: number;
    /** Network-level cause, e.g. ECONNRESET or "timeout of 30000ms exceeded". */
    networkError?: string;
    /** True when a write may have been applied although no success answer came back. */
    ambiguous?: boolean;
    /** What to do about it. */
    hint?: string;
    /**
     * True when the error body was the API's own JSON error (the API itself
     * answered), false when it was something else: a proxy's HTML page, an
     * empty or unparseable body. Only the API's own "not found" means gone.
     */
    apiBody?: boolean;
    /** What kind of failure, for callers that branch on it without parsing text. */
    failure?: FailureKind;
}

/**
 * - http: the API (or something in front of it) answered with an error status
 * - invalid-body: a success status whose body is unusable (empty, null, HTML, cut short, wrong shape)
 * - too-large: the answer exceeded maxResponseBytes
 * - timeout, refused, dns, tls, reset, network: no usable answer arrived
 */
export type FailureKind = "http" | "invalid-body" | "too-large" | "timeout" | "refused" | "dns" | "tls" | "reset" | "network";

export class ApiError extends Error implements ApiErrorFields {
    readonly api!: string;
    readonly method!: string;
    readonly path!: string;
    readonly status?: number;
    readonly apiMessage?: string;
    readonly details?: string;
    readonly code?: string | number;
    readonly trackingId?: string;
    readonly attempts!: number;
    readonly networkError?: string;
    readonly ambiguous?: boolean;
    readonly hint?: string;
    readonly apiBody?: boolean;
    readonly failure?: FailureKind;

    constructor(fields: ApiErrorFields) {
        super(formatApiError(fields));
        this.name = "ApiError";
        Object.assign(this, fields);
    }

    /** A copy with a different hint/message prefix, for callers that know more. */
    withHint(hint: string): ApiError {
        return new ApiError({ ...this.fields(), hint });
    }

    fields(): ApiErrorFields {
        const { api, method, path, status, apiMessage, details, code, trackingId, attempts, networkError, ambiguous, hint, apiBody, failure } = this;
        return { api, method, path, status, apiMessage, details, code, trackingId, attempts, networkError, ambiguous, hint, apiBody, failure };
    }
}

export function formatApiError(f: ApiErrorFields): string {
    const what = `${f.api} API ${f.method} ${f.path}`;
    const outcome = f.status !== undefined ? `HTTP ${f.status}` : `no response (${f.networkError ?? "network error"})`;
    const parts = [`${what} failed: ${outcome}`];
    if (f.apiMessage) {
        parts.push(f.apiMessage);
    }
    if (f.details && f.details !== f.apiMessage) {
        parts.push(`details: ${f.details}`);
    }
    if (f.code !== undefined) {
        parts.push(`code ${f.code}`);
    }
    let msg = parts.join(" — ");
    if (f.attempts > 1) {
        msg += ` (after ${f.attempts} attempts)`;
    }
    if (f.trackingId) {
        msg += ` [trackingId ${f.trackingId}]`;
    }
    if (f.hint) {
        msg += `. ${f.hint}`;
    }
    return msg;
}

export function isApiError(e: unknown): e is ApiError {
    return e instanceof ApiError || (typeof e === "object" && e !== null && (e as { name?: string }).name === "ApiError");
}
