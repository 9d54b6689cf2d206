/**
 * Whether an answer that claims to be about one object can be believed,
 * before anything reaches the state. Gateways and proxies answer 200 with
 * another object's body, a cut or emptied object, a field dropped or turned
 * into text; each would put a wrong value, or a wrong identity, into Pulumi's
 * state. Judged from the resource's own tables (inputs and outputs with their
 * kinds) and the shape of its API's answers. Pure: a resource hands it to its
 * client with every request (a GET is then asked again; a write's fate is
 * looked up).
 */
import { FieldSpec, OutputSpec, ResourceSchema, fieldNames, ownValue, specIn } from "./schema";

export interface AnswerExpectations {
    /** The object asked for: each part the answer carries must be this object's (numbers compared as text). */
    key?: object;
    /**
     * A whole answer: every part of the key, and every field with a default
     * (an API that resets a field to a default reports it in every answer).
     */
    complete?: boolean;
    /**
     * What was just written or is known to be set: a field with a value must
     * be reported, a cleared one (null) must not. Values themselves are
     * compared by the caller (the API may normalise them).
     */
    written?: object;
}

/**
 * The check a client runs on every answer about the object `key` names: a
 * whole answer for a read, one that shows what was written for a write.
 */
export function answerCheck<T>(schema: ResourceSchema<T>, key: object, written?: object): (data: unknown) => string | undefined {
    return (data) => answerProblem(schema, data, written ? { key, written } : { key, complete: true });
}

/** Why this answer is not about the object asked for, or undefined when it can be used. */
export function answerProblem<T>(schema: ResourceSchema<T>, data: unknown, expect: AnswerExpectations = {}): string | undefined {
    const shape = schema.answer;
    if (!isObject(data)) {
        return `it is not a ${shape.noun} (${Array.isArray(data) ? "a list" : data === null ? "null" : typeof data})`;
    }
    for (const [part, want] of Object.entries(expect.key ?? {})) {
        if (want === undefined) {
            continue;
        }
        const v = ownValue(data, part);
        if (isAbsent(v)) {
            if (expect.complete || shape.always.includes(part)) {
                return `${part} is missing`;
            }
            continue;
        }
        if (String(v) !== want) {
            return `it is about another ${shape.object} (${part} ${JSON.stringify(v)}) than the one asked for (${JSON.stringify(String(want))})`;
        }
    }
    for (const k of shape.always) {
        if (isAbsent(ownValue(data, k))) {
            return `${k} is missing`;
        }
    }
    for (const k of Object.keys(data)) {
        const field = specIn(schema.fields as Readonly<Record<string, FieldSpec>>, k);
        const spec = field ?? specIn(schema.outputs, k);
        const wrong = spec && !isAbsent(data[k]) ? kindProblem(k, spec, data[k], shape.numbersAsText === true, field === undefined) : undefined;
        if (wrong) {
            return wrong;
        }
    }
    if (expect.complete) {
        const missing = fieldNames(schema).filter((k) => {
            const s = schema.fields[k];
            return !s.identity && !s.writeOnly && s.resetTo !== undefined && s.resetTo !== null && isAbsent(ownValue(data, k));
        });
        if (missing.length > 0) {
            const one = missing.length === 1;
            return `${missing.join(", ")} ${one ? "is" : "are"} missing (${schema.api} always reports ${one ? "it" : "them"})`;
        }
    }
    for (const [k, v] of Object.entries(expect.written ?? {})) {
        const spec = specIn(schema.fields as Readonly<Record<string, FieldSpec>>, k);
        if (!spec || spec.identity || spec.writeOnly || v === undefined) {
            continue;
        }
        const reported = ownValue(data, k);
        if (v !== null && isAbsent(reported)) {
            return `${k} is missing, although it is set`;
        }
        if (v === null && !isAbsent(reported) && spec.nullable) {
            return `${k} is still reported, although it was cleared`;
        }
    }
    return undefined;
}

/**
 * What is wrong with a value's kind, or undefined. An output's required
 * sub-fields must be there; an input object's are not judged (the API may
 * answer one with fewer keys than it takes).
 */
function kindProblem(label: string, spec: FieldSpec | OutputSpec, v: unknown, numbersAsText: boolean, output: boolean): string | undefined {
    const not = (what: string) => `${label} is ${describe(v)}, not ${what}`;
    switch (spec.kind) {
        case "integer":
            return typeof v === "number" && Number.isInteger(v) ? undefined : not("a whole number");
        case "boolean":
            return typeof v === "boolean" ? undefined : not("true or false");
        case "enum":
            return typeof v === "string" ? undefined : not("text");
        case "string":
            return typeof v === "string" || (numbersAsText && typeof v === "number") ? undefined : not("text");
        case "list": {
            if (!Array.isArray(v)) {
                return not("a list");
            }
            const items = "items" in spec ? spec.items : undefined;
            for (let i = 0; items && i < v.length; i++) {
                const wrong = isAbsent(v[i]) ? `${label}[${i}] is missing` : kindProblem(`${label}[${i}]`, items, v[i], numbersAsText, output);
                if (wrong) {
                    return wrong;
                }
            }
            return undefined;
        }
        case "any":
            return undefined;
        case "object":
            return isObject(v) ? subFieldProblem(label, spec.fields ?? {}, v, numbersAsText, output) : not("an object");
    }
}

function subFieldProblem(label: string, fields: Readonly<Record<string, FieldSpec>>, v: Record<string, unknown>, numbersAsText: boolean, output: boolean): string | undefined {
    for (const [k, sub] of Object.entries(fields)) {
        const x = ownValue(v, k);
        const wrong = isAbsent(x) ? (output && sub.required ? `${label}.${k} is missing` : undefined) : kindProblem(`${label}.${k}`, sub, x, numbersAsText, output);
        if (wrong) {
            return wrong;
        }
    }
    return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

const isAbsent = (v: unknown): boolean => v === undefined || v === null || v === "";

function describe(v: unknown): string {
    if (v === undefined) {
        return "missing";
    }
    if (typeof v === "string") {
        return v.length > 20 ? `a ${v.length}-character text` : `the text ${JSON.stringify(v)}`;
    }
    return Array.isArray(v) ? "a list" : v === null ? "null" : typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}
