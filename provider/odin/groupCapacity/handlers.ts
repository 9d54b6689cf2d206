/**
 * GroupTrunkingCapacity on the settings pattern (kit/existing.ts): GET and
 * PUT /groups/trunk-groups/call-capacity. Before any write (check, one read
 * per group per command shared with the TrunkGroups of the group): the group
 * exists and has the Trunk Group service, and the values fit the ceilings the
 * service provider hands down, or the ones the program declares for it with a
 * ServiceProviderTrunkingCapacity this resource depends on. A capacity lowered
 * below what the group's trunk groups already take is a warning naming them:
 * BroadWorks accepts it and applies the limit at call time.
 */
import type { CheckFailure } from "../../util/check";
import { absentMessage, settingsObject } from "../../kit/existing";
import { Session, resourceHandlers } from "../../kit/handlers";
import {
    DeclaredCapacity,
    declaredValues,
    UNLIMITED,
    capacityScope,
    declareGroupCapacity,
    declaredServiceProviderCapacity,
    groupCapacityOnce,
    isGroupCeilingRefusal,
    readGroupCapacity,
    show,
    trunkGroupsTaking,
    within,
} from "../capacityPreview";
import type { OdinClient } from "../client";
import { ODIN_API } from "../config";
import type { GroupCallCapacity, GroupCallCapacityBody } from "../types";
import { GROUP_CAPACITY, GroupTrunkingCapacityInputs } from "./schema";

type Props = Record<string, unknown>;
type Identity = Record<string, string>;

const what = (id: Identity) => `Group ${id.groupId} of ${id.serviceProviderId}`;

function noService(id: Identity): string {
    return (
        `groupId: group ${id.groupId} of ${id.serviceProviderId} does not have the Trunk Group service, so it has no trunking call capacity to set: ` +
        `assign the service to the group first (Odin web UI: the group's services). Nothing was changed.`
    );
}

interface Ceilings {
    calls: number;
    bursting: number;
    /** The ceilings are the ones the program declares for the service provider. */
    declared: boolean;
}

/**
 * Each value against its ceiling, in the words both check and a refused
 * PUT use: the field, the numbers, and which resource raises the ceiling.
 */
export function ceilingFailures(id: Identity, values: DeclaredCapacity, ceilings: Ceilings): CheckFailure[] {
    const out: CheckFailure[] = [];
    const sp = `service provider ${id.serviceProviderId}`;
    const source = ceilings.declared ? `, as this program sets it with a ServiceProviderTrunkingCapacity` : "";
    const raise = ceilings.declared
        ? "or raise that ServiceProviderTrunkingCapacity"
        : `or raise the service provider's with a ServiceProviderTrunkingCapacity for ${id.serviceProviderId} that this resource depends on (dependsOn)`;
    const calls = values.maxActiveCalls;
    if (calls !== undefined && !within(calls, ceilings.calls)) {
        out.push({
            property: "maxActiveCalls",
            reason:
                `maxActiveCalls: ${calls} is above group ${id.groupId}'s ceiling of ${show(ceilings.calls)}, the trunking call capacity of ${sp}${source}. ` +
                `Lower it to at most ${show(ceilings.calls)}, ${raise}. Nothing was changed.`,
        });
    }
    const bursting = values.burstingMaxActiveCalls;
    if (bursting !== undefined && !within(bursting, ceilings.bursting)) {
        out.push({
            property: "burstingMaxActiveCalls",
            reason:
                (bursting === UNLIMITED
                    ? `burstingMaxActiveCalls: -1 (unlimited) is allowed for a group only where the service provider's bursting capacity is unlimited; ${sp}'s is ${show(ceilings.bursting)}${source}. `
                    : `burstingMaxActiveCalls: ${bursting} is above group ${id.groupId}'s bursting ceiling of ${show(ceilings.bursting)}, the bursting trunking call capacity of ${sp}${source}. `) +
                `Lower it to at most ${show(ceilings.bursting)}, ${raise}. Nothing was changed.`,
        });
    }
    return out;
}

function ceilingsOf(cap: GroupCallCapacity, declared: DeclaredCapacity | undefined): Ceilings {
    return {
        calls: declared?.maxActiveCalls ?? cap.maxAvailableActiveCalls,
        bursting: declared?.burstingMaxActiveCalls ?? cap.burstingMaxAvailableActiveCalls,
        declared: declared?.maxActiveCalls !== undefined || declared?.burstingMaxActiveCalls !== undefined,
    };
}

/** A trunk group's profile, for the sum a lowered capacity is compared with. */
const lookup = (c: OdinClient) => (key: { serviceProviderId: string; groupId: string; name: string }) => c.findTrunkGroup(key, () => undefined);

/** Check's one read: the group exists, has the service, and the values fit; the values recorded for the group's TrunkGroups. */
async function preview(s: Session<OdinClient>, checked: Readonly<Props>): Promise<CheckFailure[]> {
    const { serviceProviderId, groupId } = checked;
    if (typeof serviceProviderId !== "string" || typeof groupId !== "string") {
        return [];
    }
    const id: Identity = { serviceProviderId, groupId };
    const c = s.api();
    const scope = capacityScope(s.scope());
    const values = declaredValues(checked);
    declareGroupCapacity(scope, serviceProviderId, groupId, values);
    const read = await groupCapacityOnce(scope, c, serviceProviderId, groupId);
    if (read.kind === "absent") {
        return [{ property: read.missing === "serviceProvider" ? "serviceProviderId" : "groupId", reason: absentMessage(GROUP_CAPACITY, what(id)) }];
    }
    if (read.kind === "noService") {
        return [{ property: "groupId", reason: noService(id) }];
    }
    const failures = ceilingFailures(id, values, ceilingsOf(read.capacity, declaredServiceProviderCapacity(scope, serviceProviderId)));
    if (failures.length === 0 && values.maxActiveCalls !== undefined && values.maxActiveCalls < read.capacity.maxActiveCalls) {
        await warnIfBelowTrunkGroups(s, c, id, read.capacity.maxActiveCalls, values.maxActiveCalls);
    }
    return failures;
}

/** Lowering below what the trunk groups take is allowed (BroadWorks applies it at call time): said, naming them. */
async function warnIfBelowTrunkGroups(s: Session<OdinClient>, c: OdinClient, id: Identity, from: number, to: number): Promise<void> {
    const taking = await trunkGroupsTaking(c, lookup(c), id.serviceProviderId, id.groupId);
    const total = taking.reduce((a, t) => a + t.maxActiveCalls, 0);
    if (total <= to) {
        return;
    }
    const above = taking.filter((t) => t.maxActiveCalls > to).map((t) => t.name);
    s.log(
        "warn",
        `GroupTrunkingCapacity: group ${id.groupId} of ${id.serviceProviderId} goes from ${from} to ${to} calls, below what its trunk groups already take: ` +
            `${total} (${taking.map((t) => `${t.name} ${t.maxActiveCalls}`).join(", ")}). BroadWorks accepts it and applies the limit at call time, ` +
            `so together they will carry at most ${to} calls` +
            (above.length > 0 ? `; ${above.join(", ")} cannot raise maxActiveCalls again until it fits.` : "."),
    );
}

/** The group's capacity, undefined when the group (or its service provider) does not exist. */
async function get(c: OdinClient, id: Identity): Promise<GroupCallCapacity | undefined> {
    const read = await readGroupCapacity(c, id.serviceProviderId, id.groupId);
    if (read.kind === "noService") {
        throw new Error(noService(id));
    }
    return read.kind === "found" ? read.capacity : undefined;
}

/** One PUT of the declared values (none when only restoreOnDelete changed); a refusal above the ceiling in check's words. */
async function put(c: OdinClient, id: Identity, settings: Partial<GroupTrunkingCapacityInputs>): Promise<void> {
    const body: GroupCallCapacityBody = { serviceProviderId: id.serviceProviderId, groupId: id.groupId, ...declaredValues(settings as Props) };
    if (body.maxActiveCalls === undefined && body.burstingMaxActiveCalls === undefined) {
        return;
    }
    try {
        await c.setGroupCallCapacity(body);
    } catch (e) {
        if (isGroupCeilingRefusal(e)) {
            const read = await readGroupCapacity(c, id.serviceProviderId, id.groupId).catch(() => undefined);
            const failures = read?.kind === "found" ? ceilingFailures(id, body, ceilingsOf(read.capacity, undefined)) : [];
            if (failures.length > 0) {
                throw new Error(failures.map((f) => f.reason).join("\n"));
            }
        }
        throw e;
    }
}

export const { handlers, resetForTests } = resourceHandlers({
    ...settingsObject<GroupTrunkingCapacityInputs, OdinClient, GroupCallCapacity>({
        schema: GROUP_CAPACITY,
        api: ODIN_API,
        what,
        get,
        put,
        reported: (cap) => ({ ...cap }),
    }),
    preview,
});
