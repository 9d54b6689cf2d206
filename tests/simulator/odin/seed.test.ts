import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OdinSeed, OdinSimulator, OdinSimulatorOptions, sampleSeed, startOdinSimulator } from "../../../provider/simulator";
import { TG_PATH, call, expectOdinError, login, session } from "./helpers";

describe("Odin simulator: seeds", function () {
    let sim: OdinSimulator;

    beforeEach(async () => {
        sim = await startOdinSimulator();
    });
    afterEach(() => sim.close());

    describe("seeds", () => {
        const seed: OdinSeed = {
            logins: [{ username: "ops", password: "pw" }],
            serviceProviders: [
                {
                    serviceProviderId: "ENT",
                    isEnterprise: false,
                    trunkGroupCallCapacity: { maxActiveCalls: 40, burstingMaxActiveCalls: -1 },
                    groups: [
                        {
                            groupId: "A",
                            groupName: "Alpha",
                            trunkGroupCallCapacity: { maxActiveCalls: 10, burstingMaxActiveCalls: -1 },
                            // Larger than the group: seeds may hold what the API would refuse.
                            trunkGroups: [{ name: "T1", maxActiveCalls: 12, enableBursting: "true", burstingMaxActiveCalls: 3 }],
                        },
                        { groupId: "NoSvc", trunkGroupService: false },
                    ],
                    enterpriseTrunks: [{ enterpriseTrunkName: "GroupET", groupId: "A", trunkGroups: [{ groupId: "A", trunkGroupName: "T1" }] }],
                },
            ],
        };

        it("serves the seed, with defaults filled, and leaves the caller's object alone", async () => {
            const copy = structuredClone(seed);
            await sim.close();
            sim = await startOdinSimulator({ seed });
            expectOdinError(await call(sim.url, "POST", "/auth/token", { body: { username: "admin", password: "admin" } }), 401);
            const s = session(sim, await login(sim, "ops", "pw"));
            const t1 = (await s.get(TG_PATH, { serviceProviderId: "ENT", groupId: "A", name: "T1" })).json;
            expect(t1).to.include({ maxActiveCalls: 12, enableBursting: true, burstingMaxActiveCalls: 3, invitationTimeout: 6, userLookupPolicy: "Basic" });
            await s.post(TG_PATH, { serviceProviderId: "ENT", groupId: "A", name: "T2", maxActiveCalls: 1 });
            expect(seed).to.deep.equal(copy);
            expect((await s.get("/groups/enterprise-trunks", { serviceProviderId: "ENT", groupId: "A" })).json[0].enterpriseTrunkName).to.equal("GroupET");
            expect((await s.get("/service-providers/enterprise-trunks", { serviceProviderId: "ENT" })).json).to.deep.equal([]);
        });

        it("answers 400 naming the missing Trunk Group service for a group without it", async () => {
            await sim.close();
            sim = await startOdinSimulator({ seed });
            const s = session(sim, await login(sim, "ops", "pw"));
            const g = { serviceProviderId: "ENT", groupId: "NoSvc" };
            expectOdinError(await s.get("/groups/trunk-groups/call-capacity", g), 400, /not assigned.*Trunk Group/);
            expectOdinError(await s.put("/groups/trunk-groups/call-capacity", { ...g, maxActiveCalls: 1 }), 400, /Trunk Group/);
            expectOdinError(await s.get(TG_PATH, g), 400, /Trunk Group/);
            expectOdinError(await s.get(TG_PATH, { ...g, name: "x" }), 400, /Trunk Group/);
            expectOdinError(await s.post(TG_PATH, { ...g, name: "x", maxActiveCalls: 1 }), 400, /Trunk Group/);
        });

        it("loads a seed from a JSON file, and state() can seed another run", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "odin-seed-"));
            const file = path.join(dir, "seed.json");
            fs.writeFileSync(file, JSON.stringify(seed));
            try {
                await sim.close();
                sim = await startOdinSimulator({ seed: file });
                const s = session(sim, await login(sim, "ops", "pw"));
                await s.put(TG_PATH, { serviceProviderId: "ENT", groupId: "A", name: "T1", invitationTimeout: 9, sipAuthenticationPassword: "kept" });
                const state = sim.state();
                const again = await startOdinSimulator({ seed: state });
                try {
                    expect(again.state()).to.deep.equal(state);
                } finally {
                    await again.close();
                }
                expect(state.serviceProviders[0].groups![0].trunkGroups![0]).to.include({ invitationTimeout: 9, sipAuthenticationPassword: "kept" });
                // state() is a copy.
                state.serviceProviders[0].groups![0].trunkGroups![0].maxActiveCalls = 999;
                expect(sim.state().serviceProviders[0].groups![0].trunkGroups![0].maxActiveCalls).to.equal(12);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("refuses a broken seed with a message pointing at the place", async () => {
            const bad = structuredClone(seed);
            bad.serviceProviders[0].groups![0].trunkGroups![0].invitationTimeout = 999;
            let err: Error | undefined;
            await startOdinSimulator({ seed: bad }).then((s) => s.close(), (e) => (err = e));
            expect(err?.message).to.match(/serviceProviders\[0\]\.groups\[0\]\.trunkGroups\[0\].*invitationTimeout/);
            let err2: Error | undefined;
            await startOdinSimulator({ seed: "/nonexistent/seed.json" }).then((s) => s.close(), (e) => (err2 = e));
            expect(err2?.message).to.match(/cannot read/);
        });

        it("uses the documented sample without a seed", () => {
            expect(sim.state()).to.deep.include({ logins: [{ username: "admin", password: "admin" }] });
            const sp = sim.state().serviceProviders[0];
            expect(sp.trunkGroupCallCapacity).to.deep.equal({ maxActiveCalls: 100, burstingMaxActiveCalls: 20 });
            expect(sp.groups!.map((g) => [g.groupId, g.trunkGroupCallCapacity, g.trunkGroups!.map((t) => t.name)])).to.deep.equal([
                ["G1", { maxActiveCalls: 50, burstingMaxActiveCalls: 10 }, ["G1-TG1", "G1-TG2"]],
                ["G2", { maxActiveCalls: 30, burstingMaxActiveCalls: 0 }, ["G2-TG1"]],
            ]);
            expect(sampleSeed()).to.deep.equal(sampleSeed());
        });
    });

    describe("seed checks", () => {
        const base = (): OdinSeed => ({
            logins: [{ username: "admin", password: "admin" }],
            serviceProviders: [
                {
                    serviceProviderId: "SP",
                    isEnterprise: true,
                    trunkGroupCallCapacity: { maxActiveCalls: 20, burstingMaxActiveCalls: 5 },
                    groups: [
                        {
                            groupId: "A",
                            trunkGroupCallCapacity: { maxActiveCalls: 10, burstingMaxActiveCalls: 2 },
                            users: [{ userId: "u1" }, { userId: "u2" }],
                            trunkGroups: [{ name: "T1", maxActiveCalls: 4 }],
                        },
                    ],
                },
            ],
        });
        const refused = async (seedOf: (s: OdinSeed) => void, pattern: RegExp, opts: OdinSimulatorOptions = {}) => {
            const s = base();
            seedOf(s);
            let err: Error | undefined;
            await startOdinSimulator({ seed: s, ...opts }).then((x) => x.close(), (e) => (err = e));
            expect(err?.message, "should not start").to.match(pattern);
        };
        const sp = (s: OdinSeed) => s.serviceProviders[0];
        const a = (s: OdinSeed) => sp(s).groups![0];

        it("the base seed loads, also with strictSeed", async () => {
            for (const strictSeed of [false, true]) {
                const x = await startOdinSimulator({ seed: base(), strictSeed });
                await x.close();
            }
        });

        it("a group cannot have the Trunk Group service its service provider is not authorized for", async () => {
            await refused((s) => {
                sp(s).trunkGroupService = false;
                a(s).trunkGroupService = true;
            }, /serviceProviders\[0\]\.groups\[0\]: group A cannot have the Trunk Group service: its service provider SP is not authorized for it/);
            // Without saying so, its groups simply lack it (and so cannot hold trunk groups).
            await refused((s) => (sp(s).trunkGroupService = false), /a group without the Trunk Group service cannot have trunk groups/);
        });

        it("pilot and hosted users, devices, departments, reroute keys and enterprise-trunk members must exist", async () => {
            await refused((s) => (a(s).trunkGroups![0].pilotUserId = "ghost"), /groups\[0\]\.trunkGroups\[0\]: \[Error 4008\] User not found: ghost/);
            await refused((s) => (a(s).trunkGroups![0].pilotUserId = "u1"), /trunkGroups\[0\]: .*Pilot user u1 must be a hosted user/);
            await refused((s) => (a(s).trunkGroups![0].users = ["u1", "ghost"]), /User not found: ghost/);
            await refused((s) => (a(s).trunkGroups![0].accessDevice = { deviceLevel: "Group", deviceName: "SBC" }), /trunkGroups\[0\]: \[Error 4152\] Access Device not found: SBC/);
            await refused((s) => (a(s).trunkGroups![0].department = { name: "Ops" }), /Department not found: Ops/);
            await refused(
                (s) => (a(s).trunkGroups![0].capacityExceededRerouteTrunkGroupKey = { serviceProviderId: "SP", groupId: "A", name: "T9" }),
                /groups\[0\]\.trunkGroups\[0\]: \[Error 4517\] Trunk Group not found: SP\/A\/T9/,
            );
            await refused((s) => (sp(s).enterpriseTrunks = [{ enterpriseTrunkName: "ET", trunkGroups: [{ groupId: "A", trunkGroupName: "T9" }] }]), /enterpriseTrunks\[0\]: trunkGroups\[0\]: trunk group A\/T9 is not in the seed/);
            await refused((s) => {
                sp(s).isEnterprise = false;
                sp(s).departments = [{ name: "D" }];
            }, /only an enterprise .* has enterprise-level departments/);
        });

        it("what exists may be named, also forward in the seed", async () => {
            const s = base();
            s.systemAccessDevices = [{ deviceName: "SYS" }];
            a(s).accessDevices = [{ deviceName: "SBC" }];
            a(s).departments = [{ name: "Ops" }];
            a(s).trunkGroups![0] = {
                name: "T1",
                maxActiveCalls: 4,
                users: ["u1"],
                pilotUserId: "u1",
                accessDevice: { deviceLevel: "Group", deviceName: "SBC" },
                department: { name: "Ops" },
                capacityExceededAction: "Reroute",
                capacityExceededRerouteTrunkGroupKey: { serviceProviderId: "SP", groupId: "A", name: "T2" },
            };
            a(s).trunkGroups!.push({ name: "T2", maxActiveCalls: 1, accessDevice: { deviceLevel: "System", deviceName: "SYS" } });
            const x = await startOdinSimulator({ seed: s });
            try {
                const again = await startOdinSimulator({ seed: x.state() });
                expect(again.state()).to.deep.equal(x.state());
                await again.close();
            } finally {
                await x.close();
            }
        });

        it("bursting values of a trunk group with bursting off are not kept", async () => {
            const s = base();
            a(s).trunkGroups![0].burstingMaxActiveCalls = 2;
            const x = await startOdinSimulator({ seed: s });
            try {
                expect(x.state().serviceProviders[0].groups![0].trunkGroups![0]).to.not.have.property("burstingMaxActiveCalls");
            } finally {
                await x.close();
            }
        });

        it("strictSeed refuses what breaks the capacity rules, naming both numbers; without it the seed loads", async () => {
            const over = (s: OdinSeed) => (a(s).trunkGroups![0].maxActiveCalls = 11);
            await refused(over, /groups\[0\]\.trunkGroups\[0\]: \[Error 4503\] Trunk group max active calls 11 exceeds the group trunking call capacity 10/, { strictSeed: true });
            await refused(
                (s) => (a(s).trunkGroupCallCapacity = { maxActiveCalls: 21, burstingMaxActiveCalls: 0 }),
                /groups\[0\]\.trunkGroupCallCapacity: \[Error 4504\] Group trunking call capacity 21 exceeds the service provider trunking call capacity 20/,
                { strictSeed: true },
            );
            await refused((s) => (a(s).trunkGroupCallCapacity = { maxActiveCalls: 10, burstingMaxActiveCalls: 6 }), /Group bursting trunking call capacity 6 exceeds .* 5/, { strictSeed: true });
            const s = base();
            over(s);
            const lax = await startOdinSimulator({ seed: s });
            await lax.close();
        });
    });

});
