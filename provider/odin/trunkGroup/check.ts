import { describeValue, nearestName } from "../../util/nearest";
import { CheckFailure, CheckResult, PROVIDER_KEY } from "../../util/check";

export type { CheckFailure, CheckResult };
import { CREATE_DEFAULTS, FIELD_NAMES, FieldSpec, READ_ONLY_FIELDS, UNKNOWN, fieldSpec } from "./schema";

const REQUIRED = ["serviceProviderId", "groupId", "name", "maxActiveCalls"] as const;
const TRUNK_GROUP_KEY_FIELDS = ["serviceProviderId", "groupId", "name"];
const DEPARTMENT_FIELDS = ["serviceProviderId", "groupId", "name"];
const ACCESS_DEVICE_FIELDS = ["deviceLevel", "deviceName", "serviceProviderId", "groupId"];
const DEVICE_LEVELS = ["System", "Service Provider", "Group"];

const isUnknown = (v: unknown) => v === UNKNOWN;
const isSet = (v: unknown) => v !== undefined && v !== null;

/**
 * Validates a TrunkGroup's inputs before any API call and returns the inputs
 * the plan will show: the seed-001 create defaults filled in, and fields the
 * program stopped declaring reset to their BroadWorks default (or null, which
 * clears them), so that removing a line from the program changes the system.
 * Never throws: every problem is a failure naming the field and what is allowed.
 */
export function checkTrunkGroup(olds: unknown, news: unknown): CheckResult {
    const failures: CheckFailure[] = [];
    if (news === null || typeof news !== "object" || Array.isArray(news)) {
        return { inputs: {}, failures: [{ property: "", reason: `TrunkGroup inputs must be an object, got ${describeValue(news)}` }] };
    }
    const input = news as Record<string, unknown>;
    const inputs: Record<string, unknown> = {};

    for (const [key, value] of Object.entries(input)) {
        if (key === PROVIDER_KEY) {
            inputs[key] = value;
            continue;
        }
        const spec = fieldSpec(key);
        if (!spec) {
            failures.push(unknownKey(key));
            continue;
        }
        if (value === undefined) {
            continue;
        }
        inputs[key] = value;
        if (isUnknown(value)) {
            continue;
        }
        const problem = value === null ? (spec.nullable ? undefined : `cannot be null`) : validateValue(key, spec, value);
        if (problem) {
            failures.push({ property: key, reason: problem.startsWith(".") ? `${key}${problem}` : `${key} ${problem}` });
        }
    }

    for (const key of REQUIRED) {
        if (!isSet(input[key])) {
            const what = key === "maxActiveCalls" ? "an integer from 1 to 999999" : "a string of 1 to 30 characters";
            failures.push({ property: key, reason: `${key} is required: ${what}` });
        }
    }

    // Reset what the program stopped declaring, before defaults, so a removed
    // default-bearing field goes back to its default.
    const old = olds !== null && typeof olds === "object" && !Array.isArray(olds) ? (olds as Record<string, unknown>) : {};
    for (const [key, oldValue] of Object.entries(old)) {
        const spec = fieldSpec(key);
        if (!spec || spec.identity || key in inputs || oldValue === undefined) {
            continue;
        }
        if (spec.resetTo !== undefined) {
            inputs[key] = spec.resetTo;
        }
    }
    for (const [key, value] of Object.entries(CREATE_DEFAULTS)) {
        if (inputs[key] === undefined || inputs[key] === null) {
            inputs[key] = value;
        }
    }

    failures.push(...crossFieldFailures(inputs));
    return { inputs, failures };
}

function unknownKey(key: string): CheckFailure {
    if ((READ_ONLY_FIELDS as readonly string[]).includes(key)) {
        return { property: key, reason: `${key} is read-only: BroadWorks computes it, so it is an output, not an input` };
    }
    if (key === "newName") {
        return { property: key, reason: "newName is not an input: change `name` and the trunk group is renamed in place" };
    }
    const near = nearestName(key, FIELD_NAMES);
    return {
        property: key,
        reason: `${key} is not a TrunkGroup input${near ? `; did you mean ${near}?` : ""} (see TrunkGroupArgs for the allowed fields)`,
    };
}

/** Returns what is wrong with one value (the sentence after the field name), or undefined. */
function validateValue(key: string, spec: FieldSpec, value: unknown): string | undefined {
    switch (spec.kind) {
        case "string":
            return validateString(spec, value, spec.secret === true);
        case "integer":
            if (typeof value !== "number" || !Number.isInteger(value)) {
                return `must be an integer from ${spec.min} to ${spec.max}, got ${describeValue(value)}`;
            }
            if (value === -1) {
                return `cannot be -1 (unlimited): a trunk group needs a number from ${spec.min} to ${spec.max}`;
            }
            if (value < (spec.min ?? -Infinity) || value > (spec.max ?? Infinity)) {
                return `must be from ${spec.min} to ${spec.max}, got ${value}`;
            }
            return undefined;
        case "boolean":
            return typeof value === "boolean" ? undefined : `must be true or false, got ${describeValue(value)}`;
        case "enum":
            if (typeof value !== "string" || !spec.values?.includes(value)) {
                const near = typeof value === "string" ? nearestName(value, spec.values ?? []) : undefined;
                return `must be one of ${spec.values?.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(value)}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ""}`;
            }
            return undefined;
        case "trunkGroupKey":
            return validateObject(value, TRUNK_GROUP_KEY_FIELDS, TRUNK_GROUP_KEY_FIELDS, (k, v) => validateString({ kind: "string", min: 1, max: 30 }, v, false, k));
        case "department":
            return validateObject(value, DEPARTMENT_FIELDS, ["name"], (k, v) => validateString({ kind: "string", min: 1, max: k === "name" ? 80 : 30 }, v, false, k));
        case "accessDevice":
            return validateObject(value, ACCESS_DEVICE_FIELDS, ["deviceLevel", "deviceName"], (k, v) =>
                k === "deviceLevel"
                    ? typeof v === "string" && DEVICE_LEVELS.includes(v)
                        ? undefined
                        : `.deviceLevel must be one of ${DEVICE_LEVELS.map((d) => JSON.stringify(d)).join(", ")}, got ${describeValue(v)}`
                    : validateString({ kind: "string", min: 1, max: k === "deviceName" ? 40 : 30 }, v, false, k),
            );
    }
    return `has an unsupported type (${key})`;
}

function validateString(spec: FieldSpec, value: unknown, secret: boolean, sub?: string): string | undefined {
    const prefix = sub ? `.${sub} ` : "";
    if (typeof value !== "string") {
        return `${prefix}must be a string of ${spec.min} to ${spec.max} characters, got ${secret ? typeof value : describeValue(value)}`;
    }
    if (value.trim().length === 0 && (spec.min ?? 0) > 0) {
        return `${prefix}must not be empty (${spec.min} to ${spec.max} characters)`;
    }
    if (value.length < (spec.min ?? 0) || value.length > (spec.max ?? Infinity)) {
        return `${prefix}must be ${spec.min} to ${spec.max} characters, got ${value.length}`;
    }
    if (spec.pattern && !spec.pattern.re.test(value)) {
        return `${prefix}must be in ${spec.pattern.description}, got ${secret ? "a value that is not" : describeValue(value)}`;
    }
    return undefined;
}

function validateObject(
    value: unknown,
    allowed: string[],
    required: string[],
    each: (k: string, v: unknown) => string | undefined,
): string | undefined {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return `must be an object with ${allowed.join(", ")}, got ${describeValue(value)}`;
    }
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
        if (!allowed.includes(k)) {
            const near = nearestName(k, allowed);
            return `.${k} is not allowed (allowed: ${allowed.join(", ")})${near ? `; did you mean ${near}?` : ""}`;
        }
    }
    for (const k of required) {
        if (!isSet(obj[k])) {
            return `.${k} is required`;
        }
    }
    for (const [k, v] of Object.entries(obj)) {
        if (v !== undefined && !isUnknown(v)) {
            const problem = each(k, v);
            if (problem) {
                return problem;
            }
        }
    }
    return undefined;
}

function crossFieldFailures(v: Record<string, unknown>): CheckFailure[] {
    const out: CheckFailure[] = [];
    const known = (k: string) => v[k] !== undefined && !isUnknown(v[k]);
    const on = (k: string) => v[k] === true;

    if (on("requireAuthentication")) {
        for (const k of ["sipAuthenticationUserName", "sipAuthenticationPassword"]) {
            if (!isSet(v[k])) {
                out.push({ property: k, reason: `${k} is required when requireAuthentication is true` });
            }
        }
    } else if (known("requireAuthentication")) {
        for (const k of ["sipAuthenticationUserName", "sipAuthenticationPassword"]) {
            if (isSet(v[k]) && !isUnknown(v[k])) {
                out.push({
                    property: k,
                    reason: `${k} is only used when requireAuthentication is true; set requireAuthentication: true or remove ${k}`,
                });
            }
        }
    }

    // Bursting is off unless the program turns it on (BroadWorks default).
    if (!isUnknown(v.enableBursting) && !on("enableBursting")) {
        for (const k of ["burstingMaxActiveCalls", "burstingMaxIncomingCalls", "burstingMaxOutgoingCalls"]) {
            if (isSet(v[k]) && !isUnknown(v[k])) {
                out.push({ property: k, reason: `${k} needs enableBursting: true (bursting limits apply only when bursting is on)` });
            }
        }
    }

    const limit = (k: string, within: string) => {
        if (typeof v[k] === "number" && typeof v[within] === "number" && (v[k] as number) > (v[within] as number)) {
            out.push({ property: k, reason: `${k} (${v[k]}) cannot exceed ${within} (${v[within]})` });
        }
    };
    limit("maxIncomingCalls", "maxActiveCalls");
    limit("maxOutgoingCalls", "maxActiveCalls");
    limit("burstingMaxIncomingCalls", "burstingMaxActiveCalls");
    limit("burstingMaxOutgoingCalls", "burstingMaxActiveCalls");

    for (const prefix of ["capacityExceeded", "unreachableDestination", "callForwardingAlways"]) {
        const action = v[`${prefix}Action`];
        const need = action === "Forward" ? `${prefix}ForwardAddress` : action === "Reroute" ? `${prefix}RerouteTrunkGroupKey` : undefined;
        if (need && !isSet(v[need])) {
            out.push({ property: need, reason: `${need} is required when ${prefix}Action is "${action}"` });
        }
    }
    if (on("prefixEnabled") && !isSet(v.prefix)) {
        out.push({ property: "prefix", reason: "prefix is required when prefixEnabled is true (1 to 15 digits)" });
    }
    if (on("routeToPeeringDomain") && !isSet(v.peeringDomain)) {
        out.push({ property: "peeringDomain", reason: "peeringDomain is required when routeToPeeringDomain is true" });
    }
    return out;
}
