import { OdinClient } from "../provider/odin/client";

/**
 * The way users get this report today: odins_spear's
 * service_provider_trunking_capacity, ported call for call:
 * sequential, one request at a time, N+1 per group, bugs included (bursting
 * totals from the ceiling, a bursting difference that is always 0, errors
 * turned into zeros). Kept only as the benchmark's baseline.
 */
export async function odinsSpearTrunkingCapacity(client: OdinClient, serviceProviderId: string): Promise<Record<string, unknown>> {
    const sp = await client.getServiceProviderCallCapacity(serviceProviderId);
    const report: Record<string, any> = {
        serviceProviderId,
        maxActiveCalls: sp.maxActiveCalls,
        burstingMaxActiveCalls: sp.burstingMaxActiveCalls,
        groupsCallCapacityTotal: 0,
        groupsBurstingCallCapacityTotal: 0,
        groups: [] as Record<string, any>[],
        callCapacityDifference: 0,
        burstingCallCapacityDifference: 0,
    };
    const groups = await client.listGroups(serviceProviderId);
    for (const g of groups) {
        const entry: Record<string, any> = { groupId: g.groupId, groupName: g.groupName };
        try {
            const cap = await client.getGroupCallCapacity(serviceProviderId, g.groupId);
            entry.maxActiveCalls = cap.maxActiveCalls;
            entry.burstingMaxAvailableActiveCalls = cap.burstingMaxAvailableActiveCalls;
            entry.burstingMaxActiveCalls = cap.burstingMaxActiveCalls;
            report.groupsCallCapacityTotal += cap.maxActiveCalls;
            report.groupsBurstingCallCapacityTotal += cap.burstingMaxAvailableActiveCalls;
        } catch {
            entry.maxActiveCalls = 0;
            entry.burstingMaxAvailableActiveCalls = 0;
            entry.burstingMaxActiveCalls = 0;
        }
        entry.trunkGroups = [];
        report.groups.push(entry);
    }
    for (const entry of report.groups) {
        entry.trunkGroupsCallCapacityTotal = 0;
        entry.trunkGroupsBurstingCallCapacityTotal = 0;
        try {
            const trunks = await client.listTrunkGroups(serviceProviderId, entry.groupId);
            for (const t of trunks) {
                // The script takes whatever comes back.
                const tg = await client.getTrunkGroup({ serviceProviderId, groupId: entry.groupId, name: String(t.name) }, () => undefined);
                entry.trunkGroups.push({ name: tg.name, maxActiveCalls: tg.maxActiveCalls, burstingMaxActiveCalls: tg.burstingMaxActiveCalls ?? 0 });
                entry.trunkGroupsCallCapacityTotal += tg.maxActiveCalls ?? 0;
            }
            entry.callCapacityDifference = entry.maxActiveCalls - entry.trunkGroupsCallCapacityTotal;
            entry.burstingCallCapacityDifference = entry.trunkGroupsBurstingCallCapacityTotal - entry.trunkGroupsBurstingCallCapacityTotal;
        } catch {
            entry.trunkGroupsCallCapacityTotal = 0;
            entry.trunkGroupsBurstingCallCapacityTotal = 0;
            entry.callCapacityDifference = 0;
            entry.burstingCallCapacityDifference = 0;
        }
    }
    report.callCapacityDifference = report.maxActiveCalls - report.groupsCallCapacityTotal;
    report.burstingCallCapacityDifference = report.burstingMaxActiveCalls - report.groupsBurstingCallCapacityTotal;
    return report;
}
