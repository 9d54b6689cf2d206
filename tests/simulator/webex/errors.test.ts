import { expect } from "chai";
import { WebexSimulator, startWebexSimulator } from "../../../provider/simulator/webex";
import { TRUNKS, caller, expectWebexError, reg } from "./helpers";

describe("Webex simulator: auth, errors and TrackingID", () => {
    let sim: WebexSimulator;
    let call: ReturnType<typeof caller>;

    beforeEach(async () => {
        sim = await startWebexSimulator();
        call = caller(sim);
    });
    afterEach(async () => {
        await sim.close();
    });

    it("binds 127.0.0.1 under /v1", () => {
        expect(sim.url).to.match(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    });

    it("answers 401 with the Webex error body without a token or with an unknown one", async () => {
        expectWebexError(await caller(sim, null)("GET", TRUNKS), 401, /valid access token/);
        expectWebexError(await caller(sim, "nope")("GET", TRUNKS), 401, /valid access token/);
    });

    it("accepts the configured tokens, and can change them", async () => {
        const custom = await startWebexSimulator({ tokens: ["a", "b"] });
        try {
            expect((await caller(custom, "b")("GET", TRUNKS)).status).to.equal(200);
            custom.setTokens(["c"]);
            expect((await caller(custom, "b")("GET", TRUNKS)).status).to.equal(401);
        } finally {
            await custom.close();
        }
    });

    it("refuses another org with 403", async () => {
        expectWebexError(await call("GET", `${TRUNKS}?orgId=OTHER`), 403, /Not authorized to access org OTHER/, 25019);
        expect((await call("GET", `${TRUNKS}?orgId=${encodeURIComponent(sim.state().orgId!)}`)).status).to.equal(200);
    });

    describe("every answer carries a TrackingID header; on errors it is the body's trackingId", () => {
        it("successes: 200, 201, 204", async () => {
            const created = await call("POST", TRUNKS, reg("LGW 1"));
            const answers = [await call("GET", TRUNKS), created, await call("DELETE", `${TRUNKS}/${created.body.id}`)];
            expect(answers.map((a) => a.status)).to.deep.equal([200, 201, 204]);
            const ids = answers.map((a) => a.headers.get("trackingid"));
            for (const id of ids) {
                expect(id).to.match(/^ROUTER_SIM_[0-9a-f]{8}$/);
            }
            expect(new Set(ids).size).to.equal(3);
        });

        it("404 of an unknown path and 405 of a wrong method, with Webex's error body", async () => {
            expectWebexError(await call("GET", "/telephony/config/premisePstn/nothing"), 404, /Not found/);
            expectWebexError(await call("PATCH", `${TRUNKS}/x`), 405, /not allowed/);
        });

        it("404 of an unknown trunk", async () => {
            expectWebexError(await call("GET", `${TRUNKS}/NOPE`), 404, /Trunk NOPE not found/, 25016);
        });

        it("injected 429 and 503 faults, with Retry-After kept verbatim", async () => {
            sim.setFaults([
                { kind: "status", status: 429, retryAfter: "rand(30),add(30)", count: 1 },
                { kind: "status", status: 503, retryAfter: "3", count: 1 },
            ]);
            const a = await call("GET", TRUNKS);
            expectWebexError(a, 429, /Too Many Requests/);
            expect(a.headers.get("retry-after")).to.equal("rand(30),add(30)");
            const b = await call("GET", TRUNKS);
            expectWebexError(b, 503, /Service Unavailable/);
            expect(sim.faultStats().status).to.equal(2);
            expect((await call("GET", TRUNKS)).status).to.equal(200);
            expect(sim.requests().map((r) => r.status)).to.deep.equal([429, 503, 200]);
        });

        it("an injected raw (HTML) error page still gets the header", async () => {
            sim.setFaults([{ kind: "status", status: 502, body: "<html>Bad Gateway</html>", count: 1 }]);
            const a = await call("GET", TRUNKS);
            expect(a.status).to.equal(502);
            expect(a.text).to.equal("<html>Bad Gateway</html>");
            expect(a.headers.get("trackingid")).to.match(/^ROUTER_SIM_/);
        });

        it("throttled 429s (a server at capacity)", async () => {
            sim.setThrottle({ maxPerSecond: 1, retryAfterSeconds: 7 });
            expect((await call("GET", TRUNKS)).status).to.equal(200);
            const a = await call("GET", TRUNKS);
            expectWebexError(a, 429, /Too many requests per second/);
            expect(a.headers.get("retry-after")).to.equal("7");
        });
    });
});
