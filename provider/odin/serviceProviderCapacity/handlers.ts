/**
 * ServiceProviderTrunkingCapacity on the settings pattern (kit/existing.ts):
 * GET and PUT /service-providers/trunk-groups/call-capacity. Before any write
 * (check, one read per service provider per command): it exists and has the
 * Trunk Group service; the values are recorded for the GroupTrunkingCapacities
 * checked after it (their ceilings). A capacity lowered below what its groups
 * already take is a warning naming them: BroadWorks accepts it.
 */
import type { CheckFailure } from "../../util/check";
import { absentMessage, settingsObject } from "../../kit/existing";
import { Session, resourceHandlers } from "../../kit/handlers";
import { DeclaredCapacity, UNLIMITED, declaredValues, capacityScope, declareServiceProviderCapacity, readServiceProviderCapacity, serviceProviderCapacityOnce, show } from "../capacityPreview";
import type { OdinClient } from "../client";
import { ODIN_API } from "../config";
import { isServiceNotAssigned } from "../errors";
import type { ServiceProviderCallCapacity, ServiceProviderCallCapacityBody } from "../types";
import { SERVICE_PROVIDER_CAPACITY, ServiceProviderTrunkingCapacityInputs } from "./schema";

type Props = Record<string, unknown>;
type Identity = Record<string, string>;

const what = (id: Identity) => `Service provider ${id.serviceProviderId}`;

function noService(id: Identity): string {
    return (
        `serviceProviderId: service provider ${id.serviceProviderId} does not have the Trunk Group service, so it has no trunking call capacity to set: ` +
        `authorize the service for it first. Nothing was changed.`
    );
}


/** Lower than before: a number below the old one, or any number where it was unlimited. */
const lowered = (to: number | undefined, from: number): to is number => to !== undefined && to !== UNLIMITED && (from === UNLIMITED || to < from);

async function preview(s: Session<OdinClient>, checked: Readonly<Props>): Promise<CheckFailure[]> {
    const { serviceProviderId } = checked;
    if (typeof serviceProviderId !== "string") {
        return [];
    }
    const id: Identity = { serviceProviderId };
    const c = s.api();
    const scope = capacityScope(s.scope());
    const values = declaredValues(checked);
    declareServiceProviderCapacity(scope, serviceProviderId, values);
    const read = await serviceProviderCapacityOnce(scope, c, serviceProviderId);
    if (read.kind === "absent") {
        return [{ property: "serviceProviderId", reason: absentMessage(SERVICE_PROVIDER_CAPACITY, what(id)) }];
    }
    if (read.kind === "noService") {
        return [{ property: "serviceProviderId", reason: noService(id) }];
    }
    const now = read.capacity;
    if (lowered(values.maxActiveCalls, now.maxActiveCalls) || lowered(values.burstingMaxActiveCalls, now.burstingMaxActiveCalls)) {
        await warnIfBelowGroups(s, c, id, now, values);
    }
    return [];
}

interface GroupShare {
    groupId: string;
    maxActiveCalls: number;
    burstingMaxActiveCalls: number;
}

/** Every group's capacity: the one-call report where the server has it, else one read per group. Groups without the service take nothing. */
async function groupShares(c: OdinClient, serviceProviderId: string): Promise<GroupShare[]> {
    const report = await c.getCallCapacityReport(serviceProviderId).catch(() => undefined);
    if (report?.groups) {
        return report.groups.flatMap((g): GroupShare[] => {
            const cap = g.groupTrunkCapacity;
            return cap && g.service?.assigned !== false ? [{ groupId: g.groupId, maxActiveCalls: cap.maxActiveCalls, burstingMaxActiveCalls: cap.burstingMaxActiveCalls }] : [];
        });
    }
    const groups = await c.listGroups(serviceProviderId);
    const caps = await Promise.all(
        groups.map((g) =>
            c.getGroupCallCapacity(serviceProviderId, g.groupId).then(
                (cap): GroupShare => ({ groupId: g.groupId, maxActiveCalls: cap.maxActiveCalls, burstingMaxActiveCalls: cap.burstingMaxActiveCalls }),
                (e) => {
                    if (isServiceNotAssigned(e)) {
                        return undefined;
                    }
                    throw e;
                },
            ),
        ),
    );
    return caps.filter((x) => x !== undefined);
}

/** Lowering below what the groups take is allowed (the sum is never checked, each group keeps its value): said, naming them. */
async function warnIfBelowGroups(s: Session<OdinClient>, c: OdinClient, id: Identity, now: ServiceProviderCallCapacity, values: DeclaredCapacity): Promise<void> {
    const shares = await groupShares(c, id.serviceProviderId);
    for (const [field, label] of [
        ["maxActiveCalls", "calls"],
        ["burstingMaxActiveCalls", "bursting calls"],
    ] as const) {
        const to = values[field];
        if (!lowered(to, now[field])) {
            continue;
        }
        const unlimited = shares.filter((g) => g[field] === UNLIMITED);
        const total = shares.reduce((a, g) => a + (g[field] === UNLIMITED ? 0 : g[field]), 0);
        if (total <= to && unlimited.length === 0) {
            continue;
        }
        const above = shares.filter((g) => g[field] === UNLIMITED || g[field] > to).map((g) => g.groupId);
        s.log(
            "warn",
            `ServiceProviderTrunkingCapacity: service provider ${id.serviceProviderId} goes from ${show(now[field])} to ${to} ${label}, below what its groups already take: ` +
                `${unlimited.length > 0 ? "unlimited" : total} (${shares.map((g) => `${g.groupId} ${show(g[field])}`).join(", ")}). BroadWorks accepts it and applies the limit at call time` +
                (above.length > 0 ? `; ${above.join(", ")} ${above.length === 1 ? "keeps its capacity above the new ceiling and" : "keep their capacities above the new ceiling and"} cannot raise it again until it fits.` : "."),
        );
    }
}

async function get(c: OdinClient, id: Identity): Promise<ServiceProviderCallCapacity | undefined> {
    const read = await readServiceProviderCapacity(c, id.serviceProviderId);
    if (read.kind === "noService") {
        throw new Error(noService(id));
    }
    return read.kind === "found" ? read.capacity : undefined;
}

/** One PUT of the declared values (none when only restoreOnDelete changed). */
async function put(c: OdinClient, id: Identity, settings: Partial<ServiceProviderTrunkingCapacityInputs>): Promise<void> {
    const body: ServiceProviderCallCapacityBody = { serviceProviderId: id.serviceProviderId, ...declaredValues(settings as Props) };
    if (body.maxActiveCalls !== undefined || body.burstingMaxActiveCalls !== undefined) {
        await c.setServiceProviderCallCapacity(body);
    }
}

export const { handlers, resetForTests } = resourceHandlers({
    ...settingsObject<ServiceProviderTrunkingCapacityInputs, OdinClient, ServiceProviderCallCapacity>({
        schema: SERVICE_PROVIDER_CAPACITY,
        api: ODIN_API,
        what,
        get,
        put,
        reported: (cap) => ({ ...cap }),
    }),
    preview,
});
