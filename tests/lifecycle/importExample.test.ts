import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { LifecycleHarness } from "../harness/harness";

const { adopt } = require("../../examples/import/program") as { adopt: () => Record<string, unknown> };

describe("examples/import: adopting existing trunk groups", function () {
    this.timeout(60_000);
    let sim: OdinSimulator;
    let dir: string;
    before(async () => {
        sim = await startOdinSimulator();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-"));
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("imports both without a single write, and the next up shows no change", async () => {
        const harness = new LifecycleHarness({
            stateFile: path.join(dir, "state.json"),
            config: { "odin:baseUrl": sim.url, "odin:username": "admin", "odin:password": "admin" },
        });
        const s = await harness.up(adopt);
        expect(s.imports).to.equal(2);
        expect(s.outputs.adopted).to.deep.equal(["SP1/G1/G1-TG1", "SP1/G2/G2-TG1"]);
        const again = await harness.up(adopt);
        expect(again.changes).to.deep.equal([]);
        expect(sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token")).to.deep.equal([]);
    });

    it("refuses an import whose declared values differ from the system, naming the resource", async () => {
        const harness = new LifecycleHarness({
            stateFile: path.join(dir, "other.json"),
            config: { "odin:baseUrl": sim.url, "odin:username": "admin", "odin:password": "admin" },
        });
        const { TrunkGroup } = await import("../../provider");
        const err = (await harness
            .up(() => {
                new TrunkGroup("g2", { serviceProviderId: "SP1", groupId: "G2", name: "G2-TG1", maxActiveCalls: 29 }, { import: "SP1/G2/G2-TG1" });
            })
            .catch((e: Error) => e)) as Error;
        expect(err.message).to.contain("g2: inputs to import do not match the existing resource SP1/G2/G2-TG1");
    });
});
