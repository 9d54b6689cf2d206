import { describeValue, nearestName } from "../util/nearest";
import { CheckFailure, CheckResult, PROVIDER_KEY } from "../util/check";

export type { CheckFailure, CheckResult };
import { FIELD_NAMES, FieldSpec, MAX_NAME_LENGTH, READ_ONLY_OUTPUTS, UNKNOWN, fieldSpec } from "./schema";

const CERTIFICATE_REQUIRED = ["address", "domain", "port", "maxConcurrentCalls"] as const;

const REQUIRED_WHAT: Record<string, string> = {
    name: `the trunk name, unique in the org, at most ${MAX_NAME_LENGTH} characters`,
    locationId: "the id of the Webex location that owns the trunk",
    password: "the trunk's SIP password (keep it in a Pulumi secret)",
    trunkType: "REGISTERING (Cisco CUBE local gateway) or CERTIFICATE_BASED (SBCs)",
};

const isSet = (v: unknown) => v !== undefined && v !== null;

/**
 * Validates WebexTrunk inputs before any API call. Pure and total: whatever
 * arrives (it is fuzzed), the answer is a list of failures naming the field
 * and what is allowed, never an exception. Values still unknown at preview
 * (Pulumi's sentinel) are not judged. The password's value never appears in
 * a message. Nothing is defaulted: leaving a field out lets Webex pick its
 * default, and the diff ignores fields the program does not set.
 */
export function checkWebexTrunk(olds: unknown, news: unknown): CheckResult {
    try {
        return checkUnsafe(news);
    } catch (e) {
        // Unreachable by design; a failure is still better than a crashed preview.
        return { inputs: {}, failures: [{ property: "", reason: `could not validate the inputs: ${(e as Error)?.message ?? String(e)}` }] };
    }
}

function checkUnsafe(news: unknown): CheckResult {
    if (news === null || typeof news !== "object" || Array.isArray(news)) {
        return { inputs: {}, failures: [{ property: "", reason: `webex:Trunk inputs must be an object, got ${describeValue(news)}` }] };
    }
    const input = news as Record<string, unknown>;
    const inputs: Record<string, unknown> = {};
    const failures: CheckFailure[] = [];

    for (const key of Object.keys(input)) {
        const value = input[key];
        if (key === PROVIDER_KEY) {
            inputs[PROVIDER_KEY] = value;
            continue;
        }
        const spec = fieldSpec(key);
        if (!spec && (READ_ONLY_OUTPUTS as readonly string[]).includes(key)) {
            // The resource declares its outputs as undefined inputs; only a real value is a mistake.
            if (isSet(value)) {
                failures.push({ property: key, reason: `${key} is an output that Webex sets; remove it from the inputs` });
            }
            continue;
        }
        if (!spec) {
            failures.push(unknownKey(key));
            continue;
        }
        if (!isSet(value)) {
            continue;
        }
        inputs[key] = value;
        if (value === UNKNOWN) {
            continue;
        }
        const problem = validateValue(key, spec, value);
        if (problem) {
            failures.push({ property: key, reason: problem });
        }
    }

    for (const key of Object.keys(REQUIRED_WHAT)) {
        if (!isSet(input[key])) {
            failures.push({ property: key, reason: `${key} is required: ${REQUIRED_WHAT[key]}` });
        }
    }

    const trunkType = input.trunkType;
    if (trunkType === "CERTIFICATE_BASED") {
        for (const key of CERTIFICATE_REQUIRED) {
            if (!isSet(input[key])) {
                failures.push({ property: key, reason: `${key} is required for a CERTIFICATE_BASED trunk: ${certificateWhat(key)}` });
            }
        }
    } else if (trunkType === "REGISTERING") {
        for (const key of FIELD_NAMES) {
            if (fieldSpec(key)?.certificateOnly && isSet(input[key])) {
                failures.push({
                    property: key,
                    reason: `${key} applies only to CERTIFICATE_BASED trunks; a REGISTERING trunk's gateway registers to Webex, so remove ${key} or change trunkType`,
                });
            }
        }
    }
    return { inputs, failures };
}

function certificateWhat(key: (typeof CERTIFICATE_REQUIRED)[number]): string {
    switch (key) {
        case "address":
            return "the SBC's FQDN or SRV address";
        case "domain":
            return "the SBC's domain";
        case "port":
            return "the SBC's SIP port, an integer from 1 to 65535";
        case "maxConcurrentCalls":
            return "the call limit, an integer of at least 1 (within the device type's range from /trunkTypes)";
    }
}

function unknownKey(key: string): CheckFailure {
    const near = nearestName(key, FIELD_NAMES);
    const hint = near ? `did you mean "${near}"? ` : "";
    return {
        property: key,
        reason: `"${key}" is not a webex:Trunk property; ${hint}valid properties: ${FIELD_NAMES.join(", ")}`,
    };
}

function validateValue(key: string, spec: FieldSpec, value: unknown): string | undefined {
    // Never describe the password's value, even a wrongly typed one.
    const got = spec.secret ? `got ${kindOf(value)}` : `got ${describeValue(value)}`;
    switch (spec.kind) {
        case "boolean":
            return typeof value === "boolean" ? undefined : `${key} must be true or false, ${got}`;
        case "integer": {
            const range = spec.max !== undefined ? `an integer from ${spec.min} to ${spec.max}` : `an integer of at least ${spec.min}`;
            if (typeof value !== "number") {
                const numeric = typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value);
                return `${key} must be ${range}, ${got}${numeric ? " (a number, not a string)" : ""}`;
            }
            if (!Number.isInteger(value) || (spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) {
                return `${key} must be ${range}, ${got}`;
            }
            return undefined;
        }
        case "enum": {
            const allowed = spec.values ?? [];
            if (typeof value === "string" && allowed.includes(value)) {
                return undefined;
            }
            const caseHint = typeof value === "string" && allowed.includes(value.toUpperCase()) ? ` (the values are upper case: "${value.toUpperCase()}")` : "";
            return `${key} must be one of ${allowed.join(", ")}, ${got}${caseHint}`;
        }
        case "string":
            if (typeof value !== "string") {
                return `${key} must be a string, ${got}`;
            }
            return stringRule(key, value);
    }
}

function stringRule(key: string, value: string): string | undefined {
    if (value.trim() === "") {
        return `${key} must not be empty`;
    }
    switch (key) {
        case "name":
            if ([...value].length > MAX_NAME_LENGTH) {
                return (
                    `name is ${[...value].length} characters; Webex accepts trunk names of at most ${MAX_NAME_LENGTH} ` +
                    "(the limit is not in the API docs; Cisco's wxc_sdk test suite observed it against the live API), so the create would fail"
                );
            }
            return undefined;
        case "password":
            // Length and complexity come from the location's SIP password policy, which
            // only Webex knows; the characters below are refused everywhere.
            if (/[?!]/.test(value)) {
                return 'password must not contain "?" or "!": Webex rejects them (error 25015, "Invalid characters ? or ! in password")';
            }
            return undefined;
        case "address":
        case "domain":
            if (/\s/.test(value)) {
                return `${key} must not contain spaces, got ${describeValue(value)}`;
            }
            if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^sips?:/i.test(value)) {
                return `${key} must be a bare host name (e.g. sbc1.example.com), without a scheme, got ${describeValue(value)}`;
            }
            return undefined;
        default:
            return undefined;
    }
}

function kindOf(v: unknown): string {
    if (v === null) {
        return "null";
    }
    if (Array.isArray(v)) {
        return "an array";
    }
    return typeof v === "object" ? "an object" : `a ${typeof v}`;
}
