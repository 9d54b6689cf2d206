import { expect } from "chai";
import { OdinSimulator, OdinSimulatorOptions, startOdinSimulator } from "../../../provider/simulator";
import { Api, G1, TG_PATH, call, expectOdinError, login, restartWithSession } from "./helpers";

describe("Odin simulator: fault injection and request log", function () {
    let sim: OdinSimulator;
    let api: Api;
    const fresh = async (opts: OdinSimulatorOptions = {}) => {
        ({ sim, api } = await restartWithSession(sim, opts));
    };

    beforeEach(() => fresh());
    afterEach(() => sim.close());

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
