import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { TestEngine, programPath } from "./engine";
import { tempDir } from "./fixtures";

/**
 * The builtin `pulumi:pulumi:readStackResourceOutputs`, the one invoke the
 * engine models (pkg/resource/deploy/builtins.go): the resources of the last
 * checkpoint with their types and outputs, at preview as at up.
 */
describe("test engine: the builtin readStackResourceOutputs", function () {
    this.timeout(120_000);
    let dir: string;
    let eng: TestEngine;
    const read = (outputs: Record<string, unknown>) => {
        const text = String(outputs.read);
        expect(text, text).to.not.match(/^ERR /);
        return JSON.parse(text) as { name: string; outputs: Record<string, { type: string; outputs: Record<string, unknown> }> };
    };

    beforeEach(() => {
        dir = tempDir("invoke");
        eng = new TestEngine({ programDir: programPath("readstack"), stateFile: path.join(dir, "state.json"), project: "trunking-test" });
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("a stack without a checkpoint: no resources; after up: the checkpoint's resources with their type and outputs", async () => {
        const first = await eng.preview();
        expect(read(first.outputs)).to.deep.equal({ name: "organization/trunking-test/dev", outputs: {} });
        await eng.up();
        eng.setConfig("trunking-test:value", "two");
        const s = await eng.preview();
        const r = read(s.outputs);
        const item = eng.urn("pulumi-nodejs:dynamic/test:Item", "item");
        // What the checkpoint holds, not what the preview plans: the value before the change.
        expect(r.outputs[item].type).to.equal("pulumi-nodejs:dynamic/test:Item");
        expect(r.outputs[item].outputs.value).to.equal("one");
        expect(Object.keys(r.outputs)).to.include.members([eng.urn("pulumi:pulumi:Stack", "trunking-test-dev"), item]);
    });

    it("names the stack three ways, and refuses another stack as the engine does", async () => {
        await eng.up();
        for (const name of ["dev", "trunking-test/dev", "organization/trunking-test/dev"]) {
            eng.setConfig("trunking-test:stackName", name);
            expect(Object.keys(read((await eng.preview()).outputs).outputs)).to.have.length.greaterThan(1);
        }
        eng.setConfig("trunking-test:stackName", "organization/other/prod");
        expect(String((await eng.preview()).outputs.read)).to.equal('ERR invocation of pulumi:pulumi:readStackResourceOutputs returned an error: unknown stack "organization/other/prod"');
    });

    it("a secret output reaches the program as its value: the SDK's plain invoke unwraps secrets (as with the real CLI)", async () => {
        eng.setConfig("trunking-test:secret", "true");
        await eng.up();
        const s = await eng.preview();
        expect(read(s.outputs).outputs[eng.urn("pulumi-nodejs:dynamic/test:Item", "item")].outputs.note).to.equal("hidden");
    });
});
