/**
 * The WebexTrunk declaration: the trunk's fields in one table (the fields of
 * Webex's trunk POST and PUT), the read-only outputs, and Webex's rules
 * beyond the table. Nothing is defaulted: a field left out lets Webex choose,
 * and the diff ignores fields the program does not set. The kit derives
 * check, diff, answer validation, outputs and the args type from it.
 */
import type { CheckRules, FieldTable, OutputTable, ResourceSchema } from "../../kit/schema";
import { fieldsWhere, isUnknown } from "../../kit/schema";
import { describeValue } from "../../util/nearest";
import { DeviceStatus, IdName, OutboundProxy, P_CHARGE_INFO_POLICIES, ResponseStatus, TRUNK_TYPES, TrunkPost } from "../types";
import { sameTrunkName } from "./names";

/** What a WebexTrunk's checked inputs hold: the POST body, and the org it lives in. */
export type WebexTrunkInputs = TrunkPost & {
    /** The org to manage the trunk in (partner admins); default webex:orgId, else the token's org. */
    orgId?: string;
};

/** What Webex reports of a trunk besides its settings. */
export interface WebexTrunkReadOnly {
    trunkId: string;
    location: IdName | null;
    customer: IdName | null;
    /** What the CUBE/SBC admin needs for the registration config. */
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

/** A WebexTrunk's outputs: its settings as Webex has them (the password as last sent) and the read-only values. */
export type WebexTrunkOutputs = Omit<WebexTrunkInputs, "password"> & { password?: string } & WebexTrunkReadOnly;

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
    // those; wxcadm refuses to set it on a REGISTERING trunk,
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

const OUTPUTS: OutputTable<WebexTrunkReadOnly> = {
    trunkId: { kind: "string" },
    location: { kind: "object", fields: { id: { kind: "string", required: true }, name: { kind: "string" } } },
    customer: { kind: "object" },
    otgDtgId: { kind: "string" },
    linePort: { kind: "string" },
    pilotUserId: { kind: "string" },
    sipAuthenticationUserName: { kind: "string" },
    status: { kind: "string" },
    // The spec says one object; wxc_sdk and wxcadm see a list.
    responseStatus: { kind: "any" },
    outboundProxy: { kind: "object" },
    isRestrictedToDedicatedInstance: { kind: "boolean" },
    locationsUsingTrunk: { kind: "list" },
    errorCodes: { kind: "list" },
};

/** Webex's rules beyond the field table, each learnt from the API's refusals. */
const RULES: CheckRules = {
    value(label: string, value: unknown): string | undefined {
        if (typeof value !== "string") {
            return undefined;
        }
        switch (label) {
            case "name":
                if ([...value].length > MAX_NAME_LENGTH) {
                    return (
                        `name is ${[...value].length} characters; Webex accepts trunk names of at most ${MAX_NAME_LENGTH} ` +
                        "(the limit is not in the API docs; Cisco's wxc_sdk test suite observed it against the live API), so the create would fail"
                    );
                }
                return undefined;
            case "password":
                // Length and complexity come from the location's SIP password policy, which
                // only Webex knows; the characters below are refused everywhere.
                return /[?!]/.test(value) ? 'password must not contain "?" or "!": Webex rejects them (error 25015, "Invalid characters ? or ! in password")' : undefined;
            case "address":
            case "domain":
                if (/\s/.test(value)) {
                    return `${label} must not contain spaces, got ${describeValue(value)}`;
                }
                if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^sips?:/i.test(value)) {
                    return `${label} must be a bare host name (e.g. sbc1.example.com), without a scheme, got ${describeValue(value)}`;
                }
                return undefined;
            default:
                return undefined;
        }
    },
};

/**
 * A Webex Calling premise-PSTN trunk (local gateway). Location, type, device
 * type, address, domain, port and org cannot change in place, so a change
 * replaces the trunk. An orgId the outputs lack (the token's own org) is no
 * change. A password they lack (a create that failed after the trunk
 * existed, and a refresh after it) is one: Webex may hold another, and every
 * PUT carries it anyway.
 */
export const WEBEX_TRUNK: ResourceSchema<WebexTrunkInputs> = {
    kind: "webex:Trunk",
    title: "WebexTrunk",
    api: "Webex",
    fields: FIELDS,
    outputs: OUTPUTS,
    rules: RULES,
    hooks: {
        /**
         * Create-before-delete would fail when the replacement keeps what Webex
         * requires to be unique: the name (regardless of case), or a
         * certificate-based trunk's address.
         */
        deleteBeforeReplace(news, changedKeys, olds) {
            if (!changedKeys.includes("name") || isUnknown(news.name) || sameTrunkName(news.name, olds.name)) {
                return true;
            }
            // The SBC's address fields (fixed at creation), which Webex keeps unique across certificate-based trunks.
            const address: string[] = fieldsWhere(WEBEX_TRUNK, (s) => s.onlyWhen === CERTIFICATE_BASED && s.replaceOnChange === true);
            const certificate = news.trunkType === CERTIFICATE_BASED.is || isUnknown(news.trunkType);
            return certificate && !address.some((k) => changedKeys.includes(k));
        },
    },
    // A 206 answer leaves out what Webex could not read: absent is not unset.
    answer: { noun: "trunk", object: "trunk", always: ["name"] },
    adoption: { findsBy: "exact name in the org", byId: "a Webex trunk id" },
};
