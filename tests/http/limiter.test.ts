import { expect } from "chai";
import * as sinon from "sinon";
import { Fifo } from "../../provider/http/fifo";
import { AdaptiveLimiter, AimdPolicy, Limiter, PolicySample, createLimiter } from "../../provider/http/limiter";
import { HttpTransport, TransportOptions } from "../../provider/http/transport";
import { ScriptedServer, json, startScripted } from "./scriptedServer";

const ok = (at: number, inFlight: number, latencyMs = 20, startedAt = at - latencyMs): PolicySample => ({ signal: "ok", at, inFlight, latencyMs, startedAt });

describe("concurrency control", () => {
    describe("Fifo", () => {
        it("keeps order across compactions", () => {
            const q = new Fifo<number>();
            const out: number[] = [];
            for (let i = 0; i < 5000; i++) {
                q.push(i);
                if (i % 3 === 0) {
                    out.push(q.shift()!);
                }
            }
            while (q.length > 0) {
                out.push(q.shift()!);
            }
            expect(out).to.deep.equal(Array.from({ length: 5000 }, (_, i) => i));
            expect(q.shift()).to.equal(undefined);
        });

        it("the limiter's queue never uses Array#shift (O(n) per dequeue)", async () => {
            const lim = new Limiter(2);
            const shift = sinon.spy(Array.prototype, "shift");
            try {
                await Promise.all(Array.from({ length: 3000 }, () => lim.run(async () => undefined)));
                expect(shift.callCount).to.equal(0);
            } finally {
                shift.restore();
            }
        });
    });

    describe("AimdPolicy (pure)", () => {
        it("starts at 5, grows by a quarter per round trip while answers are quick and the limit is used, and stops at max", () => {
            const p = new AimdPolicy({ max: 32 });
            expect(p.limit).to.equal(5);
            let t = 0;
            const rounds: number[] = [];
            for (let round = 0; round < 12; round++) {
                t += 20;
                const l = p.limit;
                for (let i = 0; i < l; i++) {
                    p.onSample(ok(t, l));
                }
                rounds.push(p.limit);
            }
            expect(rounds.slice(0, 5)).to.deep.equal([6, 7, 9, 11, 14]);
            expect(rounds.slice(-2)).to.deep.equal([32, 32]);
        });

        it("does not grow while the limit is not used (few requests in flight)", () => {
            const p = new AimdPolicy({ initial: 8 });
            for (let i = 0; i < 100; i++) {
                p.onSample(ok(i * 20, 1));
            }
            expect(p.limit).to.equal(8);
        });

        it("a 429 cuts to 70% once per burst and holds below the refused level for a while", () => {
            const p = new AimdPolicy({ initial: 10, max: 64 });
            p.onSample({ signal: "throttled", at: 1000, startedAt: 990, inFlight: 10, inFlightAtGrant: 10 });
            expect(p.limit).to.equal(7);
            // The rest of the burst was sent before the cut: no further cut.
            for (let i = 0; i < 5; i++) {
                p.onSample({ signal: "throttled", at: 1001, startedAt: 995, inFlight: 10 });
            }
            expect(p.limit).to.equal(7);
            expect(p.decreases).to.equal(1);
            // Additive increase up to one below the refused level, and no further within 10 s.
            let t = 1001;
            for (let i = 0; i < 500; i++) {
                t += 5;
                p.onSample(ok(t, p.limit));
            }
            expect(t).to.be.below(1000 + 10_000);
            expect(p.limit).to.equal(9);
            // After the hold, it probes again.
            for (let i = 0; i < 200; i++) {
                p.onSample(ok(12_000 + i * 5, p.limit));
            }
            expect(p.limit).to.be.above(9);
        });

        it("a 429 while the limit was in use holds it below the refused level; no pause for one 429", () => {
            const p = new AimdPolicy({ initial: 10 });
            p.onSample({ signal: "throttled", at: 0, startedAt: 0, inFlight: 10, inFlightAtGrant: 10, retryAfterMs: 5000 });
            expect(p.limit).to.equal(7);
            for (let i = 1; i < 200; i++) {
                p.onSample(ok(i * 20, p.limit)); // up to 3980 ms
            }
            expect(p.limit).to.equal(9);
            expect(p.pausedUntil).to.equal(-Infinity);
        });

        it("a scattered 429 with few in flight cuts but does not hold the limit down", () => {
            const p = new AimdPolicy({ initial: 10 });
            p.onSample({ signal: "throttled", at: 0, startedAt: 0, inFlight: 2, inFlightAtGrant: 2, retryAfterMs: 1000 });
            expect(p.limit).to.equal(7);
            let t = 0;
            for (let i = 0; i < 60; i++) {
                t += 20;
                p.onSample(ok(t, p.limit));
            }
            expect(p.limit).to.be.above(10);
        });

        it("pauses new requests until Retry-After when most answers are 429s (a per-window quota)", () => {
            const p = new AimdPolicy({ initial: 20 });
            for (let i = 0; i < 5; i++) {
                p.onSample(ok(10 + i, 20));
            }
            for (let i = 0; i < 7; i++) {
                p.onSample({ signal: "throttled", at: 100 + i, startedAt: 90, inFlight: 20, inFlightAtGrant: 20, retryAfterMs: 1000 });
            }
            expect(p.pausedUntil).to.equal(1106); // most recent answers refused: the quota is spent until the last Retry-After
            expect(p.decreases).to.equal(1);
        });

        it("a Retry-After hours ahead pauses at most 30 s", () => {
            const p = new AimdPolicy({ initial: 10 });
            for (let i = 0; i < 10; i++) {
                p.onSample({ signal: "throttled", at: 1000, startedAt: 990, inFlight: 10, inFlightAtGrant: 10, retryAfterMs: 3 * 3600_000 });
            }
            expect(p.pausedUntil).to.equal(31_000);
        });

        it("scattered 429s among answers (10%) never pause", () => {
            const p = new AimdPolicy({ initial: 20 });
            for (let i = 0; i < 200; i++) {
                p.onSample(i % 10 === 0 ? { signal: "throttled", at: i * 5, startedAt: i * 5 - 3, inFlight: 5, inFlightAtGrant: 5, retryAfterMs: 1000 } : ok(i * 5, 5));
            }
            expect(p.pausedUntil).to.equal(-Infinity);
        });

        it("cuts to 90% when latency rises past twice its baseline, and on a timeout", () => {
            const p = new AimdPolicy({ initial: 20, max: 64 });
            for (let i = 0; i < 30; i++) {
                p.onSample(ok(i, 2, 20));
            }
            expect(p.limit).to.equal(20);
            for (let i = 0; i < 10; i++) {
                p.onSample(ok(100 + i, 20, 200, 100));
            }
            // The latency average needs three slow samples to cross 2 x 20 + 20 ms; the
            // first two still grow it (slow start, 20 -> 20.5); then one cut, 20 -> 18:
            // the other slow samples were all sent before the cut.
            expect(p.limit).to.equal(18);
            expect(p.decreases).to.equal(1);
            p.onSample({ signal: "timeout", at: 500, startedAt: 400, inFlight: 5 });
            expect(p.limit).to.equal(16);
        });

        it("never goes below min or above max, and refuses nonsense", () => {
            const p = new AimdPolicy({ initial: 2, min: 2, max: 4 });
            for (let i = 0; i < 20; i++) {
                p.onSample({ signal: "throttled", at: i * 100, startedAt: i * 100, inFlight: 2 });
            }
            expect(p.limit).to.equal(2);
            expect(() => new AimdPolicy({ max: 0 })).to.throw("concurrency.max must be an integer >= 1, got 0");
            expect(() => new AimdPolicy({ initial: 9, max: 4 })).to.throw("min <= initial <= max");
            expect(() => createLimiter({ concurrency: { mode: "fixed", value: 1.5 } })).to.throw("concurrency.value must be an integer >= 1");
            expect(() => createLimiter({ concurrency: { mode: "turbo" } as never })).to.throw('concurrency.mode must be "adaptive" or "fixed"');
        });

        it("ignores outcomes that say nothing about load", () => {
            const p = new AimdPolicy({ initial: 6 });
            p.onSample({ signal: "ignored", at: 0, startedAt: 0, inFlight: 6 });
            expect(p.limit).to.equal(6);
        });
    });

    describe("choosing the limiter", () => {
        it("adaptive by default; maxInFlight is the fixed form; concurrency wins", () => {
            expect(createLimiter({}).stats()).to.include({ mode: "adaptive", limit: 5, max: 32 });
            expect(createLimiter({ maxInFlight: 7 }).stats()).to.include({ mode: "fixed", limit: 7 });
            expect(createLimiter({ maxInFlight: 7, concurrency: { mode: "adaptive", max: 12, initial: 4 } }).stats()).to.include({ mode: "adaptive", limit: 4, max: 12 });
            expect(createLimiter({ concurrency: { mode: "fixed", value: 3 } }).stats()).to.include({ mode: "fixed", limit: 3 });
        });
    });

    describe("what the limiter reports for benchmarks", () => {
        it("integrates requests in flight and the limit over time, so a window's means come from two snapshots", async () => {
            let t = 1000;
            const lim = new AdaptiveLimiter({ initial: 4, max: 8 }, () => t);
            const before = lim.stats();
            const a = await lim.acquire();
            const b = await lim.acquire();
            t += 10; // 2 in flight for 10 ms
            a.release({ signal: "ignored" });
            t += 30; // 1 in flight for 30 ms
            b.release({ signal: "ignored" });
            t += 60; // none for 60 ms
            const after = lim.stats();
            const window = 100;
            expect((after.inFlightMs - before.inFlightMs) / window).to.equal((2 * 10 + 1 * 30) / 100);
            expect((after.limitMs - before.limitMs) / window).to.equal(4);
            const fixed = new Limiter(3, () => t);
            t += 50;
            expect(fixed.stats()).to.include({ inFlightMs: 0, limitMs: 150 });
        });
    });

    describe("through the transport, against a local server", function () {
        this.timeout(20_000);
        let server: ScriptedServer | undefined;
        afterEach(async () => {
            await server?.close();
            server = undefined;
        });

        /** A server with `latencyMs` per answer that counts requests in flight and answers 429 above `cap`. */
        const startCapped = async (latencyMs: number, cap = Infinity, retryAfter = "0") => {
            const load = { now: 0, peak: 0, throttled: 0 };
            server = await startScripted((_req, res) => {
                if (load.now >= cap) {
                    load.throttled++;
                    return json(res, 429, { error: "too many" }, { "retry-after": retryAfter });
                }
                load.now++;
                load.peak = Math.max(load.peak, load.now);
                setTimeout(() => {
                    load.now--;
                    json(res, 200, { ok: true });
                }, latencyMs);
            });
            return load;
        };
        const transport = (extra: Partial<TransportOptions> = {}) =>
            new HttpTransport({ api: "Test", baseUrl: server!.url, parseErrorBody: () => ({}), ...extra });
        const burst = (t: HttpTransport, n: number) => Promise.all(Array.from({ length: n }, (_, i) => t.request({ method: "GET", path: `/x/${i}` })));

        it("a fixed value is exactly that: never more, and it never adapts", async () => {
            const load = await startCapped(15);
            for (const t of [transport({ concurrency: { mode: "fixed", value: 3 } }), transport({ maxInFlight: 3 })]) {
                load.peak = 0;
                await burst(t, 60);
                expect(load.peak).to.equal(3);
                expect(t.concurrency.stats()).to.include({ mode: "fixed", limit: 3, peakInFlight: 3 });
            }
        });

        it("adaptive: against a quick, unthrottled server the limit rises to the maximum", async () => {
            // 50 ms, so this busy machine's own delays stay well inside the latency tolerance.
            const load = await startCapped(50);
            const t = transport({ concurrency: { mode: "adaptive", max: 24 } });
            await burst(t, 600);
            const { history, limit } = t.concurrency.stats();
            expect(Math.max(...history.map(([, l]) => l))).to.equal(24);
            // Latency measured here includes this busy machine's own delays, which may trim it a little.
            expect(limit).to.be.within(18, 24);
            expect(load.peak).to.be.within(20, 24);
        });

        it("adaptive: against a server that refuses above 8 in flight, it finishes with few 429s", async () => {
            const load = await startCapped(20, 8);
            const t = transport({ sleep: async () => undefined });
            const answers = await burst(t, 600);
            expect(answers.every((a) => a.status === 200)).to.equal(true);
            // Usually one or two; none when latency on a busy machine kept it under 8 anyway.
            expect(load.throttled).to.be.at.most(10);
            expect(t.concurrency.limit).to.be.within(1, 8);
            expect(t.concurrency.stats().throttled).to.equal(load.throttled);
        });

        it("a retry's sleep releases its slot: with one slot, another request completes during the wait", async () => {
            server = await startScripted((req, res) => (req.url.endsWith("/a") && server!.seen.filter((s) => s.url.endsWith("/a")).length === 1 ? json(res, 429, {}, { "retry-after": "1" }) : json(res, 200, { url: req.url })));
            let other: Promise<unknown> | undefined;
            const t = transport({
                concurrency: { mode: "fixed", value: 1 },
                sleep: async () => {
                    other = t.request({ method: "GET", path: "/b" });
                    const deadlock = new Promise((_r, reject) => setTimeout(() => reject(new Error("the sleeping request kept its slot")), 2000));
                    await Promise.race([other, deadlock]);
                },
            });
            const a = await t.request({ method: "GET", path: "/a" });
            expect(a.data).to.deep.equal({ url: "/api/a" });
            expect(server.seen.map((s) => s.url)).to.deep.equal(["/api/a", "/api/b", "/api/a"]);
        });

        it("a 429 cools the adaptive limiter", async () => {
            server = await startScripted((_req, res, n) => (n === 1 ? json(res, 429, {}, { "retry-after": "0" }) : json(res, 200, {})));
            const t = transport({ concurrency: { mode: "adaptive", initial: 10 }, sleep: async () => undefined });
            await t.request({ method: "GET", path: "/x" });
            expect(t.concurrency.limit).to.equal(7);
            expect(t.concurrency.stats()).to.include({ throttled: 1, decreases: 1 });
        });
    });

    it("a paused adaptive limiter starts the queue again by itself when the pause ends", async () => {
        const lim = new AdaptiveLimiter({ initial: 10 });
        const slots = await Promise.all(Array.from({ length: 10 }, () => lim.acquire()));
        for (const slot of slots) {
            slot.release({ signal: "throttled", retryAfterMs: 150 }); // every answer refused: a spent quota
        }
        expect(lim.policy.pausedUntil).to.be.above(Date.now());
        const started = Date.now();
        const third = await lim.acquire(); // nothing in flight: only the timer can grant this
        expect(Date.now() - started).to.be.within(100, 1000);
        third.release({ signal: "ok", latencyMs: 1 });
    });

    it("a pause extended after its timer was set still ends, and the queue starts again", async () => {
        const lim = new AdaptiveLimiter({ initial: 10 });
        const slots = await Promise.all(Array.from({ length: 10 }, () => lim.acquire()));
        for (const slot of slots.slice(0, 9)) {
            slot.release({ signal: "throttled", retryAfterMs: 60 });
        }
        await new Promise((r) => setTimeout(r, 30));
        slots[9].release({ signal: "throttled", retryAfterMs: 150 }); // pushes the pause out to ~180 ms
        const started = Date.now();
        const next = await lim.acquire();
        expect(Date.now() - started).to.be.within(100, 1000);
        next.release({ signal: "ok", latencyMs: 1 });
    });

    it("an adaptive limiter used with run() works like a semaphore", async () => {
        const lim = new AdaptiveLimiter({ initial: 2, max: 2 });
        let active = 0;
        let peak = 0;
        await Promise.all(
            Array.from({ length: 10 }, () =>
                lim.run(async () => {
                    active++;
                    peak = Math.max(peak, active);
                    await new Promise((r) => setTimeout(r, 2));
                    active--;
                }),
            ),
        );
        expect(peak).to.equal(2);
        expect(lim.inFlight).to.equal(0);
    });
});
