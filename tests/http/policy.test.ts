import { expect } from "chai";
import { formatApiError } from "../../provider/http/errors";
import { Limiter } from "../../provider/http/limiter";
import { SecretRegistry, collectSecretValues, maskSecretKeys } from "../../provider/http/redact";
import { backoffDelay, nextDelay, parseRetryAfter } from "../../provider/http/retryPolicy";

describe("HTTP policy (pure parts)", () => {
    describe("Retry-After", () => {
        it("parses seconds and HTTP dates", () => {
            expect(parseRetryAfter("3")).to.equal(3000);
            expect(parseRetryAfter("0.5")).to.equal(500);
            const now = Date.parse("2026-11-25T10:00:00Z");
            expect(parseRetryAfter("Wed, 25 Nov 2026 10:00:07 GMT", now)).to.equal(7000);
        });
        it("ignores garbage such as Webex's rand(30),add(30) instead of crashing", () => {
            expect(parseRetryAfter("rand(30),add(30)")).to.equal(undefined);
            expect(parseRetryAfter("-5")).to.equal(undefined);
            expect(parseRetryAfter(undefined)).to.equal(undefined);
            expect(parseRetryAfter(["2", "9"])).to.equal(2000);
        });
    });

    describe("backoff", () => {
        const opts = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000 };
        it("doubles per attempt with jitter in the upper half, and is capped", () => {
            expect(backoffDelay(1, opts, () => 0)).to.equal(50);
            expect(backoffDelay(1, opts, () => 1)).to.equal(100);
            expect(backoffDelay(3, opts, () => 1)).to.equal(400);
            expect(backoffDelay(10, opts, () => 1)).to.equal(1000);
        });
        it("lets the server's Retry-After win, within the cap", () => {
            expect(nextDelay(1, 700, opts)).to.equal(700);
            expect(nextDelay(1, 60_000, opts)).to.equal(1000);
        });
    });

    describe("secret scrubbing", () => {
        it("removes registered secrets, their encoded forms and bearer tokens", () => {
            const s = new SecretRegistry();
            s.add("p@ss w0rd!");
            s.add("ab"); // short: scrubbed only as a whole token (see redact.test.ts)
            const text = "login p@ss w0rd! q=p%40ss%20w0rd! Authorization: Bearer eyJhbGciOi.x.y tab";
            expect(s.scrub(text)).to.equal("login [redacted] q=[redacted] Authorization: Bearer [redacted] tab");
        });
        it("masks secret-looking keys and collects their values", () => {
            const body = { name: "t", sipAuthenticationPassword: "x1y2z3", nested: { token: "tok-123" } };
            expect(maskSecretKeys(body)).to.deep.equal({ name: "t", sipAuthenticationPassword: "[redacted]", nested: { token: "[redacted]" } });
            const found: string[] = [];
            collectSecretValues(body, (v) => found.push(v));
            expect(found).to.deep.equal(["x1y2z3", "tok-123"]);
        });
    });

    describe("limiter", () => {
        it("never runs more than the cap at once", async () => {
            const lim = new Limiter(3);
            let active = 0;
            let peak = 0;
            await Promise.all(
                Array.from({ length: 20 }, () =>
                    lim.run(async () => {
                        active++;
                        peak = Math.max(peak, active);
                        await new Promise((r) => setTimeout(r, 2));
                        active--;
                    }),
                ),
            );
            expect(peak).to.equal(3);
            expect(lim.inFlight).to.equal(0);
        });
        it("rejects a nonsensical cap", () => {
            expect(() => new Limiter(0)).to.throw("maxInFlight must be an integer >= 1");
        });
    });

    it("formats an error with call, status, server text, attempts and hint", () => {
        const msg = formatApiError({
            api: "Odin",
            method: "GET",
            path: "/api/v2/groups",
            status: 503,
            apiMessage: "Service Unavailable",
            attempts: 6,
            hint: "wait and run again",
        });
        expect(msg).to.equal("Odin API GET /api/v2/groups failed: HTTP 503 — Service Unavailable (after 6 attempts). wait and run again");
    });
});
