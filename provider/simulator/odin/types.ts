/**
 * Shapes of the simulated Odin API and of the seed that fills it. The real
 * client keeps its own types (provider/odin/types.ts) on purpose: the
 * simulator is written from the evidence about the API, not from the client,
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

/**
 * A user of a group. As a row of the trunk-group user lists it has the
 * columns of BroadWorks' user table: userId, lastName,
 * firstName, department, phoneNumber, hiraganaLastName, hiraganaFirstName,
 * extension, emailAddress.
 */
export interface HostedUser {
    userId: string;
    firstName?: string | number;
    lastName?: string | number;
    department?: string;
    phoneNumber?: string | number;
    hiraganaLastName?: string;
    hiraganaFirstName?: string;
    extension?: string | number;
    emailAddress?: string;
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
    resellerId?: string;
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

/**
 * An item of the enterprise-trunk lists: the two columns of BroadWorks'
 * EnterpriseEnterpriseTrunkGetListResponse table ("Enterprise Trunk Name",
 * "Routing Type") - what the Odin web UI's list reads - plus the identity
 * Odin adds to list items. Capacity and trunk groups are only in the GET of
 * one trunk.
 */
export interface EnterpriseTrunkSummary {
    serviceProviderId: string;
    groupId?: string;
    enterpriseTrunkName: string;
    routingType: EnterpriseTrunkRoutingType;
}

/** The web UI's names for the two routing choices (its create form). */
export type EnterpriseTrunkRoutingType = "Ordered Routing" | "Priority Weighted Routing";

export interface EnterpriseTrunkMember {
    groupId: string;
    trunkGroupName: string;
    /** Priority weighted routing only (web UI: priority 1..10, weight 1..65536). */
    priority?: number;
    weight?: number;
}

/** GET of one enterprise trunk (query enterpriseTrunkName): routing, capacity and member trunk groups. */
export interface EnterpriseTrunk {
    serviceProviderId: string;
    groupId?: string;
    enterpriseTrunkName: string;
    maximumRerouteAttempts: number;
    routeExhaustionAction: "None" | "Forward" | string;
    routeExhaustionForwardAddress?: string;
    orderedRouting?: { orderingAlgorithm: string };
    priorityWeightedRouting?: { maximumRerouteAttemptsWithinPriority: number };
    capacityManagement: { maximumActiveCalls: number; enabled: boolean };
    trunkGroups: EnterpriseTrunkMember[];
    [k: string]: unknown;
}

export interface TrunkGroupUsersResponse extends TrunkGroupKey {
    users: HostedUser[];
}

/**
 * The logged-in administrator as GET /auth/session answers,
 * and as POST/PUT /auth/token answer together with `token`: the Odin web UI
 * stores the whole login answer as its session and reads loginType, userId,
 * serviceProviderId, groupId, resellerId, isReseller, isPaasAdmin,
 * softwareVersion (parsed as "21sp1" -> 21.1), systemDomain,
 * passwordExpiresDays and policy from it.
 */
export interface SessionInfo {
    userId: string;
    loginType: OdinLoginType;
    serviceProviderId?: string;
    groupId?: string;
    isEnterprise?: boolean;
    resellerId?: string;
    isReseller: boolean;
    isPaasAdmin: boolean;
    userDomain: string;
    passwordExpiresDays: number;
    local: string;
    encoding: string;
    systemDomain: string;
    softwareVersion: string;
    isSystemAdmin: boolean;
    readOnly: boolean;
    policy: unknown[];
    version: string;
}

/** The web UI's ranking of login types (its ACL service), lowest first. */
export type OdinLoginType = "User" | "Group Department" | "Group" | "Service Provider" | "Reseller" | "Provisioning" | "System";

export interface LoginAnswer extends SessionInfo {
    token: string;
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

/** An access device at one level (System, Service Provider or Group): only its name matters to trunk groups. */
export interface SeedAccessDevice {
    deviceName: string;
    deviceType?: string;
}

export interface SeedDepartment {
    name: string;
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
    /** Group-level access devices a trunk group may use (accessDevice {deviceLevel: "Group"}). */
    accessDevices?: SeedAccessDevice[];
    departments?: SeedDepartment[];
}

export interface SeedEnterpriseTrunk {
    enterpriseTrunkName: string;
    /** Set = a group-level enterprise trunk (GET /groups/enterprise-trunks); absent = SP level. */
    groupId?: string;
    maximumRerouteAttempts?: number;
    routeExhaustionAction?: string;
    routeExhaustionForwardAddress?: string;
    /** One of the two; default orderedRouting {orderingAlgorithm: "Ordered Load Balancing"}. */
    orderedRouting?: { orderingAlgorithm: string };
    priorityWeightedRouting?: { maximumRerouteAttemptsWithinPriority: number };
    capacityManagement?: { maximumActiveCalls: number; enabled: boolean };
    trunkGroups?: EnterpriseTrunkMember[];
}

export interface SeedServiceProvider {
    serviceProviderId: string;
    serviceProviderName?: string;
    isEnterprise?: boolean;
    /** Default unlimited (-1 / -1). */
    trunkGroupCallCapacity?: SeedCapacity;
    /**
     * Default true; false = the service provider is not authorized for the
     * Trunk Group service: its call-capacity GET/PUT and report answer 400,
     * and none of its groups can have the service.
     */
    trunkGroupService?: boolean;
    /** The reseller it belongs to (the web UI lists service providers by resellerId). */
    resellerId?: string;
    groups?: SeedGroup[];
    enterpriseTrunks?: SeedEnterpriseTrunk[];
    /** Service-provider-level access devices (accessDevice {deviceLevel: "Service Provider"}). */
    accessDevices?: SeedAccessDevice[];
    /** Enterprise-level departments (a department key without groupId); enterprises only. */
    departments?: SeedDepartment[];
}

/** An administrator who can log in; loginType default "System". */
export interface SeedLogin {
    username: string;
    password: string;
    loginType?: OdinLoginType;
    serviceProviderId?: string;
    groupId?: string;
    resellerId?: string;
    readOnly?: boolean;
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
 * credentials, pilot and hosted users, access devices, departments and
 * reroute keys exist) but, unless the simulator runs with strictSeed (as
 * trunking-sim does), not against the capacity rules, so a library test can
 * describe states the API would refuse to create, such as a trunk group
 * larger than its group's capacity after the capacity was lowered. Groups
 * whose capacities add up to more than the service provider's are always
 * accepted: BroadWorks allows that (Odin's own report documents groups adding
 * up to 65 calls under a service provider of 40).
 */
export interface OdinSeed {
    logins: SeedLogin[];
    serviceProviders: SeedServiceProvider[];
    /** System-level access devices (accessDevice {deviceLevel: "System"}). */
    systemAccessDevices?: SeedAccessDevice[];
}
