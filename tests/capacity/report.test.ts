import { expect } from "chai";
import { buildTrunkingCapacityReport, difference, sumCapacity } from "../../provider/capacity/report";
import type { FetchedCapacity, FetchedGroup } from "../../provider/capacity/fetch";
import { formatCapacityTable } from "../../provider/capacity/table";

const cap = (maxActiveCalls: number, burstingMaxActiveCalls: number, burstingMaxAvailableActiveCalls = 5, maxAvailableActiveCalls = 226) => ({
    maxActiveCalls,
    maxAvailableActiveCalls,
    burstingMaxActiveCalls,
    burstingMaxAvailableActiveCalls,
});
const tg = (name: string, maxActiveCalls: number, burstingMaxActiveCalls?: number) => ({ name, maxActiveCalls, burstingMaxActiveCalls });

/** Seed 003's two groups, exactly as its example shows them. */
const seedGroups: FetchedGroup[] = [
    { groupId: "GroupIDA", groupName: "Group A", capacity: cap(13, 2), trunkGroups: [tg("Trunk 1", 1), tg("Trunk 2", 1), tg("Trunk 3", 2)] },
    { groupId: "GroupIDB", groupName: "Group B", capacity: cap(36, 2), trunkGroups: [tg("Trunk 1", 1), tg("Trunk 2", 1), tg("Trunk 3", 9)] },
];
const input = (groups: FetchedGroup[], sp = { maxActiveCalls: 226, burstingMaxActiveCalls: 18 }): FetchedCapacity => ({
    serviceProviderId: "ServiceProviderID",
    capacity: sp,
    groups,
    source: "per-group",
});

const SEED_SP_KEYS = [
    "serviceProviderId",
    "maxActiveCalls",
    "burstingMaxActiveCalls",
    "groupsCallCapacityTotal",
    "groupsBurstingCallCapacityTotal",
    "groups",
    "callCapacityDifference",
    "burstingCallCapacityDifference",
];
const SEED_GROUP_KEYS = [
    "groupId",
    "groupName",
    "maxActiveCalls",
    "burstingMaxAvailableActiveCalls",
    "burstingMaxActiveCalls",
    "trunkGroups",
    "trunkGroupsCallCapacityTotal",
    "trunkGroupsBurstingCallCapacityTotal",
    "callCapacityDifference",
    "burstingCallCapacityDifference",
];

describe("trunking capacity report (pure)", () => {
    it("reproduces seed 003's per-group numbers", () => {
        const r = buildTrunkingCapacityReport(input(seedGroups));
        expect(r.groups.map((g) => [g.trunkGroupsCallCapacityTotal, g.callCapacityDifference])).to.deep.equal([
            [4, 9],
            [11, 25],
        ]);
        expect(r.groups[0].trunkGroups).to.deep.equal([
            { name: "Trunk 1", maxActiveCalls: 1, burstingMaxActiveCalls: 0 },
            { name: "Trunk 2", maxActiveCalls: 1, burstingMaxActiveCalls: 0 },
            { name: "Trunk 3", maxActiveCalls: 2, burstingMaxActiveCalls: 0 },
        ]);
    });

    it("reproduces the seed's SP call numbers (226 − 114 = 112) and corrects its bursting numbers", () => {
        // The seed's example hides groups worth 65 calls; add one so the totals match its 114.
        const rest: FetchedGroup = { groupId: "GroupIDC", groupName: "Group C", capacity: cap(65, 3, 26), trunkGroups: [] };
        const r = buildTrunkingCapacityReport(input([...seedGroups, rest]));
        expect(r.groupsCallCapacityTotal).to.equal(114);
        expect(r.callCapacityDifference).to.equal(112);
        // odins_spear adds the ceilings (5 + 5 + 26 = 36, difference 18 − 36 = −18);
        // the groups' own bursting values add up to 2 + 2 + 3 = 7.
        expect(r.groupsBurstingCallCapacityTotal).to.equal(7);
        expect(r.burstingCallCapacityDifference).to.equal(11);
        // Per group: group bursting − trunk-group bursting (the script always says 0).
        expect(r.groups.map((g) => g.burstingCallCapacityDifference)).to.deep.equal([2, 2, 3]);
    });

    it("keeps the seed's key names and order at every level", () => {
        const r = buildTrunkingCapacityReport(input(seedGroups));
        expect(Object.keys(r).slice(0, SEED_SP_KEYS.length)).to.deep.equal(SEED_SP_KEYS);
        expect(Object.keys(r.groups[0]).slice(0, SEED_GROUP_KEYS.length)).to.deep.equal(SEED_GROUP_KEYS);
        expect(Object.keys(r.groups[0].trunkGroups[0])).to.deep.equal(["name", "maxActiveCalls", "burstingMaxActiveCalls"]);
        expect(Object.keys(JSON.parse(JSON.stringify(r)))).to.deep.equal(Object.keys(r));
    });

    it("adds trunk-group bursting values to the group's bursting total", () => {
        const g: FetchedGroup = { groupId: "G", groupName: "G", capacity: cap(10, 4), trunkGroups: [tg("a", 3, 2), tg("b", 3, 3)] };
        const r = buildTrunkingCapacityReport(input([g]));
        expect(r.groups[0]).to.include({ trunkGroupsBurstingCallCapacityTotal: 5, burstingCallCapacityDifference: -1, burstingCallCapacityOversubscribed: true });
    });

    it("never sums -1 (unlimited) as a number; differences against unlimited are null", () => {
        expect(sumCapacity([10, -1, 5])).to.equal(-1);
        expect(difference(-1, 10)).to.equal(null);
        const g1: FetchedGroup = { groupId: "G1", groupName: "G1", capacity: cap(10, -1, -1), trunkGroups: [tg("a", 4)] };
        const g2: FetchedGroup = { groupId: "G2", groupName: "G2", capacity: cap(20, 5), trunkGroups: [] };
        const r = buildTrunkingCapacityReport(input([g1, g2], { maxActiveCalls: -1, burstingMaxActiveCalls: -1 }));
        expect(r).to.include({
            groupsCallCapacityTotal: 30,
            groupsBurstingCallCapacityTotal: -1,
            callCapacityDifference: null,
            burstingCallCapacityDifference: null,
            callCapacityOversubscribed: false,
        });
        expect(r.groups[0].burstingCallCapacityDifference).to.equal(null);
        expect(r.groups[0].callCapacityDifference).to.equal(6);
    });

    it("reports an empty service provider and a group without trunk groups", () => {
        const empty = buildTrunkingCapacityReport(input([]));
        expect(empty).to.include({ groupsCallCapacityTotal: 0, callCapacityDifference: 226, callCapacityOversubscribed: false });
        const r = buildTrunkingCapacityReport(input([{ groupId: "G", groupName: "G", capacity: cap(8, 0), trunkGroups: [] }]));
        expect(r.groups[0]).to.include({ trunkGroupsCallCapacityTotal: 0, callCapacityDifference: 8, callCapacityOversubscribed: false });
    });

    it("flags oversubscription at each level", () => {
        const g: FetchedGroup = { groupId: "G", groupName: "G", capacity: cap(10, 0), trunkGroups: [tg("a", 8), tg("b", 8)] };
        const r = buildTrunkingCapacityReport(input([g, { ...g, groupId: "H" }], { maxActiveCalls: 15, burstingMaxActiveCalls: 0 }));
        expect(r.groups[0]).to.include({ callCapacityDifference: -6, callCapacityOversubscribed: true });
        expect(r).to.include({ groupsCallCapacityTotal: 20, callCapacityDifference: -5, callCapacityOversubscribed: true });
    });

    it("reports a group without the Trunk Group service explicitly, with no invented zeros", () => {
        const r = buildTrunkingCapacityReport(input([...seedGroups, { groupId: "G3", groupName: "No trunks", capacity: null, trunkGroups: [] }]));
        const g = r.groups[2];
        expect(g).to.include({ trunkGroupService: "notAssigned", maxActiveCalls: null, callCapacityDifference: null, callCapacityOversubscribed: false });
        expect(r.groupsCallCapacityTotal).to.equal(49); // 13 + 36: the unassigned group adds nothing
        expect(formatCapacityTable(r)).to.contain("Group G3 (No trunks): Trunk Group service not assigned");
    });

    it("lists enterprise trunks with their capacity-management limits when given", () => {
        const r = buildTrunkingCapacityReport({
            ...input(seedGroups),
            enterpriseTrunks: [
                { enterpriseTrunkName: "ET1", capacityManagement: { maximumActiveCalls: 40, enabled: true }, trunkGroups: [{ groupId: "GroupIDA", trunkGroupName: "Trunk 1" }] },
                { enterpriseTrunkName: "ET2" },
            ],
        });
        expect(r.enterpriseTrunks).to.deep.equal([
            { name: "ET1", maximumActiveCalls: 40, capacityManagementEnabled: true, trunkGroups: [{ groupId: "GroupIDA", trunkGroupName: "Trunk 1" }] },
            { name: "ET2", maximumActiveCalls: null, capacityManagementEnabled: false, trunkGroups: [] },
        ]);
        expect(buildTrunkingCapacityReport(input(seedGroups))).not.to.have.property("enterpriseTrunks");
    });

    it("prints a table per group with unlimited, n/a and OVER markers", () => {
        const g: FetchedGroup = { groupId: "G", groupName: "Gee", capacity: cap(10, -1, -1), trunkGroups: [tg("a", 8), tg("b", 8)] };
        const text = formatCapacityTable(buildTrunkingCapacityReport(input([g])));
        expect(text).to.contain("Group G (Gee)");
        expect(text).to.match(/difference\s+-6\s+n\/a\s+oversubscribed/);
        expect(text).to.contain("BroadWorks permits this");
        expect(text).to.match(/group capacity\s+10\s+unlimited/);
    });
});
