import { expect } from "chai";
import type { WebexSimulator } from "../../provider/simulator/webex";
import { providerStub } from "../../provider/kit/stub";
import { HostError, ProviderHost, cleanEnv, serializeProvider, startProviderHost, urnOf, withProvider } from "../helpers/providerHost";
import { LOCATIONS, TOKEN, makeClient, startSim } from "../webex/webexFixtures";

const TYPE = "pulumi-nodejs:dynamic/webex:Trunk";
const URN = urnOf(TYPE, "lgw-boston");
const PASSWORD = "Lgw-Boston-Sip-9";
const ROTATED = "Lgw-Boston-Sip-10";
const SEEDED_PASSWORD = "Seeded-Sip-Pa55";

describe("WebexTrunk through the real dynamic-provider host", function () {
    this.timeout(60_000);
    let sim: WebexSimulator;
    let host: ProviderHost;
    let text: string;
    const p = (props: Record<string, unknown>) => withProvider(text, props);
    const stored = (id: string) => sim.state().trunks?.find((t) => t.id === id);

    before(async () => {
        text = await serializeProvider(providerStub("webex:Trunk"));
        sim = await startSim({
            pageSize: 2,
            seed: {
                locations: LOCATIONS,
                trunks: [
                    { id: "SEEDED-1", name: "Seeded LGW", locationId: LOCATIONS[2].id, password: SEEDED_PASSWORD, trunkType: "REGISTERING", maxConcurrentCalls: 500 },
                    { id: "SEEDED-2", name: "Seeded LGW B", locationId: LOCATIONS[2].id, password: SEEDED_PASSWORD, trunkType: "REGISTERING", maxConcurrentCalls: 500 },
                    { id: "BUSY-1", name: "Busy LGW", locationId: LOCATIONS[2].id, password: SEEDED_PASSWORD, trunkType: "REGISTERING", inUse: true },
                    { id: "ONLINE-1", name: "Online LGW", locationId: LOCATIONS[2].id, password: SEEDED_PASSWORD, trunkType: "REGISTERING", status: "online" },
                ],
            },
        });
        host = await startProviderHost();
        await host.configure({ "webex:baseUrl": sim.url, "webex:accessToken": TOKEN });
    });
    after(async () => {
        await host?.close();
        await sim?.close();
    });

    const program = {
        name: "LGW Boston",
        locationId: LOCATIONS[0].id,
        password: PASSWORD,
        trunkType: "REGISTERING",
    };

    it("serializes to a small text that only requires the package: no token, URL or live object", () => {
        expect(text).to.contain('require("pulumi-trunking/dynamic")');
        for (const banned of [TOKEN, sim.url, "webexapis.com", "axios", "Agent", "socket", "Bearer"]) {
            expect(text, banned).not.to.contain(banned);
        }
        expect(text.length).to.be.below(4000);
    });

    /** A trunk of its own for one test: checked and created through the host, as the engine does. */
    async function made(name: string, extra: Record<string, unknown> = {}) {
        const urn = urnOf(TYPE, name);
        const declared = { ...program, name, ...extra };
        const inputs = (await host.check(urn, {}, p(declared))).inputs;
        const created = await host.create(urn, inputs);
        return { urn, declared, inputs, id: created.id, outs: created.properties };
    }

    it("check: valid inputs pass unchanged; invalid ones fail with the field and what is allowed, without an API call", async () => {
        sim.clearRequests();
        const ok = await host.check(URN, {}, p(program));
        expect(ok.failures).to.deep.equal([]);
        expect(ok.inputs).to.deep.equal(p(program));
        const bad = await host.check(URN, {}, p({ ...program, trunkType: "registering", password: "bad!pass", maxConcurentCalls: 3, name: "x".repeat(30) }));
        const reasons = bad.failures.map((f) => `${f.property}: ${f.reason}`).sort();
        expect(reasons).to.have.length(4);
        expect(reasons[0]).to.match(/^maxConcurentCalls: .*did you mean maxConcurrentCalls\?/);
        expect(reasons[1]).to.match(/^name: name is 30 characters.*at most 24/);
        expect(reasons[2]).to.match(/^password: .*25015/);
        expect(reasons[3]).to.match(/^trunkType: .*"REGISTERING", "CERTIFICATE_BASED".*did you mean "REGISTERING"\?/);
        expect(reasons.join(" ")).not.to.contain("bad!pass");
        expect(sim.requests()).to.have.length(0);
    });

    it("create: POST then GET; the id is the Webex trunk id and the outputs carry what GET returns", async () => {
        sim.clearRequests();
        const { id, outs } = await made("LGW Boston");
        expect(stored(id)).to.include({ name: "LGW Boston", password: PASSWORD });
        expect(outs).to.include({ trunkId: id, name: "LGW Boston", locationId: LOCATIONS[0].id, trunkType: "REGISTERING", password: PASSWORD });
        for (const k of ["otgDtgId", "linePort", "pilotUserId", "sipAuthenticationUserName", "status"]) {
            expect(outs[k], k).to.be.a("string");
        }
        expect(outs.location).to.deep.equal(LOCATIONS[0]);
        expect(outs.__provider).to.equal(text);
        // The name check (a list), the POST, the read-back; nothing to judge against trunkTypes.
        expect(sim.requests().map((q) => `${q.method} ${q.path.replace(/trunks\/.+$/, "trunks/{id}")}`)).to.deep.equal([
            "GET /telephony/config/premisePstn/trunks",
            "POST /telephony/config/premisePstn/trunks",
            "GET /telephony/config/premisePstn/trunks/{id}",
        ]);
    });

    it("diff with the same program: no change, although Webex filled in defaults", async () => {
        const t = await made("LGW Same");
        const checked = await host.check(t.urn, t.inputs, p(t.declared));
        expect(t.outs).to.include({ pChargeInfoSupportPolicy: "DISABLED", dualIdentitySupportEnabled: false });
        expect(await host.diff(t.urn, t.id, t.outs, checked.inputs)).to.deep.equal({ changes: "none", replaces: [], deleteBeforeReplace: false });
    });

    it("a name taken by another trunk, also in another case, fails the create before any write, naming that trunk", async () => {
        const t = await made("LGW Taken");
        const urn = urnOf(TYPE, "lgw-taken-2");
        const inputs = (await host.check(urn, {}, p({ ...program, name: "lgw TAKEN" }))).inputs;
        sim.clearRequests();
        const err = (await host.create(urn, inputs).catch((e: HostError) => e)) as HostError;
        expect(err.message).to.include(`name: the Webex trunk "LGW Taken" (id ${t.id}, location Boston) already has this name in another case`);
        expect(err.message).to.include(`(id ${t.id}`).and.include("Nothing was created").and.include("adoptExisting").and.not.include("{ import:");
        expect(err.initFailure).to.equal(undefined);
        expect(sim.requests().filter((r) => r.method !== "GET")).to.deep.equal([]);
    });

    it("a password the location's policy refuses: preview passes, up fails before anything exists and says what to do", async () => {
        const urn = urnOf(TYPE, "lgw-weak");
        const checked = await host.check(urn, {}, p({ ...program, name: "LGW Weak", password: "weak-1" }));
        expect(checked.failures).to.deep.equal([]);
        const err = (await host.create(urn, checked.inputs).catch((e: HostError) => e)) as HostError;
        expect(err.message).to.include("Password must be at least 8 characters long.").and.include(`SIP password policy of location ${LOCATIONS[0].id}`);
        expect(err.message).to.include("generatePassword").and.include("Nothing was created").and.not.include("weak-1");
        expect(err.initFailure).to.equal(undefined);
        expect(sim.state().trunks?.find((t) => t.name === "LGW Weak")).to.equal(undefined);
    });

    it("in-place update: one PUT with name and password always present", async () => {
        const t = await made("LGW Update");
        sim.clearRequests();
        const news = (await host.check(t.urn, t.inputs, p({ ...t.declared, name: "LGW Update 2", pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" }))).inputs;
        expect(await host.diff(t.urn, t.id, t.outs, news)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
        const outs = (await host.update(t.urn, t.id, t.outs, news)).properties;
        const writes = sim.requests().filter((r) => r.method !== "GET");
        expect(writes.map((r) => [r.method, r.body])).to.deep.equal([
            // Never locationId (nor type, device or address): Webex refuses them on a PUT.
            ["PUT", { name: "LGW Update 2", password: PASSWORD, dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" }],
        ]);
        expect(outs).to.include({ name: "LGW Update 2", pChargeInfoSupportPolicy: "ASSERTED_IDENTITY", trunkId: t.id });
    });

    it("a rotated password is a change, is sent, and is kept for the next diff", async () => {
        const t = await made("LGW Rotate");
        const news = (await host.check(t.urn, t.inputs, p({ ...t.declared, password: ROTATED }))).inputs;
        expect((await host.diff(t.urn, t.id, t.outs, news)).changes).to.equal("some");
        const outs = (await host.update(t.urn, t.id, t.outs, news)).properties;
        expect(stored(t.id)?.password).to.equal(ROTATED);
        expect(outs.password).to.equal(ROTATED);
        expect((await host.diff(t.urn, t.id, outs, news)).changes).to.equal("none");
    });

    it("refresh after an out-of-band change shows the drift; the next update puts it back", async () => {
        const t = await made("LGW Drift");
        await makeClient(sim).client.updateTrunk(t.id, { name: "Renamed in Control Hub", password: PASSWORD, dualIdentitySupportEnabled: true, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" });
        const r = await host.read(t.urn, t.id, t.outs, t.inputs);
        expect(r.id).to.equal(t.id);
        expect(r.properties).to.include({ name: "Renamed in Control Hub", dualIdentitySupportEnabled: true, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY", password: PASSWORD });
        expect(r.inputs).to.include({ name: "Renamed in Control Hub", pChargeInfoSupportPolicy: "ASSERTED_IDENTITY", password: PASSWORD });
        const news = (await host.check(t.urn, r.inputs!, p({ ...t.declared, pChargeInfoSupportPolicy: "DISABLED" }))).inputs;
        expect(await host.diff(t.urn, t.id, r.properties, news)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
        await host.update(t.urn, t.id, r.properties, news);
        // dualIdentitySupportEnabled is not in the program, so the out-of-band value stays (no perpetual diff).
        expect(stored(t.id)).to.include({ name: "LGW Drift", pChargeInfoSupportPolicy: "DISABLED", dualIdentitySupportEnabled: true });
    });

    it("a 206 partial answer on refresh is a success that surfaces responseStatus and keeps what it could not read", async () => {
        // wxc_sdk's shape keeps the unreadable keys: outboundProxy {} (25013), status "unknown" (25014).
        const t = await made("LGW Partial");
        expect(t.outs.outboundProxy).to.have.property("outboundProxy");
        sim.setPartial(t.id, { code: 25013 });
        const r = await host.read(t.urn, t.id, t.outs, t.inputs);
        expect(r.id).to.equal(t.id);
        expect(r.properties.responseStatus).to.be.an("array");
        expect(r.properties.responseStatus[0]).to.include({ code: 25013 });
        expect(r.properties.outboundProxy).to.deep.equal(t.outs.outboundProxy); // unreadable this time: kept, not {}
        expect((await host.diff(t.urn, t.id, r.properties, t.inputs)).changes).to.equal("none");
        sim.setPartial(t.id, undefined);
        expect((await host.read(t.urn, t.id, t.outs, t.inputs)).properties.responseStatus).to.equal(null);

        const online = urnOf(TYPE, "online");
        const before = await host.read(online, "ONLINE-1", p({}));
        expect(before.properties.status).to.match(/^online$/i);
        sim.setPartial("ONLINE-1", { code: 25014 });
        const partial = await host.read(online, "ONLINE-1", before.properties, before.inputs);
        expect(partial.properties.responseStatus[0]).to.include({ code: 25014 });
        expect(partial.properties.status).to.equal(before.properties.status); // not the placeholder "unknown"
        sim.setPartial("ONLINE-1", undefined);
    });

    it("the spec's GET shape gives the same outputs as wxc_sdk's: customer, upper-case status, no diff", async () => {
        const specSim = await startSim({ trunkGetShape: "spec" });
        const specHost = await startProviderHost();
        try {
            await specHost.configure({ "webex:baseUrl": specSim.url, "webex:accessToken": TOKEN });
            const t = await made("LGW Shape");
            const inputs = (await specHost.check(t.urn, {}, p(t.declared))).inputs;
            const spec = (await specHost.create(t.urn, inputs)).properties;
            for (const outs of [t.outs, spec]) {
                expect(outs.customer).to.have.keys("id", "name");
                expect(outs).to.include({ status: "UNKNOWN", responseStatus: null });
            }
            expect(await specHost.diff(t.urn, "x", spec, inputs)).to.deep.include({ changes: "none" });
        } finally {
            await specHost.close();
            await specSim.close();
        }
    });

    it("a certificate-based trunk addressed by DNS SRV: created without a port, refreshed, renamed, never replaced", async () => {
        const urn = urnOf(TYPE, "sbc-srv");
        const declared = {
            name: "SBC SRV",
            locationId: LOCATIONS[1].id,
            password: PASSWORD,
            trunkType: "CERTIFICATE_BASED",
            address: "_sips._tcp.sbc-srv",
            domain: "example.com",
            maxConcurrentCalls: 300,
        };
        const checked = await host.check(urn, {}, p(declared));
        expect(checked.failures).to.deep.equal([]);
        sim.clearRequests();
        const created = await host.create(urn, checked.inputs);
        expect(sim.requests().find((r) => r.method === "POST")?.body).not.to.have.property("port");
        expect(created.properties).to.include({ address: "_sips._tcp.sbc-srv", domain: "example.com" }).and.not.have.property("port");
        expect(await host.diff(urn, created.id, created.properties, checked.inputs)).to.deep.equal({ changes: "none", replaces: [], deleteBeforeReplace: false });
        const refreshed = await host.read(urn, created.id, created.properties, checked.inputs);
        expect(refreshed.properties).not.to.have.property("port");
        expect(refreshed.inputs).not.to.have.property("port");
        const renamed = (await host.check(urn, refreshed.inputs!, p({ ...declared, name: "SBC SRV 2" }))).inputs;
        expect(await host.diff(urn, created.id, refreshed.properties, renamed)).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
        sim.clearRequests();
        const updated = await host.update(urn, created.id, refreshed.properties, renamed);
        expect(sim.requests().find((r) => r.method === "PUT")?.body).to.not.have.any.keys("port", "address", "domain", "locationId");
        expect(updated.properties).to.include({ name: "SBC SRV 2" }).and.not.have.property("port");
        // A program that gives it a port describes another (FQDN) trunk: that is a replacement, not a made-up value.
        const withPort = (await host.check(urn, renamed, p({ ...declared, name: "SBC SRV 2", port: 5061 }))).inputs;
        expect((await host.diff(urn, created.id, updated.properties, withPort)).replaces).to.deep.equal(["port"]);
    });

    it("a location change replaces, deleting first because the name stays; the engine's delete + create then works", async () => {
        const t = await made("LGW Move");
        const news = (await host.check(t.urn, t.inputs, p({ ...t.declared, locationId: LOCATIONS[1].id }))).inputs;
        expect(await host.diff(t.urn, t.id, t.outs, news)).to.deep.equal({ changes: "some", replaces: ["locationId"], deleteBeforeReplace: true });
        await host.delete(t.urn, t.id, t.outs);
        const created = await host.create(t.urn, news);
        expect(created.id).not.to.equal(t.id);
        expect(stored(t.id)).to.equal(undefined);
        expect(created.properties).to.include({ locationId: LOCATIONS[1].id, name: "LGW Move" });
        expect((await host.diff(t.urn, created.id, created.properties, news)).changes).to.equal("none");
    });

    it("a trunk created but not readable back is reported with its id so the engine keeps it", async () => {
        const urn = urnOf(TYPE, "half-made");
        const news = (await host.check(urn, {}, p({ ...program, name: "Half Made" }))).inputs;
        sim.setFaults([{ kind: "status", status: 500, method: "GET", path: /^\/telephony\/config\/premisePstn\/trunks\/[^/]+$/ }]);
        const err = (await host.create(urn, news).catch((e: HostError) => e)) as HostError;
        sim.setFaults([]);
        const made = sim.state().trunks?.find((t) => t.name === "Half Made");
        expect(err.initFailure?.id).to.equal(made?.id);
        expect(err.initFailure?.properties).to.include({ name: "Half Made", trunkId: made?.id });
        expect(err.initFailure?.reasons[0]).to.contain("was created");
        // What the engine keeps is enough for the host to load the provider and finish the job.
        expect(err.initFailure?.properties.__provider).to.equal(text);
        const refreshed = await host.read(urn, made!.id!, err.initFailure!.properties, news);
        expect(refreshed.properties).to.include({ name: "Half Made", trunkId: made!.id });
        await host.delete(urn, made!.id!, err.initFailure!.properties);
        expect(sim.state().trunks?.find((t) => t.name === "Half Made")).to.equal(undefined);
    });

    it("delete, then read reports it gone; a second delete (404) succeeds", async () => {
        const t = await made("LGW Delete");
        await host.delete(t.urn, t.id, t.outs);
        expect(stored(t.id)).to.equal(undefined);
        expect((await host.read(t.urn, t.id, t.outs, t.inputs)).id).to.equal("");
        await host.delete(t.urn, t.id, t.outs);
    });

    it("deleting a trunk in use is refused before the DELETE, naming what uses it", async () => {
        const busy = urnOf(TYPE, "busy");
        sim.clearRequests();
        const err = (await host.delete(busy, "BUSY-1", p({ name: "Busy LGW" })).catch((e: Error) => e)) as Error;
        expect(err.message).to.contain('Webex trunk "Busy LGW" (id BUSY-1) is still used by route group "Busy LGW route group"').and.contain("nothing was deleted");
        expect(sim.requests().map((r) => `${r.method} ${r.path.split("/").pop()}`)).to.deep.equal(["GET usage", "GET usageRouteGroup"]);
        expect(stored("BUSY-1")).to.not.equal(undefined);
    });

    it("an API error from delete or read reaches the engine whole: status, Webex text, code, trackingId and hint", async () => {
        const busy = urnOf(TYPE, "busy");
        // The usage read says nothing uses it (it changed in between): Webex's 409 is explained from a fresh read.
        sim.setFaults([{ kind: "status", status: 200, body: '{"pstnConnectionCount":0,"callToExtensionCount":0,"dialPlanCount":0,"routeGroupCount":0}', contentType: "application/json", method: "GET", path: /\/usage$/, count: 1 }    ]);
        const err = (await host.delete(busy, "BUSY-1", p({ name: "Busy LGW" })).catch((e: Error) => e)) as Error;
        sim.setFaults([]);
        expect(err.message).to.contain("HTTP 409").and.contain("in use and cannot be deleted").and.contain("code 25017").and.contain("trackingId ROUTER_SIM_");
        expect(err.message).to.contain('is still used by route group "Busy LGW route group"');
        sim.setTokens(["rotated-elsewhere"]);
        const unauth = (await host.read(busy, "BUSY-1", p({ name: "Busy LGW" })).catch((e: Error) => e)) as Error;
        sim.setTokens([TOKEN]);
        expect(unauth.message).to.contain("HTTP 401").and.contain("refused the access token").and.not.contain(TOKEN);
    });

    it("neither the token nor any password appears in anything the host printed, with debug logging on", async () => {
        const debugHost = await startProviderHost({ env: { ...cleanEnv(process.env), TRUNKING_DEBUG: "1" } });
        try {
            await debugHost.configure({ "webex:baseUrl": sim.url, "webex:accessToken": TOKEN });
            const urn = urnOf(TYPE, "LGW Logged");
            const declared = { ...program, name: "LGW Logged" };
            const inputs = (await debugHost.check(urn, {}, p(declared))).inputs;
            const created = await debugHost.create(urn, inputs);
            const news = (await debugHost.check(urn, inputs, p({ ...declared, password: ROTATED }))).inputs;
            const updated = await debugHost.update(urn, created.id, created.properties, news);
            await debugHost.delete(urn, created.id, updated.properties);
            await debugHost.read(urn, "SEEDED-1", p({}));
            const logs = debugHost.logs();
            expect(logs).to.contain("[pulumi-trunking webex debug]"); // it did log
            for (const secret of [TOKEN, PASSWORD, ROTATED, SEEDED_PASSWORD]) {
                expect(logs).not.to.contain(secret);
            }
        } finally {
            await debugHost.close();
        }
    });

    it("a missing token names webex:accessToken and WEBEX_ACCESS_TOKEN", async () => {
        const bare = await startProviderHost();
        try {
            await bare.configure({ "webex:baseUrl": sim.url });
            const err = (await bare.read(URN, "SEEDED-1", p({})).catch((e: Error) => e)) as Error;
            expect(err.message).to.contain("webex:accessToken").and.contain("WEBEX_ACCESS_TOKEN");
        } finally {
            await bare.close();
        }
    });

    it("falls back to the WEBEX_* environment variables in the host", async () => {
        const envHost = await startProviderHost({ env: { ...cleanEnv(process.env), WEBEX_ACCESS_TOKEN: TOKEN, WEBEX_BASE_URL: sim.url } });
        try {
            await envHost.configure({});
            expect((await envHost.read(URN, "SEEDED-1", p({}))).id).to.equal("SEEDED-1");
            expect(envHost.logs()).not.to.contain(TOKEN);
        } finally {
            await envHost.close();
        }
    });
});
