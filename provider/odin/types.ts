/** Wire shapes of the Odin API, as the Odin web UI and odins_spear send and read them. -1 means unlimited. */

export interface OdinErrorBody {
    error?: string;
    status?: number;
    details?: unknown;
}

export interface TokenResponse {
    token: string;
    [k: string]: unknown;
}

export interface TrunkGroupKey {
    serviceProviderId: string;
    groupId: string;
    /** 1–30 characters; a change renames the trunk group in place. */
    name: string;
}

export interface DepartmentKey {
    serviceProviderId?: string;
    groupId?: string;
    name: string;
}

export type DeviceLevel = "System" | "Service Provider" | "Group";

export interface AccessDevice {
    deviceLevel: DeviceLevel;
    deviceName: string;
    serviceProviderId?: string;
    groupId?: string;
}

export type ForwardOrReroute = "Forward" | "Reroute";
export type PilotUserPolicy = "All Originating Calls" | "Unscreened Originating Calls" | "No Calls";
export type AssertedIdentityPolicy = "All Originating Calls" | "Unscreened Originating Calls";
export type CallOptimizationPolicy = "Optimize For User Services" | "Optimize For High Call Volume";
export type ClidSourcePolicy = "Profile Name Profile Number" | "Received Name Profile Number" | "Received Name Received Number";
export type UserLookupPolicy = "Basic" | "Extended";
export type EnabledDisabled = "Enabled" | "Disabled";
export type SipIdentityPolicy = "User" | "Pilot User";
export type TrunkGroupState = "Available" | "Unavailable";

/** The settable part of a trunk-group profile (OCI GroupTrunkGroupAddInstanceRequest21 via Odin). */
export interface TrunkGroupSettings {
    /**
     * Must be one of the trunk group's hosted users (BroadWorks), so it is set once the trunk group
     * exists and hosts the user: a create with it is refused before any request. null clears it.
     */
    pilotUserId?: string | null;
    department?: DepartmentKey | null;
    accessDevice?: AccessDevice | null;
    /** At least 1 and within the group's trunking call capacity. */
    maxActiveCalls?: number;
    maxIncomingCalls?: number | null;
    maxOutgoingCalls?: number | null;
    enableBursting?: boolean;
    burstingMaxActiveCalls?: number | null;
    burstingMaxIncomingCalls?: number | null;
    burstingMaxOutgoingCalls?: number | null;
    capacityExceededAction?: ForwardOrReroute | null;
    capacityExceededForwardAddress?: string | null;
    capacityExceededRerouteTrunkGroupKey?: TrunkGroupKey | null;
    capacityExceededTrapInitialCalls?: number;
    capacityExceededTrapOffsetCalls?: number;
    unreachableDestinationAction?: ForwardOrReroute | null;
    unreachableDestinationForwardAddress?: string | null;
    unreachableDestinationRerouteTrunkGroupKey?: TrunkGroupKey | null;
    invitationTimeout?: number;
    requireAuthentication?: boolean;
    sipAuthenticationUserName?: string | null;
    /** Write-only upstream; always stored as a Pulumi secret. Required when requireAuthentication is true. */
    sipAuthenticationPassword?: string | null;
    trunkGroupIdentity?: string | null;
    otgDtgIdentity?: string | null;
    allowTerminationToTrunkGroupIdentity?: boolean;
    allowTerminationToDtgIdentity?: boolean;
    includeTrunkGroupIdentity?: boolean;
    includeDtgIdentity?: boolean;
    includeTrunkGroupIdentityForNetworkCalls?: boolean;
    includeOtgIdentityForNetworkCalls?: boolean;
    enableNetworkAddressIdentity?: boolean;
    allowUnscreenedCalls?: boolean;
    allowUnscreenedEmergencyCalls?: boolean;
    pilotUserCallingLineIdentityForExternalCallsPolicy?: PilotUserPolicy;
    pilotUserChargeNumberPolicy?: PilotUserPolicy;
    pilotUserCallingLineIdentityForEmergencyCallsPolicy?: PilotUserPolicy;
    pilotUserCallingLineAssertedIdentityPolicy?: AssertedIdentityPolicy;
    useSystemCallingLineAssertedIdentityPolicy?: boolean;
    pilotUserCallOptimizationPolicy?: CallOptimizationPolicy;
    clidSourceForScreenedCallsPolicy?: ClidSourcePolicy;
    useSystemCLIDSourceForScreenedCallsPolicy?: boolean;
    userLookupPolicy?: UserLookupPolicy;
    useSystemUserLookupPolicy?: boolean;
    callForwardingAlwaysAction?: ForwardOrReroute | null;
    callForwardingAlwaysForwardAddress?: string | null;
    callForwardingAlwaysRerouteTrunkGroupKey?: TrunkGroupKey | null;
    peeringDomain?: string | null;
    routeToPeeringDomain?: boolean;
    prefixEnabled?: boolean;
    prefix?: string | null;
    statefulReroutingEnabled?: boolean;
    sendContinuousOptionsMessage?: boolean;
    continuousOptionsSendingIntervalSeconds?: number;
    failureOptionsSendingIntervalSeconds?: number;
    failureThresholdCounter?: number;
    successThresholdCounter?: number;
    inviteFailureThresholdCounter?: number;
    inviteFailureThresholdWindowSeconds?: number;
    implicitRegistrationSetSupportPolicy?: EnabledDisabled;
    useSystemImplicitRegistrationSetSupportPolicy?: boolean;
    sipIdentityForPilotAndProxyTrunkModesPolicy?: SipIdentityPolicy;
    useSystemSIPIdentityForPilotAndProxyTrunkModesPolicy?: boolean;
    supportConnectedIdentityPolicy?: EnabledDisabled;
    useSystemSupportConnectedIdentityPolicy?: boolean;
    useSystemOptionsMessageResponseStatusCodes?: boolean;
}

export interface HostedUser {
    userId: string;
    lastName?: string | number;
    firstName?: string | number;
    [k: string]: unknown;
}

/** GET one trunk group: settings plus read-only fields. Unset optional fields are omitted. */
export interface TrunkGroupProfile extends TrunkGroupKey, Omit<TrunkGroupSettings, "sipAuthenticationPassword"> {
    trunkGroupState?: TrunkGroupState;
    totalActiveIncomingCalls?: number;
    totalActiveOutgoingCalls?: number;
    users?: HostedUser[];
}

export type TrunkGroupCreateBody = TrunkGroupKey & TrunkGroupSettings & { maxActiveCalls: number };

export type TrunkGroupModifyBody = TrunkGroupKey & TrunkGroupSettings & { newName?: string; users?: HostedUser[] };

export interface TrunkGroupSummary {
    name: string;
    department?: unknown;
    deviceName?: string;
    deviceLevel?: string;
    groupId: string;
    serviceProviderId: string;
}

export interface GroupSummary {
    groupId: string;
    groupName?: string;
    userLimit?: number;
    serviceProviderId: string;
}

export interface ServiceProviderInfo {
    serviceProviderId: string;
    isEnterprise?: boolean;
    [k: string]: unknown;
}

export interface ServiceProviderCallCapacity {
    serviceProviderId?: string;
    maxActiveCalls: number;
    burstingMaxActiveCalls: number;
    numberOfBurstingBTLUs?: number;
}

/** PUT /service-providers/trunk-groups/call-capacity: -1 is unlimited; a value left out keeps its setting. */
export interface ServiceProviderCallCapacityBody {
    serviceProviderId: string;
    maxActiveCalls?: number;
    burstingMaxActiveCalls?: number;
}

/** PUT /groups/trunk-groups/call-capacity: maxActiveCalls is never -1 here; bursting may be where the ceiling is. */
export interface GroupCallCapacityBody {
    serviceProviderId: string;
    groupId: string;
    maxActiveCalls?: number;
    burstingMaxActiveCalls?: number;
}

export interface GroupCallCapacity {
    serviceProviderId?: string;
    groupId?: string;
    maxActiveCalls: number;
    maxAvailableActiveCalls: number;
    burstingMaxActiveCalls: number;
    burstingMaxAvailableActiveCalls: number;
    numberOfBurstingBTLUs?: number;
    maxAvailableNumberOfBurstingBTLUs?: number;
}

export interface CapacityReportService {
    serviceName: string;
    authorized?: boolean;
    assigned?: boolean;
    limited?: string;
    quantity?: number;
    usage?: number;
    licensed?: boolean;
    allowed?: number;
    alias?: boolean;
}

export interface CapacityReportGroup {
    groupId: string;
    groupName?: string;
    userLimit?: number;
    service?: CapacityReportService;
    groupTrunkCapacity?: GroupCallCapacity;
}

export interface CapacityReportTrunkGroupRow {
    groupId: string;
    name: string;
    maxActiveCalls: number;
    maxIncomingCalls?: number;
    maxOutgoingCalls?: number;
    enableBursting?: boolean;
    burstingMaxAvailableActiveCalls?: number;
    quantity?: number;
    allowed?: number;
}

/** GET /service-providers/trunk-groups/call-capacity/reports; the row list exists on newer servers only. */
export interface CallCapacityReport {
    serviceProviderId: string;
    serviceProviderTrunkCapacity?: ServiceProviderCallCapacity;
    groups?: CapacityReportGroup[];
    groupTrunkGroupDetails?: CapacityReportTrunkGroupRow[];
}

/** GET of one enterprise trunk (or an item of a list: the lists are summaries on real servers). */
export interface EnterpriseTrunk {
    enterpriseTrunkName: string;
    serviceProviderId?: string;
    groupId?: string;
    maximumRerouteAttempts?: number;
    routeExhaustionAction?: string;
    capacityManagement?: { maximumActiveCalls?: number; enabled?: boolean };
    trunkGroups?: Array<{ groupId: string; trunkGroupName: string }>;
    [k: string]: unknown;
}

/** Where an enterprise trunk lives: an enterprise's (no groupId), or a group's (a service provider's group). */
export interface EnterpriseTrunkKey {
    serviceProviderId: string;
    /** Set for a group's enterprise trunk; left out for an enterprise's. A change moves it: a replacement. */
    groupId?: string;
    /** 1–30 characters; a change renames the enterprise trunk in place. */
    enterpriseTrunkName: string;
}

export type OrderingAlgorithm = "Ordered Load Balancing" | "Overflow" | "Most Idle" | "Least Idle";
export type RouteExhaustionAction = "None" | "Forward";

/** A trunk group of an enterprise trunk; priority and weight with priority weighted routing only. */
export interface EnterpriseTrunkMember {
    groupId: string;
    trunkGroupName: string;
    /** 1 (tried first) to 10. */
    priority?: number;
    /** 1 to 65536: the share of calls among trunk groups of one priority. */
    weight?: number;
}

/** The settable part of an enterprise trunk, as the Odin web UI sends it. */
export interface EnterpriseTrunkSettings {
    /** How often a call is rerouted to another trunk group before route exhaustion: 1 to 10. */
    maximumRerouteAttempts?: number;
    /** What happens when every trunk group is busy or unreachable: "None", or "Forward" to routeExhaustionForwardAddress. */
    routeExhaustionAction?: RouteExhaustionAction;
    routeExhaustionForwardAddress?: string | null;
    /** Exactly one of orderedRouting and priorityWeightedRouting. */
    orderedRouting?: { orderingAlgorithm: OrderingAlgorithm } | null;
    priorityWeightedRouting?: { maximumRerouteAttemptsWithinPriority: number } | null;
    /** Capacity management: at most maximumActiveCalls calls through the trunk when enabled. */
    capacityManagement?: { maximumActiveCalls: number; enabled: boolean };
    /** The member trunk groups, in routing order (pass TrunkGroup outputs so they are created first). */
    trunkGroups?: EnterpriseTrunkMember[];
}

export type EnterpriseTrunkModifyBody = EnterpriseTrunkKey & EnterpriseTrunkSettings & { newEnterpriseTrunkName?: string };
