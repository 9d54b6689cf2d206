import { expect } from "chai";
import { isApiError } from "../../provider/http/errors";
import { OdinClient, OdinClientOptions } from "../../provider/odin/client";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";

const noSleep = async () => undefined;
const SIP_SECRET = "Tg-Sip-Secret-77";
const NEW = { serviceProviderId: "SP1", groupId: "G2", name: "New", maxActiveCalls: 1 };

describe("Odin API client against the simulator", function () {
    let sim: OdinSimulator;
    const make = (extra: Partial<OdinClientOptions> = {}) =>
        new OdinClient({ baseUrl: sim.url, username: "admin", password: "admin", sleep: noSleep, ...extra });

    afterEach(async () => {
        await sim?.close();
    });

    it("logs in once with POST /auth/token and sends the bearer token afterwards", async () => {
        sim = await startOdinSimulator();
        const c = make();
        const groups = await c.listGroups("SP1");
        expect(groups.map((g) => g.groupId)).to.deep.equal(["G1", "G2"]);
        await c.getGroupCallCapacity("SP1", "G1");
        const log = sim.requests();
        expect(log.map((r) => `${r.method} ${r.path}`)).to.deep.equal([
            "POST /auth/token",
            "GET /groups",
            "GET /groups/trunk-groups/call-capacity",
        ]);
        expect(log[1].query).to.deep.equal({ serviceProviderId: "SP1" });
        expect(c.auth.logins).to.equal(1);
    });

    it("refreshes the token with PUT /auth/token shortly before it expires", async () => {
        sim = await startOdinSimulator({ tokenTtlSeconds: 60 });
        let skew = 0;
        const c = make({ now: () => Date.now() + skew });
        await c.listGroups("SP1");
        skew = 56_000; // inside the refresh margin (a tenth of the lifetime), still before exp
        await c.listGroups("SP1");
        const calls = sim.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
        expect(calls).to.deep.equal(["POST /auth/token 200", "GET /groups 200", "PUT /auth/token 200", "GET /groups 200"]);
        expect(c.auth.refreshes).to.equal(1);
    });

    it("logs in again once after a 401, then succeeds", async () => {
        sim = await startOdinSimulator();
        const c = make();
        await c.listGroups("SP1");
        sim.expireTokens();
        await c.listGroups("SP1");
        const calls = sim.requests().map((r) => `${r.method} ${r.path} ${r.status}`);
        expect(calls).to.deep.equal(["POST /auth/token 200", "GET /groups 200", "GET /groups 401", "POST /auth/token 200", "GET /groups 200"]);
    });

    it("fails with a clear error when the login is refused, without the password", async () => {
        sim = await startOdinSimulator();
        const c = new OdinClient({ baseUrl: sim.url, username: "admin", password: "wrong-Passw0rd", sleep: noSleep });
        const err = await c.listGroups("SP1").then(
            () => undefined,
            (e: Error) => e,
        );
        expect(err?.message).to.match(/Odin API POST \/api\/v2\/auth\/token failed: HTTP 401/);
        expect(err?.message).to.contain("check odin:username / odin:password");
        expect(err?.message).not.to.contain("wrong-Passw0rd");
    });

    it("retries 429 and 503 for idempotent requests, honouring Retry-After", async () => {
        sim = await startOdinSimulator({
            faults: [
                { kind: "status", status: 429, retryAfter: "2", method: "GET", path: "/groups", count: 1 },
                { kind: "status", status: 503, method: "GET", path: "/groups", count: 1 },
            ],
        });
        const waits: number[] = [];
        const c = make({ sleep: async (ms) => void waits.push(ms) });
        expect(await c.listGroups("SP1")).to.have.length(2);
        expect(waits[0]).to.equal(2000); // the server's Retry-After, not our backoff
        expect(waits).to.have.length(2);
        expect(sim.requests().filter((r) => r.path === "/groups").map((r) => r.status)).to.deep.equal([429, 503, 200]);
        expect(c.transport.stats.retriesByReason).to.deep.equal({ 429: 1, 503: 1 });
    });

    it("never repeats a POST whose fate is unknown; reports it as ambiguous", async () => {
        sim = await startOdinSimulator({ faults: [{ kind: "status", status: 503, method: "POST", path: "/groups/trunk-groups", count: 1 }] });
        const c = make();
        const err = await c.createTrunkGroup(NEW, profileCheck(NEW, NEW)).catch((e: unknown) => e);
        expect(isApiError(err) && err.ambiguous).to.equal(true);
        expect(sim.requests().filter((r) => r.method === "POST" && r.path === "/groups/trunk-groups")).to.have.length(1);
    });

    it("does retry a POST refused with 429 (refused before processing)", async () => {
        sim = await startOdinSimulator({ faults: [{ kind: "status", status: 429, retryAfter: "0", method: "POST", path: "/groups/trunk-groups", count: 1 }] });
        const c = make();
        const tg = await c.createTrunkGroup(NEW, profileCheck(NEW, NEW));
        expect(tg.name).to.equal("New");
    });

    it("cuts a hanging request at the timeout and says so", async () => {
        sim = await startOdinSimulator({ faults: [{ kind: "hang", method: "GET", path: "/groups" }] });
        const c = make({ timeoutMs: 300, retry: { maxRetries: 1 } });
        const started = Date.now();
        const err = await c.listGroups("SP1").catch((e: Error) => e);
        expect(Date.now() - started).to.be.below(3000);
        expect((err as Error).message).to.match(/Odin API GET \/api\/v2\/groups failed: no response \(ECONNABORTED: timeout of 300ms exceeded\) \(after 2 attempts\)/);
    });

    it("carries method, path, status and the Odin error/details in one error type", async () => {
        sim = await startOdinSimulator();
        const c = make();
        const nope = { serviceProviderId: "SP1", groupId: "G1", name: "Nope" };
        const err = await c.getTrunkGroup(nope, profileCheck(nope)).catch((e: unknown) => e);
        expect(isApiError(err)).to.equal(true);
        if (!isApiError(err)) return;
        expect(err).to.include({ api: "Odin", method: "GET", path: "/api/v2/groups/trunk-groups", status: 404, attempts: 1 });
        expect(err.apiMessage).to.match(/not found/i);
        expect(await c.findTrunkGroup(nope, profileCheck(nope))).to.equal(undefined);
    });

    it("redacts the bearer token, the API password and SIP passwords from errors", async () => {
        // A gateway that echoes the request back in its error page.
        sim = await startOdinSimulator();
        const c = new OdinClient({ baseUrl: sim.url, username: "admin", password: "admin", sleep: noSleep });
        await c.listGroups("SP1");
        sim.setFaults([
            {
                kind: "status",
                status: 400,
                method: "POST",
                body: JSON.stringify({ error: `bad request from admin with ${SIP_SECRET}`, status: 400, details: "password admin" }),
                contentType: "application/json",
            },
        ]);
        const err = (await c
            .createTrunkGroup({
                serviceProviderId: "SP1",
                groupId: "G2",
                name: "X",
                maxActiveCalls: 1,
                requireAuthentication: true,
                sipAuthenticationUserName: "x",
                sipAuthenticationPassword: SIP_SECRET,
            }, profileCheck({ ...NEW, name: "X" }, {}))
            .catch((e: Error) => e)) as Error;
        expect(err.message).to.contain("[redacted]");
        expect(err.message).not.to.contain(SIP_SECRET);
        expect(JSON.stringify(err)).not.to.contain(SIP_SECRET);
        // The API password is a registered secret too, wherever the server echoes it.
        expect(err.message).not.to.contain("password admin");
    });

    it("turns HTML and truncated bodies into clear errors instead of crashing", async () => {
        sim = await startOdinSimulator({
            faults: [
                { kind: "status", status: 502, method: "GET", path: "/groups", body: "<html><title>502 Bad Gateway</title></html>", contentType: "text/html" },
            ],
        });
        const c = make({ retry: { maxRetries: 0 } });
        const err = (await c.listGroups("SP1").catch((e: Error) => e)) as Error;
        expect(err.message).to.contain('HTML page ("502 Bad Gateway")');
        sim.setFaults([{ kind: "truncate", method: "GET", path: "/groups" }]);
        const err2 = (await c.listGroups("SP1").catch((e: Error) => e)) as Error;
        expect(err2.message).to.match(/response body is not valid JSON \(truncated or malformed/);
    });

    it("caps requests in flight", async () => {
        sim = await startOdinSimulator({ latencyMs: 30 });
        const c = make({ maxInFlight: 2 });
        await c.listGroups("SP1"); // login first
        await Promise.all(Array.from({ length: 8 }, () => c.getGroupCallCapacity("SP1", "G1")));
        const log = sim.requests().filter((r) => r.path === "/groups/trunk-groups/call-capacity");
        let peak = 0;
        for (const r of log) {
            const overlapping = log.filter((o) => o.startedAt <= r.startedAt && o.startedAt + (o.durationMs ?? 0) > r.startedAt).length;
            peak = Math.max(peak, overlapping);
        }
        expect(peak).to.be.at.most(2);
    });

    it("offers typed calls for every endpoint the product uses", async () => {
        sim = await startOdinSimulator();
        const c = make();
        expect((await c.getServiceProvider("SP1")).isEnterprise).to.equal(true);
        expect(await c.getServiceProviderCallCapacity("SP1")).to.include({ maxActiveCalls: 100, burstingMaxActiveCalls: 20 });
        expect((await c.listTrunkGroups("SP1", "G1")).map((t) => t.name)).to.deep.equal(["G1-TG1", "G1-TG2"]);
        const report = await c.getCallCapacityReport("SP1");
        expect(report?.groupTrunkGroupDetails?.length).to.equal(3);
        expect((await c.listEnterpriseTrunks("SP1")).map((t) => t.enterpriseTrunkName)).to.deep.equal(["ET1"]);
        const main = { serviceProviderId: "SP1", groupId: "G2", name: "G2-Main" };
        const renamed = await c.modifyTrunkGroup({ ...main, name: "G2-TG1", newName: "G2-Main", maxActiveCalls: 25 }, profileCheck(main, { maxActiveCalls: 25 }));
        expect(renamed).to.include({ name: "G2-Main", maxActiveCalls: 25 });
        expect(await c.deleteTrunkGroup(main, profileCheck(main))).to.equal("deleted");
        expect(await c.deleteTrunkGroup(main, profileCheck(main))).to.equal("absent");
    });
});
