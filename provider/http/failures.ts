import type { FailureKind } from "./errors";

/**
 * Network failures sorted into what a person can act on, and the advice for
 * each. Pure: the transport passes the error's code and message and the names
 * its caller uses for the settings (`odin:timeoutMs (or ODIN_TIMEOUT_MS)` in
 * the provider, `--timeout-ms` in a CLI), so the advice names what the person
 * actually typed.
 */

/** How the caller's settings are named to a person; each is optional. */
export interface SettingNames {
    /** e.g. "odin:baseUrl (or ODIN_BASE_URL)" or "--base-url" */
    baseUrl?: string;
    /** e.g. "odin:timeoutMs (or ODIN_TIMEOUT_MS)" or "--timeout-ms" */
    timeoutMs?: string;
    /** e.g. "odin:deadlineMs (or ODIN_DEADLINE_MS)" */
    deadlineMs?: string;
    /** e.g. "odin:insecureSkipTlsVerify (or ODIN_INSECURE_SKIP_TLS_VERIFY)" */
    insecureSkipTlsVerify?: string;
    /** e.g. "odin:maxRetries (or ODIN_MAX_RETRIES)" */
    maxRetries?: string;
    /** e.g. "odin:concurrency (or ODIN_CONCURRENCY)" */
    concurrency?: string;
}

// Node's and OpenSSL's codes for a certificate that does not verify.
const TLS_CODES = new Set([
    "DEPTH_ZERO_SELF_SIGNED_CERT",
    "SELF_SIGNED_CERT_IN_CHAIN",
    "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    "UNABLE_TO_GET_ISSUER_CERT",
    "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    "UNABLE_TO_DECRYPT_CERT_SIGNATURE",
    "CERT_SIGNATURE_FAILURE",
    "CERT_NOT_YET_VALID",
    "CERT_HAS_EXPIRED",
    "CERT_UNTRUSTED",
    "CERT_REJECTED",
    "INVALID_CA",
    "ERR_TLS_CERT_ALTNAME_INVALID",
    "HOSTNAME_MISMATCH",
]);

/**
 * How far an attempt that ran out of time got, which says what a longer
 * timeout would do:
 * - connect: no connection was made (nothing answers at that address: a
 *   firewall dropping packets, a wrong host); waiting longer changes nothing
 * - silent: the connection was accepted but no answer began (something holds
 *   the request: a wrong port, a stuck proxy); waiting longer only fails later
 * - slow: the answer began but did not finish; a longer timeout may be enough
 */
export type TimeoutPhase = "connect" | "silent" | "slow";

/** Codes after which the request certainly never reached the server, so even a write may be sent again. */
export const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"]);

export function classifyNetworkError(code: string | undefined, message: string): FailureKind {
    if (code === "ECONNABORTED" || code === "ETIMEDOUT" || /timeout of \d+ms exceeded/.test(message)) {
        return "timeout";
    }
    if (code === "ECONNREFUSED") {
        return "refused";
    }
    if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
        return "dns";
    }
    if ((code && TLS_CODES.has(code)) || /certificate/i.test(message)) {
        return "tls";
    }
    if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number/i.test(message)) {
        return "tls";
    }
    if (/maxContentLength size of \d+ exceeded/.test(message)) {
        return "too-large";
    }
    if (code === "ECONNRESET" || code === "EPIPE" || /socket hang up|aborted/i.test(message)) {
        return "reset";
    }
    return "network";
}

export interface AdviceContext {
    api: string;
    /** Already free of credentials. */
    safeBaseUrl: string;
    host: string;
    timeoutMs: number;
    /** The deadline for all attempts together. */
    deadlineMs?: number;
    maxResponseBytes: number;
    code?: string;
    names: SettingNames;
    /** For a timeout: the furthest any attempt got. */
    timeoutPhase?: TimeoutPhase;
    attempts?: number;
    /** Time spent on all attempts and waits. */
    spentMs?: number;
    /** Retries were left, but the next would have ended past the deadline. */
    stoppedByDeadline?: boolean;
}

/** What to do about a request that got no usable answer. */
export function networkAdvice(kind: FailureKind, c: AdviceContext): string {
    const baseUrl = c.names.baseUrl ? `${c.names.baseUrl} (now ${c.safeBaseUrl})` : c.safeBaseUrl;
    switch (kind) {
        case "timeout":
            return timeoutAdvice(c, baseUrl);
        case "refused":
            return `Nothing is listening at ${c.host} (connection refused); check ${baseUrl} and that the ${c.api} API server is running`;
        case "dns":
            return `The host name in ${baseUrl} does not resolve (${c.code ?? "DNS lookup failed"}); check the URL and the DNS/proxy settings of this machine`;
        case "tls":
            if (c.code === "ERR_SSL_WRONG_VERSION_NUMBER") {
                return `${c.host} does not speak TLS on that port; check the scheme (http/https) and port in ${baseUrl}`;
            }
            return (
                `The TLS certificate of ${c.host} is not trusted, so nothing was sent. If the API uses a private or corporate CA, ` +
                `give Node its certificate: NODE_EXTRA_CA_CERTS=/path/to/ca.pem in the environment that runs this. ` +
                `For a lab system only, set ${c.names.insecureSkipTlsVerify ?? "insecureSkipTlsVerify"} to true to skip verification`
            );
        case "too-large":
            return `The answer was larger than ${c.maxResponseBytes} bytes, more than any answer of the ${c.api} API should be; check ${baseUrl} points at the API and not at something else`;
        default:
            return `The ${c.api} API did not answer; check that ${c.safeBaseUrl} is reachable from here`;
    }
}

/** A timeout, told apart by how far the attempts got: only a slow answer is helped by waiting longer. */
function timeoutAdvice(c: AdviceContext, baseUrl: string): string {
    const timeout = c.names.timeoutMs ?? "the timeoutMs setting";
    const tried = (c.attempts ?? 1) > 1 ? `, on each of ${c.attempts} attempts in ${formatSeconds(c.spentMs ?? 0)}` : "";
    const stopped =
        c.stoppedByDeadline && c.deadlineMs !== undefined
            ? ` Retrying stopped at the deadline of ${formatSeconds(c.deadlineMs)} for all attempts${c.names.deadlineMs ? ` (${c.names.deadlineMs})` : ""}.`
            : "";
    switch (c.timeoutPhase) {
        case "connect":
            return (
                `No connection to ${c.host} could be made within ${c.timeoutMs} ms${tried}: nothing answers at that address ` +
                `(a wrong host or port, or a firewall dropping the connection). Check ${baseUrl} and the network path from here; ` +
                `a longer timeout would only make this fail later.${stopped}`
            );
        case "silent":
            return (
                `${c.host} accepted the connection but sent no answer within ${c.timeoutMs} ms${tried}. A server that takes connections ` +
                `and never answers is not a slow ${c.api} API: check that ${baseUrl} is the API's address and port, and whether a proxy or ` +
                `load balancer in between is holding the requests; raising ${timeout} would only make this fail later.${stopped}`
            );
        case "slow": {
            const deadline =
                c.deadlineMs !== undefined ? ` and, for all attempts together, ${c.names.deadlineMs ?? "the deadlineMs setting"} (now ${c.deadlineMs} ms)` : "";
            return (
                `The ${c.api} API began answering but had not finished within ${c.timeoutMs} ms${tried}: the server or the network ` +
                `is slow. If ${c.safeBaseUrl} is known to be slow, raise ${timeout} (now ${c.timeoutMs} ms)${deadline}.${stopped}`
            );
        }
        default:
            return `The ${c.api} API gave no answer within ${c.timeoutMs} ms${tried}; check that ${baseUrl} is reachable from here.${stopped}`;
    }
}

export function formatSeconds(ms: number): string {
    const s = ms / 1000;
    return s < 10 ? `${Number(s.toFixed(1))} s` : `${Math.round(s)} s`;
}
