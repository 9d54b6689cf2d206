/**
 * The trunk-group schema in one table (shared/reference/odin-api.md §5):
 * type, bounds, allowed values, whether a change replaces, and the create
 * defaults. check, diff and the CRUD handlers all read it, the way a Terraform
 * plugin-framework resource keeps its schema next to its plan logic.
 */

export type FieldKind = "string" | "integer" | "boolean" | "enum" | "trunkGroupKey" | "department" | "accessDevice";

export interface FieldSpec {
    kind: FieldKind;
    min?: number;
    max?: number;
    values?: readonly string[];
    /** Identity fields; a change of these replaces the trunk group. */
    identity?: boolean;
    replaceOnChange?: boolean;
    /** Never returned by the API; kept secret in state. */
    writeOnly?: boolean;
    secret?: boolean;
    /** Accepts null to clear the value on the server. */
    nullable?: boolean;
    /** Text constraint beyond length, with the words to explain it. */
    pattern?: { re: RegExp; description: string };
    /** The value sent when the field is absent from the program (seed 001 defaults). */
    createDefault?: string | number | boolean;
    /** What removing the field from the program resets it to (BroadWorks/web-UI default). */
    resetTo?: string | number | boolean | null;
}

const POLICY3 = ["All Originating Calls", "Unscreened Originating Calls", "No Calls"] as const;
const FORWARD_OR_REROUTE = ["Forward", "Reroute"] as const;
const ADDRESS: FieldSpec = { kind: "string", min: 1, max: 161, nullable: true, resetTo: null };
const COUNT = (min: number, max: number, extra: Partial<FieldSpec> = {}): FieldSpec => ({ kind: "integer", min, max, ...extra });
const FLAG = (resetTo: boolean): FieldSpec => ({ kind: "boolean", resetTo });

export const TRUNK_GROUP_FIELDS = {
    serviceProviderId: { kind: "string", min: 1, max: 30, identity: true, replaceOnChange: true },
    groupId: { kind: "string", min: 1, max: 30, identity: true, replaceOnChange: true },
    // name is identity but renames in place through `newName`.
    name: { kind: "string", min: 1, max: 30, identity: true },

    maxActiveCalls: COUNT(1, 999999),
    maxIncomingCalls: COUNT(0, 999999, { nullable: true, resetTo: null }),
    maxOutgoingCalls: COUNT(0, 999999, { nullable: true, resetTo: null }),
    enableBursting: FLAG(false),
    burstingMaxActiveCalls: COUNT(0, 999999, { nullable: true, resetTo: null }),
    burstingMaxIncomingCalls: COUNT(0, 999999, { nullable: true, resetTo: null }),
    burstingMaxOutgoingCalls: COUNT(0, 999999, { nullable: true, resetTo: null }),

    capacityExceededAction: { kind: "enum", values: FORWARD_OR_REROUTE, nullable: true, resetTo: null },
    capacityExceededForwardAddress: ADDRESS,
    capacityExceededRerouteTrunkGroupKey: { kind: "trunkGroupKey", nullable: true, resetTo: null },
    capacityExceededTrapInitialCalls: COUNT(0, 999999, { createDefault: 0, resetTo: 0 }),
    capacityExceededTrapOffsetCalls: COUNT(0, 999999, { createDefault: 0, resetTo: 0 }),
    unreachableDestinationAction: { kind: "enum", values: FORWARD_OR_REROUTE, nullable: true, resetTo: null },
    unreachableDestinationForwardAddress: ADDRESS,
    unreachableDestinationRerouteTrunkGroupKey: { kind: "trunkGroupKey", nullable: true, resetTo: null },
    callForwardingAlwaysAction: { kind: "enum", values: FORWARD_OR_REROUTE, nullable: true, resetTo: null },
    callForwardingAlwaysForwardAddress: ADDRESS,
    callForwardingAlwaysRerouteTrunkGroupKey: { kind: "trunkGroupKey", nullable: true, resetTo: null },

    invitationTimeout: COUNT(1, 255, { createDefault: 6, resetTo: 6 }),
    requireAuthentication: { kind: "boolean", createDefault: false, resetTo: false },
    sipAuthenticationUserName: { kind: "string", min: 1, max: 80, nullable: true, resetTo: null },
    sipAuthenticationPassword: { kind: "string", min: 1, max: 60, writeOnly: true, secret: true, nullable: true, resetTo: null },
    trunkGroupIdentity: {
        kind: "string",
        min: 1,
        max: 161,
        nullable: true,
        resetTo: null,
        pattern: { re: /^[^@\s]+@[^@\s]+$/, description: "user@domain form" },
    },
    otgDtgIdentity: { kind: "string", min: 1, max: 80, nullable: true, resetTo: null },
    allowTerminationToTrunkGroupIdentity: FLAG(false),
    allowTerminationToDtgIdentity: FLAG(false),
    includeTrunkGroupIdentity: FLAG(false),
    includeDtgIdentity: FLAG(false),
    includeTrunkGroupIdentityForNetworkCalls: FLAG(false),
    includeOtgIdentityForNetworkCalls: FLAG(false),
    enableNetworkAddressIdentity: FLAG(false),
    allowUnscreenedCalls: FLAG(false),
    allowUnscreenedEmergencyCalls: FLAG(false),

    pilotUserId: { kind: "string", min: 1, max: 161, nullable: true, resetTo: null },
    pilotUserCallingLineIdentityForExternalCallsPolicy: { kind: "enum", values: POLICY3, createDefault: "No Calls", resetTo: "No Calls" },
    pilotUserChargeNumberPolicy: { kind: "enum", values: POLICY3, createDefault: "No Calls", resetTo: "No Calls" },
    pilotUserCallingLineIdentityForEmergencyCallsPolicy: { kind: "enum", values: POLICY3, createDefault: "No Calls", resetTo: "No Calls" },
    pilotUserCallingLineAssertedIdentityPolicy: {
        kind: "enum",
        values: ["All Originating Calls", "Unscreened Originating Calls"],
        createDefault: "Unscreened Originating Calls",
        resetTo: "Unscreened Originating Calls",
    },
    // Seed 001: a create that omits these answers false (the web UI sends true).
    useSystemCallingLineAssertedIdentityPolicy: FLAG(false),
    pilotUserCallOptimizationPolicy: {
        kind: "enum",
        values: ["Optimize For User Services", "Optimize For High Call Volume"],
        createDefault: "Optimize For User Services",
        resetTo: "Optimize For User Services",
    },
    clidSourceForScreenedCallsPolicy: {
        kind: "enum",
        values: ["Profile Name Profile Number", "Received Name Profile Number", "Received Name Received Number"],
        createDefault: "Profile Name Profile Number",
        resetTo: "Profile Name Profile Number",
    },
    useSystemCLIDSourceForScreenedCallsPolicy: FLAG(false),
    userLookupPolicy: { kind: "enum", values: ["Basic", "Extended"], createDefault: "Basic", resetTo: "Basic" },
    useSystemUserLookupPolicy: { kind: "boolean", createDefault: true, resetTo: true },

    peeringDomain: { kind: "string", min: 1, max: 80, nullable: true, resetTo: null },
    routeToPeeringDomain: FLAG(false),
    prefixEnabled: FLAG(false),
    prefix: { kind: "string", min: 1, max: 15, nullable: true, resetTo: null, pattern: { re: /^\d+$/, description: "digits only" } },
    statefulReroutingEnabled: FLAG(false),
    sendContinuousOptionsMessage: FLAG(false),
    continuousOptionsSendingIntervalSeconds: COUNT(30, 86400, { createDefault: 30, resetTo: 30 }),
    failureOptionsSendingIntervalSeconds: COUNT(10, 86400, { createDefault: 10, resetTo: 10 }),
    failureThresholdCounter: COUNT(1, 60, { createDefault: 1, resetTo: 1 }),
    successThresholdCounter: COUNT(1, 60, { createDefault: 1, resetTo: 1 }),
    inviteFailureThresholdCounter: COUNT(1, 60, { createDefault: 1, resetTo: 1 }),
    inviteFailureThresholdWindowSeconds: COUNT(30, 240, { createDefault: 30, resetTo: 30 }),

    // IMS-only and R22+ fields: no documented default, so removing them from a
    // program leaves the server value alone instead of guessing one.
    implicitRegistrationSetSupportPolicy: { kind: "enum", values: ["Enabled", "Disabled"] },
    useSystemImplicitRegistrationSetSupportPolicy: { kind: "boolean" },
    sipIdentityForPilotAndProxyTrunkModesPolicy: { kind: "enum", values: ["User", "Pilot User"] },
    useSystemSIPIdentityForPilotAndProxyTrunkModesPolicy: { kind: "boolean" },
    supportConnectedIdentityPolicy: { kind: "enum", values: ["Enabled", "Disabled"] },
    useSystemSupportConnectedIdentityPolicy: { kind: "boolean" },
    useSystemOptionsMessageResponseStatusCodes: { kind: "boolean" },

    department: { kind: "department", nullable: true, resetTo: null },
    accessDevice: { kind: "accessDevice", nullable: true, resetTo: null },
} satisfies Record<string, FieldSpec>;

export type TrunkGroupField = keyof typeof TRUNK_GROUP_FIELDS;

export const FIELD_NAMES = Object.keys(TRUNK_GROUP_FIELDS) as TrunkGroupField[];

export function fieldSpec(name: string): FieldSpec | undefined {
    return (TRUNK_GROUP_FIELDS as Record<string, FieldSpec>)[name];
}

export const IDENTITY_FIELDS = ["serviceProviderId", "groupId", "name"] as const;

/** Returned by the API but never settable: outputs only, never sent. */
export const READ_ONLY_FIELDS = ["trunkGroupState", "totalActiveIncomingCalls", "totalActiveOutgoingCalls", "users"] as const;

/** The create defaults of seed 001 (odins_spear's POST), with real booleans. */
export const CREATE_DEFAULTS: Record<string, string | number | boolean> = Object.fromEntries(
    FIELD_NAMES.flatMap((n) => {
        const d = (TRUNK_GROUP_FIELDS as Record<string, FieldSpec>)[n].createDefault;
        return d === undefined ? [] : [[n, d]];
    }),
);

/** Odin turns numeric-looking strings into numbers in responses; these are strings to us. */
export function isStringField(name: string): boolean {
    return fieldSpec(name)?.kind === "string";
}

/** Pulumi's marker for a value not known until apply (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
