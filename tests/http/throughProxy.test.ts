import { expect } from "chai";
import { isApiError } from "../../provider/http/errors";
import { OdinClient, OdinClientOptions } from "../../provider/odin/client";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { WebexSimulator, startWebexSimulator } from "../../provider/simulator/webex";
import { WebexClient } from "../../provider/webex/client";
import { checkInputs } from "../../provider/kit/check";
import { WEBEX_TRUNK } from "../../provider/webex/trunk/schema";
import { handlers as webexTrunkHandlers, resetForTests, trunkCheck } from "../../provider/webex/trunk/handlers";
import { FaultKind, FaultProxy, startFaultProxy } from "../faults/proxy";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";

const NEW = { serviceProviderId: "SP1", groupId: "G2", name: "New", maxActiveCalls: 1 };

/**
 * The transport under the independent fault proxy, through today's API
 * clients and the real simulators: each fault the transport itself must
 * absorb or report, one at a time, with the simulator's state as the truth.
 */

const noSleep = async () => undefined;
const TG = { serviceProviderId: "SP1", groupId: "G1", name: "G1-TG1" };

describe("HTTP transport behind the fault proxy", function () {
    this.timeout(20_000);
    let sim: OdinSimulator;
    let proxy: FaultProxy;
    const client = (extra: Partial<OdinClientOptions> = {}) => new OdinClient({ baseUrl: proxy.url, username: "admin", password: "admin", sleep: noSleep, ...extra });

    beforeEach(async () => {
        sim = await startOdinSimulator();
        proxy = await startFaultProxy({ upstream: sim.url, seed: 1 });
    });
    afterEach(async () => {
        await proxy.close();
        await sim.close();
    });

    for (const kind of ["empty-200", "whitespace-200", "null-200", "html-404", "truncate", "html-200", "reset-before", "reset-after", "429", "429-no-retry-after", "502", "503", "504", "applied-500"] as FaultKind[]) {
        it(`a GET meeting "${kind}" is retried and gets the real answer`, async () => {
            const c = client();
            await c.listGroups("SP1"); // log in first
            proxy.inject({ kind, method: "GET", path: "/groups/trunk-groups" });
            const tg = await c.findTrunkGroup(TG, profileCheck(TG));
            expect(tg?.name).to.equal("G1-TG1");
            expect(proxy.stats().faults[kind]).to.equal(1);
        });
    }

    it("a slow drip cannot hold a 1 s timeout: the deadline cuts it, and the retry gets the answer", async () => {
        proxy = await restart({ dripIntervalMs: 300 });
        const c = client({ timeoutMs: 1000 });
        await c.listGroups("SP1");
        proxy.inject({ kind: "slow-drip", method: "GET", path: "/groups/trunk-groups" });
        const started = Date.now();
        expect((await c.getTrunkGroup(TG, profileCheck(TG))).name).to.equal("G1-TG1");
        expect(Date.now() - started).to.be.below(3000);
    });

    for (const kind of ["applied-500", "applied-502", "applied-503", "applied-504", "reset-after", "truncate", "html-200"] as FaultKind[]) {
        it(`a POST meeting "${kind}" was applied and is reported as ambiguous, sent once`, async () => {
            const c = client();
            await c.listGroups("SP1");
            proxy.inject({ kind, method: "POST", path: "/groups/trunk-groups" });
            const e = await c.createTrunkGroup(NEW, profileCheck(NEW, NEW)).catch((err: unknown) => err);
            expect(isApiError(e) && e.ambiguous, String(e)).to.equal(true);
            expect(sim.state().serviceProviders[0].groups?.[1].trunkGroups?.map((t) => t.name)).to.include("New");
            expect(sim.requests().filter((r) => r.method === "POST" && r.path === "/groups/trunk-groups")).to.have.length(1);
        });
    }

    for (const kind of ["reset-before", "429", "429-no-retry-after"] as FaultKind[]) {
        it(`a POST meeting "${kind}" was not applied: sent again and created once`, async () => {
            const c = client();
            await c.listGroups("SP1");
            proxy.inject({ kind, method: "POST", path: "/groups/trunk-groups" });
            const e = await c.createTrunkGroup(NEW, profileCheck(NEW, NEW)).catch((err: unknown) => err);
            if (kind === "reset-before") {
                // A reset gives no proof that nothing arrived: ambiguous, for the caller's lookup.
                expect(isApiError(e) && e.ambiguous).to.equal(true);
                expect(sim.state().serviceProviders[0].groups?.[1].trunkGroups?.map((t) => t.name)).not.to.include("New");
            } else {
                expect(e).to.include({ name: "New" });
            }
        });
    }

    it("tokens revoked at the server every few requests: every call still succeeds", async () => {
        proxy = await restart({ revokeEvery: { requests: 3 }, onRevoke: () => sim.expireTokens() });
        const c = client();
        for (let i = 0; i < 12; i++) {
            expect(await c.listGroups("SP1")).to.have.length(2);
        }
        expect(proxy.stats().revocations).to.equal(proxy.stats().requests >= 3 ? Math.floor(proxy.stats().requests / 3) : 0);
        expect(c.auth.logins).to.be.above(2);
    });

    it("tokens revoked twice within one request: logs in again twice and succeeds", async () => {
        proxy = await restart({ onRevoke: () => sim.expireTokens() });
        let armed = false;
        // Revoke again the moment the first re-login succeeds, before the request is repeated.
        const log = (_level: string, m: string) => {
            if (armed && m.includes("POST /api/v2/auth/token -> 200")) {
                armed = false;
                void proxy.revokeTokens();
            }
        };
        const c = client({ log });
        await c.listGroups("SP1");
        await proxy.revokeTokens();
        armed = true;
        expect(await c.listGroups("SP1")).to.have.length(2);
        expect(c.auth.logins).to.equal(3);
        const groups = sim.requests().filter((r) => r.path === "/groups").map((r) => r.status);
        expect(groups).to.deep.equal([200, 401, 401, 200]);
    });

    async function restart(extra: Partial<Parameters<typeof startFaultProxy>[0]>): Promise<FaultProxy> {
        await proxy.close();
        return startFaultProxy({ upstream: sim.url, seed: 1, ...extra });
    }
});

describe("Webex client behind the fault proxy", function () {
    this.timeout(20_000);
    let sim: WebexSimulator;
    let proxy: FaultProxy;
    beforeEach(async () => {
        sim = await startWebexSimulator();
        proxy = await startFaultProxy({ upstream: sim.url, seed: 2 });
    });
    afterEach(async () => {
        await proxy.close();
        await sim.close();
    });

    it("empty, null and HTML-404 answers to a trunk GET are retried, never taken for gone", async () => {
        const c = new WebexClient({ baseUrl: proxy.url, accessToken: "webex-test-token", sleep: noSleep });
        const locationId = sim.state().locations[0].id;
        const { id } = await c.createTrunk({ name: "LGW", locationId, password: "Sip-Pa55word-1", trunkType: "REGISTERING" });
        for (const kind of ["empty-200", "null-200", "whitespace-200", "truncate"] as FaultKind[]) {
            proxy.inject({ kind, method: "GET" });
            expect((await c.getTrunk(id, trunkCheck(id))).trunk.name, kind).to.equal("LGW");
        }
        // findTrunk accepts 404 itself: the proxy's page comes back marked as not the API's.
        proxy.inject({ kind: "html-404", method: "GET" });
        const res = await c.transport.request({ method: "GET", path: `/telephony/config/premisePstn/trunks/${id}`, acceptStatuses: [404] });
        expect(res).to.include({ status: 404, bodyKind: "html" });
        expect(res.errorInfo).to.equal(undefined);
        // Asking for the API's own 404 only: the proxy's page is retried and the trunk found.
        proxy.inject({ kind: "html-404", method: "GET" });
        const own = await c.transport.request({ method: "GET", path: `/telephony/config/premisePstn/trunks/${id}`, acceptStatuses: [404], acceptOnlyApiErrors: true });
        expect(own.status).to.equal(200);
        // ... while the API's own 404 is returned, with its error body.
        const gone = await c.transport.request({ method: "GET", path: "/telephony/config/premisePstn/trunks/nope", acceptStatuses: [404], acceptOnlyApiErrors: true });
        expect(gone).to.include({ status: 404, bodyKind: "json" });
        expect(gone.errorInfo?.message).to.be.a("string");
    });

    it("a POST answered 500 after it was applied is found by the create's lookup (kit createOnce), not created twice", async () => {
        const values: Record<string, string> = { "webex:baseUrl": proxy.url, "webex:accessToken": "webex-test-token" };
        resetForTests({ get: (k: string) => values[k] });
        try {
            const locationId = sim.state().locations[0].id;
            proxy.inject({ kind: "applied-500", method: "POST" });
            const inputs = checkInputs(WEBEX_TRUNK, {}, { name: "LGW 2", locationId, password: "Sip-Pa55word-1", trunkType: "REGISTERING" }).inputs;
            const r = await webexTrunkHandlers.create!(inputs);
            expect(sim.state().trunks).to.have.length(1);
            expect(r.id).to.equal(sim.state().trunks?.[0]?.id);
            expect(sim.requests().filter((q) => q.method === "POST")).to.have.length(1);
        } finally {
            resetForTests();
        }
    });
});
