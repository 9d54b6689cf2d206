import { expect } from "chai";
import * as fs from "fs";
import type { OdinSimulator } from "../../provider/simulator";
import { OdinClient } from "../../provider/odin/client";
import { enterpriseTrunkCheck } from "../../provider/odin/enterpriseTrunk/handlers";
import { ET_TYPE, ODIN_PASSWORD, ODIN_USER, OdinStack, TG_TYPE, enterpriseTrunk, printedErrors, startOdin, tempDir, trunkGroup } from "../engine/fixtures";
import { requestsOf } from "../engine/hooks";

/**
 * EnterpriseTrunk as `pulumi preview/up/refresh/destroy` run it, through the
 * test engine and the real provider host, against the Odin simulator: its
 * trunk groups given as TrunkGroup outputs (so the engine creates them
 * first, and follows a rename), every change one PUT, bad input refused at
 * preview, and adoption.
 */
describe("EnterpriseTrunk through the test engine", function () {
    this.timeout(180_000);
    let sim: OdinSimulator;
    let dir: string;
    let n = 0;
    const newStack = () => new OdinStack(sim, `${dir}/s${++n}`, { config: { "odin:maxRetries": "0" } });
    const odinClient = () => new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD });
    const ets = (groupId?: string) => {
        const sp = sim.state().serviceProviders.find((s) => s.serviceProviderId === "SP1")!;
        return Object.fromEntries((sp.enterpriseTrunks ?? []).filter((et) => et.groupId === groupId).map((et) => [et.enterpriseTrunkName, et]));
    };
    const writes = () => sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");

    before(async () => {
        sim = await startOdin();
        dir = tempDir("et-lifecycle");
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("an enterprise trunk over two trunk groups of the program", () => {
        let stack: OdinStack;
        const tgs = [trunkGroup("ta", { name: "ET-A" }), trunkGroup("tb", { groupId: "G2", name: "ET-B" })];

        before(() => {
            stack = newStack();
        });

        it("preview checks only and writes nothing; up creates the trunk groups first, then the enterprise trunk with them; the next up changes nothing", async () => {
            stack.setResources([...tgs, enterpriseTrunk("main", { maximumRerouteAttempts: 3 }, { members: [{ name: "ta" }, { name: "tb" }] })]);
            sim.clearRequests();
            const preview = await stack.engine.preview();
            expect(requestsOf(preview.requests, "create")).to.deep.equal([]);
            expect(writes()).to.deep.equal([]);
            // What the preview reads: the two trunk groups' groups' capacity (each judged before any write).
            expect(sim.requests().filter((r) => r.method === "GET").map((r) => r.path)).to.have.members(["/groups/trunk-groups/call-capacity", "/groups/trunk-groups/call-capacity"]);

            const up = await stack.engine.up();
            expect(up.changes).to.include({ create: 4 });
            const posts = writes().map((w) => [w.method, w.path]);
            expect(posts).to.deep.equal([
                ["POST", "/groups/trunk-groups"],
                ["POST", "/groups/trunk-groups"],
                ["POST", "/service-providers/enterprise-trunks"],
            ]);
            expect(writes()[2].body).to.deep.equal({
                serviceProviderId: "SP1",
                enterpriseTrunkName: "MAIN",
                maximumRerouteAttempts: 3,
                routeExhaustionAction: "None",
                orderedRouting: { orderingAlgorithm: "Overflow" },
                trunkGroups: [
                    { groupId: "G1", trunkGroupName: "ET-A" },
                    { groupId: "G2", trunkGroupName: "ET-B" },
                ],
            });
            const main = stack.engine.resource("main")!;
            expect(main.type).to.equal(ET_TYPE);
            expect(main.id).to.equal("SP1//MAIN");
            expect(main.outputs).to.deep.include({ enterpriseTrunkName: "MAIN", maximumRerouteAttempts: 3 });
            expect(ets().MAIN.trunkGroups).to.deep.equal([
                { groupId: "G1", trunkGroupName: "ET-A" },
                { groupId: "G2", trunkGroupName: "ET-B" },
            ]);
            sim.clearRequests();
            await stack.engine.up({ expectNoChanges: true });
            expect(writes()).to.deep.equal([]);
        });

        it("every change is one sparse PUT: a number, then the routing switched to priority and weight with its members", async () => {
            stack.setResources([...tgs, enterpriseTrunk("main", { maximumRerouteAttempts: 5 }, { members: [{ name: "ta" }, { name: "tb" }] })]);
            sim.clearRequests();
            await stack.engine.up();
            expect(writes().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", enterpriseTrunkName: "MAIN", maximumRerouteAttempts: 5 }]);

            stack.setResources([
                ...tgs,
                enterpriseTrunk("main", { maximumRerouteAttempts: 5, orderedRouting: undefined, priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: 2 } }, { members: [{ name: "ta", priority: 1, weight: 3 }, { name: "tb", priority: 2, weight: 1 }] }),
            ]);
            sim.clearRequests();
            await stack.engine.up();
            expect(writes().map((w) => w.body)).to.deep.equal([
                {
                    serviceProviderId: "SP1",
                    enterpriseTrunkName: "MAIN",
                    priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: 2 },
                    trunkGroups: [
                        { groupId: "G1", trunkGroupName: "ET-A", priority: 1, weight: 3 },
                        { groupId: "G2", trunkGroupName: "ET-B", priority: 2, weight: 1 },
                    ],
                },
            ]);
            expect(ets().MAIN).to.not.have.property("orderedRouting");
            sim.clearRequests();
            await stack.engine.up({ expectNoChanges: true });
        });

        it("a trunk group renamed by the program is followed: the enterprise trunk holds it under its new name, and nothing is left to change", async () => {
            const renamedTgs = [trunkGroup("ta", { name: "ET-A2" }), tgs[1]];
            stack.setResources([...renamedTgs, enterpriseTrunk("main", { maximumRerouteAttempts: 5, orderedRouting: undefined, priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: 2 } }, { members: [{ name: "ta", priority: 1, weight: 3 }, { name: "tb", priority: 2, weight: 1 }] })]);
            const up = await stack.engine.up();
            // The trunk group's rename comes first; BroadWorks keeps the member under its new name.
            const updates = up.steps.filter((s) => s.op === "update").map((s) => s.name);
            expect(updates[0]).to.equal("ta");
            expect(ets().MAIN.trunkGroups![0]).to.deep.equal({ groupId: "G1", trunkGroupName: "ET-A2", priority: 1, weight: 3 });
            expect(stack.engine.resource("main")!.outputs.trunkGroups).to.deep.equal([
                { groupId: "G1", trunkGroupName: "ET-A2", priority: 1, weight: 3 },
                { groupId: "G2", trunkGroupName: "ET-B", priority: 2, weight: 1 },
            ]);
            await stack.engine.up({ expectNoChanges: true });
            tgs[0] = renamedTgs[0];
        });

        it("renaming the enterprise trunk is one PUT with newEnterpriseTrunkName; drift shows on refresh and the next up puts it back", async () => {
            stack.setResources([...tgs, enterpriseTrunk("main", { enterpriseTrunkName: "MAIN-2", maximumRerouteAttempts: 5, orderedRouting: undefined, priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: 2 } }, { members: [{ name: "ta", priority: 1, weight: 3 }, { name: "tb", priority: 2, weight: 1 }] })]);
            sim.clearRequests();
            await stack.engine.up();
            expect(writes().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", enterpriseTrunkName: "MAIN", newEnterpriseTrunkName: "MAIN-2" }]);
            expect(Object.keys(ets())).to.deep.equal(["MAIN-2"]);
            expect(stack.engine.resource("main")!.id).to.equal("SP1//MAIN");

            await odinClient().modifyEnterpriseTrunk({ serviceProviderId: "SP1", enterpriseTrunkName: "MAIN-2", maximumRerouteAttempts: 9 }, enterpriseTrunkCheck({ serviceProviderId: "SP1", enterpriseTrunkName: "MAIN-2" }, {}));
            const refresh = await stack.engine.refresh();
            expect(refresh.steps.find((s) => s.name === "main")!.detail).to.equal("update");
            sim.clearRequests();
            await stack.engine.up();
            expect(writes().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", enterpriseTrunkName: "MAIN-2", maximumRerouteAttempts: 5 }]);
        });

        it("destroy deletes the enterprise trunk before its trunk groups", async () => {
            sim.clearRequests();
            await stack.engine.destroy();
            expect(writes().map((w) => [w.method, w.path])).to.deep.equal([
                ["DELETE", "/service-providers/enterprise-trunks"],
                ["DELETE", "/groups/trunk-groups"],
                ["DELETE", "/groups/trunk-groups"],
            ]);
            expect(ets()).to.deep.equal({});
            expect(stack.engine.resources()).to.deep.equal([]);
        });
    });

    it("at group level: created under /groups/enterprise-trunks with its group's trunk groups; forwarding on and off", async () => {
        const stack = newStack();
        stack.setResources([trunkGroup("g1a", { name: "GL-A" }), enterpriseTrunk("local", { groupId: "G1", routeExhaustionAction: "Forward", routeExhaustionForwardAddress: "+15550100" }, { members: [{ name: "g1a" }] })]);
        sim.clearRequests();
        await stack.engine.up();
        expect(writes().map((w) => w.path)).to.deep.equal(["/groups/trunk-groups", "/groups/enterprise-trunks"]);
        expect(ets("G1").LOCAL).to.include({ routeExhaustionAction: "Forward", routeExhaustionForwardAddress: "+15550100" });
        expect(stack.engine.resource("local")!.id).to.equal("SP1/G1/LOCAL");
        // Back to no forwarding: one PUT of the action; the address no longer applies (BroadWorks may keep it), so it shows as unset and never as a change.
        stack.setResources([trunkGroup("g1a", { name: "GL-A" }), enterpriseTrunk("local", { groupId: "G1" }, { members: [{ name: "g1a" }] })]);
        sim.clearRequests();
        await stack.engine.up();
        expect(writes().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", groupId: "G1", enterpriseTrunkName: "LOCAL", routeExhaustionAction: "None" }]);
        expect(stack.engine.resource("local")!.outputs).to.include({ routeExhaustionAction: "None", routeExhaustionForwardAddress: null });
        await stack.engine.up({ expectNoChanges: true });
        await stack.engine.destroy();
        expect(ets("G1")).to.deep.equal({});
    });

    it("bad input is refused at preview, naming the field and what is allowed, before any request", async () => {
        const stack = newStack();
        const rows: Array<[Record<string, unknown>, RegExp]> = [
            [{ orderedRouting: undefined }, /an enterprise trunk needs one of orderedRouting .* and priorityWeightedRouting/],
            [{ priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: 1 } }, /orderedRouting and priorityWeightedRouting exclude each other/],
            [{ orderedRouting: { orderingAlgorithm: "Random" } }, /orderedRouting\.orderingAlgorithm must be one of "Ordered Load Balancing", "Overflow", "Most Idle", "Least Idle"/],
            [{ routeExhaustionAction: "Forward" }, /routeExhaustionForwardAddress is required when routeExhaustionAction is "Forward"/],
            [{ routeExhaustionForwardAddress: "+1555" }, /routeExhaustionForwardAddress is only used when routeExhaustionAction is "Forward"/],
            [{ maximumRerouteAttempts: 0 }, /maximumRerouteAttempts must be from 1 to 10, got 0/],
            [{ groupId: "G1", trunkGroups: [{ groupId: "G2", trunkGroupName: "X" }] }, /trunkGroups\[0\]\.groupId must be G1: a group's enterprise trunk holds only trunk groups of its own group/],
            [{ trunkGroups: [{ groupId: "G1", trunkGroupName: "X", priority: 1 }] }, /trunkGroups\[0\]: priority and weight are for priorityWeightedRouting/],
            [{ trunkGroups: [{ groupId: "G1" }] }, /trunkGroups\[0\]\.trunkGroupName is required/],
            [{ trunkGroups: "G1/X" }, /trunkGroups must be a list of an object with groupId, trunkGroupName, priority, weight, got the string "G1\/X"/],
            [{ capacityManagement: { maximumActiveCalls: 5 } }, /capacityManagement\.enabled is required/],
            [{ maximumRerouteAtempts: 2 }, /maximumRerouteAtempts is not a EnterpriseTrunk input; did you mean maximumRerouteAttempts\?/],
            [{ newEnterpriseTrunkName: "X" }, /newEnterpriseTrunkName is not a EnterpriseTrunk input: change `enterpriseTrunkName` and the enterprise trunk is renamed in place/],
        ];
        for (const [args, reason] of rows) {
            stack.setResources([enterpriseTrunk("bad", args)]);
            sim.clearRequests();
            const s = await stack.engine.preview({ expectFailure: true });
            expect(printedErrors(s), JSON.stringify(args)).to.match(reason);
            expect(sim.requests(), JSON.stringify(args)).to.deep.equal([]);
        }
    });

    describe("adoption", () => {
        const existing = { serviceProviderId: "SP1", enterpriseTrunkName: "EXISTING", maximumRerouteAttempts: 2, routeExhaustionAction: "None" as const, orderedRouting: { orderingAlgorithm: "Most Idle" as const } };
        beforeEach(async () => {
            const c = odinClient();
            const key = { serviceProviderId: "SP1", enterpriseTrunkName: "EXISTING" };
            await c.deleteEnterpriseTrunk(key, enterpriseTrunkCheck(key));
            await c.createEnterpriseTrunk(existing, enterpriseTrunkCheck(key, existing));
        });

        it("without adoptExisting the create fails before any write with the one line to add", async () => {
            const stack = newStack();
            stack.setResources([enterpriseTrunk("existing", { orderedRouting: { orderingAlgorithm: "Most Idle" }, maximumRerouteAttempts: 2 })]);
            sim.clearRequests();
            const s = await stack.engine.up({ expectFailure: true });
            expect(s.errors.join("\n")).to.contain('An enterprise trunk named "EXISTING" already exists in enterprise SP1, and this stack does not manage it. To take it over, add `adoptExisting: true`');
            expect(writes()).to.deep.equal([]);
            expect(stack.engine.resource("existing")).to.equal(undefined);
        });

        it("a match is adopted with zero writes; a difference fails naming both values; \"apply\" makes one sparse PUT", async () => {
            const stack = newStack();
            stack.setResources([enterpriseTrunk("existing", { orderedRouting: { orderingAlgorithm: "Most Idle" }, maximumRerouteAttempts: 4, adoptExisting: true })]);
            sim.clearRequests();
            const differs = await stack.engine.up({ expectFailure: true });
            expect(differs.errors.join("\n"))
                .to.contain('Enterprise trunk "EXISTING" in enterprise SP1 already exists but differs from the program, so it was not adopted and nothing was changed')
                .and.contain("maximumRerouteAttempts: BroadWorks has 2, the program declares 4");
            expect(writes()).to.deep.equal([]);

            stack.setResources([enterpriseTrunk("existing", { orderedRouting: { orderingAlgorithm: "Most Idle" }, maximumRerouteAttempts: 4, adoptExisting: "apply" })]);
            await stack.engine.up();
            expect(writes().map((w) => w.body)).to.deep.equal([{ serviceProviderId: "SP1", enterpriseTrunkName: "EXISTING", maximumRerouteAttempts: 4 }]);
            expect(stack.engine.resource("existing")!.outputs).to.include({ maximumRerouteAttempts: 4 });
            await stack.engine.up({ expectNoChanges: true });

            const second = newStack();
            second.setResources([enterpriseTrunk("existing", { orderedRouting: { orderingAlgorithm: "Most Idle" }, maximumRerouteAttempts: 4, adoptExisting: true })]);
            sim.clearRequests();
            await second.engine.up();
            expect(writes()).to.deep.equal([]);
            expect(second.engine.resource("existing")!.type).to.equal(ET_TYPE);
        });
    });

    it("the trunk groups it names are ordered by the engine: a program that adds both in one up creates the trunk group first", async () => {
        const stack = newStack();
        stack.setResources([trunkGroup("late", { name: "LATE" }), enterpriseTrunk("ordered", {}, { members: [{ name: "late" }] })]);
        const up = await stack.engine.up();
        const creates = up.steps.filter((s) => s.op === "create" && s.type !== "pulumi:pulumi:Stack").map((s) => s.type);
        expect(creates).to.deep.equal([TG_TYPE, ET_TYPE]);
        await stack.engine.destroy();
    });
});
