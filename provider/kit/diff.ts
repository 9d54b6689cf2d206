import { DiffHooks, FieldSpec, ResourceSchema, applies, fieldSpec, fieldsWhere, isSet, isUnknown, ownValue } from "./schema";

type Props = Record<string, unknown>;

export interface ResourceDiff {
    changes: boolean;
    /** Inputs whose change must be applied (in place or by replacement). */
    changedKeys: string[];
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/**
 * Compares the program's checked inputs (`news`) with the previous outputs
 * (`olds`) over the keys the program sets only, so values the API filled in
 * by itself never take part and an unchanged program never shows a diff.
 * A write-only field (never returned by the API) cannot be compared when the
 * outputs lack it (an imported object): no change is claimed rather than a
 * false one, unless the API takes it with every update anyway
 * (`sentOnEveryUpdate`). Replacements follow the schema's `replaceOnChange`.
 */
export function diffInputs<T>(schema: ResourceSchema<T>, olds: unknown, news: unknown): ResourceDiff {
    const hooks = schema.hooks ?? {};
    const o = asRecord(olds);
    const n = asRecord(news);
    const changedKeys: string[] = [];
    for (const key of Object.keys(n)) {
        const spec = fieldSpec(schema, key);
        const value = n[key];
        if (!spec || value === undefined || (value === null && !spec.nullable)) {
            continue;
        }
        const old = ownValue(o, key);
        if (spec.writeOnly && !spec.sentOnEveryUpdate && (old === undefined || old === null) && !isUnknown(value)) {
            continue;
        }
        if (!sameValue(spec, key, old, value, hooks)) {
            changedKeys.push(key);
        }
    }
    changedKeys.push(...valuesLeftOut(schema, n, o));
    const replaces = changedKeys.filter((k) => fieldSpec(schema, k)?.replaceOnChange);
    return {
        changes: changedKeys.length > 0,
        changedKeys,
        replaces,
        deleteBeforeReplace: replaces.length > 0 && (hooks.deleteBeforeReplace?.(n, changedKeys, o) ?? false),
    };
}

/**
 * Whether the API's value (`old`) matches what the program says (`value`).
 * Identical values match, unknown ones never do; objects match on the keys
 * the program gave (APIs answer some with fewer keys than they take).
 */
export function sameValue(spec: FieldSpec, key: string, old: unknown, value: unknown, hooks: DiffHooks): boolean {
    if (deepEqual(old, value)) {
        return true;
    }
    if (isUnknown(value) || isUnknown(old)) {
        return false;
    }
    const norm = (v: unknown) => {
        const generic =
            v === undefined
                ? null
                : spec.kind === "integer" && typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v))
                  ? Number(v)
                  : spec.caseInsensitive && typeof v === "string"
                    ? v.toLowerCase()
                    : v;
        return hooks.normalize ? hooks.normalize(key, generic, spec) : generic;
    };
    return covers(norm(old), norm(value));
}

/**
 * The names of the fields in which an object found on the server differs from
 * what was sent to create it. Only what the server reports is compared: a
 * field (or sub-field) it leaves out, and a write-only one, is no difference.
 */
export function differingFields<T>(schema: ResourceSchema<T>, sent: object, found: object): string[] {
    const hooks = schema.hooks ?? {};
    const out: string[] = [];
    for (const key of Object.keys(sent)) {
        const spec = fieldSpec(schema, key);
        const have = ownValue(found, key);
        if (!spec || spec.writeOnly || have === undefined || have === null) {
            continue;
        }
        const want = ownValue(sent, key);
        const reported = isPlain(want) && isPlain(have) ? Object.fromEntries(Object.keys(want).filter((k) => Object.prototype.hasOwnProperty.call(have, k)).map((k) => [k, want[k]])) : want;
        if (!sameValue(spec, key, have, reported, hooks)) {
            out.push(key);
        }
    }
    out.push(...valuesLeftOut(schema, sent, found));
    return out;
}

/**
 * Whether an answer shows every value the program declares (or the state
 * holds) that the API reports: the identity and write-only fields aside,
 * and fields that do not apply to these values. A value the program clears
 * (null) must be absent. `reported` is keyed like the inputs.
 */
export function showsEvery<T>(schema: ResourceSchema<T>, reported: object, expected: Readonly<Props>): boolean {
    const hooks = schema.hooks ?? {};
    return Object.keys(expected).every((k) => {
        const spec = fieldSpec(schema, k);
        return !spec || spec.identity || spec.writeOnly || expected[k] === undefined || !applies(spec, expected) || sameValue(spec, k, ownValue(reported, k) ?? null, expected[k], hooks);
    });
}

/**
 * The `unsetIsValue` fields the program leaves out where they apply while the
 * object has a value: the program asks for none, so that is a difference.
 */
function valuesLeftOut<T>(schema: ResourceSchema<T>, program: object, object: object): string[] {
    return fieldsWhere(schema, (s) => s.unsetIsValue === true).filter((key) => {
        const spec = schema.fields[key];
        const condition = spec.onlyWhen ? ownValue(program, spec.onlyWhen.field) : undefined;
        return !isUnknown(condition) && applies(spec, program) && !isSet(ownValue(program, key)) && isSet(ownValue(object, key));
    });
}

function covers(have: unknown, want: unknown): boolean {
    if (isPlain(want)) {
        return isPlain(have) && Object.keys(want).every((k) => covers(ownValue(have, k) ?? null, want[k] ?? null));
    }
    if (Array.isArray(want)) {
        return Array.isArray(have) && have.length === want.length && want.every((x, i) => covers(have[i], x));
    }
    return Object.is(have ?? null, want ?? null);
}

function deepEqual(a: unknown, b: unknown): boolean {
    if (Object.is(a, b)) {
        return true;
    }
    if (Array.isArray(a) || Array.isArray(b)) {
        return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    }
    if (isPlain(a) && isPlain(b)) {
        const ka = Object.keys(a);
        return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
    }
    return false;
}

function isPlain(v: unknown): v is Props {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function asRecord(v: unknown): Props {
    return isPlain(v) ? v : {};
}
