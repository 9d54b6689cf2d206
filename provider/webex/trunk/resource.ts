import type * as pulumi from "@pulumi/pulumi";
import { KitResource } from "../../kit/resource";
import type { DeviceStatus, IdName, OutboundProxy, PChargeInfoSupportPolicy, ResponseStatus, TrunkType } from "../types";
import { WEBEX_TRUNK } from "./schema";

/**
 * A Webex Calling premise-PSTN trunk (local gateway). Changing locationId,
 * trunkType, deviceType, address, domain, port or orgId replaces the trunk
 * (Webex cannot change them); name, password, dualIdentitySupportEnabled,
 * maxConcurrentCalls and pChargeInfoSupportPolicy update in place. Fields left
 * out keep whatever Webex chose and never show a diff.
 *
 * Connection settings come from stack config `webex:accessToken` (secret),
 * `webex:baseUrl`, `webex:orgId` or the WEBEX_ACCESS_TOKEN, WEBEX_BASE_URL and
 * WEBEX_ORG_ID environment variables.
 */
export interface WebexTrunkArgs {
    /** Unique in the org regardless of case; at most 24 characters. Renames in place. */
    name: pulumi.Input<string>;
    locationId: pulumi.Input<string>;
    /** The SIP password. Webex needs it on every update and never returns it; always stored as a Pulumi secret. Must not contain ? or !, and must meet the SIP password policy of the location (which Webex applies at create/update). */
    password: pulumi.Input<string>;
    trunkType: pulumi.Input<TrunkType>;
    /** One of the device types GET .../trunkTypes offers for the trunk type, e.g. "Cisco Unified Border Element". */
    deviceType?: pulumi.Input<string>;
    /** CERTIFICATE_BASED only: the SBC's FQDN or SRV address. */
    address?: pulumi.Input<string>;
    /** CERTIFICATE_BASED only. */
    domain?: pulumi.Input<string>;
    /** CERTIFICATE_BASED only: the SIP port (1-65535) of an FQDN address; leave it out for an address resolved by DNS SRV. */
    port?: pulumi.Input<number>;
    /** CERTIFICATE_BASED only, and required there; within the device type's range. A REGISTERING trunk's limit comes from its device type (see the output). */
    maxConcurrentCalls?: pulumi.Input<number>;
    dualIdentitySupportEnabled?: pulumi.Input<boolean>;
    pChargeInfoSupportPolicy?: pulumi.Input<PChargeInfoSupportPolicy>;
    /** The org to manage the trunk in (partner admins); default webex:orgId, else the token's org. */
    orgId?: pulumi.Input<string>;
    /**
     * Take over a trunk that already exists with this exact name in the org
     * (or the trunk `{ id }` names) instead of failing: `true` only when it
     * already has every declared value (otherwise the create fails before any
     * change, naming each difference); `"apply"` (or `{ id, apply: true }`) gives
     * it the program's values and password with one update. Only create looks at
     * it: it never shows a change. Default: stack config `webex:adoptExisting`, else off.
     */
    adoptExisting?: pulumi.Input<boolean | "apply" | { id: string; apply?: boolean }>;
}

export interface WebexTrunkOutputs {
    trunkId: string;
    name: string;
    locationId: string;
    password?: string;
    trunkType: TrunkType;
    deviceType?: string;
    address?: string;
    domain?: string;
    port?: number;
    maxConcurrentCalls?: number;
    dualIdentitySupportEnabled?: boolean;
    pChargeInfoSupportPolicy?: PChargeInfoSupportPolicy;
    orgId?: string;
    location: IdName | null;
    customer: IdName | null;
    otgDtgId: string | null;
    linePort: string | null;
    pilotUserId: string | null;
    sipAuthenticationUserName: string | null;
    status: DeviceStatus | null;
    /** Set when Webex answered the last read with 206 Partial Content. */
    responseStatus: ResponseStatus[] | null;
    outboundProxy: OutboundProxy | null;
    isRestrictedToDedicatedInstance: boolean | null;
    locationsUsingTrunk: IdName[] | null;
    errorCodes: string[] | null;
}

export class WebexTrunk extends KitResource {
    // `declare`: with ES2022 class fields a plain declaration would reset the
    // outputs the Resource constructor has just set.
    declare readonly trunkId: pulumi.Output<string>;
    declare readonly name: pulumi.Output<string>;
    declare readonly locationId: pulumi.Output<string>;
    declare readonly password: pulumi.Output<string | undefined>;
    declare readonly trunkType: pulumi.Output<TrunkType>;
    declare readonly deviceType: pulumi.Output<string | undefined>;
    declare readonly address: pulumi.Output<string | undefined>;
    declare readonly domain: pulumi.Output<string | undefined>;
    declare readonly port: pulumi.Output<number | undefined>;
    declare readonly maxConcurrentCalls: pulumi.Output<number | undefined>;
    declare readonly dualIdentitySupportEnabled: pulumi.Output<boolean | undefined>;
    declare readonly pChargeInfoSupportPolicy: pulumi.Output<PChargeInfoSupportPolicy | undefined>;
    declare readonly orgId: pulumi.Output<string | undefined>;
    declare readonly location: pulumi.Output<IdName | null>;
    declare readonly customer: pulumi.Output<IdName | null>;
    /** Read-only: what the CUBE/SBC admin needs for the registration config. */
    declare readonly otgDtgId: pulumi.Output<string | null>;
    declare readonly linePort: pulumi.Output<string | null>;
    declare readonly pilotUserId: pulumi.Output<string | null>;
    declare readonly sipAuthenticationUserName: pulumi.Output<string | null>;
    declare readonly status: pulumi.Output<DeviceStatus | null>;
    declare readonly responseStatus: pulumi.Output<ResponseStatus[] | null>;
    declare readonly outboundProxy: pulumi.Output<OutboundProxy | null>;
    declare readonly isRestrictedToDedicatedInstance: pulumi.Output<boolean | null>;
    declare readonly locationsUsingTrunk: pulumi.Output<IdName[] | null>;
    declare readonly errorCodes: pulumi.Output<string[] | null>;

    constructor(name: string, args: WebexTrunkArgs, opts?: pulumi.CustomResourceOptions) {
        super(WEBEX_TRUNK, name, args, opts);
    }
}
