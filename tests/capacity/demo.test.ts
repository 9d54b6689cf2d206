import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";

const DEMO = path.resolve(__dirname, "..", "..", "examples", "demo", "run.js");

describe("npm run demo", function () {
    this.timeout(60_000);

    it("ends with the capacity table, and explains every oversubscribed group it shows", () => {
        const r = spawnSync(process.execPath, [DEMO], { encoding: "utf8", env: { PATH: process.env.PATH, CI: "true" } });
        expect(r.status, r.stderr).to.equal(0);
        const out = r.stdout;
        expect(out).to.contain('== capacity report (stack output "capacity")');
        // Each group's block of the table, and whether its difference line carries a flag (any word after the numbers).
        const blocks = out.split(/\n(?=Group )/).filter((b) => b.startsWith("Group "));
        expect(blocks.length).to.be.greaterThan(0);
        const flagged = blocks.filter((b) => /^\s+difference\s+\S+\s+\S+\s+[A-Za-z]+$/m.test(b)).map((b) => /^Group (\S+)/.exec(b)![1]);
        if (flagged.length > 0) {
            expect(out).to.match(/^Why (every group is|some groups are) oversubscribed/m);
            for (const g of flagged) {
                expect(out).to.match(new RegExp(`^  ${g}: already there .*; added .*: \\d+ calls for a group capacity of \\d+\\.$`, "m"));
            }
            // The note says what the flag means, not only that it is set.
            expect(out).to.contain("BroadWorks accepted each trunk group because each fits the group's capacity on its own");
        }
    });
});
