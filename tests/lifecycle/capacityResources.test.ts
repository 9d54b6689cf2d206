import { expect } from "chai";
import * as fs from "fs";
import { OdinClient } from "../../provider/odin/client";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { ODIN_PASSWORD, ODIN_USER, OdinStack, groupCapacity, printedErrors, serviceProviderCapacity, tempDir } from "../engine/fixtures";
import { capacitySeed, hostLines } from "./capacityFixtures";
import { requestsOf } from "../engine/hooks";

/**
 * GroupTrunkingCapacity and ServiceProviderTrunkingCapacity through the test
 * engine and the real provider host, against the Odin simulator: create reads
 * what is there and writes the declared values with one PUT; update is one
 * PUT; refresh shows drift and the next up puts it back; destroy leaves the
 * values (and says so) or puts back what create found; what BroadWorks would
 * refuse is refused at preview with nothing written.
 */

describe("capacity resources through the engine", function () {
    this.timeout(180_000);
    let sim: OdinSimulator;
    let dir: string;
    let stack: OdinStack;
    let odin: OdinClient;
    const capWrites = () => stack.writes().filter((w) => w.path.endsWith("/call-capacity"));
    const group = (id: string) => sim.state().serviceProviders[0].groups!.find((g) => g.groupId === id)!.trunkGroupCallCapacity!;
    const sp = () => sim.state().serviceProviders[0].trunkGroupCallCapacity!;

    beforeEach(async () => {
        sim = await startOdinSimulator({ seed: capacitySeed() });
        dir = tempDir("capacity");
        stack = new OdinStack(sim, dir);
        odin = new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD });
    });
    afterEach(async () => {
        await sim.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("GroupTrunkingCapacity", () => {
        it("preview reads once and writes nothing; up reads what is there and writes the declared values with one PUT, recording what it found; the next up sends nothing", async () => {
            stack.setResources([groupCapacity("g1", { maxActiveCalls: 60 })]);
            const preview = await stack.engine.preview();
            expect(preview.changes).to.deep.equal({ create: 2 });
            expect(stack.writes()).to.deep.equal([]);
            expect(sim.requests().filter((r) => r.path === "/groups/trunk-groups/call-capacity")).to.have.length(1);

            sim.clearRequests();
            await stack.engine.up();
            expect(capWrites()).to.deep.equal([{ ...capWrites()[0], method: "PUT", path: "/groups/trunk-groups/call-capacity", body: { serviceProviderId: "SP1", groupId: "G1", maxActiveCalls: 60 } }]);
            expect(group("G1")).to.deep.equal({ maxActiveCalls: 60, burstingMaxActiveCalls: 10 });
            const r = stack.engine.resource("g1")!;
            expect(r.id).to.equal("SP1/G1");
            expect(r.outputs).to.deep.include({
                serviceProviderId: "SP1",
                groupId: "G1",
                maxActiveCalls: 60,
                maxAvailableActiveCalls: 100,
                burstingMaxAvailableActiveCalls: 20,
                restoreOnDelete: false,
                foundAtCreate: { maxActiveCalls: 50, burstingMaxActiveCalls: 10 },
            });

            sim.clearRequests();
            await stack.engine.up({ expectNoChanges: true });
            expect(stack.writes()).to.deep.equal([]);
        });

        it("update is one PUT of what changed; a change outside the stack shows on refresh and the next up puts it back", async () => {
            stack.setResources([groupCapacity("g1", { maxActiveCalls: 60 })]);
            await stack.engine.up();
            sim.clearRequests();
            stack.setResources([groupCapacity("g1", { maxActiveCalls: 60, burstingMaxActiveCalls: 15 })]);
            const up = await stack.engine.up();
            expect(up.changes).to.include({ update: 1 });
            expect(capWrites().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", groupId: "G1", burstingMaxActiveCalls: 15 }]);
            expect(group("G1")).to.deep.equal({ maxActiveCalls: 60, burstingMaxActiveCalls: 15 });

            await odin.setGroupCallCapacity({ serviceProviderId: "SP1", groupId: "G1", maxActiveCalls: 45 });
            const refresh = await stack.engine.refresh();
            expect(refresh.steps.find((s) => s.name === "g1")!.detail).to.equal("update");
            expect(stack.engine.resource("g1")!.outputs.maxActiveCalls).to.equal(45);
            sim.clearRequests();
            await stack.engine.up();
            expect(capWrites().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", groupId: "G1", maxActiveCalls: 60 }]);
            expect(group("G1").maxActiveCalls).to.equal(60);
        });

        it("destroy leaves the values and says so; with restoreOnDelete it puts back what create found, with one PUT", async () => {
            stack.setResources([groupCapacity("g1", { maxActiveCalls: 60 }), groupCapacity("g2", { groupId: "G2", maxActiveCalls: 40, restoreOnDelete: true })]);
            await stack.engine.up();
            expect(group("G2").maxActiveCalls).to.equal(40);
            sim.clearRequests();
            const destroy = await stack.engine.destroy();
            expect(capWrites().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", groupId: "G2", maxActiveCalls: 30, burstingMaxActiveCalls: 0 }]);
            expect(group("G1")).to.deep.equal({ maxActiveCalls: 60, burstingMaxActiveCalls: 10 });
            expect(group("G2")).to.deep.equal({ maxActiveCalls: 30, burstingMaxActiveCalls: 0 });
            const said = hostLines(destroy, "info");
            expect(said.filter((l) => l.includes("Group G1 of SP1: its settings are left as they are (maxActiveCalls); this stack no longer manages them"))).to.have.length(1);
            expect(said.filter((l) => l.includes("Group G2 of SP1: put back the values found when this stack took the settings over"))).to.have.length(1);
            expect(stack.engine.resources()).to.deep.equal([]);
        });

        it("a value above the service provider's ceiling is refused at preview, naming the field, the numbers and the resource that raises it; nothing is written", async () => {
            stack.setResources([groupCapacity("g1", { maxActiveCalls: 120, burstingMaxActiveCalls: 25 })]);
            const refused = await stack.engine.preview({ expectFailure: true });
            const errors = printedErrors(refused);
            expect(errors).to.contain(
                "maxActiveCalls: 120 is above group G1's ceiling of 100, the trunking call capacity of service provider SP1. Lower it to at most 100, " +
                    "or raise the service provider's with a ServiceProviderTrunkingCapacity for SP1 that this resource depends on (dependsOn). Nothing was changed.",
            );
            expect(errors).to.contain("burstingMaxActiveCalls: 25 is above group G1's bursting ceiling of 20");
            const up = await stack.engine.up({ expectFailure: true });
            expect(printedErrors(up)).to.contain("maxActiveCalls: 120 is above group G1's ceiling of 100");
            expect(requestsOf(up.requests, "create")).to.deep.equal([]);
            expect(stack.writes()).to.deep.equal([]);
            expect(group("G1")).to.deep.equal({ maxActiveCalls: 50, burstingMaxActiveCalls: 10 });
        });

        it("a PUT BroadWorks refuses above the ceiling (the ceiling fell after the preview) fails in the preview's words", async () => {
            stack.setResources([groupCapacity("g1", { maxActiveCalls: 90 })]);
            await stack.engine.preview();
            // Between preview and up, someone lowers the service provider's capacity: check passes on its own read, the PUT is refused.
            const hooks = {
                before: async (req: { method: string }) => {
                    if (req.method === "create") {
                        await odin.setServiceProviderCallCapacity({ serviceProviderId: "SP1", maxActiveCalls: 80 });
                    }
                },
            };
            const up = await stack.engine.up({ hooks, expectFailure: true });
            expect(printedErrors(up)).to.contain("maxActiveCalls: 90 is above group G1's ceiling of 80, the trunking call capacity of service provider SP1. Lower it to at most 80");
            expect(group("G1").maxActiveCalls).to.equal(50);
        });

        it("unlimited: bursting -1 only under unlimited service-provider bursting, which the same program may set first; maxActiveCalls -1 is refused for a group", async () => {
            stack.setResources([groupCapacity("g1", { burstingMaxActiveCalls: -1 })]);
            const refused = await stack.engine.preview({ expectFailure: true });
            expect(printedErrors(refused)).to.contain(
                "burstingMaxActiveCalls: -1 (unlimited) is allowed for a group only where the service provider's bursting capacity is unlimited; service provider SP1's is 20.",
            );
            stack.setResources([groupCapacity("g1", { maxActiveCalls: -1 })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain("maxActiveCalls cannot be -1 (unlimited) for a group");
            expect(stack.writes()).to.deep.equal([]);

            // The service provider's bursting made unlimited by the program, which the group's capacity depends on.
            stack.setResources([
                serviceProviderCapacity("sp", { maxActiveCalls: -1, burstingMaxActiveCalls: -1 }),
                groupCapacity("g1", { maxActiveCalls: 5000, burstingMaxActiveCalls: -1 }, { options: { dependsOn: ["sp"] } }),
            ]);
            await stack.engine.preview();
            expect(stack.writes()).to.deep.equal([]);
            await stack.engine.up();
            expect(sp()).to.deep.equal({ maxActiveCalls: -1, burstingMaxActiveCalls: -1 });
            expect(group("G1")).to.deep.equal({ maxActiveCalls: 5000, burstingMaxActiveCalls: -1 });
            expect(stack.writes().map((w) => w.path)).to.deep.equal(["/service-providers/trunk-groups/call-capacity", "/groups/trunk-groups/call-capacity"]);
            expect(stack.engine.resource("g1")!.outputs).to.deep.include({ maxAvailableActiveCalls: -1, burstingMaxAvailableActiveCalls: -1 });
            await stack.engine.up({ expectNoChanges: true });
        });

        it("wrong types, negative numbers other than -1 and unknown keys are refused at preview, naming the field", async () => {
            stack.setResources([groupCapacity("g1", { maxActiveCalls: "sixty", burstingMaxActiveCalls: -5, maxActivCalls: 3, adoptExisting: true })]);
            const errors = printedErrors(await stack.engine.preview({ expectFailure: true }));
            expect(errors).to.contain('maxActiveCalls must be an integer from 0 to 999999, got the string "sixty"');
            expect(errors).to.contain("burstingMaxActiveCalls must be -1 (unlimited) or an integer from 0 to 999999, got -5");
            expect(errors).to.match(/maxActivCalls.*did you mean maxActiveCalls/);
            expect(errors).to.contain("adoptExisting is not a GroupTrunkingCapacity input");
            stack.setResources([groupCapacity("g1", { maxActiveCalls: -2 })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain("maxActiveCalls must be from 0 to 999999, got -2");
            stack.setResources([groupCapacity("g1", { restoreOnDelete: true })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain("declare maxActiveCalls, burstingMaxActiveCalls or both");
            expect(sim.requests().filter((r) => r.path.endsWith("/call-capacity"))).to.deep.equal([]);
        });

        it("a group that does not exist, or lacks the Trunk Group service, is refused at preview with create's words", async () => {
            stack.setResources([groupCapacity("g9", { groupId: "G9", maxActiveCalls: 5 })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain(
                "Group G9 of SP1 does not exist, so its settings cannot be managed; nothing was changed. Check serviceProviderId and groupId.",
            );
            stack.setResources([groupCapacity("g3", { groupId: "G3", maxActiveCalls: 5 })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain("groupId: group G3 of SP1 does not have the Trunk Group service");
            expect(stack.writes()).to.deep.equal([]);
        });

        it("lowering below what the trunk groups already take is a warning naming them, and BroadWorks accepts it", async () => {
            stack.setResources([groupCapacity("g1", { maxActiveCalls: 15 })]);
            const preview = await stack.engine.preview();
            const warned = hostLines(preview, "warn");
            expect(warned).to.have.length(1);
            expect(warned[0]).to.contain(
                "GroupTrunkingCapacity: group G1 of SP1 goes from 50 to 15 calls, below what its trunk groups already take: 30 (TG-A 20, TG-B 10). " +
                    "BroadWorks accepts it and applies the limit at call time, so together they will carry at most 15 calls; TG-A cannot raise maxActiveCalls again until it fits.",
            );
            await stack.engine.up();
            expect(group("G1").maxActiveCalls).to.equal(15);
        });
    });

    describe("ServiceProviderTrunkingCapacity", () => {
        it("create, update and the next up: one PUT each, values found recorded", async () => {
            stack.setResources([serviceProviderCapacity("sp", { maxActiveCalls: 150 })]);
            await stack.engine.preview();
            expect(stack.writes()).to.deep.equal([]);
            await stack.engine.up();
            expect(capWrites().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", maxActiveCalls: 150 }]);
            expect(sp()).to.deep.equal({ maxActiveCalls: 150, burstingMaxActiveCalls: 20 });
            expect(stack.engine.resource("sp")!.outputs).to.deep.include({ maxActiveCalls: 150, foundAtCreate: { maxActiveCalls: 100, burstingMaxActiveCalls: 20 } });
            sim.clearRequests();
            stack.setResources([serviceProviderCapacity("sp", { maxActiveCalls: 150, burstingMaxActiveCalls: -1 })]);
            await stack.engine.up();
            expect(capWrites().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", burstingMaxActiveCalls: -1 }]);
            sim.clearRequests();
            await stack.engine.up({ expectNoChanges: true });
            expect(stack.writes()).to.deep.equal([]);
        });

        it("refresh shows drift and the next up puts it back; destroy leaves the values, or with restoreOnDelete puts back what create found", async () => {
            stack.setResources([serviceProviderCapacity("sp", { maxActiveCalls: -1 })]);
            await stack.engine.up();
            await odin.setServiceProviderCallCapacity({ serviceProviderId: "SP1", maxActiveCalls: 70 });
            const refresh = await stack.engine.refresh();
            expect(refresh.steps.find((s) => s.name === "sp")!.detail).to.equal("update");
            sim.clearRequests();
            await stack.engine.up();
            expect(capWrites().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", maxActiveCalls: -1 }]);

            sim.clearRequests();
            const kept = await stack.engine.destroy();
            expect(stack.writes()).to.deep.equal([]);
            expect(sp().maxActiveCalls).to.equal(-1);
            expect(hostLines(kept, "info").some((l) => l.includes("Service provider SP1: its settings are left as they are (maxActiveCalls)"))).to.equal(true);

            stack.setResources([serviceProviderCapacity("sp", { maxActiveCalls: 120, restoreOnDelete: true })]);
            await stack.engine.up();
            sim.clearRequests();
            await stack.engine.destroy();
            expect(capWrites().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", maxActiveCalls: -1, burstingMaxActiveCalls: 20 }]);
        });

        it("lowering below what the groups take is a warning naming them; bad values and unknown service providers are refused at preview", async () => {
            stack.setResources([serviceProviderCapacity("sp", { maxActiveCalls: 40 })]);
            const warned = hostLines(await stack.engine.preview(), "warn");
            expect(warned).to.have.length(1);
            expect(warned[0]).to.contain(
                "ServiceProviderTrunkingCapacity: service provider SP1 goes from 100 to 40 calls, below what its groups already take: 80 (G1 50, G2 30). " +
                    "BroadWorks accepts it and applies the limit at call time; G1 keeps its capacity above the new ceiling and cannot raise it again until it fits.",
            );
            stack.setResources([serviceProviderCapacity("sp", { maxActiveCalls: -3, burstingMaxActiveCalls: 1.5 })]);
            const bad = printedErrors(await stack.engine.preview({ expectFailure: true }));
            expect(bad).to.contain("maxActiveCalls must be -1 (unlimited) or an integer from 0 to 999999, got -3");
            expect(bad).to.contain("burstingMaxActiveCalls must be -1 (unlimited) or an integer from 0 to 999999, got number 1.5");
            stack.setResources([serviceProviderCapacity("sp", { serviceProviderId: "SP9", maxActiveCalls: 5 })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain(
                "Service provider SP9 does not exist, so its settings cannot be managed; nothing was changed. Check serviceProviderId.",
            );
            stack.setResources([serviceProviderCapacity("sp", { serviceProviderId: "NOSVC", maxActiveCalls: 5 })]);
            expect(printedErrors(await stack.engine.preview({ expectFailure: true }))).to.contain("serviceProviderId: service provider NOSVC does not have the Trunk Group service");
            expect(stack.writes()).to.deep.equal([]);
        });
    });
});
