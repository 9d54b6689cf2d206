import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { TestEngine, requestsOf } from "../engine/index";
import { REPO, tempDir, writesOf } from "./helpers";

/** examples/adopt through the engine, against the simulator's sample data, as its header says to run it. */
describe("examples/adopt: taking over the sample trunk groups", function () {
    this.timeout(120_000);
    let sim: OdinSimulator;
    let dir: string;
    let engine: TestEngine;

    before(async () => {
        sim = await startOdinSimulator();
        dir = tempDir("example");
        engine = new TestEngine({
            programDir: path.join(REPO, "dist/examples/adopt"),
            stateFile: path.join(dir, "state.json"),
            project: "trunking-adopt",
            config: { "odin:baseUrl": sim.url, "odin:username": "admin", "odin:password": "admin", "trunking-adopt:g1Tg2SipPassword": "Sample-Passw0rd!" },
            secretConfig: ["odin:password", "trunking-adopt:g1Tg2SipPassword"],
        });
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("up adopts all three: the two that match with no write, G2-TG1 with one sparse update", async () => {
        const s = await engine.up();
        expect(s.changes).to.deep.equal({ create: 4 });
        expect(s.outputs.adopted).to.deep.equal(["SP1/G1/G1-TG1", "SP1/G1/G1-TG2", "SP1/G2/G2-TG1"]);
        expect(writesOf(sim.requests()).map((w) => ({ method: w.method, body: w.body }))).to.deep.equal([
            { method: "PUT", body: { serviceProviderId: "SP1", groupId: "G2", name: "G2-TG1", maxIncomingCalls: 20 } },
        ]);
        expect(engine.stateText()).to.not.contain("Sample-Passw0rd!");
    });

    it("a second up has nothing to do; a refresh finds no drift", async () => {
        sim.clearRequests();
        const s = await engine.up({ expectNoChanges: true });
        expect(s.changes).to.deep.equal({ same: 4 });
        expect(requestsOf(s.requests, "update")).to.deep.equal([]);
        expect((await engine.refresh()).changes).to.deep.equal({ same: 4 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });
});
