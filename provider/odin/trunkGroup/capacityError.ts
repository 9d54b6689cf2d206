/**
 * Whether a trunk group fits its group, said the same way at preview (check,
 * before any write) and at `up` (when BroadWorks refuses the write): the
 * numbers a person needs, and which resource changes them. A group's
 * capacity is the one the program declares (a GroupTrunkingCapacity checked
 * earlier in the same command, see capacityPreview.ts), else the one
 * BroadWorks has.
 */
import type { ApiError } from "../../http/errors";
import type { CheckFailure } from "../../util/check";
import type { OdinClient } from "../client";
import {
    DeclaredCapacity,
    TrunkGroupLookup,
    capacityScope,
    declaredGroupCapacity,
    groupCapacityOnce,
    readGroupCapacity,
    show,
    trunkGroupsTaking,
    within,
} from "../capacityPreview";
import { isNotFound, isServiceNotAssigned } from "../errors";
import type { TrunkGroupKey } from "../types";

type Outcome = "create" | "update";

const nothing = (o: Outcome) => (o === "create" ? "Nothing was created." : "The trunk group was not changed.");

/** The service provider or the group a trunk group names does not exist. */
export function missingMessage(key: TrunkGroupKey, missing: "serviceProvider" | "group", outcome: Outcome): string {
    return missing === "serviceProvider"
        ? `serviceProviderId: service provider "${key.serviceProviderId}" does not exist. ${nothing(outcome)}`
        : `groupId: group "${key.groupId}" does not exist in service provider ${key.serviceProviderId}. ${nothing(outcome)}`;
}

export function noServiceMessage(key: TrunkGroupKey, outcome: Outcome): string {
    return (
        `groupId: group ${key.groupId} of ${key.serviceProviderId} does not have the Trunk Group service, so it can hold no trunk group: ` +
        `assign the service to the group first (Odin web UI: the group's services). ${nothing(outcome)}`
    );
}

interface TooBig {
    key: TrunkGroupKey;
    requested: number;
    /** The group's capacity the trunk group is judged against. */
    capacity: number;
    /** The ceiling the service provider hands the group (maxAvailableActiveCalls). */
    ceiling: number;
    /** The capacity is the one the program declares. */
    declared: boolean;
    /** The others' maxActiveCalls, when they could be read. */
    others?: Array<{ name: string; maxActiveCalls: number }>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function allocated(others: TooBig["others"]): string {
    if (!others) {
        return "";
    }
    const total = others.reduce((a, t) => a + t.maxActiveCalls, 0);
    return ` (${total} already allocated to ${plural(others.length, "other trunk group")})`;
}

/** A trunk group above its group's capacity: lower it, or raise the capacity with the resource that does. */
export function tooBigMessage(t: TooBig): string {
    const group = `group ${t.key.groupId}`;
    const head = `maxActiveCalls: trunk group "${t.key.name}" asks for ${t.requested} active calls, but ${group}'s trunking call capacity`;
    const ceiling = `the ceiling service provider ${t.key.serviceProviderId} sets`;
    if (t.declared) {
        const room = within(t.requested, t.ceiling)
            ? `up to ${show(t.ceiling)}, ${ceiling}`
            : `above ${show(t.ceiling)}, ${ceiling}, with the service provider's ServiceProviderTrunkingCapacity raised too`;
        return (
            `${head}, as this program sets it with a GroupTrunkingCapacity, is ${show(t.capacity)}${allocated(t.others)}. ` +
            `Lower maxActiveCalls to at most ${show(t.capacity)}, or raise that GroupTrunkingCapacity's maxActiveCalls (${room}).`
        );
    }
    const raise = within(t.requested, t.ceiling)
        ? `raise ${group}'s capacity with a GroupTrunkingCapacity (up to ${show(t.ceiling)}, ${ceiling})`
        : `raise ${group}'s capacity with a GroupTrunkingCapacity and, above ${show(t.ceiling)} (${ceiling}), the service provider's with a ServiceProviderTrunkingCapacity`;
    return (
        `${head} is ${show(t.capacity)}${allocated(t.others)}. Lower maxActiveCalls to at most ${show(t.capacity)}, or ${raise}, ` +
        `and list it in this TrunkGroup's dependsOn so the capacity is raised before the trunk group is written.`
    );
}

/** The program raises the capacity, but the trunk group does not wait for it. */
export function notWaitingMessage(key: TrunkGroupKey, requested: number, now: number, declared: number): string {
    return (
        `maxActiveCalls: trunk group "${key.name}" asks for ${requested} active calls, but group ${key.groupId}'s trunking call capacity is ${show(now)} ` +
        `until this program raises it to ${show(declared)} with a GroupTrunkingCapacity, which this TrunkGroup does not wait for. ` +
        `List that GroupTrunkingCapacity in this TrunkGroup's dependsOn, so the capacity is raised before the trunk group is written.`
    );
}

/** The group's capacity the program declares, when it sets maxActiveCalls. */
function declaredCalls(d: DeclaredCapacity | undefined): number | undefined {
    return typeof d?.maxActiveCalls === "number" ? d.maxActiveCalls : undefined;
}

const isString = (v: unknown): v is string => typeof v === "string" && v !== "";

/**
 * The preview judgement of a trunk group (TrunkGroup's `preview`): its
 * service provider and group exist and have the service, and its
 * maxActiveCalls fits the group's capacity. Only what can change that is
 * judged: a trunk group whose service provider, group and maxActiveCalls are
 * unchanged costs no read. At most one capacity read per group per command.
 */
export async function trunkGroupPreview(
    client: OdinClient,
    lookup: TrunkGroupLookup,
    scopeKey: object | undefined,
    checked: Readonly<Record<string, unknown>>,
    olds: Readonly<Record<string, unknown>>,
): Promise<CheckFailure[]> {
    const { serviceProviderId, groupId, name, maxActiveCalls } = checked;
    if (!isString(serviceProviderId) || !isString(groupId) || !isString(name) || typeof maxActiveCalls !== "number") {
        // Unknown at preview (or refused by the field table): nothing to judge yet.
        return [];
    }
    if (olds.serviceProviderId === serviceProviderId && olds.groupId === groupId && olds.maxActiveCalls === maxActiveCalls) {
        return [];
    }
    const key: TrunkGroupKey = { serviceProviderId, groupId, name };
    const outcome: Outcome = isString(olds.serviceProviderId) && olds.serviceProviderId === serviceProviderId && olds.groupId === groupId ? "update" : "create";
    const scope = capacityScope(scopeKey);
    const read = await groupCapacityOnce(scope, client, serviceProviderId, groupId);
    if (read.kind === "absent") {
        return [{ property: read.missing === "serviceProvider" ? "serviceProviderId" : "groupId", reason: missingMessage(key, read.missing, outcome) }];
    }
    if (read.kind === "noService") {
        return [{ property: "groupId", reason: noServiceMessage(key, outcome) }];
    }
    const live = read.capacity;
    const declared = declaredGroupCapacity(scope, serviceProviderId, groupId);
    const planned = declaredCalls(declared);
    const capacity = planned ?? live.maxActiveCalls;
    if (!within(maxActiveCalls, capacity)) {
        const others = await trunkGroupsTaking(client, lookup, serviceProviderId, groupId, name).catch(() => undefined);
        return [{ property: "maxActiveCalls", reason: tooBigMessage({ key, requested: maxActiveCalls, capacity, ceiling: live.maxAvailableActiveCalls, declared: planned !== undefined, others }) }];
    }
    return [];
}

/**
 * BroadWorks refused a trunk group for its group's capacity: the same words
 * as the preview's, from fresh reads. When the program raises the capacity
 * and the trunk group was written first, says to make it wait. A failure to
 * read falls back to the original error: explaining must never hide it.
 */
export async function explainCapacityError(
    client: OdinClient,
    lookup: TrunkGroupLookup,
    scopeKey: object | undefined,
    key: TrunkGroupKey,
    requested: number,
    original: ApiError,
): Promise<Error> {
    try {
        const read = await readGroupCapacity(client, key.serviceProviderId, key.groupId);
        if (read.kind !== "found") {
            return original;
        }
        const cap = read.capacity;
        const planned = declaredCalls(declaredGroupCapacity(capacityScope(scopeKey), key.serviceProviderId, key.groupId));
        const said = ` BroadWorks said: ${original.apiMessage ?? original.message}`;
        if (planned !== undefined && within(requested, planned) && !within(requested, cap.maxActiveCalls)) {
            return Object.assign(new Error(notWaitingMessage(key, requested, cap.maxActiveCalls, planned) + said), { status: original.status });
        }
        const others = await trunkGroupsTaking(client, lookup, key.serviceProviderId, key.groupId, key.name);
        const msg = tooBigMessage({ key, requested, capacity: cap.maxActiveCalls, ceiling: cap.maxAvailableActiveCalls, declared: false, others }) + said;
        return Object.assign(new Error(msg), {
            requested,
            groupCapacity: cap.maxActiveCalls,
            allocated: others.reduce((a, t) => a + t.maxActiveCalls, 0),
            status: original.status,
        });
    } catch {
        return original;
    }
}

/**
 * A write refused because the service provider or the group does not exist,
 * or the group lacks the Trunk Group service: the preview's words. undefined
 * when the refusal is about something else.
 */
export async function explainMissingGroup(client: OdinClient, key: TrunkGroupKey, e: unknown, outcome: Outcome): Promise<Error | undefined> {
    if (!isNotFound(e) && !isServiceNotAssigned(e)) {
        return undefined;
    }
    try {
        const read = await readGroupCapacity(client, key.serviceProviderId, key.groupId);
        if (read.kind === "absent") {
            return new Error(missingMessage(key, read.missing, outcome));
        }
        if (read.kind === "noService") {
            return new Error(noServiceMessage(key, outcome));
        }
    } catch {
        // Explaining must never hide the refusal.
    }
    return undefined;
}
