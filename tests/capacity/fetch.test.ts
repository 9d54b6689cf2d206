import { expect } from "chai";
import { getTrunkingCapacity } from "../../provider/capacity/function";
import { OdinClient } from "../../provider/odin/client";
import { CapacityReportMode, OdinSeed, OdinSimulator, startOdinSimulator } from "../../provider/simulator";

const seed: OdinSeed = {
    logins: [{ username: "ops", password: "ops-Passw0rd" }],
    serviceProviders: [
        {
            serviceProviderId: "ENT1",
            isEnterprise: true,
            trunkGroupCallCapacity: { maxActiveCalls: 60, burstingMaxActiveCalls: -1 },
            groups: [
                {
                    groupId: "HQ",
                    groupName: "Headquarters",
                    trunkGroupCallCapacity: { maxActiveCalls: 40, burstingMaxActiveCalls: 6 },
                    trunkGroups: [
                        { name: "HQ-PBX", maxActiveCalls: 30, enableBursting: true, burstingMaxActiveCalls: 4 },
                        { name: "HQ-SBC", maxActiveCalls: 20 },
                    ],
                },
                { groupId: "LAB", groupName: "Lab", trunkGroupService: false, trunkGroupCallCapacity: { maxActiveCalls: 0, burstingMaxActiveCalls: 0 } },
                {
                    groupId: "BR1",
                    groupName: "Branch 1",
                    trunkGroupCallCapacity: { maxActiveCalls: 25, burstingMaxActiveCalls: -1 },
                    trunkGroups: [{ name: "12345", maxActiveCalls: 5 }],
                },
            ],
            enterpriseTrunks: [
                {
                    enterpriseTrunkName: "ET-Main",
                    maximumRerouteAttempts: 2,
                    routeExhaustionAction: "None",
                    capacityManagement: { maximumActiveCalls: 35, enabled: true },
                    trunkGroups: [{ groupId: "HQ", trunkGroupName: "HQ-PBX" }],
                },
            ],
        },
    ],
} as unknown as OdinSeed;

/** Hand-computed from the seed above. */
const expected = {
    serviceProviderId: "ENT1",
    maxActiveCalls: 60,
    burstingMaxActiveCalls: -1,
    groupsCallCapacityTotal: 65,
    groupsBurstingCallCapacityTotal: -1,
    groups: [
        {
            groupId: "HQ",
            groupName: "Headquarters",
            maxActiveCalls: 40,
            burstingMaxAvailableActiveCalls: -1,
            burstingMaxActiveCalls: 6,
            trunkGroups: [
                { name: "HQ-PBX", maxActiveCalls: 30, burstingMaxActiveCalls: 4 },
                { name: "HQ-SBC", maxActiveCalls: 20, burstingMaxActiveCalls: 0 },
            ],
            trunkGroupsCallCapacityTotal: 50,
            trunkGroupsBurstingCallCapacityTotal: 4,
            callCapacityDifference: -10,
            burstingCallCapacityDifference: 2,
            trunkGroupService: "assigned",
            maxAvailableActiveCalls: 60,
            callCapacityOversubscribed: true,
            burstingCallCapacityOversubscribed: false,
        },
        {
            groupId: "LAB",
            groupName: "Lab",
            maxActiveCalls: null,
            burstingMaxAvailableActiveCalls: null,
            burstingMaxActiveCalls: null,
            trunkGroups: [],
            trunkGroupsCallCapacityTotal: 0,
            trunkGroupsBurstingCallCapacityTotal: 0,
            callCapacityDifference: null,
            burstingCallCapacityDifference: null,
            trunkGroupService: "notAssigned",
            maxAvailableActiveCalls: null,
            callCapacityOversubscribed: false,
            burstingCallCapacityOversubscribed: false,
        },
        {
            groupId: "BR1",
            groupName: "Branch 1",
            maxActiveCalls: 25,
            burstingMaxAvailableActiveCalls: -1,
            burstingMaxActiveCalls: -1,
            trunkGroups: [{ name: "12345", maxActiveCalls: 5, burstingMaxActiveCalls: 0 }],
            trunkGroupsCallCapacityTotal: 5,
            trunkGroupsBurstingCallCapacityTotal: 0,
            callCapacityDifference: 20,
            burstingCallCapacityDifference: null,
            trunkGroupService: "assigned",
            maxAvailableActiveCalls: 60,
            callCapacityOversubscribed: false,
            burstingCallCapacityOversubscribed: false,
        },
    ],
    callCapacityDifference: -5,
    burstingCallCapacityDifference: null,
    trunkGroupService: "assigned",
    callCapacityOversubscribed: true,
    burstingCallCapacityOversubscribed: false,
};

describe("getTrunkingCapacity against the simulator", () => {
    let sim: OdinSimulator;
    afterEach(async () => sim?.close());

    const run = async (mode: CapacityReportMode, extra: { includeEnterpriseTrunks?: boolean; groupIds?: string[] } = {}) => {
        // The simulator answers enterprise-trunk lists as a real Odin does (summaries); capacity comes from each trunk's GET.
        sim = await startOdinSimulator({ seed, capacityReport: mode });
        const client = new OdinClient({ baseUrl: sim.url, username: "ops", password: "ops-Passw0rd" });
        return getTrunkingCapacity({ serviceProviderId: "ENT1", ...extra }, { client });
    };

    for (const mode of ["withTrunkGroups", "groupsOnly", "none"] as const) {
        it(`matches the seeded data exactly (report endpoint: ${mode})`, async () => {
            expect(await run(mode)).to.deep.equal(expected);
        });
    }

    it("uses one report call plus a GET only for trunk groups with bursting on, where the server offers the details", async () => {
        sim = await startOdinSimulator({ seed, capacityReport: "withTrunkGroups" });
        const client = new OdinClient({ baseUrl: sim.url, username: "ops", password: "ops-Passw0rd" });
        const calls = () => sim.requests().filter((r) => r.path !== "/auth/token").map((r) => `${r.method} ${r.path}${r.query.name ? `?name=${r.query.name}` : ""}`);
        await getTrunkingCapacity({ serviceProviderId: "ENT1" }, { client });
        // The first report of a client cannot know whether the server has the endpoint: the per-group
        // path's first two calls go out with the probe, so an older server costs no extra round trip.
        expect(calls().sort()).to.deep.equal(
            [
                "GET /service-providers/trunk-groups/call-capacity/reports",
                "GET /service-providers/trunk-groups/call-capacity",
                "GET /groups",
                "GET /groups/trunk-groups?name=HQ-PBX",
            ].sort(),
        );
        // The client remembers: the next report is the one call plus the bursting trunk group.
        sim.clearRequests();
        await getTrunkingCapacity({ serviceProviderId: "ENT1" }, { client });
        expect(calls().sort()).to.deep.equal(["GET /service-providers/trunk-groups/call-capacity/reports", "GET /groups/trunk-groups?name=HQ-PBX"].sort());
    });

    it("adds enterprise trunks, and whether it is an enterprise, when asked", async () => {
        const r = await run("none", { includeEnterpriseTrunks: true });
        expect(r.enterpriseTrunks).to.deep.equal([
            { name: "ET-Main", maximumActiveCalls: 35, capacityManagementEnabled: true, trunkGroups: [{ groupId: "HQ", trunkGroupName: "HQ-PBX" }] },
        ]);
        const { enterpriseTrunks: _e, ...rest } = r;
        expect(rest).to.deep.equal({ ...expected, isEnterprise: true });
    });

    it("filters groups, and names a group that does not exist", async () => {
        const r = await run("withTrunkGroups", { groupIds: ["BR1"] });
        expect(r.groups.map((g) => g.groupId)).to.deep.equal(["BR1"]);
        // The filter narrows the list, not the sums: the totals still cover HQ, LAB and BR1.
        expect(r).to.deep.include({ groupsCallCapacityTotal: 65, callCapacityDifference: -5, groupFilter: { groupIds: ["BR1"], groupsInServiceProvider: 3 } });
        const client = new OdinClient({ baseUrl: sim.url, username: "ops", password: "ops-Passw0rd" });
        const err = (await getTrunkingCapacity({ serviceProviderId: "ENT1", groupIds: ["NOPE"] }, { client }).catch((e: Error) => e)) as Error;
        expect(err.message).to.equal('groupIds: "NOPE" not found in service provider ENT1');
    });

    it("fails with a clear error instead of zeros when a call fails", async () => {
        sim = await startOdinSimulator({ seed, capacityReport: "none", faults: [{ kind: "status", status: 500, path: "/groups/trunk-groups/call-capacity" }] });
        const client = new OdinClient({ baseUrl: sim.url, username: "ops", password: "ops-Passw0rd" });
        const err = (await getTrunkingCapacity({ serviceProviderId: "ENT1" }, { client }).catch((e: Error) => e)) as Error;
        expect(err.message).to.match(/Odin API GET \/api\/v2\/groups\/trunk-groups\/call-capacity failed: HTTP 500/);
    });

    it("rejects bad arguments before any request", async () => {
        sim = await startOdinSimulator({ seed });
        const client = new OdinClient({ baseUrl: sim.url, username: "ops", password: "ops-Passw0rd" });
        for (const [args, msg] of [
            [{ serviceProviderId: "" }, "serviceProviderId is required: a string of 1 to 30 characters"],
            [{ serviceProviderId: "ENT1", concurrency: 0 }, 'concurrency must be an integer from 1 to 64, got 0 (or "adaptive", the default)'],
            [{ serviceProviderId: "ENT1", groupId: "HQ" }, 'unknown argument "groupId"; did you mean groupIds? (valid: serviceProviderId, groupIds, includeEnterpriseTrunks, concurrency)'],
            [{ serviceProviderId: "ENT1", concurency: 4 }, 'unknown argument "concurency"; did you mean concurrency? (valid: serviceProviderId, groupIds, includeEnterpriseTrunks, concurrency)'],
            [{ serviceProviderId: "ENT1", groupIds: "HQ" }, "groupIds must be a list of non-empty group ids"],
        ] as const) {
            const err = (await getTrunkingCapacity(args as never, { client }).catch((e: Error) => e)) as Error;
            expect(err.message).to.equal(`getTrunkingCapacity: ${msg}`);
        }
        expect(sim.requests()).to.have.length(0);
    });
});
