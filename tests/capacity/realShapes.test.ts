import { expect } from "chai";
import { getTrunkingCapacity } from "../../provider/capacity/function";
import { formatCapacityTable } from "../../provider/capacity/table";
import { OdinClient } from "../../provider/odin/client";
import { CapacityGroup, CapacitySim, CapacitySimOptions, LOGIN, startCapacitySim } from "./capacitySim";

/**
 * The report against the real API's shapes (the simulator's): each case is
 * run on every server variant (report endpoint with trunk-group rows, the
 * documented groups-only report, no report endpoint), and all variants must
 * give the same report.
 */
const VARIANTS = ["rows", "groupsOnly", "absent"] as const;

let server: CapacitySim | undefined;
afterEach(async () => {
    await server?.close();
    server = undefined;
});

async function reportOn(o: CapacitySimOptions, args: Record<string, unknown> = {}) {
    server = await startCapacitySim(o);
    const client = new OdinClient({ baseUrl: server.url, ...LOGIN, retry: { maxRetries: 0 } });
    return getTrunkingCapacity({ serviceProviderId: o.serviceProviderId, ...args }, { client });
}

const group = (groupId: string, capacity: CapacityGroup["capacity"], trunkGroups: CapacityGroup["trunkGroups"] = [], extra: Partial<CapacityGroup> = {}): CapacityGroup => ({
    groupId,
    groupName: `Group ${groupId}`,
    capacity,
    trunkGroups,
    ...extra,
});

describe("capacity report against the real API's shapes", () => {
    describe("a service provider without the Trunk Group service", () => {
        for (const report of VARIANTS) {
            it(`is reported as such, with no zeros and no unlimited in its place (report endpoint: ${report})`, async () => {
                const r = await reportOn({
                    serviceProviderId: "NOTRUNK",
                    isEnterprise: false,
                    report,
                    groups: [group("A", undefined), group("B", undefined)],
                });
                expect(r).to.deep.include({
                    maxActiveCalls: null,
                    burstingMaxActiveCalls: null,
                    groupsCallCapacityTotal: 0,
                    callCapacityDifference: null,
                    burstingCallCapacityDifference: null,
                    trunkGroupService: "notAssigned",
                    callCapacityOversubscribed: false,
                });
                expect(r.groups.map((g) => [g.groupId, g.trunkGroupService, g.maxActiveCalls])).to.deep.equal([
                    ["A", "notAssigned", null],
                    ["B", "notAssigned", null],
                ]);
                expect(formatCapacityTable(r)).to.match(/^Service provider( \/ enterprise)? NOTRUNK: Trunk Group service not assigned \(no trunking call capacity\)$/m);
            });
        }
    });

    describe("a trunk group with bursting off", () => {
        const data = (report: CapacitySimOptions["report"]): CapacitySimOptions => ({
            serviceProviderId: "SP",
            isEnterprise: false,
            capacity: { maxActiveCalls: 100, burstingMaxActiveCalls: 20 },
            report,
            // The server keeps burstingMaxActiveCalls after bursting was turned off (a whole-object PUT).
            keepBurstingWhenOff: true,
            groups: [
                group("G", { maxActiveCalls: 50, burstingMaxActiveCalls: 10 }, [
                    { name: "on", maxActiveCalls: 10, enableBursting: true, burstingMaxActiveCalls: 4 },
                    { name: "off", maxActiveCalls: 10, enableBursting: false, burstingMaxActiveCalls: 5 },
                ]),
            ],
        });

        it("adds nothing to bursting, and every fetch path gives the same report", async () => {
            const reports = [];
            for (const report of VARIANTS) {
                reports.push(await reportOn(data(report)));
                await server!.close();
                server = undefined;
            }
            expect(reports[0].groups[0].trunkGroups).to.deep.equal([
                { name: "on", maxActiveCalls: 10, burstingMaxActiveCalls: 4 },
                { name: "off", maxActiveCalls: 10, burstingMaxActiveCalls: 0 },
            ]);
            expect(reports[0].groups[0]).to.include({ trunkGroupsBurstingCallCapacityTotal: 4, burstingCallCapacityDifference: 6 });
            expect(reports[1]).to.deep.equal(reports[0]);
            expect(reports[2]).to.deep.equal(reports[0]);
        });
    });

    describe("enterprise trunks", () => {
        const ets = [
            { enterpriseTrunkName: "ET-A", capacityManagement: { maximumActiveCalls: 35, enabled: true }, trunkGroups: [{ groupId: "G1", trunkGroupName: "TG1" }] },
            { enterpriseTrunkName: "ET-B" },
        ];
        const lines = [
            { name: "ET-A", maximumActiveCalls: 35, capacityManagementEnabled: true, trunkGroups: [{ groupId: "G1", trunkGroupName: "TG1" }] },
            // Capacity management off: BroadWorks keeps a maximum of 0.
            { name: "ET-B", maximumActiveCalls: 0, capacityManagementEnabled: false, trunkGroups: [] },
        ];
        const SP_CAPACITY = { maxActiveCalls: 100, burstingMaxActiveCalls: 0 };
        const groups = () => [group("G1", { maxActiveCalls: 40, burstingMaxActiveCalls: 0 }, [{ name: "TG1", maxActiveCalls: 10 }]), group("G2", { maxActiveCalls: 5, burstingMaxActiveCalls: 0 })];

        it("of an enterprise: the summary list, then each trunk's details, fetched together", async () => {
            const r = await reportOn({ serviceProviderId: "ENT", isEnterprise: true, capacity: SP_CAPACITY, report: "rows", groups: groups(), enterpriseTrunks: ets }, { includeEnterpriseTrunks: true });
            expect(r.isEnterprise).to.equal(true);
            expect(r.enterpriseTrunks).to.deep.equal(lines);
            const details = server!.requests().filter((q) => q.path === "/service-providers/enterprise-trunks" && q.query.enterpriseTrunkName);
            expect(details.map((q) => q.query.enterpriseTrunkName).sort()).to.deep.equal(["ET-A", "ET-B"]);
            // Asked for the enterprise's level only: a group-level question would be refused.
            expect(server!.requests().some((q) => q.path === "/groups/enterprise-trunks")).to.equal(false);
        });

        it("of a service provider: its groups' enterprise trunks, each with its group", async () => {
            // A group's enterprise trunk holds that group's own trunk groups.
            const withEts = groups();
            withEts[0].enterpriseTrunks = ets;
            for (const report of ["rows", "absent"] as const) {
                const r = await reportOn({ serviceProviderId: "SP", isEnterprise: false, capacity: SP_CAPACITY, report, groups: withEts }, { includeEnterpriseTrunks: true });
                expect(r.enterpriseTrunks, report).to.deep.equal(lines.map((l) => ({ ...l, groupId: "G1" })));
                expect(server!.requests().some((q) => q.path === "/service-providers/enterprise-trunks"), report).to.equal(false);
                await server!.close();
                server = undefined;
            }
        });

        it("from a list of full records: used as they are, without a second request", async () => {
            const r = await reportOn(
                { serviceProviderId: "ENT", isEnterprise: true, capacity: SP_CAPACITY, report: "rows", groups: groups(), enterpriseTrunks: ets, enterpriseTrunkList: "full" },
                { includeEnterpriseTrunks: true },
            );
            expect(r.enterpriseTrunks).to.deep.equal(lines);
            expect(server!.requests().filter((q) => q.path === "/service-providers/enterprise-trunks")).to.have.length(1);
        });
    });

    describe("request plan", () => {
        const many = (n: number): CapacitySimOptions => ({
            serviceProviderId: "SP",
            isEnterprise: false,
            capacity: { maxActiveCalls: 1000, burstingMaxActiveCalls: 0 },
            report: "absent",
            latencyMs: 20,
            groups: Array.from({ length: n }, (_, i) => group(`G${i}`, { maxActiveCalls: 10, burstingMaxActiveCalls: 0 }, [{ name: "T", maxActiveCalls: 2 }])),
        });

        it("without the report endpoint, probes it together with the first per-group calls, and only once per client", async () => {
            server = await startCapacitySim(many(3));
            const client = new OdinClient({ baseUrl: server.url, ...LOGIN });
            await getTrunkingCapacity({ serviceProviderId: "SP" }, { client });
            const first = server.requests().slice(0, 3);
            expect(first.map((q) => q.path).sort()).to.deep.equal(["/groups", "/service-providers/trunk-groups/call-capacity", "/service-providers/trunk-groups/call-capacity/reports"]);
            // All three were in flight at once: each started before any of them was answered (20 ms each), so the missing endpoint cost no round trip of its own.
            const firstAnswer = Math.min(...first.map((q) => q.startedAt + (q.durationMs ?? 0)));
            expect(first.every((q) => q.startedAt < firstAnswer), JSON.stringify(first.map((q) => [q.path, q.startedAt, q.durationMs]))).to.equal(true);
            const before = server.requests().length;
            await getTrunkingCapacity({ serviceProviderId: "SP" }, { client });
            expect(server.requests().slice(before).some((q) => q.path.endsWith("/reports"))).to.equal(false);
        });

        it("with --group / groupIds, fetches trunk groups of the shown groups only, and sums every group", async () => {
            const r = await reportOn({ ...many(4), latencyMs: 0 }, { groupIds: ["G2"] });
            expect(r.groups.map((g) => g.groupId)).to.deep.equal(["G2"]);
            expect(r).to.deep.include({ groupsCallCapacityTotal: 40, callCapacityDifference: 960, groupFilter: { groupIds: ["G2"], groupsInServiceProvider: 4 } });
            const trunkGets = server!.requests().filter((q) => q.path === "/groups/trunk-groups");
            expect(trunkGets.every((q) => q.query.groupId === "G2")).to.equal(true);
            expect(formatCapacityTable(r)).to.contain("Showing 1 of 4 groups (filtered by group id); the totals above cover all 4 groups.");
        });
    });
});
