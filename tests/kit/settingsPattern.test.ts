import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { TestEngine, programPath } from "../engine/engine";
import { tempDir } from "../engine/fixtures";
import { requestsOf } from "../engine/hooks";
import type { RunSummary } from "../engine/types";
import { SitePolicyServer, startSitePolicyServer } from "./sitePolicy";

/**
 * The settings pattern (kit/existing.ts) through the test engine and the real
 * provider host, on a test resource that has nothing but its declaration
 * (tests/kit/sitePolicy.ts): create reads what is there and writes the
 * declared values with one PUT, update is one PUT, read shows drift, destroy
 * leaves the values and says so, or puts back the values found at create.
 */
describe("kit: the settings pattern through the engine (a SitePolicy test resource)", function () {
    this.timeout(120_000);
    let api: SitePolicyServer;
    let dir: string;
    let engine: TestEngine;

    const HQ = { site: "HQ", maxCalls: 20, codec: "g711", recording: false };
    const LAB = { site: "LAB", maxCalls: 4, codec: "g729", recording: true };
    const program = (policies: Array<{ name: string; args: Record<string, unknown> }>) => engine.setConfig("site-test:policies", JSON.stringify(policies));
    const writes = () => api.requests.filter((r) => r.method !== "GET");
    const hostInfo = (s: RunSummary) => s.diagnostics.filter((d) => d.severity === "info#err").map((d) => d.message);

    beforeEach(async () => {
        api = await startSitePolicyServer([HQ, LAB]);
        dir = tempDir("site-policy");
        engine = new TestEngine({ programDir: programPath("sitePolicy"), stateFile: path.join(dir, "state.json"), project: "site-test", config: { "site:url": api.url, "site-test:policies": "[]" } });
    });
    afterEach(async () => {
        await api.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("preview checks only; up reads what is there and writes the declared values with one PUT, recording what it found; the next up changes nothing", async () => {
        program([{ name: "hq", args: { site: "HQ", maxCalls: 50, recording: true } }]);
        const preview = await engine.preview();
        expect(requestsOf(preview.requests, "create")).to.deep.equal([]);
        expect(api.requests).to.deep.equal([]);

        const up = await engine.up();
        // The stack and the policy.
        expect(up.changes).to.include({ create: 2 });
        expect(writes()).to.deep.equal([{ method: "PUT", query: "", body: { site: "HQ", maxCalls: 50, recording: true } }]);
        expect(api.requests[0]).to.deep.equal({ method: "GET", query: "?site=HQ" });
        expect(api.policies.get("HQ")).to.deep.equal({ site: "HQ", maxCalls: 50, codec: "g711", recording: true });
        const hq = engine.resource("hq")!;
        expect(hq.id).to.equal("HQ");
        expect(hq.outputs).to.deep.include({ site: "HQ", maxCalls: 50, recording: true, restoreOnDelete: false, foundAtCreate: { maxCalls: 20, codec: "g711", recording: false } });

        api.requests.length = 0;
        const again = await engine.up({ expectNoChanges: true });
        expect(again.changes).to.deep.include({ same: 2 });
        expect(writes()).to.deep.equal([]);
    });

    it("update is one PUT of what changed; a change outside the stack shows on refresh and the next up puts it back", async () => {
        program([{ name: "hq", args: { site: "HQ", maxCalls: 50 } }]);
        await engine.up();
        api.requests.length = 0;
        program([{ name: "hq", args: { site: "HQ", maxCalls: 60, codec: "g729" } }]);
        const up = await engine.up();
        expect(up.changes).to.include({ update: 1 });
        expect(writes()).to.deep.equal([{ method: "PUT", query: "", body: { site: "HQ", maxCalls: 60, codec: "g729" } }]);
        // Found at create, not at this update.
        expect(engine.resource("hq")!.outputs.foundAtCreate).to.deep.equal({ maxCalls: 20, codec: "g711", recording: false });

        api.policies.get("HQ")!.maxCalls = 7;
        const refresh = await engine.refresh();
        expect(refresh.steps.find((s) => s.name === "hq")!.detail).to.equal("update");
        expect(engine.resource("hq")!.outputs.maxCalls).to.equal(7);
        api.requests.length = 0;
        await engine.up();
        expect(writes()).to.deep.equal([{ method: "PUT", query: "", body: { site: "HQ", maxCalls: 60 } }]);
        expect(api.policies.get("HQ")!.maxCalls).to.equal(60);
    });

    it("destroy leaves the values as they are and says so; with restoreOnDelete it puts back what create found, with one PUT", async () => {
        program([
            { name: "hq", args: { site: "HQ", maxCalls: 50 } },
            { name: "lab", args: { site: "LAB", maxCalls: 9, recording: false, restoreOnDelete: true } },
        ]);
        await engine.up();
        expect(api.policies.get("LAB")).to.deep.include({ maxCalls: 9, recording: false });
        api.requests.length = 0;
        const destroy = await engine.destroy();
        expect(writes()).to.deep.equal([{ method: "PUT", query: "", body: { site: "LAB", maxCalls: 4, codec: "g729", recording: true } }]);
        expect(api.policies.get("HQ")!.maxCalls).to.equal(50);
        expect(api.policies.get("LAB")).to.deep.equal(LAB);
        const said = hostInfo(destroy);
        expect(said.filter((l) => l.includes("Site HQ: its settings are left as they are (maxCalls); this stack no longer manages them. Set restoreOnDelete: true"))).to.have.length(1);
        expect(said.filter((l) => l.includes("Site LAB: put back the values found when this stack took the settings over"))).to.have.length(1);
        expect(engine.resources()).to.deep.equal([]);
    });

    it("turning restoreOnDelete on later is a change the state records, without a PUT; bad input and adoptExisting are refused at preview", async () => {
        program([{ name: "hq", args: { site: "HQ", maxCalls: 50 } }]);
        await engine.up();
        api.requests.length = 0;
        program([{ name: "hq", args: { site: "HQ", maxCalls: 50, restoreOnDelete: true } }]);
        const up = await engine.up();
        expect(up.changes).to.include({ update: 1 });
        expect(writes()).to.deep.equal([]);
        await engine.destroy();
        expect(api.policies.get("HQ")).to.deep.equal(HQ);

        program([{ name: "bad", args: { site: "HQ", maxCalls: 900, codec: "opus", adoptExisting: true } }]);
        const refused = await engine.preview({ expectFailure: true });
        const errors = refused.diagnostics.filter((d) => d.severity === "error").map((d) => d.message).join("\n");
        expect(errors).to.contain("maxCalls must be from 0 to 500, got 900");
        expect(errors).to.contain('codec must be one of "g711", "g729"');
        expect(errors).to.contain("adoptExisting is not a SitePolicy input: a SitePolicy takes over the object it manages when it is created, so there is nothing to adopt");
    });

    it("a site that does not exist fails the create before any write, naming it", async () => {
        program([{ name: "nowhere", args: { site: "NOWHERE", maxCalls: 1 } }]);
        const failed = await engine.up({ expectFailure: true });
        expect(failed.errors.join("\n") + failed.diagnostics.map((d) => d.message).join("\n")).to.contain("Site NOWHERE does not exist, so its settings cannot be managed; nothing was changed");
        expect(writes()).to.deep.equal([]);
        expect(engine.resources()).to.deep.equal([]);
    });
});
