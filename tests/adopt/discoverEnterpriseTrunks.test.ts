import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { Discovery } from "../../provider/discover";
import { OdinSeed, OdinSimulator, sampleSeed, startOdinSimulator } from "../../provider/simulator";
import type { TestEngine } from "../engine/index";
import { requestsOf } from "../engine/index";
import { compileProject, engineForProject, runDiscover, tempDir, writesOf } from "./helpers";

/**
 * `trunking-discover odin` writes the enterprise trunks too: each declared
 * after the trunk groups, its members given as those TrunkGroups' outputs;
 * the project compiles, and `pulumi up` adopts trunk groups and enterprise
 * trunks with zero writes; a second up changes nothing.
 */
describe("adopt: trunking-discover odin writes enterprise trunks, whose members are the discovered TrunkGroups", function () {
    this.timeout(300_000);
    let sim: OdinSimulator;
    let dir: string;
    let out: string;
    let engine: TestEngine;
    let discovery: Discovery;
    const env = () => ({ ODIN_BASE_URL: sim.url, ODIN_USERNAME: "admin", ODIN_PASSWORD: "admin" });

    /** The sample (an enterprise: ET1 over G1-TG1 and G2-TG1) plus a trunk with priority weighted routing and forwarding. */
    function seed(): OdinSeed {
        const s = sampleSeed();
        s.serviceProviders[0].enterpriseTrunks!.push({
            enterpriseTrunkName: "G1 Local",
            maximumRerouteAttempts: 2,
            routeExhaustionAction: "Forward",
            routeExhaustionForwardAddress: "+15550100",
            priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: 1 },
            capacityManagement: { maximumActiveCalls: 12, enabled: true },
            trunkGroups: [
                { groupId: "G1", trunkGroupName: "G1-TG2", priority: 1, weight: 10 },
                { groupId: "G1", trunkGroupName: "G1-TG1", priority: 2, weight: 1 },
            ],
        });
        return s;
    }

    before(async () => {
        sim = await startOdinSimulator({ seed: seed() });
        dir = tempDir("odin-et");
        out = path.join(dir, "project");
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("writes each enterprise trunk after the trunk groups, its members as their outputs, leaving out what is the default", async () => {
        const run = await runDiscover(["odin", "--service-provider", "SP1", "--out", out, "--json"], env());
        expect(run.code, run.stderr).to.equal(0);
        expect(run.stderr).to.contain(`3 trunk groups and 2 enterprise trunks written to ${out}/index.ts`);
        discovery = JSON.parse(run.stdout) as Discovery;
        expect(discovery.resources.map((r) => [r.kind, r.logicalName])).to.deep.equal([
            ["TrunkGroup", "g1-tg1"],
            ["TrunkGroup", "g1-tg2"],
            ["TrunkGroup", "g2-tg1"],
            ["EnterpriseTrunk", "et-et1"],
            ["EnterpriseTrunk", "et-g1-local"],
        ]);
        // In --json, a member is a reference to the TrunkGroup's output.
        expect(discovery.resources[3].args.trunkGroups).to.deep.equal([
            { groupId: { $ref: "g1-tg1", output: "groupId" }, trunkGroupName: { $ref: "g1-tg1", output: "name" } },
            { groupId: { $ref: "g2-tg1", output: "groupId" }, trunkGroupName: { $ref: "g2-tg1", output: "name" } },
        ]);
        const program = fs.readFileSync(path.join(out, "index.ts"), "utf8");
        expect(program).to.contain('import { EnterpriseTrunk, TrunkGroup } from "pulumi-trunking";');
        expect(program).to.contain('const g1_tg1 = new TrunkGroup("g1-tg1", {').and.contain('const g2_tg1 = new TrunkGroup("g2-tg1", {');
        expect(program).to.match(/new EnterpriseTrunk\("et-et1", \{\n {4}adoptExisting,\n {4}serviceProviderId: "SP1",\n {4}enterpriseTrunkName: "ET1",\n {4}maximumRerouteAttempts: 3,\n {4}orderedRouting: \{ orderingAlgorithm: "Ordered Load Balancing" \},\n {4}capacityManagement: \{ maximumActiveCalls: 40, enabled: true \},\n {4}trunkGroups: \[\{ groupId: g1_tg1\.groupId, trunkGroupName: g1_tg1\.name \}, \{ groupId: g2_tg1\.groupId, trunkGroupName: g2_tg1\.name \}\],\n\}\);/);
        expect(program).to.contain("// Enterprise trunks of SP1: 2 enterprise trunks");
        expect(program).to.contain('routeExhaustionAction: "Forward",\n    routeExhaustionForwardAddress: "+15550100",');
        expect(program).to.contain("trunkGroups: [{ groupId: g1_tg2.groupId, trunkGroupName: g1_tg2.name, priority: 1, weight: 10 }, { groupId: g1_tg1.groupId, trunkGroupName: g1_tg1.name, priority: 2, weight: 1 }],");
        // The default the resource fills in is left out.
        expect(program).to.not.contain('routeExhaustionAction: "None"');
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });

    it("compiles, and pulumi up adopts every trunk group and enterprise trunk with zero writes; the next up changes nothing", async () => {
        await compileProject(out);
        engine = engineForProject(out, (key) => (key === "odin:password" ? "admin" : "unused"));
        sim.clearRequests();
        const s = await engine.up();
        expect(s.changes).to.deep.equal({ create: 6 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
        expect(engine.resource("et-et1")!.id).to.equal("SP1//ET1");
        expect(engine.resource("et-g1-local")!.id).to.equal("SP1//G1%20Local");
        // The engine created (adopted) each enterprise trunk after the trunk groups it names.
        const creates = requestsOf(s.requests, "create").map((r) => String(r.urn).split("::").pop());
        expect(creates.indexOf("et-et1")).to.be.above(creates.indexOf("g1-tg1")).and.above(creates.indexOf("g2-tg1"));
        sim.clearRequests();
        const again = await engine.up({ expectNoChanges: true });
        expect(again.changes).to.deep.equal({ same: 6 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });
});
