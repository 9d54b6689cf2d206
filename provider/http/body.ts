/**
 * What a response body is, and whether it is what the caller needs. Pure, so
 * every odd body a gateway can send is tested without a server.
 */

/**
 * What the caller needs from a success body:
 * - "object": a JSON object (not null, not an array)
 * - "array": a JSON array
 * - "json": any JSON value but null (the default for GET: every GET of both APIs answers with JSON)
 * - "any": empty or any JSON (the default for writes, which may answer 204)
 * - "none": the caller needs nothing; empty or any JSON is fine
 * In every mode an HTML page or text that is not JSON is refused: it means
 * something other than the API answered (a proxy, an SSO login page).
 */
export type BodyExpectation = "object" | "array" | "json" | "any" | "none";

export type BodyKind = "json" | "empty" | "html" | "text";

export type BodyVerdict = { ok: true; value: unknown; kind: BodyKind } | { ok: false; reason: string; kind: BodyKind };

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
        return { ok: false, reason: looksHtml(raw) ? "an HTML page" : `truncated or malformed: ${(e as Error).message}` };
    }
}

export function bodyKind(raw: unknown, contentType?: string): BodyKind {
    const text = typeof raw === "string" ? raw : raw === undefined || raw === null ? "" : JSON.stringify(raw);
    if (text.trim() === "") {
        return "empty";
    }
    if (looksHtml(text) || (/html/i.test(contentType ?? "") && parseJsonBody(text).ok === false)) {
        return "html";
    }
    return parseJsonBody(text).ok ? "json" : "text";
}

/** Checks a 2xx body against what the caller needs; the reason reads after "the response body ". */
export function judgeSuccessBody(raw: unknown, contentType: string | undefined, expectation: BodyExpectation): BodyVerdict {
    const kind = bodyKind(raw, contentType);
    const text = typeof raw === "string" ? raw : "";
    if (kind === "html") {
        return { ok: false, kind, reason: `is an HTML page${htmlTitle(text)}, not the API's JSON — probably a proxy, load balancer or login page in front of the API` };
    }
    const parsed = parseJsonBody(raw);
    if (!parsed.ok) {
        return { ok: false, kind, reason: `is not valid JSON (${parsed.reason})` };
    }
    const value = parsed.value;
    if (kind === "empty") {
        if (expectation === "any" || expectation === "none") {
            return { ok: true, kind, value: undefined };
        }
        return { ok: false, kind, reason: text.length > 0 ? "is empty (only whitespace)" : "is empty" };
    }
    if (expectation === "any" || expectation === "none") {
        return { ok: true, kind, value };
    }
    if (value === null) {
        return { ok: false, kind, reason: "is JSON null" };
    }
    if (expectation === "object" && (typeof value !== "object" || Array.isArray(value))) {
        return { ok: false, kind, reason: `is not a JSON object (${describeJson(value)})` };
    }
    if (expectation === "array" && !Array.isArray(value)) {
        return { ok: false, kind, reason: `is not a JSON array (${describeJson(value)})` };
    }
    return { ok: true, kind, value };
}

/** A short human description of a body that is not the API's JSON error shape. */
export function describeNonJsonBody(raw: unknown, contentType: string | undefined, status: number): string {
    const text = typeof raw === "string" ? raw : "";
    if (/html/i.test(contentType ?? "") || looksHtml(text)) {
        return `the server answered with an HTML page${htmlTitle(text)}, not the API's JSON error body — probably a proxy or load balancer in front of the API`;
    }
    const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
    return snippet ? `unexpected response body: ${snippet}` : `HTTP ${status} with an empty body`;
}

function looksHtml(text: string): boolean {
    return /^\s*</.test(text);
}

function htmlTitle(text: string): string {
    const title = /<title>([^<]{1,120})<\/title>/i.exec(text)?.[1]?.trim();
    return title ? ` ("${title}")` : "";
}

function describeJson(v: unknown): string {
    if (Array.isArray(v)) {
        return "an array";
    }
    return v === null ? "null" : `a ${typeof v}`;
}
