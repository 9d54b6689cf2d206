import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { getTrunkingCapacity } from "../../provider/capacity/function";
import { OdinSeed, OdinSimulator, startOdinSimulator } from "../../provider/simulator";

const LOGIN = { username: "ops", password: "Throttle-Passw0rd" };
const GROUPS = 60;
const TRUNKS = 4;
/** The server's capacity: it answers 429 (Retry-After 1) above this many requests in flight. */
const SERVER_CAP = 8;

function seed(): OdinSeed {
    return {
        logins: [LOGIN],
        serviceProviders: [
            {
                serviceProviderId: "SP",
                isEnterprise: false,
                trunkGroupCallCapacity: { maxActiveCalls: 100_000, burstingMaxActiveCalls: 0 },
                groups: Array.from({ length: GROUPS }, (_, g) => ({
                    groupId: `G${g}`,
                    groupName: `Group ${g}`,
                    trunkGroupCallCapacity: { maxActiveCalls: 100, burstingMaxActiveCalls: 0 },
                    trunkGroups: Array.from({ length: TRUNKS }, (_, t) => ({ name: `TG${t}`, maxActiveCalls: 10 })),
                })),
            },
        ],
    } as unknown as OdinSeed;
}

/**
 * The capacity report at the settings a user gets, against a server with a
 * hard cap on requests in flight (the simulator's throttling mode). The
 * adaptive default must find the server's capacity (more than the old fixed
 * 5) and pay for it with only a few 429s, not one per round trip.
 */
describe("capacity report against a throttling server, default settings", function () {
    this.timeout(60_000);
    let sim: OdinSimulator;
    let saved: NodeJS.ProcessEnv;

    beforeEach(async () => {
        sim = await startOdinSimulator({ seed: seed(), latencyMs: 10, capacityReport: "none", throttle: { maxInFlight: SERVER_CAP } });
        saved = { ...process.env };
        for (const k of Object.keys(process.env).filter((k) => k.startsWith("ODIN_") || k === "TRUNKING_DEBUG")) {
            delete process.env[k];
        }
        Object.assign(process.env, { ODIN_BASE_URL: sim.url, ODIN_USERNAME: LOGIN.username, ODIN_PASSWORD: LOGIN.password });
        pulumi.runtime.setAllConfig({});
    });
    afterEach(async () => {
        process.env = saved;
        await sim.close();
    });

    it("uses the server's whole capacity, gets a few 429s, and the report is complete", async () => {
        const report = await getTrunkingCapacity({ serviceProviderId: "SP" });
        expect(report.groups).to.have.length(GROUPS);
        expect(report.groupsCallCapacityTotal).to.equal(GROUPS * 100);
        expect(report.groups.every((g) => g.trunkGroups.length === TRUNKS)).to.equal(true);
        const t = sim.throttleStats();
        // Before the wiring the default was a fixed 5: it never reached the server's 8.
        expect(t.peakInFlight, "requests in flight at the server").to.equal(SERVER_CAP);
        // Adaptive: a 429 per probe of the refused level, not one per round trip (some 370 requests here).
        expect(t.throttled, "429s").to.be.at.most(10);
        expect(t.admitted).to.be.at.least(GROUPS * (2 + TRUNKS));
    });
});
