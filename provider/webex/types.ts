/**
 * Shapes of the Webex Calling premise-PSTN trunk API (its OpenAPI spec, and
 * what live orgs answer). Response types are deliberately loose
 * where the spec and live behaviour disagree: `status` may come in either
 * case, `responseStatus` as an object or a list, the org as `customer` or
 * `organization`, and `id` may be missing from a trunk GET.
 */

export const TRUNK_TYPES = ["REGISTERING", "CERTIFICATE_BASED"] as const;
export type TrunkType = (typeof TRUNK_TYPES)[number];

export const P_CHARGE_INFO_POLICIES = ["DISABLED", "ASSERTED_IDENTITY", "CONFIGURABLE_CHARGE_NUMBER"] as const;
export type PChargeInfoSupportPolicy = (typeof P_CHARGE_INFO_POLICIES)[number];

/** Spec: ONLINE|OFFLINE|UNKNOWN; wxc_sdk and practitioners see lower case. */
export type DeviceStatus = "ONLINE" | "OFFLINE" | "UNKNOWN" | "online" | "offline" | "unknown" | string;

export interface IdName {
    id: string;
    name: string;
}

/** POST /telephony/config/premisePstn/trunks body. */
export interface TrunkPost {
    /** Unique in the org regardless of case; at most 24 characters. Renames in place. */
    name: string;
    locationId: string;
    /**
     * The SIP password. Webex needs it on every update and never returns it;
     * always stored as a Pulumi secret. Must not contain ? or !, and must meet
     * the SIP password policy of the location (which Webex applies at create
     * and update).
     */
    password: string;
    trunkType: TrunkType;
    dualIdentitySupportEnabled?: boolean;
    /** One of the device types GET .../trunkTypes offers for the trunk type, e.g. "Cisco Unified Border Element". */
    deviceType?: string;
    /** CERTIFICATE_BASED only: the SBC's FQDN or SRV address. */
    address?: string;
    /** CERTIFICATE_BASED only. */
    domain?: string;
    /** CERTIFICATE_BASED only: the SIP port (1-65535) of an FQDN address; leave it out for an address resolved by DNS SRV. */
    port?: number;
    /** CERTIFICATE_BASED only, and required there; within the device type's range. A REGISTERING trunk's limit comes from its device type (see the output). */
    maxConcurrentCalls?: number;
    pChargeInfoSupportPolicy?: PChargeInfoSupportPolicy;
}

/** 201 answer to the POST: the id and nothing else. */
export interface TrunkCreated {
    id: string;
}

/**
 * PUT body. name and password are required on every modify; location, type,
 * device type, address, domain and port cannot be changed at all.
 */
export interface TrunkPut {
    name: string;
    password: string;
    dualIdentitySupportEnabled?: boolean;
    maxConcurrentCalls?: number;
    pChargeInfoSupportPolicy?: PChargeInfoSupportPolicy;
}

export type ResponseStatusType = "ERROR" | "WARNING" | string;

/** Partial-failure detail carried by a 206 GET (25013 outbound proxy, 25014 status). */
export interface ResponseStatus {
    code: number;
    type: ResponseStatusType;
    summaryEnglish: string;
    detail: string[];
    trackingId: string;
}

export interface OutboundProxy {
    sipAccessServiceType?: string;
    dnsType?: string;
    outboundProxy?: string;
    srvPrefix?: string;
    cnameRecords?: { host: string; ttl: number; port: number }[];
    attachmentUpdated?: boolean;
    [key: string]: unknown;
}

/** GET /telephony/config/premisePstn/trunks/{trunkId}. The password is never returned. */
export interface TrunkGet {
    id?: string;
    name: string;
    customer?: IdName;
    /** wxc_sdk's tested model calls `customer` this. */
    organization?: IdName;
    location?: IdName;
    otgDtgId?: string;
    linePort?: string;
    locationsUsingTrunk?: IdName[];
    pilotUserId?: string;
    outboundProxy?: OutboundProxy;
    sipAuthenticationUserName?: string;
    status?: DeviceStatus;
    errorCodes?: string[];
    /** The spec says an object; wxc_sdk and wxcadm see a list. */
    responseStatus?: ResponseStatus | ResponseStatus[];
    dualIdentitySupportEnabled?: boolean;
    trunkType?: TrunkType | string;
    deviceType?: string;
    address?: string;
    domain?: string;
    port?: number;
    maxConcurrentCalls?: number;
    isRestrictedToDedicatedInstance?: boolean;
    pChargeInfoSupportPolicy?: PChargeInfoSupportPolicy | string;
}

/** An item of GET /telephony/config/premisePstn/trunks. */
export interface TrunkListItem {
    id: string;
    name: string;
    location?: IdName;
    inUse?: boolean;
    trunkType?: TrunkType | string;
    isRestrictedToDedicatedInstance?: boolean;
}

export interface TrunkListResponse {
    trunks: TrunkListItem[];
}

export interface TrunkListQuery {
    /** Server-side filter; its matching rule is undocumented, so callers match exactly themselves. */
    name?: string;
    locationName?: string;
    trunkType?: TrunkType;
    max?: number;
    order?: string;
}

/**
 * The real per-device-type limits. The merged OpenAPI wrongly gives
 * deviceTypes the DEVICE|APPLICATION enum of an unrelated API.
 */
export interface TrunkDeviceType {
    deviceType: string;
    minConcurrentCalls?: number;
    maxConcurrentCalls?: number;
}

export interface TrunkTypeWithDeviceType {
    trunkType: TrunkType | string;
    deviceTypes: TrunkDeviceType[];
}

export interface TrunkTypesResponse {
    trunkTypes: TrunkTypeWithDeviceType[];
}

export interface WebexErrorItem {
    description?: string;
    errorCode?: number | string;
}

/** `{message, errors:[{description, errorCode}], trackingId}`; wxc_sdk also allows a top-level errorCode. */
export interface WebexErrorBody {
    message?: string;
    errorCode?: number | string;
    errors?: WebexErrorItem[];
    trackingId?: string;
}

/** GET .../trunks/{id}/usage: how many objects reference the trunk (configuration, not traffic). */
export interface TrunkUsage {
    pstnConnectionCount: number;
    callToExtensionCount: number;
    dialPlanCount: number;
    routeGroupCount: number;
}

/** An item of .../usageRouteGroup (the list key is the singular `routeGroup`). */
export interface UsageRouteGroup extends IdName {
    inUse?: boolean;
}

/** The four usage lists of a trunk, each under the key the API gives it. */
export interface TrunkUsageLists {
    /** .../usageRouteGroup → `routeGroup` */
    routeGroups: UsageRouteGroup[];
    /** .../usageDialPlan → `dialPlans` */
    dialPlans: IdName[];
    /** .../usagePstnConnection → `locations`: locations whose PSTN connection is the trunk. */
    pstnLocations: IdName[];
    /** .../usageCallToExtension → `locations`: locations routing unknown extensions to the trunk. */
    callToExtensionLocations: IdName[];
}

/** What a trunk GET gave us, with the 206 detail normalised to a list. */
export interface TrunkRead {
    trunk: TrunkGet;
    httpStatus: number;
    /** Non-empty only for 206 answers. */
    partial: ResponseStatus[];
}
