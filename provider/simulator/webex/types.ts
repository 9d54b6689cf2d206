/**
 * Wire shapes of the simulated Webex Calling premise-PSTN trunk API, written
 * from Webex's OpenAPI spec of the trunk API (corrected where live orgs answer
 * otherwise) and wxc_sdk's models (wxc_sdk/telephony/prem_pstn/trunk.py), and
 * the seed that fills it. The product keeps its own types
 * (provider/webex/types.ts) on purpose: the simulator must not accept
 * whatever the product believes, so the two are written independently and a
 * misreading on either side fails a test.
 */

export const WEBEX_TRUNK_TYPES = ["REGISTERING", "CERTIFICATE_BASED"] as const;
export type WebexTrunkType = (typeof WEBEX_TRUNK_TYPES)[number];

export const WEBEX_P_CHARGE_POLICIES = ["DISABLED", "ASSERTED_IDENTITY", "CONFIGURABLE_CHARGE_NUMBER"] as const;
export type WebexPChargeInfoPolicy = (typeof WEBEX_P_CHARGE_POLICIES)[number];

/** wxc_sdk DeviceStatus is lower case; the spec's enum is upper case (see TrunkGetShape). */
export type WebexDeviceStatus = "online" | "offline" | "unknown" | "ONLINE" | "OFFLINE" | "UNKNOWN";

export interface WebexIdName {
    id: string;
    name: string;
}

/** Partial-failure detail of a 206 trunk GET: 25013 outbound proxy unreadable, 25014 status unreadable. */
export interface WebexResponseStatus {
    code: number;
    type: "ERROR" | "WARNING";
    summaryEnglish: string;
    detail: string[];
    trackingId: string;
}

/** wxc_sdk OutboundProxy: every key but cnameRecords is required by its model. */
export interface WebexOutboundProxy {
    sipAccessServiceType: string;
    dnsType: string;
    outboundProxy: string;
    srvPrefix: string;
    cnameRecords?: Array<{ host: string; ttl: number; port: number }>;
    attachmentUpdated: boolean;
}

/**
 * GET /trunks/{id}. Two shapes (TrunkGetShape): wxc_sdk's (`organization`,
 * `responseStatus` always a list, lower-case status) and the spec's
 * (`customer`, `responseStatus` an object present only on 206, upper-case
 * status). address/domain exist only on certificate-based trunks, and port
 * only on those addressed by FQDN (an SRV-addressed trunk has none).
 */
export interface WebexTrunkGet {
    id: string;
    name: string;
    organization?: WebexIdName;
    customer?: WebexIdName;
    location: WebexIdName;
    otgDtgId: string;
    linePort: string;
    locationsUsingTrunk: WebexIdName[];
    pilotUserId: string;
    outboundProxy?: WebexOutboundProxy;
    sipAuthenticationUserName: string;
    status?: WebexDeviceStatus;
    errorCodes: string[];
    responseStatus?: WebexResponseStatus[] | WebexResponseStatus;
    dualIdentitySupportEnabled: boolean;
    trunkType: WebexTrunkType;
    deviceType: string;
    address?: string;
    domain?: string;
    port?: number;
    maxConcurrentCalls: number;
    isRestrictedToDedicatedInstance: boolean;
    pChargeInfoSupportPolicy: WebexPChargeInfoPolicy;
}

/** Which single-trunk GET shape to answer with. */
export type TrunkGetShape = "wxc_sdk" | "spec";

export interface WebexTrunkListItem {
    id: string;
    name: string;
    location: WebexIdName;
    inUse: boolean;
    trunkType: WebexTrunkType;
    isRestrictedToDedicatedInstance: boolean;
}

export interface WebexDeviceTypeLimits {
    deviceType: string;
    minConcurrentCalls: number;
    maxConcurrentCalls: number;
}

export interface WebexTrunkTypeWithDevices {
    trunkType: WebexTrunkType;
    deviceTypes: WebexDeviceTypeLimits[];
}

/** GET /trunks/{id}/usage: numbers here (route-group usage counts are strings in the spec; not modelled). */
export interface WebexTrunkUsage {
    pstnConnectionCount: number;
    callToExtensionCount: number;
    dialPlanCount: number;
    routeGroupCount: number;
}

export interface WebexRouteGroupUsageItem extends WebexIdName {
    inUse: boolean;
}

/** Webex's error body (developer.webex.com/errors; wxc_sdk ErrorDetail). */
export interface WebexErrorBody {
    message: string;
    errors: { description: string; errorCode?: number }[];
    trackingId: string;
}

/** @deprecated the old name of WebexErrorBody. */
export type WebexSimErrorBody = WebexErrorBody;

// --- seed ------------------------------------------------------------------------------

/** 206 behaviour of a trunk GET: 25013 = outbound proxy unreadable, 25014 = status unreadable. */
export interface PartialSpec {
    code?: 25013 | 25014;
    /** Force the list (true) or object (false) form of responseStatus; default follows the GET shape. */
    asList?: boolean;
}

/**
 * A location's SIP password rules. Webex documents only that trunk passwords
 * follow "the effective password settings for the location" (generatePassword)
 * and refuses `?` and `!` (25015); the rule names follow BroadWorks' SIP
 * authentication password rules, on which Webex Calling runs. The values are
 * a modelling choice (see passwordPolicy.ts).
 */
export interface SipPasswordPolicy {
    minLength?: number;
    maxLength?: number;
    minDigits?: number;
    minUpperCaseLetters?: number;
    minLowerCaseLetters?: number;
    minNonAlphanumericCharacters?: number;
    /** Refuse a password containing the trunk's name. */
    disallowTrunkName?: boolean;
}

/** What routes a location's calls: a trunk or a route group, by id. */
export interface RouteRef {
    type: "TRUNK" | "ROUTE_GROUP";
    id: string;
}

export interface SeedLocation extends WebexIdName {
    /** Default DEFAULT_SIP_PASSWORD_POLICY. */
    sipPasswordPolicy?: SipPasswordPolicy;
    /** The location's premises PSTN connection (PUT /telephony/pstn/locations/{id}/connection); uses the trunk. */
    pstnConnection?: RouteRef;
    /** Calls to unknown extensions routed to the premises (internal dialing); uses the trunk. */
    callToExtension?: RouteRef;
}

export interface SeedRouteGroup {
    id?: string;
    name: string;
    /** Member trunks ("localGateways") with their priority. */
    localGateways: Array<{ id: string; priority: number }>;
}

export interface SeedDialPlan {
    id?: string;
    name: string;
    routeType: "TRUNK" | "ROUTE_GROUP";
    routeId: string;
}

export interface SeedTrunk {
    id?: string;
    name: string;
    locationId: string;
    password: string;
    trunkType: WebexTrunkType;
    deviceType?: string;
    address?: string;
    domain?: string;
    /** Absent on a certificate-based trunk addressed by DNS SRV. */
    port?: number;
    maxConcurrentCalls?: number;
    dualIdentitySupportEnabled?: boolean;
    pChargeInfoSupportPolicy?: WebexPChargeInfoPolicy;
    status?: "online" | "offline" | "unknown";
    /**
     * Shorthand kept for older seeds: the trunk is a member of a route group
     * named after it, so it is in use (and DELETE is refused). Prefer
     * routeGroups / dialPlans / location references.
     */
    inUse?: boolean;
    isRestrictedToDedicatedInstance?: boolean;
    /** Answer GETs of this trunk with 206 Partial Content. */
    partial?: PartialSpec | true;
}

export interface WebexSeed {
    orgId?: string;
    orgName?: string;
    locations: SeedLocation[];
    trunks?: SeedTrunk[];
    routeGroups?: SeedRouteGroup[];
    dialPlans?: SeedDialPlan[];
    /** Default: DEFAULT_TRUNK_TYPES. */
    trunkTypes?: WebexTrunkTypeWithDevices[];
    /**
     * Domains the org has verified; a certificate-based trunk's domain must be
     * one of them. Absent: any syntactically valid domain is accepted.
     */
    verifiedDomains?: string[];
}
