import { expect } from "chai";
import { DEFAULT_SIP_PASSWORD_POLICY, SeedTrunk, WebexSeed, WebexSimulator, startWebexSimulator } from "../../../provider/simulator/webex";
import { LOCATIONS, TRUNKS, caller, cert, expectWebexError, reg, srv } from "./helpers";

const [BOSTON, SAN_JOSE, LONDON] = LOCATIONS;
const PW = "Seeded-Pa55";

/**
 * Boston's PSTN goes to trunk A directly; San Jose's goes to route group
 * East (A and B) and its unknown extensions to A; dial plans DP A1 and DP A2
 * route to A, DP West to route group West (B). C and D are referenced by
 * nothing.
 */
function org(): WebexSeed {
    return {
        locations: [
            { ...BOSTON, pstnConnection: { type: "TRUNK", id: "T-A" } },
            { ...SAN_JOSE, pstnConnection: { type: "ROUTE_GROUP", id: "RG-EAST" }, callToExtension: { type: "TRUNK", id: "T-A" } },
            LONDON,
        ],
        trunks: [
            { id: "T-A", name: "LGW A", locationId: BOSTON.id, password: PW, trunkType: "REGISTERING" },
            { id: "T-B", name: "LGW B", locationId: SAN_JOSE.id, password: PW, trunkType: "REGISTERING" },
            { id: "T-C", name: "SBC C", locationId: LONDON.id, password: PW, trunkType: "CERTIFICATE_BASED", address: "sbc-c", domain: "example.com", maxConcurrentCalls: 500 },
            { id: "T-D", name: "LGW D", locationId: LONDON.id, password: PW, trunkType: "REGISTERING" },
        ],
        routeGroups: [
            { id: "RG-EAST", name: "RG East", localGateways: [{ id: "T-A", priority: 1 }, { id: "T-B", priority: 2 }] },
            { id: "RG-WEST", name: "RG West", localGateways: [{ id: "T-B", priority: 1 }] },
        ],
        dialPlans: [
            { id: "DP-A2", name: "DP A2", routeType: "TRUNK", routeId: "T-A" },
            { id: "DP-A1", name: "DP A1", routeType: "TRUNK", routeId: "T-A" },
            { id: "DP-W", name: "DP West", routeType: "ROUTE_GROUP", routeId: "RG-WEST" },
        ],
    };
}

describe("Webex simulator: usage, FQDN validation and example passwords", () => {
    let sim: WebexSimulator;
    let call: ReturnType<typeof caller>;

    beforeEach(async () => {
        sim = await startWebexSimulator({ seed: org(), pageSize: 10 });
        call = caller(sim);
    });
    afterEach(async () => {
        await sim.close();
    });

    it("/usage counts the references by kind", async () => {
        expect((await call("GET", `${TRUNKS}/T-A/usage`)).body).to.deep.equal({ pstnConnectionCount: 1, callToExtensionCount: 1, dialPlanCount: 2, routeGroupCount: 1 });
        expect((await call("GET", `${TRUNKS}/T-B/usage`)).body).to.deep.equal({ pstnConnectionCount: 0, callToExtensionCount: 0, dialPlanCount: 0, routeGroupCount: 2 });
        expect((await call("GET", `${TRUNKS}/T-C/usage`)).body).to.deep.equal({ pstnConnectionCount: 0, callToExtensionCount: 0, dialPlanCount: 0, routeGroupCount: 0 });
        expectWebexError(await call("GET", `${TRUNKS}/NOPE/usage`), 404, /Trunk NOPE not found/, 25016);
    });

    it("usageDialPlan lists {id, name} under dialPlans, sorted and paged", async () => {
        const first = await call("GET", `${TRUNKS}/T-A/usageDialPlan?max=1`);
        expect(first.body).to.deep.equal({ dialPlans: [{ id: "DP-A1", name: "DP A1" }] });
        expect(first.headers.get("link")).to.include('rel="next"');
        const all = await call("GET", `${TRUNKS}/T-A/usageDialPlan?max=5&order=name-desc`);
        expect(all.body.dialPlans.map((d: any) => d.name)).to.deep.equal(["DP A2", "DP A1"]);
        expect((await call("GET", `${TRUNKS}/T-A/usageDialPlan?max=5&name=a2`)).body.dialPlans).to.deep.equal([{ id: "DP-A2", name: "DP A2" }]);
        expectWebexError(await call("GET", `${TRUNKS}/T-A/usageDialPlan?order=size`), 400, /Invalid order/, 25020);
    });

    it("usagePstnConnection lists the locations whose PSTN connection is the trunk itself", async () => {
        expect((await call("GET", `${TRUNKS}/T-A/usagePstnConnection`)).body).to.deep.equal({ locations: [{ id: BOSTON.id, name: "Boston" }] });
        expect((await call("GET", `${TRUNKS}/T-B/usagePstnConnection`)).body).to.deep.equal({ locations: [] });
    });

    it("usageRouteGroup answers under the singular key routeGroup, with each group's inUse", async () => {
        const a = await call("GET", `${TRUNKS}/T-B/usageRouteGroup?max=5`);
        expect(a.body).to.have.keys("routeGroup");
        expect(a.body.routeGroup).to.deep.equal([
            { id: "RG-EAST", name: "RG East", inUse: true },
            { id: "RG-WEST", name: "RG West", inUse: true },
        ]);
    });

    it("usageCallToExtension lists the locations that send unknown extensions to the trunk", async () => {
        expect((await call("GET", `${TRUNKS}/T-A/usageCallToExtension`)).body).to.deep.equal({ locations: [{ id: SAN_JOSE.id, name: "San Jose" }] });
        expect((await call("GET", `${TRUNKS}/T-D/usageCallToExtension`)).body).to.deep.equal({ locations: [] });
    });

    it("the list's inUse and the GET's locationsUsingTrunk follow the references (route groups included)", async () => {
        const items = (await call("GET", `${TRUNKS}?max=10`)).body.trunks;
        expect(Object.fromEntries(items.map((t: any) => [t.id, t.inUse]))).to.deep.equal({ "T-A": true, "T-B": true, "T-C": false, "T-D": false });
        expect((await call("GET", `${TRUNKS}/T-A`)).body.locationsUsingTrunk).to.deep.equal([
            { id: BOSTON.id, name: "Boston" },
            { id: SAN_JOSE.id, name: "San Jose" },
        ]);
        expect((await call("GET", `${TRUNKS}/T-B`)).body.locationsUsingTrunk).to.deep.equal([{ id: SAN_JOSE.id, name: "San Jose" }]);
    });

    it("DELETE of a trunk in use is refused with 409 / 25017 and changes nothing; an unused one goes", async () => {
        for (const id of ["T-A", "T-B"]) {
            expectWebexError(await call("DELETE", `${TRUNKS}/${id}`), 409, /is in use and cannot be deleted/, 25017);
        }
        expect(sim.state().trunks!.map((t) => t.id)).to.deep.equal(["T-A", "T-B", "T-C", "T-D"]);
        expect((await call("DELETE", `${TRUNKS}/T-C`)).status).to.equal(204);
        expect((await call("DELETE", `${TRUNKS}/T-D`)).status).to.equal(204);
    });

    describe("actions/fqdnValidation/invoke", () => {
        const validate = (body: unknown) => call("POST", `${TRUNKS}/actions/fqdnValidation/invoke`, body);

        it("answers 204 for a free FQDN (with port) or SRV address (without)", async () => {
            const a = await validate({ address: "cube01", domain: "example.com", port: 6001 });
            expect(a.status).to.equal(204);
            expect(a.headers.get("trackingid")).to.match(/^ROUTER_SIM_/);
            expect((await validate({ address: "cube01", domain: "example.com" })).status).to.equal(204);
        });

        it("answers 400 / 25024 for an invalid domain (wxc_sdk: address 'cube', domain 'foo')", async () => {
            expectWebexError(await validate({ address: "cube", domain: "foo", port: 6001 }), 400, /Invalid domain foo/, 25024);
        });

        it("answers 409 / 27571 for an SRV address or FQDN+port a certificate-based trunk already has", async () => {
            expectWebexError(await validate({ address: "sbc-c", domain: "example.com" }), 409, /SRV address sbc-c/, 27571);
            expect((await validate({ address: "sbc-c", domain: "example.com", port: 5061 })).status).to.equal(204);
            expect((await call("POST", TRUNKS, cert("SBC E", { address: "sbc-e" }))).status).to.equal(201);
            expectWebexError(await validate({ address: "sbc-e", domain: "example.com", port: 5061 }), 409, /FQDN sbc-e with port 5061/, 27571);
            expect((await validate({ address: "sbc-e", domain: "example.com", port: 5062 })).status).to.equal(204);
        });

        it("needs address and domain, and nothing else", async () => {
            expectWebexError(await validate({ domain: "example.com" }), 400, /Missing mandatory field address/, 25008);
            expectWebexError(await validate({ address: "a", domain: "example.com", name: "x" }), 400, /Unrecognized field\(s\): name/);
        });

        it("agrees with create: what it accepts, POST accepts", async () => {
            expect((await validate({ address: "sbc-f", domain: "example.com" })).status).to.equal(204);
            expect((await call("POST", TRUNKS, srv("SBC F", { address: "sbc-f" }))).status).to.equal(201);
            expectWebexError(await validate({ address: "sbc-f", domain: "example.com" }), 409, /already in use/, 27571);
        });
    });

    describe("locations/{id}/actions/generatePassword/invoke", () => {
        const generate = (locationId: string, body?: unknown) => call("POST", `/telephony/config/locations/${encodeURIComponent(locationId)}/actions/generatePassword/invoke`, body);

        it("answers {exampleSipPassword} that the location's policy accepts, with or without a body", async () => {
            for (const body of [undefined, {}, { generate: ["sip"] }]) {
                const a = await generate(BOSTON.id, body);
                expect(a.status).to.equal(200);
                expect(a.body).to.have.keys("exampleSipPassword");
                const pw: string = a.body.exampleSipPassword;
                expect(pw.length).to.be.at.least(DEFAULT_SIP_PASSWORD_POLICY.minLength);
                expect(pw).to.match(/[0-9]/).and.match(/[A-Z]/).and.match(/[a-z]/).and.match(/[^A-Za-z0-9]/).and.not.match(/[?!]/);
            }
        });

        it("its passwords create trunks (wxc_sdk's tests never use a literal)", async () => {
            for (let i = 0; i < 20; i++) {
                const pw = (await generate(LONDON.id)).body.exampleSipPassword;
                const a = await call("POST", TRUNKS, reg(`Gen ${i}`, { locationId: LONDON.id, password: pw }));
                expect(a.status, `${pw}: ${a.text}`).to.equal(201);
            }
        });

        it("answers 404 for an unknown location and 400 for an unknown password type", async () => {
            expectWebexError(await generate("nowhere"), 404, /Location nowhere not found/, 25012);
            expectWebexError(await generate(BOSTON.id, { generate: ["voicemail"] }), 400, /only "sip"/);
        });
    });

    it("the in-use shorthand of older seeds is a route group of the trunk's own", async () => {
        const old = await startWebexSimulator({ seed: { locations: LOCATIONS, trunks: [{ id: "BUSY", ...(reg("Busy") as SeedTrunk), inUse: true }] } });
        try {
            const c = caller(old);
            expect((await c("GET", `${TRUNKS}/BUSY/usageRouteGroup`)).body.routeGroup).to.deep.equal([
                { id: old.state().routeGroups![0].id, name: "Busy route group", inUse: false },
            ]);
            expectWebexError(await c("DELETE", `${TRUNKS}/BUSY`), 409, /in use/, 25017);
        } finally {
            await old.close();
        }
    });
});
