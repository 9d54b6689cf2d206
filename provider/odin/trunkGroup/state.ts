import type { TrunkGroupKey, TrunkGroupProfile } from "../types";
import { normalize } from "./diff";
import { FIELD_NAMES, READ_ONLY_FIELDS, fieldSpec } from "./schema";

/** The resource id: the identity triple, each part URI-encoded, so it is URL-safe and reversible. */
export function trunkGroupId(key: TrunkGroupKey): string {
    return [key.serviceProviderId, key.groupId, key.name].map(encodeURIComponent).join("/");
}

export function parseTrunkGroupId(id: string): TrunkGroupKey {
    const parts = id.split("/");
    if (parts.length !== 3 || parts.some((p) => p === "")) {
        throw new Error(
            `"${id}" is not a TrunkGroup id: expected serviceProviderId/groupId/name with each part URI-encoded, e.g. SP1/G1/PBX%20A`,
        );
    }
    const [serviceProviderId, groupId, name] = parts.map((p) => decodeURIComponent(p));
    return { serviceProviderId, groupId, name };
}

/** The identity to address: the outputs when we have them (they follow a rename), else the id. */
export function keyOf(id: string, props: Record<string, unknown> | undefined): TrunkGroupKey {
    const p = props ?? {};
    if (typeof p.serviceProviderId === "string" && typeof p.groupId === "string" && typeof p.name === "string") {
        return { serviceProviderId: p.serviceProviderId, groupId: p.groupId, name: p.name };
    }
    return parseTrunkGroupId(id);
}

/**
 * Outputs = the server's value for every input key the resource manages (so a
 * refresh shows drift in exactly those), the read-only fields, and the SIP
 * password as last set (write-only upstream; Pulumi keeps it secret).
 */
export function buildOutputs(
    profile: TrunkGroupProfile,
    managedKeys: Iterable<string>,
    prior: Record<string, unknown>,
): Record<string, unknown> {
    const p = profile as unknown as Record<string, unknown>;
    const outs: Record<string, unknown> = {
        serviceProviderId: profile.serviceProviderId,
        groupId: profile.groupId,
        name: String(profile.name),
    };
    for (const key of managedKeys) {
        if (key in outs || !fieldSpec(key) || fieldSpec(key)?.writeOnly) {
            continue;
        }
        outs[key] = withUnreportedSubKeys(normalize(key, p[key]), prior[key]);
    }
    if (profile.requireAuthentication === true && typeof prior.sipAuthenticationPassword === "string") {
        outs.sipAuthenticationPassword = prior.sipAuthenticationPassword;
    }
    for (const key of READ_ONLY_FIELDS) {
        outs[key] = p[key] ?? null;
    }
    return outs;
}

/**
 * GET answers an access device with deviceLevel and deviceName only; keep the
 * sub-keys the program set that the server does not report, so they neither
 * show a perpetual diff nor hide a change the program makes to them.
 */
function withUnreportedSubKeys(server: unknown, prior: unknown): unknown {
    if (server === null || typeof server !== "object" || Array.isArray(server)) {
        return server;
    }
    if (prior === null || typeof prior !== "object" || Array.isArray(prior)) {
        return server;
    }
    return { ...(prior as Record<string, unknown>), ...(server as Record<string, unknown>) };
}

/** Every settable field the server reported (used when importing by id). */
export function settableKeysOf(profile: TrunkGroupProfile): string[] {
    const p = profile as unknown as Record<string, unknown>;
    return FIELD_NAMES.filter((k) => p[k] !== undefined && p[k] !== null && !fieldSpec(k)?.writeOnly);
}

/** The inputs that reproduce these outputs: what read returns for refresh and import. */
export function inputsFromOutputs(outs: Record<string, unknown>): Record<string, unknown> {
    const inputs: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(outs)) {
        if (fieldSpec(k)) {
            inputs[k] = v;
        }
    }
    return inputs;
}
