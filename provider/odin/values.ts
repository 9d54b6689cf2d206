import type { FieldSpec, ResourceSchema } from "../kit/schema";

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

/**
 * What every BroadWorks resource declares alike: its kind (`odin:` + its
 * title, the key `pulumi-trunking/dynamic` loads it by, which never
 * changes), who computes its outputs, and how its answers are read.
 */
export function broadWorks(title: string): Pick<ResourceSchema<unknown>, "kind" | "title" | "api" | "hooks"> {
    return { kind: `odin:${title}`, title, api: "BroadWorks", hooks: { normalize: odinValue } };
}
