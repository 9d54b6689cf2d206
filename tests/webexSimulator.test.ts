import { expect } from "chai";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { DEFAULT_WEBEX_TOKEN, WebexSimulator, startWebexSimulator } from "../provider/simulator/webex";
import { LOCATIONS } from "./webex/webexFixtures";

const TRUNKS = "/telephony/config/premisePstn/trunks";

interface Answer {
    status: number;
    body: any;
    headers: Headers;
}

function caller(sim: WebexSimulator, token: string | null = DEFAULT_WEBEX_TOKEN) {
    return async (method: string, pathAndQuery: string, body?: unknown): Promise<Answer> => {
        const res = await fetch(sim.url + pathAndQuery, {
            method,
            headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
            body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    };
}

const reg = (name: string, extra: Record<string, unknown> = {}) => ({ name, locationId: LOCATIONS[0].id, password: "Pa55-word", trunkType: "REGISTERING", ...extra });
const cert = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    locationId: LOCATIONS[1].id,
    password: "Pa55-word",
    trunkType: "CERTIFICATE_BASED",
    address: "sbc.example.com",
    domain: "example.com",
    port: 5061,
    maxConcurrentCalls: 10,
    ...extra,
});

function expectWebexError(a: Answer, status: number, description: RegExp, code?: number): void {
    expect(a.status).to.equal(status);
    expect(a.body.message).to.be.a("string");
    expect(a.body.errors[0].description).to.match(description);
    if (code !== undefined) {
        expect(a.body.errors[0].errorCode).to.equal(code);
    }
    expect(a.body.trackingId).to.match(/^ROUTER_SIM_/);
    expect(a.headers.get("trackingid")).to.equal(a.body.trackingId);
}

describe("Webex simulator", () => {
    let sim: WebexSimulator;
    let call: ReturnType<typeof caller>;

    beforeEach(async () => {
        sim = await startWebexSimulator({ pageSize: 2 });
        call = caller(sim);
    });
    afterEach(async () => {
        await sim.close();
    });

    it("binds 127.0.0.1 under /v1", () => {
        expect(sim.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    });

    describe("auth", () => {
        it("answers 401 with the Webex error body without a token or with an unknown one", async () => {
            expectWebexError(await caller(sim, null)("GET", TRUNKS), 401, /valid access token/);
            expectWebexError(await caller(sim, "nope")("GET", TRUNKS), 401, /valid access token/);
        });
        it("accepts the configured tokens, and can change them", async () => {
            const custom = await startWebexSimulator({ tokens: ["a", "b"] });
            try {
                expect((await caller(custom, "b")("GET", TRUNKS)).status).to.equal(200);
                custom.setTokens(["c"]);
                expect((await caller(custom, "b")("GET", TRUNKS)).status).to.equal(401);
            } finally {
                await custom.close();
            }
        });
        it("refuses another org", async () => {
            expectWebexError(await call("GET", `${TRUNKS}?orgId=OTHER`), 403, /Not authorized/);
            expect((await call("GET", `${TRUNKS}?orgId=${encodeURIComponent(sim.state().orgId!)}`)).status).to.equal(200);
        });
    });

    describe("create", () => {
        it("answers 201 with only the id, and a TrackingID header", async () => {
            const a = await call("POST", TRUNKS, reg("LGW 1"));
            expect(a.status).to.equal(201);
            expect(Object.keys(a.body)).to.deep.equal(["id"]);
            expect(Buffer.from(a.body.id, "base64").toString()).to.match(/^ciscospark:\/\/us\/TRUNK\//);
            expect(a.headers.get("trackingid")).to.match(/^ROUTER_SIM_/);
        });
        it("requires name, locationId, password and trunkType", async () => {
            for (const k of ["name", "locationId", "password", "trunkType"]) {
                const body: Record<string, unknown> = reg("LGW 1");
                delete body[k];
                expectWebexError(await call("POST", TRUNKS, body), 400, new RegExp(`Missing mandatory field ${k}`), 25008);
            }
        });
        it("needs address, domain, port and maxConcurrentCalls for certificate-based trunks", async () => {
            for (const k of ["address", "domain", "port", "maxConcurrentCalls"]) {
                const body: Record<string, unknown> = cert("SBC 1");
                delete body[k];
                expectWebexError(await call("POST", TRUNKS, body), 400, new RegExp(`${k} is required`));
            }
        });
        it("keeps names unique (409) and address+domain+port unique across certificate-based trunks (409, 27571)", async () => {
            expect((await call("POST", TRUNKS, cert("SBC 1"))).status).to.equal(201);
            expectWebexError(await call("POST", TRUNKS, reg("SBC 1")), 409, /already in use/);
            expectWebexError(await call("POST", TRUNKS, cert("SBC 2")), 409, /already in use/, 27571);
            expect((await call("POST", TRUNKS, cert("SBC 3", { port: 5062 }))).status).to.equal(201);
        });
        it("refuses ? and ! in the password with 25015", async () => {
            expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { password: "a!b" })), 400, /Invalid characters \? or ! in password/, 25015);
        });
        it("needs an existing location, a valid device type, names of at most 24 characters and calls within range", async () => {
            expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { locationId: "nowhere" })), 400, /Location nowhere not found/);
            expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { deviceType: "Toaster" })), 400, /Device type Toaster/);
            expectWebexError(await call("POST", TRUNKS, reg("x".repeat(25))), 400, /at most 24/);
            expectWebexError(await call("POST", TRUNKS, cert("SBC 1", { maxConcurrentCalls: 6000 })), 400, /between 1 and 5000/);
        });
        it("refuses unknown fields and bodies that are not JSON objects", async () => {
            expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { orgId: "x" })), 400, /Unrecognized field\(s\): orgId/);
            expectWebexError(await call("POST", TRUNKS, "{not json"), 400, /not valid JSON/);
            expectWebexError(await call("POST", TRUNKS, [1]), 400, /JSON object/);
        });
    });

    describe("get, modify and delete", () => {
        let id: string;
        beforeEach(async () => {
            id = (await call("POST", TRUNKS, cert("SBC 1"))).body.id;
        });

        it("GET answers the TrunkGet shape without the password", async () => {
            const a = await call("GET", `${TRUNKS}/${id}`);
            expect(a.status).to.equal(200);
            expect(a.body).to.include({ id, name: "SBC 1", trunkType: "CERTIFICATE_BASED", address: "sbc.example.com", domain: "example.com", port: 5061, maxConcurrentCalls: 10 });
            expect(a.body).to.include.keys("customer", "location", "otgDtgId", "linePort", "pilotUserId", "sipAuthenticationUserName", "status", "outboundProxy", "pChargeInfoSupportPolicy");
            expect(a.body).not.to.have.property("password");
            expect(a.body).not.to.have.property("responseStatus");
        });

        it("GET answers 206 with responseStatus when the trunk is flagged partial", async () => {
            sim.setPartial(id, true);
            const a = await call("GET", `${TRUNKS}/${id}`);
            expect(a.status).to.equal(206);
            expect(a.body.responseStatus).to.include({ code: 25013, type: "ERROR" });
            expect(a.body).not.to.have.property("outboundProxy");
            sim.setPartial(undefined, { code: 25014, asList: true });
            const b = await call("GET", `${TRUNKS}/${id}`);
            expect(b.body.responseStatus).to.be.an("array");
            expect(b.body.responseStatus[0].code).to.equal(25014);
            expect(b.body).not.to.have.property("status");
            sim.setPartial(id, undefined);
            expect((await call("GET", `${TRUNKS}/${id}`)).status).to.equal(200);
        });

        it("PUT answers 204 and needs name and password", async () => {
            expect((await call("PUT", `${TRUNKS}/${id}`, { name: "SBC 1b", password: "New-Pa55", maxConcurrentCalls: 20 })).status).to.equal(204);
            expect((await call("GET", `${TRUNKS}/${id}`)).body).to.include({ name: "SBC 1b", maxConcurrentCalls: 20 });
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "SBC 1b" }), 400, /Missing mandatory field password/);
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { password: "New-Pa55" }), 400, /Missing mandatory field name/);
        });

        it("PUT refuses the immutable fields", async () => {
            for (const k of ["locationId", "trunkType", "deviceType", "address", "domain", "port"]) {
                expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "SBC 1", password: "p4ss", [k]: "x" }), 400, new RegExp(`${k} cannot be modified`));
            }
        });

        it("PUT keeps names unique", async () => {
            await call("POST", TRUNKS, reg("LGW 1"));
            expectWebexError(await call("PUT", `${TRUNKS}/${id}`, { name: "LGW 1", password: "p4ss" }), 409, /already in use/);
        });

        it("DELETE answers 204, then 404", async () => {
            expect((await call("DELETE", `${TRUNKS}/${id}`)).status).to.equal(204);
            expectWebexError(await call("DELETE", `${TRUNKS}/${id}`), 404, /not found/);
            expectWebexError(await call("GET", `${TRUNKS}/${id}`), 404, /not found/);
        });
    });

    describe("list", () => {
        beforeEach(async () => {
            for (const n of ["Bravo", "alpha", "Charlie", "Delta", "Echo"]) {
                await call("POST", TRUNKS, reg(n, n === "Delta" ? { locationId: LOCATIONS[2].id } : {}));
            }
            await call("POST", TRUNKS, cert("SBC"));
        });

        it("pages with max/start and RFC 5988 next and prev links", async () => {
            const first = await call("GET", `${TRUNKS}?max=2`);
            expect(first.body.trunks.map((t: any) => t.name)).to.deep.equal(["alpha", "Bravo"]);
            const link = first.headers.get("link")!;
            expect(link).to.match(/^<http:\/\/127\.0\.0\.1:\d+\/v1\/telephony\/config\/premisePstn\/trunks\?max=2&start=2>; rel="next"$/);
            const second = await call("GET", `${TRUNKS}?max=2&start=2`);
            expect(second.headers.get("link")).to.include('rel="next"').and.include('rel="prev"');
            const last = await call("GET", `${TRUNKS}?start=4`);
            expect(last.body.trunks).to.have.length(2);
            expect(last.headers.get("link")).not.to.include('rel="next"');
        });

        it("caps max at the page size", async () => {
            expect((await call("GET", `${TRUNKS}?max=50`)).body.trunks).to.have.length(2);
        });

        it("filters by name (comma-separated, loose), locationName and trunkType, and orders", async () => {
            const names = async (q: string) => (await call("GET", `${TRUNKS}?max=2&${q}`)).body.trunks.map((t: any) => t.name);
            expect(await names("name=ALPHA,charl")).to.deep.equal(["alpha", "Charlie"]);
            expect(await names(`locationName=${encodeURIComponent("London")}`)).to.deep.equal(["Delta"]);
            expect(await names("trunkType=CERTIFICATE_BASED")).to.deep.equal(["SBC"]);
            expect(await names("order=name-desc")).to.deep.equal(["SBC", "Echo"]);
        });

        it("list items carry id, name, location, inUse, trunkType", async () => {
            const t = (await call("GET", `${TRUNKS}?max=1`)).body.trunks[0];
            expect(t).to.have.keys("id", "name", "location", "inUse", "trunkType", "isRestrictedToDedicatedInstance");
        });

        it("can reproduce the https, prefix and dropped parameters in next links", async () => {
            const quirky = await startWebexSimulator({ pageSize: 1, linkQuirks: { httpsCommaPrefix: true, dropParams: ["trunkType"] }, seed: { locations: LOCATIONS } });
            try {
                await caller(quirky)("POST", TRUNKS, reg("A"));
                await caller(quirky)("POST", TRUNKS, reg("B"));
                const a = await caller(quirky)("GET", `${TRUNKS}?trunkType=REGISTERING`);
                expect(a.headers.get("link")).to.match(/^<https,http:\/\/127\.0\.0\.1:\d+\/v1\/telephony\/config\/premisePstn\/trunks\?start=1&max=1>; rel="next"$/);
            } finally {
                await quirky.close();
            }
        });
    });

    describe("seed, state and faults", () => {
        it("loads a seed from a JSON file, including in-use trunks, and refuses to delete those (409)", async () => {
            const dir = mkdtempSync(path.join(tmpdir(), "webex-seed-"));
            const file = path.join(dir, "seed.json");
            writeFileSync(file, JSON.stringify({ orgId: "ORG", locations: [{ id: "L1", name: "Here" }], trunks: [{ id: "T1", ...reg("Busy", { locationId: "L1" }), inUse: true }] }));
            const seeded = await startWebexSimulator({ seed: file });
            try {
                expect(seeded.state().orgId).to.equal("ORG");
                const a = await caller(seeded)("DELETE", `${TRUNKS}/T1`);
                expect(a.status).to.equal(409);
                expect(a.body.errors[0].description).to.include("in use");
            } finally {
                await seeded.close();
            }
            await startWebexSimulator({ seed: path.join(dir, "missing.json") }).then(
                () => expect.fail("should not start"),
                (e: Error) => expect(e.message).to.include("cannot read"),
            );
        });

        it("state() is a deep copy", async () => {
            await call("POST", TRUNKS, reg("LGW 1"));
            const s = sim.state();
            s.trunks![0].name = "changed";
            expect(sim.state().trunks![0].name).to.equal("LGW 1");
        });

        it("ids repeat for the same randomSeed", async () => {
            const ids: string[] = [];
            for (let i = 0; i < 2; i++) {
                const s = await startWebexSimulator({ randomSeed: 42 });
                ids.push((await caller(s)("POST", TRUNKS, reg("LGW 1"))).body.id);
                await s.close();
            }
            expect(ids[0]).to.equal(ids[1]);
        });

        it("injected status faults use the Webex error body and count in faultStats", async () => {
            sim.setFaults([{ kind: "status", status: 503, retryAfter: "3", count: 1 }]);
            const a = await call("GET", TRUNKS);
            expect(a.status).to.equal(503);
            expect(a.headers.get("retry-after")).to.equal("3");
            expect(a.body).to.have.keys("message", "errors", "trackingId");
            expect(sim.faultStats().status).to.equal(1);
            expect((await call("GET", TRUNKS)).status).to.equal(200);
            expect(sim.requests().map((r) => r.status)).to.deep.equal([503, 200]);
        });

        it("trunkTypes lists device types with their call limits", async () => {
            const a = await call("GET", `${TRUNKS}/trunkTypes`);
            expect(a.status).to.equal(200);
            expect(a.body.trunkTypes[1].deviceTypes.map((d: any) => d.deviceType)).to.include("Ribbon Session Border Controller");
        });
    });
});
