import { MIN_SUBSTRING_SECRET_LENGTH } from "../http/redact";
import { CheckFailure, CheckResult, PROVIDER_KEY } from "../util/check";
import { describeValue, nearestName } from "../util/nearest";
import { ADOPT_INPUT, adoptSettingProblem } from "./adopt";
import {
    CheckRules,
    Condition,
    FieldSpec,
    ResourceSchema,
    applies,
    argsTypeOf,
    describeSpec,
    fieldNames,
    fieldSpec,
    integerRange,
    isOutput,
    isSet,
    isUnknown,
    ownValue,
    quotedList,
    specIn,
} from "./schema";

type Props = Record<string, unknown>;

/**
 * Validates a resource's inputs before any API call and returns the inputs
 * the plan shows. Total: whatever arrives, the answer is a list of failures
 * naming the field and what is allowed, never an exception. Values unknown
 * at preview are not judged; a secret's value never appears in a message.
 * Fields the program stopped declaring are reset to their `resetTo`, then the
 * create defaults fill what is still unset.
 */
export function checkInputs<T>(schema: ResourceSchema<T>, olds: unknown, news: unknown): CheckResult {
    try {
        return checkUnsafe(schema, schema.rules ?? {}, olds, news);
    } catch (e) {
        // Unreachable by design; a failure is still better than a crashed preview.
        return { inputs: {}, failures: [{ property: "", reason: `could not validate the inputs: ${(e as Error)?.message ?? String(e)}` }] };
    }
}

function checkUnsafe<T>(schema: ResourceSchema<T>, rules: CheckRules, olds: unknown, news: unknown): CheckResult {
    if (!isRecord(news)) {
        return { inputs: {}, failures: [{ property: "", reason: `${schema.title} inputs must be an object, got ${describeValue(news)}` }] };
    }
    const inputs: Props = {};
    const failures: CheckFailure[] = [];
    let strangers = 0;

    for (const key of Object.keys(news)) {
        const value = news[key];
        if (key === PROVIDER_KEY) {
            inputs[PROVIDER_KEY] = value;
            continue;
        }
        if (key === ADOPT_INPUT && !fieldSpec(schema, key)) {
            if (!schema.adoption) {
                // A resource that manages the settings of an object that always exists takes it over when it is created.
                if (isSet(value)) {
                    failures.push({ property: key, reason: `${key} is not a ${schema.title} input: a ${schema.title} takes over the object it manages when it is created, so there is nothing to adopt; remove it` });
                }
                continue;
            }
            // The kit's own input: kept for create, never a field of the API.
            if (value !== undefined && value !== null) {
                inputs[key] = value;
                const problem = adoptSettingProblem(schema, value);
                if (problem) {
                    failures.push({ property: key, reason: problem });
                }
            }
            continue;
        }
        const spec = fieldSpec(schema, key);
        if (!spec) {
            // Counted first: a message (and its "did you mean") is built only for those shown.
            if (!isOutput(schema, key) || isSet(value)) {
                strangers++;
            }
            const refusal = strangers <= MAX_UNKNOWN_KEYS_REPORTED ? notAnInput(schema, key, value) : undefined;
            if (refusal) {
                failures.push(refusal);
            }
            continue;
        }
        if (value === undefined || (value === null && !spec.nullable)) {
            continue;
        }
        inputs[key] = value;
        const problem = value === null ? undefined : validateValue(key, spec, value, rules);
        if (problem) {
            failures.push({ property: key, reason: problem });
        }
    }

    if (strangers > MAX_UNKNOWN_KEYS_REPORTED) {
        failures.push({ property: "", reason: `${strangers - MAX_UNKNOWN_KEYS_REPORTED} more keys are not ${schema.title} inputs either (see ${argsTypeOf(schema)} for the allowed fields)` });
    }

    for (const key of fieldNames(schema)) {
        const spec = schema.fields[key];
        if (spec.required && !isSet(news[key])) {
            failures.push({ property: key, reason: `${key} is required: ${describeSpec(spec)}` });
        }
    }

    // Reset what the program stopped declaring before the defaults, so a
    // removed default-bearing field goes back to its default.
    const old = isRecord(olds) ? olds : {};
    for (const key of Object.keys(old)) {
        const spec = fieldSpec(schema, key);
        if (spec && !spec.identity && spec.resetTo !== undefined && old[key] !== undefined && !Object.prototype.hasOwnProperty.call(inputs, key)) {
            inputs[key] = spec.resetTo;
        }
    }
    for (const key of fieldNames(schema)) {
        const d = schema.fields[key].createDefault;
        if (d !== undefined && !isSet(inputs[key])) {
            inputs[key] = d;
        }
    }

    failures.push(...relationFailures(schema, inputs));
    failures.push(...(rules.across?.(inputs) ?? []));
    return { inputs, failures };
}

/** Past this many unknown keys, one line counts the rest (a program that spreads a big object in). */
const MAX_UNKNOWN_KEYS_REPORTED = 20;
/** Longer keys are shown cut short and get no "did you mean" (the edit distance is quadratic). */
const MAX_KEY_SHOWN = 64;

/**
 * Control characters (C0, DEL, C1, the Unicode line and paragraph
 * separators): a newline or CR/LF in a name ends up in a request body, a log
 * line or a header; NUL and ESC (ANSI sequences) corrupt terminals and logs.
 * No field of either API takes them.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * A key as messages show it: escaped (a control character never reaches a
 * terminal raw) and, when long, cut short with its length.
 */
export function shownKey(key: string): string {
    const needsQuotes = CONTROL.test(key) || /["\\\s]/.test(key);
    if (key.length <= MAX_KEY_SHOWN) {
        return needsQuotes ? JSON.stringify(key) : key;
    }
    return `${JSON.stringify(key.slice(0, MAX_KEY_SHOWN)).slice(0, -1)}…" (${key.length} characters)`;
}

/** The one wording for a key that is not an input: an output, a known look-alike, or a likely typo. */
function notAnInput<T>(schema: ResourceSchema<T>, key: string, value: unknown): CheckFailure | undefined {
    const property = shownKey(key);
    if (isOutput(schema, key)) {
        // Resources declare their outputs as undefined inputs; only a real value is a mistake.
        return isSet(value) ? { property, reason: `${key} is read-only: ${schema.api} sets it, so it is an output, not an input; remove it from the inputs` } : undefined;
    }
    const hint = ownValue(schema.notInputs ?? {}, key);
    if (typeof hint === "string") {
        return { property, reason: `${key} is not a ${schema.title} input: ${hint}` };
    }
    return { property, reason: unknownKeyMessage(key, fieldNames(schema), `${schema.title} input`, `see ${argsTypeOf(schema)} for the allowed fields`) };
}

/** "x is not a TrunkGroup input; did you mean y? (see TrunkGroupArgs for the allowed fields)" */
export function unknownKeyMessage(key: string, allowed: readonly string[], what: string, where: string): string {
    const near = key.length <= MAX_KEY_SHOWN ? nearestName(key, allowed) : undefined;
    return `${shownKey(key)} is not a ${what}${near ? `; did you mean ${near}?` : ""} (${where})`;
}

/** Where the first control character is, and which, in words; a secret's value is described by position only. */
function controlCharacterProblem(label: string, value: string, secret: boolean): string | undefined {
    const at = value.search(CONTROL);
    if (at < 0) {
        return undefined;
    }
    const code = value.charCodeAt(at);
    const name = CONTROL_NAMES[code] ?? `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
    return (
        `${label} must not contain control characters (newline, carriage return, tab, NUL, escape and the like), ` +
        `got ${secret ? "one" : name} at character ${at + 1}; ${secret ? "remove it" : "remove it or write the text on one line"}`
    );
}

const CONTROL_NAMES: Readonly<Record<number, string>> = {
    0: "NUL (U+0000)",
    9: "a tab (U+0009)",
    10: "a newline (U+000A)",
    13: "a carriage return (U+000D)",
    27: "an escape (U+001B, as in ANSI colour codes)",
    127: "DEL (U+007F)",
};

/** What is wrong with one known, non-null value: the whole message, or undefined. */
function validateValue(label: string, spec: FieldSpec, value: unknown, rules: CheckRules): string | undefined {
    if (isUnknown(value)) {
        return undefined;
    }
    const got = `got ${spec.secret ? kindOf(value) : describeValue(value)}`;
    switch (spec.kind) {
        case "string": {
            // A secret shorter than this could not be scrubbed from text that quotes it, so none may exist.
            const min = spec.secret ? Math.max(spec.min ?? 0, MIN_SUBSTRING_SECRET_LENGTH) : (spec.min ?? 0);
            const lengths = spec.max !== undefined ? `${min} to ${spec.max} characters` : min > 1 ? `at least ${min} characters` : "";
            if (typeof value !== "string") {
                return `${label} must be a string${lengths ? ` of ${lengths}` : ""}, ${got}`;
            }
            if (value.trim() === "" && (spec.min ?? 1) > 0) {
                return `${label} must not be empty${lengths ? ` (${lengths})` : ""}`;
            }
            const control = controlCharacterProblem(label, value, spec.secret === true);
            if (control) {
                return control;
            }
            const ruled = rules.value?.(label, value, spec);
            if (ruled) {
                return ruled;
            }
            if (value.length < min || value.length > (spec.max ?? Infinity)) {
                return `${label} must be ${lengths}, got ${value.length}${spec.secret && value.length < min ? " (shorter secrets cannot be kept out of logs and messages that quote them)" : ""}`;
            }
            if (spec.pattern && !spec.pattern.re.test(value)) {
                return `${label} must be in ${spec.pattern.description}, got ${spec.secret ? "a value that is not" : describeValue(value)}`;
            }
            return undefined;
        }
        case "integer": {
            if (typeof value !== "number" || !Number.isInteger(value)) {
                const numeric = typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value);
                return `${label} must be ${spec.description ?? integerRange(spec)}, ${got}${numeric ? " (a number, not a string)" : ""}`;
            }
            const ruled = rules.value?.(label, value, spec);
            if (ruled) {
                return ruled;
            }
            if (value < (spec.min ?? -Infinity) || value > (spec.max ?? Infinity)) {
                return `${label} must be ${spec.max !== undefined ? `from ${spec.min} to ${spec.max}` : `at least ${spec.min}`}, got ${value}`;
            }
            return undefined;
        }
        case "boolean":
            return typeof value === "boolean" ? undefined : `${label} must be true or false, ${got}`;
        case "enum": {
            const allowed = spec.values ?? [];
            if (typeof value === "string" && allowed.includes(value)) {
                return rules.value?.(label, value, spec);
            }
            const near = typeof value === "string" && value.length <= MAX_KEY_SHOWN ? nearestName(value, allowed) : undefined;
            return `${label} must be one of ${quotedList(allowed)}, ${got}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}`;
        }
        case "object":
            return validateObject(label, spec, value, rules);
        case "list":
            return validateList(label, spec, value, rules);
    }
}

/** A list: its length, then each item (the first problem only). */
function validateList(label: string, spec: FieldSpec, value: unknown, rules: CheckRules): string | undefined {
    if (!Array.isArray(value)) {
        return `${label} must be ${describeSpec(spec)}, got ${describeValue(value)}`;
    }
    if (value.length < (spec.min ?? 0) || value.length > (spec.max ?? Infinity)) {
        return `${label} must have ${spec.max !== undefined ? `${spec.min ?? 0} to ${spec.max}` : `at least ${spec.min}`} items, got ${value.length}`;
    }
    for (let i = 0; i < value.length; i++) {
        const item = value[i];
        const problem = !spec.items ? undefined : isSet(item) ? validateValue(`${label}[${i}]`, spec.items, item, rules) : `${label}[${i}] must be ${describeSpec(spec.items)}, got ${describeValue(item)}`;
        if (problem) {
            return problem;
        }
    }
    return undefined;
}

/** Sub-keys: unknown ones first, then missing required ones, then each value; the first problem only. */
function validateObject(label: string, spec: FieldSpec, value: unknown, rules: CheckRules): string | undefined {
    const fields = spec.fields ?? {};
    const allowed = Object.keys(fields);
    if (!isRecord(value)) {
        return `${label} must be an object with ${allowed.join(", ")}, got ${describeValue(value)}`;
    }
    for (const k of Object.keys(value)) {
        if (!specIn(fields, k)) {
            const near = k.length <= MAX_KEY_SHOWN ? nearestName(k, allowed) : undefined;
            return `${label}.${shownKey(k)} is not allowed (allowed: ${allowed.join(", ")})${near ? `; did you mean ${near}?` : ""}`;
        }
    }
    for (const k of allowed) {
        if (fields[k].required && !isSet(value[k])) {
            return `${label}.${k} is required`;
        }
    }
    for (const k of Object.keys(value)) {
        if (isSet(value[k])) {
            const problem = validateValue(`${label}.${k}`, fields[k], value[k], rules);
            if (problem) {
                return problem;
            }
        }
    }
    return undefined;
}

/**
 * The rules between fields the table declares: `requiredWhen`, `onlyWhen`
 * (an absent switch is off; an unknown one is not judged) and `atMost`.
 */
function relationFailures<T>(schema: ResourceSchema<T>, inputs: Readonly<Props>): CheckFailure[] {
    const out: CheckFailure[] = [];
    const show = (c: Condition) => (typeof c.is === "string" ? JSON.stringify(c.is) : String(c.is));
    for (const key of fieldNames(schema)) {
        const spec = schema.fields[key];
        const value = inputs[key];
        const need = spec.requiredWhen;
        if (need && inputs[need.field] === need.is && !isSet(value)) {
            out.push({ property: key, reason: `${key} is required when ${need.field} is ${show(need)}${spec.description ? `: ${spec.description}` : ""}` });
        }
        const only = spec.onlyWhen;
        if (only && !isUnknown(inputs[only.field]) && !applies(spec, inputs) && isSet(value) && !isUnknown(value)) {
            out.push({ property: key, reason: `${key} is only used when ${only.field} is ${show(only)}; set ${only.field}: ${show(only)} or remove ${key}` });
        }
        const limit = spec.atMost === undefined ? undefined : inputs[spec.atMost];
        if (typeof value === "number" && typeof limit === "number" && value > limit) {
            out.push({ property: key, reason: `${key} (${value}) cannot exceed ${spec.atMost} (${limit})` });
        }
    }
    return out;
}

function isRecord(v: unknown): v is Props {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** How a secret's wrong value is described: its type only. */
function kindOf(v: unknown): string {
    if (v === null) {
        return "null";
    }
    if (Array.isArray(v)) {
        return "an array";
    }
    return typeof v === "object" ? "an object" : `a ${typeof v}`;
}
