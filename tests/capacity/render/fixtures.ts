import type { FetchedGroup } from "../../../provider/capacity/fetch";
import type { TrunkingCapacityReport } from "../../../provider/capacity/types";
import { projectedReport, reportOf } from "../../../bench/reportFixtures";

const cap = (maxActiveCalls: number, burstingMaxActiveCalls: number) => ({ maxActiveCalls, maxAvailableActiveCalls: 200, burstingMaxActiveCalls, burstingMaxAvailableActiveCalls: 20 });
const tg = (name: string, maxActiveCalls: number, burstingMaxActiveCalls?: number) => ({ name, maxActiveCalls, ...(burstingMaxActiveCalls ? { burstingMaxActiveCalls } : {}) });

/**
 * Three groups, in the service provider's order: one with unlimited capacity
 * (and a name that is HTML and Markdown), one without the Trunk Group
 * service, and last one whose trunk groups oversubscribe it (35 for 30).
 */
export const THREE_GROUPS: FetchedGroup[] = [
    { groupId: "G2", groupName: `Group <b>Two</b> & "friends" | @team`, capacity: cap(-1, 0), trunkGroups: [tg("SBC Edge", 15)] },
    { groupId: "G3", groupName: "No Service", capacity: null, trunkGroups: [] },
    { groupId: "G1", groupName: "Group One", capacity: cap(30, 5), trunkGroups: [tg("PBX A", 20, 3), tg("PBX B", 15)] },
];

export function threeGroupReport(): TrunkingCapacityReport {
    return reportOf("SP1", { maxActiveCalls: 100, burstingMaxActiveCalls: 10 }, THREE_GROUPS);
}

/**
 * A pending change: PBX A in G1 goes from 10 to 20 calls (G1 becomes
 * oversubscribed), G4 loses "Old PBX" and gains "New PBX", G5 does not move.
 */
export function projectedThreeGroupReport(): TrunkingCapacityReport {
    const sp = { maxActiveCalls: 100, burstingMaxActiveCalls: 10 };
    const now = reportOf("SP1", sp, [
        { groupId: "G1", groupName: "Group One", capacity: cap(30, 5), trunkGroups: [tg("PBX A", 10, 3), tg("PBX B", 15)] },
        { groupId: "G4", groupName: "Group Four", capacity: cap(40, 0), trunkGroups: [tg("Old PBX", 8), tg("Keep", 4)] },
        { groupId: "G5", groupName: "Group Five", capacity: cap(20, 0), trunkGroups: [tg("Steady", 5)] },
    ]);
    const after = reportOf("SP1", sp, [
        { groupId: "G1", groupName: "Group One", capacity: cap(30, 5), trunkGroups: [tg("PBX A", 20, 3), tg("PBX B", 15)] },
        { groupId: "G4", groupName: "Group Four", capacity: cap(40, 0), trunkGroups: [tg("Keep", 4), tg("New PBX", 12)] },
        { groupId: "G5", groupName: "Group Five", capacity: cap(20, 0), trunkGroups: [tg("Steady", 5)] },
    ]);
    return projectedReport(now, after);
}

/** The report of the screenshot in docs/: a preview that adds a trunk group and resizes another, beside every kind of group. */
export function showcaseReport(): TrunkingCapacityReport {
    const sp = { maxActiveCalls: 400, burstingMaxActiveCalls: 40 };
    const common: FetchedGroup[] = [
        { groupId: "G200", groupName: "Warehouse North", capacity: cap(30, 0), trunkGroups: [tg("Warehouse PBX", 26)] },
        { groupId: "G400", groupName: "Test Lab", capacity: cap(-1, 0), trunkGroups: [tg("SIPp load", 15)] },
        { groupId: "G500", groupName: "Legacy Branch", capacity: null, trunkGroups: [] },
        { groupId: "G600", groupName: "Branch West", capacity: cap(40, 5), trunkGroups: [tg("PBX West", 30, 5), tg("Fax gateway", 15)] },
    ];
    const now = reportOf("SP-ACME", sp, [
        { groupId: "G100", groupName: "Head Office", capacity: cap(120, 20), trunkGroups: [tg("SBC Primary", 60, 10), tg("SBC Secondary", 40, 10)] },
        { groupId: "G300", groupName: "Retail East", capacity: cap(50, 0), trunkGroups: [tg("Store PBX", 10), tg("Kiosk", 4)] },
        ...common,
    ]);
    const after = reportOf("SP-ACME", sp, [
        { groupId: "G100", groupName: "Head Office", capacity: cap(120, 20), trunkGroups: [tg("SBC Primary", 60, 10), tg("SBC Secondary", 40, 10), tg("Contact Centre", 30)] },
        { groupId: "G300", groupName: "Retail East", capacity: cap(50, 0), trunkGroups: [tg("Store PBX", 20), tg("Kiosk", 4)] },
        ...common,
    ]);
    return projectedReport(now, after);
}
