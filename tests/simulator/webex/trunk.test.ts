import { expect } from "chai";
import { WebexSimulator, WebexSimulatorOptions, startWebexSimulator } from "../../../provider/simulator/webex";
import { TRUNKS, caller, cert, expectWebexError, reg, srv } from "./helpers";

/** The keys wxc_sdk's TrunkDetail model requires (wxc_sdk/telephony/prem_pstn/trunk.py): a GET without one fails to parse. */
const WXC_SDK_REQUIRED = [
    "id",
    "name",
    "organization",
    "location",
    "otgDtgId",
    "linePort",
    "locationsUsingTrunk",
    "pilotUserId",
    "outboundProxy",
    "sipAuthenticationUserName",
    "status",
    "responseStatus",
    "dualIdentitySupportEnabled",
    "trunkType",
    "deviceType",
    "maxConcurrentCalls",
];

describe("Webex simulator: one trunk (GET, PUT, DELETE /trunks/{id})", () => {
    let sim: WebexSimulator;
    let call: ReturnType<typeof caller>;
    let id: string;

    async function start(opts: WebexSimulatorOptions = {}) {
        sim = await startWebexSimulator(opts);
        call = caller(sim);
        id = (await call("POST", TRUNKS, cert("SBC 1"))).body.id;
    }
    afterEach(async () => {
        await sim.close();
    });

    describe("GET, wxc_sdk's shape (default)", () => {
        beforeEach(() => start());

        it("has every key wxc_sdk requires: organization, an empty responseStatus list, lower-case status", async () => {
            const a = await call("GET", `${TRUNKS}/${id}`);
            expect(a.status).to.equal(200);
            expect(a.body).to.include.keys(...WXC_SDK_REQUIRED);
            expect(a.body.organization).to.deep.equal({ id: sim.state().orgId, name: sim.state().orgName });
            expect(a.body).not.to.have.property("customer");
            expect(a.body.responseStatus).to.deep.equal([]);
            expect(a.body.errorCodes).to.deep.equal([]);
            expect(a.body.status).to.equal("unknown");
            expect(a.body.outboundProxy).to.include.keys("sipAccessServiceType", "dnsType", "outboundProxy", "srvPrefix", "attachmentUpdated");
            expect(a.body).to.include({ id, name: "SBC 1", trunkType: "CERTIFICATE_BASED", address: "sbc.example.com", domain: "example.com", port: 5061, maxConcurrentCalls: 300 });
            expect(a.body).not.to.have.property("password");
        });

        it("a REGISTERING trunk has maxConcurrentCalls (its device's maximum) and no address, domain or port", async () => {
            const r = await call("POST", TRUNKS, reg("LGW 1"));
            const a = await call("GET", `${TRUNKS}/${r.body.id}`);
            expect(a.body).to.include({ trunkType: "REGISTERING", deviceType: "Cisco Unified Border Element", maxConcurrentCalls: 1000 });
            expect(a.body).not.to.have.any.keys("address", "domain", "port");
        });

        it("206 (25013, outbound proxy unreadable): responseStatus is a list and outboundProxy is still there, empty", async () => {
            sim.setPartial(id, true);
            const a = await call("GET", `${TRUNKS}/${id}`);
            expect(a.status).to.equal(206);
            expect(a.body.responseStatus).to.have.length(1);
            expect(a.body.responseStatus[0]).to.include({ code: 25013, type: "ERROR", summaryEnglish: "CPAPI: Error retrieving outboundproxy." });
            expect(a.body.responseStatus[0].trackingId).to.match(/^CPAPI_/);
            expect(a.body.outboundProxy).to.deep.equal({});
            expect(a.body.status).to.equal("unknown");
        });

        it("206 (25014, status unreadable): status is still there, 'unknown'", async () => {
            sim.setPartial(undefined, { code: 25014 });
            const a = await call("GET", `${TRUNKS}/${id}`);
            expect(a.status).to.equal(206);
            expect(a.body.responseStatus[0].code).to.equal(25014);
            expect(a.body.status).to.equal("unknown");
            expect(a.body.outboundProxy).to.be.an("object");
            sim.setPartial(id, undefined);
            expect((await call("GET", `${TRUNKS}/${id}`)).status).to.equal(200);
        });

        it("asList: false forces the object form of responseStatus", async () => {
            sim.setPartial(id, { code: 25013, asList: false });
            expect((await call("GET", `${TRUNKS}/${id}`)).body.responseStatus).to.include({ code: 25013 });
        });
    });

    describe("GET, the spec's shape (trunkGetShape: 'spec')", () => {
        beforeEach(() => start({ trunkGetShape: "spec" }));

        it("has customer, no responseStatus on 200, and upper-case status", async () => {
            const a = await call("GET", `${TRUNKS}/${id}`);
            expect(a.body.customer).to.deep.equal({ id: sim.state().orgId, name: sim.state().orgName });
            expect(a.body).not.to.have.any.keys("organization", "responseStatus");
            expect(a.body.status).to.equal("UNKNOWN");
        });

        it("206 carries one responseStatus object; an unreadable outbound proxy is left out, an unreadable status is UNKNOWN", async () => {
            sim.setPartial(id, true);
            const a = await call("GET", `${TRUNKS}/${id}`);
            expect(a.status).to.equal(206);
            expect(a.body.responseStatus).to.include({ code: 25013, type: "ERROR" });
            expect(a.body).not.to.have.property("outboundProxy");
            sim.setPartial(id, { code: 25014 });
            const b = await call("GET", `${TRUNKS}/${id}`);
            expect(b.body.status).to.equal("UNKNOWN");
            expect(b.body.outboundProxy).to.be.an("object");
        });
    });

    it("omitUnreadableOn206 leaves the unreadable key out in wxc_sdk's shape, as the simulator used to", async () => {
        await start({ omitUnreadableOn206: true });
        sim.setPartial(id, true);
        const a = await call("GET", `${TRUNKS}/${id}`);
        expect(a.body.responseStatus).to.be.an("array");
        expect(a.body).not.to.have.property("outboundProxy");
        sim.setPartial(id, { code: 25014 });
        expect((await call("GET", `${TRUNKS}/${id}`)).body).not.to.have.property("status");
    });

    describe("PUT", () => {
        beforeEach(() => start());

        it("answers 204 and needs name and password every time", async () => {
            const put = await call("PUT", `${TRUNKS}/${id}`, { name: "SBC 1b", password: "New-Pa55", maxConcurrentCalls: 400, dualIdentitySupportEnabled: true });
            expect(put.status).to.equal(204);
            expect(put.text).to.equal("");
            expect((await call("GET", `${TRUNKS}/${id}`)).body).to.include({ name: "SBC 1b", maxConcurrentCalls: 400, dualIdentitySupportEnabled: true });
            expect(sim.state().trunks![0].password).to.equal("New-Pa55");
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "SBC 1b" }), 400, /Missing mandatory field password/, 25008);
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { password: "New-Pa55" }), 400, /Missing mandatory field name/, 25008);
        });

        for (const k of ["locationId", "trunkType", "deviceType", "address", "domain", "port"]) {
            it(`refuses ${k}: it cannot be modified (400 / 25010)`, async () => {
                const before = sim.state();
                expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "SBC 1", password: "Pa55-word", [k]: k === "port" ? 5062 : "x" }), 400, new RegExp(`${k} cannot be modified`), 25010);
                expect(sim.state()).to.deep.equal(before);
            });
        }

        it("keeps names unique, ignoring case", async () => {
            await call("POST", TRUNKS, reg("LGW 1"));
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "LGW 1", password: "Pa55-word" }), 409, /already in use/, 25011);
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "lgw 1", password: "Pa55-word" }), 409, /differ only in case/, 25011);
            // Its own name in another case is a rename, not a clash.
            expect((await call("PUT", `${TRUNKS}/${id}`, { name: "sbc 1", password: "Pa55-word" })).status).to.equal(204);
        });

        it("applies the password rules and the call range again", async () => {
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "SBC 1", password: "short" }), 400, /at least 8 characters/, 25150);
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "SBC 1", password: "Pa55-word!" }), 400, /Invalid characters/, 25015);
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "SBC 1", password: "Pa55-word", maxConcurrentCalls: 100 }), 400, /between 250 and 1000/, 25018);
        });

        it("refuses maxConcurrentCalls on a REGISTERING trunk", async () => {
            const r = (await call("POST", TRUNKS, reg("LGW 1"))).body.id;
            expectWebexError(await call("PUT", `${TRUNKS}/${r}`, { name: "LGW 1", password: "Pa55-word", maxConcurrentCalls: 500 }), 400, /cannot be set on a REGISTERING trunk/, 25021);
            expect((await call("PUT", `${TRUNKS}/${r}`, { name: "LGW 1", password: "Pa55-word", pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" })).status).to.equal(204);
        });

        it("answers 404 for an unknown trunk", async () => {
            expectWebexError(await call("PUT", `${TRUNKS}/NOPE`, { name: "x", password: "Pa55-word" }), 404, /Trunk NOPE not found/, 25016);
        });
    });

    describe("DELETE", () => {
        beforeEach(() => start());

        it("answers 204, then 404 on DELETE and GET", async () => {
            expect((await call("DELETE", `${TRUNKS}/${id}`)).status).to.equal(204);
            expectWebexError(await call("DELETE", `${TRUNKS}/${id}`), 404, /not found/, 25016);
            expectWebexError(await call("GET", `${TRUNKS}/${id}`), 404, /not found/, 25016);
        });

        it("frees the trunk's name and address", async () => {
            await call("DELETE", `${TRUNKS}/${id}`);
            expect((await call("POST", TRUNKS, cert("SBC 1"))).status).to.equal(201);
            const s = (await call("POST", TRUNKS, srv("SBC S"))).body.id;
            await call("DELETE", `${TRUNKS}/${s}`);
            expect((await call("POST", TRUNKS, srv("SBC S2"))).status).to.equal(201);
        });
    });
});
