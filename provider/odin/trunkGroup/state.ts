import { FieldSpec, applies, fieldNames, fieldSpec, fieldsWhere, isSet } from "../../kit/schema";
import type { TrunkGroupKey, TrunkGroupProfile } from "../types";
import { TRUNK_GROUP } from "./schema";

type Props = Record<string, unknown>;

/** The identity keys, from the schema: an id, a lookup and a sparse PUT all carry exactly these. */
export const IDENTITY_FIELDS = fieldsWhere(TRUNK_GROUP, (s) => s.identity === true);

/** The resource id: the identity triple, each part URI-encoded, so it is URL-safe and reversible. */
export function trunkGroupId(key: TrunkGroupKey): string {
    return [key.serviceProviderId, key.groupId, key.name].map(encodeURIComponent).join("/");
}

export function parseTrunkGroupId(id: string): TrunkGroupKey {
    const parts = id.split("/");
    if (parts.length !== IDENTITY_FIELDS.length || parts.some((p) => p === "")) {
        throw new Error(
            `"${id}" is not a TrunkGroup id: expected serviceProviderId/groupId/name with each part URI-encoded, e.g. SP1/G1/PBX%20A`,
        );
    }
    const [serviceProviderId, groupId, name] = parts.map((p) => decodeURIComponent(p));
    return { serviceProviderId, groupId, name };
}

/** The identity to address: the outputs when we have them (they follow a rename), else the id. */
export function keyOf(id: string, props: Props | undefined): TrunkGroupKey {
    const p = props ?? {};
    if (typeof p.serviceProviderId === "string" && typeof p.groupId === "string" && typeof p.name === "string") {
        return { serviceProviderId: p.serviceProviderId, groupId: p.groupId, name: p.name };
    }
    return parseTrunkGroupId(id);
}

/** Whether props name nothing but the identity (an import by id): then the server's values are the inputs. */
export function onlyIdentity(props: Props): boolean {
    return !Object.keys(props).some((k) => fieldSpec(TRUNK_GROUP, k) !== undefined && !fieldSpec(TRUNK_GROUP, k)?.identity);
}

/**
 * Odin answers numeric-looking strings as numbers, in nested keys too; they
 * are strings to us. Absent and null are the same "unset".
 */
export function odinValue(_key: string, v: unknown, spec: FieldSpec | undefined): unknown {
    if (v === undefined || v === null) {
        return null;
    }
    if (spec?.kind === "string" && typeof v === "number") {
        return String(v);
    }
    if (spec?.kind === "object" && typeof v === "object" && !Array.isArray(v)) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === "number" ? String(x) : x ?? null]));
    }
    return v;
}

/**
 * Outputs = the server's value for every input key the resource manages (so a
 * refresh shows drift in exactly those; null while the field does not apply),
 * the read-only fields, and the SIP password as last set (write-only upstream;
 * Pulumi keeps it secret).
 */
export function buildOutputs(profile: TrunkGroupProfile, managedKeys: Iterable<string>, prior: Props): Props {
    const server = asProps(profile);
    const outs: Props = {
        serviceProviderId: profile.serviceProviderId,
        groupId: profile.groupId,
        name: String(profile.name),
    };
    for (const key of managedKeys) {
        const spec = fieldSpec(TRUNK_GROUP, key);
        if (key in outs || !spec || spec.writeOnly) {
            continue;
        }
        // BroadWorks leaves out what does not apply (odin-api.md §2.2: the SIP user
        // name while authentication is off), whatever it still stores, and check
        // resets such a field to null: so it is null here too, or a program that
        // dropped SIP authentication would show an update forever (issue 11, defect 3).
        outs[key] = applies(spec, server) ? withUnreportedSubKeys(odinValue(key, server[key], spec), prior[key]) : null;
    }
    for (const key of fieldsWhere(TRUNK_GROUP, (s) => s.writeOnly === true)) {
        // Write-only upstream: the value last sent, while the field applies.
        if (applies(TRUNK_GROUP.fields[key], server) && typeof prior[key] === "string") {
            outs[key] = prior[key];
        }
    }
    for (const key of TRUNK_GROUP.outputs) {
        outs[key] = server[key] ?? null;
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
    return { ...(prior as Props), ...(server as Props) };
}

/** Every settable field the server reported (used when importing by id). */
export function settableKeysOf(profile: TrunkGroupProfile): string[] {
    const server = asProps(profile);
    return fieldNames(TRUNK_GROUP).filter((k) => isSet(server[k]) && !TRUNK_GROUP.fields[k].writeOnly);
}

/** The inputs that reproduce these outputs: what read returns for refresh and import. */
export function inputsFromOutputs(outs: Props): Props {
    const inputs: Props = {};
    for (const [k, v] of Object.entries(outs)) {
        if (fieldSpec(TRUNK_GROUP, k)) {
            inputs[k] = v;
        }
    }
    return inputs;
}

/** A profile read field by field: the wire type plus whatever else the server sent. */
function asProps(profile: TrunkGroupProfile): Readonly<Props> {
    return { ...profile };
}
