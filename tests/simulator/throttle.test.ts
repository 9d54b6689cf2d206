import { expect } from "chai";
import * as http from "http";
import { Throttle, startOdinSimulator, startSimulatorCore, startWebexSimulator } from "../../provider/simulator";

/** A fresh connection per request, so in-flight counts are the server's, not an agent's. */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
        http.get(url, { agent: false, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
            res.on("error", reject);
        }).on("error", reject);
    });
}

describe("simulator throttling mode (a server's capacity)", () => {
    describe("Throttle", () => {
        it("admits up to maxInFlight at once and counts what it refuses", () => {
            const t = new Throttle({ maxInFlight: 2 });
            expect([t.decide(), t.decide(), t.decide()].map((d) => d.admit)).to.deep.equal([true, true, false]);
            t.release();
            expect(t.decide().admit).to.equal(true);
            expect(t.stats()).to.deep.equal({ admitted: 3, throttled: 1, throttledInFlight: 1, throttledRate: 0, inFlight: 2, peakInFlight: 2 });
        });

        it("admits up to maxPerSecond in any 1000 ms and says how long until a slot frees", () => {
            let now = 10_000;
            const t = new Throttle({ maxPerSecond: 3 }, () => now);
            for (let i = 0; i < 3; i++) {
                expect(t.decide().admit).to.equal(true);
                t.release();
                now += 100;
            }
            const refused = t.decide();
            expect(refused).to.deep.equal({ admit: false, retryAfterSeconds: 1, reason: "rate" });
            now = 11_000; // the first admission (at 10 000) has left the window
            expect(t.decide().admit).to.equal(true);
            expect(t.decide().admit).to.equal(false);
            expect(t.stats().throttledRate).to.equal(2);
        });

        it("is off without limits, but still counts admissions and the peak in flight", () => {
            const t = new Throttle(undefined);
            for (let i = 0; i < 100; i++) {
                expect(t.decide().admit).to.equal(true);
            }
            expect(t.enabled).to.equal(false);
            expect(t.stats()).to.include({ admitted: 100, throttled: 0, peakInFlight: 100 });
            t.resetStats();
            expect(t.stats()).to.include({ admitted: 0, peakInFlight: 100, inFlight: 100 });
        });

        it("refuses nonsense limits", () => {
            expect(() => new Throttle({ maxInFlight: 0 })).to.throw(/maxInFlight must be a number >= 1/);
            expect(() => new Throttle({ maxPerSecond: Number.NaN })).to.throw(/maxPerSecond/);
            expect(() => new Throttle({ maxInFlight: 1, retryAfterSeconds: -1 })).to.throw(/retryAfterSeconds/);
        });
    });

    it("core: above N in flight the extra requests get 429 at once, with Retry-After and the API's error body", async () => {
        let release: () => void = () => undefined;
        const gate = new Promise<void>((r) => (release = r));
        const core = await startSimulatorCore({
            throttle: { maxInFlight: 2 },
            errorBody: (status, message) => ({ oops: message, status }),
            routes: [{ method: "GET", path: "/slow", handler: async () => (await gate, { status: 200, body: { ok: true } }) }],
        });
        try {
            const slow = [get(`${core.url}/slow`), get(`${core.url}/slow`)];
            await new Promise((r) => setTimeout(r, 100));
            const extra = await get(`${core.url}/slow`);
            expect(extra.status).to.equal(429);
            expect(extra.headers["retry-after"]).to.equal("1");
            expect(JSON.parse(extra.body)).to.deep.equal({ oops: "Too many requests in flight", status: 429 });
            release();
            expect((await Promise.all(slow)).map((r) => r.status)).to.deep.equal([200, 200]);
            expect((await get(`${core.url}/slow`)).status).to.equal(200);
            expect(core.throttleStats()).to.include({ admitted: 3, throttled: 1, throttledInFlight: 1, peakInFlight: 2, inFlight: 0 });
            const log = core.requests();
            expect(log.filter((e) => e.throttled).map((e) => e.status)).to.deep.equal([429]);
        } finally {
            release();
            await core.close();
        }
    });

    it("core: setThrottle changes the limits at run time; off by default", async () => {
        const core = await startSimulatorCore({ routes: [{ method: "GET", path: "/x", handler: () => ({ status: 204 }) }] });
        try {
            for (let i = 0; i < 20; i++) {
                expect((await get(`${core.url}/x`)).status).to.equal(204);
            }
            core.setThrottle({ maxPerSecond: 2, retryAfterSeconds: 0 });
            const statuses = [];
            for (let i = 0; i < 4; i++) {
                statuses.push((await get(`${core.url}/x`)).status);
            }
            expect(statuses).to.deep.equal([204, 204, 429, 429]);
            core.setThrottle(undefined);
            expect((await get(`${core.url}/x`)).status).to.equal(204);
        } finally {
            await core.close();
        }
    });

    it("Odin: 429 with Odin's error body and Retry-After, counters exposed, a throttled request changes nothing", async () => {
        const sim = await startOdinSimulator({ throttle: { maxPerSecond: 1, retryAfterSeconds: 2 } });
        try {
            const login = await fetch(`${sim.url}/auth/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "admin", password: "admin" }) });
            expect(login.status).to.equal(200);
            const refused = await fetch(`${sim.url}/auth/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "admin", password: "admin" }) });
            expect(refused.status).to.equal(429);
            expect(refused.headers.get("retry-after")).to.equal("2");
            expect(await refused.json()).to.deep.equal({ error: "Too many requests per second", status: 429, details: null });
            expect(sim.throttleStats()).to.include({ admitted: 1, throttled: 1 });
        } finally {
            await sim.close();
        }
    });

    it("Webex: 429 with Webex's error body and TrackingID", async () => {
        const sim = await startWebexSimulator({ throttle: { maxInFlight: 1 }, latencyMs: 150 });
        try {
            const auth = { Authorization: "Bearer webex-test-token" };
            const first = get(`${sim.url}/telephony/config/premisePstn/trunks`, auth);
            await new Promise((r) => setTimeout(r, 50));
            const second = await get(`${sim.url}/telephony/config/premisePstn/trunks`, auth);
            expect(second.status).to.equal(429);
            const body = JSON.parse(second.body);
            expect(body).to.have.keys("message", "errors", "trackingId");
            expect(second.headers.trackingid).to.equal(body.trackingId);
            expect((await first).status).to.equal(200);
            expect(sim.throttleStats()).to.include({ admitted: 1, throttled: 1, peakInFlight: 1 });
        } finally {
            await sim.close();
        }
    });
});
