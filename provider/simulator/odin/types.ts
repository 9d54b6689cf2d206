/**
 * Shapes of the simulated Odin API (shared/reference/odin-api.md) and of the
 * seed that fills it. The real client keeps its own types (provider/odin/types.ts)
 * on purpose: the simulator is written from the reference, not from the client,
 * so a misreading on one side shows up as a failing test instead of agreeing
 * with itself.
 */

/** Odin's error body; `details` here carries the (simulated) BroadWorks error code and command. */
export interface OdinErrorBody {
    error: string;
    status: number;
    details: unknown;
}

export interface TrunkGroupKey {
    serviceProviderId: string;
    groupId: string;
    name: string;
}

export interface DepartmentKey {
    serviceProviderId?: string;
    groupId?: string;
    name: string;
}

export interface AccessDevice {
    deviceLevel: "System" | "Service Provider" | "Group";
    deviceName: string;
    serviceProviderId?: string;
    groupId?: string;
}

export interface HostedUser {
    userId: string;
    firstName?: string | number;
    lastName?: string | number;
    [k: string]: unknown;
}

/** A trunk-group profile as GET returns it: unset optional fields are absent, the password never appears. */
export interface TrunkGroupProfile extends TrunkGroupKey {
    maxActiveCalls: number;
    users: HostedUser[];
    [field: string]: unknown;
}

export interface TrunkGroupSummary {
    name: string | number;
    department: DepartmentKey | null;
    deviceName?: string;
    deviceLevel?: string;
    groupId: string;
    serviceProviderId: string;
}

export interface GroupSummary {
    groupId: string;
    groupName: string;
    userLimit: number;
    serviceProviderId: string;
}

export interface ServiceProviderInfo {
    serviceProviderId: string;
    serviceProviderName: string;
    isEnterprise: boolean;
    defaultDomain: string;
}

export interface ServiceProviderCallCapacity {
    serviceProviderId: string;
    maxActiveCalls: number;
    burstingMaxActiveCalls: number;
}

export interface GroupCallCapacity {
    maxActiveCalls: number;
    /** The SP's maxActiveCalls (-1 = unlimited): the ceiling a group may be set to. */
    maxAvailableActiveCalls: number;
    burstingMaxActiveCalls: number;
    burstingMaxAvailableActiveCalls: number;
    serviceProviderId: string;
    groupId: string;
}

export interface CapacityReportService {
    serviceName: "Trunk Group";
    authorized: boolean;
    assigned: boolean;
    limited: "Limited" | "Unlimited";
    quantity: number;
    usage: number;
    licensed: boolean;
    allowed: number;
    alias: boolean;
}

export interface CapacityReportGroup {
    groupId: string;
    groupName: string;
    userLimit: number;
    service: CapacityReportService;
    /** Absent when the group lacks the Trunk Group service. */
    groupTrunkCapacity?: GroupCallCapacity;
}

export interface CapacityReportTrunkGroupRow {
    groupId: string;
    name: string | number;
    maxActiveCalls: number;
    maxIncomingCalls?: number;
    maxOutgoingCalls?: number;
    enableBursting: boolean;
    burstingMaxAvailableActiveCalls: number;
    quantity: number;
    allowed: number;
}

export interface CallCapacityReport {
    serviceProviderId: string;
    serviceProviderTrunkCapacity: ServiceProviderCallCapacity;
    groups: CapacityReportGroup[];
    /** Only with capacityReport "withTrunkGroups" (newer servers). */
    groupTrunkGroupDetails?: CapacityReportTrunkGroupRow[];
}

export interface EnterpriseTrunk {
    serviceProviderId: string;
    groupId?: string;
    enterpriseTrunkName: string;
    maximumRerouteAttempts: number;
    routeExhaustionAction: string;
    capacityManagement: { maximumActiveCalls: number; enabled: boolean };
    trunkGroups: Array<{ groupId: string; trunkGroupName: string }>;
    [k: string]: unknown;
}

export interface TrunkGroupUsersResponse extends TrunkGroupKey {
    users: HostedUser[];
}

export interface SessionInfo {
    userId: string;
    loginType: string;
    isSystemAdmin: boolean;
    readOnly: boolean;
    softwareVersion: string;
    [k: string]: unknown;
}

// --- seed ----------------------------------------------------------------------------

export interface SeedCapacity {
    /** -1 = unlimited (not allowed for a group's maxActiveCalls). */
    maxActiveCalls: number;
    burstingMaxActiveCalls: number;
}

/**
 * A trunk group in the seed: `name` and `maxActiveCalls` plus any profile
 * field (same names and values as the API, string booleans accepted). Absent
 * fields get the BroadWorks create defaults. `users` lists hosted users by
 * id or as `{userId}` objects; they must be users of the group. A
 * `sipAuthenticationPassword` may be given; it is stored, never returned.
 */
export interface SeedTrunkGroup {
    name: string;
    maxActiveCalls: number;
    users?: Array<string | { userId: string; [k: string]: unknown }>;
    [field: string]: unknown;
}

export interface SeedGroup {
    groupId: string;
    groupName?: string;
    userLimit?: number;
    /** Default true; false = the group lacks the Trunk Group service (its trunk-group calls answer 400). */
    trunkGroupService?: boolean;
    /** Default {maxActiveCalls: 0, burstingMaxActiveCalls: 0}. */
    trunkGroupCallCapacity?: SeedCapacity;
    trunkGroups?: SeedTrunkGroup[];
    users?: HostedUser[];
}

export interface SeedEnterpriseTrunk {
    enterpriseTrunkName: string;
    /** Set = a group-level enterprise trunk (GET /groups/enterprise-trunks); absent = SP level. */
    groupId?: string;
    maximumRerouteAttempts?: number;
    routeExhaustionAction?: string;
    capacityManagement?: { maximumActiveCalls: number; enabled: boolean };
    trunkGroups?: Array<{ groupId: string; trunkGroupName: string }>;
    [k: string]: unknown;
}

export interface SeedServiceProvider {
    serviceProviderId: string;
    serviceProviderName?: string;
    isEnterprise?: boolean;
    /** Default unlimited (-1 / -1). */
    trunkGroupCallCapacity?: SeedCapacity;
    groups?: SeedGroup[];
    enterpriseTrunks?: SeedEnterpriseTrunk[];
}

/**
 * What the simulator holds, and what `state()` returns (so a state can seed
 * another run):
 *
 * ```json
 * { "logins": [{"username": "admin", "password": "admin"}],
 *   "serviceProviders": [{
 *     "serviceProviderId": "SP1", "isEnterprise": true,
 *     "trunkGroupCallCapacity": {"maxActiveCalls": 100, "burstingMaxActiveCalls": 20},
 *     "groups": [{
 *       "groupId": "G1", "groupName": "Group One",
 *       "trunkGroupService": true,
 *       "trunkGroupCallCapacity": {"maxActiveCalls": 50, "burstingMaxActiveCalls": 10},
 *       "users": [{"userId": "alice@g1.example", "firstName": "Alice", "lastName": "Able"}],
 *       "trunkGroups": [{"name": "TG1", "maxActiveCalls": 20, "pilotUserId": "alice@g1.example",
 *                        "users": ["alice@g1.example"]}] }],
 *     "enterpriseTrunks": [{"enterpriseTrunkName": "ET1", "maximumRerouteAttempts": 3,
 *       "routeExhaustionAction": "None", "capacityManagement": {"maximumActiveCalls": 40, "enabled": true},
 *       "trunkGroups": [{"groupId": "G1", "trunkGroupName": "TG1"}]}] }] }
 * ```
 *
 * Seeds are checked field by field (types, bounds, enums, unique names, SIP
 * credentials, pilot and hosted users belong to the group) but not against
 * the capacity rules, so a seed can describe states the API would refuse to
 * create, such as a trunk group larger than its group's capacity after the
 * capacity was lowered, or groups whose capacities add up to more than the
 * service provider's (which BroadWorks allows anyway).
 */
export interface OdinSeed {
    logins: Array<{ username: string; password: string }>;
    serviceProviders: SeedServiceProvider[];
}
