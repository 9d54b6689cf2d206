import { expect } from "chai";
import * as http from "http";
import type { AddressInfo } from "net";
import { FAULT_KINDS, FaultKind, FaultProxy, formatProxyStats, startFaultProxy } from "./proxy";
import { emptyArray, otherObject, removeField, wrongType } from "./proxy/mutate";
import { kindsFor } from "./proxy/kinds";
import { mulberry32 } from "./proxy/rng";

/**
 * The fault proxy on its own, against a tiny upstream that counts what it
 * applied: each kind must do to the client, and to the upstream, what its
 * name says, the same way every time for a seed.
 */

interface Upstream {
    url: string;
    writes: string[];
    items: Map<string, { id: string; name: string; count: number }>;
    close(): Promise<void>;
}

async function startUpstream(): Promise<Upstream> {
    const items = new Map<string, { id: string; name: string; count: number }>();
    items.set("a", { id: "a", name: "Alpha", count: 1 });
    items.set("b", { id: "b", name: "Beta", count: 2 });
    const writes: string[] = [];
    const server = http.createServer((req, res) => {
        let raw = "";
        req.on("data", (c) => (raw += c));
        req.on("end", () => {
            const url = new URL(req.url ?? "/", "http://x");
            const json = (status: number, body: unknown) => {
                const text = body === undefined ? "" : JSON.stringify(body);
                res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
                res.end(text);
            };
            const id = url.pathname.split("/")[3];
            if (req.method === "GET" && url.pathname === "/api/items") {
                res.setHeader("link", `<http://127.0.0.1:${(server.address() as AddressInfo).port}/api/items?start=2>; rel="next"`);
                return json(200, { items: [...items.values()] });
            }
            if (req.method === "GET" && id) {
                const it = items.get(id);
                return it ? json(200, it) : json(404, { error: "not found" });
            }
            if (req.method === "POST" && url.pathname === "/api/items") {
                writes.push(`POST ${raw}`);
                const body = JSON.parse(raw) as { id: string; name: string };
                if (items.has(body.id)) {
                    return json(409, { error: `${body.id} already exists` });
                }
                const it = { id: body.id, name: body.name, count: 0 };
                items.set(body.id, it);
                return json(201, it);
            }
            if (req.method === "DELETE" && id) {
                writes.push(`DELETE ${id}`);
                return items.delete(id) ? json(204, undefined) : json(404, { error: "not found" });
            }
            json(404, { error: "no route" });
        });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
        writes,
        items,
        close: () => new Promise((r) => server.close(() => r())),
    };
}

interface Got {
    status?: number;
    headers?: http.IncomingHttpHeaders;
    body?: string;
    error?: string;
    ms: number;
}

function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Got> {
    const started = Date.now();
    return new Promise((resolve) => {
        const u = new URL(base + path);
        const data = body === undefined ? undefined : JSON.stringify(body);
        const req = http.request(
            { host: u.hostname, port: u.port, path: u.pathname + u.search, method, agent: false, headers: { ...headers, ...(data ? { "content-type": "application/json" } : {}) } },
            (res) => {
                let text = "";
                res.on("data", (c) => (text += c));
                res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body: text, ms: Date.now() - started }));
                res.on("error", (e: NodeJS.ErrnoException) => resolve({ status: res.statusCode, body: text, error: e.code ?? e.message, ms: Date.now() - started }));
                res.on("aborted", () => resolve({ status: res.statusCode, body: text, error: "aborted", ms: Date.now() - started }));
            },
        );
        req.on("error", (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message, ms: Date.now() - started }));
        req.end(data);
    });
}

describe("fault proxy (independent of the product)", function () {
    this.timeout(15_000);
    let up: Upstream;
    let proxy: FaultProxy;

    beforeEach(async () => {
        up = await startUpstream();
    });
    afterEach(async () => {
        await proxy?.close();
        await up.close();
    });

    const forced = async (kind: FaultKind, extra: Partial<Parameters<typeof startFaultProxy>[0]> = {}) => {
        proxy = await startFaultProxy({ upstream: up.url, ...extra });
        proxy.inject({ kind });
        return proxy;
    };

    it("passes traffic through unchanged at rate 0, keeping the base path and pointing links at itself", async () => {
        proxy = await startFaultProxy({ upstream: up.url, seed: 3 });
        expect(proxy.url).to.equal(`http://127.0.0.1:${proxy.port}/api`);
        const got = await call(proxy.url, "GET", "/items/a");
        expect(got.status).to.equal(200);
        expect(JSON.parse(got.body!)).to.deep.equal({ id: "a", name: "Alpha", count: 1 });
        const list = await call(proxy.url, "GET", "/items");
        expect(list.headers?.link).to.equal(`<http://127.0.0.1:${proxy.port}/api/items?start=2>; rel="next"`);
        expect(proxy.stats()).to.include({ requests: 2, upstreamRequests: 2, totalFaults: 0 });
    });

    it("a forced fault with `after` lets that many matching requests through first", async () => {
        proxy = await startFaultProxy({ upstream: up.url });
        proxy.inject({ kind: "503", method: "GET", path: "/items/a", after: 1, count: 2 });
        const statuses = [];
        for (let i = 0; i < 4; i++) {
            statuses.push((await call(proxy.url, "GET", "/items/a")).status);
        }
        expect(statuses).to.deep.equal([200, 503, 503, 200]);
        expect((await call(proxy.url, "GET", "/items/b")).status).to.equal(200);
    });

    it("a forced missing-field or wrong-type can name its field", async () => {
        proxy = await startFaultProxy({ upstream: up.url });
        proxy.inject({ kind: "missing-field", method: "GET", path: "/items/a", field: "name" });
        expect(JSON.parse((await call(proxy.url, "GET", "/items/a")).body!)).to.deep.equal({ id: "a", count: 1 });
        proxy.inject({ kind: "wrong-type", method: "GET", path: "/items/a", field: "count" });
        expect(JSON.parse((await call(proxy.url, "GET", "/items/a")).body!)).to.deep.equal({ id: "a", name: "Alpha", count: "lots" });
    });

    it("onForward is awaited before a request goes upstream and after the upstream answered", async () => {
        const seen: string[] = [];
        proxy = await startFaultProxy({
            upstream: up.url,
            onForward: async (e) => {
                seen.push(`${e.stage} ${e.method} ${e.path} ${e.status ?? ""} ${up.items.has("c")}`);
            },
        });
        await call(proxy.url, "POST", "/items", { id: "c", name: "Gamma" });
        expect(seen).to.deep.equal(["before POST /items  false", "after POST /items 201 true"]);
    });

    it('onForward answering "drop" before a request cuts the connection: the upstream never sees it', async () => {
        proxy = await startFaultProxy({ upstream: up.url, onForward: (e) => (e.stage === "before" && e.method === "POST" ? "drop" : undefined) });
        const got = await call(proxy.url, "POST", "/items", { id: "c", name: "Gamma" });
        expect(got.error).to.equal("ECONNRESET");
        expect(up.writes).to.have.length(0);
    });

    it("duplicate: delivers the POST twice upstream and answers with the second copy's answer", async () => {
        await forced("duplicate");
        const got = await call(proxy.url, "POST", "/items", { id: "c", name: "Gamma" });
        expect(up.writes).to.have.length(2);
        expect(got.status).to.equal(409);
        expect(got.body).to.contain("already exists");
        expect(up.items.has("c")).to.equal(true);
        expect(proxy.log()[0]).to.include({ fault: "duplicate", answer: 409 });
        expect(proxy.log()[0].upstream).to.deep.equal([201, 409]);
    });

    for (const status of [500, 502, 503, 504]) {
        it(`applied-${status}: the write is applied upstream, the client gets ${status}`, async () => {
            await forced(`applied-${status}` as FaultKind);
            const got = await call(proxy.url, "POST", "/items", { id: "c", name: "Gamma" });
            expect(got.status).to.equal(status);
            expect(got.body).to.match(/<html>/);
            expect(up.items.has("c")).to.equal(true);
        });
    }

    it("reset-before: the connection is reset and nothing reaches the upstream", async () => {
        await forced("reset-before");
        const got = await call(proxy.url, "POST", "/items", { id: "c", name: "Gamma" });
        expect(got.error).to.equal("ECONNRESET");
        expect(up.writes).to.have.length(0);
        expect(proxy.stats().upstreamRequests).to.equal(0);
    });

    it("reset-after: the upstream applied the write, the client sees a reset", async () => {
        await forced("reset-after");
        const got = await call(proxy.url, "DELETE", "/items/a");
        expect(got.error).to.equal("ECONNRESET");
        expect(up.items.has("a")).to.equal(false);
    });

    it("429 with and without Retry-After, and 502/503/504, are never forwarded", async () => {
        proxy = await startFaultProxy({ upstream: up.url, retryAfter: "7" });
        for (const kind of ["429", "429-no-retry-after", "502", "503", "504"] as FaultKind[]) {
            proxy.inject({ kind });
        }
        const got = [];
        for (let i = 0; i < 5; i++) {
            got.push(await call(proxy.url, "POST", "/items", { id: `n${i}`, name: "N" }));
        }
        expect(got.map((g) => g.status)).to.deep.equal([429, 429, 502, 503, 504]);
        expect(got[0].headers?.["retry-after"]).to.equal("7");
        expect(got[1].headers).not.to.have.property("retry-after");
        expect(up.writes).to.deep.equal([]);
    });

    for (const [kind, text] of [
        ["empty-200", ""],
        ["whitespace-200", " \r\n\t "],
        ["null-200", "null"],
    ] as const) {
        it(`${kind}: a GET answered 200 with ${JSON.stringify(text)}`, async () => {
            await forced(kind);
            const got = await call(proxy.url, "GET", "/items/a");
            expect(got).to.include({ status: 200, body: text });
        });
    }

    it("empty/whitespace/null bodies are drawn for GETs only, duplicates for writes only, the empty-200 DELETE for DELETEs only", () => {
        expect(kindsFor("GET", FAULT_KINDS)).to.include("null-200").and.not.include("duplicate").and.not.include("empty-200-delete");
        expect(kindsFor("POST", FAULT_KINDS)).to.include("duplicate").and.not.include("null-200").and.not.include("empty-200-delete");
        expect(kindsFor("DELETE", FAULT_KINDS)).to.include("empty-200-delete").and.include("duplicate").and.not.include("null-200");
    });

    it("empty-200-delete: a 200 with an empty body, not forwarded (nothing is deleted)", async () => {
        await forced("empty-200-delete");
        const got = await call(proxy.url, "DELETE", "/items/a");
        expect(got).to.include({ status: 200, body: "" });
        expect(proxy.log().at(-1)).to.deep.include({ fault: "empty-200-delete", upstream: [] });
    });

    it("html-404: a proxy's own 404 page, not forwarded", async () => {
        await forced("html-404");
        const got = await call(proxy.url, "GET", "/items/a");
        expect(got.status).to.equal(404);
        expect(got.headers?.["content-type"]).to.equal("text/html");
        expect(got.body).to.contain("<title>404 Not Found</title>");
        expect(proxy.stats().upstreamRequests).to.equal(0);
    });

    it("truncate: announces the whole body, sends half and cuts the connection", async () => {
        await forced("truncate");
        const got = await call(proxy.url, "GET", "/items/a");
        expect(got.status).to.equal(200);
        expect(got.error).to.be.a("string");
        expect(got.body!.length).to.be.below(JSON.stringify(up.items.get("a")).length);
    });

    it("html-200: forwards, then answers 200 with an HTML page", async () => {
        await forced("html-200");
        const got = await call(proxy.url, "POST", "/items", { id: "c", name: "Gamma" });
        expect(got.status).to.equal(200);
        expect(got.body).to.match(/^<!DOCTYPE html>/);
        expect(up.items.has("c")).to.equal(true);
    });

    it("slow-drip: headers at once, then a byte per interval, cut after dripMaxMs", async () => {
        await forced("slow-drip", { dripIntervalMs: 50, dripMaxMs: 400 });
        const got = await call(proxy.url, "GET", "/items/a");
        expect(got.status).to.equal(200);
        expect(got.error).to.be.a("string");
        expect(got.ms).to.be.within(350, 2000);
        expect(got.body!.length).to.be.within(1, 9); // timers run late on a busy machine, never early
    });

    it("slow-drip finishes a short body intact", async () => {
        await forced("slow-drip", { dripIntervalMs: 5 });
        const got = await call(proxy.url, "GET", "/items/a");
        expect(JSON.parse(got.body!)).to.deep.equal(up.items.get("a"));
        expect(got.ms).to.be.at.least(5 * 30);
    });

    it("wrong content: a field removed, a number made 'lots', an object made [], another object's body", async () => {
        proxy = await startFaultProxy({ upstream: up.url, seed: 5 });
        await call(proxy.url, "GET", "/items/b"); // something to confuse /items/a with
        for (const kind of ["missing-field", "wrong-type", "empty-array"] as FaultKind[]) {
            proxy.inject({ kind });
        }
        const missing = JSON.parse((await call(proxy.url, "GET", "/items/a")).body!);
        expect(Object.keys(missing)).to.have.length(2);
        const wrong = JSON.parse((await call(proxy.url, "GET", "/items/a")).body!);
        expect(wrong.count).to.equal("lots");
        expect((await call(proxy.url, "GET", "/items/a")).body).to.equal("[]");
        // other-object remembers answers per path: /items/a and /items/b are different paths, so a list of same-path answers is needed.
        expect(otherObject('{"id":"a"}', ['{"id":"a"}', '{"id":"b"}'], () => 0)).to.equal('{"id":"b"}');
        expect(otherObject('{"id":"a"}', ['{"id":"a"}'], () => 0)).to.equal(undefined);
        expect(proxy.stats().faults).to.include({ "missing-field": 1, "wrong-type": 1, "empty-array": 1 });
    });

    it("other-object: answers a GET with another answer seen for the same path", async () => {
        proxy = await startFaultProxy({ upstream: up.url });
        await call(proxy.url, "GET", "/items/a?x=1");
        proxy.inject({ kind: "other-object" });
        // Same path, different query: a lookup by query such as Odin's ?name=
        up.items.set("a", { id: "a", name: "Changed", count: 9 });
        const got = JSON.parse((await call(proxy.url, "GET", "/items/a?x=2")).body!);
        expect(got).to.deep.equal({ id: "a", name: "Alpha", count: 1 });
        expect(proxy.log()[1].fault).to.equal("other-object");
    });

    it("passes an answer through, counted as skipped, when it does not fit the fault", async () => {
        await forced("wrong-type");
        const got = await call(proxy.url, "GET", "/items/zzz"); // a 404: nothing to corrupt
        expect(got.status).to.equal(404);
        expect(proxy.log()[0]).to.include({ skipped: "wrong-type" });
        expect(proxy.stats().totalFaults).to.equal(0);
    });

    it("the field mutators are pure and leave unsuitable bodies alone", () => {
        const r = mulberry32(1);
        expect(removeField("[]", r)).to.equal(undefined);
        expect(wrongType('{"a":"x"}', r)).to.equal(undefined);
        expect(wrongType('{"trunks":[{"n":1}]}', r)).to.equal('{"trunks":[{"n":"lots"}]}');
        expect(emptyArray("[1]")).to.equal(undefined);
        expect(emptyArray("not json")).to.equal(undefined);
    });

    describe("at a random rate", () => {
        const run = async (seed: number): Promise<Array<string | undefined>> => {
            const u = await startUpstream();
            const p = await startFaultProxy({ upstream: u.url, seed, rate: 0.5, kinds: ["429", "503", "html-404", "empty-200"] });
            try {
                // Concurrent, so arrival order varies between runs.
                await Promise.all(Array.from({ length: 40 }, (_, i) => call(p.url, "GET", `/items/a?i=${i % 10}`)));
                const byUrl = p
                    .log()
                    .map((e) => `${e.url}:${e.fault ?? "-"}`)
                    .sort();
                const s = p.stats();
                expect(Object.values(s.faults).reduce((a, b) => a + b, 0)).to.equal(s.totalFaults);
                return byUrl;
            } finally {
                await p.close();
                await u.close();
            }
        };

        it("is deterministic for a seed whatever the arrival order, and differs between seeds", async () => {
            const a = await run(11);
            const b = await run(11);
            const c = await run(12);
            expect(a).to.deep.equal(b);
            expect(a).not.to.deep.equal(c);
            const faulted = a.filter((x) => !x!.endsWith(":-")).length;
            expect(faulted).to.be.within(8, 32); // about half of 40
        });

        it("stops after maxFaults and honours match", async () => {
            proxy = await startFaultProxy({ upstream: up.url, seed: 2, rate: 1, kinds: ["503"], maxFaults: 3, match: (r) => r.path.startsWith("/items") });
            const got = [];
            for (let i = 0; i < 6; i++) {
                got.push((await call(proxy.url, "GET", `/items/a?i=${i}`)).status);
            }
            expect(got).to.deep.equal([503, 503, 503, 200, 200, 200]);
            expect(formatProxyStats(proxy.stats()).split("\n").slice(0, 2)).to.deep.equal([
                "requests 6, sent upstream 3, faults 3, token revocations 0 (0 answered 401 by the proxy)",
                "  503                  3",
            ]);
            expect((await call(proxy.url, "GET", "/other")).status).to.equal(404); // not matched: forwarded
        });

        it("refuses an unknown kind or rate, naming the known kinds", async () => {
            const failure = (p: Promise<unknown>) => p.then(() => "", (e: Error) => e.message);
            expect(await failure(startFaultProxy({ upstream: up.url, kinds: ["teapot" as FaultKind] })))
                .to.contain('unknown fault kind "teapot"')
                .and.contain("slow-drip");
            expect(await failure(startFaultProxy({ upstream: up.url, rate: 2 }))).to.contain("rate must be from 0 to 1");
        });
    });

    describe("token revocation", () => {
        it("revokes at the proxy every Authorization value seen so far when no hook is given", async () => {
            proxy = await startFaultProxy({ upstream: up.url });
            const h = { authorization: "Bearer one" };
            expect((await call(proxy.url, "GET", "/items/a", undefined, h)).status).to.equal(200);
            await proxy.revokeTokens();
            expect((await call(proxy.url, "GET", "/items/a", undefined, h)).status).to.equal(401);
            expect((await call(proxy.url, "GET", "/items/a", undefined, { authorization: "Bearer two" })).status).to.equal(200);
            expect(proxy.stats()).to.include({ revocations: 1, revoked401: 1 });
        });

        it("calls the hook on a schedule of requests (e.g. sim.expireTokens)", async () => {
            let hooked = 0;
            proxy = await startFaultProxy({ upstream: up.url, revokeEvery: { requests: 3 }, onRevoke: () => void hooked++ });
            for (let i = 0; i < 7; i++) {
                await call(proxy.url, "GET", "/items/a", undefined, { authorization: "Bearer x" });
            }
            expect(hooked).to.equal(2);
            expect(proxy.stats().revoked401).to.equal(0); // the hook revokes, not the proxy
        });

        it("calls the hook on a timer", async () => {
            let hooked = 0;
            proxy = await startFaultProxy({ upstream: up.url, revokeEvery: { ms: 40 }, onRevoke: () => void hooked++ });
            await new Promise((r) => setTimeout(r, 150));
            expect(hooked).to.be.within(2, 4);
        });
    });

    it("close() ends a dripping answer at once", async () => {
        await forced("slow-drip", { dripIntervalMs: 200, dripMaxMs: 60_000 });
        const pending = call(proxy.url, "GET", "/items/a");
        await new Promise((r) => setTimeout(r, 100));
        const started = Date.now();
        await proxy.close();
        const got = await pending;
        expect(Date.now() - started).to.be.below(1000);
        expect(got.error).to.be.a("string");
    });
});
