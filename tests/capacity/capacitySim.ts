/**
 * The Odin simulator set up for a capacity test from a compact description:
 * one service provider (or enterprise), its groups with their capacities and
 * trunk groups, its enterprise trunks, and the report variant the server
 * offers. Capacities left out mean the Trunk Group service is not assigned.
 */
import type { RequestLogEntry } from "../../provider/simulator/core";
import { OdinSeed, OdinSimulator, SeedEnterpriseTrunk, startOdinSimulator } from "../../provider/simulator";

export interface CapacityTrunkGroup {
    name: string;
    maxActiveCalls: number;
    enableBursting?: boolean;
    burstingMaxActiveCalls?: number;
}

export interface CapacityGroup {
    groupId: string;
    groupName: string;
    /** Absent: the group lacks the Trunk Group service. */
    capacity?: { maxActiveCalls: number; burstingMaxActiveCalls: number };
    trunkGroups?: CapacityTrunkGroup[];
    /** Group-level enterprise trunks (a service provider's). */
    enterpriseTrunks?: SeedEnterpriseTrunk[];
}

export interface CapacitySimOptions {
    serviceProviderId: string;
    isEnterprise: boolean;
    /** Absent: the service provider lacks the Trunk Group service (400 on its call-capacity GET and report). */
    capacity?: { maxActiveCalls: number; burstingMaxActiveCalls: number };
    groups: CapacityGroup[];
    /** Enterprise-level trunks (an enterprise's). */
    enterpriseTrunks?: SeedEnterpriseTrunk[];
    /** "rows": report with groupTrunkGroupDetails; "groupsOnly": the documented shape; "absent": no report endpoint. */
    report: "rows" | "groupsOnly" | "absent";
    /** A trunk group's GET with bursting off keeps the stale burstingMaxActiveCalls. */
    keepBurstingWhenOff?: boolean;
    /** Enterprise-trunk lists: "summary" (the real API) or "full" records. */
    enterpriseTrunkList?: "summary" | "full";
    latencyMs?: number;
}

export const LOGIN = { username: "u", password: "Program-Passw0rd" };

export interface CapacitySim {
    sim: OdinSimulator;
    url: string;
    /** The requests after the login, in arrival order. */
    requests(): RequestLogEntry[];
    /** The most requests being served at once since the last reset (the login excluded: it goes alone). */
    maxInFlight(): number;
    resetPeak(): void;
    close(): Promise<void>;
}

export function capacitySeed(o: CapacitySimOptions): OdinSeed {
    return {
        logins: [LOGIN],
        serviceProviders: [
            {
                serviceProviderId: o.serviceProviderId,
                isEnterprise: o.isEnterprise,
                trunkGroupService: o.capacity !== undefined,
                ...(o.capacity ? { trunkGroupCallCapacity: o.capacity } : {}),
                groups: o.groups.map((g) => ({
                    groupId: g.groupId,
                    groupName: g.groupName,
                    trunkGroupService: g.capacity !== undefined,
                    ...(g.capacity ? { trunkGroupCallCapacity: g.capacity } : {}),
                    trunkGroups: (g.trunkGroups ?? []).map((t) => ({ ...t })),
                })),
                enterpriseTrunks: [...(o.enterpriseTrunks ?? []), ...o.groups.flatMap((g) => (g.enterpriseTrunks ?? []).map((et) => ({ ...et, groupId: g.groupId })))],
            },
        ],
    };
}

export async function startCapacitySim(o: CapacitySimOptions): Promise<CapacitySim> {
    const sim = await startOdinSimulator({
        seed: capacitySeed(o),
        capacityReport: o.report === "rows" ? "withTrunkGroups" : o.report === "groupsOnly" ? "groupsOnly" : "none",
        keepBurstingWhenOff: o.keepBurstingWhenOff,
        enterpriseTrunkList: o.enterpriseTrunkList,
        latencyMs: o.latencyMs,
    });
    return {
        sim,
        url: sim.url,
        requests: () => sim.requests().filter((r) => r.path !== "/auth/token"),
        maxInFlight: () => sim.throttleStats().peakInFlight,
        resetPeak: () => sim.resetThrottleStats(),
        close: () => sim.close(),
    };
}
