import { expect } from "chai";
import { OdinSeed, OdinSimulator, OdinSimulatorOptions, sampleSeed } from "../../../provider/simulator";
import { Api, G1, TG_PATH, expectOdinError, restartWithSession } from "./helpers";

const SP_ET = "/service-providers/enterprise-trunks";
const GROUP_ET = "/groups/enterprise-trunks";

/** The sample plus a group-level enterprise trunk with priority weighted routing. */
function seed(): OdinSeed {
    const s = sampleSeed();
    s.serviceProviders[0].enterpriseTrunks!.push({
        enterpriseTrunkName: "G1-ET",
        groupId: "G1",
        maximumRerouteAttempts: 2,
        routeExhaustionAction: "Forward",
        routeExhaustionForwardAddress: "+15550100",
        priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: 1 },
        capacityManagement: { maximumActiveCalls: 12, enabled: true },
        trunkGroups: [
            { groupId: "G1", trunkGroupName: "G1-TG1", priority: 1, weight: 10 },
            { groupId: "G1", trunkGroupName: "G1-TG2", priority: 2, weight: 1 },
        ],
    });
    return s;
}

describe("Odin simulator: enterprise trunks and generators", function () {
    let sim: OdinSimulator;
    let api: Api;
    const fresh = async (opts: OdinSimulatorOptions = {}) => {
        ({ sim, api } = await restartWithSession(sim, { seed: seed(), ...opts }));
    };
    beforeEach(() => fresh());
    afterEach(() => sim.close());

    describe("enterprise trunks", () => {
        it("the service-provider list is a summary: name and routing type, as the web UI and BroadWorks' list command have it", async () => {
            const list = await api.get(SP_ET, { serviceProviderId: "SP1" });
            expect(list.json).to.deep.equal([{ serviceProviderId: "SP1", enterpriseTrunkName: "ET1", routingType: "Ordered Routing" }]);
        });

        it("capacity, routing and member trunk groups are only in the GET of one trunk", async () => {
            const one = await api.get(SP_ET, { serviceProviderId: "SP1", enterpriseTrunkName: "ET1" });
            expect(one.json).to.deep.equal({
                serviceProviderId: "SP1",
                enterpriseTrunkName: "ET1",
                maximumRerouteAttempts: 3,
                routeExhaustionAction: "None",
                orderedRouting: { orderingAlgorithm: "Ordered Load Balancing" },
                capacityManagement: { maximumActiveCalls: 40, enabled: true },
                trunkGroups: [
                    { groupId: "G1", trunkGroupName: "G1-TG1" },
                    { groupId: "G2", trunkGroupName: "G2-TG1" },
                ],
            });
            expectOdinError(await api.get(SP_ET, { serviceProviderId: "SP1", enterpriseTrunkName: "NOPE" }), 404, /^Enterprise Trunk not found: NOPE$/);
            // A group's enterprise trunk is not one of the service provider's.
            expectOdinError(await api.get(SP_ET, { serviceProviderId: "SP1", enterpriseTrunkName: "G1-ET" }), 404);
        });

        it("group level (/groups/enterprise-trunks): the same summary list and detail", async () => {
            expect((await api.get(GROUP_ET, G1)).json).to.deep.equal([{ serviceProviderId: "SP1", groupId: "G1", enterpriseTrunkName: "G1-ET", routingType: "Priority Weighted Routing" }]);
            const one = (await api.get(GROUP_ET, { ...G1, enterpriseTrunkName: "G1-ET" })).json;
            expect(one).to.include({ groupId: "G1", routeExhaustionAction: "Forward", routeExhaustionForwardAddress: "+15550100" });
            expect(one.priorityWeightedRouting).to.deep.equal({ maximumRerouteAttemptsWithinPriority: 1 });
            expect(one).to.not.have.property("orderedRouting");
            expect(one.capacityManagement).to.deep.equal({ maximumActiveCalls: 12, enabled: true });
            expect(one.trunkGroups[0]).to.deep.equal({ groupId: "G1", trunkGroupName: "G1-TG1", priority: 1, weight: 10 });
            expect((await api.get(GROUP_ET, { serviceProviderId: "SP1", groupId: "G2" })).json).to.deep.equal([]);
            expectOdinError(await api.get(GROUP_ET, { serviceProviderId: "SP1", groupId: "G9" }), 404, /Group not found: G9/);
        });

        it("enterpriseTrunkList 'full' answers whole records in the lists, as the simulator used to", async () => {
            await fresh({ enterpriseTrunkList: "full" });
            const list = (await api.get(SP_ET, { serviceProviderId: "SP1" })).json;
            expect(list[0]).to.include({ enterpriseTrunkName: "ET1", maximumRerouteAttempts: 3 });
            expect(list[0].capacityManagement).to.deep.equal({ maximumActiveCalls: 40, enabled: true });
        });
    });

    describe("enterprise trunk writes (POST, PUT, DELETE at both levels)", () => {
        const ET2 = { serviceProviderId: "SP1", enterpriseTrunkName: "ET2", maximumRerouteAttempts: 2, routeExhaustionAction: "None", orderedRouting: { orderingAlgorithm: "Overflow" } };

        it("POST at enterprise level answers the trunk as GET shows it, with its member trunk groups", async () => {
            const created = await api.post(SP_ET, { ...ET2, capacityManagement: { maximumActiveCalls: 5, enabled: true }, trunkGroups: [{ groupId: "G1", trunkGroupName: "G1-TG2" }] });
            expect(created.status, created.text).to.equal(200);
            const one = (await api.get(SP_ET, { serviceProviderId: "SP1", enterpriseTrunkName: "ET2" })).json;
            expect(created.json).to.deep.equal(one);
            expect(one).to.deep.equal({ ...ET2, capacityManagement: { maximumActiveCalls: 5, enabled: true }, trunkGroups: [{ groupId: "G1", trunkGroupName: "G1-TG2" }] });
        });

        it("POST refuses what BroadWorks refuses, before changing anything", async () => {
            const refused: Array<[Record<string, unknown>, number, RegExp]> = [
                [{ ...ET2, orderedRouting: undefined }, 400, /one of orderedRouting and priorityWeightedRouting is required/],
                [{ ...ET2, priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: 1 } }, 400, /exclude each other/],
                [{ ...ET2, orderedRouting: { orderingAlgorithm: "Random" } }, 400, /orderingAlgorithm must be one of Ordered Load Balancing, Overflow, Most Idle, Least Idle/],
                [{ ...ET2, routeExhaustionAction: "Forward" }, 400, /routeExhaustionForwardAddress is required when routeExhaustionAction is Forward/],
                [{ ...ET2, maximumRerouteAttempts: 11 }, 400, /maximumRerouteAttempts must be an integer from 1 to 10/],
                [{ ...ET2, enterpriseTrunkName: "ET1" }, 400, /Enterprise Trunk ET1 already exists/],
                [{ ...ET2, trunkGroups: [{ groupId: "G1", trunkGroupName: "NOPE" }] }, 400, /Trunk Group not found: G1\/NOPE/],
                [{ ...ET2, trunkGroups: [{ groupId: "G1", trunkGroupName: "G1-TG2" }, { groupId: "G1", trunkGroupName: "G1-TG2" }] }, 400, /trunk group G1\/G1-TG2 is listed twice/],
                [{ ...ET2, trunkGroups: [{ groupId: "G1", trunkGroupName: "G1-TG2", priority: 1 }] }, 400, /priority and weight apply to priority weighted routing only/],
            ];
            for (const [body, status, pattern] of refused) {
                expectOdinError(await api.post(SP_ET, body), status, pattern);
            }
            expectOdinError(await api.post(GROUP_ET, { ...ET2, groupId: "G2", trunkGroups: [{ groupId: "G1", trunkGroupName: "G1-TG2" }] }), 400, /a group's enterprise trunk holds only trunk groups of group G2/);
            expectOdinError(await api.post(GROUP_ET, { ...ET2, groupId: "G9" }), 404, /Group not found: G9/);
            expect((await api.get(SP_ET, { serviceProviderId: "SP1" })).json.map((t: { enterpriseTrunkName: string }) => t.enterpriseTrunkName)).to.deep.equal(["ET1"]);
        });

        it("PUT is sparse: renames by newEnterpriseTrunkName, a routing object replaces the routing, lists replace, null clears the forward address", async () => {
            await api.post(GROUP_ET, { ...ET2, groupId: "G2", routeExhaustionAction: "Forward", routeExhaustionForwardAddress: "+15550199" });
            const put = await api.put(GROUP_ET, {
                serviceProviderId: "SP1",
                groupId: "G2",
                enterpriseTrunkName: "ET2",
                newEnterpriseTrunkName: "ET2-B",
                priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: 3 },
                trunkGroups: [{ groupId: "G2", trunkGroupName: "G2-TG1", priority: 1, weight: 5 }],
            });
            expect(put.status, put.text).to.equal(200);
            const one = (await api.get(GROUP_ET, { serviceProviderId: "SP1", groupId: "G2", enterpriseTrunkName: "ET2-B" })).json;
            expect(one).to.include({ enterpriseTrunkName: "ET2-B", maximumRerouteAttempts: 2, routeExhaustionForwardAddress: "+15550199" });
            expect(one).to.not.have.property("orderedRouting");
            expect(one.priorityWeightedRouting).to.deep.equal({ maximumRerouteAttemptsWithinPriority: 3 });
            expect(one.trunkGroups).to.deep.equal([{ groupId: "G2", trunkGroupName: "G2-TG1", priority: 1, weight: 5 }]);
            expectOdinError(await api.get(GROUP_ET, { serviceProviderId: "SP1", groupId: "G2", enterpriseTrunkName: "ET2" }), 404);
            const cleared = await api.put(GROUP_ET, { serviceProviderId: "SP1", groupId: "G2", enterpriseTrunkName: "ET2-B", routeExhaustionAction: "None", routeExhaustionForwardAddress: null });
            expect(cleared.json).to.not.have.property("routeExhaustionForwardAddress");
            // Back to ordered routing: the members keep their order, without priorities and weights.
            const ordered = await api.put(GROUP_ET, { serviceProviderId: "SP1", groupId: "G2", enterpriseTrunkName: "ET2-B", orderedRouting: { orderingAlgorithm: "Most Idle" } });
            expect(ordered.json.trunkGroups).to.deep.equal([{ groupId: "G2", trunkGroupName: "G2-TG1" }]);
            expectOdinError(await api.put(GROUP_ET, { serviceProviderId: "SP1", groupId: "G2", enterpriseTrunkName: "NOPE", maximumRerouteAttempts: 3 }), 404, /Enterprise Trunk not found: NOPE/);
            expectOdinError(await api.put(SP_ET, { serviceProviderId: "SP1", enterpriseTrunkName: "ET1", routeExhaustionAction: "Forward" }), 400, /routeExhaustionForwardAddress is required/);
        });

        it("DELETE answers the deleted trunk, then 404; its trunk groups are free again; a renamed trunk group is followed", async () => {
            const renamed = await api.put(TG_PATH, { serviceProviderId: "SP1", groupId: "G1", name: "G1-TG1", newName: "G1-TG1-R" });
            expect(renamed.status, renamed.text).to.equal(200);
            expect((await api.get(SP_ET, { serviceProviderId: "SP1", enterpriseTrunkName: "ET1" })).json.trunkGroups[0]).to.deep.equal({ groupId: "G1", trunkGroupName: "G1-TG1-R" });
            const deleted = await api.del(SP_ET, { serviceProviderId: "SP1", enterpriseTrunkName: "ET1" });
            expect(deleted.status).to.equal(200);
            expect(deleted.json).to.include({ enterpriseTrunkName: "ET1" });
            expectOdinError(await api.del(SP_ET, { serviceProviderId: "SP1", enterpriseTrunkName: "ET1" }), 404, /Enterprise Trunk not found: ET1/);
            const reuse = await api.post(SP_ET, { ...ET2, trunkGroups: [{ groupId: "G1", trunkGroupName: "G1-TG1-R" }] });
            expect(reuse.status, reuse.text).to.equal(200);
        });
    });

    describe("generators", () => {
        it("GET /sip-password/generate: one random SIP password, or `limit` of them", async () => {
            const a = (await api.get("/sip-password/generate")).json;
            const b = (await api.get("/sip-password/generate")).json;
            expect(a).to.have.keys("password");
            expect(a.password).to.be.a("string").with.length(12);
            expect(a.password).to.match(/[A-Z]/).and.match(/[a-z]/).and.match(/[0-9]/).and.match(/[^A-Za-z0-9]/);
            expect(a.password).to.not.equal(b.password);
            const many = (await api.get("/sip-password/generate", { limit: "5" })).json;
            expect(many).to.have.keys("passwords");
            expect(new Set(many.passwords).size).to.equal(5);
            expectOdinError(await api.get("/sip-password/generate", { limit: "0" }), 400, /limit must be an integer from 1 to 100/);
        });

        it("GET /password/generate: the group's web password(s); serviceProviderId and groupId are required", async () => {
            const one = (await api.get("/password/generate", G1)).json;
            expect(one).to.have.keys("password");
            expect(one.password).to.have.length(18);
            expect((await api.get("/password/generate", { ...G1, limit: "3" })).json.passwords).to.have.length(3);
            // odins-spear's get_sip_passwords_generate sends only limit: refused, naming what is missing.
            expectOdinError(await api.get("/password/generate", { limit: "10" }), 400, /serviceProviderId is required/);
            expectOdinError(await api.get("/password/generate", { serviceProviderId: "SP1", groupId: "G9" }), 404, /Group not found: G9/);
        });

        it("GET /passcode/generate: digits", async () => {
            expect((await api.get("/passcode/generate", G1)).json.passcode).to.match(/^[0-9]{6}$/);
            expect((await api.get("/passcode/generate", { ...G1, limit: "2" })).json.passcodes).to.have.length(2);
        });
    });
});
