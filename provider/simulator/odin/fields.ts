/**
 * The trunk-group profile fields as Odin takes and answers them: type,
 * bounds, enums, access and the create defaults. Declared in the order
 * BroadWorks returns them (OCI GroupTrunkGroupGetInstanceResponse), because
 * GET renders in this order.
 */
import { invalid } from "./errors";

type Scalar = string | number | boolean;

export interface FieldDef {
    type: "string" | "int" | "bool" | "enum" | "trunkGroupKey" | "department" | "accessDevice";
    min?: number;
    max?: number;
    values?: readonly string[];
    /** Absent in GET when unset; null (or "") in a body clears it. */
    optional?: boolean;
    /** What BroadWorks stores when a create leaves the field out (a real create's answer). */
    default?: Scalar;
    /** Returned but never settable; ignored in request bodies. */
    readOnly?: boolean;
    /** Settable but never returned. */
    writeOnly?: boolean;
    pattern?: { re: RegExp; text: string };
}

const POLICY3 = ["All Originating Calls", "Unscreened Originating Calls", "No Calls"] as const;
const FORWARD_OR_REROUTE = ["Forward", "Reroute"] as const;
const ENABLED = ["Enabled", "Disabled"] as const;

const int = (min: number, max: number, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "int", min, max, ...extra });
const flag = (def: boolean): FieldDef => ({ type: "bool", default: def });
const text = (min: number, max: number, extra: Partial<FieldDef> = {}): FieldDef => ({ type: "string", min, max, optional: true, ...extra });
const choice = (values: readonly string[], extra: Partial<FieldDef> = {}): FieldDef => ({ type: "enum", values, ...extra });
const MAX = 999999;

export const PROFILE_FIELDS: Record<string, FieldDef> = {
    pilotUserId: text(1, 161),
    department: { type: "department", optional: true },
    accessDevice: { type: "accessDevice", optional: true },
    maxActiveCalls: int(1, MAX),
    maxIncomingCalls: int(0, MAX, { optional: true }),
    maxOutgoingCalls: int(0, MAX, { optional: true }),
    enableBursting: flag(false),
    burstingMaxActiveCalls: int(0, MAX, { optional: true }),
    burstingMaxIncomingCalls: int(0, MAX, { optional: true }),
    burstingMaxOutgoingCalls: int(0, MAX, { optional: true }),
    capacityExceededAction: choice(FORWARD_OR_REROUTE, { optional: true }),
    capacityExceededForwardAddress: text(1, 161),
    capacityExceededRerouteTrunkGroupKey: { type: "trunkGroupKey", optional: true },
    capacityExceededTrapInitialCalls: int(0, MAX, { default: 0 }),
    capacityExceededTrapOffsetCalls: int(0, MAX, { default: 0 }),
    unreachableDestinationAction: choice(FORWARD_OR_REROUTE, { optional: true }),
    unreachableDestinationForwardAddress: text(1, 161),
    unreachableDestinationRerouteTrunkGroupKey: { type: "trunkGroupKey", optional: true },
    invitationTimeout: int(1, 255, { default: 6 }),
    requireAuthentication: flag(false),
    sipAuthenticationUserName: text(1, 80),
    sipAuthenticationPassword: text(1, 60, { writeOnly: true }),
    trunkGroupIdentity: text(1, 161, { pattern: { re: /^[^@\s]+@[^@\s]+$/, text: "must be in user@domain form" } }),
    otgDtgIdentity: text(1, 80),
    allowTerminationToTrunkGroupIdentity: flag(false),
    allowTerminationToDtgIdentity: flag(false),
    includeTrunkGroupIdentity: flag(false),
    includeDtgIdentity: flag(false),
    includeTrunkGroupIdentityForNetworkCalls: flag(false),
    includeOtgIdentityForNetworkCalls: flag(false),
    enableNetworkAddressIdentity: flag(false),
    allowUnscreenedCalls: flag(false),
    allowUnscreenedEmergencyCalls: flag(false),
    pilotUserCallingLineIdentityForExternalCallsPolicy: choice(POLICY3, { default: "No Calls" }),
    pilotUserChargeNumberPolicy: choice(POLICY3, { default: "No Calls" }),
    callForwardingAlwaysAction: choice(FORWARD_OR_REROUTE, { optional: true }),
    callForwardingAlwaysForwardAddress: text(1, 161),
    callForwardingAlwaysRerouteTrunkGroupKey: { type: "trunkGroupKey", optional: true },
    peeringDomain: text(1, 80),
    routeToPeeringDomain: flag(false),
    prefixEnabled: flag(false),
    prefix: text(1, 15, { pattern: { re: /^[0-9]+$/, text: "must be digits only" } }),
    statefulReroutingEnabled: flag(false),
    sendContinuousOptionsMessage: flag(false),
    continuousOptionsSendingIntervalSeconds: int(30, 86400, { default: 30 }),
    failureOptionsSendingIntervalSeconds: int(10, 86400, { default: 10 }),
    failureThresholdCounter: int(1, 60, { default: 1 }),
    successThresholdCounter: int(1, 60, { default: 1 }),
    inviteFailureThresholdCounter: int(1, 60, { default: 1 }),
    inviteFailureThresholdWindowSeconds: int(30, 240, { default: 30 }),
    trunkGroupState: choice(["Available", "Unavailable"], { readOnly: true, default: "Available" }),
    pilotUserCallingLineAssertedIdentityPolicy: choice(["All Originating Calls", "Unscreened Originating Calls"], {
        default: "Unscreened Originating Calls",
    }),
    // A create that leaves these two out gets false, although the web UI sends true.
    useSystemCallingLineAssertedIdentityPolicy: flag(false),
    totalActiveIncomingCalls: int(0, MAX, { readOnly: true, default: 0 }),
    totalActiveOutgoingCalls: int(0, MAX, { readOnly: true, default: 0 }),
    pilotUserCallOptimizationPolicy: choice(["Optimize For User Services", "Optimize For High Call Volume"], {
        default: "Optimize For User Services",
    }),
    clidSourceForScreenedCallsPolicy: choice(["Profile Name Profile Number", "Received Name Profile Number", "Received Name Received Number"], {
        default: "Profile Name Profile Number",
    }),
    useSystemCLIDSourceForScreenedCallsPolicy: flag(false),
    userLookupPolicy: choice(["Basic", "Extended"], { default: "Basic" }),
    useSystemUserLookupPolicy: flag(true),
    pilotUserCallingLineIdentityForEmergencyCallsPolicy: choice(POLICY3, { default: "No Calls" }),
    implicitRegistrationSetSupportPolicy: choice(ENABLED, { default: "Disabled" }),
    useSystemImplicitRegistrationSetSupportPolicy: flag(true),
    sipIdentityForPilotAndProxyTrunkModesPolicy: choice(["User", "Pilot User"], { default: "User" }),
    useSystemSIPIdentityForPilotAndProxyTrunkModesPolicy: flag(true),
    useSystemSupportConnectedIdentityPolicy: flag(true),
    supportConnectedIdentityPolicy: choice(ENABLED, { default: "Disabled" }),
    useSystemOptionsMessageResponseStatusCodes: flag(true),
};

export const FIELD_ORDER = Object.keys(PROFILE_FIELDS);

/** Stored values of settable and read-only profile fields (not identity, users or password). */
export type FieldValues = Record<string, unknown>;

/** Every field with a default, as a create without them would store. */
export function createDefaults(): FieldValues {
    const out: FieldValues = {};
    for (const [name, def] of Object.entries(PROFILE_FIELDS)) {
        if (def.default !== undefined) {
            out[name] = def.default;
        }
    }
    return out;
}

export type Mode = "create" | "modify" | "seed";

/**
 * Checks and normalises the profile fields present in a request body. Returns
 * field -> value, where null means "clear". Unknown keys are ignored (Odin
 * tolerates the whole GET object coming back); read-only fields are ignored
 * except in seeds, which may set live counters.
 */
export function coerceFields(body: Record<string, unknown>, mode: Mode, command?: string): FieldValues {
    const out: FieldValues = {};
    for (const [name, def] of Object.entries(PROFILE_FIELDS)) {
        if (!(name in body) || body[name] === undefined) {
            continue;
        }
        if (def.readOnly && mode !== "seed") {
            continue;
        }
        const v = coerceValue(name, def, body[name], command);
        if (v === undefined) {
            continue;
        }
        out[name] = v;
    }
    return out;
}

/** undefined: leave unchanged; null: clear. */
function coerceValue(name: string, def: FieldDef, raw: unknown, command?: string): unknown {
    const bad = (why: string) => invalid(`${name} ${why} (got ${JSON.stringify(raw)})`, command);
    if (raw === null || raw === "") {
        // The web UI and odins_spear send "" for SIP credentials they do not use: never a change of password.
        if (name === "sipAuthenticationPassword") {
            return undefined;
        }
        if (def.optional) {
            return null;
        }
        throw bad(raw === null ? "cannot be cleared" : "cannot be empty");
    }
    switch (def.type) {
        case "string": {
            // Odin's own encoder turns numeric strings into numbers, so clients echo numbers back.
            if (typeof raw !== "string" && typeof raw !== "number") {
                throw bad("must be a string");
            }
            const s = String(raw);
            if (s.length < (def.min ?? 0) || s.length > (def.max ?? Infinity)) {
                throw bad(`must be ${def.min} to ${def.max} characters`);
            }
            if (def.pattern && !def.pattern.re.test(s)) {
                throw bad(def.pattern.text);
            }
            return s;
        }
        case "int":
            return coerceInt(raw, def.min ?? -Infinity, def.max ?? Infinity, bad);
        case "bool":
            return coerceBool(raw, bad);
        case "enum":
            if (typeof raw !== "string" || !def.values!.includes(raw)) {
                throw bad(`must be one of ${def.values!.map((x) => JSON.stringify(x)).join(", ")}`);
            }
            return raw;
        case "trunkGroupKey":
            return coerceObject(raw, { serviceProviderId: true, groupId: true, name: true }, bad);
        case "department":
            return coerceObject(raw, { name: true, serviceProviderId: false, groupId: false }, bad);
        case "accessDevice": {
            const o = coerceObject(raw, { deviceLevel: true, deviceName: true, serviceProviderId: false, groupId: false }, bad);
            if (!["System", "Service Provider", "Group"].includes(String(o.deviceLevel))) {
                throw bad('deviceLevel must be one of "System", "Service Provider", "Group"');
            }
            return o;
        }
    }
}

export function coerceInt(raw: unknown, min: number, max: number, bad: (why: string) => Error): number {
    // odins_spear documents max_active_calls as a str, so numeric strings are accepted.
    const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n)) {
        throw bad("must be an integer");
    }
    if (n < min || n > max) {
        throw bad(`is out of range ${min}..${max === Infinity ? "" : max}`);
    }
    return n;
}

/** odins_spear sends "true"/"false" strings on create; the web UI sends real booleans. */
export function coerceBool(raw: unknown, bad: (why: string) => Error): boolean {
    if (typeof raw === "boolean") {
        return raw;
    }
    if (typeof raw === "string" && /^(true|false)$/i.test(raw.trim())) {
        return raw.trim().toLowerCase() === "true";
    }
    throw bad("must be true or false");
}

function coerceObject(raw: unknown, keys: Record<string, boolean>, bad: (why: string) => Error): Record<string, string> {
    if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
        throw bad("must be an object");
    }
    const o = raw as Record<string, unknown>;
    const out: Record<string, string> = {};
    for (const [k, required] of Object.entries(keys)) {
        const v = o[k];
        if (v === undefined || v === null || v === "") {
            if (required) {
                throw bad(`needs ${k}`);
            }
            continue;
        }
        if (typeof v !== "string" && typeof v !== "number") {
            throw bad(`${k} must be a string`);
        }
        out[k] = String(v);
    }
    return out;
}
