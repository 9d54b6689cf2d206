import type { FieldSpec } from "../kit/schema";

/**
 * How Odin's answers are read against a resource's table: its JSON encoder
 * sends numeric-looking strings as numbers, in nested keys and list items
 * too; they are strings to us. Absent and null are the same "unset". The
 * `normalize` hook of every Odin resource.
 */
export function odinValue(_key: string, v: unknown, spec: FieldSpec | undefined): unknown {
    if (v === undefined || v === null) {
        return null;
    }
    if (spec?.kind === "string" && typeof v === "number") {
        return String(v);
    }
    if (spec?.kind === "object" && typeof v === "object" && !Array.isArray(v)) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "number" && spec.fields?.[k]?.kind !== "integer" ? String(x) : (x ?? null)]));
    }
    if (spec?.kind === "list" && Array.isArray(v)) {
        return v.map((item) => odinValue(_key, item, spec.items));
    }
    return v;
}
