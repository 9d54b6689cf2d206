import { expect } from "chai";
import { OdinSeed, OdinSimulator, sampleSeed, OdinSimulatorOptions } from "../../../provider/simulator";
import { Api, G1, TG_PATH, expectOdinError, session, restartWithSession } from "./helpers";

describe("Odin simulator: call capacities and the capacity report", function () {
    let sim: OdinSimulator;
    let api: Api;
    const fresh = async (opts: OdinSimulatorOptions = {}) => {
        ({ sim, api } = await restartWithSession(sim, opts));
    };

    beforeEach(() => fresh());
    afterEach(() => sim.close());

    describe("service providers and groups", () => {
        it("returns the service provider with isEnterprise", async () => {
            const res = await api.get("/service-providers", { serviceProviderId: "SP1" });
            expect(res.json).to.include({ serviceProviderId: "SP1", isEnterprise: true });
            expectOdinError(await api.get("/service-providers", { serviceProviderId: "NOPE" }), 404, /^Service Provider not found: NOPE$/);
        });

        it("lists groups in seed order", async () => {
            const res = await api.get("/groups", { serviceProviderId: "SP1" });
            expect(res.json).to.deep.equal([
                { groupId: "G1", groupName: "Group One", userLimit: 100, serviceProviderId: "SP1" },
                { groupId: "G2", groupName: "Group Two", userLimit: 50, serviceProviderId: "SP1" },
            ]);
            expectOdinError(await api.get("/groups", {}), 400, /serviceProviderId is required/);
            expectOdinError(await api.get("/groups", { serviceProviderId: "SP1", groupId: "G9" }), 404, /^Group not found: G9$/);
        });
    });

    describe("call capacities", () => {
        it("reads and sets the service provider's capacity, -1 meaning unlimited", async () => {
            expect((await api.get("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "SP1" })).json).to.deep.equal({
                serviceProviderId: "SP1",
                maxActiveCalls: 100,
                burstingMaxActiveCalls: 20,
            });
            const put = await api.put("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "SP1", maxActiveCalls: -1 });
            expect(put.json).to.include({ maxActiveCalls: -1, burstingMaxActiveCalls: 20 });
            expectOdinError(await api.put("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "SP1", maxActiveCalls: -2 }), 400);
            expectOdinError(await api.put("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "SP1", burstingMaxActiveCalls: "x" }), 400);
            expect(sim.state().serviceProviders[0].trunkGroupCallCapacity).to.deep.equal({ maxActiveCalls: -1, burstingMaxActiveCalls: 20 });
        });

        it("reads a group's capacity with the ceilings handed down", async () => {
            const res = await api.get("/groups/trunk-groups/call-capacity", G1);
            expect(res.json).to.deep.equal({
                maxActiveCalls: 50,
                maxAvailableActiveCalls: 100,
                burstingMaxActiveCalls: 10,
                burstingMaxAvailableActiveCalls: 20,
                serviceProviderId: "SP1",
                groupId: "G1",
            });
        });

        it("refuses a group capacity above the service provider's, with both numbers", async () => {
            const res = await api.put("/groups/trunk-groups/call-capacity", { ...G1, maxActiveCalls: 120 });
            expectOdinError(res, 400, /^\[Error \d{4}\] Group trunking call capacity 120 exceeds the service provider trunking call capacity 100$/);
            expectOdinError(await api.put("/groups/trunk-groups/call-capacity", { ...G1, burstingMaxActiveCalls: 21 }), 400, /bursting.*21.*20/);
            expectOdinError(await api.put("/groups/trunk-groups/call-capacity", { ...G1, maxActiveCalls: -1 }), 400);
            const ok = await api.put("/groups/trunk-groups/call-capacity", { ...G1, maxActiveCalls: 100, burstingMaxActiveCalls: 0 });
            expect(ok.json).to.include({ maxActiveCalls: 100, burstingMaxActiveCalls: 0, maxAvailableActiveCalls: 100 });
        });

        it("lets a group go above any number when the service provider is unlimited", async () => {
            await api.put("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "SP1", maxActiveCalls: -1, burstingMaxActiveCalls: -1 });
            const res = await api.put("/groups/trunk-groups/call-capacity", { ...G1, maxActiveCalls: 5000, burstingMaxActiveCalls: -1 });
            expect(res.status, res.text).to.equal(200);
            expect(res.json).to.include({ maxActiveCalls: 5000, maxAvailableActiveCalls: -1, burstingMaxActiveCalls: -1, burstingMaxAvailableActiveCalls: -1 });
        });

        // Where the evidence is silent (see rules.ts): a lower capacity is accepted, and BroadWorks applies it at call time.
        it("accepts a group capacity below what its trunk groups already take, and keeps the trunk groups", async () => {
            // G1 holds G1-TG1 (20) and G1-TG2 (10).
            const res = await api.put("/groups/trunk-groups/call-capacity", { ...G1, maxActiveCalls: 25 });
            expect(res.status, res.text).to.equal(200);
            expect(res.json).to.include({ maxActiveCalls: 25 });
            const tgs = sim.state().serviceProviders[0].groups!.find((g) => g.groupId === "G1")!.trunkGroups!;
            expect(tgs.map((t) => [t.name, t.maxActiveCalls])).to.deep.equal([
                ["G1-TG1", 20],
                ["G1-TG2", 10],
            ]);
            // A trunk group must still fit the lowered capacity on its own.
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG1", maxActiveCalls: 26 }), 400, /max active calls 26 exceeds the group trunking call capacity 25/);
        });

        it("accepts a service-provider capacity below a group's; the group keeps its value and its ceiling follows", async () => {
            const res = await api.put("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "SP1", maxActiveCalls: 40, burstingMaxActiveCalls: 5 });
            expect(res.status, res.text).to.equal(200);
            expect((await api.get("/groups/trunk-groups/call-capacity", G1)).json).to.include({
                maxActiveCalls: 50,
                maxAvailableActiveCalls: 40,
                burstingMaxActiveCalls: 10,
                burstingMaxAvailableActiveCalls: 5,
            });
            // The next change of the group must fit the new ceiling.
            expectOdinError(await api.put("/groups/trunk-groups/call-capacity", { ...G1, maxActiveCalls: 45 }), 400, /45 exceeds the service provider trunking call capacity 40/);
            expect((await api.put("/groups/trunk-groups/call-capacity", { ...G1, maxActiveCalls: 40, burstingMaxActiveCalls: 5 })).status).to.equal(200);
        });

        it("refuses unlimited bursting for a group unless the service provider's bursting is unlimited", async () => {
            expectOdinError(await api.put("/groups/trunk-groups/call-capacity", { ...G1, burstingMaxActiveCalls: -1 }), 400, /bursting trunking call capacity unlimited exceeds .* 20/);
            await api.put("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "SP1", burstingMaxActiveCalls: -1 });
            expect((await api.put("/groups/trunk-groups/call-capacity", { ...G1, burstingMaxActiveCalls: -1 })).json).to.include({ burstingMaxActiveCalls: -1, burstingMaxAvailableActiveCalls: -1 });
        });
    });

    describe("call-capacity report", () => {
        const reportSeed: OdinSeed = {
            logins: [{ username: "admin", password: "admin" }],
            serviceProviders: [
                {
                    serviceProviderId: "SP1",
                    trunkGroupCallCapacity: { maxActiveCalls: 40, burstingMaxActiveCalls: -1 },
                    groups: [
                        ...sampleSeed().serviceProviders[0].groups!,
                        { groupId: "G3", groupName: "No Trunking", trunkGroupService: false },
                    ],
                },
            ],
        };
        const get = (s: ReturnType<typeof session>) => s.get("/service-providers/trunk-groups/call-capacity/reports", { serviceProviderId: "SP1" });

        it("withTrunkGroups (default): groups with capacities and one row per trunk group", async () => {
            await fresh({ seed: reportSeed });
            const r = (await get(api)).json;
            expect(r.serviceProviderId).to.equal("SP1");
            expect(r.serviceProviderTrunkCapacity).to.deep.equal({ serviceProviderId: "SP1", maxActiveCalls: 40, burstingMaxActiveCalls: -1 });
            expect(r.groups.map((g: any) => g.groupId)).to.deep.equal(["G1", "G2", "G3"]);
            expect(r.groups[0].service).to.include({ serviceName: "Trunk Group", assigned: true, usage: 2 });
            expect(r.groups[0].groupTrunkCapacity).to.deep.equal({
                maxActiveCalls: 50,
                maxAvailableActiveCalls: 40,
                burstingMaxActiveCalls: 10,
                burstingMaxAvailableActiveCalls: -1,
                serviceProviderId: "SP1",
                groupId: "G1",
            });
            expect(r.groups[2].service.assigned).to.equal(false);
            expect(r.groups[2]).to.not.have.property("groupTrunkCapacity");
            expect(r.groupTrunkGroupDetails.map((x: any) => [x.groupId, x.name, x.maxActiveCalls, x.enableBursting])).to.deep.equal([
                ["G1", "G1-TG1", 20, false],
                ["G1", "G1-TG2", 10, true],
                ["G2", "G2-TG1", 30, false],
            ]);
            expect(r.groupTrunkGroupDetails[2]).to.include({ maxIncomingCalls: 15, maxOutgoingCalls: 15 });
        });

        it("groupsOnly: the documented shape without trunk-group rows", async () => {
            await fresh({ seed: reportSeed, capacityReport: "groupsOnly" });
            const r = (await get(api)).json;
            expect(r.groups).to.have.length(3);
            expect(r).to.not.have.property("groupTrunkGroupDetails");
        });

        it("none: 404, like an older server without the endpoint", async () => {
            await fresh({ capacityReport: "none" });
            expectOdinError(await get(api), 404);
        });

        it("follows changes to the data", async () => {
            await api.post(TG_PATH, { ...G1, name: "New", maxActiveCalls: 3 });
            const r = (await get(api)).json;
            expect(r.groupTrunkGroupDetails.map((x: any) => x.name)).to.include("New");
            expectOdinError(await api.get("/service-providers/trunk-groups/call-capacity/reports", { serviceProviderId: "X" }), 404);
        });
    });

    describe("a service provider without the Trunk Group service", () => {
        const seed: OdinSeed = {
            logins: [{ username: "admin", password: "admin" }],
            serviceProviders: [
                { serviceProviderId: "NOSVC", trunkGroupService: false, groups: [{ groupId: "A" }] },
                { serviceProviderId: "SP1", groups: [{ groupId: "G1", trunkGroupCallCapacity: { maxActiveCalls: 5, burstingMaxActiveCalls: 0 } }] },
            ],
        };
        beforeEach(() => fresh({ seed }));
        const TEXT = /^\[Error 4411\] Service Provider NOSVC is not authorized for service: Trunk Group$/;

        it("answers 400 on its call-capacity GET and PUT, in BroadWorks' words", async () => {
            const get = await api.get("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "NOSVC" });
            expectOdinError(get, 400, TEXT);
            expect(get.json.details).to.deep.include({ errorCode: 4411, command: "ServiceProviderTrunkGroupGetRequest14sp1" });
            expectOdinError(await api.put("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "NOSVC", maxActiveCalls: 5 }), 400, TEXT);
            expectOdinError(await api.get("/service-providers/trunk-groups/call-capacity/reports", { serviceProviderId: "NOSVC" }), 400, TEXT);
        });

        it("is told apart from an unknown service provider (404) and from one that has it (200)", async () => {
            expectOdinError(await api.get("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "NOPE" }), 404, /^Service Provider not found: NOPE$/);
            expect((await api.get("/service-providers/trunk-groups/call-capacity", { serviceProviderId: "SP1" })).json).to.deep.equal({ serviceProviderId: "SP1", maxActiveCalls: -1, burstingMaxActiveCalls: -1 });
        });

        it("its groups lack the service too", async () => {
            expect((await api.get("/groups", { serviceProviderId: "NOSVC" })).json.map((g: any) => g.groupId)).to.deep.equal(["A"]);
            expectOdinError(await api.get("/groups/trunk-groups/call-capacity", { serviceProviderId: "NOSVC", groupId: "A" }), 400, /not assigned.*Trunk Group/);
            expectOdinError(await api.get(TG_PATH, { serviceProviderId: "NOSVC", groupId: "A" }), 400, /Trunk Group/);
        });
    });

    describe("list filters the web UI sends", () => {
        const seed: OdinSeed = {
            logins: [{ username: "admin", password: "admin" }],
            serviceProviders: [
                { serviceProviderId: "SP1", resellerId: "R1", groups: [{ groupId: "Sales-East", groupName: "Sales East" }, { groupId: "Ops", groupName: "Operations" }] },
                { serviceProviderId: "SP2", resellerId: "R2", groups: [{ groupId: "sales-west", groupName: "Sales West" }] },
            ],
        };
        beforeEach(() => fresh({ seed }));

        it("GET /groups?groupName=*text* searches by name, across service providers without serviceProviderId", async () => {
            const ids = async (q: Record<string, string>) => (await api.get("/groups", q)).json.map((g: any) => `${g.serviceProviderId}/${g.groupId}`);
            expect(await ids({ groupName: "*sales*" })).to.deep.equal(["SP1/Sales-East", "SP2/sales-west"]);
            expect(await ids({ groupName: "*sales*", serviceProviderId: "SP2" })).to.deep.equal(["SP2/sales-west"]);
            expect(await ids({ groupId: "*s*", serviceProviderId: "SP1" })).to.deep.equal(["SP1/Sales-East", "SP1/Ops"]);
            expect(await ids({ groupName: "Operations" })).to.deep.equal(["SP1/Ops"]);
            expect(await ids({ groupName: "*nothing*" })).to.deep.equal([]);
            // Without a wildcard, groupId is still the one group's detail.
            expect((await api.get("/groups", { serviceProviderId: "SP1", groupId: "Ops" })).json).to.include({ groupId: "Ops", defaultDomain: "sp1.sim.example" });
        });

        it("GET /service-providers?resellerId= lists a reseller's service providers", async () => {
            expect((await api.get("/service-providers", { resellerId: "R2" })).json.map((s: any) => s.serviceProviderId)).to.deep.equal(["SP2"]);
            expect((await api.get("/service-providers")).json.map((s: any) => s.serviceProviderId)).to.deep.equal(["SP1", "SP2"]);
            expect((await api.get("/service-providers", { serviceProviderId: "SP1" })).json).to.include({ resellerId: "R1" });
        });
    });

});
