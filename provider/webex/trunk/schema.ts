/**
 * The WebexTrunk schema in one table (webex-trunks.openapi.yml TrunkPost and
 * TrunkPut, and the notes in webex-trunks.md). Nothing is defaulted: a field
 * left out lets Webex choose, and the diff ignores fields the program does
 * not set. The kit derives check, diff and the request bodies from it.
 */
import type { FieldTable, ResourceSchema } from "../../kit/schema";
import { P_CHARGE_INFO_POLICIES, TRUNK_TYPES, TrunkPost } from "../types";

/** What a WebexTrunk's checked inputs hold: the POST body, and the org it lives in. */
export type WebexTrunkInputs = TrunkPost & { orgId?: string };

/** From the wxc_sdk test suite: "valid trunk names can be up to 24 characters long". */
export const MAX_NAME_LENGTH = 24;

/**
 * The condition of the SBC address fields; Webex keeps an FQDN address
 * (address + domain + port) or an SRV one (address + domain) unique across such trunks (409, 27571).
 */
export const CERTIFICATE_BASED = { field: "trunkType", is: "CERTIFICATE_BASED" } as const;

const FIELDS: FieldTable<WebexTrunkInputs> = {
    name: { kind: "string", required: true, description: `the trunk name, unique in the org, at most ${MAX_NAME_LENGTH} characters` },
    locationId: { kind: "string", required: true, replaceOnChange: true, description: "the id of the Webex location that owns the trunk" },
    password: {
        kind: "string",
        required: true,
        secret: true,
        // Never returned by the API, and required in every PUT.
        writeOnly: true,
        sentOnEveryUpdate: true,
        description: "the trunk's SIP password (keep it in a Pulumi secret)",
    },
    trunkType: {
        kind: "enum",
        values: TRUNK_TYPES,
        // The API has answered enums in lower case (status), so case is not a change.
        caseInsensitive: true,
        required: true,
        replaceOnChange: true,
        description: "REGISTERING (Cisco CUBE local gateway) or CERTIFICATE_BASED (SBCs)",
    },
    deviceType: { kind: "string", replaceOnChange: true },
    address: { kind: "string", replaceOnChange: true, caseInsensitive: true, onlyWhen: CERTIFICATE_BASED, requiredWhen: CERTIFICATE_BASED, description: "the SBC's FQDN or SRV address" },
    domain: { kind: "string", replaceOnChange: true, caseInsensitive: true, onlyWhen: CERTIFICATE_BASED, requiredWhen: CERTIFICATE_BASED, description: "the SBC's domain" },
    // wxc_sdk's live-org tests treat a certificate-based trunk without a port as
    // addressed by DNS SRV (test_005_existing_srv selects `t.port is None`), and the
    // spec calls port the "FQDN port": leaving it out asks for an SRV trunk.
    port: {
        kind: "integer",
        min: 1,
        max: 65535,
        replaceOnChange: true,
        onlyWhen: CERTIFICATE_BASED,
        unsetIsValue: true,
        description: "the SBC's SIP port for an FQDN address, an integer from 1 to 65535; leave it out for an address resolved by DNS SRV",
    },
    // The spec requires it "to create a static certificate-based trunk" and scopes it to
    // those; wxcadm refuses to set it on a REGISTERING trunk (webex-trunks.md §1.3, §1.4),
    // whose GET shows its device type's limit instead. So it is an input of certificate-based
    // trunks only, and an output of both.
    maxConcurrentCalls: {
        kind: "integer",
        min: 1,
        requiredWhen: CERTIFICATE_BASED,
        onlyWhen: CERTIFICATE_BASED,
        description: "the call limit, an integer of at least 1 (within the device type's range from /trunkTypes)",
    },
    dualIdentitySupportEnabled: { kind: "boolean" },
    pChargeInfoSupportPolicy: { kind: "enum", values: P_CHARGE_INFO_POLICIES, caseInsensitive: true },
    // A query parameter, not a trunk field: a trunk cannot move between orgs, and
    // outputs that lack it (the token's own org) cannot show a change.
    orgId: { kind: "string", replaceOnChange: true, writeOnly: true },
};

export const WEBEX_TRUNK: ResourceSchema<WebexTrunkInputs> = {
    kind: "webex:Trunk",
    title: "WebexTrunk",
    argsType: "WebexTrunkArgs",
    api: "Webex",
    fields: FIELDS,
    adoption: { findsBy: "exact name in the org", byId: "a Webex trunk id" },
    outputs: [
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
    ],
};
