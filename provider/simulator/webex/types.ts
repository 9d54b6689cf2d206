import type { IdName, PChargeInfoSupportPolicy, TrunkType, TrunkTypeWithDeviceType } from "../../webex/types";

/** 206 behaviour of a trunk GET: 25013 = outbound proxy unreadable, 25014 = status unreadable. */
export interface PartialSpec {
    code?: 25013 | 25014;
    /** wxc_sdk and wxcadm see responseStatus as a list; the spec says an object. */
    asList?: boolean;
}

export interface SeedTrunk {
    id?: string;
    name: string;
    locationId: string;
    password: string;
    trunkType: TrunkType;
    deviceType?: string;
    address?: string;
    domain?: string;
    port?: number;
    maxConcurrentCalls?: number;
    dualIdentitySupportEnabled?: boolean;
    pChargeInfoSupportPolicy?: PChargeInfoSupportPolicy;
    status?: string;
    /** Referenced by a route group, dial plan or PSTN connection: DELETE answers 409. */
    inUse?: boolean;
    isRestrictedToDedicatedInstance?: boolean;
    /** Answer GETs of this trunk with 206 Partial Content. */
    partial?: PartialSpec | true;
}

export interface WebexSeed {
    orgId?: string;
    orgName?: string;
    locations: IdName[];
    trunks?: SeedTrunk[];
    /** Default: the device types and limits in DEFAULT_TRUNK_TYPES. */
    trunkTypes?: TrunkTypeWithDeviceType[];
}

/** Webex's error body. */
export interface WebexSimErrorBody {
    message: string;
    errors: { description: string; errorCode?: number }[];
    trackingId: string;
}
