import { FIELD_NAMES, READ_ONLY_OUTPUTS, UNKNOWN, fieldSpec } from "./schema";
import type { TrunkGet, TrunkRead } from "./types";

type Props = Record<string, unknown>;

const present = (v: unknown) => v !== undefined && v !== null && v !== "" && v !== UNKNOWN;

/**
 * Outputs = the server's value of every input field (so a refresh shows drift
 * in them), the read-only fields, the password as last sent (Webex never
 * returns it; Pulumi keeps it secret), and the effective orgId. A field the
 * server did not report keeps its previous value: a 206 answer leaves out what
 * Webex could not read, and a missing value is not a change.
 */
export function buildOutputs(read: TrunkRead, trunkId: string, prior: Props, orgId: string | undefined): Props {
    const t = read.trunk as TrunkGet & Record<string, unknown>;
    const outs: Props = {};
    for (const key of FIELD_NAMES) {
        if (key === "password" || key === "orgId") {
            continue;
        }
        const server = key === "locationId" ? t.location?.id : t[key];
        const value = present(server) ? server : prior[key];
        if (present(value)) {
            outs[key] = value;
        }
    }
    if (typeof prior.password === "string" && prior.password !== UNKNOWN) {
        outs.password = prior.password;
    }
    if (orgId) {
        outs.orgId = orgId;
    }
    const partial = read.httpStatus === 206;
    const readOnly: Props = {
        trunkId,
        location: t.location,
        customer: t.customer ?? t.organization,
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
    for (const key of READ_ONLY_OUTPUTS) {
        if (key === "responseStatus") {
            // Surfaced so a program (or a person reading the stack) sees the partial answer.
            outs.responseStatus = read.partial.length > 0 ? read.partial : null;
            continue;
        }
        const v = readOnly[key];
        outs[key] = v !== undefined ? v : partial && prior[key] !== undefined ? prior[key] : null;
    }
    return outs;
}

/**
 * The inputs that reproduce these outputs, returned by read so that refresh
 * and import leave no diff against a program that declares the same values.
 * Certificate-only fields are left out of a registering trunk, where check
 * would refuse them.
 */
export function inputsFromOutputs(outs: Props): Props {
    const certificate = String(outs.trunkType ?? "").toUpperCase() === "CERTIFICATE_BASED";
    const inputs: Props = {};
    for (const key of FIELD_NAMES) {
        const v = outs[key];
        if (!present(v) || (fieldSpec(key)?.certificateOnly && !certificate)) {
            continue;
        }
        inputs[key] = fieldSpec(key)?.kind === "enum" && typeof v === "string" ? v.toUpperCase() : v;
    }
    return inputs;
}
