/**
 * How long a request may take, and what its failure says: a deadline for
 * each attempt and one for all attempts together, so a server that accepts
 * connections and never answers fails in about that long (not attempts ×
 * timeout), with advice that tells it from a slow server and from nothing
 * listening. All deadlines here are a second or two.
 */
import { expect } from "chai";
import * as net from "net";
import * as fs from "fs";
import type { AddressInfo } from "net";
import { failure } from "./failure";
import { networkAdvice } from "../../provider/http/failures";
import { DEFAULT_DEADLINE_MS, HttpTransport, TransportOptions } from "../../provider/http/transport";
import { OdinClient } from "../../provider/odin/client";
import { ODIN_API, ODIN_SETTING_KEYS, resolveOdinSettings } from "../../provider/odin/config";
import { resolveWebexSettings } from "../../provider/webex/config";
import { startOdinSimulator } from "../../provider/simulator";
import { OdinStack, printedErrors, startOdin, tempDir, trunkGroup } from "../engine/fixtures";
import { freePort, json, startScripted } from "./scriptedServer";

const ODIN_NAMES = { baseUrl: "odin:baseUrl (or ODIN_BASE_URL)", timeoutMs: "odin:timeoutMs (or ODIN_TIMEOUT_MS)", deadlineMs: "odin:deadlineMs (or ODIN_DEADLINE_MS)" };

function parseErrorBody(body: unknown) {
    const b = body as { error?: unknown };
    return b && typeof b === "object" && typeof b.error === "string" ? { message: b.error } : {};
}

function transport(url: string, extra: Partial<TransportOptions> = {}): HttpTransport {
    return new HttpTransport({ api: "Odin", baseUrl: url, parseErrorBody, settingNames: ODIN_NAMES, ...extra });
}

/** A TCP server that takes every connection and never sends a byte. */
async function silentServer(): Promise<{ url: string; port: number; connections: () => number; close(): Promise<void> }> {
    const sockets = new Set<net.Socket>();
    let connections = 0;
    const server = net.createServer((s) => {
        connections++;
        sockets.add(s);
        s.on("error", () => undefined);
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}/api/v2`,
        port,
        connections: () => connections,
        close: async () => {
            sockets.forEach((s) => s.destroy());
            await new Promise<void>((r) => server.close(() => r()));
        },
    };
}

describe("deadlines: a request, and all its attempts together", function () {
    this.timeout(20_000);

    it("a server that accepts and never answers fails at the deadline for all attempts, not after every attempt's timeout", async () => {
        const silent = await silentServer();
        try {
            // Without the overall deadline: 6 attempts x 400 ms plus backoff, about 3 s.
            const t = transport(silent.url, { timeoutMs: 400, deadlineMs: 1_000, retry: { maxRetries: 5, baseDelayMs: 100 } });
            const started = Date.now();
            const e = await failure(t.request({ method: "GET", path: "/groups" }));
            const took = Date.now() - started;
            expect(took).to.be.within(700, 1_500);
            expect(e.failure).to.equal("timeout");
            expect(e.attempts).to.be.within(2, 3);
            expect(e.message).to.contain(`127.0.0.1:${silent.port} accepted the connection but sent no answer within 400 ms, on each of ${e.attempts} attempts`);
            expect(e.message).to.contain("is not a slow Odin API").and.contain("odin:baseUrl (or ODIN_BASE_URL)");
            expect(e.message).to.contain("raising odin:timeoutMs (or ODIN_TIMEOUT_MS) would only make this fail later");
            expect(e.message).to.contain("Retrying stopped at the deadline of 1 s for all attempts (odin:deadlineMs (or ODIN_DEADLINE_MS))");
            expect(e.message).to.not.match(/\braise\b/);
        } finally {
            await silent.close();
        }
    });

    it("the last attempt gets only what is left of the deadline", async () => {
        const silent = await silentServer();
        try {
            const t = transport(silent.url, { timeoutMs: 5_000, deadlineMs: 800, retry: { maxRetries: 5 } });
            const started = Date.now();
            const e = await failure(t.request({ method: "GET", path: "/groups" }));
            expect(Date.now() - started).to.be.within(700, 1_400);
            expect(e.attempts).to.equal(1);
        } finally {
            await silent.close();
        }
    });

    it("a slow answer (headers, then a byte now and then) is told apart: that advice, and only that one, says to raise the timeout", async () => {
        const server = await startScripted((_req, res) => {
            res.writeHead(200, { "content-type": "application/json", "content-length": 1000 });
            res.flushHeaders();
            const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(" ")), 100);
            res.on("close", () => clearInterval(t));
        });
        try {
            const t = transport(server.url, { timeoutMs: 300, deadlineMs: 2_000, retry: { maxRetries: 0 } });
            const e = await failure(t.request({ method: "GET", path: "/groups" }));
            expect(e.message).to.contain("The Odin API began answering but had not finished within 300 ms");
            expect(e.message).to.contain("raise odin:timeoutMs (or ODIN_TIMEOUT_MS) (now 300 ms) and, for all attempts together, odin:deadlineMs (or ODIN_DEADLINE_MS) (now 2000 ms)");
        } finally {
            await server.close();
        }
    });

    it("nothing listening is said as such, with no advice about timeouts", async () => {
        const port = await freePort();
        const e = await failure(transport(`http://127.0.0.1:${port}/api/v2`, { retry: { maxRetries: 1, baseDelayMs: 10 } }).request({ method: "GET", path: "/x" }));
        expect(e.failure).to.equal("refused");
        expect(e.message).to.contain(`Nothing is listening at 127.0.0.1:${port}`);
        expect(e.message).to.not.match(/timeout|deadline/i);
    });

    it("no connection at all (packets dropped) and the catch-all say the address is wrong, never to wait longer", () => {
        const c = { api: "Odin", safeBaseUrl: "https://odin.example.net/api/v2", host: "odin.example.net", timeoutMs: 30_000, deadlineMs: 60_000, maxResponseBytes: 1, names: ODIN_NAMES };
        const connect = networkAdvice("timeout", { ...c, timeoutPhase: "connect", attempts: 2, spentMs: 60_000, stoppedByDeadline: true });
        expect(connect).to.contain("No connection to odin.example.net could be made within 30000 ms, on each of 2 attempts in 60 s").and.contain("a longer timeout would only make this fail later");
        expect(connect).to.not.match(/\braise\b/);
        expect(networkAdvice("network", c)).to.not.match(/\braise\b/);
    });

    it("a host name that does not resolve is not retried", async () => {
        const t = transport("http://no-such-host.invalid/api/v2", { timeoutMs: 5_000, retry: { maxRetries: 5, baseDelayMs: 10 } });
        const e = await failure(t.request({ method: "GET", path: "/x" }));
        expect(e.failure).to.equal("dns");
        expect(e.attempts).to.equal(1);
        expect(e.message).to.contain("does not resolve");
    });

    it("retries that would end past the deadline are not started, and the error says which limit stopped them", async () => {
        const server = await startScripted((_req, res) => json(res, 503, { error: "busy" }, { "retry-after": "1" }));
        try {
            const t = transport(server.url, { deadlineMs: 2_500, retry: { maxRetries: 5 }, sleep: async () => undefined });
            const e = await failure(t.request({ method: "GET", path: "/x" }));
            expect(e.attempts).to.equal(2);
            expect(server.seen).to.have.length(2);
            expect(e.message).to.contain("stopped after 2 attempts in 1 s: the next would have ended past the deadline of 2.5 s for all attempts, odin:deadlineMs (or ODIN_DEADLINE_MS)");
        } finally {
            await server.close();
        }
    });

    it("the default deadline is a minute; odin:deadlineMs / webex:deadlineMs set it, are known keys, and reach the transport", () => {
        expect(DEFAULT_DEADLINE_MS).to.equal(60_000);
        const config = (values: Record<string, string>) => ({ get: (k: string) => values[k] });
        const odin = resolveOdinSettings(config({ "odin:baseUrl": "http://127.0.0.1:1/api/v2", "odin:username": "u", "odin:password": "Passw0rd-1", "odin:deadlineMs": "5000" }), {});
        expect(odin.deadlineMs).to.equal(5_000);
        expect(odin.settingNames?.deadlineMs).to.equal("odin:deadlineMs (or ODIN_DEADLINE_MS)");
        expect(ODIN_SETTING_KEYS.deadlineMs).to.deep.equal(["odin:deadlineMs", "ODIN_DEADLINE_MS"]);
        expect(ODIN_API.settingsWarnings!(config({ "odin:deadlineMs": "5000" }))).to.deep.equal([]);
        expect(() => resolveOdinSettings(undefined, { ODIN_BASE_URL: "http://h/api/v2", ODIN_USERNAME: "u", ODIN_PASSWORD: "p", ODIN_DEADLINE_MS: "soon" })).to.throw(/ODIN_DEADLINE_MS/);
        const webex = resolveWebexSettings(undefined, { WEBEX_ACCESS_TOKEN: "token-1234", WEBEX_DEADLINE_MS: "7000" });
        expect(webex.deadlineMs).to.equal(7_000);
        const client = new OdinClient({ ...odin });
        expect((client.transport as unknown as { deadlineMs: number }).deadlineMs).to.equal(5_000);
    });
});

describe("the login's and the settings' own advice", function () {
    this.timeout(20_000);

    it("a base URL without the API's path: the login's 404 says to add /api/v2, at once", async () => {
        const sim = await startOdinSimulator();
        try {
            const root = sim.url.replace(/\/api\/v2$/, "");
            const client = new OdinClient({ baseUrl: root, username: "admin", password: "admin", settingNames: { baseUrl: "odin:baseUrl (or ODIN_BASE_URL)" }, sleep: async () => undefined });
            const e = await failure(client.getServiceProvider("SP1"));
            expect(e.status).to.equal(404);
            expect(e.attempts).to.equal(1);
            expect(e.message).to.contain(`There is no Odin API login at ${root}/auth/token: odin:baseUrl (or ODIN_BASE_URL) must be the API's base URL, with its path, like ${root}/api/v2`);
            expect(sim.requests().filter((r) => r.path.endsWith("/auth/token"))).to.have.length(1);
        } finally {
            await sim.close();
        }
    });

    it("a missing password on the command line says how to give it: there is no password flag", () => {
        const cli = { values: { baseUrl: undefined, username: undefined }, labels: { baseUrl: "--base-url", username: "--username" } };
        expect(() => resolveOdinSettings(undefined, { ODIN_BASE_URL: "http://h/api/v2", ODIN_USERNAME: "u" }, cli)).to.throw(
            "Odin connection settings missing: ODIN_PASSWORD. Give the password in ODIN_PASSWORD, or in a variable you name with --password-env NAME (there is no password flag",
        );
        expect(() => resolveWebexSettings(undefined, {}, { values: {}, labels: { baseUrl: "--base-url" } })).to.throw(/or name another variable that holds it with --token-env NAME/);
    });
});

describe("deadlines through the engine: an up against an Odin that accepts and never answers", function () {
    this.timeout(60_000);

    it("fails in about the deadline, says the server is silent, and keeps nothing", async () => {
        const sim = await startOdin();
        const silent = await silentServer();
        const dir = tempDir("deadline");
        try {
            const stack = new OdinStack(sim, dir, { config: { "odin:baseUrl": silent.url, "odin:timeoutMs": "500", "odin:deadlineMs": "1500" } });
            stack.setResources([trunkGroup("hung")]);
            const started = Date.now();
            const s = await stack.engine.up({ expectFailure: true });
            const took = Date.now() - started;
            const printed = printedErrors(s);
            expect(printed).to.contain("accepted the connection but sent no answer within 500 ms");
            expect(printed).to.contain("odin:deadlineMs (or ODIN_DEADLINE_MS)");
            expect(printed).to.not.match(/\braise\b/);
            // The provider host and the program start in a few seconds; the request itself gets 1.5 s, not 6 x 0.5 s.
            expect(took).to.be.below(15_000);
            expect(stack.engine.resources()).to.deep.equal([]);
            // Within the deadline, at most three 500 ms attempts for each of the two operations that ask: the check's
            // capacity read (which warns and lets up find out) and the create.
            expect(silent.connections()).to.be.within(1, 6);
        } finally {
            await silent.close();
            await sim.close();
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
