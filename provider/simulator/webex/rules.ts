/**
 * Request-body rules of the trunk API, each with the evidence it rests on
 * (Webex's OpenAPI spec of the trunk API = "spec", wxc_sdk's trunk module and
 * live-org tests = "sdk", wxcadm and practitioners' notes). Where no
 * source decides a case the rule says so and names the modelling choice.
 * Unknown keys are refused, so a client that leaks a stray field (orgId,
 * __provider, a typo) shows up in tests instead of passing silently.
 */
import { CODES, bad } from "./errors";
import { effectivePolicy, passwordViolation } from "./passwordPolicy";
import { addressInUse, type TrunkRec, type WebexSimState } from "./state";
import { WEBEX_P_CHARGE_POLICIES, WEBEX_TRUNK_TYPES, type SeedTrunk, type WebexDeviceTypeLimits, type WebexTrunkType } from "./types";

/** spec TrunkPost properties. */
const POST_KEYS = ["name", "locationId", "password", "trunkType", "dualIdentitySupportEnabled", "deviceType", "address", "domain", "port", "maxConcurrentCalls", "pChargeInfoSupportPolicy"];
/** spec TrunkPut properties. */
const PUT_KEYS = ["name", "password", "dualIdentitySupportEnabled", "maxConcurrentCalls", "pChargeInfoSupportPolicy"];
/**
 * Not in the PUT body (spec TrunkPut); wxc_sdk's update() dropped location_id
 * and trunk_type to match (commit 27aee999); none of these can be changed
 * after creation. Refused with 400 rather than ignored, so that a client trying to
 * move a trunk learns it must replace it (an ignored field would come back
 * unchanged and diff forever).
 */
const IMMUTABLE = ["locationId", "trunkType", "deviceType", "address", "domain", "port"];
/**
 * spec: address, domain and maxConcurrentCalls are "Required to create a
 * static certificate-based trunk"; port is the "FQDN port" and wxc_sdk's
 * tests treat a certificate trunk without one as SRV-addressed
 * (test_005_existing_srv selects `t.port is None`), so port is optional.
 */
const CERTIFICATE_REQUIRED = ["address", "domain", "maxConcurrentCalls"];
/** sdk test comment: "valid trunk names can be up to 24 characters long". */
export const MAX_NAME = 24;

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

/**
 * How a body is judged: "request" is the API; "seed" describes a state that
 * already exists, so it skips what only guards a change (the password rules,
 * which may have changed since the password was set, and the call range,
 * which may have been lowered) and accepts the maxConcurrentCalls every GET
 * shows, even on a REGISTERING trunk; "strictSeed" (trunking-sim) keeps the
 * call range, so a seed file cannot start the simulator outside its own rules.
 */
export type JudgeMode = "request" | "seed" | "strictSeed";

/** A POST body, judged completely before anything is stored; returns the trunk to store with its defaults. */
export function validatePost(b: Body, state: WebexSimState, mode: JudgeMode = "request"): Omit<TrunkRec, "otgDtgId" | "linePort" | "pilotUserId" | "sipAuthenticationUserName" | "id"> {
    refuseUnknown(b, POST_KEYS);
    for (const k of ["name", "locationId", "password", "trunkType"]) {
        requirePresent(b, k);
    }
    common(b);
    const trunkType = b.trunkType as WebexTrunkType;
    const location = state.location(b.locationId as string);
    if (!location) {
        throw bad(`Location ${b.locationId} not found.`, CODES.locationNotFound);
    }
    if (mode === "request") {
        checkPassword(b.password as string, b.name as string, location.sipPasswordPolicy);
    }
    const devices = state.trunkTypes.find((t) => t.trunkType === trunkType)?.deviceTypes ?? [];
    const deviceType = (b.deviceType as string | undefined) ?? devices[0]?.deviceType;
    const device = devices.find((d) => d.deviceType === deviceType);
    if (!device) {
        throw bad(`Device type ${deviceType} is not valid for trunk type ${trunkType}.`);
    }
    if (trunkType === "REGISTERING") {
        const callsAllowed = mode !== "request" || state.options.registeringAcceptsMaxCalls === true;
        refuseOnRegistering(callsAllowed ? { ...b, maxConcurrentCalls: undefined } : b);
        if (mode !== "seed") {
            checkCallRange(b.maxConcurrentCalls as number | undefined, device);
        }
    } else {
        for (const k of CERTIFICATE_REQUIRED) {
            if (b[k] === undefined || b[k] === null) {
                throw bad(`${k} is required to create a static certificate-based trunk.`, CODES.missingField);
            }
        }
        checkDomain(b.domain as string, state);
        if (state.addressTaken(b.address as string, b.domain as string, b.port as number | undefined)) {
            throw addressInUse(b.address as string, b.domain as string, b.port as number | undefined);
        }
        if (mode !== "seed") {
            checkCallRange(b.maxConcurrentCalls as number, device);
        }
    }
    return {
        name: b.name as string,
        locationId: b.locationId as string,
        password: b.password as string,
        trunkType,
        deviceType: device.deviceType,
        dualIdentitySupportEnabled: (b.dualIdentitySupportEnabled as boolean | undefined) ?? false,
        pChargeInfoSupportPolicy: (b.pChargeInfoSupportPolicy as SeedTrunk["pChargeInfoSupportPolicy"]) ?? "DISABLED",
        // wxc_sdk's TrunkDetail requires max_concurrent_calls on every trunk; a registering one shows its device's maximum.
        maxConcurrentCalls: (b.maxConcurrentCalls as number | undefined) ?? device.maxConcurrentCalls,
        status: "unknown",
        isRestrictedToDedicatedInstance: false,
        ...(trunkType === "CERTIFICATE_BASED" ? { address: b.address as string, domain: b.domain as string, ...(b.port !== undefined ? { port: b.port as number } : {}) } : {}),
    };
}

/** A seed trunk goes through the POST rules (minus uniqueness, which the store checks) and keeps its id and extras. */
export function prepareSeedTrunk(t: SeedTrunk, state: WebexSimState, strict = false): ReturnType<typeof validatePost> & { id?: string } {
    if (!t || typeof t !== "object") {
        throw bad("a trunk must be an object");
    }
    const { id, status, inUse: _inUse, isRestrictedToDedicatedInstance, partial, ...post } = t;
    const rec = validatePost(post as Body, state, strict ? "strictSeed" : "seed");
    return { ...rec, ...(id !== undefined ? { id } : {}), status: status ?? rec.status, isRestrictedToDedicatedInstance: isRestrictedToDedicatedInstance ?? false, ...(partial ? { partial } : {}) };
}

export function validatePut(b: Body, existing: TrunkRec, state: WebexSimState): Partial<SeedTrunk> {
    for (const k of IMMUTABLE) {
        if (k in b) {
            throw bad(`${k} cannot be modified; delete and re-create the trunk to change it.`, CODES.immutableField);
        }
    }
    refuseUnknown(b, PUT_KEYS);
    // spec TrunkPut: name and password are required on every modify.
    requirePresent(b, "name");
    requirePresent(b, "password");
    common(b);
    checkPassword(b.password as string, b.name as string, state.location(existing.locationId)?.sipPasswordPolicy);
    if (b.maxConcurrentCalls !== undefined) {
        if (existing.trunkType === "REGISTERING" && state.options.registeringAcceptsMaxCalls !== true) {
            refuseOnRegistering({ maxConcurrentCalls: b.maxConcurrentCalls });
        }
        const device = state.trunkTypes.find((t) => t.trunkType === existing.trunkType)?.deviceTypes.find((d) => d.deviceType === existing.deviceType);
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

/** POST .../trunks/actions/fqdnValidation/invoke: {address, domain, port?} (spec TrunkFQDNValidatePost). */
export function validateFqdn(b: Body, state: WebexSimState): void {
    refuseUnknown(b, ["address", "domain", "port"]);
    requirePresent(b, "address");
    requirePresent(b, "domain");
    common(b);
    checkDomain(b.domain as string, state);
    if (state.addressTaken(b.address as string, b.domain as string, b.port as number | undefined)) {
        throw addressInUse(b.address as string, b.domain as string, b.port as number | undefined);
    }
}

/**
 * `?` and `!` first (25015, practitioner-confirmed), then the
 * location's policy (passwordPolicy.ts: its numbers are a modelling choice).
 */
function checkPassword(password: string, trunkName: string, policy: Parameters<typeof effectivePolicy>[0]): void {
    if (/[?!]/.test(password)) {
        throw bad("Invalid characters ? or ! in password.", CODES.passwordCharacters);
    }
    const violation = passwordViolation(password, effectivePolicy(policy), trunkName);
    if (violation) {
        throw bad(violation, CODES.passwordPolicy);
    }
}

/**
 * address, domain, port and maxConcurrentCalls on a REGISTERING trunk: the
 * spec scopes them to "a static certificate-based trunk"; wxcadm refuses to
 * set max calls on a REGISTERING trunk. Whether the live API
 * ignores or refuses them is not documented: refusing is the modelling
 * choice, since a silently ignored input would read back differently and
 * diff forever.
 */
function refuseOnRegistering(b: Body): void {
    const present = ["address", "domain", "port", "maxConcurrentCalls"].filter((k) => b[k] !== undefined && b[k] !== null);
    if (present.length > 0) {
        throw bad(`${present.join(", ")} cannot be set on a REGISTERING trunk; only a certificate-based trunk has them.`, CODES.notForRegistering);
    }
}

/**
 * 400 / 25024 for an invalid domain (sdk test_001_invalid_domain: domain
 * "foo"). What makes one invalid is not documented: here it must be a DNS
 * name of at least two labels and, when the seed lists the org's verified
 * domains, one of them (a modelling choice).
 */
function checkDomain(domain: string, state: WebexSimState): void {
    const syntax = /^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/.test(domain);
    if (!syntax || (state.verifiedDomains && !state.verifiedDomains.some((d) => d.toLowerCase() === domain.toLowerCase()))) {
        throw bad(`Invalid domain ${domain}.`, CODES.invalidDomain);
    }
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
    if (typeof b.address === "string" && !/^[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(b.address)) {
        throw bad(`Invalid address ${b.address}: an FQDN or SRV name.`);
    }
    if (b.trunkType !== undefined && !(WEBEX_TRUNK_TYPES as readonly unknown[]).includes(b.trunkType)) {
        throw bad(`Invalid trunkType ${String(b.trunkType)}.`);
    }
    if (b.pChargeInfoSupportPolicy !== undefined && !(WEBEX_P_CHARGE_POLICIES as readonly unknown[]).includes(b.pChargeInfoSupportPolicy)) {
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

/** Limits are per device type, from GET .../trunkTypes (spec): the example is 250..1000. */
function checkCallRange(calls: number | undefined, device: WebexDeviceTypeLimits | undefined): void {
    if (calls === undefined || !device) {
        return;
    }
    if (calls < device.minConcurrentCalls || calls > device.maxConcurrentCalls) {
        throw bad(`maxConcurrentCalls must be between ${device.minConcurrentCalls} and ${device.maxConcurrentCalls} for device type ${device.deviceType}.`, CODES.callsOutOfRange);
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

/**
 * The list's `order`: "Available sort fields: name, locationName. Sort order
 * is ascending by default" (spec), e.g. `name-asc`, `locationName-desc`.
 * Several keys may be comma-separated (the spec's "designated fields");
 * anything else is 400 (the code is the simulator's own).
 */
export function parseOrder(raw: string | undefined, fields: readonly string[] = ["name", "locationName"]): Array<{ field: string; desc: boolean }> {
    if (raw === undefined || raw.trim() === "") {
        return [{ field: "name", desc: false }];
    }
    return raw.split(",").map((part) => {
        const m = /^\s*([A-Za-z]+)(?:-(asc|desc))?\s*$/.exec(part);
        if (!m || !fields.includes(m[1])) {
            throw bad(`Invalid order ${JSON.stringify(raw)}: sort fields are ${fields.join(", ")}, optionally followed by -asc or -desc.`, CODES.invalidOrder);
        }
        return { field: m[1], desc: m[2] === "desc" };
    });
}
