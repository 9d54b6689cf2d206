/**
 * Whether an answer that claims to be a trunk group's profile can be believed,
 * before anything reaches the state. Gateways and proxies answer 200 with
 * another trunk group's body, a cut or emptied object, a field dropped or
 * turned into text; each of those would put a wrong value, or a wrong
 * identity, into Pulumi's state. Pure: the client runs it on every answer
 * (a GET is then asked again; a write's fate is looked up).
 */
import { fieldNames, ownValue, specIn } from "../../kit/schema";
import type { FieldSpec } from "../../kit/schema";
import type { TrunkGroupKey } from "../types";
import { TRUNK_GROUP } from "./schema";

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * Fields BroadWorks reports in every profile: those with a BroadWorks default
 * (booleans, policies, timers). Optional ones are left out when unset, and the
 * R22/IMS ones (no default in the table) by older releases.
 */
const ALWAYS_REPORTED = fieldNames(TRUNK_GROUP).filter((k) => {
    const s = TRUNK_GROUP.fields[k];
    return !s.identity && !s.writeOnly && s.resetTo !== undefined && s.resetTo !== null;
});

export interface ProfileExpectations {
    /**
     * All of the identity must be there and match, and every always-reported
     * field (the resource's own reads); off for the capacity report, which
     * takes what it needs from servers of every release.
     */
    complete?: boolean;
    /**
     * What was just written or is known to be set: a field with a value must
     * be reported, a field cleared (null) must not be. Values themselves are
     * compared by the caller (BroadWorks may normalise them).
     */
    written?: object;
}

/** Why this answer is not the profile of `key`, or undefined when it can be used. */
export function profileProblem(data: unknown, key: TrunkGroupKey, expect: ProfileExpectations = {}): string | undefined {
    if (!isObject(data)) {
        return `it is not a trunk group profile (${Array.isArray(data) ? "an array" : data === null ? "null" : typeof data})`;
    }
    for (const part of ["serviceProviderId", "groupId", "name"] as const) {
        const v = ownValue(data, part);
        if (v === undefined || v === null) {
            if (expect.complete || part === "name") {
                return `${part} is missing`;
            }
            continue;
        }
        // Odin answers numeric-looking ids as numbers.
        if (String(v) !== key[part]) {
            return `it is the profile of another trunk group (${part} ${JSON.stringify(v)}, asked for ${JSON.stringify(key[part])})`;
        }
    }
    if (typeof data.maxActiveCalls !== "number" || !Number.isInteger(data.maxActiveCalls)) {
        return `maxActiveCalls is ${describe(data.maxActiveCalls)}, not a whole number`;
    }
    for (const k of Object.keys(data)) {
        const spec = specIn(TRUNK_GROUP.fields, k);
        const v = data[k];
        if (spec && v !== null && v !== undefined) {
            const wrong = typeProblem(spec, v);
            if (wrong) {
                return `${k} is ${describe(v)}, not ${wrong}`;
            }
        }
    }
    if (ownValue(data, "users") !== undefined && !Array.isArray(data.users)) {
        return `users is ${describe(data.users)}, not a list`;
    }
    if (expect.complete) {
        const missing = ALWAYS_REPORTED.filter((k) => ownValue(data, k) === undefined || data[k] === null);
        if (missing.length > 0) {
            return `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing (BroadWorks always reports ${missing.length === 1 ? "it" : "them"})`;
        }
    }
    for (const [k, v] of Object.entries(expect.written ?? {})) {
        const spec = specIn(TRUNK_GROUP.fields, k);
        if (!spec || spec.identity || spec.writeOnly || v === undefined) {
            continue;
        }
        const reported = ownValue(data, k);
        if (v !== null && (reported === undefined || reported === null)) {
            return `${k} is missing, although it is set`;
        }
        if (v === null && reported !== undefined && reported !== null && spec.nullable) {
            return `${k} is still reported, although it was cleared`;
        }
    }
    return undefined;
}

/** The kind a value should have been, or undefined when it has it. Odin sends numeric-looking text as numbers. */
function typeProblem(spec: FieldSpec, v: unknown): string | undefined {
    switch (spec.kind) {
        case "integer":
            return typeof v === "number" && Number.isInteger(v) ? undefined : "a whole number";
        case "boolean":
            return typeof v === "boolean" ? undefined : "true or false";
        case "enum":
            return typeof v === "string" ? undefined : "text";
        case "string":
            return typeof v === "string" || typeof v === "number" ? undefined : "text";
        case "object":
            return isObject(v) ? undefined : "an object";
    }
}

function describe(v: unknown): string {
    if (v === undefined) {
        return "missing";
    }
    if (typeof v === "string") {
        return v.length > 20 ? `a ${v.length}-character text` : `the text ${JSON.stringify(v)}`;
    }
    return Array.isArray(v) ? "a list" : v === null ? "null" : typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}
