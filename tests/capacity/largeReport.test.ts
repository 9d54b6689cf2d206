import { expect } from "chai";
import { getTrunkingCapacity } from "../../provider/capacity/function";
import { OdinClient } from "../../provider/odin/client";
import { OdinSeed, OdinSimulator, startOdinSimulator } from "../../provider/simulator";

const LOGIN = { username: "ops", password: "Large-Passw0rd" };
const GROUPS = 5000;
const TRUNKS = 5;

/**
 * The one-call report grows with the service provider (about 1.1 KB per
 * group with its trunk-group rows): 5000 groups of 5 trunk groups is about
 * 5.5 MB, over the transport's default 4 MiB answer limit, which is meant
 * for answers that do not grow with the customer's data. A large service
 * provider must still get its report from the one call.
 */
describe("capacity report of a large service provider", function () {
    this.timeout(60_000);
    let sim: OdinSimulator;

    before(async () => {
        const seed = {
            logins: [LOGIN],
            serviceProviders: [
                {
                    serviceProviderId: "BIG",
                    isEnterprise: false,
                    trunkGroupCallCapacity: { maxActiveCalls: 10_000_000, burstingMaxActiveCalls: 0 },
                    groups: Array.from({ length: GROUPS }, (_, g) => ({
                        groupId: `G${String(g).padStart(5, "0")}`,
                        groupName: `Group ${g}`,
                        trunkGroupCallCapacity: { maxActiveCalls: 100, burstingMaxActiveCalls: 0 },
                        trunkGroups: Array.from({ length: TRUNKS }, (_, t) => ({ name: `TG${t}`, maxActiveCalls: 10 })),
                    })),
                },
            ],
        } as unknown as OdinSeed;
        sim = await startOdinSimulator({ seed, capacityReport: "withTrunkGroups" });
    });
    after(async () => sim?.close());

    it("comes from the one call, though the answer is larger than the default 4 MiB limit", async () => {
        const client = new OdinClient({ baseUrl: sim.url, ...LOGIN, retry: { maxRetries: 0 } });
        const report = await getTrunkingCapacity({ serviceProviderId: "BIG" }, { client });
        expect(report.groups).to.have.length(GROUPS);
        expect(report.groupsCallCapacityTotal).to.equal(GROUPS * 100);
        expect(report.groups[GROUPS - 1].trunkGroupsCallCapacityTotal).to.equal(TRUNKS * 10);
        // No bursting: every trunk group is in the report's rows, so no per-trunk-group GET was needed.
        expect(sim.requests().filter((r) => r.path === "/groups/trunk-groups")).to.have.length(0);
        const reportGet = sim.requests().find((r) => r.path === "/service-providers/trunk-groups/call-capacity/reports")!;
        expect(reportGet.status).to.equal(200);
    });
});
