import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator } from "../../provider/simulator";
import { OdinClient } from "../../provider/odin/client";
import { ODIN_PASSWORD, ODIN_USER, OdinStack, TG_TYPE, startOdin, tempDir, trunkGroup } from "./fixtures";
import { requestsOf } from "./hooks";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "./values";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";

const A = { serviceProviderId: "SP1", groupId: "G1", name: "A" };
const ODD = { serviceProviderId: "SP1", groupId: "G2", name: "SP1/G1/A" };

/**
 * The engine's rules for preview, up, update, refresh, delete and destroy,
 * shown on TrunkGroups against the Odin simulator through the real
 * dynamic-provider host. One stack, commands in order.
 */
describe("test engine: lifecycle of a TrunkGroup stack", function () {
    this.timeout(120_000);
    const SIP = "Engine-Sip-Secret-41";
    let sim: OdinSimulator;
    let dir: string;
    let stack: OdinStack;

    // `b` takes its name from `a`'s ID; the capacity report waits for both.
    const program = (aMax = 5) => [
        trunkGroup("a", { maxActiveCalls: aMax, requireAuthentication: true, sipAuthenticationUserName: "ua" }, { secrets: { sipAuthenticationPassword: "sip" }, export: ["id", "sipAuthenticationPassword"] }),
        trunkGroup("b", { maxActiveCalls: 3, groupId: "G2" }, { refs: { name: "a.id" }, export: ["id", "name"] }),
    ];

    before(async () => {
        sim = await startOdin();
        dir = tempDir("lifecycle");
        stack = new OdinStack(sim, dir, { config: { "trunking-test:sip": SIP }, secretConfig: ["trunking-test:sip"] });
        stack.setResources(program());
        stack.setCapacity({ serviceProviderId: "SP1", dependsOn: ["a", "b"] });
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("preview of a new stack: Check only (no olds), unknown inputs as the sentinel, no Create, no state written", async () => {
        const s = await stack.engine.preview();
        expect(s.changes).to.deep.equal({ create: 3 }); // the stack and two trunk groups
        const methods = s.requests.map((r) => r.method);
        expect(methods).to.not.include.members(["create", "update", "delete", "read", "diff"]);
        const checks = requestsOf(s.requests, "check");
        expect(checks.map((c) => c.urn)).to.deep.equal([stack.engine.urn(TG_TYPE, "a"), stack.engine.urn(TG_TYPE, "b")]);
        for (const c of checks) {
            expect(c.request.olds).to.deep.equal({});
        }
        // b.name comes from a.id, unknown until a exists: Check gets the sentinel string.
        expect((checks[1].request.news as any).name).to.equal(UNKNOWN);
        // Secrets go to the host as plain values.
        expect((checks[0].request.news as any).sipAuthenticationPassword).to.equal(SIP);
        // The checked inputs are the preview's outputs; the ID and the capacity report are unknown.
        expect(s.outputs["a.id"]).to.equal(UNKNOWN);
        expect(s.outputs["b.name"]).to.equal(UNKNOWN);
        expect(s.outputs.capacity).to.equal(UNKNOWN);
        expect(stack.writes()).to.deep.equal([]);
        expect(fs.existsSync(`${dir}/state.json`)).to.equal(false);
    });

    it("Configure: the whole stack config under namespaced keys, secrets wrapped as the engine sends them; the host answers acceptSecrets false", async () => {
        const configure = requestsOf(stack.engine.history[0].requests, "configure")[0];
        const args = configure.request.args as Record<string, any>;
        expect(args["odin:baseUrl"]).to.equal(sim.url);
        expect(args["odin:password"]).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: ODIN_PASSWORD });
        expect(args["trunking-test:sip"]).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: SIP });
        expect(typeof args["trunking-test:resources"]).to.equal("string");
        expect((configure.request.variables as Record<string, string>)["pulumi-nodejs:config:odin:baseUrl"]).to.equal(sim.url);
        expect(configure.response).to.include({ acceptSecrets: false });
        // Loaded once per run: one handshake, one configure.
        expect(requestsOf(stack.engine.history[0].requests, "handshake", "configure").map((r) => r.method)).to.deep.equal(["handshake", "configure"]);
    });

    it("up of the new stack: Check(olds={}) then Create; dependents wait for their inputs; the capacity report is taken after both", async () => {
        const s = await stack.engine.up();
        expect(s.changes).to.deep.equal({ create: 3 });
        const crud = requestsOf(s.requests, "check", "create").map((r) => `${r.method} ${r.urn?.split("::").pop()}`);
        expect(crud).to.deep.equal(["check a", "create a", "check b", "create b"]);
        const checkB = requestsOf(s.requests, "check")[1];
        expect((checkB.request.news as any).name).to.equal("SP1/G1/A");
        expect(s.outputs["a.id"]).to.equal("SP1/G1/A");
        const report = s.outputs.capacity as any;
        const g2 = report.groups.find((g: any) => g.groupId === "G2");
        expect(g2.trunkGroups.map((t: any) => t.name)).to.deep.equal(["SP1/G1/A"]);
        expect(stack.trunkGroups("G1").A).to.include({ maxActiveCalls: 5, sipAuthenticationPassword: SIP });
    });

    it("secrets stay secret: encrypted in the checkpoint, marked secret in state and stack outputs, never in plain text", () => {
        const text = stack.engine.stateText();
        for (const secret of [SIP, ODIN_PASSWORD]) {
            expect(text).not.to.contain(secret);
        }
        const a = stack.engine.resource("a")!;
        expect(a.secretInputs).to.include("sipAuthenticationPassword");
        expect(a.secretOutputs).to.include("sipAuthenticationPassword");
        expect(a.outputs.sipAuthenticationPassword).to.equal(SIP);
        const provider = stack.engine.state().resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs")!;
        expect(provider.secretInputs).to.include.members(["odin:password", "trunking-test:sip"]);
        expect(stack.engine.history.at(-1)!.secretOutputs).to.deep.equal(["a.sipAuthenticationPassword"]);
        const saved = stack.engine.stackOutputs();
        expect(saved.secret).to.deep.equal(["a.sipAuthenticationPassword"]);
        expect(saved.outputs["a.sipAuthenticationPassword"]).to.equal(SIP);
        expect((saved.outputs.capacity as any).serviceProviderId).to.equal("SP1");
        expect(stack.engine.hostOutput()).not.to.contain(SIP);
    });

    it("an unchanged up: Check(olds = old INPUTS), Diff(olds = old OUTPUTS, oldInputs, news), no Update and no write", async () => {
        sim.clearRequests();
        const s = await stack.engine.up({ expectNoChanges: true });
        expect(s.changes).to.deep.equal({ same: 3 });
        const a = stack.engine.resource("a")!;
        const check = requestsOf(s.requests, "check")[0];
        const diff = requestsOf(s.requests, "diff")[0];
        expect(check.request.olds).to.deep.equal(plainInputs(a.inputs));
        expect(diff.request.olds).to.deep.equal(plainInputs(a.outputs));
        expect(diff.request.oldInputs).to.deep.equal(plainInputs(a.inputs));
        expect(diff.request.news).to.deep.equal(check.response!.inputs);
        expect(requestsOf(s.requests, "update", "create", "delete")).to.deep.equal([]);
        expect(stack.writes()).to.deep.equal([]);
    });

    it("a changed input: Update(olds = old OUTPUTS, oldInputs, news) and one PUT; `--expect-no-changes` applies it and fails the run", async () => {
        sim.clearRequests();
        const before = stack.engine.resource("a")!;
        const providerBefore = stack.engine.state().resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs")!;
        stack.setResources(program(7));
        const s = await stack.engine.up({ expectNoChanges: true, expectFailure: true });
        // The stack config changed, so the default provider is updated in place: same ID, Configure with the new config.
        const providerAfter = stack.engine.state().resources.find((r) => r.type === "pulumi:providers:pulumi-nodejs")!;
        expect(providerAfter.id).to.equal(providerBefore.id);
        expect(providerAfter.inputs["trunking-test:resources"]).to.not.equal(providerBefore.inputs["trunking-test:resources"]);
        expect((requestsOf(s.requests, "configure")[0].request.args as any)["trunking-test:resources"]).to.equal(providerAfter.inputs["trunking-test:resources"]);
        expect(s.errors).to.deep.equal(["no changes were expected for update but changes were proposed"]);
        expect(s.changes).to.deep.equal({ update: 1, same: 2 });
        const update = requestsOf(s.requests, "update")[0];
        expect(update.urn).to.equal(stack.engine.urn(TG_TYPE, "a"));
        expect(update.request.olds).to.deep.equal(plainInputs(before.outputs));
        expect(update.request.oldInputs).to.deep.equal(plainInputs(before.inputs));
        expect((update.request.news as any).maxActiveCalls).to.equal(7);
        expect(stack.writes().map((w) => [w.method, w.body])).to.deep.equal([["PUT", { serviceProviderId: "SP1", groupId: "G1", name: "A", maxActiveCalls: 7 }]]);
        expect(stack.engine.resource("a")!.outputs.maxActiveCalls).to.equal(7);
    });

    it("refresh: Read(id, old outputs, old inputs), then the drift Diff(olds = refreshed outputs, news = OLD inputs); Read's inputs replace the stored ones", async () => {
        await new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD }).modifyTrunkGroup({ ...A, maxActiveCalls: 9 }, profileCheck(A, {}));
        const before = stack.engine.resource("a")!;
        const s = await stack.engine.refresh();
        const reads = requestsOf(s.requests, "read");
        const readA = reads.find((r) => r.urn === before.urn)!;
        expect(readA.request).to.deep.include({ id: "SP1/G1/A", properties: plainInputs(before.outputs), inputs: plainInputs(before.inputs) });
        // The drift Diff right after a's Read compares the refreshed outputs with the old inputs.
        const driftA = s.requests.find((r) => r.method === "diff" && r.urn === before.urn)!;
        expect(driftA.seq).to.be.greaterThan(readA.seq);
        expect((driftA.request.olds as any).maxActiveCalls).to.equal(9);
        expect((driftA.request.news as any).maxActiveCalls).to.equal(7);
        expect(s.steps.find((x) => x.name === "a")!.detail).to.equal("update");
        expect(s.steps.find((x) => x.name === "b")!.detail).to.equal("same");
        expect(s.changes).to.include({ update: 1 });
        const after = stack.engine.resource("a")!;
        expect(after.outputs.maxActiveCalls).to.equal(9);
        expect(after.inputs.maxActiveCalls).to.equal(9); // Read returned inputs: they replace the stored ones
        expect(after.secretOutputs).to.include("sipAuthenticationPassword");
        // The next up puts the program's value back.
        const up = await stack.engine.up();
        expect(up.changes).to.include({ update: 1 });
        expect(stack.trunkGroups("G1").A.maxActiveCalls).to.equal(7);
    });

    it("a resource gone from the API: refresh's Read answers an empty ID and the resource leaves the state", async () => {
        await new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD }).deleteTrunkGroup(ODD, profileCheck(ODD));
        const s = await stack.engine.refresh();
        expect(s.steps.find((x) => x.name === "b")!.detail).to.equal("delete");
        expect(stack.engine.resource("b")).to.equal(undefined);
        // The next up creates it again.
        const up = await stack.engine.up();
        expect(up.changes).to.include({ create: 1 });
        expect(Object.keys(stack.trunkGroups("G2"))).to.deep.equal(["SP1/G1/A"]);
    });

    it("a resource no longer in the program: Delete(id, outputs, oldInputs) after the program's other steps", async () => {
        stack.setResources(program(7).slice(0, 1));
        stack.setCapacity(undefined);
        const b = stack.engine.resource("b")!;
        const s = await stack.engine.up();
        expect(s.changes).to.deep.equal({ same: 2, delete: 1 });
        const del = requestsOf(s.requests, "delete")[0];
        expect(del.request).to.deep.equal({ id: b.id, properties: plainInputs(b.outputs), oldInputs: plainInputs(b.inputs) });
        // The last request of the run, before the Cancel the host gets when it is closed.
        expect(s.requests.map((r) => r.method).slice(-2)).to.deep.equal(["delete", "cancel"]);
        expect(del.seq).to.equal(s.requests.length - 1);
        expect(stack.trunkGroups("G2")).to.deep.equal({});
    });

    it("destroy: deletes in reverse dependency order, configured from the provider's stored inputs, and leaves an empty state", async () => {
        stack.setResources(program(7));
        await stack.engine.up();
        // The stack config is gone, as after a fresh checkout: destroy configures from the state.
        const saved = { ...stack.engine.config };
        stack.engine.removeConfig("odin:password");
        const s = await stack.engine.destroy();
        Object.assign(stack.engine.config, saved);
        const dels = requestsOf(s.requests, "delete").map((r) => r.urn!.split("::").pop());
        expect(dels).to.deep.equal(["b", "a"]); // b depends on a
        const configure = requestsOf(s.requests, "configure")[0];
        expect((configure.request.args as any)["odin:password"]).to.deep.equal({ [SIG_KEY]: SECRET_SIG, value: ODIN_PASSWORD });
        expect(stack.engine.state().resources).to.deep.equal([]);
        expect(stack.trunkGroups("G1")).to.deep.equal({});
        expect(stack.trunkGroups("G2")).to.deep.equal({});
    });
});

/** The plain form the host receives of stored values (secrets unwrapped; null kept). */
function plainInputs(m: Record<string, unknown>): Record<string, unknown> {
    return JSON.parse(JSON.stringify(m));
}
