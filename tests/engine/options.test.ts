import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator } from "../../provider/simulator";
import { OdinClient } from "../../provider/odin/client";
import { ODIN_PASSWORD, ODIN_USER, OdinStack, ResourceSpec, TG_TYPE, startOdin, tempDir, trunkGroup } from "./fixtures";
import { requestsOf } from "./hooks";
import type { HostRequest } from "./hostProcess";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";

/**
 * Resource options and replacements as the engine applies them: replacement
 * (re-Check without olds; create-before-delete by default, delete-before-create
 * with `deleteBeforeReplace`), `ignoreChanges` (the OLD INPUT value is put back
 * into the program's inputs before Check), `protect`, `retainOnDelete`.
 */
describe("test engine: resource options and replacements", function () {
    this.timeout(120_000);
    let sim: OdinSimulator;
    let dir: string;
    let stack: OdinStack;
    const short = (r: HostRequest) => `${r.method} ${r.urn?.split("::").pop()}`;
    const odin = () => new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD });

    const x = (args: Record<string, unknown> = {}, options: ResourceSpec["options"] = {}) => trunkGroup("x", args, { options });
    const p = (args: Record<string, unknown> = {}) => trunkGroup("p", args, { options: { protect: true } });
    const r = trunkGroup("r", {}, { options: { retainOnDelete: true } });

    before(async () => {
        sim = await startOdin();
        dir = tempDir("options");
        stack = new OdinStack(sim, dir);
        stack.setResources([x(), p(), r]);
        await stack.engine.up();
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("a replacement re-checks the program's inputs with NO olds, creates the new one, and deletes the old one last (create-before-delete)", async () => {
        stack.setResources([x({ groupId: "G2" }), p(), r]);
        const seen: string[] = [];
        const s = await stack.engine.up({
            hooks: {
                // Until the old one is deleted, the checkpoint holds both: the old one marked for deletion.
                before: (req) => {
                    if (req.method === "delete") {
                        const xs = stack.engine.state().resources.filter((res) => res.name === "x");
                        seen.push(...xs.map((res) => `${res.id}${res.delete ? " (delete)" : ""}`));
                    }
                },
            },
        });
        expect(s.changes).to.deep.equal({ replace: 1, same: 3 });
        const xReqs = s.requests.filter((q) => q.urn === stack.engine.urn(TG_TYPE, "x"));
        expect(xReqs.map(short)).to.deep.equal(["check x", "diff x", "check x", "create x", "delete x"]);
        expect(xReqs[0].request.olds).to.not.deep.equal({});
        expect(xReqs[2].request.olds).to.deep.equal({}); // the re-check has no olds
        // Last, before the Cancel the host gets when it is closed.
        expect(requestsOf(s.requests, "delete")[0].seq).to.equal(s.requests.length - 1);
        expect(s.requests[s.requests.length - 1].method).to.equal("cancel");
        expect(seen.sort()).to.deep.equal(["SP1/G1/X (delete)", "SP1/G2/X"]);
        expect(s.steps.filter((st) => st.name === "x").map((st) => st.op)).to.deep.equal(["create-replacement", "replace", "delete-replaced"]);
        expect(stack.engine.resource("x")!.id).to.equal("SP1/G2/X");
        expect(stack.engine.state().resources.filter((res) => res.delete)).to.deep.equal([]);
        expect(Object.keys(stack.trunkGroups("G1")).sort()).to.deep.equal(["P", "R"]);
    });

    it("deleteBeforeReplace from the resource option deletes the old one first; between the two the checkpoint holds only the pending create", async () => {
        stack.setResources([x({ groupId: "G1" }, { deleteBeforeReplace: true }), p(), r]);
        let between: { names: string[]; pending: string[] } | undefined;
        const s = await stack.engine.up({
            hooks: {
                before: (req) => {
                    if (req.method === "create") {
                        const st = stack.engine.state();
                        between = { names: st.resources.map((res) => res.name).filter((n) => n === "x"), pending: st.pendingOperations.map((o) => o.type) };
                    }
                },
            },
        });
        expect(s.changes).to.deep.equal({ replace: 1, same: 3 });
        const xReqs = s.requests.filter((q) => q.urn === stack.engine.urn(TG_TYPE, "x"));
        expect(xReqs.map(short)).to.deep.equal(["check x", "diff x", "check x", "delete x", "create x"]);
        expect(between).to.deep.equal({ names: [], pending: ["creating"] });
        expect(s.steps.filter((st) => st.name === "x").map((st) => st.op)).to.deep.equal(["delete-replaced", "replace", "create-replacement"]);
        expect(stack.engine.resource("x")!.id).to.equal("SP1/G1/X");
    });

    it("ignoreChanges puts the OLD INPUT into the program's inputs before Check; the live value plays no part", async () => {
        const xKey = { serviceProviderId: "SP1", groupId: "G1", name: "X" };
        await odin().modifyTrunkGroup({ ...xKey, maxActiveCalls: 11 }, profileCheck(xKey, {}));
        stack.setResources([x({ maxActiveCalls: 8 }, { ignoreChanges: ["maxActiveCalls"] }), p(), r]);
        sim.clearRequests();
        const s = await stack.engine.up();
        const check = requestsOf(s.requests, "check").find((q) => q.urn === stack.engine.urn(TG_TYPE, "x"))!;
        expect((check.request.news as any).maxActiveCalls).to.equal(5); // the old input, not the program's 8 nor the live 11
        const diff = requestsOf(s.requests, "diff").find((q) => q.urn === check.urn)!;
        expect(diff.request.ignoreChanges).to.deep.equal(["maxActiveCalls"]);
        expect(s.changes).to.deep.equal({ same: 4 });
        expect(stack.writes()).to.deep.equal([]);
        expect(stack.trunkGroups("G1").X.maxActiveCalls).to.equal(11);
        expect(stack.engine.resource("x")!.inputs.maxActiveCalls).to.equal(5);
    });

    it("protect refuses the delete of a resource gone from the program; retainOnDelete drops one from the state without a Delete", async () => {
        stack.setResources([x()]);
        const s = await stack.engine.up({ expectFailure: true });
        const urnP = stack.engine.urn(TG_TYPE, "p");
        expect(s.errors.join("\n")).to.contain(`resource "${urnP}" cannot be deleted\nbecause it is protected`);
        expect(requestsOf(s.requests, "delete")).to.deep.equal([]); // neither p (refused) nor r (retained) reached the host
        expect(stack.engine.resource("p")).to.not.equal(undefined);
        expect(stack.engine.resource("r")).to.equal(undefined);
        expect(Object.keys(stack.trunkGroups("G1")).sort()).to.deep.equal(["P", "R", "X"]);
    });

    it("protect refuses a replacement before anything is created; without protect the same program goes through", async () => {
        stack.setResources([x(), p({ groupId: "G2" })]);
        const s = await stack.engine.up({ expectFailure: true });
        expect(s.errors.join("\n")).to.contain(`unable to replace resource "${stack.engine.urn(TG_TYPE, "p")}"\nas it is currently marked for protection`);
        expect(requestsOf(s.requests, "create")).to.deep.equal([]);
        stack.setResources([x(), { ...p({ groupId: "G2" }), options: { protect: false } }]);
        const ok = await stack.engine.up();
        expect(ok.changes).to.include({ replace: 1 });
        expect(stack.engine.resource("p")).to.include({ id: "SP1/G2/P", protect: false });
    });
});
