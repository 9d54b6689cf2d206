import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator, WebexSimulator } from "../../provider/simulator";
import { defaultWebexSeed, startWebexSimulator } from "../../provider/simulator";
import { FaultProxy, startFaultProxy } from "../faults/proxy";
import { OdinStack, TG_TYPE, WEBEX_TYPE, startOdin, tempDir, trunkGroup } from "./fixtures";
import { killHostAt, killHostDuring, requestsOf } from "./hooks";

/**
 * What the engine keeps when things go wrong, checkpoint after checkpoint:
 * a provider host killed mid-run, a create that half-succeeds (init errors),
 * and a plain provider error.
 */
describe("test engine: faults", function () {
    this.timeout(120_000);
    let sim: OdinSimulator;
    let dir: string;

    before(async () => {
        sim = await startOdin();
        dir = tempDir("faults");
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("an up interrupted by killing the provider host", () => {
        let stack: OdinStack;
        const program = [trunkGroup("k1"), trunkGroup("k2"), trunkGroup("k3")];

        before(() => {
            // One step at a time, so which create meets the dead host is certain.
            stack = new OdinStack(sim, `${dir}/kill`, { parallel: 1 });
            stack.setResources(program);
        });

        it("the run fails at the next request; what was created before is in the checkpoint, with no pending operation", async () => {
            const kill = killHostAt("create", 1, "after");
            const s = await stack.engine.up({ hooks: kill, expectFailure: true });
            expect(kill.fired()).to.equal(true);
            const creates = requestsOf(s.requests, "create");
            expect(creates[0].response).to.not.equal(undefined);
            // A request still open or sent once the host is dead (another create, or the check of the next trunk
            // group, which may have been sent before and still be reading capacity) finds nobody listening.
            const later = s.requests.filter((r) => r !== creates[0] && (r.endedAt ?? Number.POSITIVE_INFINITY) >= creates[0].endedAt!);
            expect(later.some((r) => r.error?.code === 14), "a request after the kill failed UNAVAILABLE").to.equal(true); // UNAVAILABLE
            expect(creates.slice(1).every((c) => c.error?.code === 14)).to.equal(true);
            expect(s.errors.join("\n")).to.match(/No connection established|UNAVAILABLE|ECONNREFUSED|Connection dropped/i);
            const st = stack.engine.state();
            expect(stack.engine.resources().map((r) => r.id)).to.deep.equal([`SP1/G1/${creates[0].urn!.split("::").pop()!.toUpperCase()}`]);
            expect(st.pendingOperations).to.deep.equal([]);
            expect(Object.keys(stack.trunkGroups("G1"))).to.have.length(1);
            // The program learned it too: it exited once the engine shut down.
            expect(s.program!.exitCode).to.not.equal(null);
        });

        it("the next up keeps what exists and creates the rest", async () => {
            const s = await stack.engine.up();
            expect(s.changes).to.deep.equal({ same: 2, create: 2 }); // the stack and the one made before
            expect(Object.keys(stack.trunkGroups("G1")).sort()).to.deep.equal(["K1", "K2", "K3"]);
        });
    });

    describe("a create that fails after the object exists (ErrorResourceInitFailed)", () => {
        let stack: OdinStack;
        let proxy: FaultProxy;
        // No retries: one injected fault is one failed request.
        const faults = (name: string) => {
            // The POST is applied but its answer lost; then the lookup that would confirm it
            // fails (the lookup before the POST, which finds the name free, gets through).
            proxy.inject({ kind: "reset-after", method: "POST", path: "/groups/trunk-groups" });
            proxy.inject({ kind: "503", method: "GET", path: "/groups/trunk-groups", after: 1 });
            return name;
        };

        before(async () => {
            proxy = await startFaultProxy({ upstream: sim.url });
            stack = new OdinStack(sim, `${dir}/partial`, { config: { "odin:maxRetries": "0", "odin:baseUrl": proxy.url } });
        });
        after(async () => {
            await proxy?.close();
        });

        it("keeps the ID, the properties as outputs and the reasons as init errors", async () => {
            stack.setResources([trunkGroup(faults("h"))]);
            const s = await stack.engine.up({ expectFailure: true });
            const create = requestsOf(s.requests, "create")[0];
            expect(create.error!.initFailure!.id).to.equal("SP1/G1/H");
            const h = stack.engine.resource("h")!;
            expect(h.id).to.equal("SP1/G1/H");
            expect(h.initErrors).to.have.length(1);
            expect(h.initErrors![0]).to.contain("may have been created");
            expect(h.outputs).to.include({ createUnconfirmed: true, maxActiveCalls: 5 });
            expect(s.errors.join("\n")).to.contain("may have been created");
            expect(stack.trunkGroups("G1")).to.have.property("H");
        });

        it("the next up runs Update although Diff says nothing changed, and the update clears the init errors", async () => {
            const s = await stack.engine.up();
            const diff = requestsOf(s.requests, "diff").find((r) => r.urn === stack.engine.urn(TG_TYPE, "h"))!;
            expect(diff.response!.changes).to.equal(1); // DIFF_NONE
            expect(requestsOf(s.requests, "update").map((r) => r.urn)).to.deep.equal([diff.urn]);
            expect(s.changes).to.include({ update: 1 });
            expect(stack.engine.resource("h")!.initErrors).to.equal(undefined);
            expect((await stack.engine.up()).changes).to.deep.equal({ same: 2 });
        });

        it("a refresh clears the init errors when Read succeeds, so the next up has nothing to do", async () => {
            stack.setResources([trunkGroup("h"), trunkGroup(faults("j"))]);
            await stack.engine.up({ expectFailure: true });
            expect(stack.engine.resource("j")!.initErrors).to.have.length(1);
            const r = await stack.engine.refresh();
            expect(requestsOf(r.requests, "read").map((q) => q.urn)).to.include(stack.engine.urn(TG_TYPE, "j"));
            expect(stack.engine.resource("j")!.initErrors).to.equal(undefined);
            const s = await stack.engine.up();
            expect(requestsOf(s.requests, "update", "create")).to.deep.equal([]);
            expect(s.changes).to.deep.equal({ same: 3 });
        });
    });

    it("a provider error without an init-failure detail records nothing; the next up creates it again", async () => {
        const stack = new OdinStack(sim, `${dir}/plain`, { config: { "odin:maxRetries": "0" } });
        stack.setResources([trunkGroup("e", { groupId: "G2" })]);
        sim.setFaults([{ kind: "status", status: 400, method: "POST", path: "/groups/trunk-groups", count: 1 }]);
        try {
            const s = await stack.engine.up({ expectFailure: true });
            expect(requestsOf(s.requests, "create")[0].error!.initFailure).to.equal(undefined);
            expect(stack.engine.resource("e")).to.equal(undefined);
            expect(stack.engine.state().pendingOperations).to.deep.equal([]);
        } finally {
            sim.setFaults([]);
        }
        const s = await stack.engine.up();
        expect(requestsOf(s.requests, "create").map((r) => r.urn)).to.deep.equal([stack.engine.urn(TG_TYPE, "e")]);
        expect(stack.engine.resource("e")!.id).to.equal("SP1/G2/E");
    });

    describe("a provider host killed while the object it was creating already exists", () => {
        let webex: WebexSimulator;
        const TOKEN = "wx-ENGINE-token-5c1d";
        const LOCATION = defaultWebexSeed().locations[0].id;
        let stack: OdinStack;

        before(async () => {
            webex = await startWebexSimulator({ tokens: [TOKEN] });
            stack = new OdinStack(sim, `${dir}/webex`, {
                config: { "webex:baseUrl": webex.url, "webex:accessToken": TOKEN, "webex:maxRetries": "0", "trunking-test:lgw": "Lgw-Sip-Passw0rd-1" },
                secretConfig: ["webex:accessToken", "trunking-test:lgw"],
            });
            stack.setResources([{ kind: "WebexTrunk", name: "lgw", args: { name: "Engine LGW", locationId: LOCATION, trunkType: "REGISTERING" }, secrets: { password: "lgw" } }]);
        });
        after(async () => {
            await webex?.close();
        });

        it("nothing is recorded (the engine never got an ID) and the next up sends Create again", async () => {
            // The read-back after the POST never answers; the host is killed while it waits.
            webex.setFaults([{ kind: "hang", method: "GET", path: /^\/telephony\/config\/premisePstn\/trunks\/[^/]+$/, count: 1 }]);
            const s = await stack.engine.up({
                expectFailure: true,
                hooks: killHostDuring("create", () => webex.requests().some((r) => r.method === "GET" && r.durationMs === null && /trunks\/[^/]+$/.test(r.path))),
            });
            webex.setFaults([]);
            expect(requestsOf(s.requests, "create")[0].error!.code).to.equal(14);
            expect(stack.engine.resource("lgw")).to.equal(undefined);
            expect(stack.engine.state().pendingOperations).to.deep.equal([]);
            expect(webex.state().trunks!.map((t) => t.name)).to.deep.equal(["Engine LGW"]); // orphaned in Webex
            const next = await stack.engine.up({ allowFailure: true });
            expect(requestsOf(next.requests, "create").map((r) => r.urn)).to.deep.equal([stack.engine.urn(WEBEX_TYPE, "lgw")]);
        });
    });
});
