import { expect } from "chai";
import { OdinSeed, OdinSimulator, OdinSimulatorOptions, sampleSeed } from "../../../provider/simulator";
import { Api, G1, expectOdinError, restartWithSession } from "./helpers";

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
