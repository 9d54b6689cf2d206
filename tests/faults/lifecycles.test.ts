import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAULT_KINDS } from "./proxy";
import { ScenarioResult, runFaultScenario } from "./scenario/run";

/**
 * Issue 13: 108 lifecycles (96 TrunkGroups, 12 WebexTrunks: create, update,
 * rename, refresh, delete) through the real provider host, run by the test
 * engine, with both APIs behind the independent fault proxy at 25% faults of
 * every kind and Odin tokens revoked every 3 s; fixed seed, bounded in time.
 * Each phase is repeated as a user would after a failed run; then the
 * simulators' state is judged against the checkpoint and the program.
 * `npm run bench:faults` prints the same run as a table.
 */
describe("108 lifecycles through the real provider host behind the fault proxy (25% faults, every kind)", function () {
    this.timeout(420_000);
    let r: ScenarioResult;
    let dir: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "fault-scenario-"));
        r = await runFaultScenario({ odinCount: 96, webexCount: 12, seed: 7, rate: 0.25, dir, timeBudgetMs: 360_000 });
    });
    after(() => {
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("took at least 100 resources of both kinds through every operation, meeting every fault kind and token revocations", () => {
        expect(r.lifecycles).to.be.at.least(100);
        for (const op of ["create", "update", "rename", "refresh", "delete"] as const) {
            expect(r.operations[op], op).to.be.above(0);
        }
        expect(r.operations.create).to.be.at.least(r.lifecycles);
        expect(r.operations.delete).to.be.at.least(r.lifecycles);
        for (const kind of FAULT_KINDS) {
            expect(r.faults[kind], kind).to.be.above(0);
        }
        expect(r.totalFaults / r.requests).to.be.within(0.15, 0.35);
        expect(r.revocations).to.be.above(0);
        expect(r.retries).to.be.above(0);
    });

    it("nothing lost, orphaned, duplicated or wrong after any phase, nothing stuck or hung", () => {
        expect(r.findings).to.deep.equal({ lost: [], orphaned: [], duplicated: [], wrongValues: [], stuck: [] });
        expect(r.hung).to.deep.equal([]);
    });

    it("a run that failed did so only after its retries were used up, saying what failed and what to run", () => {
        expect(r.premature).to.deep.equal([]);
        expect(r.unexplained).to.deep.equal([]);
    });

    it("no secret in anything emitted: the checkpoints, the host logs with TRUNKING_DEBUG=1, every error and diagnostic", () => {
        expect(r.secretsFound).to.deep.equal([]);
    });
});
