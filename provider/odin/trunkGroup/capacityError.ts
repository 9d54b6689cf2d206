import type { ApiError } from "../../http/errors";
import type { OdinClient } from "../client";
import type { TrunkGroupKey } from "../types";
import type { Lookup } from "./locate";

const show = (n: number) => (n === -1 ? "unlimited" : String(n));

/**
 * BroadWorks refuses a trunk group larger than the group's trunking call
 * capacity with terse OCI text. Look up the numbers a person needs to decide
 * what to change, and say it in plain words. Lookup failures fall back to the
 * original error: explaining must never hide it.
 */
export async function explainCapacityError(
    client: OdinClient,
    lookup: Lookup,
    key: TrunkGroupKey,
    requested: number,
    original: ApiError,
): Promise<Error> {
    try {
        const cap = await client.getGroupCallCapacity(key.serviceProviderId, key.groupId);
        const others = (await client.listTrunkGroups(key.serviceProviderId, key.groupId)).filter((t) => String(t.name) !== key.name);
        const profiles = await Promise.all(
            others.map((t) => lookup({ serviceProviderId: key.serviceProviderId, groupId: key.groupId, name: String(t.name) })),
        );
        const allocated = profiles.reduce((sum, p) => sum + (typeof p?.maxActiveCalls === "number" ? p.maxActiveCalls : 0), 0);
        const msg =
            `Trunk group "${key.name}" asks for ${requested} active calls, but group ${key.groupId} has a trunking call capacity of ` +
            `${show(cap.maxActiveCalls)} (${allocated} already allocated to ${others.length} other trunk group${others.length === 1 ? "" : "s"}). ` +
            `Lower maxActiveCalls to at most ${show(cap.maxActiveCalls)}, or raise the group's trunking call capacity ` +
            `(the service provider allows up to ${show(cap.maxAvailableActiveCalls)}). BroadWorks said: ${original.apiMessage ?? original.message}`;
        return Object.assign(new Error(msg), {
            requested,
            groupCapacity: cap.maxActiveCalls,
            allocated,
            status: original.status,
        });
    } catch {
        return original;
    }
}
