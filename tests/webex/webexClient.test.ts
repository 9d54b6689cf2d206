import { expect } from "chai";
import { ApiError } from "../../provider/http/errors";
import type { WebexSimulator } from "../../provider/simulator/webex";
import { WebexClient } from "../../provider/webex/client";
import { parseWebexErrorBody } from "../../provider/webex/errors";
import { cleanNextUrl, nextRequest, parseLinkHeader } from "../../provider/webex/pagination";
import { LOCATIONS, TOKEN, certificateBody, makeClient, registeringBody, startSim } from "./webexFixtures";
import { trunkCheck } from "../../provider/webex/trunk/handlers";
import { usageProblem } from "../../provider/webex/trunk/usage";

const TRUNK_PATH = /^\/telephony\/config\/premisePstn\/trunks\/[^/]+$/;

async function rejection(p: Promise<unknown>): Promise<ApiError> {
    try {
        await p;
    } catch (e) {
        return e as ApiError;
    }
    throw new Error("expected a rejection");
}

describe("Webex client against the simulator", () => {
    let sim: WebexSimulator;
    let client: WebexClient;
    let sleeps: number[];
    let logs: { level: string; message: string }[];

    beforeEach(async () => {
        sim = await startSim({ pageSize: 3 });
        ({ client, sleeps, logs } = makeClient(sim));
    });
    afterEach(async () => {
        await sim.close();
    });

    it("creates, reads, lists, updates and deletes a trunk", async () => {
        const { id } = await client.createTrunk(certificateBody("SBC A"));
        const read = await client.getTrunk(id, trunkCheck(id));
        expect(read.httpStatus).to.equal(200);
        expect(read.partial).to.deep.equal([]);
        expect(read.trunk).to.include({ name: "SBC A", trunkType: "CERTIFICATE_BASED", address: "sbca.sbc.example.com", port: 5061, maxConcurrentCalls: 300 });
        expect(read.trunk.location).to.deep.equal(LOCATIONS[1]);
        expect(read.trunk.otgDtgId).to.be.a("string");
        expect((await client.listTrunks()).map((t) => t.id)).to.deep.equal([id]);

        await client.updateTrunk(id, { name: "SBC B", password: "Other-Pa55", maxConcurrentCalls: 400 });
        expect((await client.getTrunk(id, trunkCheck(id))).trunk).to.include({ name: "SBC B", maxConcurrentCalls: 400 });
        expect(sim.state().trunks?.[0].password).to.equal("Other-Pa55");

        expect(await client.deleteTrunk(id, trunkCheck(id))).to.equal(true);
        expect(await client.deleteTrunk(id, trunkCheck(id))).to.equal(false); // 404: already gone
        expect(await client.findTrunk(id, trunkCheck(id))).to.equal(undefined);
    });

    it("sends the bearer token and the orgId query parameter", async () => {
        const org = sim.state().orgId!;
        const { client: withOrg } = makeClient(sim, { orgId: org });
        await withOrg.listTrunks();
        expect(sim.requests().at(-1)?.query).to.deep.equal({ orgId: org });
        const other = await rejection(withOrg.listTrunks({}, "SOME-OTHER-ORG"));
        expect(other.status).to.equal(403);
        expect(other.message).to.include("telephony_config_read");
    });

    describe("retries", () => {
        it("honours Retry-After on 429", async () => {
            const { id } = await client.createTrunk(registeringBody("LGW 1"));
            sim.setFaults([{ kind: "status", status: 429, retryAfter: "7", method: "GET", path: TRUNK_PATH, count: 2 }]);
            const read = await client.getTrunk(id, trunkCheck(id));
            expect(read.trunk.name).to.equal("LGW 1");
            expect(sleeps).to.deep.equal([7000, 7000]);
            expect(client.transport.stats.retriesByReason["429"]).to.equal(2);
        });

        it("survives a garbage Retry-After (rand(30),add(30)) with its own backoff", async () => {
            const { id } = await client.createTrunk(registeringBody("LGW 1"));
            sim.setFaults([{ kind: "status", status: 429, retryAfter: "rand(30),add(30)", method: "GET", path: TRUNK_PATH, count: 1 }]);
            await client.getTrunk(id, trunkCheck(id));
            expect(sleeps).to.have.length(1);
            expect(sleeps[0]).to.be.a("number").and.to.be.within(1, 30_000);
        });

        it("honours an HTTP-date Retry-After, capped", async () => {
            const { id } = await client.createTrunk(registeringBody("LGW 1"));
            const when = new Date(Date.now() + 3 * 3600_000).toUTCString();
            sim.setFaults([{ kind: "status", status: 429, retryAfter: when, method: "GET", path: TRUNK_PATH, count: 1 }]);
            await client.getTrunk(id, trunkCheck(id));
            expect(sleeps).to.deep.equal([30_000]);
        });

        it("retries 5xx for idempotent calls, then succeeds", async () => {
            const { id } = await client.createTrunk(registeringBody("LGW 1"));
            sim.setFaults([
                { kind: "status", status: 503, method: "PUT", count: 1 },
                { kind: "status", status: 502, method: "PUT", count: 1 },
                { kind: "status", status: 504, method: "GET", count: 1 },
            ]);
            await client.updateTrunk(id, { name: "LGW 2", password: "Sip-Pa55word-1" });
            expect((await client.getTrunk(id, trunkCheck(id))).trunk.name).to.equal("LGW 2");
            expect(client.transport.stats.retries).to.equal(3);
        });

        it("gives up after maxRetries with the attempts and a hint", async () => {
            sim.setFaults([{ kind: "status", status: 503, method: "GET" }]);
            const e = await rejection(client.listTrunks());
            expect(e.status).to.equal(503);
            expect(e.attempts).to.equal(4);
            expect(e.message).to.include("after 4 attempts").and.include("parallel");
        });

        it("retries a POST refused up front with 429 (it was not applied)", async () => {
            sim.setFaults([{ kind: "status", status: 429, retryAfter: "1", method: "POST", count: 1 }]);
            const r = await client.createTrunk(registeringBody("LGW 1"));
            expect(r.id).to.equal(sim.state().trunks?.[0].id);
            expect(sim.state().trunks).to.have.length(1);
        });
    });

    describe("a POST whose fate is unknown", () => {
        // Recovering from it is the resource's create (kit createOnce): tests/webex/webexHandlers.test.ts.
        for (const [what, fault] of [
            ["a lost answer", { kind: "dropAfterApply", method: "POST", count: 1 }],
            ["a 201 body cut short", { kind: "truncate", method: "POST", count: 1 }],
            ["a gateway error", { kind: "status", status: 502, method: "POST", count: 1 }],
        ] as const) {
            it(`is never sent twice and rejects as ambiguous after ${what}`, async () => {
                sim.setFaults([fault]);
                const e = await rejection(client.createTrunk(registeringBody("LGW 1")));
                expect(e.ambiguous).to.equal(true);
                expect(sim.requests().filter((q) => q.method === "POST")).to.have.length(1);
            });
        }
    });

    describe("both single-trunk GET shapes, over HTTP", () => {
        // wxc_sdk's (organization, responseStatus list, lower-case status) and the spec's (customer, object, upper case).
        for (const shape of ["wxc_sdk", "spec"] as const) {
            it(`${shape}: the org as customer, status in upper case, responseStatus as a list only on 206`, async () => {
                await sim.close();
                sim = await startSim({ trunkGetShape: shape });
                ({ client } = makeClient(sim));
                const org = { id: sim.state().orgId, name: sim.state().orgName };
                const { id } = await client.createTrunk(registeringBody("LGW 1"));
                const raw = (await makeClient(sim).client.transport.request<Record<string, unknown>>({ method: "GET", path: `/telephony/config/premisePstn/trunks/${id}` })).data;
                expect(raw).to.have.property(shape === "spec" ? "customer" : "organization"); // the simulator really answers in that shape
                const read = await client.getTrunk(id, trunkCheck(id));
                expect(read.httpStatus).to.equal(200);
                expect(read.trunk.customer).to.deep.equal(org);
                expect(read.trunk.status).to.equal("UNKNOWN");
                expect(read.partial).to.deep.equal([]);
                sim.setPartial(id, { code: 25014 });
                const partial = await client.getTrunk(id, trunkCheck(id));
                expect(partial.httpStatus).to.equal(206);
                expect(partial.partial.map((p) => p.code)).to.deep.equal([25014]);
                expect(partial.trunk.customer).to.deep.equal(org);
            });
        }
    });

    describe("206 Partial Content", () => {
        for (const asList of [false, true]) {
            it(`is a success with the partial status surfaced (responseStatus as ${asList ? "a list" : "an object"})`, async () => {
                const { id } = await client.createTrunk(registeringBody("LGW 1"));
                sim.setPartial(id, { code: 25013, asList });
                const read = await client.getTrunk(id, trunkCheck(id));
                expect(read.httpStatus).to.equal(206);
                expect(read.partial).to.have.length(1);
                expect(read.partial[0]).to.include({ code: 25013, type: "ERROR" });
                expect(read.trunk.name).to.equal("LGW 1");
                expect(logs.some((l) => l.level === "warn" && l.message.includes("206") && l.message.includes("25013"))).to.equal(true);
            });
        }
    });

    describe("errors", () => {
        it("show message, description, errorCode and trackingId, never the token or the password", async () => {
            const e = await rejection(client.createTrunk(registeringBody("LGW 1", { password: "bad?Pa55-word" })));
            expect(e).to.be.instanceOf(ApiError);
            expect(e.status).to.equal(400);
            expect(e.code).to.equal(25015);
            expect(e.trackingId).to.match(/^ROUTER_SIM_/);
            expect(e.message).to.include("Invalid request").and.include("Invalid characters ? or ! in password.").and.include("code 25015").and.include(e.trackingId!);
            expect(e.message).not.to.include(TOKEN);
            expect(e.message).not.to.include("bad?Pa55-word");
        });

        it("a 409 name conflict carries its code", async () => {
            await client.createTrunk(registeringBody("LGW 1"));
            const e = await rejection(client.createTrunk(registeringBody("LGW 1")));
            expect(e.status).to.equal(409);
            expect(e.message).to.include("already in use");
        });

        it("401 explains the static token without repeating it", async () => {
            sim.setTokens(["something-else"]);
            const e = await rejection(client.listTrunks());
            expect(e.status).to.equal(401);
            expect(e.message).to.include("refused the access token").and.include("webex:accessToken").and.include("WEBEX_ACCESS_TOKEN");
            expect(e.message).not.to.include(TOKEN);
            expect(sim.requests()).to.have.length(1); // no re-login loop
        });

        it("network failures and logs never carry the token", async () => {
            await sim.close();
            const e = await rejection(client.listTrunks());
            expect(e.networkError).to.be.a("string");
            expect(JSON.stringify({ m: e.message, logs })).not.to.include(TOKEN);
        });

        it("an HTML error page is described, not dumped", async () => {
            sim.setFaults([{ kind: "status", status: 500, body: "<html><title>Gateway trouble</title></html>", method: "GET" }]);
            const e = await rejection(client.listTrunks());
            expect(e.message).to.include("HTML page").and.include("Gateway trouble");
        });
    });

    describe("pagination", () => {
        it("follows next links across all pages", async () => {
            for (let i = 1; i <= 7; i++) {
                await client.createTrunk(registeringBody(`LGW ${i}`));
            }
            sim.clearRequests();
            const all = await client.listTrunks();
            expect(all.map((t) => t.name).sort()).to.deep.equal(["LGW 1", "LGW 2", "LGW 3", "LGW 4", "LGW 5", "LGW 6", "LGW 7"]);
            expect(sim.requests().map((r) => r.query.start ?? "0")).to.deep.equal(["0", "3", "6"]);
        });

        it("survives the https, prefix and next links that drop query parameters", async () => {
            await sim.close();
            sim = await startSim({ pageSize: 2, linkQuirks: { httpsCommaPrefix: true, dropParams: ["orgId", "trunkType"] } });
            const org = sim.state().orgId!;
            ({ client } = makeClient(sim, { orgId: org }));
            for (let i = 1; i <= 5; i++) {
                await client.createTrunk(registeringBody(`LGW ${i}`));
            }
            await client.createTrunk(certificateBody("SBC 1"));
            sim.clearRequests();
            const regs = await client.listTrunks({ trunkType: "REGISTERING" });
            expect(regs).to.have.length(5);
            const queries = sim.requests().map((r) => r.query);
            expect(queries).to.have.length(3);
            expect(queries.every((q) => q.orgId === org && q.trunkType === "REGISTERING")).to.equal(true);
        });

        it("does not use the server's name filter for a name with a comma", async () => {
            await client.createTrunk(registeringBody("A,B"));
            await client.createTrunk(registeringBody("A"));
            sim.clearRequests();
            const found = await client.findTrunksByName("A,B");
            expect(found.map((t) => t.name)).to.deep.equal(["A,B"]);
            expect(sim.requests()[0].query).not.to.have.property("name");
        });

        it("stops on a link that repeats", async () => {
            // A server bug: drop `start` from every next link, so page 2 is page 1 again.
            await sim.close();
            sim = await startSim({ pageSize: 2, linkQuirks: { dropParams: ["start"] } });
            ({ client, logs } = makeClient(sim));
            for (let i = 1; i <= 5; i++) {
                await client.createTrunk(registeringBody(`LGW ${i}`));
            }
            sim.clearRequests();
            const all = await client.listTrunks();
            expect(all.map((t) => t.name)).to.deep.equal(["LGW 1", "LGW 2"]);
            expect(sim.requests()).to.have.length(2); // page 1, its repeat, then stop
            expect(logs.some((l) => l.message.includes("repeated the pagination link"))).to.equal(true);
        });
    });

    it("reads a trunk's usage counts and lists, and no usage for a trunk that does not exist", async () => {
        await sim.close();
        sim = await startSim({
            pageSize: 1,
            seed: {
                locations: LOCATIONS,
                trunks: [{ id: "T-1", name: "LGW 1", locationId: LOCATIONS[0].id, password: "Sip-Pa55word-1", trunkType: "REGISTERING" }],
                routeGroups: [
                    { id: "RG-1", name: "RG 1", localGateways: [{ id: "T-1", priority: 1 }] },
                    { id: "RG-2", name: "RG 2", localGateways: [{ id: "T-1", priority: 1 }] },
                ],
            },
        });
        ({ client } = makeClient(sim));
        expect(await client.trunkUsage("T-1", usageProblem)).to.deep.equal({ pstnConnectionCount: 0, callToExtensionCount: 0, dialPlanCount: 0, routeGroupCount: 2 });
        expect((await client.trunkUsageList("T-1", "routeGroups")).map((g) => g.name)).to.deep.equal(["RG 1", "RG 2"]);
        expect(await client.trunkUsageList("T-1", "dialPlans")).to.deep.equal([]);
        expect(await client.trunkUsage("NO-SUCH-TRUNK", usageProblem)).to.equal(undefined);
    });

    it("reads the trunk types with their call limits", async () => {
        const types = await client.trunkTypes();
        expect(types.map((t) => t.trunkType)).to.deep.equal(["REGISTERING", "CERTIFICATE_BASED"]);
        expect(types[1].deviceTypes[0]).to.have.keys("deviceType", "minConcurrentCalls", "maxConcurrentCalls");
    });
});

describe("Webex Link header and error body parsing", () => {
    it("finds rel=next among several links, with commas inside URLs and no space before rel", () => {
        const h = '<https://x/v1/t?name=A,B&start=2>;rel="next", <https://x/v1/t?start=0>; rel="prev"';
        expect(parseLinkHeader(h)).to.deep.equal({ next: "https://x/v1/t?name=A,B&start=2", prev: "https://x/v1/t?start=0" });
        expect(parseLinkHeader(undefined)).to.deep.equal({});
        expect(parseLinkHeader("garbage")).to.deep.equal({});
        expect(parseLinkHeader("<u>; rel=first next")).to.deep.equal({ first: "u", next: "u" });
    });

    it("repairs the https, prefix and keeps only path and query (never another host)", () => {
        expect(cleanNextUrl("https,https://webexapis.com/v1/x?start=1")).to.equal("https://webexapis.com/v1/x?start=1");
        const r = nextRequest("https,https://evil.example.com/v1/telephony/config/premisePstn/trunks?start=4&max=2", "https://webexapis.com/v1", { orgId: "O", max: 2 });
        expect(r).to.deep.equal({ path: "/telephony/config/premisePstn/trunks", query: { orgId: "O", max: "2", start: "4" } });
        expect(nextRequest("/v1/a?start=1", "https://webexapis.com/v1", {})).to.deep.equal({ path: "/a", query: { start: "1" } });
    });

    it("parses Webex error bodies defensively", () => {
        const body = { message: "Invalid request", errors: [{ description: "bad one", errorCode: 1 }, { description: "bad two", errorCode: 2 }], trackingId: "T1" };
        expect(parseWebexErrorBody(body, {})).to.deep.equal({ message: "Invalid request", details: "bad one [errorCode 1]; bad two [errorCode 2]", code: 1, trackingId: "T1" });
        expect(parseWebexErrorBody({ errors: [{ description: "only" }] }, { trackingid: "H" })).to.deep.equal({ message: "only", details: undefined, code: undefined, trackingId: "H" });
        expect(parseWebexErrorBody({ message: "m", errorCode: 9 }, {})).to.include({ code: 9 });
        expect(parseWebexErrorBody([1, 2], {})).to.deep.equal({ trackingId: undefined });
        expect(parseWebexErrorBody({ errors: "nope", message: 5 }, {})).to.include({ message: undefined });
    });
});
