import { CheckFailure, CheckResult, PROVIDER_KEY } from "../util/check";
import { describeValue, nearestName } from "../util/nearest";
import { ADOPT_INPUT, adoptSettingProblem } from "./adopt";
import {
    Condition,
    FieldSpec,
    ResourceSchema,
    applies,
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

/** What a resource adds to the generic check: only what its API demands beyond the field table. */
export interface CheckRules {
    /**
     * A rule for one value that already has the right type (and, for text, is
     * not empty); runs before the bounds. Returns the whole message, or undefined.
     */
    value?(label: string, value: unknown, spec: FieldSpec): string | undefined;
    /** Rules across fields, on the checked inputs (defaults applied, unknown values still in). */
    across?(inputs: Readonly<Props>): CheckFailure[];
}

/**
 * Validates a resource's inputs before any API call and returns the inputs
 * the plan shows. Total: whatever arrives, the answer is a list of failures
 * naming the field and what is allowed, never an exception. Values unknown
 * at preview are not judged; a secret's value never appears in a message.
 * Fields the program stopped declaring are reset to their `resetTo`, then the
 * create defaults fill what is still unset.
 */
export function checkInputs<T>(schema: ResourceSchema<T>, rules: CheckRules, olds: unknown, news: unknown): CheckResult {
    try {
        return checkUnsafe(schema, rules, olds, news);
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

    for (const key of Object.keys(news)) {
        const value = news[key];
        if (key === PROVIDER_KEY) {
            inputs[PROVIDER_KEY] = value;
            continue;
        }
        if (key === ADOPT_INPUT && !fieldSpec(schema, key)) {
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
            const refusal = notAnInput(schema, key, value);
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

/** The one wording for a key that is not an input: an output, a known look-alike, or a likely typo. */
function notAnInput<T>(schema: ResourceSchema<T>, key: string, value: unknown): CheckFailure | undefined {
    if (isOutput(schema, key)) {
        // Resources declare their outputs as undefined inputs; only a real value is a mistake.
        return isSet(value) ? { property: key, reason: `${key} is read-only: ${schema.api} sets it, so it is an output, not an input; remove it from the inputs` } : undefined;
    }
    const hint = ownValue(schema.notInputs ?? {}, key);
    if (typeof hint === "string") {
        return { property: key, reason: `${key} is not a ${schema.title} input: ${hint}` };
    }
    return { property: key, reason: unknownKeyMessage(key, fieldNames(schema), `${schema.title} input`, `see ${schema.argsType} for the allowed fields`) };
}

/** "x is not a TrunkGroup input; did you mean y? (see TrunkGroupArgs for the allowed fields)" */
export function unknownKeyMessage(key: string, allowed: readonly string[], what: string, where: string): string {
    const near = nearestName(key, allowed);
    return `${key} is not a ${what}${near ? `; did you mean ${near}?` : ""} (${where})`;
}

/** What is wrong with one known, non-null value: the whole message, or undefined. */
function validateValue(label: string, spec: FieldSpec, value: unknown, rules: CheckRules): string | undefined {
    if (isUnknown(value)) {
        return undefined;
    }
    const got = `got ${spec.secret ? kindOf(value) : describeValue(value)}`;
    switch (spec.kind) {
        case "string": {
            const lengths = spec.max !== undefined ? `${spec.min ?? 0} to ${spec.max} characters` : "";
            if (typeof value !== "string") {
                return `${label} must be a string${lengths ? ` of ${lengths}` : ""}, ${got}`;
            }
            if (value.trim() === "" && (spec.min ?? 1) > 0) {
                return `${label} must not be empty${lengths ? ` (${lengths})` : ""}`;
            }
            const ruled = rules.value?.(label, value, spec);
            if (ruled) {
                return ruled;
            }
            if (value.length < (spec.min ?? 0) || value.length > (spec.max ?? Infinity)) {
                return `${label} must be ${lengths}, got ${value.length}`;
            }
            if (spec.pattern && !spec.pattern.re.test(value)) {
                return `${label} must be in ${spec.pattern.description}, got ${spec.secret ? "a value that is not" : describeValue(value)}`;
            }
            return undefined;
        }
        case "integer": {
            if (typeof value !== "number" || !Number.isInteger(value)) {
                const numeric = typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value);
                return `${label} must be ${integerRange(spec)}, ${got}${numeric ? " (a number, not a string)" : ""}`;
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
            const near = typeof value === "string" ? nearestName(value, allowed) : undefined;
            return `${label} must be one of ${quotedList(allowed)}, ${got}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}`;
        }
        case "object":
            return validateObject(label, spec, value, rules);
    }
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
            const near = nearestName(k, allowed);
            return `${label}.${k} is not allowed (allowed: ${allowed.join(", ")})${near ? `; did you mean ${near}?` : ""}`;
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
