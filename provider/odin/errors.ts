import { ApiError, isApiError } from "../http/errors";
import type { ErrorBodyInfo } from "../http/transport";
import type { OdinErrorBody } from "./types";

/** Odin error bodies are `{error, status, details}`; details may be text or an OCI error object. */
export function parseOdinErrorBody(body: unknown): ErrorBodyInfo {
    if (typeof body === "string") {
        return { message: body };
    }
    if (!body || typeof body !== "object") {
        return {};
    }
    const b = body as OdinErrorBody & { message?: unknown };
    const message = typeof b.error === "string" ? b.error : typeof b.message === "string" ? b.message : undefined;
    let details: string | undefined;
    if (typeof b.details === "string") {
        details = b.details;
    } else if (b.details !== undefined && b.details !== null) {
        try {
            details = JSON.stringify(b.details);
        } catch {
            details = String(b.details);
        }
    }
    return { message, details };
}

/**
 * Not-found is not documented separately for trunk groups: 404, or a 400 whose
 * BroadWorks text says so. It means the trunk group is absent only as the
 * answer to a request that names nothing else (its GET or DELETE by identity):
 * a POST or PUT also names users, devices, departments and other trunk groups,
 * and BroadWorks answers an unknown one of those with a "not found" too
 * ("[Error 4008] User not found: …"). Treating that as "gone" would make
 * Pulumi drop or re-create a trunk group that exists.
 */
export function isNotFound(e: unknown): boolean {
    // Only Odin's own error body counts: a proxy's 404 page says nothing about the trunk group.
    if (!isApiError(e) || e.apiBody !== true) {
        return false;
    }
    if (e.status === 404) {
        return true;
    }
    const text = `${e.apiMessage ?? ""} ${e.details ?? ""}`;
    return e.status === 400 && /\bnot found\b|does not exist|doesn't exist/i.test(text);
}

export function isAlreadyExists(e: unknown): boolean {
    return isApiError(e) && e.apiBody === true && e.status === 400 && /already exists|duplicate/i.test(`${e.apiMessage ?? ""} ${e.details ?? ""}`);
}

/**
 * BroadWorks refuses a trunk group larger than the group's trunking call
 * capacity: a 400 from Odin itself whose sentence says the active calls
 * exceed the call capacity. Recognised by that structure, never by a word:
 * a validation error about `capacityExceededTrapInitialCalls` (or any other
 * text that merely contains "capacity") is not a capacity refusal.
 */
export function isCapacityError(e: unknown): boolean {
    if (!isApiError(e) || e.apiBody !== true || e.status !== 400) {
        return false;
    }
    return /\bactive calls\b[^.;]*\bexceeds?\b[^.;]*\bcall capacity\b/i.test(e.apiMessage ?? "") || /\bexceeds?\b[^.;]*\bcapacity\b[^.;]*\bactive calls\b/i.test(e.apiMessage ?? "");
}

/**
 * BroadWorks refuses to delete a trunk group that still has a pilot user
 * ("[Error 4515] Cannot delete trunk group … while it has a pilot user"):
 * the one refusal after which the pilot is cleared and the DELETE repeated.
 */
export function isPilotBlocksDelete(e: unknown): boolean {
    if (!isApiError(e) || e.apiBody !== true || e.status !== 400) {
        return false;
    }
    const text = `${e.apiMessage ?? ""} ${e.details ?? ""}`;
    return /\bpilot user\b/i.test(text) && /\bdelet/i.test(text);
}

/** "Service not assigned … Trunk Group": matched on the words, never on a bare 404 (an unknown id is not that). */
export function isServiceNotAssigned(e: unknown): boolean {
    return isApiError(e) && (e.status === 400 || e.status === 403) && /not (been )?(assigned|authori[sz]ed)/i.test(`${e.apiMessage ?? ""} ${e.details ?? ""}`);
}

export { ApiError };
