import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator } from "../../provider/simulator";
import { OdinClient } from "../../provider/odin/client";
import { ODIN_PASSWORD, ODIN_USER, OdinStack, TG_TYPE, startOdin, tempDir, trunkGroup } from "./fixtures";
import { requestsOf } from "./hooks";

/**
 * The `import` resource option as today's engine runs it for a dynamic
 * resource: Read(id) with NO properties and NO inputs (step.go:2037-2045), so
 * the host cannot find `__provider` and the import fails, in preview and up
 * alike, before anything is recorded.
 */
describe("test engine: the import option", function () {
    this.timeout(60_000);
    let sim: OdinSimulator;
    let dir: string;
    let stack: OdinStack;
    const HOST_MESSAGE = "code must be a string, not undefined";

    before(async () => {
        sim = await startOdin();
        dir = tempDir("import");
        await new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD }).createTrunkGroup({
            serviceProviderId: "SP1",
            groupId: "G1",
            name: "EXISTING",
            maxActiveCalls: 5,
        } as any);
        stack = new OdinStack(sim, dir);
        stack.setResources([trunkGroup("existing", { name: "EXISTING" }, { options: { import: "SP1/G1/EXISTING" } })]);
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    for (const command of ["preview", "up"] as const) {
        it(`${command}: Read(id) with no properties and no inputs fails in the host with "${HOST_MESSAGE}"`, async () => {
            sim.clearRequests();
            const s = await stack.engine[command]({ expectFailure: true });
            const reads = requestsOf(s.requests, "read");
            expect(reads).to.have.length(1);
            expect(reads[0].urn).to.equal(stack.engine.urn(TG_TYPE, "existing"));
            expect(reads[0].request).to.deep.equal({ id: "SP1/G1/EXISTING" }); // neither properties nor inputs
            expect(reads[0].error!.message).to.contain(HOST_MESSAGE);
            expect(s.errors.join("\n")).to.contain(HOST_MESSAGE);
            expect(requestsOf(s.requests, "check", "create", "update")).to.deep.equal([]);
            expect(stack.engine.resource("existing")).to.equal(undefined);
            expect(stack.writes()).to.deep.equal([]);
        });
    }
});
