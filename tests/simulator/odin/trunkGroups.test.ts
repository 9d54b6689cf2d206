import { expect } from "chai";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { OdinSeed, OdinSimulator, sampleSeed, startOdinSimulator, startSimulatorCore } from "../../../provider/simulator";

// --- a deliberately plain client: fresh connection per request, no retries ------------------

interface Res {
    status: number;
    headers: http.IncomingHttpHeaders;
    text: string;
    json: any;
}

interface Opts {
    query?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
    token?: string;
    contentType?: string;
}

function call(base: string, method: string, p: string, o: Opts = {}): Promise<Res> {
    const url = new URL(base + p);
    for (const [k, v] of Object.entries(o.query ?? {})) {
        url.searchParams.set(k, v);
    }
    const payload = o.rawBody ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined);
    return new Promise((resolve, reject) => {
        const req = http.request(
            url,
            {
                method,
                agent: false,
                headers: {
                    ...(payload !== undefined ? { "Content-Type": o.contentType ?? "application/json" } : {}),
                    ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}),
                },
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c) => chunks.push(c));
                res.on("error", reject);
                res.on("aborted", () => reject(new Error("aborted")));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let json: any;
                    try {
                        json = JSON.parse(text);
                    } catch {
                        json = undefined;
                    }
                    resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
                });
            },
        );
        req.on("error", reject);
        if (payload !== undefined) {
            req.write(payload);
        }
        req.end();
    });
}

async function login(sim: OdinSimulator, username = "admin", password = "admin"): Promise<string> {
    const res = await call(sim.url, "POST", "/auth/token", { body: { username, password } });
    expect(res.status, res.text).to.equal(200);
    return res.json.token;
}

function claims(token: string): Record<string, number | string> {
    return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

const G1 = { serviceProviderId: "SP1", groupId: "G1" };
const TG_PATH = "/groups/trunk-groups";

/** A tiny API session against one simulator. */
function session(sim: OdinSimulator, token: string) {
    return {
        get: (p: string, query?: Record<string, string>) => call(sim.url, "GET", p, { query, token }),
        post: (p: string, body: unknown) => call(sim.url, "POST", p, { body, token }),
        put: (p: string, body: unknown) => call(sim.url, "PUT", p, { body, token }),
        del: (p: string, query: Record<string, string>) => call(sim.url, "DELETE", p, { query, token }),
        trunk: (name: string, group = G1) => call(sim.url, "GET", TG_PATH, { query: { ...group, name }, token }),
    };
}

function expectOdinError(res: Res, status: number, pattern?: RegExp): void {
    expect(res.status, res.text).to.equal(status);
    expect(res.json, res.text).to.be.an("object");
    expect(res.json.error).to.be.a("string");
    expect(res.json.status).to.equal(status);
    expect(res.json).to.have.property("details");
    if (pattern) {
        expect(res.json.error).to.match(pattern);
    }
}

/** The exact request shape odins_spear (v1 and v2) builds for POST /groups/trunk-groups. */
function odinsSpearCreateBody(name: string, maxActiveCalls: number | string) {
    return {
        name,
        maxActiveCalls,
        serviceProviderId: "SP1",
        groupId: "G1",
        capacityExceededTrapInitialCalls: 0,
        capacityExceededTrapOffsetCalls: 0,
        clidSourceForScreenedCallsPolicy: "Profile Name Profile Number",
        continuousOptionsSendingIntervalSeconds: 30,
        failureOptionsSendingIntervalSeconds: 10,
        failureThresholdCounter: 1,
        successThresholdCounter: 1,
        invitationTimeout: 6,
        inviteFailureThresholdCounter: 1,
        inviteFailureThresholdWindowSeconds: 30,
        pilotUserCallOptimizationPolicy: "Optimize For User Services",
        pilotUserCallingLineAssertedIdentityPolicy: "Unscreened Originating Calls",
        pilotUserCallingLineIdentityForEmergencyCallsPolicy: "No Calls",
        pilotUserCallingLineIdentityForExternalCallsPolicy: "No Calls",
        pilotUserChargeNumberPolicy: "No Calls",
        useSystemUserLookupPolicy: "true",
        userLookupPolicy: "Basic",
        requireAuthentication: "false",
        // The library's truthiness bug always adds these, empty when not given.
        sipAuthenticationUserName: "",
        sipAuthenticationPassword: "",
    };
}

describe("Odin simulator", function () {
    let sim: OdinSimulator;
    let api: ReturnType<typeof session>;

    const fresh = async (opts: Parameters<typeof startOdinSimulator>[0] = {}) => {
        await sim?.close();
        sim = await startOdinSimulator(opts);
        api = session(sim, await login(sim));
        sim.clearRequests();
    };

    beforeEach(() => fresh());
    afterEach(() => sim.close());

    describe("server", () => {
        it("listens on 127.0.0.1 under /api/v2", () => {
            expect(sim.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
            expect(sim.port).to.be.above(0);
        });

        it("answers an unknown path with a JSON 404 and a wrong method with 405", async () => {
            expectOdinError(await api.get("/no/such/thing"), 404, /Not found/);
            expectOdinError(await call(sim.url, "PATCH", TG_PATH), 405);
            const outside = await call(sim.url.replace("/api/v2", ""), "GET", "/groups");
            expectOdinError(outside, 404);
        });

        it("refuses a missing or broken JSON body with 400", async () => {
            expectOdinError(await call(sim.url, "POST", TG_PATH, { token: (await login(sim)) }), 400, /JSON object body/);
            expectOdinError(await call(sim.url, "POST", TG_PATH, { token: await login(sim), rawBody: "{not json" }), 400, /Invalid JSON/);
            expectOdinError(await call(sim.url, "POST", "/auth/token", { rawBody: "[1,2" }), 400);
        });
    });

    describe("authentication", () => {
        it("issues a JWT whose exp is iat + tokenTtlSeconds", async () => {
            await fresh({ tokenTtlSeconds: 120 });
            const token = await login(sim);
            expect(token.split(".")).to.have.length(3);
            const header = JSON.parse(Buffer.from(token.split(".")[0], "base64url").toString());
            expect(header).to.include({ alg: "HS256", typ: "JWT" });
            const c = claims(token);
            expect(c.iss).to.be.a("string");
            expect(c.sub).to.equal("admin");
            expect(Number(c.exp) - Number(c.iat)).to.equal(120);
            expect(Math.abs(Number(c.iat) - Date.now() / 1000)).to.be.below(5);
            expect(Number(claims(await login(sim)).exp) - Number(c.iat)).to.be.at.least(120);
        });

        it("defaults the token lifetime to an hour", async () => {
            const c = claims(await login(sim));
            expect(Number(c.exp) - Number(c.iat)).to.equal(3600);
        });

        it("refuses wrong credentials with 401 and accepts form-encoded ones", async () => {
            expectOdinError(await call(sim.url, "POST", "/auth/token", { body: { username: "admin", password: "nope" } }), 401, /Invalid username or password/);
            expectOdinError(await call(sim.url, "POST", "/auth/token", { body: { username: "admin" } }), 400);
            const form = await call(sim.url, "POST", "/auth/token", {
                rawBody: "username=admin&password=admin",
                contentType: "application/x-www-form-urlencoded",
            });
            expect(form.status).to.equal(200);
            expect(form.json.token).to.be.a("string");
        });

        it("requires a valid Bearer token on every other endpoint", async () => {
            expectOdinError(await call(sim.url, "GET", "/groups", { query: { serviceProviderId: "SP1" } }), 401, /token required/);
            expectOdinError(await call(sim.url, "GET", "/groups", { query: { serviceProviderId: "SP1" }, token: "a.b.c" }), 401, /Invalid token/);
            const forged = (await login(sim)).replace(/\.[^.]+$/, ".AAAA");
            expectOdinError(await call(sim.url, "GET", "/groups", { query: { serviceProviderId: "SP1" }, token: forged }), 401);
            expect((await api.get("/groups", { serviceProviderId: "SP1" })).status).to.equal(200);
        });

        it("refreshes an unexpired token with PUT /auth/token", async () => {
            const old = await login(sim);
            const res = await call(sim.url, "PUT", "/auth/token", { token: old });
            expect(res.status).to.equal(200);
            expect(res.json.token).to.be.a("string").and.not.equal(old);
            expect((await call(sim.url, "GET", "/auth/session", { token: res.json.token })).json.userId).to.equal("admin");
            expectOdinError(await call(sim.url, "PUT", "/auth/token"), 401);
        });

        it("lets tokens expire: 401 on use and on refresh, a new login works", async () => {
            await fresh({ tokenTtlSeconds: 0.4 });
            const token = await login(sim);
            expect((await call(sim.url, "GET", "/auth/session", { token })).status).to.equal(200);
            await new Promise((r) => setTimeout(r, 500));
            expectOdinError(await call(sim.url, "GET", "/auth/session", { token }), 401, /expired/);
            expectOdinError(await call(sim.url, "PUT", "/auth/token", { token }), 401, /expired/);
            expect((await call(sim.url, "GET", "/auth/session", { token: await login(sim) })).status).to.equal(200);
        });

        it("expireTokens() invalidates every issued token at once", async () => {
            const a = await login(sim);
            const b = await login(sim);
            sim.expireTokens();
            expectOdinError(await call(sim.url, "GET", "/auth/session", { token: a }), 401);
            expectOdinError(await call(sim.url, "GET", "/auth/session", { token: b }), 401);
            expectOdinError(await call(sim.url, "PUT", "/auth/token", { token: a }), 401);
            expect((await call(sim.url, "GET", "/auth/session", { token: await login(sim) })).status).to.equal(200);
        });

        it("describes the session", async () => {
            const res = await api.get("/auth/session");
            expect(res.status).to.equal(200);
            expect(res.json).to.include({ userId: "admin", loginType: "Provisioning" });
        });
    });

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
    });

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

        it("lists the hosted users of a trunk group", async () => {
            const res = await api.get(`${TG_PATH}/users`, { ...G1, name: "G1-TG1" });
            expect(res.json.name).to.equal("G1-TG1");
            expect(res.json.users.map((u: any) => u.userId)).to.deep.equal(["g1.pilot@sp1.sim.example", "g1.alice@sp1.sim.example"]);
            expect(res.json.users[1]).to.include({ firstName: "Alice", lastName: "Able" });
            const hosted = await api.get(`${TG_PATH}/users/hosted`, { ...G1, name: "G1-TG1" });
            expect(hosted.json.users.map((u: any) => u.userId)).to.deep.equal(["g1.bob@sp1.sim.example"]);
            expectOdinError(await api.get(`${TG_PATH}/users`, { ...G1, name: "NOPE" }), 404);
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

        it("refuses a pilot user who is not a user of the group, without saying 'not found'", async () => {
            const res = await api.post(TG_PATH, { ...G1, name: "Pilot", maxActiveCalls: 1, pilotUserId: "g2.carol@sp1.sim.example" });
            expectOdinError(res, 400, /g2\.carol@sp1\.sim\.example is not a user of group G1/);
            expect(res.json.error).to.not.match(/not found/i);
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
            expectOdinError(await api.put(TG_PATH, { ...G1, name: "G1-TG2", users: [{ userId: "stranger" }] }), 400, /not a user of group G1/);
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

        it("sets a pilot user only from the group's users", async () => {
            expect((await api.put(TG_PATH, { ...G1, name: "G1-TG2", pilotUserId: "g1.bob@sp1.sim.example" })).json.pilotUserId).to.equal("g1.bob@sp1.sim.example");
            const res = await api.put(TG_PATH, { ...G1, name: "G1-TG2", pilotUserId: "nobody@x" });
            expectOdinError(res, 400, /is not a user of group G1/);
            expect(res.json.error).to.not.match(/not found/i);
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

    describe("enterprise trunks and SIP passwords", () => {
        it("lists and gets service-provider enterprise trunks", async () => {
            const list = await api.get("/service-providers/enterprise-trunks", { serviceProviderId: "SP1" });
            expect(list.json).to.have.length(1);
            expect(list.json[0]).to.include({ enterpriseTrunkName: "ET1", serviceProviderId: "SP1", maximumRerouteAttempts: 3 });
            expect(list.json[0].capacityManagement).to.deep.equal({ maximumActiveCalls: 40, enabled: true });
            expectOdinError(await api.get("/service-providers/enterprise-trunks", { serviceProviderId: "SP1", enterpriseTrunkName: "NOPE" }), 404);
            expect((await api.get("/groups/enterprise-trunks", G1)).json).to.deep.equal([]);
        });

        it("generates random SIP passwords of at least 12 characters", async () => {
            const a = (await api.get("/sip-password/generate")).json.password;
            const b = (await api.get("/sip-password/generate")).json.password;
            expect(a).to.be.a("string").with.length.at.least(12);
            expect(a).to.not.equal(b);
        });
    });

    describe("fault injection", () => {
        const create = (name: string) => api.post(TG_PATH, { ...G1, name, maxActiveCalls: 1 });
        const exists = async (name: string) => (await api.trunk(name)).status === 200;

        it("status: answers with the status, Retry-After and an Odin error body, without touching state", async () => {
            sim.setFaults([{ kind: "status", status: 429, retryAfter: "2", method: "POST", path: TG_PATH, count: 1 }]);
            const res = await create("Limited");
            expect(res.status).to.equal(429);
            expect(res.headers["retry-after"]).to.equal("2");
            expect(res.json).to.deep.include({ status: 429 });
            expect(res.json.error).to.be.a("string");
            expect(await exists("Limited")).to.equal(false);
            // count: 1 -> the next request goes through.
            expect((await create("Limited")).status).to.equal(200);
            expect(sim.faultStats().status).to.equal(1);
        });

        it("status: sends a raw body and garbage Retry-After verbatim", async () => {
            sim.setFaults([{ kind: "status", status: 502, body: "<html><body>Bad Gateway</body></html>", retryAfter: "rand(30),add(30)" }]);
            const res = await api.get("/groups", { serviceProviderId: "SP1" });
            expect(res.status).to.equal(502);
            expect(res.headers["content-type"]).to.match(/text\/html/);
            expect(res.headers["retry-after"]).to.equal("rand(30),add(30)");
            expect(res.text).to.equal("<html><body>Bad Gateway</body></html>");
        });

        it("drop: the connection dies before the handler runs, so nothing changes", async () => {
            sim.setFaults([{ kind: "drop", method: "POST", path: TG_PATH }]);
            let error: Error | undefined;
            await create("Dropped").catch((e) => (error = e));
            expect(error).to.be.instanceOf(Error);
            sim.setFaults([]);
            expect(await exists("Dropped")).to.equal(false);
            expect(sim.faultStats().drop).to.equal(1);
        });

        it("dropAfterApply: the change happens but no answer comes (the lost-response case)", async () => {
            sim.setFaults([{ kind: "dropAfterApply", method: "POST", path: TG_PATH, count: 1 }]);
            let error: Error | undefined;
            await create("Ghost").catch((e) => (error = e));
            expect(error).to.be.instanceOf(Error);
            expect(await exists("Ghost")).to.equal(true);
            expectOdinError(await create("Ghost"), 400, /already exists/);
            const entry = sim.requests().find((r) => r.method === "POST")!;
            expect(entry).to.include({ status: null, fault: "dropAfterApply" });
        });

        it("hang: never answers, until close() ends it promptly", async () => {
            sim.setFaults([{ kind: "hang", path: "/groups" }]);
            let settled = false;
            const pending = api.get("/groups", { serviceProviderId: "SP1" }).then(
                () => (settled = true),
                () => (settled = true),
            );
            await new Promise((r) => setTimeout(r, 300));
            expect(settled).to.equal(false);
            expect(sim.requests().find((r) => r.path === "/groups")).to.include({ status: null, fault: "hang" });
            const t0 = Date.now();
            await sim.close();
            await pending;
            expect(settled).to.equal(true);
            expect(Date.now() - t0).to.be.below(1000);
            expect(sim.requests().find((r) => r.path === "/groups")!.durationMs).to.be.a("number");
        });

        it("truncate: runs the handler and sends half the JSON body", async () => {
            const full = (await api.trunk("G1-TG1")).text;
            sim.setFaults([{ kind: "truncate", method: "PUT", path: TG_PATH }]);
            const res = await api.put(TG_PATH, { ...G1, name: "G1-TG1", invitationTimeout: 8 });
            expect(res.status).to.equal(200);
            expect(res.json).to.equal(undefined);
            expect(res.text.length).to.equal(Math.floor(full.length / 2));
            expect(full.startsWith(res.text.slice(0, 20))).to.equal(true);
            sim.setFaults([]);
            expect((await api.trunk("G1-TG1")).json.invitationTimeout).to.equal(8);
            expect(sim.faultStats().truncate).to.equal(1);
        });

        it("truncate (close): announces the full length and cuts the connection", async () => {
            sim.setFaults([{ kind: "truncate", truncateMode: "close", path: "/groups" }]);
            let error: Error | undefined;
            await api.get("/groups", { serviceProviderId: "SP1" }).catch((e) => (error = e));
            expect(error).to.be.instanceOf(Error);
        });

        it("latency: fixed per request plus per rule", async () => {
            await fresh({ latencyMs: 100 });
            let t0 = Date.now();
            await api.get("/groups", { serviceProviderId: "SP1" });
            expect(Date.now() - t0).to.be.at.least(95);
            sim.setFaults([{ kind: "latency", latencyMs: 200, path: /^\/groups$/ }]);
            t0 = Date.now();
            await api.get("/groups", { serviceProviderId: "SP1" });
            expect(Date.now() - t0).to.be.at.least(290);
            expect(sim.requests().at(-1)).to.include({ fault: "latency" });
            expect(sim.faultStats().latency).to.equal(1);
        });

        it("latency combines with a decisive fault", async () => {
            sim.setFaults([
                { kind: "latency", latencyMs: 150 },
                { kind: "status", status: 503 },
            ]);
            const t0 = Date.now();
            expect((await api.get("/auth/session")).status).to.equal(503);
            expect(Date.now() - t0).to.be.at.least(140);
            expect(sim.faultStats()).to.include({ latency: 1, status: 1 });
        });

        it("probability: reproducible with the same randomSeed", async () => {
            const pattern = async (randomSeed: number) => {
                const s = await startOdinSimulator({ randomSeed, faults: [{ kind: "status", status: 503, probability: 0.5, path: "/auth/session" }] });
                try {
                    const token = await login(s);
                    const out: number[] = [];
                    for (let i = 0; i < 24; i++) {
                        out.push((await call(s.url, "GET", "/auth/session", { token })).status);
                    }
                    return out;
                } finally {
                    await s.close();
                }
            };
            const a = await pattern(42);
            expect(await pattern(42)).to.deep.equal(a);
            expect(a).to.include(503).and.to.include(200);
            expect(await pattern(7)).to.not.deep.equal(a);
        });

        it("faults can be given at start and counted by kind", async () => {
            await sim.close();
            sim = await startOdinSimulator({ faults: [{ kind: "status", status: 503, path: "/auth/token", count: 2 }] });
            expect((await call(sim.url, "POST", "/auth/token", { body: { username: "admin", password: "admin" } })).status).to.equal(503);
            expect((await call(sim.url, "POST", "/auth/token", { body: { username: "admin", password: "admin" } })).status).to.equal(503);
            expect((await call(sim.url, "POST", "/auth/token", { body: { username: "admin", password: "admin" } })).status).to.equal(200);
            expect(sim.faultStats()).to.deep.equal({ status: 2, drop: 0, dropAfterApply: 0, hang: 0, truncate: 0, latency: 0 });
        });
    });

    describe("request log", () => {
        it("records method, relative path, query, body, status and timing", async () => {
            await api.get(TG_PATH, { ...G1, name: "G1-TG1" });
            await api.post(TG_PATH, { ...G1, name: "Logged", maxActiveCalls: 99 });
            const log = sim.requests();
            expect(log).to.have.length(2);
            expect(log[0]).to.include({ method: "GET", path: TG_PATH, status: 200 });
            expect(log[0].query).to.deep.equal({ ...G1, name: "G1-TG1" });
            expect(log[0].fault).to.equal(undefined);
            expect(log[1]).to.include({ method: "POST", path: TG_PATH, status: 400 });
            expect(log[1].body).to.deep.include({ name: "Logged", maxActiveCalls: 99 });
            expect(log[1].startedAt).to.be.at.least(log[0].startedAt);
            expect(log[1].durationMs).to.be.a("number").at.least(0);
            sim.clearRequests();
            expect(sim.requests()).to.deep.equal([]);
        });

        it("records dropped requests with status null and the fault", async () => {
            sim.setFaults([{ kind: "drop", path: "/groups" }]);
            await api.get("/groups", { serviceProviderId: "SP1" }).catch(() => undefined);
            expect(sim.requests()[0]).to.include({ path: "/groups", status: null, fault: "drop" });
        });
    });
});

describe("simulator core", () => {
    it("routes :params under a base path and reports handler errors as 500 with the API's error body", async () => {
        const core = await startSimulatorCore({
            basePath: "/v1",
            errorBody: (status, message) => ({ message, code: status }),
            routes: [
                { method: "GET", path: "/trunks/:trunkId", handler: (req) => ({ status: 200, body: { id: req.params.trunkId, q: req.query } }) },
                { method: "DELETE", path: "/trunks/:trunkId", handler: () => ({ status: 204 }) },
                {
                    method: "GET",
                    path: "/boom",
                    handler: () => {
                        throw new Error("kaput");
                    },
                },
            ],
        });
        try {
            const res = await call(core.url, "GET", "/trunks/abc", { query: { orgId: "o1" } });
            expect(res.json).to.deep.equal({ id: "abc", q: { orgId: "o1" } });
            expect((await call(core.url, "DELETE", "/trunks/abc")).status).to.equal(204);
            const boom = await call(core.url, "GET", "/boom");
            expect(boom.status).to.equal(500);
            expect(boom.json).to.deep.equal({ message: "Simulator error: kaput", code: 500 });
            expect((await call(core.url, "GET", "/trunks")).json).to.deep.equal({ message: "Not found: GET /v1/trunks", code: 404 });
            core.setFaults([{ kind: "status", status: 429, retryAfter: "1" }]);
            const limited = await call(core.url, "GET", "/trunks/abc");
            expect(limited.status).to.equal(429);
            expect(limited.json).to.deep.equal({ message: "Too Many Requests", code: 429 });
            expect(core.requests().map((r) => r.path)).to.deep.equal(["/trunks/abc", "/trunks/abc", "/boom", "/trunks", "/trunks/abc"]);
        } finally {
            await core.close();
        }
    });
});
