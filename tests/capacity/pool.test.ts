import { expect } from "chai";
import { fetchCapacity } from "../../provider/capacity/fetch";
import { mapBounded } from "../../provider/capacity/pool";
import { burstingContribution, rowsByGroup } from "../../provider/capacity/rules";
import type { OdinClient } from "../../provider/odin/client";
import type { CallCapacityReport } from "../../provider/odin/types";

const tick = () => new Promise<void>((r) => setImmediate(r));

describe("report internals: worker pool and row grouping (no server)", () => {
    it("mapBounded keeps input order and never has more than `workers` calls pending", async () => {
        let pending = 0;
        let peak = 0;
        const out = await mapBounded(Array.from({ length: 500 }, (_, i) => i), 7, async (n) => {
            pending++;
            peak = Math.max(peak, pending);
            await tick();
            pending--;
            return n * 2;
        });
        expect(peak).to.equal(7);
        expect(out).to.deep.equal(Array.from({ length: 500 }, (_, i) => i * 2));
        expect(await mapBounded([], 3, async () => 1)).to.deep.equal([]);
    });

    it("mapBounded stops taking items after the first failure and rejects with it", async () => {
        const started: number[] = [];
        const err = await mapBounded(Array.from({ length: 100 }, (_, i) => i), 4, async (n) => {
            started.push(n);
            await tick();
            if (n === 5) {
                throw new Error("group 5 failed");
            }
            return n;
        }).catch((e: Error) => e);
        expect((err as Error).message).to.equal("group 5 failed");
        await tick();
        expect(started.length).to.be.lessThan(12);
    });

    it("groups report rows in one pass, keeping each group's order", () => {
        const rows = [
            { groupId: "A", name: "a1", maxActiveCalls: 1 },
            { groupId: "B", name: "b1", maxActiveCalls: 2 },
            { groupId: "A", name: "a2", maxActiveCalls: 3 },
        ];
        const m = rowsByGroup(rows);
        expect([...m.keys()]).to.deep.equal(["A", "B"]);
        expect(m.get("A")!.map((r) => r.name)).to.deep.equal(["a1", "a2"]);
    });

    it("counts bursting only when it is on, whatever value the server still sends", () => {
        expect(burstingContribution({ enableBursting: false, burstingMaxActiveCalls: 5 })).to.equal(undefined);
        expect(burstingContribution({ enableBursting: true, burstingMaxActiveCalls: 5 })).to.equal(5);
        expect(burstingContribution({ enableBursting: true })).to.equal(undefined);
        // The reference omits the value when bursting is off: present without the flag means on.
        expect(burstingContribution({ burstingMaxActiveCalls: "3" })).to.equal(3);
        expect(() => burstingContribution({ enableBursting: true, burstingMaxActiveCalls: "lots" })).to.throw(/non-numeric \("lots"\) burstingMaxActiveCalls/);
    });

    it("fetchCapacity holds at most `workers` groups in progress, for 2000 groups from the report", async () => {
        const groups = 2000;
        const report: CallCapacityReport = {
            serviceProviderId: "SP",
            serviceProviderTrunkCapacity: { maxActiveCalls: -1, burstingMaxActiveCalls: -1 },
            groups: Array.from({ length: groups }, (_, g) => ({
                groupId: `G${g}`,
                groupName: `G${g}`,
                service: { serviceName: "Trunk Group", assigned: true },
                groupTrunkCapacity: { maxActiveCalls: 10, maxAvailableActiveCalls: -1, burstingMaxActiveCalls: 2, burstingMaxAvailableActiveCalls: -1 },
            })),
            groupTrunkGroupDetails: Array.from({ length: groups * 3 }, (_, i) => ({
                groupId: `G${i % groups}`,
                name: `T${i}`,
                maxActiveCalls: 1,
                enableBursting: i % 3 === 0,
            })),
        };
        let pending = 0;
        let peak = 0;
        let gets = 0;
        const client = {
            getCallCapacityReport: async () => report,
            getServiceProviderCallCapacity: async () => report.serviceProviderTrunkCapacity,
            listGroups: async () => [],
            getTrunkGroup: async (key: { name: string }) => {
                gets++;
                pending++;
                peak = Math.max(peak, pending);
                await tick();
                pending--;
                return { ...key, maxActiveCalls: 1, enableBursting: true, burstingMaxActiveCalls: 1 };
            },
        } as unknown as OdinClient;
        const fetched = await fetchCapacity(client, "SP", { workers: 16 });
        // One bursting row per group: one GET per group, never more than one per worker at a time.
        expect(gets).to.equal(groups);
        expect(peak).to.equal(16);
        expect(fetched.groups).to.have.length(groups);
        expect(fetched.groups[1999].trunkGroups.map((t) => t.name)).to.deep.equal(["T1999", "T3999", "T5999"]);
        expect(fetched.source).to.equal("report+details");
    });
});
