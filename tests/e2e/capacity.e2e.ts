import { expect } from "chai";
import { getTrunkingCapacity } from "../../provider/capacity/function";
import { reportFromPreviewEvents } from "../../provider/capacity/render/input";
import type { TrunkingCapacityReport } from "../../provider/capacity/types";
import { OdinClient } from "../../provider/odin/client";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { ODIN_PASSWORD, ODIN_USER, ResourceSpec, groupCapacity, trunkGroup } from "../engine/fixtures";
import { capacitySeed } from "../lifecycle/capacityFixtures";
import { PulumiProject, STACK_PROGRAM, resourceSummary } from "./cli";

/** A report's numbers, without what only a projection carries, trunk groups by name. */
function numbers(r: TrunkingCapacityReport) {
    const { projected: _p, before: _b, ...rest } = r;
    return { ...rest, groups: rest.groups.map(({ before: _gb, ...g }) => ({ ...g, trunkGroups: [...g.trunkGroups].sort((x, y) => x.name.localeCompare(y.name)) })) };
}

/**
 * Previews that see capacity through the real pulumi CLI: the projected report
 * a preview computes (read from its streamed events, as the CI examples do)
 * against the live report once `up` has run, with an update, a create, a
 * delete (found through the engine's readStackResourceOutputs) and a capacity
 * change in one change; the oversubscription policy's warning and `deny`.
 */
describe("capacity previews through the real pulumi CLI", function () {
    this.timeout(900_000);
    let sim: OdinSimulator;
    let p: PulumiProject;
    const writes = () => sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");
    const program = async (specs: ResourceSpec[]) => {
        await p.config("trunking-test:resources", JSON.stringify(specs));
        await p.config("trunking-test:capacity", JSON.stringify({ serviceProviderId: "SP1", dependsOn: specs.map((s) => s.name) }));
    };
    /** The projected report of a preview, from the engine events `pulumi preview --json` streams. */
    const projectedReport = async (): Promise<{ report: TrunkingCapacityReport; text: string }> => {
        const r = await p.preview(["--json"], { env: { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" } });
        return { report: reportFromPreviewEvents(r.stdout, "pulumi preview --json", "capacity"), text: r.stdout };
    };

    before(async () => {
        sim = await startOdinSimulator({ seed: capacitySeed() });
        p = new PulumiProject({ name: "trunking-test", entry: STACK_PROGRAM });
        await p.init();
        await p.configMany({ "odin:baseUrl": sim.url, "odin:username": ODIN_USER, "odin:password": ODIN_PASSWORD, "trunking-test:resources": "[]" }, ["odin:password"]);
    });
    after(async () => {
        await p?.dispose();
        await sim?.close();
    });

    it("the projected totals of an update, a create, a delete and a capacity change equal the live report after up", async () => {
        await program([trunkGroup("a", { maxActiveCalls: 8 }), trunkGroup("b", { maxActiveCalls: 6 })]);
        await p.up();
        await program([
            groupCapacity("g1cap", { maxActiveCalls: 45 }),
            trunkGroup("a", { maxActiveCalls: 9 }, { options: { dependsOn: ["g1cap"] } }),
            trunkGroup("c", { groupId: "G2", maxActiveCalls: 7, enableBursting: true, burstingMaxActiveCalls: 3 }),
        ]);
        sim.clearRequests();
        const { report } = await projectedReport();
        expect(writes()).to.deep.equal([]);
        expect(report.projected).to.equal(true);
        const g1 = report.groups.find((g) => g.groupId === "G1")!;
        // A 8 -> 9, B (this stack's, no longer declared) gone, the capacity 50 -> 45.
        expect(g1.trunkGroups.map((t) => `${t.name} ${t.maxActiveCalls}`).sort()).to.deep.equal(["A 9", "TG-A 20", "TG-B 10"]);
        expect(g1.before!.trunkGroups.map((t) => `${t.name} ${t.maxActiveCalls}`).sort()).to.deep.equal(["A 8", "B 6", "TG-A 20", "TG-B 10"]);
        expect(g1).to.deep.include({ maxActiveCalls: 45 });
        expect(report.groups.find((g) => g.groupId === "G2")!.trunkGroups.map((t) => t.name)).to.deep.equal(["C"]);

        const up = await p.up();
        expect(resourceSummary(up.stdout)).to.include({ created: 2, deleted: 1 });
        const live = await getTrunkingCapacity({ serviceProviderId: "SP1" }, { client: new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD }) });
        expect(numbers(report)).to.deep.equal(numbers(live));
    });

    it("warn prints each oversubscribed group once with the numbers; deny fails the preview and up before any write", async () => {
        // G2 holds C (7) of its 30: 25 more make 32.
        await program([trunkGroup("c", { groupId: "G2", maxActiveCalls: 7, enableBursting: true, burstingMaxActiveCalls: 3 }), trunkGroup("d", { groupId: "G2", maxActiveCalls: 25 })]);
        sim.clearRequests();
        const warned = await p.preview();
        const line = "group G2 (Group Two) will be oversubscribed: its trunk groups take 32 calls against a capacity of 30 (C 7, D 25); they burst to 3 calls against a bursting capacity of 0 (C 3)";
        // The program says it once: the CLI shows it as it happens and again under Diagnostics.
        const diagnostics = warned.stdout.slice(warned.stdout.indexOf("Diagnostics:"));
        expect(diagnostics.split(line).length - 1, warned.stdout).to.equal(1);
        expect(warned.stdout).to.match(/pulumi:pulumi:Stack\s+trunking-test-dev\s+1 warning/);
        expect(diagnostics.match(/oversubscribed/g)).to.have.length(1);
        expect(writes()).to.deep.equal([]);

        await p.config("odin:oversubscription", "deny");
        const denied = await p.preview([], { allowFailure: true });
        expect(denied.code).to.not.equal(0);
        expect(denied.stdout).to.contain('odin:oversubscription is "deny", and after this change one part of service provider SP1 would be oversubscribed. Nothing was changed.');
        expect(denied.stdout).to.contain(line);
        // `pulumi up` previews first: it stops there too.
        const up = await p.up([], { allowFailure: true });
        expect(up.code).to.not.equal(0);
        expect(writes()).to.deep.equal([]);
        await p.config("odin:oversubscription", "warn");
    });
});
