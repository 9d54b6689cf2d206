import { expect } from "chai";
import { OdinSeed, OdinSimulator, OdinSimulatorOptions, sampleSeed } from "../../../provider/simulator";
import { Api, G1, TG_PATH, expectOdinError, odinsSpearCreateBody, restartWithSession } from "./helpers";

/** The sample with access devices at each level, departments, and an enterprise department. */
function withDevices(): OdinSeed {
    const seed = sampleSeed();
    seed.systemAccessDevices = [{ deviceName: "SYS-SBC" }];
    const sp = seed.serviceProviders[0];
    sp.accessDevices = [{ deviceName: "SP-SBC" }];
    sp.departments = [{ name: "Enterprise Sales" }];
    sp.groups![0].accessDevices = [{ deviceName: "SBC-1", deviceType: "Generic SIP Trunking Device" }];
    sp.groups![0].departments = [{ name: "Ops" }];
    return seed;
}

describe("Odin simulator: trunk groups", function () {
    let sim: OdinSimulator;
    let api: Api;
    const fresh = async (opts: OdinSimulatorOptions = {}) => {
        ({ sim, api } = await restartWithSession(sim, opts));
    };

    beforeEach(() => fresh());
    afterEach(() => sim.close());

    describe("reading trunk groups", () => {
        it("lists summaries", async () => {
            const res = await api.get(TG_PATH, G1);
            expect(res.json).to.deep.equal([
                { name: "G1-TG1", department: null, groupId: "G1", serviceProviderId: "SP1" },
                { name: "G1-TG2", department: null, groupId: "G1", serviceProviderId: "SP1" },
            ]);
        });

        it("returns the full profile like seed 000: defaults, identity, users, no nulls, no password", async () => {
            const res = await api.trunk("G1-TG2");
            expect(res.status).to.equal(200);
            const p = res.json;
            expect(p).to.include({
                serviceProviderId: "SP1",
                groupId: "G1",
                name: "G1-TG2",
                maxActiveCalls: 10,
                enableBursting: true,
                burstingMaxActiveCalls: 5,
                requireAuthentication: true,
                sipAuthenticationUserName: "g1-tg2",
                invitationTimeout: 6,
                trunkGroupState: "Available",
                totalActiveIncomingCalls: 0,
                userLookupPolicy: "Basic",
                useSystemUserLookupPolicy: true,
                useSystemOptionsMessageResponseStatusCodes: true,
            });
            expect(p.users).to.deep.equal([]);
            expect(p).to.not.have.property("sipAuthenticationPassword");
            expect(p).to.not.have.property("pilotUserId");
            expect(p).to.not.have.property("maxIncomingCalls");
            expect(Object.values(p).filter((v) => v === null)).to.deep.equal([]);
            expect(res.text).to.not.include("Sample-Passw0rd!");
            // Key order follows BroadWorks: profile fields first, then the identity triple, then users.
            expect(Object.keys(p).slice(-4)).to.deep.equal(["serviceProviderId", "groupId", "name", "users"]);
        });

        it("answers 404 'Trunk Group not found: <name>' for an unknown trunk group", async () => {
            const res = await api.trunk("NOPE");
            expectOdinError(res, 404, /^Trunk Group not found: NOPE$/);
            expectOdinError(await api.trunk("G1-TG1", { serviceProviderId: "SP1", groupId: "G9" }), 404, /Group not found: G9/);
        });

        it("/users lists the trunk group's users; /users/hosted the group's users still available to host - two different lists", async () => {
            const res = await api.get(`${TG_PATH}/users`, { ...G1, name: "G1-TG1" });
            expect(res.json).to.include({ serviceProviderId: "SP1", groupId: "G1", name: "G1-TG1" });
            expect(res.json.users.map((u: any) => u.userId)).to.deep.equal(["g1.pilot@sp1.sim.example", "g1.alice@sp1.sim.example"]);
            // Rows carry the columns of BroadWorks' user table, "" when empty.
            expect(res.json.users[1]).to.deep.equal({
                userId: "g1.alice@sp1.sim.example",
                lastName: "Able",
                firstName: "Alice",
                department: "",
                phoneNumber: "",
                hiraganaLastName: "",
                hiraganaFirstName: "",
                extension: "",
                emailAddress: "",
            });
            const hosted = await api.get(`${TG_PATH}/users/hosted`, { ...G1, name: "G1-TG1" });
            expect(hosted.json.users.map((u: any) => u.userId)).to.deep.equal(["g1.bob@sp1.sim.example"]);
            // Hosting bob on G1-TG2 takes him off every trunk group's available list.
            await api.put(TG_PATH, { ...G1, name: "G1-TG2", users: ["g1.bob@sp1.sim.example"] });
            expect((await api.get(`${TG_PATH}/users/hosted`, { ...G1, name: "G1-TG1" })).json.users).to.deep.equal([]);
            expect((await api.get(`${TG_PATH}/users`, { ...G1, name: "G1-TG2" })).json.users.map((u: any) => u.userId)).to.deep.equal(["g1.bob@sp1.sim.example"]);
            expectOdinError(await api.get(`${TG_PATH}/users`, { ...G1, name: "NOPE" }), 404);
            expectOdinError(await api.get(`${TG_PATH}/users/hosted`, { ...G1, name: "NOPE" }), 404);
        });
    });

    describe("creating trunk groups", () => {
        it("accepts odins_spear's body: string booleans, string numbers and empty SIP fields", async () => {
            const res = await api.post(TG_PATH, odinsSpearCreateBody("Spear", "2"));
            expect(res.status, res.text).to.equal(200);
            expect(res.json).to.include({ name: "Spear", maxActiveCalls: 2, requireAuthentication: false, useSystemUserLookupPolicy: true });
            expect(res.json).to.not.have.property("sipAuthenticationUserName");
            expect(res.json).to.not.have.property("sipAuthenticationPassword");
            expect((await api.trunk("Spear")).json).to.deep.equal(res.json);
        });

        it("fills the BroadWorks defaults of seed 001 for a minimal body", async () => {
            const res = await api.post(TG_PATH, { ...G1, name: "Odin Test Trunk", maxActiveCalls: 2 });
            expect(res.status, res.text).to.equal(200);
            const seed001 = {
                maxActiveCalls: 2,
                enableBursting: false,
                capacityExceededTrapInitialCalls: 0,
                capacityExceededTrapOffsetCalls: 0,
                invitationTimeout: 6,
                requireAuthentication: false,
                allowTerminationToTrunkGroupIdentity: false,
                allowTerminationToDtgIdentity: false,
                includeTrunkGroupIdentity: false,
                includeDtgIdentity: false,
                includeTrunkGroupIdentityForNetworkCalls: false,
                includeOtgIdentityForNetworkCalls: false,
                enableNetworkAddressIdentity: false,
                allowUnscreenedCalls: false,
                allowUnscreenedEmergencyCalls: false,
                pilotUserCallingLineIdentityForExternalCallsPolicy: "No Calls",
                pilotUserChargeNumberPolicy: "No Calls",
                routeToPeeringDomain: false,
                prefixEnabled: false,
                statefulReroutingEnabled: false,
                sendContinuousOptionsMessage: false,
                continuousOptionsSendingIntervalSeconds: 30,
                failureOptionsSendingIntervalSeconds: 10,
                failureThresholdCounter: 1,
                successThresholdCounter: 1,
                inviteFailureThresholdCounter: 1,
                inviteFailureThresholdWindowSeconds: 30,
                trunkGroupState: "Available",
                pilotUserCallingLineAssertedIdentityPolicy: "Unscreened Originating Calls",
                useSystemCallingLineAssertedIdentityPolicy: false,
                totalActiveIncomingCalls: 0,
                totalActiveOutgoingCalls: 0,
                pilotUserCallOptimizationPolicy: "Optimize For User Services",
                clidSourceForScreenedCallsPolicy: "Profile Name Profile Number",
                useSystemCLIDSourceForScreenedCallsPolicy: false,
                userLookupPolicy: "Basic",
                useSystemUserLookupPolicy: true,
                pilotUserCallingLineIdentityForEmergencyCallsPolicy: "No Calls",
                implicitRegistrationSetSupportPolicy: "Disabled",
                useSystemImplicitRegistrationSetSupportPolicy: true,
                sipIdentityForPilotAndProxyTrunkModesPolicy: "User",
                useSystemSIPIdentityForPilotAndProxyTrunkModesPolicy: true,
                useSystemSupportConnectedIdentityPolicy: true,
                supportConnectedIdentityPolicy: "Disabled",
                useSystemOptionsMessageResponseStatusCodes: true,
                serviceProviderId: "SP1",
                groupId: "G1",
                name: "Odin Test Trunk",
                users: [],
            };
            expect(res.json).to.deep.equal(seed001);
            expect(Object.keys(res.json)).to.deep.equal(Object.keys(seed001));
        });

        it("accepts the web UI's body with real booleans and stores the SIP password without returning it", async () => {
            await fresh({ seed: withDevices() });
            const res = await api.post(TG_PATH, {
                ...G1,
                name: "WebUI",
                maxActiveCalls: 5,
                requireAuthentication: true,
                sipAuthenticationUserName: "webui",
                sipAuthenticationPassword: "S3cret-pass",
                useSystemCallingLineAssertedIdentityPolicy: true,
                accessDevice: { deviceLevel: "Group", deviceName: "SBC-1", serviceProviderId: "SP1", groupId: "G1" },
                department: null,
                maxIncomingCalls: 4,
            });
            expect(res.status, res.text).to.equal(200);
            expect(res.json).to.include({ requireAuthentication: true, sipAuthenticationUserName: "webui", useSystemCallingLineAssertedIdentityPolicy: true });
            expect(res.json).to.not.have.property("department");
            expect(res.text).to.not.include("S3cret-pass");
            expect((await api.trunk("WebUI")).text).to.not.include("S3cret-pass");
            const list = await api.get(TG_PATH, G1);
            expect(list.json[2]).to.include({ name: "WebUI", deviceName: "SBC-1", deviceLevel: "Group" });
            const stored = sim.state().serviceProviders[0].groups![0].trunkGroups!.find((t) => t.name === "WebUI")!;
            expect(stored.sipAuthenticationPassword).to.equal("S3cret-pass");
        });

        it("refuses a duplicate name in the group", async () => {
            const res = await api.post(TG_PATH, { ...G1, name: "G1-TG1", maxActiveCalls: 1 });
            expectOdinError(res, 400, /already exists/);
            expect(res.json.error).to.match(/G1-TG1/);
        });

        it("refuses maxActiveCalls above the group's trunking capacity, naming both numbers", async () => {
            const res = await api.post(TG_PATH, { ...G1, name: "Big", maxActiveCalls: 60 });
            expectOdinError(res, 400, /^\[Error \d{4}\] Trunk group max active calls 60 exceeds the group trunking call capacity 50$/);
            expect((await api.trunk("Big")).status).to.equal(404);
            // Per trunk group, not the sum: 50 more on top of the 30 already allocated is fine.
            expect((await api.post(TG_PATH, { ...G1, name: "Exactly", maxActiveCalls: 50 })).status).to.equal(200);
        });

        it("requires SIP user name and password when requireAuthentication is true", async () => {
            const base = { ...G1, name: "Auth", maxActiveCalls: 1, requireAuthentication: true };
            expectOdinError(await api.post(TG_PATH, base), 400, /SIP authentication user name and password are required/);
            expectOdinError(await api.post(TG_PATH, { ...base, sipAuthenticationUserName: "u" }), 400, /required/);
            expectOdinError(await api.post(TG_PATH, { ...base, sipAuthenticationUserName: "", sipAuthenticationPassword: "p" }), 400, /required/);
            expectOdinError(await api.post(TG_PATH, { ...base, requireAuthentication: "true", sipAuthenticationPassword: "p" }), 400);
            expect((await api.post(TG_PATH, { ...base, sipAuthenticationUserName: "u", sipAuthenticationPassword: "p" })).status).to.equal(200);
        });

        const outOfRange: Array<[string, unknown]> = [
            ["invitationTimeout", 0],
            ["invitationTimeout", 256],
            ["continuousOptionsSendingIntervalSeconds", 29],
            ["continuousOptionsSendingIntervalSeconds", 86401],
            ["failureOptionsSendingIntervalSeconds", 9],
            ["failureThresholdCounter", 61],
            ["successThresholdCounter", 0],
            ["inviteFailureThresholdCounter", 61],
            ["inviteFailureThresholdWindowSeconds", 241],
            ["maxIncomingCalls", -1],
            ["maxOutgoingCalls", 1000000],
            ["burstingMaxActiveCalls", -1],
            ["capacityExceededTrapInitialCalls", -1],
            ["invitationTimeout", 6.5],
            ["invitationTimeout", "six"],
            ["enableBursting", "yes"],
            ["userLookupPolicy", "Fancy"],
            ["pilotUserCallingLineAssertedIdentityPolicy", "No Calls"],
            ["capacityExceededAction", "Drop"],
            ["clidSourceForScreenedCallsPolicy", "profile name profile number"],
            ["trunkGroupIdentity", "no-at-sign"],
            ["prefix", "12a"],
            ["sipAuthenticationUserName", "x".repeat(81)],
            ["accessDevice", { deviceLevel: "Planet", deviceName: "x" }],
            ["capacityExceededRerouteTrunkGroupKey", { name: "x" }],
            ["invitationTimeout", null],
        ];
        for (const [field, value] of outOfRange) {
            it(`refuses ${field} = ${JSON.stringify(value)}`, async () => {
                const res = await api.post(TG_PATH, { ...G1, name: "Bad", maxActiveCalls: 1, [field]: value });
                expectOdinError(res, 400, new RegExp(`^\\[Error \\d{4}\\] .*${field}`));
            });
        }

        it("accepts the bounds themselves", async () => {
            const res = await api.post(TG_PATH, {
                ...G1,
                name: "x".repeat(30),
                maxActiveCalls: 1,
                invitationTimeout: 255,
                continuousOptionsSendingIntervalSeconds: 86400,
                failureOptionsSendingIntervalSeconds: 10,
                inviteFailureThresholdWindowSeconds: 240,
                maxIncomingCalls: 0,
            });
            expect(res.status, res.text).to.equal(200);
        });

        it("refuses bad names and maxActiveCalls", async () => {
            expectOdinError(await api.post(TG_PATH, { ...G1, name: "x".repeat(31), maxActiveCalls: 1 }), 400, /name must be 1 to 30/);
            expectOdinError(await api.post(TG_PATH, { ...G1, name: "", maxActiveCalls: 1 }), 400, /name/);
            expectOdinError(await api.post(TG_PATH, { ...G1, name: "Z", maxActiveCalls: 0 }), 400, /maxActiveCalls/);
            expectOdinError(await api.post(TG_PATH, { ...G1, name: "Z" }), 400, /maxActiveCalls is required/);
            expectOdinError(await api.post(TG_PATH, { serviceProviderId: "SP1", name: "Z", maxActiveCalls: 1 }), 400, /groupId is required/);
        });

        it("answers 404 for an unknown service provider or group", async () => {
            expectOdinError(await api.post(TG_PATH, { serviceProviderId: "SPX", groupId: "G1", name: "Z", maxActiveCalls: 1 }), 404, /Service Provider not found: SPX/);
            expectOdinError(await api.post(TG_PATH, { serviceProviderId: "SP1", groupId: "GX", name: "Z", maxActiveCalls: 1 }), 404, /Group not found: GX/);
        });

        it("refuses a pilot user of another group, and one the system does not know with BroadWorks' '[Error 4008] User not found'", async () => {
            const res = await api.post(TG_PATH, { ...G1, name: "Pilot", maxActiveCalls: 1, pilotUserId: "g2.carol@sp1.sim.example", users: ["g1.bob@sp1.sim.example"] });
            expectOdinError(res, 400, /^\[Error 4009\] User g2\.carol@sp1\.sim\.example is not in group G1$/);
            const unknown = await api.post(TG_PATH, { ...G1, name: "Pilot", maxActiveCalls: 1, pilotUserId: "nobody@sp1.sim.example" });
            // A 400 that says "not found" while the trunk group's own absence is a 404: a client must tell them apart.
            expectOdinError(unknown, 400, /^\[Error 4008\] User not found: nobody@sp1\.sim\.example$/);
            expect(unknown.json.details).to.deep.include({ errorCode: 4008 });
            expectOdinError(await api.trunk("Pilot"), 404, /^Trunk Group not found: Pilot$/);
        });

        it("needs the pilot user to be a hosted user of the trunk group (reference: 'user must be on the trunk')", async () => {
            expectOdinError(
                await api.post(TG_PATH, { ...G1, name: "Pilot", maxActiveCalls: 1, pilotUserId: "g1.bob@sp1.sim.example" }),
                400,
                /^\[Error 4516\] Pilot user g1\.bob@sp1\.sim\.example must be a hosted user of trunk group "Pilot"$/,
            );
            const ok = await api.post(TG_PATH, { ...G1, name: "Pilot", maxActiveCalls: 1, pilotUserId: "g1.bob@sp1.sim.example", users: [{ userId: "g1.bob@sp1.sim.example" }] });
            expect(ok.status, ok.text).to.equal(200);
            expect(ok.json.pilotUserId).to.equal("g1.bob@sp1.sim.example");
        });

        it("renders numeric-looking strings as numbers, as Odin does, unless turned off", async () => {
            const body = { ...G1, name: "Num", maxActiveCalls: 1, callForwardingAlwaysForwardAddress: "123123123", prefix: "0044", otgDtgIdentity: "77" };
            const res = await api.post(TG_PATH, body);
            expect(res.json).to.include({ callForwardingAlwaysForwardAddress: 123123123, prefix: "0044", otgDtgIdentity: 77 });
            // A client echoing the numbers back is accepted.
            expect((await api.put(TG_PATH, { ...G1, name: "Num", callForwardingAlwaysForwardAddress: 555 })).json.callForwardingAlwaysForwardAddress).to.equal(555);
            await fresh({ numericStrings: false });
            expect((await api.post(TG_PATH, body)).json).to.include({ callForwardingAlwaysForwardAddress: "123123123", otgDtgIdentity: "77" });
        });
    });

    describe("modifying trunk groups", () => {
        it("is sparse: only the fields sent change", async () => {
            const before = (await api.trunk("G2-TG1", { serviceProviderId: "SP1", groupId: "G2" })).json;
            const res = await api.put(TG_PATH, { serviceProviderId: "SP1", groupId: "G2", name: "G2-TG1", invitationTimeout: 10 });
            expect(res.status, res.text).to.equal(200);
            expect(res.json).to.deep.equal({ ...before, invitationTimeout: 10 });
        });

        it("renames with newName; the old name is gone and references follow", async () => {
            const res = await api.put(TG_PATH, { ...G1, name: "G1-TG1", newName: "G1-Main" });
            expect(res.status, res.text).to.equal(200);
            expect(res.json.name).to.equal("G1-Main");
            expect((await api.trunk("G1-TG1")).status).to.equal(404);
            expect((await api.trunk("G1-Main")).json.pilotUserId).to.equal("g1.pilot@sp1.sim.example");
            const et = await api.get("/service-providers/enterprise-trunks", { serviceProviderId: "SP1", enterpriseTrunkName: "ET1" });
            expect(et.json.trunkGroups).to.deep.include({ groupId: "G1", trunkGroupName: "G1-Main" });
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-Main", newName: "G1-TG2" }), 400, /already exists/);
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-Main", newName: "y".repeat(31) }), 400, /newName/);
        });

        it("replaces the hosted-user list with users", async () => {
            const res = await api.put(TG_PATH, { ...G1, name: "G1-TG1", users: [{ userId: "g1.bob@sp1.sim.example" }, { userId: "g1.pilot@sp1.sim.example" }] });
            expect(res.json.users.map((u: any) => u.userId)).to.deep.equal(["g1.bob@sp1.sim.example", "g1.pilot@sp1.sim.example"]);
            const users = await api.get(`${TG_PATH}/users`, { ...G1, name: "G1-TG1" });
            expect(users.json.users.map((u: any) => u.userId)).to.deep.equal(["g1.bob@sp1.sim.example", "g1.pilot@sp1.sim.example"]);
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", users: [] })).json.users).to.deep.equal([]);
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", users: [{ userId: "stranger" }] }), 400, /^\[Error 4008\] User not found: stranger$/);
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", users: [{ userId: "g2.dave@sp1.sim.example" }] }), 400, /^\[Error 4009\] User g2\.dave@sp1\.sim\.example is not in group G1$/);
            // The pilot must stay hosted.
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG1", users: [] }), 400, /Pilot user g1\.pilot@sp1\.sim\.example must be a hosted user/);
            // Leaving users out keeps them.
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG1", invitationTimeout: 7 })).json.users).to.have.length(2);
        });

        it("clears pilotUserId and other optional fields sent as null", async () => {
            const res = await api.put(TG_PATH, { ...G1, name: "G1-TG1", pilotUserId: null });
            expect(res.status, res.text).to.equal(200);
            expect(res.json).to.not.have.property("pilotUserId");
            const res2 = await api.put(TG_PATH, { serviceProviderId: "SP1", groupId: "G2", name: "G2-TG1", maxIncomingCalls: null });
            expect(res2.json).to.not.have.property("maxIncomingCalls");
            expect(res2.json.maxOutgoingCalls).to.equal(15);
            const tg2 = await api.put(TG_PATH, { ...G1, name: "G1-TG2", burstingMaxActiveCalls: null });
            expect(tg2.json).to.not.have.property("burstingMaxActiveCalls");
            expect(Object.values(tg2.json).filter((v) => v === null)).to.deep.equal([]);
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", maxActiveCalls: null }), 400, /maxActiveCalls cannot be cleared/);
        });

        it("sets a pilot user only from the trunk group's hosted users", async () => {
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", pilotUserId: "g1.bob@sp1.sim.example" }), 400, /must be a hosted user of trunk group "G1-TG2"/);
            const both = await api.put(TG_PATH, { ...G1, name: "G1-TG2", users: ["g1.bob@sp1.sim.example"], pilotUserId: "g1.bob@sp1.sim.example" });
            expect(both.json.pilotUserId).to.equal("g1.bob@sp1.sim.example");
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", pilotUserId: "nobody@x" }), 400, /^\[Error 4008\] User not found: nobody@x$/);
            expect((await api.trunk("G1-TG2")).json.pilotUserId).to.equal("g1.bob@sp1.sim.example");
        });

        it("pilotAnyGroupUser: any user of the group may be the pilot, as the simulator used to allow", async () => {
            await fresh({ pilotAnyGroupUser: true });
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", pilotUserId: "g1.bob@sp1.sim.example" })).json.pilotUserId).to.equal("g1.bob@sp1.sim.example");
        });

        it("ignores read-only fields, so the web UI can send the whole GET object back", async () => {
            const whole = (await api.trunk("G1-TG2")).json;
            const res = await api.put(TG_PATH, { ...whole, trunkGroupState: "Unavailable", totalActiveIncomingCalls: 99, invitationTimeout: 9 });
            expect(res.status, res.text).to.equal(200);
            expect(res.json).to.include({ trunkGroupState: "Available", totalActiveIncomingCalls: 0, invitationTimeout: 9 });
        });

        it("checks maxActiveCalls against the group capacity", async () => {
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", maxActiveCalls: 51 }), 400, /max active calls 51 exceeds the group trunking call capacity 50/);
            expect((await api.trunk("G1-TG2")).json.maxActiveCalls).to.equal(10);
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", maxActiveCalls: "50" })).json.maxActiveCalls).to.equal(50);
        });

        it("requires SIP credentials when turning authentication on, and accepts stored ones", async () => {
            const key = { serviceProviderId: "SP1", groupId: "G2", name: "G2-TG1" };
            expectOdinError(await api.put(TG_PATH, { ...key, requireAuthentication: true }), 400, /required when requireAuthentication/);
            expectOdinError(await api.put(TG_PATH, { ...key, requireAuthentication: true, sipAuthenticationUserName: "u" }), 400, /required/);
            expect((await api.put(TG_PATH, { ...key, requireAuthentication: true, sipAuthenticationUserName: "u", sipAuthenticationPassword: "p" })).status).to.equal(200);
            // G1-TG2 has credentials stored already: toggling needs none.
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", requireAuthentication: false })).status).to.equal(200);
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", requireAuthentication: "true" })).json.requireAuthentication).to.equal(true);
            // An empty password in a PUT is no change, not a removal.
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", sipAuthenticationPassword: "" })).status).to.equal(200);
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", sipAuthenticationUserName: null }), 400, /required/);
        });

        it("answers 404 for an unknown trunk group and leaves state untouched on refusal", async () => {
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "NOPE", invitationTimeout: 7 }), 404, /^Trunk Group not found: NOPE$/);
            const before = sim.state();
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", invitationTimeout: 7, continuousOptionsSendingIntervalSeconds: 5 }), 400);
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", invitationTimeout: 7, newName: "G1-TG1" }), 400);
            expect(sim.state()).to.deep.equal(before);
        });
    });

    describe("what a profile points at must exist", () => {
        beforeEach(() => fresh({ seed: withDevices() }));
        const G1_TG2 = { ...G1, name: "G1-TG2" };

        it("an access device at its level: System, Service Provider or Group", async () => {
            for (const device of [
                { deviceLevel: "System", deviceName: "SYS-SBC" },
                { deviceLevel: "Service Provider", deviceName: "SP-SBC", serviceProviderId: "SP1" },
                { deviceLevel: "Service Provider", deviceName: "SP-SBC" },
                { deviceLevel: "Group", deviceName: "SBC-1", serviceProviderId: "SP1", groupId: "G1" },
                { deviceLevel: "Group", deviceName: "SBC-1" },
            ]) {
                const res = await api.put(TG_PATH, { ...G1_TG2, accessDevice: device });
                expect(res.status, res.text).to.equal(200);
                expect(res.json.accessDevice).to.include({ deviceLevel: device.deviceLevel, deviceName: device.deviceName });
            }
        });

        it("an unknown access device: 400 '[Error 4152] Access Device not found', the trunk group unchanged", async () => {
            const before = (await api.trunk("G1-TG2")).json;
            for (const device of [
                { deviceLevel: "Group", deviceName: "NOPE" },
                { deviceLevel: "Group", deviceName: "SP-SBC" },
                { deviceLevel: "System", deviceName: "SBC-1" },
                { deviceLevel: "Group", deviceName: "SBC-1", groupId: "G2" },
            ]) {
                const res = await api.put(TG_PATH, { ...G1_TG2, accessDevice: device, invitationTimeout: 9 });
                expectOdinError(res, 400, new RegExp(`^\\[Error 4152\\] Access Device not found: ${device.deviceName} \\(${device.deviceLevel} level\\)$`));
            }
            expectOdinError(await api.post(TG_PATH, { ...G1, name: "New", maxActiveCalls: 1, accessDevice: { deviceLevel: "Group", deviceName: "NOPE" } }), 400, /Access Device not found: NOPE/);
            expect((await api.trunk("G1-TG2")).json).to.deep.equal(before);
            expect((await api.trunk("New")).status).to.equal(404);
        });

        it("a department of the group, or of the enterprise", async () => {
            expect((await api.put(TG_PATH, { ...G1_TG2, department: { name: "Ops" } })).json.department).to.deep.equal({ name: "Ops" });
            expect((await api.put(TG_PATH, { ...G1_TG2, department: { serviceProviderId: "SP1", groupId: "G1", name: "Ops" } })).status).to.equal(200);
            expect((await api.put(TG_PATH, { ...G1_TG2, department: { serviceProviderId: "SP1", name: "Enterprise Sales" } })).status).to.equal(200);
            expectOdinError(await api.put(TG_PATH, { ...G1_TG2, department: { name: "Marketing" } }), 400, /^\[Error 4212\] Department not found: Marketing$/);
            expectOdinError(await api.put(TG_PATH, { ...G1_TG2, department: { serviceProviderId: "SP1", groupId: "G2", name: "Ops" } }), 400, /Department not found: Ops/);
            // The summary list shows the department.
            expect((await api.get(TG_PATH, G1)).json[1].department).to.deep.equal({ serviceProviderId: "SP1", name: "Enterprise Sales" });
        });

        it("a reroute trunk-group key: 400 '[Error 4517] Trunk Group not found: <key>', unlike the trunk group's own 404", async () => {
            const key = { serviceProviderId: "SP1", groupId: "G2", name: "G2-TG1" };
            for (const field of ["capacityExceededRerouteTrunkGroupKey", "unreachableDestinationRerouteTrunkGroupKey", "callForwardingAlwaysRerouteTrunkGroupKey"]) {
                expect((await api.put(TG_PATH, { ...G1_TG2, [field]: key })).status).to.equal(200);
                const res = await api.put(TG_PATH, { ...G1_TG2, [field]: { ...key, name: "GONE" } });
                expectOdinError(res, 400, new RegExp(`^\\[Error 4517\\] Trunk Group not found: SP1/G2/GONE \\(${field}\\)$`));
            }
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "GONE", invitationTimeout: 7 }), 404, /^Trunk Group not found: GONE$/);
        });

        it("skipReferenceChecks accepts anything, as the simulator used to", async () => {
            await fresh({ skipReferenceChecks: true });
            const res = await api.put(TG_PATH, {
                ...G1_TG2,
                accessDevice: { deviceLevel: "Group", deviceName: "ANY" },
                department: { name: "Any" },
                capacityExceededRerouteTrunkGroupKey: { serviceProviderId: "X", groupId: "Y", name: "Z" },
            });
            expect(res.status, res.text).to.equal(200);
        });
    });

    describe("access device while users are assigned", () => {
        beforeEach(async () => {
            await fresh({ seed: withDevices() });
            await api.put(TG_PATH, { ...G1, name: "G1-TG2", accessDevice: { deviceLevel: "Group", deviceName: "SBC-1" } });
        });

        it("cannot be changed or cleared while the trunk group has users (OCI ModifyInstance)", async () => {
            await api.put(TG_PATH, { ...G1, name: "G1-TG2", users: ["g1.bob@sp1.sim.example"] });
            for (const accessDevice of [{ deviceLevel: "System", deviceName: "SYS-SBC" }, null]) {
                expectOdinError(
                    await api.put(TG_PATH, { ...G1, name: "G1-TG2", accessDevice }),
                    400,
                    /^\[Error 4518\] The access device cannot be modified or cleared while users are assigned to trunk group "G1-TG2" \(1 assigned\)$/,
                );
            }
            // Sending the same device back (the web UI's whole-object PUT) is no change.
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", accessDevice: { deviceLevel: "Group", deviceName: "SBC-1", serviceProviderId: "SP1", groupId: "G1" } })).status).to.equal(200);
            expect((await api.trunk("G1-TG2")).json.accessDevice).to.deep.include({ deviceName: "SBC-1" });
        });

        it("can be changed once the users are gone", async () => {
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", accessDevice: { deviceLevel: "System", deviceName: "SYS-SBC" } })).status).to.equal(200);
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", accessDevice: null })).json).to.not.have.property("accessDevice");
        });
    });

    describe("bursting", () => {
        it("a whole-object PUT with enableBursting false leaves no bursting values to GET (absent when unset)", async () => {
            const whole = (await api.trunk("G1-TG2")).json;
            expect(whole).to.include({ enableBursting: true, burstingMaxActiveCalls: 5 });
            const res = await api.put(TG_PATH, { ...whole, enableBursting: false, burstingMaxIncomingCalls: 2 });
            expect(res.status, res.text).to.equal(200);
            for (const body of [res.json, (await api.trunk("G1-TG2")).json]) {
                expect(body.enableBursting).to.equal(false);
                expect(body).to.not.have.any.keys("burstingMaxActiveCalls", "burstingMaxIncomingCalls", "burstingMaxOutgoingCalls");
            }
            // Turning it back on starts from nothing.
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", enableBursting: true })).json).to.not.have.property("burstingMaxActiveCalls");
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", burstingMaxActiveCalls: 4 })).json.burstingMaxActiveCalls).to.equal(4);
        });

        it("a create with bursting off stores no bursting values", async () => {
            const res = await api.post(TG_PATH, { ...G1, name: "NoBurst", maxActiveCalls: 3, burstingMaxActiveCalls: 2 });
            expect(res.json).to.include({ enableBursting: false }).and.not.have.property("burstingMaxActiveCalls");
        });

        it("keepBurstingWhenOff keeps them, as the simulator used to", async () => {
            await fresh({ keepBurstingWhenOff: true });
            const res = await api.put(TG_PATH, { ...G1, name: "G1-TG2", enableBursting: false });
            expect(res.json).to.include({ enableBursting: false, burstingMaxActiveCalls: 5 });
        });
    });

    describe("deleting trunk groups", () => {
        it("refuses while a pilot user is set, then deletes once it is cleared", async () => {
            const key = { ...G1, name: "G1-TG1" };
            expectOdinError(await api.del(TG_PATH, key), 400, /pilot user/);
            expect((await api.trunk("G1-TG1")).status).to.equal(200);
            await api.put(TG_PATH, { ...key, pilotUserId: null });
            const res = await api.del(TG_PATH, key);
            expect(res.status).to.equal(200);
            expect(res.json.name).to.equal("G1-TG1");
            expect((await api.trunk("G1-TG1")).status).to.equal(404);
            expectOdinError(await api.del(TG_PATH, key), 404, /^Trunk Group not found: G1-TG1$/);
            const et = await api.get("/service-providers/enterprise-trunks", { serviceProviderId: "SP1", enterpriseTrunkName: "ET1" });
            expect(et.json.trunkGroups).to.deep.equal([{ groupId: "G2", trunkGroupName: "G2-TG1" }]);
        });

        it("takes the identity from the query string", async () => {
            expectOdinError(await api.del(TG_PATH, { ...G1 }), 400, /name is required/);
        });
    });
});
