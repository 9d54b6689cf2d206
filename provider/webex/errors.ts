import { isApiError } from "../http/errors";
import type { ErrorBodyInfo } from "../http/transport";
import type { WebexErrorItem } from "./types";

/**
 * Webex error bodies are `{message, errors:[{description, errorCode}], trackingId}`
 * (wxc_sdk also allows a top-level errorCode). Every description and code is
 * kept, because the useful one (e.g. 25015, bad password characters) is often
 * not in `message`. The TrackingID response header is the fallback id.
 */
export function parseWebexErrorBody(body: unknown, headers: Record<string, string>): ErrorBodyInfo {
    const headerTracking = headers?.["trackingid"];
    if (typeof body === "string") {
        return { message: body, trackingId: headerTracking };
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
        return { trackingId: headerTracking };
    }
    const b = body as Record<string, unknown>;
    const items: WebexErrorItem[] = Array.isArray(b.errors)
        ? (b.errors as unknown[]).filter((e): e is WebexErrorItem => !!e && typeof e === "object")
        : [];
    const describe = (e: WebexErrorItem) => (typeof e.description === "string" ? e.description : "");
    const codeOf = (e: WebexErrorItem) => (typeof e.errorCode === "number" || typeof e.errorCode === "string" ? e.errorCode : undefined);

    let message = typeof b.message === "string" && b.message.trim() !== "" ? b.message : undefined;
    let details: string | undefined;
    if (items.length === 1) {
        details = describe(items[0]) || undefined;
    } else if (items.length > 1) {
        details = items
            .map((e) => [describe(e), codeOf(e) !== undefined ? `[errorCode ${codeOf(e)}]` : ""].filter(Boolean).join(" "))
            .filter(Boolean)
            .join("; ");
    }
    if (!message && details) {
        message = details;
        details = undefined;
    }
    const topCode = typeof b.errorCode === "number" || typeof b.errorCode === "string" ? b.errorCode : undefined;
    const code = items.map(codeOf).find((c) => c !== undefined) ?? topCode;
    const trackingId = typeof b.trackingId === "string" && b.trackingId !== "" ? b.trackingId : headerTracking;
    return { message, details, code, trackingId };
}

/** Webex's own 404 (its JSON error body): a proxy's 404 page says nothing about the trunk. */
export function isNotFound(e: unknown): boolean {
    return isApiError(e) && e.status === 404 && e.apiBody === true;
}

export function isConflict(e: unknown): boolean {
    return isApiError(e) && e.status === 409 && e.apiBody === true;
}

export function hasErrorCode(e: unknown, code: number): boolean {
    return isApiError(e) && e.code !== undefined && String(e.code) === String(code);
}

/** 409 code 27571: the FQDN/SRV address + port is already used by another certificate-based trunk. */
export const ERROR_ADDRESS_IN_USE = 27571;
/** 400 code 25015: the password contains ? or !. */
export const ERROR_PASSWORD_CHARACTERS = 25015;
