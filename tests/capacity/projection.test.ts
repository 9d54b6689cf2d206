import { expect } from "chai";
import type { FetchedCapacity } from "../../provider/capacity/fetch";
import { NO_EXEMPTIONS, denial, oversubscriptions, parsePolicy } from "../../provider/capacity/policy";
import { GROUP_CAPACITY_TYPE, ManagedResource, ProgramChanges, SERVICE_PROVIDER_CAPACITY_TYPE, TRUNK_GROUP_TYPE, projectedReport } from "../../provider/capacity/projection";
import { buildTrunkingCapacityReport } from "../../provider/capacity/report";

/** SP1 120/20; G1 30/10 with A 20 and B 8 (bursting 4); G2 40/0 with C 10; G3 without the service. */
function live(): FetchedCapacity {
    return {
        serviceProviderId: "SP1",
        capacity: { serviceProviderId: "SP1", maxActiveCalls: 120, burstingMaxActiveCalls: 20 },
        groups: [
            {
                groupId: "G1",
                groupName: "Group One",
                capacity: { maxActiveCalls: 30, maxAvailableActiveCalls: 120, burstingMaxActiveCalls: 10, burstingMaxAvailableActiveCalls: 20 },
                trunkGroups: [
                    { name: "A", maxActiveCalls: 20 },
                    { name: "B", maxActiveCalls: 8, burstingMaxActiveCalls: 4 },
                ],
            },
            {
                groupId: "G2",
                groupName: "Group Two",
                capacity: { maxActiveCalls: 40, maxAvailableActiveCalls: 120, burstingMaxActiveCalls: 0, burstingMaxAvailableActiveCalls: 20 },
                trunkGroups: [{ name: "C", maxActiveCalls: 10 }],
            },
            { groupId: "G3", groupName: "No Trunking", capacity: null, trunkGroups: [] },
        ],
        source: "per-group",
    };
}

const urn = (type: string, name: string) => `urn:pulumi:dev::p::${type}::${name}`;
const tgUrn = (name: string) => urn(TRUNK_GROUP_TYPE, name);
const managedTg = (name: string, outputs: Record<string, unknown>): ManagedResource => ({ urn: tgUrn(name), type: TRUNK_GROUP_TYPE, outputs: { serviceProviderId: "SP1", ...outputs } });
/** The stack manages A (as "a") and B (as "b") in G1. */
const MANAGED = [managedTg("a", { groupId: "G1", name: "A", maxActiveCalls: 20 }), managedTg("b", { groupId: "G1", name: "B", maxActiveCalls: 8, enableBursting: true, burstingMaxActiveCalls: 4 })];
const declaredA = { urn: tgUrn("a"), serviceProviderId: "SP1", groupId: "G1", name: "A", maxActiveCalls: 20 };
const declaredB = { urn: tgUrn("b"), serviceProviderId: "SP1", groupId: "G1", name: "B", maxActiveCalls: 8, enableBursting: true, burstingMaxActiveCalls: 4 };

function changes(over: Partial<ProgramChanges> = {}): ProgramChanges {
    return { trunkGroups: [declaredA, declaredB], groupCapacities: [], serviceProviderCapacities: [], managed: MANAGED, ...over };
}

/** The report BroadWorks would give once the change is made, for comparison (no `before`, not projected). */
function after(edit: (f: FetchedCapacity) => void): ReturnType<typeof buildTrunkingCapacityReport> {
    const f = live();
    edit(f);
    return buildTrunkingCapacityReport(f);
}

/** The numbers of a report, without what only a projection carries. */
function numbers(r: ReturnType<typeof buildTrunkingCapacityReport>) {
    const { projected: _p, before: _b, ...rest } = r;
    return { ...rest, groups: rest.groups.map(({ before: _gb, ...g }) => ({ ...g, trunkGroups: [...g.trunkGroups].sort((x, y) => x.name.localeCompare(y.name)) })) };
}

describe("projected capacity report (pure)", () => {
    it("nothing pending: the live numbers, projected, with no before anywhere", () => {
        const r = projectedReport(live(), changes());
        expect(r.projected).to.equal(true);
        expect(r.before).to.equal(undefined);
        expect(r.groups.every((g) => g.before === undefined)).to.equal(true);
        expect(numbers(r)).to.deep.equal(numbers(buildTrunkingCapacityReport(live())));
    });

    it("an update (B from 8 to 9 calls): the group's total moves, before holds the old line, the service provider does not move", () => {
        const r = projectedReport(live(), changes({ trunkGroups: [declaredA, { ...declaredB, maxActiveCalls: 9 }] }));
        const g1 = r.groups[0];
        expect(g1.trunkGroups).to.deep.equal([
            { name: "A", maxActiveCalls: 20, burstingMaxActiveCalls: 0 },
            { name: "B", maxActiveCalls: 9, burstingMaxActiveCalls: 4 },
        ]);
        expect(g1.trunkGroupsCallCapacityTotal).to.equal(29);
        expect(g1.before!.trunkGroupsCallCapacityTotal).to.equal(28);
        expect(g1.before!.trunkGroups.find((t) => t.name === "B")!.maxActiveCalls).to.equal(8);
        expect(r.groups[1].before).to.equal(undefined);
        expect(r.before).to.equal(undefined);
        expect(numbers(r)).to.deep.equal(numbers(after((f) => (f.groups[0].trunkGroups[1].maxActiveCalls = 9))));
    });

    it("a create: a new line in its group, which becomes oversubscribed", () => {
        const created = { urn: tgUrn("d"), serviceProviderId: "SP1", groupId: "G1", name: "D", maxActiveCalls: 5 };
        const r = projectedReport(live(), changes({ trunkGroups: [declaredA, declaredB, created] }));
        const g1 = r.groups[0];
        expect(g1.trunkGroups.map((t) => t.name)).to.deep.equal(["A", "B", "D"]);
        expect(g1.callCapacityOversubscribed).to.equal(true);
        expect(g1.before!.callCapacityOversubscribed).to.equal(false);
        expect(numbers(r)).to.deep.equal(numbers(after((f) => f.groups[0].trunkGroups.push({ name: "D", maxActiveCalls: 5 }))));
    });

    it("a delete: a trunk group the stack manages and the program no longer declares leaves its group; one it never managed stays", () => {
        const r = projectedReport(live(), changes({ trunkGroups: [declaredA] }));
        expect(r.groups[0].trunkGroups.map((t) => t.name)).to.deep.equal(["A"]);
        expect(r.groups[0].before!.trunkGroups.map((t) => t.name)).to.deep.equal(["A", "B"]);
        // C is not the stack's: it stays.
        expect(r.groups[1].trunkGroups.map((t) => t.name)).to.deep.equal(["C"]);
        expect(numbers(r)).to.deep.equal(numbers(after((f) => f.groups[0].trunkGroups.splice(1, 1))));
    });

    it("a rename (the URN the stack holds, under another name) and a move to another group", () => {
        const r = projectedReport(live(), changes({ trunkGroups: [{ ...declaredA, name: "A2" }, { ...declaredB, groupId: "G2" }] }));
        expect(r.groups[0].trunkGroups.map((t) => t.name)).to.deep.equal(["A2"]);
        // B keeps its bursting where it goes.
        expect(r.groups[1].trunkGroups).to.deep.equal([
            { name: "C", maxActiveCalls: 10, burstingMaxActiveCalls: 0 },
            { name: "B", maxActiveCalls: 8, burstingMaxActiveCalls: 4 },
        ]);
        expect(r.groups[1].burstingCallCapacityOversubscribed).to.equal(true);
    });

    it("a declaration that leaves bursting out keeps the bursting the trunk group has", () => {
        const { enableBursting: _e, burstingMaxActiveCalls: _b, ...bare } = declaredB;
        const r = projectedReport(live(), changes({ trunkGroups: [declaredA, bare], managed: [MANAGED[0], managedTg("b", { groupId: "G1", name: "B", maxActiveCalls: 8 })] }));
        expect(r.groups[0].trunkGroups[1]).to.deep.equal({ name: "B", maxActiveCalls: 8, burstingMaxActiveCalls: 4 });
        expect(r.groups[0].before).to.equal(undefined);
    });

    it("a capacity change: the group's capacity, and the service provider's, which moves every group's ceilings and the service provider's numbers", () => {
        const r = projectedReport(
            live(),
            changes({
                groupCapacities: [{ urn: urn(GROUP_CAPACITY_TYPE, "g1"), serviceProviderId: "SP1", groupId: "G1", maxActiveCalls: 35 }],
                serviceProviderCapacities: [{ urn: urn(SERVICE_PROVIDER_CAPACITY_TYPE, "sp"), serviceProviderId: "SP1", maxActiveCalls: 70, burstingMaxActiveCalls: -1 }],
            }),
        );
        expect(r.groups[0]).to.deep.include({ maxActiveCalls: 35, maxAvailableActiveCalls: 70, callCapacityDifference: 7 });
        expect(r.groups[0].before!.maxActiveCalls).to.equal(30);
        expect(r.groups[1].maxAvailableActiveCalls).to.equal(70);
        expect(r.groups[1].before).to.equal(undefined);
        expect(r).to.deep.include({ maxActiveCalls: 70, burstingMaxActiveCalls: -1, groupsCallCapacityTotal: 75, callCapacityOversubscribed: true });
        expect(r.before).to.deep.equal({
            maxActiveCalls: 120,
            burstingMaxActiveCalls: 20,
            groupsCallCapacityTotal: 70,
            groupsBurstingCallCapacityTotal: 10,
            callCapacityOversubscribed: false,
            burstingCallCapacityOversubscribed: false,
        });
        expect(numbers(r)).to.deep.equal(
            numbers(
                after((f) => {
                    f.capacity = { ...f.capacity!, maxActiveCalls: 70, burstingMaxActiveCalls: -1 };
                    f.groups[0].capacity = { ...f.groups[0].capacity!, maxActiveCalls: 35, maxAvailableActiveCalls: 70, burstingMaxAvailableActiveCalls: -1 };
                    f.groups[1].capacity = { ...f.groups[1].capacity!, maxAvailableActiveCalls: 70, burstingMaxAvailableActiveCalls: -1 };
                }),
            ),
        );
    });

    it("a capacity resource dropped from the program: left as it is, unless restoreOnDelete puts back what it found", () => {
        const kept: ManagedResource = { urn: urn(GROUP_CAPACITY_TYPE, "g1"), type: GROUP_CAPACITY_TYPE, outputs: { serviceProviderId: "SP1", groupId: "G1", maxActiveCalls: 30, restoreOnDelete: false, foundAtCreate: { maxActiveCalls: 12 } } };
        expect(projectedReport(live(), changes({ managed: [...MANAGED, kept] })).groups[0].maxActiveCalls).to.equal(30);
        const restoring = { ...kept, outputs: { ...kept.outputs, restoreOnDelete: true } };
        const r = projectedReport(live(), changes({ managed: [...MANAGED, restoring] }));
        expect(r.groups[0].maxActiveCalls).to.equal(12);
        expect(r.groups[0].before!.maxActiveCalls).to.equal(30);
    });

    it("other service providers' resources and a group without the service change nothing", () => {
        const r = projectedReport(
            live(),
            changes({
                trunkGroups: [declaredA, declaredB, { urn: tgUrn("x"), serviceProviderId: "SP2", groupId: "G1", name: "X", maxActiveCalls: 1 }, { urn: tgUrn("y"), serviceProviderId: "SP1", groupId: "G3", name: "Y", maxActiveCalls: 1 }],
                groupCapacities: [{ urn: urn(GROUP_CAPACITY_TYPE, "g3"), serviceProviderId: "SP1", groupId: "G3", maxActiveCalls: 5 }],
            }),
        );
        expect(numbers(r)).to.deep.equal(numbers(buildTrunkingCapacityReport(live())));
    });

    it("with a group filter, the unlisted groups' lines stay out while their capacities still count in the totals", () => {
        const filtered = { ...live(), shownGroupIds: ["G2"] };
        filtered.groups[0].trunkGroups = [];
        const r = projectedReport(filtered, changes({ groupCapacities: [{ urn: urn(GROUP_CAPACITY_TYPE, "g1"), serviceProviderId: "SP1", groupId: "G1", maxActiveCalls: 60 }] }));
        expect(r.groups.map((g) => g.groupId)).to.deep.equal(["G2"]);
        expect(r.groupsCallCapacityTotal).to.equal(100);
        expect(r.before!.groupsCallCapacityTotal).to.equal(70);
    });
});

describe("oversubscription policy (pure)", () => {
    it("reads warn, deny or allow (warn when unset) and refuses anything else naming the key", () => {
        expect(parsePolicy(undefined)).to.equal("warn");
        expect(parsePolicy(" Deny ")).to.equal("deny");
        expect(parsePolicy("allow")).to.equal("allow");
        expect(() => parsePolicy("block")).to.throw('odin:oversubscription must be one of "warn", "deny", "allow" (default "warn"), got "block"');
    });

    it("one line per oversubscribed group and for the service provider, with the numbers; exempt ones left out", () => {
        const f = live();
        f.groups[0].trunkGroups.push({ name: "D", maxActiveCalls: 5 });
        f.capacity!.maxActiveCalls = 60;
        const report = { ...buildTrunkingCapacityReport(f), projected: true };
        const lines = oversubscriptions(report, NO_EXEMPTIONS);
        expect(lines).to.deep.equal([
            "service provider SP1 will be oversubscribed: its groups are given 70 calls against its capacity of 60",
            "group G1 (Group One) will be oversubscribed: its trunk groups take 33 calls against a capacity of 30 (A 20, B 8, D 5)",
        ]);
        expect(oversubscriptions(report, { serviceProvider: true, groupIds: new Set(["G1"]) })).to.deep.equal([]);
        expect(oversubscriptions({ ...report, projected: false })[1]).to.match(/^group G1 \(Group One\) is oversubscribed/);
        expect(denial(report, lines)).to.match(/^odin:oversubscription is "deny", and after this change 2 parts of service provider SP1 would be oversubscribed\. Nothing was changed\.\n {2}- service provider SP1/);
    });
});
