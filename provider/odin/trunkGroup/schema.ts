/**
 * The trunk-group declaration: every field of a BroadWorks trunk-group profile
 * in one table (type, bounds, allowed values, whether a change replaces, the
 * create defaults and what removing a field resets it to), the read-only
 * outputs, and BroadWorks' rules beyond the table. The kit derives check,
 * diff, answer validation, outputs and the args type from it.
 */
import type { CheckRules, FieldSpec, FieldTable, OutputTable, ResourceSchema } from "../../kit/schema";
import type { HostedUser, TrunkGroupKey, TrunkGroupSettings, TrunkGroupState } from "../types";
import { broadWorks } from "../values";

/** What a TrunkGroup's checked inputs hold: the identity and every settable field. */
export type TrunkGroupInputs = TrunkGroupKey & TrunkGroupSettings & { maxActiveCalls: number };

/** What BroadWorks reports of a trunk group besides its settings. */
export interface TrunkGroupOutputs {
    /** Available / Unavailable (stateful rerouting). */
    trunkGroupState: TrunkGroupState | null;
    totalActiveIncomingCalls: number | null;
    totalActiveOutgoingCalls: number | null;
    /** The users hosted on the trunk group. */
    users: HostedUser[] | null;
}

const POLICY3 = ["All Originating Calls", "Unscreened Originating Calls", "No Calls"] as const;
const FORWARD_OR_REROUTE = ["Forward", "Reroute"] as const;
const DEVICE_LEVELS = ["System", "Service Provider", "Group"] as const;

const COUNT = (min: number, max: number, extra: Omit<FieldSpec, "kind"> = {}) => ({ kind: "integer", min, max, ...extra }) as const;
const FLAG = (resetTo: boolean) => ({ kind: "boolean", resetTo }) as const;
const TEXT = (min: number, max: number) => ({ kind: "string", min, max }) as const;
const CLEARABLE = { nullable: true, resetTo: null } as const;

/** A BroadWorks id in a key: serviceProviderId, groupId, trunk group name. */
const ID_PART = TEXT(1, 30);
const ACTION = { kind: "enum", values: FORWARD_OR_REROUTE, ...CLEARABLE } as const;
/** The target a Forward or Reroute action needs. */
const forwardAddress = (action: string) => ({ ...TEXT(1, 161), ...CLEARABLE, requiredWhen: { field: action, is: "Forward" } }) as const;
const rerouteKey = (action: string) =>
    ({
        kind: "object",
        ...CLEARABLE,
        requiredWhen: { field: action, is: "Reroute" },
        fields: { serviceProviderId: { ...ID_PART, required: true }, groupId: { ...ID_PART, required: true }, name: { ...ID_PART, required: true } },
    }) as const;
const AUTH_ON = { field: "requireAuthentication", is: true } as const;
const BURSTING_ON = { field: "enableBursting", is: true } as const;

const FIELDS: FieldTable<TrunkGroupInputs> = {
    serviceProviderId: { ...ID_PART, required: true, identity: true, replaceOnChange: true },
    groupId: { ...ID_PART, required: true, identity: true, replaceOnChange: true },
    // name is identity but renames in place through `newName`.
    name: { ...ID_PART, required: true, identity: true },

    maxActiveCalls: COUNT(1, 999999, { required: true }),
    maxIncomingCalls: COUNT(0, 999999, { ...CLEARABLE, atMost: "maxActiveCalls" }),
    maxOutgoingCalls: COUNT(0, 999999, { ...CLEARABLE, atMost: "maxActiveCalls" }),
    enableBursting: FLAG(false),
    burstingMaxActiveCalls: COUNT(0, 999999, { ...CLEARABLE, onlyWhen: BURSTING_ON }),
    burstingMaxIncomingCalls: COUNT(0, 999999, { ...CLEARABLE, onlyWhen: BURSTING_ON, atMost: "burstingMaxActiveCalls" }),
    burstingMaxOutgoingCalls: COUNT(0, 999999, { ...CLEARABLE, onlyWhen: BURSTING_ON, atMost: "burstingMaxActiveCalls" }),

    capacityExceededAction: ACTION,
    capacityExceededForwardAddress: forwardAddress("capacityExceededAction"),
    capacityExceededRerouteTrunkGroupKey: rerouteKey("capacityExceededAction"),
    capacityExceededTrapInitialCalls: COUNT(0, 999999, { createDefault: 0, resetTo: 0 }),
    capacityExceededTrapOffsetCalls: COUNT(0, 999999, { createDefault: 0, resetTo: 0 }),
    unreachableDestinationAction: ACTION,
    unreachableDestinationForwardAddress: forwardAddress("unreachableDestinationAction"),
    unreachableDestinationRerouteTrunkGroupKey: rerouteKey("unreachableDestinationAction"),
    callForwardingAlwaysAction: ACTION,
    callForwardingAlwaysForwardAddress: forwardAddress("callForwardingAlwaysAction"),
    callForwardingAlwaysRerouteTrunkGroupKey: rerouteKey("callForwardingAlwaysAction"),

    invitationTimeout: COUNT(1, 255, { createDefault: 6, resetTo: 6 }),
    requireAuthentication: { kind: "boolean", createDefault: false, resetTo: false },
    sipAuthenticationUserName: { ...TEXT(1, 80), ...CLEARABLE, requiredWhen: AUTH_ON, onlyWhen: AUTH_ON },
    sipAuthenticationPassword: { ...TEXT(1, 60), ...CLEARABLE, writeOnly: true, secret: true, requiredWhen: AUTH_ON, onlyWhen: AUTH_ON },
    trunkGroupIdentity: { ...TEXT(1, 161), ...CLEARABLE, pattern: { re: /^[^@\s]+@[^@\s]+$/, description: "user@domain form" } },
    otgDtgIdentity: { ...TEXT(1, 80), ...CLEARABLE },
    allowTerminationToTrunkGroupIdentity: FLAG(false),
    allowTerminationToDtgIdentity: FLAG(false),
    includeTrunkGroupIdentity: FLAG(false),
    includeDtgIdentity: FLAG(false),
    includeTrunkGroupIdentityForNetworkCalls: FLAG(false),
    includeOtgIdentityForNetworkCalls: FLAG(false),
    enableNetworkAddressIdentity: FLAG(false),
    allowUnscreenedCalls: FLAG(false),
    allowUnscreenedEmergencyCalls: FLAG(false),

    pilotUserId: { ...TEXT(1, 161), ...CLEARABLE },
    pilotUserCallingLineIdentityForExternalCallsPolicy: { kind: "enum", values: POLICY3, createDefault: "No Calls", resetTo: "No Calls" },
    pilotUserChargeNumberPolicy: { kind: "enum", values: POLICY3, createDefault: "No Calls", resetTo: "No Calls" },
    pilotUserCallingLineIdentityForEmergencyCallsPolicy: { kind: "enum", values: POLICY3, createDefault: "No Calls", resetTo: "No Calls" },
    pilotUserCallingLineAssertedIdentityPolicy: {
        kind: "enum",
        values: ["All Originating Calls", "Unscreened Originating Calls"],
        createDefault: "Unscreened Originating Calls",
        resetTo: "Unscreened Originating Calls",
    },
    // A create that omits these answers false (the web UI sends true).
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

    peeringDomain: { ...TEXT(1, 80), ...CLEARABLE, requiredWhen: { field: "routeToPeeringDomain", is: true } },
    routeToPeeringDomain: FLAG(false),
    prefixEnabled: FLAG(false),
    prefix: { ...TEXT(1, 15), ...CLEARABLE, requiredWhen: { field: "prefixEnabled", is: true }, pattern: { re: /^\d+$/, description: "digits only" } },
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

    department: {
        kind: "object",
        ...CLEARABLE,
        fields: { serviceProviderId: ID_PART, groupId: ID_PART, name: { ...TEXT(1, 80), required: true } },
    },
    accessDevice: {
        kind: "object",
        ...CLEARABLE,
        fields: {
            deviceLevel: { kind: "enum", values: DEVICE_LEVELS, required: true },
            deviceName: { ...TEXT(1, 40), required: true },
            serviceProviderId: ID_PART,
            groupId: ID_PART,
        },
    },
};

const OUTPUTS: OutputTable<TrunkGroupOutputs> = {
    trunkGroupState: { kind: "enum" },
    totalActiveIncomingCalls: { kind: "integer" },
    totalActiveOutgoingCalls: { kind: "integer" },
    users: { kind: "list" },
};

/** BroadWorks' rules beyond the field table. */
const RULES: CheckRules = {
    value(label: string, value: unknown, spec: FieldSpec): string | undefined {
        // -1 means "unlimited" in capacity answers, but a trunk group must have a number.
        if (spec.kind === "integer" && value === -1) {
            return `${label} cannot be -1 (unlimited): a trunk group needs a number from ${spec.min} to ${spec.max}`;
        }
        return undefined;
    },
};

/**
 * A BroadWorks group trunk group. Identity: serviceProviderId + groupId +
 * name; serviceProviderId and groupId replace, a new name renames in place.
 * Fields left out keep BroadWorks' create defaults (filled in by check);
 * removing a field set earlier resets it to BroadWorks' default or clears it,
 * so that removing a line from the program changes the system.
 */
export const TRUNK_GROUP: ResourceSchema<TrunkGroupInputs> = {
    ...broadWorks("TrunkGroup"),
    fields: FIELDS,
    outputs: OUTPUTS,
    rules: RULES,
    // A profile always has its name and maxActiveCalls; unset optional fields are left out.
    answer: { noun: "trunk group profile", object: "trunk group", always: ["name", "maxActiveCalls"], numbersAsText: true, omitsUnset: true },
    adoption: { findsBy: "serviceProviderId, groupId and name" },
    notInputs: { newName: "change `name` and the trunk group is renamed in place" },
};
