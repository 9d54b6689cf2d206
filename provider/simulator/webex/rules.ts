/**
 * Request-body rules of the trunk API as the reference describes them: the
 * required fields, what certificate-based trunks need, the password
 * characters Webex refuses, and the fields a PUT cannot touch. Unknown keys
 * are refused too, so a client that leaks a stray field shows up in tests.
 */
import { P_CHARGE_INFO_POLICIES, TRUNK_TYPES, TrunkType } from "../../webex/types";
import { CODES, bad } from "./errors";
import type { WebexSimState, TrunkRec } from "./state";
import type { SeedTrunk } from "./types";

const POST_KEYS = ["name", "locationId", "password", "trunkType", "dualIdentitySupportEnabled", "deviceType", "address", "domain", "port", "maxConcurrentCalls", "pChargeInfoSupportPolicy"];
const PUT_KEYS = ["name", "password", "dualIdentitySupportEnabled", "maxConcurrentCalls", "pChargeInfoSupportPolicy"];
const IMMUTABLE = ["locationId", "trunkType", "deviceType", "address", "domain", "port"];
const CERTIFICATE_REQUIRED = ["address", "domain", "port", "maxConcurrentCalls"];
const MAX_NAME = 24;

type Body = Record<string, unknown>;

export function objectBody(body: unknown, bodyError: string | undefined): Body {
    if (bodyError) {
        throw bad(`Request body is not valid JSON: ${bodyError}`);
    }
    if (!body || typeof body !== "object" || Array.isArray(body)) {
        throw bad("Request body must be a JSON object.", CODES.missingField);
    }
    return body as Body;
}

export function validatePost(b: Body, state: WebexSimState): SeedTrunk {
    refuseUnknown(b, POST_KEYS);
    for (const k of ["name", "locationId", "password", "trunkType"]) {
        requirePresent(b, k);
    }
    common(b);
    const trunkType = b.trunkType as TrunkType;
    if (!state.location(b.locationId as string)) {
        throw bad(`Location ${b.locationId} not found.`, CODES.locationNotFound);
    }
    const devices = state.trunkTypes.find((t) => t.trunkType === trunkType)?.deviceTypes ?? [];
    const deviceType = (b.deviceType as string | undefined) ?? devices[0]?.deviceType;
    const device = devices.find((d) => d.deviceType === deviceType);
    if (b.deviceType !== undefined && !device) {
        throw bad(`Device type ${b.deviceType} is not valid for trunk type ${trunkType}.`);
    }
    const t: SeedTrunk = {
        name: b.name as string,
        locationId: b.locationId as string,
        password: b.password as string,
        trunkType,
        deviceType,
        dualIdentitySupportEnabled: (b.dualIdentitySupportEnabled as boolean | undefined) ?? false,
        pChargeInfoSupportPolicy: (b.pChargeInfoSupportPolicy as SeedTrunk["pChargeInfoSupportPolicy"]) ?? "DISABLED",
        maxConcurrentCalls: (b.maxConcurrentCalls as number | undefined) ?? device?.maxConcurrentCalls,
        status: "unknown",
        isRestrictedToDedicatedInstance: false,
    };
    if (trunkType === "CERTIFICATE_BASED") {
        for (const k of CERTIFICATE_REQUIRED) {
            if (b[k] === undefined || b[k] === null) {
                throw bad(`${k} is required to create a static certificate-based trunk.`, CODES.missingField);
            }
        }
        t.address = b.address as string;
        t.domain = b.domain as string;
        t.port = b.port as number;
    }
    // A registering trunk registers to Webex: address, domain and port are ignored, as the API does.
    checkCallRange(t.maxConcurrentCalls, device);
    return t;
}

export function validatePut(b: Body, existing: TrunkRec, state: WebexSimState): Partial<SeedTrunk> {
    for (const k of IMMUTABLE) {
        if (k in b) {
            throw bad(`${k} cannot be modified; delete and re-create the trunk to change it.`, CODES.immutableField);
        }
    }
    refuseUnknown(b, PUT_KEYS);
    requirePresent(b, "name");
    requirePresent(b, "password");
    common(b);
    const device = state.trunkTypes.find((t) => t.trunkType === existing.trunkType)?.deviceTypes.find((d) => d.deviceType === existing.deviceType);
    if (b.maxConcurrentCalls !== undefined) {
        checkCallRange(b.maxConcurrentCalls as number, device);
    }
    const patch: Partial<SeedTrunk> = {};
    for (const k of PUT_KEYS) {
        if (b[k] !== undefined) {
            (patch as Body)[k] = b[k];
        }
    }
    return patch;
}

function common(b: Body): void {
    const str = (k: string) => {
        if (b[k] !== undefined && (typeof b[k] !== "string" || (b[k] as string).trim() === "")) {
            throw bad(`${k} must be a non-empty string.`);
        }
    };
    ["name", "locationId", "password", "deviceType", "address", "domain"].forEach(str);
    if (typeof b.name === "string" && [...b.name].length > MAX_NAME) {
        throw bad(`Trunk name must be at most ${MAX_NAME} characters.`);
    }
    if (typeof b.password === "string" && /[?!]/.test(b.password)) {
        throw bad("Invalid characters ? or ! in password.", CODES.passwordCharacters);
    }
    if (b.trunkType !== undefined && !(TRUNK_TYPES as readonly unknown[]).includes(b.trunkType)) {
        throw bad(`Invalid trunkType ${String(b.trunkType)}.`);
    }
    if (b.pChargeInfoSupportPolicy !== undefined && !(P_CHARGE_INFO_POLICIES as readonly unknown[]).includes(b.pChargeInfoSupportPolicy)) {
        throw bad(`Invalid pChargeInfoSupportPolicy ${String(b.pChargeInfoSupportPolicy)}.`);
    }
    if (b.dualIdentitySupportEnabled !== undefined && typeof b.dualIdentitySupportEnabled !== "boolean") {
        throw bad("dualIdentitySupportEnabled must be a boolean.");
    }
    if (b.port !== undefined && (!Number.isInteger(b.port) || (b.port as number) < 1 || (b.port as number) > 65535)) {
        throw bad("port must be an integer from 1 to 65535.");
    }
    if (b.maxConcurrentCalls !== undefined && (!Number.isInteger(b.maxConcurrentCalls) || (b.maxConcurrentCalls as number) < 1)) {
        throw bad("maxConcurrentCalls must be a positive integer.");
    }
}

function checkCallRange(calls: number | undefined, device: { minConcurrentCalls?: number; maxConcurrentCalls?: number } | undefined): void {
    if (calls === undefined || !device) {
        return;
    }
    const { minConcurrentCalls: min, maxConcurrentCalls: max } = device;
    if ((min !== undefined && calls < min) || (max !== undefined && calls > max)) {
        throw bad(`maxConcurrentCalls must be between ${min} and ${max} for this device type.`, CODES.callsOutOfRange);
    }
}

function requirePresent(b: Body, k: string): void {
    if (b[k] === undefined || b[k] === null) {
        throw bad(`Missing mandatory field ${k}.`, CODES.missingField);
    }
}

function refuseUnknown(b: Body, allowed: string[]): void {
    const extra = Object.keys(b).filter((k) => !allowed.includes(k));
    if (extra.length > 0) {
        throw bad(`Unrecognized field(s): ${extra.join(", ")}.`);
    }
}
