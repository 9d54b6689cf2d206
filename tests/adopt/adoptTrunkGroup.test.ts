import { expect } from "chai";
import * as fs from "fs";
import { OdinClient } from "../../provider/odin/client";
import type { OdinSimulator } from "../../provider/simulator";
import type { HostControl, HostHooks } from "../engine/index";
import { FaultProxy, startFaultProxy } from "../faults/proxy";
import { requestsOf } from "../engine/index";
import { ODIN_PASSWORD, ODIN_USER, OdinStack, TG_TYPE, startOdin, tempDir, trunkGroup } from "../engine/fixtures";
import { writesOf } from "./helpers";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";

/**
 * Adopt mode of TrunkGroup through the test engine and the real provider
 * host: what `pulumi up` does with a trunk group that already exists, with
 * and without `adoptExisting`, in both modes, from the program or the stack
 * config, and after a create whose answer the engine never got.
 */
describe("adopt: TrunkGroup through the engine", function () {
    this.timeout(180_000);
    let sim: OdinSimulator;
    let dir: string;
    let client: OdinClient;
    const SIP = "Adopt-Sip-Passw0rd-1";
    // What exists before Pulumi: created out of band, as a carrier's trunk groups were.
    const existing = {
        serviceProviderId: "SP1",
        groupId: "G1",
        name: "EXISTING",
        maxActiveCalls: 40,
        maxIncomingCalls: 20,
        prefixEnabled: true,
        prefix: "0044",
        otgDtgIdentity: "7001",
        requireAuthentication: true,
        sipAuthenticationUserName: "existing",
        sipAuthenticationPassword: SIP,
        invitationTimeout: 9,
    };
    const declared = { name: "EXISTING", maxActiveCalls: 40, maxIncomingCalls: 20, prefixEnabled: true, prefix: "0044", otgDtgIdentity: "7001", requireAuthentication: true, sipAuthenticationUserName: "existing", invitationTimeout: 9 };

    before(async () => {
        sim = await startOdin();
        dir = tempDir("adopt-tg");
        client = new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD });
        await client.createTrunkGroup(existing, profileCheck(existing, existing));
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    function stack(name: string, config: Record<string, string> = {}): OdinStack {
        return new OdinStack(sim, `${dir}/${name}`, { config: { "trunking-test:sip": SIP, ...config }, secretConfig: ["trunking-test:sip"] });
    }
    const tg = (args: Record<string, unknown>, logical = "existing") => trunkGroup(logical, { ...declared, ...args }, { secrets: { sipAuthenticationPassword: "sip" } });

    it("without adoptExisting, the create fails with the one line to add (and the config command), not the import option", async () => {
        const s = stack("plain");
        s.setResources([tg({})]);
        const run = await s.engine.up({ expectFailure: true });
        const error = run.errors.join("\n");
        expect(error).to.contain('A trunk group named "EXISTING" already exists in group G1 of SP1, and this stack does not manage it.');
        expect(error).to.contain("add `adoptExisting: true` to this TrunkGroup's arguments").and.contain("`pulumi config set odin:adoptExisting true`");
        expect(error).to.not.contain("{ import:");
        expect(s.engine.resource("existing")).to.equal(undefined);
    });

    it("a difference fails adoption before any write, naming each field with both values; the SIP password is said to be unreadable, never shown", async () => {
        const s = stack("differs");
        s.setResources([tg({ adoptExisting: true, maxActiveCalls: 30, prefix: "0045" })]);
        sim.clearRequests();
        const run = await s.engine.up({ expectFailure: true });
        expect(writesOf(sim.requests())).to.deep.equal([]);
        const error = run.errors.join("\n");
        expect(error).to.contain('Trunk group "EXISTING" in group G1 of SP1 already exists but differs from the program, so it was not adopted and nothing was changed:');
        expect(error).to.contain("  - maxActiveCalls: BroadWorks has 40, the program declares 30\n").and.contain('  - prefix: BroadWorks has "0044", the program declares "0045"\n');
        expect(error).to.contain("sipAuthenticationPassword cannot be read from BroadWorks, so it was not compared");
        expect(error).to.not.contain(SIP);
        expect(s.engine.resource("existing")).to.equal(undefined);
    });

    it('"apply" makes one sparse update: the identity, the differing fields and the SIP credentials; the next up changes nothing', async () => {
        const s = stack("apply");
        s.setResources([tg({ adoptExisting: "apply", maxActiveCalls: 35, otgDtgIdentity: "7002" })]);
        sim.clearRequests();
        const run = await s.engine.up();
        expect(run.changes).to.deep.equal({ create: 2 });
        const writes = writesOf(sim.requests());
        expect(writes.map((w) => w.method)).to.deep.equal(["PUT"]);
        expect(writes[0].body).to.deep.equal({
            serviceProviderId: "SP1",
            groupId: "G1",
            name: "EXISTING",
            maxActiveCalls: 35,
            otgDtgIdentity: "7002",
            sipAuthenticationUserName: "existing",
            sipAuthenticationPassword: SIP,
        });
        expect(s.trunkGroups("G1").EXISTING).to.include({ maxActiveCalls: 35, otgDtgIdentity: "7002", prefix: "0044" });
        expect(s.engine.resource("existing")!.outputs.sipAuthenticationPassword).to.equal(SIP); // sent, so known
        expect(s.engine.stateText()).to.not.contain(SIP);
        sim.clearRequests();
        expect((await s.engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 2 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });

    it("a match is adopted with zero writes; the flag then never shows a change, whatever it becomes", async () => {
        await client.modifyTrunkGroup({ ...existing, maxActiveCalls: 40, otgDtgIdentity: "7001" }, profileCheck(existing, {}));
        const s = stack("match");
        s.setResources([tg({ adoptExisting: true })]);
        sim.clearRequests();
        expect((await s.engine.up()).changes).to.deep.equal({ create: 2 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
        expect(s.engine.resource("existing")!.id).to.equal("SP1/G1/EXISTING");
        for (const flag of ["apply", false, undefined, true]) {
            s.setResources([tg({ adoptExisting: flag })]);
            const run = await s.engine.up({ expectNoChanges: true });
            expect(run.changes, String(flag)).to.deep.equal({ same: 2 });
            expect(requestsOf(run.requests, "update")).to.deep.equal([]);
        }
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });

    it("the SIP password, unreadable at adoption, is recorded as declared: a later change of it in the program is sent", async () => {
        const rotate = { ...existing, name: "ROTATE" };
        await client.createTrunkGroup(rotate, profileCheck(rotate, rotate));
        const s = stack("rotate");
        s.setResources([tg({ name: "ROTATE", adoptExisting: true }, "rotate")]);
        sim.clearRequests();
        await s.engine.up();
        expect(writesOf(sim.requests())).to.deep.equal([]);
        const rotated = "Rotated-Sip-Passw0rd-2";
        s.engine.setConfig("trunking-test:sip", rotated, { secret: true });
        sim.clearRequests();
        const run = await s.engine.up();
        expect(run.changes).to.deep.include({ update: 1 });
        const puts = sim.requests().filter((r) => r.method === "PUT" && r.path.endsWith("/groups/trunk-groups"));
        expect(puts).to.have.length(1);
        expect(puts[0].body).to.include({ name: "ROTATE", sipAuthenticationPassword: rotated });
        expect(s.engine.stateText()).to.not.contain(rotated).and.not.contain(SIP);
    });

    it("odin:adoptExisting in the stack config adopts every trunk group without the input; a bad value names the key", async () => {
        const s = stack("config", { "odin:adoptExisting": "true" });
        s.setResources([tg({})]);
        sim.clearRequests();
        expect((await s.engine.up()).changes).to.deep.equal({ create: 2 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
        const bad = stack("bad-config", { "odin:adoptExisting": "yes" });
        bad.setResources([tg({})]);
        const run = await bad.engine.up({ expectFailure: true });
        expect(run.errors.join("\n")).to.contain('stack config odin:adoptExisting must be true, false or apply, got "yes"');
    });

    describe("a create whose POST was applied but whose answer never reached the engine (host killed)", () => {
        let s: OdinStack;
        const interrupted = trunkGroup("pbx", { name: "PBX", maxActiveCalls: 12, enableBursting: true, burstingMaxActiveCalls: 3 });

        let proxy: FaultProxy;
        let host: HostControl | undefined;
        let armed = false;
        /** Remembers the host the engine runs, so the proxy can kill it. */
        const remember: HostHooks = {
            before: async (_req, h) => {
                host = h;
            },
        };

        before(async () => {
            // BroadWorks applies the POST; the host is killed while its answer is on the way back
            // (the proxy holds the answer until the kill), so no step of the engine ever sees it.
            proxy = await startFaultProxy({
                upstream: sim.url,
                onForward: async (e) => {
                    if (armed && e.method === "POST" && e.path === "/groups/trunk-groups" && e.stage === "after") {
                        armed = false;
                        await host?.kill();
                    }
                },
            });
            s = new OdinStack(sim, `${dir}/interrupted`, { config: { "odin:baseUrl": proxy.url, "odin:maxRetries": "0" } });
            s.setResources([interrupted]);
        });
        after(async () => proxy?.close());

        it("the run fails and records nothing, while the trunk group exists in BroadWorks", async () => {
            armed = true;
            const run = await s.engine.up({ expectFailure: true, hooks: remember });
            expect(armed, "the POST was forwarded and answered by BroadWorks").to.equal(false);
            expect(requestsOf(run.requests, "create")[0].error!.code).to.equal(14); // the host is gone
            expect(s.engine.resource("pbx")).to.equal(undefined);
            expect(s.engine.state().pendingOperations).to.deep.equal([]);
            expect(s.trunkGroups("G1")).to.have.property("PBX");
        });

        it("the next up without adopt mode fails with the one-line fix", async () => {
            const run = await s.engine.up({ expectFailure: true });
            expect(run.errors.join("\n")).to.contain('A trunk group named "PBX" already exists').and.contain("add `adoptExisting: true` to this TrunkGroup's arguments");
            expect(s.engine.resource("pbx")).to.equal(undefined);
        });

        it("with odin:adoptExisting set, the next up converges with zero writes, and the one after has nothing to do", async () => {
            s.engine.setConfig("odin:adoptExisting", "true");
            sim.clearRequests();
            const run = await s.engine.up();
            expect(run.changes).to.deep.equal({ create: 1, same: 1 });
            expect(writesOf(sim.requests())).to.deep.equal([]);
            expect(s.engine.resource("pbx")!.id).to.equal("SP1/G1/PBX");
            expect(s.engine.resource("pbx")!.outputs).to.include({ maxActiveCalls: 12, burstingMaxActiveCalls: 3 });
            const next = await s.engine.up({ expectNoChanges: true });
            expect(next.changes).to.deep.equal({ same: 2 });
            expect(requestsOf(next.requests, "diff").map((r) => r.urn)).to.include(s.engine.urn(TG_TYPE, "pbx"));
        });
    });
});
