import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { failure } from "./failure";
import { AuthHooks, HttpTransport, TransportOptions } from "../../provider/http/transport";
import { ScriptedServer, freePort, json, startScripted } from "./scriptedServer";

/**
 * The transport's promises to its callers, each against a tiny local server
 * that misbehaves in one way. Every test here failed before the fix it
 * guards (see the commit that added it).
 */

const noSleep = async () => undefined;

function parseErrorBody(body: unknown) {
    const b = body as { error?: unknown; details?: unknown };
    return b && typeof b === "object" && typeof b.error === "string" ? { message: b.error, details: typeof b.details === "string" ? b.details : undefined } : {};
}

function make(server: { url: string }, extra: Partial<TransportOptions> = {}): HttpTransport {
    return new HttpTransport({ api: "Odin", baseUrl: server.url, parseErrorBody, sleep: noSleep, ...extra });
}

describe("HTTP transport", function () {
    this.timeout(15_000);
    let server: ScriptedServer | undefined;
    afterEach(async () => {
        await server?.close();
        server = undefined;
    });

    describe("timeoutMs is a deadline for the whole request", () => {
        it("cuts a slow drip (headers, then a byte every 100 ms) at the deadline instead of waiting for the body", async () => {
            server = await startScripted((_req, res) => {
                const body = JSON.stringify({ padding: "x".repeat(100) });
                res.writeHead(200, { "content-type": "application/json", "content-length": body.length });
                res.flushHeaders();
                let i = 0;
                const t = setInterval(() => {
                    if (res.destroyed || i >= body.length) {
                        clearInterval(t);
                        return;
                    }
                    res.write(body[i++]);
                }, 100);
                res.on("close", () => clearInterval(t));
            });
            const t = make(server, { timeoutMs: 500, retry: { maxRetries: 0 }, settingNames: { timeoutMs: "odin:timeoutMs (or ODIN_TIMEOUT_MS)" } });
            const started = Date.now();
            const e = await failure(t.request({ method: "GET", path: "/groups" }));
            expect(Date.now() - started).to.be.below(2_000);
            expect(e.networkError).to.equal("ECONNABORTED: timeout of 500ms exceeded");
            expect(e.message).to.contain("raise odin:timeoutMs (or ODIN_TIMEOUT_MS)");
        });

        it("names the setting the caller gave, e.g. a CLI flag", async () => {
            server = await startScripted(() => undefined); // never answers
            const t = make(server, { timeoutMs: 200, retry: { maxRetries: 0 }, settingNames: { timeoutMs: "--timeout-ms" } });
            const e = await failure(t.request({ method: "GET", path: "/groups" }));
            expect(e.message).to.contain("no answer within 200 ms").and.contain("--timeout-ms");
        });
    });

    describe("5xx", () => {
        it("retries an idempotent request answered 500, with backoff", async () => {
            server = await startScripted((_req, res, n) => (n === 1 ? json(res, 500, { error: "oops" }) : json(res, 200, [1])));
            const sleeps: number[] = [];
            const t = make(server, { sleep: async (ms) => void sleeps.push(ms), retry: { baseDelayMs: 100 } });
            const res = await t.request({ method: "GET", path: "/groups" });
            expect(res.data).to.deep.equal([1]);
            expect(server.seen).to.have.length(2);
            expect(sleeps).to.have.length(1);
            expect(sleeps[0]).to.be.within(50, 100);
            expect(t.stats.retriesByReason).to.deep.equal({ 500: 1 });
        });

        for (const status of [500, 502, 503, 504, 599]) {
            it(`reports a write answered ${status} as ambiguous and sends it once`, async () => {
                server = await startScripted((_req, res) => json(res, status, { error: "backend trouble" }));
                const t = make(server);
                const e = await failure(t.request({ method: "POST", path: "/groups/trunk-groups", body: { name: "x" } }));
                expect(e.status).to.equal(status);
                expect(e.ambiguous).to.equal(true);
                expect(e.message).to.contain("may or may not have been applied");
                expect(server.seen).to.have.length(1);
            });
        }

        it("a write refused with 400 is not ambiguous", async () => {
            server = await startScripted((_req, res) => json(res, 400, { error: "bad" }));
            const e = await failure(make(server).request({ method: "POST", path: "/x", body: {} }));
            expect(e.ambiguous).to.equal(false);
        });
    });

    describe("success bodies", () => {
        const bodies: Array<[string, string]> = [
            ["empty", ""],
            ["whitespace", " \r\n\t "],
            ["null", "null"],
            ["truncated", '{"name": "TG'],
            ["HTML", "<!DOCTYPE html><html><title>Sign in</title></html>"],
        ];
        for (const [what, text] of bodies) {
            it(`a GET answered 200 with a ${what} body is an error after retries, never data`, async () => {
                server = await startScripted((_req, res) => {
                    res.writeHead(200, { "content-type": "application/json" });
                    res.end(text);
                });
                const t = make(server, { retry: { maxRetries: 2 } });
                const e = await failure(t.request({ method: "GET", path: "/groups/trunk-groups" }));
                expect(e.status).to.equal(200);
                expect(e.attempts).to.equal(3);
                expect(e.message).to.match(/response body (is empty|is not valid JSON|is JSON null|is an HTML page)/);
                expect(e.ambiguous).to.equal(false);
            });
        }

        it("a body cut off mid-way (connection closed) is retried, then reported as cut off", async () => {
            server = await startScripted((_req, res) => {
                res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
                res.write('{"name": "TG', () => res.destroy());
            });
            const e = await failure(make(server, { retry: { maxRetries: 1 } }).request({ method: "GET", path: "/x" }));
            expect(e.attempts).to.equal(2);
            expect(e.message).to.contain("HTTP 200").and.contain("the answer was cut off after its headers");
            expect(e.failure).to.equal("reset");
        });

        it("a write answered 2xx with an empty body is fine when the caller expects none", async () => {
            server = await startScripted((req, res) => {
                res.writeHead(req.method === "DELETE" ? 204 : 200);
                res.end();
            });
            const t = make(server);
            expect((await t.request({ method: "DELETE", path: "/x" })).status).to.equal(204);
            expect((await t.request({ method: "PUT", path: "/x", body: {}, expect: "none" })).data).to.equal(undefined);
        });

        it("a POST answered 200 with an unusable body when the caller needs an object is ambiguous", async () => {
            server = await startScripted((_req, res) => json(res, 201, "[]"));
            const e = await failure(make(server).request({ method: "POST", path: "/x", body: {}, expect: "object" }));
            expect(e.ambiguous).to.equal(true);
            expect(e.message).to.contain("not a JSON object (an array)");
            expect(server.seen).to.have.length(1);
        });

        it("expect: object / array check the shape, and validate() checks the content", async () => {
            server = await startScripted((req, res, n) => (req.url.startsWith("/api/list") ? json(res, 200, n === 1 ? { items: [] } : []) : json(res, 200, { maxActiveCalls: n < 4 ? "lots" : 5 })));
            const t = make(server);
            expect((await t.request({ method: "GET", path: "/list", expect: "array" })).data).to.deep.equal([]);
            expect(server.seen).to.have.length(2); // the object answer was retried
            const v = (d: unknown) => (typeof (d as { maxActiveCalls?: unknown }).maxActiveCalls === "number" ? undefined : "maxActiveCalls is not a number");
            expect((await t.request({ method: "GET", path: "/one", expect: "object", validate: v })).data).to.deep.equal({ maxActiveCalls: 5 });
            expect(t.stats.retriesByReason).to.deep.equal({ "invalid-body": 2 });
        });

        it("refuses a response larger than maxResponseBytes with a clear error, without retrying", async () => {
            server = await startScripted((_req, res) => json(res, 200, { blob: "y".repeat(300_000) }));
            const t = make(server, { maxResponseBytes: 100_000 });
            const e = await failure(t.request({ method: "GET", path: "/big" }));
            expect(e.message).to.contain("larger than 100000 bytes");
            expect(e.attempts).to.equal(1);
        });

        it("lets one request allow a larger answer (one that grows with the data), still as a limit", async () => {
            server = await startScripted((req, res) => json(res, 200, { blob: "w".repeat(req.url.includes("huge") ? 600_000 : 300_000) }));
            const t = make(server, { maxResponseBytes: 100_000 });
            const ok = await t.request<{ blob: string }>({ method: "GET", path: "/report", maxResponseBytes: 500_000 });
            expect(ok.data.blob).to.have.length(300_000);
            const e = await failure(t.request({ method: "GET", path: "/report-huge", maxResponseBytes: 500_000 }));
            expect(e.message).to.contain("larger than 500000 bytes");
            expect(e.failure).to.equal("too-large");
            // The transport's own limit still holds for every other request.
            expect((await failure(t.request({ method: "GET", path: "/other" }))).message).to.contain("larger than 100000 bytes");
        });

        it("has a default response size limit of a few MiB", async () => {
            server = await startScripted((_req, res) => json(res, 200, { blob: "z".repeat(9 * 1024 * 1024) }));
            const e = await failure(make(server).request({ method: "GET", path: "/big" }));
            expect(e.message).to.match(/larger than \d+ bytes/);
        });
    });

    describe("not found", () => {
        it("tells the API's own JSON 404 from a proxy's HTML 404", async () => {
            server = await startScripted((req, res) =>
                req.url.includes("html")
                    ? (res.writeHead(404, { "content-type": "text/html" }), res.end("<html><title>404 Not Found</title></html>"))
                    : json(res, 404, { error: "Trunk group not found" }),
            );
            const t = make(server);
            const api = await failure(t.request({ method: "GET", path: "/json" }));
            const html = await failure(t.request({ method: "GET", path: "/html" }));
            expect(api.apiBody).to.equal(true);
            expect(api.attempts).to.equal(1);
            expect(html.apiBody).to.equal(false);
            expect(html.message).to.contain("HTML page");
            // Not the API's answer: repeated like a gateway error before giving up.
            expect(html.attempts).to.equal(6);
            expect(t.stats.retriesByReason).to.deep.equal({ "404-not-api": 5 });
            const accepted = await t.request({ method: "GET", path: "/html", acceptStatuses: [404] });
            expect(accepted.bodyKind).to.equal("html");
            expect((await t.request({ method: "GET", path: "/json", acceptStatuses: [404] })).bodyKind).to.equal("json");
        });
    });

    it("a proxy's HTML 404 on a GET is retried and the API's real answer used", async () => {
        server = await startScripted((_req, res, n) => (n === 1 ? (res.writeHead(404, { "content-type": "text/html" }), res.end("<html>nginx</html>")) : json(res, 200, { name: "TG1" })));
        expect((await make(server).request({ method: "GET", path: "/groups/trunk-groups" })).data).to.deep.equal({ name: "TG1" });
    });

    describe("re-login", () => {
        class Tokens implements AuthHooks {
            current = 1;
            logins = 0;
            async header() {
                return `Bearer t${this.current}`;
            }
            async onUnauthorized() {
                this.logins++;
                this.current++;
                return true;
            }
        }

        it("logs in again when a token is revoked twice during one request", async () => {
            server = await startScripted((req, res, n) => (n <= 2 ? json(res, 401, { error: "revoked" }) : json(res, 200, { ok: req.headers.authorization })));
            const auth = new Tokens();
            const t = make(server, { auth });
            expect((await t.request({ method: "GET", path: "/x" })).data).to.deep.equal({ ok: "Bearer t3" });
            expect(auth.logins).to.equal(2);
        });

        it("stops after a bounded number of re-logins instead of looping", async () => {
            server = await startScripted((_req, res) => json(res, 401, { error: "no" }));
            const auth = new Tokens();
            const t = make(server, { auth });
            const e = await failure(t.request({ method: "GET", path: "/x" }));
            expect(e.status).to.equal(401);
            expect(auth.logins).to.equal(3);
            expect(server.seen).to.have.length(4);
        });
    });

    describe("messages that say what to do", () => {
        it("a TLS certificate error is not retried and gives the private-CA and lab advice", async () => {
            const dir = path.resolve(__dirname, "..", "..", "..", "tests", "fixtures");
            server = await startScripted((_req, res) => json(res, 200, {}), {
                key: fs.readFileSync(path.join(dir, "lab-tls.key")),
                cert: fs.readFileSync(path.join(dir, "lab-tls.crt")),
            });
            const t = make(server, { settingNames: { insecureSkipTlsVerify: "odin:insecureSkipTlsVerify (or ODIN_INSECURE_SKIP_TLS_VERIFY)" } });
            const e = await failure(t.request({ method: "GET", path: "/x" }));
            expect(e.attempts).to.equal(1);
            expect(server.connections).to.equal(1); // not retried
            expect(e.message).to.match(/self[- ]signed certificate/);
            expect(e.message).to.contain("NODE_EXTRA_CA_CERTS").and.contain("odin:insecureSkipTlsVerify (or ODIN_INSECURE_SKIP_TLS_VERIFY)").and.contain("lab");
        });

        it("connection refused says that nothing listens there and which setting holds the address", async () => {
            const port = await freePort();
            const t = make({ url: `http://127.0.0.1:${port}/api/v2` }, { retry: { maxRetries: 1 }, settingNames: { baseUrl: "odin:baseUrl (or ODIN_BASE_URL)" } });
            const e = await failure(t.request({ method: "GET", path: "/x" }));
            expect(e.message).to.contain(`Nothing is listening at 127.0.0.1:${port}`).and.contain("odin:baseUrl (or ODIN_BASE_URL)");
        });

        it("logs at info what it waits for once retrying has taken more than a few seconds", async () => {
            server = await startScripted((_req, res, n) => (n <= 3 ? json(res, 429, { error: "slow down" }, { "retry-after": "2" }) : json(res, 200, {})));
            const lines: string[] = [];
            const t = make(server, { log: (level, m) => level === "info" && lines.push(m) });
            await t.request({ method: "GET", path: "/groups" });
            // 2 s, then 4 s, then 6 s waited: the first wait is short enough to stay quiet.
            expect(lines).to.have.length(2);
            expect(lines[0]).to.match(/Odin API GET \/api\/groups: HTTP 429, waiting 2 s before attempt 3 of 6 \(retrying for 2 s so far\)/);
        });
    });
});
