import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator } from "../../provider/simulator";
import { OdinStack, startOdin, tempDir, trunkGroup } from "./fixtures";
import { requestsOf } from "./hooks";
import type { HostRequest } from "./hostProcess";

/** The most requests of the list that were in flight at the same moment. */
function maxOverlap(reqs: HostRequest[]): number {
    let best = 0;
    for (const r of reqs) {
        best = Math.max(best, reqs.filter((o) => o.startedAt! < r.endedAt! && r.startedAt! < o.endedAt!).length);
    }
    return best;
}

/**
 * Independent resources are stepped concurrently by one provider host
 * process; Check and Diff run one at a time (the step generator is a single
 * loop and ParallelDiff is off); a resource that needs another's output waits
 * for it.
 */
describe("test engine: parallel steps", function () {
    this.timeout(120_000);
    let sim: OdinSimulator;
    let dir: string;
    let stack: OdinStack;

    before(async () => {
        // Slow answers make the overlap of concurrent creates and deletes certain.
        sim = await startOdin({ latencyMs: 300 });
        dir = tempDir("parallel");
        stack = new OdinStack(sim, dir, { parallel: 8 });
        stack.setResources([trunkGroup("p1"), trunkGroup("p2"), trunkGroup("p3"), trunkGroup("p4"), trunkGroup("after", { groupId: "G2" }, { refs: { name: "p1.id" } })]);
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("creates independent resources at the same time, through one host process, with Checks one at a time", async () => {
        const s = await stack.engine.up();
        expect(s.changes).to.deep.equal({ create: 6 });
        expect(new Set(s.requests.map((r) => r.hostPid)).size).to.equal(1);
        const independent = requestsOf(s.requests, "create").filter((r) => !r.urn!.endsWith("::after"));
        expect(maxOverlap(independent)).to.be.greaterThan(1);
        expect(maxOverlap(requestsOf(s.requests, "check"))).to.equal(1);
        // The dependent one is checked only once the create it needs has answered.
        const createP1 = s.requests.find((r) => r.method === "create" && r.urn!.endsWith("::p1"))!;
        const checkAfter = s.requests.find((r) => r.method === "check" && r.urn!.endsWith("::after"))!;
        expect(checkAfter.startedAt).to.be.at.least(createP1.endedAt!);
        expect((checkAfter.request.news as any).name).to.equal("SP1/G1/P1");
    });

    it("deletes independent resources at the same time, each after what depends on it", async () => {
        const s = await stack.engine.destroy();
        const deletes = requestsOf(s.requests, "delete");
        expect(deletes).to.have.length(5);
        expect(maxOverlap(deletes.filter((r) => !r.urn!.endsWith("::p1")))).to.be.greaterThan(1);
        const delAfter = deletes.find((r) => r.urn!.endsWith("::after"))!;
        const delP1 = deletes.find((r) => r.urn!.endsWith("::p1"))!;
        expect(delP1.startedAt).to.be.at.least(delAfter.endedAt!);
        expect(stack.engine.state().resources).to.deep.equal([]);
    });
});
