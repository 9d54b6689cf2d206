import { expect } from "chai";
import { OdinSimulator, OdinSimulatorOptions } from "../../../provider/simulator";
import { Api, TG_PATH, call, claims, expectOdinError, login, restartWithSession } from "./helpers";

describe("Odin simulator: server and authentication", function () {
    let sim: OdinSimulator;
    let api: Api;
    const fresh = async (opts: OdinSimulatorOptions = {}) => {
        ({ sim, api } = await restartWithSession(sim, opts));
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

        const SESSION_KEYS = [
            "userId",
            "loginType",
            "isReseller",
            "isPaasAdmin",
            "userDomain",
            "passwordExpiresDays",
            "local",
            "encoding",
            "systemDomain",
            "softwareVersion",
            "isSystemAdmin",
            "readOnly",
            "policy",
            "version",
        ];

        it("describes the session (GET /auth/session): the fields the web UI reads, no token", async () => {
            const res = await api.get("/auth/session");
            expect(res.status).to.equal(200);
            expect(res.json).to.have.keys(...SESSION_KEYS);
            expect(res.json).to.include({ userId: "admin", loginType: "System", isSystemAdmin: true, isReseller: false, isPaasAdmin: false, readOnly: false });
            expect(res.json.policy).to.deep.equal([]);
            // The web UI parses it as a number after replacing "sp" with ".".
            expect(Number.isFinite(parseFloat(res.json.softwareVersion.replace("sp", ".")))).to.equal(true);
        });

        it("the login and refresh answers carry the token with the session fields (the web UI stores the whole answer as its session)", async () => {
            const res = await call(sim.url, "POST", "/auth/token", { body: { username: "admin", password: "admin" } });
            expect(res.json).to.have.keys("token", ...SESSION_KEYS);
            const refreshed = await call(sim.url, "PUT", "/auth/token", { token: res.json.token });
            expect(refreshed.json).to.have.keys("token", ...SESSION_KEYS);
            expect(refreshed.json.userId).to.equal("admin");
        });

        it("a seeded group administrator's session names its service provider and group", async () => {
            await fresh({
                seed: {
                    logins: [
                        { username: "admin", password: "admin" },
                        { username: "g1admin", password: "Pw-1", loginType: "Group", serviceProviderId: "SP1", groupId: "G1", readOnly: true },
                    ],
                    serviceProviders: [{ serviceProviderId: "SP1", isEnterprise: true, groups: [{ groupId: "G1" }] }],
                },
            });
            const res = await call(sim.url, "POST", "/auth/token", { body: { username: "g1admin", password: "Pw-1" } });
            expect(res.json).to.include({ userId: "g1admin", loginType: "Group", serviceProviderId: "SP1", groupId: "G1", isEnterprise: true, isSystemAdmin: false, readOnly: true });
            expect((await call(sim.url, "GET", "/auth/session", { token: res.json.token })).json).to.include({ loginType: "Group", groupId: "G1" });
        });
    });
});
