import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { SeedTrunk, WebexSeed, startWebexSimulator } from "../../../provider/simulator/webex";
import { LOCATIONS, TRUNKS, caller, cert, reg } from "./helpers";

const refuses = async (seed: WebexSeed, pattern: RegExp, opts: { strictSeed?: boolean } = {}) => {
    await startWebexSimulator({ seed, ...opts }).then(
        async (s) => {
            await s.close();
            expect.fail(`should not start: ${pattern}`);
        },
        (e: Error) => expect(e.message).to.match(pattern),
    );
};

describe("Webex simulator: seeds and state", () => {
    it("loads a seed from a JSON file; a missing or broken file is a clear error", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "webex-seed-"));
        const file = path.join(dir, "seed.json");
        writeFileSync(file, JSON.stringify({ orgId: "ORG", locations: [{ id: "L1", name: "Here" }], trunks: [{ id: "T1", ...reg("LGW", { locationId: "L1" }) }] }));
        const seeded = await startWebexSimulator({ seed: file });
        try {
            expect(seeded.state().orgId).to.equal("ORG");
            expect((await caller(seeded)("GET", `${TRUNKS}/T1`)).body.name).to.equal("LGW");
        } finally {
            await seeded.close();
        }
        await startWebexSimulator({ seed: path.join(dir, "missing.json") }).then(
            () => expect.fail("should not start"),
            (e: Error) => expect(e.message).to.include("cannot read"),
        );
        writeFileSync(path.join(dir, "broken.json"), "{");
        await startWebexSimulator({ seed: path.join(dir, "broken.json") }).then(
            () => expect.fail("should not start"),
            (e: Error) => expect(e.message).to.include("not valid JSON"),
        );
    });

    it("state() is a deep copy that seeds an equal simulator (references and SRV trunks included)", async () => {
        const sim = await startWebexSimulator();
        try {
            const call = caller(sim);
            await call("POST", TRUNKS, reg("LGW 1"));
            const { port: _p, ...srvBody } = cert("SBC S");
            await call("POST", TRUNKS, srvBody);
            const s = sim.state();
            s.trunks![0].name = "changed";
            expect(sim.state().trunks![0].name).to.equal("LGW 1");
            const again = await startWebexSimulator({ seed: sim.state() });
            try {
                expect(again.state()).to.deep.equal(sim.state());
                expect((await caller(again)("GET", `${TRUNKS}?max=10`)).body).to.deep.equal((await call("GET", `${TRUNKS}?max=10`)).body);
            } finally {
                await again.close();
            }
        } finally {
            await sim.close();
        }
    });

    it("ids and example passwords repeat for the same randomSeed", async () => {
        const runs: string[][] = [];
        for (let i = 0; i < 2; i++) {
            const s = await startWebexSimulator({ randomSeed: 42 });
            const c = caller(s);
            runs.push([
                (await c("POST", TRUNKS, reg("LGW 1"))).body.id,
                (await c("POST", `/telephony/config/locations/${encodeURIComponent(LOCATIONS[0].id)}/actions/generatePassword/invoke`, {})).body.exampleSipPassword,
            ]);
            await s.close();
        }
        expect(runs[0]).to.deep.equal(runs[1]);
    });

    it("seed trunks describe existing state: no password rules, and REGISTERING trunks may state the maxConcurrentCalls every GET shows", async () => {
        const sim = await startWebexSimulator({
            seed: { locations: LOCATIONS, trunks: [{ id: "OLD", name: "Old", locationId: LOCATIONS[0].id, password: "old", trunkType: "REGISTERING", maxConcurrentCalls: 300 }] },
        });
        try {
            expect((await caller(sim)("GET", `${TRUNKS}/OLD`)).body.maxConcurrentCalls).to.equal(300);
        } finally {
            await sim.close();
        }
    });

    it("refuses a seed that breaks the API's shape or its invariants, naming the place", async () => {
        const t = (extra: Partial<SeedTrunk>): SeedTrunk => ({ name: "LGW", locationId: LOCATIONS[0].id, password: "x", trunkType: "REGISTERING", ...extra });
        await refuses({ locations: LOCATIONS, trunks: [t({ locationId: "nowhere" })] }, /trunks\[0\] \("LGW"\): Location nowhere not found/);
        await refuses({ locations: LOCATIONS, trunks: [t({}), t({ name: "lgw" })] }, /trunks\[1\] \("lgw"\): Trunk name lgw is already in use/);
        await refuses({ locations: LOCATIONS, trunks: [t({ port: 5060 })] }, /port cannot be set on a REGISTERING trunk/);
        await refuses({ locations: LOCATIONS, trunks: [t({ trunkType: "CERTIFICATE_BASED" as const, address: "a", domain: "example.com" })] }, /maxConcurrentCalls is required/);
        await refuses({ locations: LOCATIONS, trunks: [t({ id: "A" })], routeGroups: [{ name: "RG", localGateways: [{ id: "B", priority: 1 }] }] }, /routeGroups\[0\]: trunk B is not a trunk of the seed/);
        await refuses({ locations: LOCATIONS, trunks: [t({ id: "A" })], routeGroups: [{ name: "RG", localGateways: [] }] }, /1 to 10 trunks/);
        await refuses({ locations: LOCATIONS, dialPlans: [{ name: "DP", routeType: "TRUNK", routeId: "X" }] }, /dialPlans\[0\]: TRUNK X is not in the seed/);
        await refuses({ locations: [{ ...LOCATIONS[0], pstnConnection: { type: "ROUTE_GROUP", id: "RG" } }] }, /locations\[0\]\.pstnConnection: ROUTE_GROUP RG is not in the seed/);
        await refuses({} as WebexSeed, /expected an object with a locations array/);
    });

    it("accepts limits outside the device range unless strictSeed (as trunking-sim runs it)", async () => {
        const seed: WebexSeed = { locations: LOCATIONS, trunks: [{ ...(cert("SBC") as SeedTrunk), maxConcurrentCalls: 10 }] };
        const lax = await startWebexSimulator({ seed });
        await lax.close();
        await refuses(seed, /trunks\[0\] \("SBC"\): maxConcurrentCalls must be between 250 and 1000/, { strictSeed: true });
    });

    it("leaves the caller's seed object alone", async () => {
        const seed: WebexSeed = { locations: LOCATIONS.map((l) => ({ ...l })), trunks: [] };
        const before = structuredClone(seed);
        const sim = await startWebexSimulator({ seed });
        await caller(sim)("POST", TRUNKS, reg("LGW 1"));
        await sim.close();
        expect(seed).to.deep.equal(before);
    });
});
