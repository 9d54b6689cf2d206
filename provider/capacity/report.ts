import type { FetchedCapacity, FetchedGroup } from "./fetch";
import type { EnterpriseTrunkCapacityLine, GroupCapacityReport, TrunkingCapacityReport } from "./types";

export const UNLIMITED = -1;

/** A sum in which one unlimited term makes the whole unlimited; -1 is never added as a number. */
export function sumCapacity(values: number[]): number {
    return values.some((v) => v === UNLIMITED) ? UNLIMITED : values.reduce((a, b) => a + b, 0);
}

/** capacity − allocated, or null when either is unlimited: "unlimited minus 40" is not a number. */
export function difference(capacity: number | null, allocated: number): number | null {
    if (capacity === null || capacity === UNLIMITED || allocated === UNLIMITED) {
        return null;
    }
    return capacity - allocated;
}

function oversubscribed(capacity: number | null, allocated: number): boolean {
    if (capacity === null || capacity === UNLIMITED) {
        return false;
    }
    return allocated === UNLIMITED || allocated > capacity;
}

/**
 * Builds the report from what the API returned. Pure: no I/O, no errors to
 * swallow. Where it differs from odins_spear's script (service_provider_trunking_capacity):
 * - bursting totals add the bursting values themselves (the script adds each
 *   group's burstingMaxAvailableActiveCalls ceiling, and never adds trunk-group
 *   bursting at all);
 * - the per-group bursting difference is group bursting − trunk-group bursting
 *   (the script computes total − total, always 0);
 * - -1 (unlimited) is never summed as a number; a total with an unlimited term
 *   is unlimited and any difference against unlimited is null;
 * - a group without the Trunk Group service is reported as such, with null
 *   capacities, instead of zeros, and adds nothing to the totals; a service
 *   provider without it likewise (null capacities, `trunkGroupService`);
 * - with a group filter, the totals still cover every group (the filter
 *   narrows what is listed, not what is summed);
 * - errors never become zeros: the fetch layer fails instead.
 */
export function buildTrunkingCapacityReport(input: FetchedCapacity): TrunkingCapacityReport {
    // Totals over every group; the list shows the filtered ones only.
    const assigned = input.groups.filter((g) => g.capacity !== null).map((g) => g.capacity!);
    const groupsTotal = sumCapacity(assigned.map((c) => c.maxActiveCalls));
    const groupsBursting = sumCapacity(assigned.map((c) => c.burstingMaxActiveCalls));
    const shown = input.shownGroupIds ? new Set(input.shownGroupIds) : undefined;
    const groups = (shown ? input.groups.filter((g) => shown.has(g.groupId)) : input.groups).map(groupReport);
    const sp = input.capacity;
    const spCalls = sp ? sp.maxActiveCalls : null;
    const spBursting = sp ? sp.burstingMaxActiveCalls : null;
    const report: TrunkingCapacityReport = {
        serviceProviderId: input.serviceProviderId,
        maxActiveCalls: spCalls,
        burstingMaxActiveCalls: spBursting,
        groupsCallCapacityTotal: groupsTotal,
        groupsBurstingCallCapacityTotal: groupsBursting,
        groups,
        callCapacityDifference: difference(spCalls, groupsTotal),
        burstingCallCapacityDifference: difference(spBursting, groupsBursting),
        trunkGroupService: sp ? "assigned" : "notAssigned",
        ...(input.isEnterprise !== undefined ? { isEnterprise: input.isEnterprise } : {}),
        callCapacityOversubscribed: oversubscribed(spCalls, groupsTotal),
        burstingCallCapacityOversubscribed: oversubscribed(spBursting, groupsBursting),
        ...(input.shownGroupIds ? { groupFilter: { groupIds: [...input.shownGroupIds], groupsInServiceProvider: input.groups.length } } : {}),
    };
    if (input.enterpriseTrunks) {
        report.enterpriseTrunks = input.enterpriseTrunks.map(
            (t): EnterpriseTrunkCapacityLine => ({
                name: t.enterpriseTrunkName,
                ...(t.groupId !== undefined ? { groupId: t.groupId } : {}),
                maximumActiveCalls: typeof t.capacityManagement?.maximumActiveCalls === "number" ? t.capacityManagement.maximumActiveCalls : null,
                capacityManagementEnabled: t.capacityManagement?.enabled === true,
                trunkGroups: t.trunkGroups ?? [],
            }),
        );
    }
    return report;
}

function groupReport(g: FetchedGroup): GroupCapacityReport {
    const trunkGroups = g.trunkGroups.map((t) => ({
        name: String(t.name),
        maxActiveCalls: t.maxActiveCalls,
        burstingMaxActiveCalls: t.burstingMaxActiveCalls ?? 0,
    }));
    const total = trunkGroups.reduce((a, t) => a + t.maxActiveCalls, 0);
    const burstingTotal = trunkGroups.reduce((a, t) => a + t.burstingMaxActiveCalls, 0);
    const cap = g.capacity;
    return {
        groupId: g.groupId,
        groupName: g.groupName,
        maxActiveCalls: cap ? cap.maxActiveCalls : null,
        burstingMaxAvailableActiveCalls: cap ? cap.burstingMaxAvailableActiveCalls : null,
        burstingMaxActiveCalls: cap ? cap.burstingMaxActiveCalls : null,
        trunkGroups,
        trunkGroupsCallCapacityTotal: total,
        trunkGroupsBurstingCallCapacityTotal: burstingTotal,
        callCapacityDifference: difference(cap ? cap.maxActiveCalls : null, total),
        burstingCallCapacityDifference: difference(cap ? cap.burstingMaxActiveCalls : null, burstingTotal),
        trunkGroupService: cap ? "assigned" : "notAssigned",
        maxAvailableActiveCalls: cap ? cap.maxAvailableActiveCalls : null,
        callCapacityOversubscribed: oversubscribed(cap ? cap.maxActiveCalls : null, total),
        burstingCallCapacityOversubscribed: oversubscribed(cap ? cap.burstingMaxActiveCalls : null, burstingTotal),
    };
}
