import { P_CHARGE_INFO_POLICIES, TRUNK_TYPES } from "./types";

/** Pulumi's placeholder for a value not known until apply (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type FieldKind = "string" | "integer" | "boolean" | "enum";

export interface FieldSpec {
    kind: FieldKind;
    values?: readonly string[];
    required?: boolean;
    /** Webex cannot change it after creation (not in the PUT body), so a change means a new trunk. */
    replaceOnChange?: boolean;
    /** Required for CERTIFICATE_BASED trunks, meaningless for REGISTERING ones. */
    certificateOnly?: boolean;
    min?: number;
    max?: number;
    secret?: boolean;
}

/**
 * The WebexTrunk inputs. `maxConcurrentCalls` is required for certificate-based
 * trunks but allowed on registering ones (the API reports a value for both).
 */
export const FIELDS: Readonly<Record<string, FieldSpec>> = Object.freeze({
    name: { kind: "string", required: true },
    locationId: { kind: "string", required: true, replaceOnChange: true },
    password: { kind: "string", required: true, secret: true },
    trunkType: { kind: "enum", values: TRUNK_TYPES, required: true, replaceOnChange: true },
    deviceType: { kind: "string", replaceOnChange: true },
    address: { kind: "string", replaceOnChange: true, certificateOnly: true },
    domain: { kind: "string", replaceOnChange: true, certificateOnly: true },
    port: { kind: "integer", min: 1, max: 65535, replaceOnChange: true, certificateOnly: true },
    maxConcurrentCalls: { kind: "integer", min: 1 },
    dualIdentitySupportEnabled: { kind: "boolean" },
    pChargeInfoSupportPolicy: { kind: "enum", values: P_CHARGE_INFO_POLICIES },
    /** A trunk cannot move between orgs. */
    orgId: { kind: "string", replaceOnChange: true },
});

export const FIELD_NAMES: readonly string[] = Object.keys(FIELDS);

/** Own-property lookup: keys such as "constructor" or "__proto__" must not find Object.prototype members. */
export function fieldSpec(key: string): FieldSpec | undefined {
    return Object.prototype.hasOwnProperty.call(FIELDS, key) ? FIELDS[key] : undefined;
}

/** From the wxc_sdk test suite: "valid trunk names can be up to 24 characters long". */
export const MAX_NAME_LENGTH = 24;

/** Outputs that only the API sets; the resource declares them so programs can read them. */
export const READ_ONLY_OUTPUTS = [
    "trunkId",
    "location",
    "customer",
    "otgDtgId",
    "linePort",
    "pilotUserId",
    "sipAuthenticationUserName",
    "status",
    "responseStatus",
    "outboundProxy",
    "isRestrictedToDedicatedInstance",
    "locationsUsingTrunk",
    "errorCodes",
] as const;
