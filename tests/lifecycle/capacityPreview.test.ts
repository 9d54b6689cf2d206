import { expect } from "chai";
import * as fs from "fs";
import { getTrunkingCapacity } from "../../provider/capacity/function";
import type { TrunkingCapacityReport } from "../../provider/capacity/types";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { OdinClient } from "../../provider/odin/client";
import { ODIN_PASSWORD, ODIN_USER, OdinStack, ResourceSpec, groupCapacity, printedErrors, serviceProviderCapacity, tempDir, trunkGroup } from "../engine/fixtures";
import type { RunSummary } from "../engine/types";
import { capacitySeed, hostLines } from "./capacityFixtures";

/**
 * Previews that see capacity, through the test engine and the real provider
 * host: the user stories (each failed or warned only at `up`, or
 * not at all, before), the projected report against the live report after
 * `up`, the policy, and a program that raises a capacity and adds the trunk
 * group that needs it in one `up`.
 *
 * The seed: SP1 100 calls (bursting 20); G1 50 (bursting 10) holding TG-A 20
 * and TG-B 10, which this stack does not manage; G2 30; G3 without the Trunk
 * Group service.
 */

/** A report's numbers, without what only a projection carries, trunk groups by name. */
function numbers(r: TrunkingCapacityReport) {
    const { projected: _p, before: _b, ...rest } = r;
    return { ...rest, groups: rest.groups.map(({ before: _gb, ...g }) => ({ ...g, trunkGroups: [...g.trunkGroups].sort((x, y) => x.name.localeCompare(y.name)) })) };
}

const warnings = (s: RunSummary) => s.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message);

describe("previews that see capacity", function () {
    this.timeout(240_000);
    let sim: OdinSimulator;
    let dir: string;
    let stack: OdinStack;

    /** The program: these resources, and the capacity report taken after all of them. */
    function program(specs: ResourceSpec[]): void {
        stack.setResources(specs);
        stack.setCapacity({ serviceProviderId: "SP1", dependsOn: specs.map((s) => s.name) });
    }
    const writes = () => stack.writes();
    const odin = () => new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD });
    const g1 = () => sim.state().serviceProviders[0].groups!.find((g) => g.groupId === "G1")!;

    beforeEach(async () => {
        sim = await startOdinSimulator({ seed: capacitySeed() });
        dir = tempDir("capacity-preview");
        stack = new OdinStack(sim, dir);
    });
    afterEach(async () => {
        await sim.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("story 1: a trunk group too big for its group, or in a group that does not exist, fails the preview (it failed only at up)", () => {
        it("maxActiveCalls 60 in a group of 50: the preview fails with the numbers and the resource that raises the capacity; nothing is written", async () => {
            program([trunkGroup("big", { name: "Big", maxActiveCalls: 60 })]);
            const preview = await stack.engine.preview({ expectFailure: true });
            const said =
                'maxActiveCalls: trunk group "Big" asks for 60 active calls, but group G1\'s trunking call capacity is 50 (30 already allocated to 2 other trunk groups). ' +
                "Lower maxActiveCalls to at most 50, or raise group G1's capacity with a GroupTrunkingCapacity (up to 100, the ceiling service provider SP1 sets), " +
                "and list it in this TrunkGroup's dependsOn so the capacity is raised before the trunk group is written.";
            expect(printedErrors(preview)).to.contain(said);
            expect(printedErrors(preview)).to.not.contain("raise the group's trunking call capacity");
            expect(writes()).to.deep.equal([]);
        });

        it("the same words when BroadWorks refuses the write at up (the group's capacity fell after the check), with BroadWorks' own", async () => {
            program([trunkGroup("big", { name: "Big", maxActiveCalls: 45 })]);
            const hooks = {
                before: async (req: { method: string }) => {
                    if (req.method === "create") {
                        // Another administrator lowers the group's capacity between the check and the write.
                        await odin().setGroupCallCapacity({ serviceProviderId: "SP1", groupId: "G1", maxActiveCalls: 40 });
                    }
                },
            };
            const up = await stack.engine.up({ hooks, expectFailure: true });
            expect(printedErrors(up)).to.contain(
                'maxActiveCalls: trunk group "Big" asks for 45 active calls, but group G1\'s trunking call capacity is 40 (30 already allocated to 2 other trunk groups). ' +
                    "Lower maxActiveCalls to at most 40, or raise group G1's capacity with a GroupTrunkingCapacity (up to 100, the ceiling service provider SP1 sets), " +
                    "and list it in this TrunkGroup's dependsOn so the capacity is raised before the trunk group is written. BroadWorks said: ",
            );
            expect(g1().trunkGroups!.map((t) => t.name)).to.deep.equal(["TG-A", "TG-B"]);
        });

        it("a group or a service provider that does not exist, and a group without the Trunk Group service, fail the preview naming the field", async () => {
            program([trunkGroup("lost", { groupId: "G9" })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain('groupId: group "G9" does not exist in service provider SP1. Nothing was created.');
            program([trunkGroup("lost", { serviceProviderId: "SP9" })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain('serviceProviderId: service provider "SP9" does not exist. Nothing was created.');
            program([trunkGroup("lost", { groupId: "G3" })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain("groupId: group G3 of SP1 does not have the Trunk Group service");
            expect(writes()).to.deep.equal([]);
        });

        it("one capacity read per group per command, shared by the group's trunk groups; unchanged trunk groups read nothing", async () => {
            const tgs = [1, 2, 3].map((i) => trunkGroup(`t${i}`, { maxActiveCalls: 1 }));
            const g2 = [4, 5].map((i) => trunkGroup(`t${i}`, { groupId: "G2", maxActiveCalls: 1 }));
            stack.setResources([...tgs, ...g2]);
            sim.clearRequests();
            await stack.engine.preview();
            const reads = () => sim.requests().filter((r) => r.path === "/groups/trunk-groups/call-capacity").map((r) => r.query?.groupId);
            expect(reads().sort()).to.deep.equal(["G1", "G2"]);
            await stack.engine.up();
            sim.clearRequests();
            await stack.engine.preview();
            expect(reads()).to.deep.equal([]);
        });
    });

    describe("story 2: the report of a preview is the report after the change, never the one before (it showed maxActiveCalls 8)", () => {
        it("a trunk group going from 8 to 9 calls: the preview's report shows 9, projected, with 8 as before; up's live report has the same numbers", async () => {
            program([trunkGroup("pbx", { name: "PBX", maxActiveCalls: 8 })]);
            await stack.engine.up();
            program([trunkGroup("pbx", { name: "PBX", maxActiveCalls: 9 })]);
            const preview = await stack.engine.preview();
            const projected = preview.outputs.capacity as TrunkingCapacityReport;
            expect(projected.projected).to.equal(true);
            const group = projected.groups.find((g) => g.groupId === "G1")!;
            expect(group.trunkGroups.find((t) => t.name === "PBX")!.maxActiveCalls).to.equal(9);
            expect(group.before!.trunkGroups.find((t) => t.name === "PBX")!.maxActiveCalls).to.equal(8);
            expect(group.trunkGroupsCallCapacityTotal).to.equal(39);
            const up = await stack.engine.up();
            const live = up.outputs.capacity as TrunkingCapacityReport;
            expect(live.projected).to.equal(undefined);
            expect(numbers(projected)).to.deep.equal(numbers(live));
        });
    });

    describe("projected totals equal the live report after up", () => {
        const scenarios: Array<{ name: string; before: ResourceSpec[]; after: ResourceSpec[] }> = [
            { name: "a create", before: [trunkGroup("a", { maxActiveCalls: 5 })], after: [trunkGroup("a", { maxActiveCalls: 5 }), trunkGroup("b", { groupId: "G2", maxActiveCalls: 7, enableBursting: true, burstingMaxActiveCalls: 3 })] },
            { name: "a delete", before: [trunkGroup("a", { maxActiveCalls: 5 }), trunkGroup("b", { maxActiveCalls: 6 })], after: [trunkGroup("a", { maxActiveCalls: 5 })] },
            { name: "a rename and a move", before: [trunkGroup("a", { maxActiveCalls: 5 }), trunkGroup("b", { maxActiveCalls: 6 })], after: [trunkGroup("a", { name: "A-RENAMED", maxActiveCalls: 5 }), trunkGroup("b", { groupId: "G2", maxActiveCalls: 6 })] },
            {
                name: "a capacity change at both levels",
                before: [trunkGroup("a", { maxActiveCalls: 5 })],
                after: [
                    serviceProviderCapacity("sp", { maxActiveCalls: 80, burstingMaxActiveCalls: -1 }),
                    groupCapacity("g1", { maxActiveCalls: 70, burstingMaxActiveCalls: -1 }, { options: { dependsOn: ["sp"] } }),
                    trunkGroup("a", { maxActiveCalls: 5 }),
                ],
            },
        ];
        for (const sc of scenarios) {
            it(sc.name, async () => {
                program(sc.before);
                await stack.engine.up();
                program(sc.after);
                const projected = (await stack.engine.preview()).outputs.capacity as TrunkingCapacityReport;
                expect(projected.projected).to.equal(true);
                expect(projected.groups.some((g) => g.before !== undefined) || projected.before !== undefined, "the change moves something").to.equal(true);
                await stack.engine.up();
                // Read once up has finished: a trunk group the program dropped is deleted after the program's report is taken.
                const live = await getTrunkingCapacity({ serviceProviderId: "SP1" }, { client: odin() });
                expect(numbers(projected)).to.deep.equal(numbers(live));
            });
        }
    });

    describe("story 3: a group the program pushes over its capacity is named at preview (nothing said it before)", () => {
        // 30 already in G2's 30: one more trunk group of 5 makes 35 against 30.
        const push = () => program([trunkGroup("extra", { groupId: "G2", name: "Extra", maxActiveCalls: 5 }), trunkGroup("fill", { groupId: "G2", name: "Fill", maxActiveCalls: 30 })]);

        it("warn (the default): one warning per oversubscribed group with the numbers, at preview and at up", async () => {
            push();
            const preview = await stack.engine.preview();
            const said = warnings(preview).filter((w) => /oversubscribed/.test(w));
            expect(said).to.deep.equal(["group G2 (Group Two) will be oversubscribed: its trunk groups take 35 calls against a capacity of 30 (Extra 5, Fill 30) (odin:oversubscription: warn)"]);
            const up = await stack.engine.up();
            expect(warnings(up).filter((w) => /oversubscribed/.test(w))).to.deep.equal([
                "group G2 (Group Two) is oversubscribed: its trunk groups take 35 calls against a capacity of 30 (Extra 5, Fill 30) (odin:oversubscription: warn)",
            ]);
        });

        it("warn names every oversubscribed group once, and the service provider", async () => {
            program([
                trunkGroup("g1-more", { maxActiveCalls: 25 }),
                trunkGroup("g2-more", { groupId: "G2", maxActiveCalls: 29 }),
                trunkGroup("g2-more2", { groupId: "G2", maxActiveCalls: 1 }),
                groupCapacity("g2cap", { groupId: "G2", maxActiveCalls: 29 }),
                serviceProviderCapacity("sp", { maxActiveCalls: 75 }),
            ]);
            const said = warnings(await stack.engine.preview()).filter((w) => /oversubscribed/.test(w));
            expect(said.map((w) => w.split(":")[0])).to.deep.equal(["service provider SP1 will be oversubscribed", "group G1 (Group One) will be oversubscribed", "group G2 (Group Two) will be oversubscribed"]);
            expect(said[0]).to.contain("its groups are given 79 calls against its capacity of 75");
        });

        it("deny: the preview fails before anything is written, naming the group and what to do", async () => {
            stack.engine.setConfig("odin:oversubscription", "deny");
            push();
            const preview = await stack.engine.preview({ expectFailure: true });
            const errors = printedErrors(preview) + (preview.program?.stderr ?? "");
            expect(errors).to.contain('odin:oversubscription is "deny", and after this change one part of service provider SP1 would be oversubscribed. Nothing was changed.');
            expect(errors).to.contain("group G2 (Group Two) will be oversubscribed: its trunk groups take 35 calls against a capacity of 30");
            expect(errors).to.contain("allowOversubscription: true");
            expect(writes()).to.deep.equal([]);
        });

        it("allow says nothing; allowOversubscription on the group's capacity exempts that group under deny; a bad policy is refused naming the key", async () => {
            stack.engine.setConfig("odin:oversubscription", "allow");
            push();
            expect(warnings(await stack.engine.preview()).filter((w) => /oversubscribed/.test(w))).to.deep.equal([]);

            stack.engine.setConfig("odin:oversubscription", "deny");
            program([
                groupCapacity("g2cap", { groupId: "G2", maxActiveCalls: 30, allowOversubscription: true }),
                trunkGroup("extra", { groupId: "G2", name: "Extra", maxActiveCalls: 5 }),
                trunkGroup("fill", { groupId: "G2", name: "Fill", maxActiveCalls: 30 }),
            ]);
            const ok = await stack.engine.preview();
            expect(warnings(ok).filter((w) => /oversubscribed/.test(w))).to.deep.equal([]);
            // Never sent to BroadWorks, never in the state.
            await stack.engine.up();
            expect(stack.engine.resource("g2cap")!.inputs).to.not.have.property("allowOversubscription");

            stack.engine.setConfig("odin:oversubscription", "block");
            const bad = await stack.engine.preview({ expectFailure: true });
            expect(printedErrors(bad) + (bad.program?.stderr ?? "")).to.contain('odin:oversubscription must be one of "warn", "deny", "allow" (default "warn"), got "block"');
            expect(printedErrors(bad) + (bad.program?.stderr ?? ""), "the message alone, no stack trace").not.to.match(/unhandled exception|\n\s+at /);
            expect(hostLines(bad, "warn").filter((l) => l.includes("unknown stack config key odin:oversubscription"))).to.deep.equal([]);
        });
    });

    describe("one up raises a group's capacity and adds the trunk group that needs it", () => {
        it("with dependsOn: the preview passes, one up writes the capacity first, then the trunk group", async () => {
            program([groupCapacity("g1cap", { maxActiveCalls: 80 }), trunkGroup("big", { name: "Big", maxActiveCalls: 60 }, { options: { dependsOn: ["g1cap"] } })]);
            const preview = await stack.engine.preview();
            const projected = preview.outputs.capacity as TrunkingCapacityReport;
            const g = projected.groups.find((x) => x.groupId === "G1")!;
            expect(g).to.deep.include({ maxActiveCalls: 80, trunkGroupsCallCapacityTotal: 90, callCapacityOversubscribed: true });
            expect(g.before).to.deep.include({ maxActiveCalls: 50, trunkGroupsCallCapacityTotal: 30 });
            expect(writes()).to.deep.equal([]);
            const up = await stack.engine.up();
            expect(up.ok).to.equal(true);
            expect(writes().map((w) => `${w.method} ${w.path}`)).to.deep.equal(["PUT /groups/trunk-groups/call-capacity", "POST /groups/trunk-groups"]);
            expect(g1().trunkGroupCallCapacity!.maxActiveCalls).to.equal(80);
            expect(numbers(projected)).to.deep.equal(numbers(up.outputs.capacity as TrunkingCapacityReport));
        });

        it("without dependsOn, a trunk group declared first fails the preview saying to add it", async () => {
            program([trunkGroup("big", { name: "Big", maxActiveCalls: 60 }), groupCapacity("g1cap", { maxActiveCalls: 80 })]);
            const preview = await stack.engine.preview({ expectFailure: true });
            // The TrunkGroup's own check (when the engine checks it first) or the report's (when the capacity came first) says it.
            expect(printedErrors(preview) + (preview.program?.stderr ?? "")).to.match(
                /list it in this TrunkGroup's dependsOn so the capacity is raised before the trunk group is written|List GroupTrunkingCapacity "g1cap" in this TrunkGroup's dependsOn/,
            );
            expect(writes()).to.deep.equal([]);
        });

        it("without dependsOn, a trunk group declared after the capacity still fails the preview, naming both resources", async () => {
            program([groupCapacity("g1cap", { maxActiveCalls: 80 }), trunkGroup("big", { name: "Big", maxActiveCalls: 60 })]);
            const preview = await stack.engine.preview({ expectFailure: true });
            const errors = printedErrors(preview) + (preview.program?.stderr ?? "");
            expect(errors).to.contain(
                'TrunkGroup "big": maxActiveCalls: trunk group "Big" asks for 60 active calls, but group G1\'s trunking call capacity is 50 until this program raises it to 80 ' +
                    'with a GroupTrunkingCapacity, which this TrunkGroup does not wait for. List GroupTrunkingCapacity "g1cap" in this TrunkGroup\'s dependsOn',
            );
            expect(writes()).to.deep.equal([]);
        });

        it("a trunk group the program sizes beyond the capacity it declares is refused against that capacity", async () => {
            program([groupCapacity("g1cap", { maxActiveCalls: 55 }), trunkGroup("big", { name: "Big", maxActiveCalls: 60 }, { options: { dependsOn: ["g1cap"] } })]);
            const preview = await stack.engine.preview({ expectFailure: true });
            expect(printedErrors(preview)).to.contain(
                'maxActiveCalls: trunk group "Big" asks for 60 active calls, but group G1\'s trunking call capacity, as this program sets it with a GroupTrunkingCapacity, is 55',
            );
            expect(printedErrors(preview)).to.contain("raise that GroupTrunkingCapacity's maxActiveCalls (up to 100, the ceiling service provider SP1 sets)");
        });
    });
});
