import { expect } from "chai";
import { WebexSimulator, startWebexSimulator } from "../../../provider/simulator/webex";
import { LOCATIONS, TRUNKS, caller, cert, expectWebexError, reg, srv } from "./helpers";

describe("Webex simulator: create (POST /trunks)", () => {
    let sim: WebexSimulator;
    let call: ReturnType<typeof caller>;

    beforeEach(async () => {
        sim = await startWebexSimulator();
        call = caller(sim);
    });
    afterEach(async () => {
        await sim.close();
    });

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

    describe("certificate-based trunks", () => {
        it("need address, domain and maxConcurrentCalls", async () => {
            for (const k of ["address", "domain", "maxConcurrentCalls"]) {
                const body: Record<string, unknown> = cert("SBC 1");
                delete body[k];
                expectWebexError(await call("POST", TRUNKS, body), 400, new RegExp(`${k} is required`), 25008);
            }
        });

        it("addressed by DNS SRV are created without a port, and GET shows none", async () => {
            const a = await call("POST", TRUNKS, srv("SBC SRV"));
            expect(a.status, a.text).to.equal(201);
            const got = await call("GET", `${TRUNKS}/${a.body.id}`);
            expect(got.body).to.include({ address: "sbc-srv", domain: "example.com", trunkType: "CERTIFICATE_BASED" });
            expect(got.body).not.to.have.property("port");
            expect(sim.state().trunks![0]).not.to.have.property("port");
        });

        it("keep an SRV address (address+domain) unique among SRV trunks: 409 / 27571, DNS case ignored", async () => {
            expect((await call("POST", TRUNKS, srv("SBC A"))).status).to.equal(201);
            expectWebexError(await call("POST", TRUNKS, srv("SBC B")), 409, /SRV address sbc-srv with domain example.com is already in use/, 27571);
            expectWebexError(await call("POST", TRUNKS, srv("SBC C", { address: "SBC-SRV", domain: "Example.COM" })), 409, /already in use/, 27571);
            expect((await call("POST", TRUNKS, srv("SBC D", { domain: "other.example.com" }))).status).to.equal(201);
        });

        it("keep an FQDN (address+domain+port) unique among FQDN trunks: 409 / 27571; another port is another address", async () => {
            expect((await call("POST", TRUNKS, cert("SBC 1"))).status).to.equal(201);
            expectWebexError(await call("POST", TRUNKS, cert("SBC 2")), 409, /FQDN sbc.example.com with port 5061 and domain example.com is already in use/, 27571);
            expect((await call("POST", TRUNKS, cert("SBC 3", { port: 5062 }))).status).to.equal(201);
        });

        it("an SRV and an FQDN trunk may share address and domain (each kind is its own namespace)", async () => {
            expect((await call("POST", TRUNKS, cert("SBC F", { address: "edge" }))).status).to.equal(201);
            expect((await call("POST", TRUNKS, srv("SBC S", { address: "edge" }))).status).to.equal(201);
        });

        it("refuse a domain that is not a DNS name, and (when the org lists them) one it has not verified: 400 / 25024", async () => {
            expectWebexError(await call("POST", TRUNKS, cert("SBC 1", { domain: "foo" })), 400, /Invalid domain foo/, 25024);
            const verified = await startWebexSimulator({ seed: { locations: LOCATIONS, verifiedDomains: ["acme.example"] } });
            try {
                expectWebexError(await caller(verified)("POST", TRUNKS, cert("SBC 1")), 400, /Invalid domain example.com/, 25024);
                expect((await caller(verified)("POST", TRUNKS, cert("SBC 1", { domain: "ACME.example" }))).status).to.equal(201);
            } finally {
                await verified.close();
            }
        });

        it("take maxConcurrentCalls within the device type's range (default the spec's example, 250..1000)", async () => {
            expectWebexError(await call("POST", TRUNKS, cert("SBC 1", { maxConcurrentCalls: 249 })), 400, /between 250 and 1000 for device type Cisco Unified Border Element/, 25018);
            expectWebexError(await call("POST", TRUNKS, cert("SBC 1", { maxConcurrentCalls: 1001 })), 400, /between 250 and 1000/, 25018);
            expect((await call("POST", TRUNKS, cert("SBC 1", { maxConcurrentCalls: 250 }))).status).to.equal(201);
            expect((await call("POST", TRUNKS, cert("SBC 2", { maxConcurrentCalls: 1000, port: 5070 }))).status).to.equal(201);
        });

        it("legacyDeviceLimits brings back the old 1..5000 range", async () => {
            const legacy = await startWebexSimulator({ legacyDeviceLimits: true });
            try {
                expect((await caller(legacy)("POST", TRUNKS, cert("SBC 1", { maxConcurrentCalls: 10 }))).status).to.equal(201);
                expectWebexError(await caller(legacy)("POST", TRUNKS, cert("SBC 2", { maxConcurrentCalls: 5001, port: 5070 })), 400, /between 1 and 5000/, 25018);
            } finally {
                await legacy.close();
            }
        });
    });

    describe("REGISTERING trunks", () => {
        for (const [field, value] of [
            ["address", "lgw.example.com"],
            ["domain", "example.com"],
            ["port", 5060],
            ["maxConcurrentCalls", 500],
        ] as const) {
            it(`refuse ${field}: only certificate-based trunks have it (400 / 25021)`, async () => {
                expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { [field]: value })), 400, new RegExp(`${field} cannot be set on a REGISTERING trunk`), 25021);
                expect(sim.state().trunks).to.deep.equal([]);
            });
        }

        it("registeringAcceptsMaxCalls takes maxConcurrentCalls within the device range, as the simulator used to", async () => {
            const lax = await startWebexSimulator({ registeringAcceptsMaxCalls: true });
            try {
                expect((await caller(lax)("POST", TRUNKS, reg("LGW 1", { maxConcurrentCalls: 500 }))).status).to.equal(201);
                expectWebexError(await caller(lax)("POST", TRUNKS, reg("LGW 2", { maxConcurrentCalls: 10 })), 400, /between 250 and 1000/, 25018);
                expectWebexError(await caller(lax)("POST", TRUNKS, reg("LGW 3", { port: 5060 })), 400, /port cannot be set on a REGISTERING trunk/, 25021);
            } finally {
                await lax.close();
            }
        });
    });

    describe("names", () => {
        it("are unique in the org, whatever the location (409 / 25011)", async () => {
            expect((await call("POST", TRUNKS, cert("SBC 1"))).status).to.equal(201);
            expectWebexError(await call("POST", TRUNKS, reg("SBC 1")), 409, /Trunk name SBC 1 is already in use/, 25011);
        });

        it("that differ only in case clash, and the message says so", async () => {
            expect((await call("POST", TRUNKS, reg("LGW Boston"))).status).to.equal(201);
            expectWebexError(await call("POST", TRUNKS, reg("lgw boston")), 409, /already in use \(as LGW Boston; names differ only in case\)/, 25011);
        });

        it("caseSensitiveNames lets them coexist, as the simulator used to", async () => {
            const lax = await startWebexSimulator({ caseSensitiveNames: true });
            try {
                expect((await caller(lax)("POST", TRUNKS, reg("LGW Boston"))).status).to.equal(201);
                expect((await caller(lax)("POST", TRUNKS, reg("lgw boston"))).status).to.equal(201);
                expectWebexError(await caller(lax)("POST", TRUNKS, reg("LGW Boston")), 409, /already in use/, 25011);
            } finally {
                await lax.close();
            }
        });

        it("are at most 24 characters", async () => {
            expect((await call("POST", TRUNKS, reg("x".repeat(24)))).status).to.equal(201);
            expectWebexError(await call("POST", TRUNKS, reg("y".repeat(25))), 400, /at most 24/);
        });
    });

    describe("passwords", () => {
        it("refuse ? and ! with 25015 before any other rule", async () => {
            expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { password: "a!b" })), 400, /Invalid characters \? or ! in password/, 25015);
            expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { password: "Pa55?word" })), 400, /Invalid characters/, 25015);
        });

        it("follow the location's default policy: 8+ characters with a digit, upper and lower case and a symbol, not the trunk's name (25150)", async () => {
            const cases: Array<[string, RegExp]> = [
                ["Pa5-wrd", /at least 8 characters/],
                ["Password-x", /at least 1 digit/],
                ["pa55-word", /at least 1 upper case/],
                ["PA55-WORD", /at least 1 lower case/],
                ["Pa55word", /at least 1 non-alphanumeric/],
                ["My-LGW-Pa55", /must not contain the trunk name/],
            ];
            for (const [password, reason] of cases) {
                expectWebexError(await call("POST", TRUNKS, reg("LGW", { password })), 400, reason, 25150);
            }
            expect(sim.state().trunks).to.deep.equal([]);
            expect((await call("POST", TRUNKS, reg("LGW", { password: "Pa55-word" }))).status).to.equal(201);
        });

        it("follow a location's own policy from the seed", async () => {
            const seeded = await startWebexSimulator({
                seed: { locations: [{ ...LOCATIONS[0], sipPasswordPolicy: { minLength: 16, minNonAlphanumericCharacters: 0 } }, LOCATIONS[1]] },
            });
            try {
                const c = caller(seeded);
                expectWebexError(await c("POST", TRUNKS, reg("LGW 1", { password: "Pa55-word" })), 400, /at least 16 characters/, 25150);
                expect((await c("POST", TRUNKS, reg("LGW 1", { password: "Pa55wordPa55word" }))).status).to.equal(201);
                // The other location keeps the default policy.
                expectWebexError(await c("POST", TRUNKS, reg("LGW 2", { locationId: LOCATIONS[1].id, password: "Pa55wordPa55word" })), 400, /non-alphanumeric/, 25150);
            } finally {
                await seeded.close();
            }
        });
    });

    it("needs an existing location and a device type of the trunk type", async () => {
        expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { locationId: "nowhere" })), 400, /Location nowhere not found/, 25012);
        expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { deviceType: "Toaster" })), 400, /Device type Toaster is not valid for trunk type REGISTERING/);
        expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { deviceType: "Ribbon Session Border Controller" })), 400, /not valid for trunk type REGISTERING/);
        expect((await call("POST", TRUNKS, cert("SBC 1", { deviceType: "Ribbon Session Border Controller" }))).status).to.equal(201);
    });

    it("refuses unknown fields and bodies that are not JSON objects", async () => {
        expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { orgId: "x" })), 400, /Unrecognized field\(s\): orgId/);
        expectWebexError(await call("POST", TRUNKS, "{not json"), 400, /not valid JSON/);
        expectWebexError(await call("POST", TRUNKS, [1]), 400, /JSON object/);
        expectWebexError(await call("POST", TRUNKS, reg("LGW 1", { trunkType: "registering" })), 400, /Invalid trunkType registering/);
        expectWebexError(await call("POST", TRUNKS, cert("SBC 1", { port: 70000 })), 400, /port must be an integer from 1 to 65535/);
        expect(sim.state().trunks).to.deep.equal([]);
    });
});
