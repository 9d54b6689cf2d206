import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { TestEngine, programPath } from "./engine";
import { tempDir } from "./fixtures";
import { requestsOf } from "./hooks";

/**
 * When a provider's Diff answers "unknown", the engine compares the old and
 * new inputs itself, ignoreChanges applied (step_generator.go:2996-3006).
 */
describe("test engine: a Diff that answers unknown", function () {
    this.timeout(60_000);
    let dir: string;
    let engine: TestEngine;

    before(async () => {
        dir = tempDir("diff-unknown");
        engine = new TestEngine({ programDir: programPath("probe"), stateFile: path.join(dir, "state.json"), config: { "trunking-test:value": "one" } });
        await engine.up();
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("equal inputs: no change, no Update", async () => {
        const s = await engine.up();
        expect(requestsOf(s.requests, "diff")[0].response!.changes).to.equal(0); // DIFF_UNKNOWN
        expect(s.changes).to.deep.equal({ same: 2 });
        expect(requestsOf(s.requests, "update")).to.deep.equal([]);
    });

    it("different inputs: an Update; an ignored path makes them equal again", async () => {
        engine.setConfig("trunking-test:value", "two");
        const s = await engine.up();
        expect(s.changes).to.include({ update: 1 });
        expect(s.outputs.value).to.equal("two");
        engine.setConfig("trunking-test:value", "three");
        engine.setConfig("trunking-test:ignore", JSON.stringify(["value"]));
        const ignored = await engine.up();
        expect(ignored.changes).to.deep.equal({ same: 2 });
        expect(ignored.outputs.value).to.equal("two");
    });
});
