import { FieldSpec, UNKNOWN, fieldSpec, isStringField } from "./schema";

export interface TrunkGroupDiff {
    changes: boolean;
    /** Inputs whose change the update must apply. */
    changedKeys: string[];
    replaces: string[];
    deleteBeforeReplace: boolean;
}

const PASSWORD = "sipAuthenticationPassword";

/**
 * Compares the program's (checked) inputs with the previous outputs, key by
 * key over the INPUTS only: server-side values the program never declared do
 * not take part, so an unchanged program never shows a diff. The password is
 * write-only: it is compared with the previous input kept (secret) in the
 * outputs; when none was kept (an imported trunk group) no change can be
 * claimed, and the next update sends it anyway.
 */
export function diffTrunkGroup(olds: Record<string, unknown>, news: Record<string, unknown>): TrunkGroupDiff {
    const changedKeys: string[] = [];
    for (const [key, value] of Object.entries(news ?? {})) {
        const spec = fieldSpec(key);
        if (!spec) {
            continue;
        }
        const old = olds?.[key];
        if (key === PASSWORD && (old === undefined || old === null) && value !== UNKNOWN) {
            continue;
        }
        if (!sameValue(spec, key, old, value)) {
            changedKeys.push(key);
        }
    }
    const replaces = changedKeys.filter((k) => fieldSpec(k)?.replaceOnChange);
    return { changes: changedKeys.length > 0, changedKeys, replaces, deleteBeforeReplace: false };
}

export function sameValue(spec: FieldSpec | undefined, key: string, old: unknown, value: unknown): boolean {
    if (value === UNKNOWN || old === UNKNOWN) {
        return false;
    }
    return sameJson(normalize(key, old), normalize(key, value), spec?.kind !== undefined && spec.kind !== "string");
}

/** Odin answers numeric-looking strings as numbers; null and absent are the same "unset". */
export function normalize(key: string, v: unknown): unknown {
    if (v === undefined || v === null) {
        return null;
    }
    if (isStringField(key) && typeof v === "number") {
        return String(v);
    }
    return v;
}

/**
 * Nested objects (access device, department, reroute keys) compare on the keys
 * the program gave: the API answers some of them with fewer keys than it takes.
 */
function sameJson(a: unknown, b: unknown, subset: boolean): boolean {
    if (b !== null && typeof b === "object" && !Array.isArray(b)) {
        if (a === null || typeof a !== "object" || Array.isArray(a)) {
            return false;
        }
        const ao = a as Record<string, unknown>;
        const bo = b as Record<string, unknown>;
        const keys = subset ? Object.keys(bo) : [...new Set([...Object.keys(ao), ...Object.keys(bo)])];
        return keys.every((k) => sameJson(stringish(ao[k]), stringish(bo[k]), subset));
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((x, i) => sameJson(x, b[i], subset));
    }
    return Object.is(a ?? null, b ?? null);
}

function stringish(v: unknown): unknown {
    return typeof v === "number" ? String(v) : v === undefined ? null : v;
}
