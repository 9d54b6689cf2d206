import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { OdinClient } from "../../provider/odin/client";
import { OdinSimulator, sampleSeed, startOdinSimulator } from "../../provider/simulator";
import type { TrunkingCapacityReport } from "../../provider/capacity/types";
import { TestEngine, type RunSummary } from "../engine";
import { tempDir } from "../engine/fixtures";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";

const SBC_EDGE = { serviceProviderId: "SP1", groupId: "G2", name: "SBC Edge" };

/** A report's numbers, without what only a projection carries, trunk groups by name. */
function numbers(r: TrunkingCapacityReport) {
    const { projected: _p, before: _b, ...rest } = r;
    return { ...rest, groups: rest.groups.map(({ before: _gb, ...g }) => ({ ...g, trunkGroups: [...g.trunkGroups].sort((x, y) => x.name.localeCompare(y.name)) })) };
}

/** The compiled quickstart (examples/ compile after the package, importing it by name as users do). */
const QUICKSTART = path.resolve(__dirname, "..", "..", "examples", "quickstart");

const SIP = "Quickstart-Sip-Secret-1";
const API_PASSWORD = "Odin-Api-Passw0rd-QS";

/**
 * examples/quickstart as `pulumi preview/up/refresh/destroy` run it, through
 * the test engine. Its trunk group names are fixed, so every stack here has a
 * simulator of its own; the first tests read one stack that `before` previews
 * and applies once.
 */
describe("examples/quickstart through the test engine", function () {
    this.timeout(180_000);
    let dir: string;
    const sims: OdinSimulator[] = [];
    let n = 0;

    /** A simulator with the sample data and a stack of the quickstart on it, configured as the README says. */
    async function quickstartStack(): Promise<{ sim: OdinSimulator; engine: TestEngine; stateFile: string }> {
        const seed = sampleSeed();
        seed.logins = [{ username: "pulumi", password: API_PASSWORD }];
        const sim = await startOdinSimulator({ seed });
        sims.push(sim);
        const stateFile = path.join(dir, `state-${++n}.json`);
        const engine = new TestEngine({
            programDir: QUICKSTART,
            project: "trunking-quickstart",
            stateFile,
            config: { "odin:baseUrl": sim.url, "odin:username": "pulumi", "odin:password": API_PASSWORD, "trunking-quickstart:pbxASipPassword": SIP },
            secretConfig: ["odin:password", "trunking-quickstart:pbxASipPassword"],
        });
        return { sim, engine, stateFile };
    }
    const writesOf = (sim: OdinSimulator) => sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");
    const groupOf = (sim: OdinSimulator, g: string) => (sim.state().serviceProviders[0].groups ?? []).find((x) => x.groupId === g)?.trunkGroups ?? [];
    const names = (sim: OdinSimulator, g: string) => groupOf(sim, g).map((t) => String(t.name)).sort();
    const tg = (sim: OdinSimulator, g: string, name: string) => groupOf(sim, g).find((t) => t.name === name) as Record<string, any>;

    before(() => {
        dir = tempDir("quickstart");
    });
    after(async () => {
        await Promise.all(sims.map((s) => s.close()));
        fs.rmSync(dir, { recursive: true, force: true });
    });

    describe("previewed, then applied once", () => {
        let sim: OdinSimulator;
        let engine: TestEngine;
        let preview: RunSummary;
        let stateAfterPreview: boolean;
        let up: RunSummary;

        before(async () => {
            let stateFile: string;
            ({ sim, engine, stateFile } = await quickstartStack());
            preview = await engine.preview();
            stateAfterPreview = fs.existsSync(stateFile);
            up = await engine.up();
        });

        it("preview plans the creates, writes nothing and saves no state; its capacity report is the one the up leads to", () => {
            expect(preview.changes).to.deep.equal({ create: 5 }); // the stack, G1's capacity and three trunk groups
            expect(preview.requests.map((r) => r.method)).to.not.include.members(["create", "update", "delete"]);
            expect(stateAfterPreview).to.equal(false);
            const projected = preview.outputs.capacity as TrunkingCapacityReport;
            expect(projected.projected).to.equal(true);
            const g1 = projected.groups.find((g) => g.groupId === "G1")!;
            expect(g1).to.deep.include({ maxActiveCalls: 70, trunkGroupsCallCapacityTotal: 60, callCapacityOversubscribed: false });
            expect(g1.before).to.deep.include({ maxActiveCalls: 50, trunkGroupsCallCapacityTotal: 30 });
            // The sample data's G2 is full already: the preview says what SBC Edge does to it (odin:oversubscription: warn).
            expect(preview.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message)).to.deep.equal([
                "group G2 (Group Two) will be oversubscribed: its trunk groups take 45 calls against a capacity of 30 (G2-TG1 30, SBC Edge 15) (odin:oversubscription: warn)",
            ]);
            expect(numbers(projected)).to.deep.equal(numbers(up.outputs.capacity as TrunkingCapacityReport));
        });

        it("up raises G1's capacity, then creates exactly the declared trunk groups, and exports the capacity report taken after them", () => {
            expect(up.changes).to.deep.equal({ create: 5 });
            expect(writesOf(sim).map((w) => `${w.method} ${w.path}`)[0]).to.equal("PUT /groups/trunk-groups/call-capacity");
            expect(sim.state().serviceProviders[0].groups![0].trunkGroupCallCapacity!.maxActiveCalls).to.equal(70);
            expect(names(sim, "G1")).to.deep.equal(["G1-TG1", "G1-TG2", "PBX A", "PBX B"]);
            expect(names(sim, "G2")).to.deep.equal(["G2-TG1", "SBC Edge"]);
            expect(tg(sim, "G1", "PBX A")).to.include({ maxActiveCalls: 20, requireAuthentication: true, sipAuthenticationUserName: "pbxa", sipAuthenticationPassword: SIP });
            expect(tg(sim, "G1", "PBX B")).to.include({ enableBursting: true, burstingMaxActiveCalls: 5 });
            expect(tg(sim, "G2", "SBC Edge")).to.include({ capacityExceededAction: "Forward", sendContinuousOptionsMessage: true });
            const capacity = up.outputs.capacity as any;
            expect(capacity.serviceProviderId).to.equal("SP1");
            const g1 = capacity.groups.find((g: any) => g.groupId === "G1");
            // The report reflects the trunk groups this very run applied.
            expect(g1.trunkGroups.map((t: any) => t.name).sort()).to.deep.equal(["G1-TG1", "G1-TG2", "PBX A", "PBX B"]);
            expect(g1.trunkGroupsCallCapacityTotal).to.equal(20 + 10 + 20 + 10);
            expect((up.outputs.trunkGroups as any[]).map((t) => t.id)).to.deep.equal(["SP1/G1/PBX%20A", "SP1/G1/PBX%20B", "SP1/G2/SBC%20Edge"]);
            expect(engine.stackOutputs().outputs.capacity).to.deep.equal(capacity);
        });

        it("keeps secrets encrypted in the checkpoint and marked secret, and no provider host printed a credential", () => {
            const text = engine.stateText();
            expect(text).not.to.contain(SIP);
            expect(text).not.to.contain(API_PASSWORD);
            expect(text).to.contain("4dabf18193072939515e22adb298388d");
            const pbxA = engine.resource("pbx-a")!;
            expect(pbxA.secretInputs).to.include("sipAuthenticationPassword");
            expect(pbxA.secretOutputs).to.include("sipAuthenticationPassword");
            expect(pbxA.outputs.sipAuthenticationPassword).to.equal(SIP);
            for (const s of [SIP, API_PASSWORD]) {
                expect(engine.hostOutput()).not.to.contain(s);
                expect(preview.program!.stdout + up.program!.stdout).not.to.contain(s);
            }
        });

        it("a second up reports zero changes and sends zero writes", async () => {
            sim.clearRequests();
            const s = await engine.up({ expectNoChanges: true });
            expect(s.changes).to.deep.equal({ same: 5 });
            expect(writesOf(sim)).to.deep.equal([]);
        });
    });

    it("a changed maxActiveCalls is one update and one PUT; a rename one in-place rename; then nothing to do", async () => {
        const { sim, engine } = await quickstartStack();
        await engine.up();

        sim.clearRequests();
        engine.setConfig("trunking-quickstart:pbxAMaxActiveCalls", "25");
        const changed = await engine.up();
        expect(changed.steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.name}`)).to.deep.equal(["update pbx-a"]);
        expect(writesOf(sim).map((r) => [r.method, r.body])).to.deep.equal([["PUT", { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 25 }]]);
        expect(tg(sim, "G1", "PBX A").maxActiveCalls).to.equal(25);

        sim.clearRequests();
        engine.setConfig("trunking-quickstart:pbxAName", "PBX Alpha");
        const renamed = await engine.up();
        expect(renamed.changes).to.deep.equal({ update: 1, same: 4 });
        expect(writesOf(sim).map((r) => [r.method, r.body])).to.deep.equal([["PUT", { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", newName: "PBX Alpha" }]]);
        expect(names(sim, "G1")).to.deep.equal(["G1-TG1", "G1-TG2", "PBX Alpha", "PBX B"]);

        expect((await engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: 5 });
    });

    it("refresh after an out-of-band change shows the drift; the next up puts it back", async () => {
        const { sim, engine } = await quickstartStack();
        await engine.up();
        await new OdinClient({ baseUrl: sim.url, username: "pulumi", password: API_PASSWORD }).modifyTrunkGroup({ ...SBC_EDGE, maxActiveCalls: 3 }, profileCheck(SBC_EDGE, {}));
        const r = await engine.refresh();
        expect(r.steps.filter((x) => x.detail === "update").map((x) => x.name)).to.deep.equal(["sbc-edge"]);
        expect(engine.resource("sbc-edge")!.outputs.maxActiveCalls).to.equal(3);
        const s = await engine.up();
        expect(s.steps.filter((x) => x.op !== "same").map((x) => `${x.op} ${x.name}`)).to.deep.equal(["update sbc-edge"]);
        expect(tg(sim, "G2", "SBC Edge").maxActiveCalls).to.equal(15);
    });

    it("destroy removes everything it created and nothing else", async () => {
        const { sim, engine } = await quickstartStack();
        await engine.up();
        const s = await engine.destroy();
        expect(s.changes).to.deep.equal({ delete: 5 });
        expect(names(sim, "G1")).to.deep.equal(["G1-TG1", "G1-TG2"]);
        // G1's capacity is left as the quickstart set it (its GroupTrunkingCapacity does not restore on delete), and destroy says so.
        expect(sim.state().serviceProviders[0].groups![0].trunkGroupCallCapacity!.maxActiveCalls).to.equal(70);
        expect(s.diagnostics.some((d) => d.message.includes("Group G1 of SP1: its settings are left as they are (maxActiveCalls)"))).to.equal(true);
        expect(names(sim, "G2")).to.deep.equal(["G2-TG1"]);
        expect(engine.state().resources).to.deep.equal([]);
    });
});
