/**
 * The faults the proxy can inject, and which requests each one fits. Built
 * from what real networks, gateways and APIs do to a client, never from what
 * the product expects.
 */

export const FAULT_KINDS = [
    // A write delivered twice: the proxy re-sends it upstream and answers with the second copy's answer.
    "duplicate",
    // Forwarded and applied upstream, then answered with a gateway error.
    "applied-500",
    "applied-502",
    "applied-503",
    "applied-504",
    // Connection reset before forwarding (nothing applied) / after upstream answered (applied).
    "reset-before",
    "reset-after",
    // Refused at the gateway, never forwarded.
    "429",
    "429-no-retry-after",
    "502",
    "503",
    "504",
    // Success answers with nothing usable in them (GET only).
    "empty-200",
    "whitespace-200",
    "null-200",
    // A DELETE answered 200 with an empty body by something in front of the API that turned the
    // API's refusal into a success (or never passed the DELETE on): nothing was deleted.
    "empty-200-delete",
    // A proxy's own 404 page, never forwarded.
    "html-404",
    // Forwarded, then the body is cut short (the connection closes mid-body).
    "truncate",
    // Forwarded, then answered 200 with an HTML page (a captive portal, an SSO login).
    "html-200",
    // Forwarded; headers at once, then one byte every dripIntervalMs.
    "slow-drip",
    // 2xx JSON answers with the wrong content.
    "missing-field",
    "wrong-type",
    "empty-array",
    "other-object",
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

const WRITE_ONLY = new Set<FaultKind>(["duplicate"]);
const GET_ONLY = new Set<FaultKind>(["empty-200", "whitespace-200", "null-200"]);
const DELETE_ONLY = new Set<FaultKind>(["empty-200-delete"]);
/** Kinds that never reach the upstream server. */
export const NOT_FORWARDED = new Set<FaultKind>(["reset-before", "429", "429-no-retry-after", "502", "503", "504", "html-404", "empty-200-delete"]);
/** Kinds that change an upstream answer and need a suitable one (a body, a JSON object, ...). */
export const NEEDS_ANSWER = new Set<FaultKind>(["truncate", "slow-drip", "missing-field", "wrong-type", "empty-array", "other-object"]);

/** Kinds that fit a request before its answer is known. */
export function kindsFor(method: string, enabled: readonly FaultKind[]): FaultKind[] {
    const m = method.toUpperCase();
    const isGet = m === "GET" || m === "HEAD";
    return enabled.filter((k) => (isGet ? !WRITE_ONLY.has(k) : !GET_ONLY.has(k)) && (m === "DELETE" || !DELETE_ONLY.has(k)));
}

/** Weighted choice; weights default to 1 each. */
export function chooseKind(random: () => number, candidates: readonly FaultKind[], weights: Partial<Record<FaultKind, number>>): FaultKind | undefined {
    const w = candidates.map((k) => Math.max(0, weights[k] ?? 1));
    const total = w.reduce((a, b) => a + b, 0);
    if (total <= 0) {
        return undefined;
    }
    let r = random() * total;
    for (let i = 0; i < candidates.length; i++) {
        r -= w[i];
        if (r < 0) {
            return candidates[i];
        }
    }
    return candidates[candidates.length - 1];
}

export function isFaultKind(k: string): k is FaultKind {
    return (FAULT_KINDS as readonly string[]).includes(k);
}
