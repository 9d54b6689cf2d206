import { FieldSpec, UNKNOWN, fieldSpec } from "./schema";

export interface WebexTrunkDiff {
    changes: boolean;
    /** Inputs whose change must be applied (in place or by replacement). */
    changedKeys: string[];
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/** Webex refuses a second certificate-based trunk on the same address + domain + port (409, 27571). */
const ADDRESS_KEYS = ["address", "domain", "port"];

/**
 * Compares the program's inputs (`news`) with the previous outputs (`olds`),
 * over the keys the program sets only: values Webex filled in by itself never
 * take part, so an unchanged program never shows a diff.
 *
 * Two keys cannot be compared when the old side is missing, and then no change
 * is claimed rather than a false one:
 * - `password` is never returned by the API. It is compared with the previous
 *   input kept (secret) in the outputs. A trunk imported by id alone has none;
 *   the declared password is sent with the next update (every PUT carries it)
 *   and tracked from then on. Claiming a change instead would rewrite the
 *   password of a trunk the program has only just adopted.
 * - `orgId`: without one the trunk lives in the token's own org, which may well
 *   be the org now named.
 */
export function diffWebexTrunk(olds: unknown, news: unknown): WebexTrunkDiff {
    const o = asRecord(olds);
    const n = asRecord(news);
    const changedKeys: string[] = [];
    for (const key of Object.keys(n)) {
        const spec = fieldSpec(key);
        const value = n[key];
        if (!spec || value === undefined || value === null) {
            continue;
        }
        const old = o[key];
        if ((key === "password" || key === "orgId") && (old === undefined || old === null) && value !== UNKNOWN) {
            continue;
        }
        if (!sameValue(spec, key, old, value)) {
            changedKeys.push(key);
        }
    }
    const replaces = changedKeys.filter((k) => fieldSpec(k)?.replaceOnChange);
    return { changes: changedKeys.length > 0, changedKeys, replaces, deleteBeforeReplace: replaces.length > 0 && wouldCollide(n, changedKeys) };
}

/**
 * Create-before-delete would fail when the replacement keeps what Webex
 * requires to be unique: the name, or a certificate-based trunk's address.
 */
function wouldCollide(news: Record<string, unknown>, changedKeys: string[]): boolean {
    if (!changedKeys.includes("name") || news.name === UNKNOWN) {
        return true;
    }
    const certificate = news.trunkType === "CERTIFICATE_BASED" || news.trunkType === UNKNOWN;
    return certificate && !ADDRESS_KEYS.some((k) => changedKeys.includes(k));
}

export function sameValue(spec: FieldSpec | undefined, key: string, old: unknown, value: unknown): boolean {
    if (deepEqual(old, value)) {
        return true;
    }
    if (value === UNKNOWN || old === UNKNOWN) {
        return false;
    }
    if (spec?.kind === "enum" && typeof old === "string" && typeof value === "string") {
        // The API has answered enums in lower case (status), so case is not a change.
        return old.toUpperCase() === value.toUpperCase();
    }
    if (spec?.kind === "integer" && (typeof old === "number" || typeof old === "string") && typeof value === "number") {
        return String(old).trim() !== "" && Number(old) === value;
    }
    if ((key === "address" || key === "domain") && typeof old === "string" && typeof value === "string") {
        return old.toLowerCase() === value.toLowerCase(); // host names
    }
    return false;
}

function deepEqual(a: unknown, b: unknown): boolean {
    if (Object.is(a, b)) {
        return true;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (a && b && typeof a === "object" && typeof b === "object") {
        const ka = Object.keys(a);
        const kb = Object.keys(b);
        const ra = a as Record<string, unknown>;
        const rb = b as Record<string, unknown>;
        return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && deepEqual(ra[k], rb[k]));
    }
    return false;
}

function asRecord(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
