import { applies, fieldNames, fieldsIn, fieldsWhere, isUnknown } from "../../kit/schema";
import type { TrunkGet, TrunkRead } from "../types";
import { WEBEX_TRUNK } from "./schema";

type Props = Record<string, unknown>;

const present = (v: unknown) => v !== undefined && v !== null && v !== "" && !isUnknown(v);

/** Never returned by Webex, so outputs keep the value last sent (Pulumi keeps it secret). */
const KEPT_AS_SENT = fieldsWhere(WEBEX_TRUNK, (s) => s.writeOnly === true && s.secret === true);

/** The trunk's value of one input field, as the program would write it. */
function serverValue(t: TrunkGet, key: string): unknown {
    return key === "locationId" ? t.location?.id : ({ ...t } as Props)[key];
}

/** What Webex reports of the input fields (the write-only ones it never does). */
export function inputsFromServer(t: TrunkGet): Props {
    const out: Props = {};
    for (const key of fieldsWhere(WEBEX_TRUNK, (s) => !s.writeOnly)) {
        out[key] = serverValue(t, key);
    }
    return out;
}

/**
 * Outputs = the server's value of every input field (so a refresh shows drift
 * in them), the read-only fields, the password as last sent, and the
 * effective orgId. A field the server did not report keeps its previous
 * value: a 206 answer leaves out what Webex could not read, and a missing
 * value is not a change.
 */
export function buildOutputs(read: TrunkRead, trunkId: string, prior: Props, orgId: string | undefined): Props {
    const t = read.trunk;
    const outs: Props = {};
    for (const [key, server] of Object.entries(inputsFromServer(t))) {
        // Absent can be the answer (an SRV trunk has no port): then nothing is made up from what was sent.
        const value = present(server) || WEBEX_TRUNK.fields[key as keyof typeof WEBEX_TRUNK.fields].unsetIsValue ? server : prior[key];
        if (present(value)) {
            outs[key] = value;
        }
    }
    for (const key of KEPT_AS_SENT) {
        if (typeof prior[key] === "string" && !isUnknown(prior[key])) {
            outs[key] = prior[key];
        }
    }
    if (orgId) {
        outs.orgId = orgId;
    }
    const partial = read.httpStatus === 206;
    const unreadable = unreadableOutputs(read);
    const readOnly: Props = {
        trunkId,
        location: t.location,
        customer: t.customer,
        otgDtgId: t.otgDtgId,
        linePort: t.linePort,
        pilotUserId: t.pilotUserId,
        sipAuthenticationUserName: t.sipAuthenticationUserName,
        status: t.status,
        outboundProxy: t.outboundProxy,
        isRestrictedToDedicatedInstance: t.isRestrictedToDedicatedInstance,
        locationsUsingTrunk: t.locationsUsingTrunk,
        errorCodes: t.errorCodes,
    };
    for (const key of WEBEX_TRUNK.outputs) {
        if (key === "responseStatus") {
            // Surfaced so a program (or a person reading the stack) sees the partial answer.
            outs.responseStatus = read.partial.length > 0 ? read.partial : null;
            continue;
        }
        const v = readOnly[key];
        if (unreadable.has(key)) {
            // Not read this time: what was known stays; never the placeholder.
            outs[key] = prior[key] !== undefined ? prior[key] : null;
            continue;
        }
        outs[key] = v !== undefined ? v : partial && prior[key] !== undefined ? prior[key] : null;
    }
    return outs;
}

/** What a 206's responseStatus code says Webex could not read (webex-trunks.md §1.5). */
const UNREADABLE_BY_CODE: Readonly<Record<string, string>> = { "25013": "outboundProxy", "25014": "status" };

/**
 * The outputs a 206 answer could not fill. The key may be there all the same:
 * wxc_sdk's model requires both, so such an answer carries `outboundProxy: {}`
 * or `status: "unknown"`, which are placeholders, not values. A code names the
 * field; without a code, an empty or missing value of either counts as unread.
 */
function unreadableOutputs(read: TrunkRead): Set<string> {
    const out = new Set<string>();
    if (read.httpStatus !== 206) {
        return out;
    }
    for (const s of read.partial) {
        const key = UNREADABLE_BY_CODE[String(s.code)];
        if (key) {
            out.add(key);
        }
    }
    const t = read.trunk;
    if (read.partial.length === 0 || out.size === 0) {
        if (t.outboundProxy === undefined || t.outboundProxy === null || (typeof t.outboundProxy === "object" && Object.keys(t.outboundProxy).length === 0)) {
            out.add("outboundProxy");
        }
        if (t.status === undefined || t.status === null || t.status === "") {
            out.add("status");
        }
    }
    return out;
}

/**
 * The inputs that reproduce these outputs, returned by read so that refresh
 * and import leave no diff against a program that declares the same values.
 * Fields that do not apply (a registering trunk's address) are left out,
 * since check would refuse them.
 */
export function inputsFromOutputs(outs: Props): Props {
    const inputs: Props = {};
    for (const key of fieldNames(WEBEX_TRUNK)) {
        const v = outs[key];
        if (present(v)) {
            inputs[key] = WEBEX_TRUNK.fields[key].kind === "enum" && typeof v === "string" ? v.toUpperCase() : v;
        }
    }
    for (const key of fieldsIn(WEBEX_TRUNK, Object.keys(inputs))) {
        if (!applies(WEBEX_TRUNK.fields[key], inputs)) {
            delete inputs[key];
        }
    }
    return inputs;
}
