import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OdinSimulator, sampleSeed, startOdinSimulator } from "../../provider/simulator";
import { LifecycleHarness } from "../harness/harness";

// The examples compile separately (they import the package by name); load the built program.
const { quickstart } = require("../../examples/quickstart/program") as { quickstart: () => Record<string, unknown> };

const SIP = "Quickstart-Sip-Secret-1";
const API_PASSWORD = "Odin-Api-Passw0rd-QS";

describe("quickstart through the lifecycle harness", function () {
    this.timeout(120_000);
    let sim: OdinSimulator;
    let dir: string;
    let harness: LifecycleHarness;
    const config: Record<string, string> = {};

    const writes = () => sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");
    const names = (g: string) =>
        ((sim.state().serviceProviders[0].groups ?? []).find((x) => x.groupId === g)?.trunkGroups ?? []).map((t) => String(t.name)).sort();
    const tg = (g: string, name: string) =>
        ((sim.state().serviceProviders[0].groups ?? []).find((x) => x.groupId === g)?.trunkGroups ?? []).find((t) => t.name === name) as Record<string, any>;

    before(async () => {
        const seed = sampleSeed();
        seed.logins = [{ username: "pulumi", password: API_PASSWORD }];
        sim = await startOdinSimulator({ seed });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "quickstart-"));
        Object.assign(config, {
            "odin:baseUrl": sim.url,
            "odin:username": "pulumi",
            "odin:password": API_PASSWORD,
            "trunking-quickstart:pbxASipPassword": SIP,
        });
        harness = new LifecycleHarness({
            stateFile: path.join(dir, "state.json"),
            config,
            secretConfig: ["odin:password", "trunking-quickstart:pbxASipPassword"],
        });
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("preview plans three creates and writes nothing", async () => {
        const s = await harness.preview(quickstart);
        expect(s.creates).to.equal(3);
        expect(writes()).to.have.length(0);
        expect(fs.existsSync(path.join(dir, "state.json"))).to.equal(false);
    });

    it("up creates exactly the declared trunk groups and exports the capacity report", async () => {
        const s = await harness.up(quickstart);
        expect(s).to.include({ creates: 3, updates: 0, deletes: 0 });
        expect(names("G1")).to.deep.equal(["G1-TG1", "G1-TG2", "PBX A", "PBX B"]);
        expect(names("G2")).to.deep.equal(["G2-TG1", "SBC Edge"]);
        expect(tg("G1", "PBX A")).to.include({ maxActiveCalls: 20, requireAuthentication: true, sipAuthenticationUserName: "pbxa", sipAuthenticationPassword: SIP });
        expect(tg("G1", "PBX B")).to.include({ enableBursting: true, burstingMaxActiveCalls: 5 });
        expect(tg("G2", "SBC Edge")).to.include({ capacityExceededAction: "Forward", sendContinuousOptionsMessage: true });
        const capacity = s.outputs.capacity as any;
        expect(capacity.serviceProviderId).to.equal("SP1");
        const g1 = capacity.groups.find((g: any) => g.groupId === "G1");
        // The report reflects the trunk groups this very run applied.
        expect(g1.trunkGroups.map((t: any) => t.name).sort()).to.deep.equal(["G1-TG1", "G1-TG2", "PBX A", "PBX B"]);
        expect(g1.trunkGroupsCallCapacityTotal).to.equal(20 + 10 + 20 + 10);
        const ids = (s.outputs.trunkGroups as any[]).map((t) => t.id);
        expect(ids).to.deep.equal(["SP1/G1/PBX%20A", "SP1/G1/PBX%20B", "SP1/G2/SBC%20Edge"]);
    });

    it("keeps secrets encrypted in the saved state and marked secret", () => {
        const text = fs.readFileSync(path.join(dir, "state.json"), "utf8");
        expect(text).not.to.contain(SIP);
        expect(text).not.to.contain(API_PASSWORD);
        expect(text).to.contain("4dabf18193072939515e22adb298388d");
        const pbxA = Object.values(harness.resources()).find((r) => r.name === "pbx-a")!;
        expect(pbxA.secretKeys).to.include("sipAuthenticationPassword");
        expect(pbxA.outputs.sipAuthenticationPassword).to.equal(SIP);
    });

    it("a second up reports zero changes and sends zero writes", async () => {
        sim.clearRequests();
        const s = await harness.up(quickstart);
        expect(s.changes).to.deep.equal([]);
        expect(s.sames).to.equal(3);
        expect(writes()).to.have.length(0);
    });

    it("a changed maxActiveCalls is one update and one PUT", async () => {
        sim.clearRequests();
        config["trunking-quickstart:pbxAMaxActiveCalls"] = "25";
        const s = await harness.up(quickstart);
        expect(s.changes.map((c) => c.op)).to.deep.equal(["update"]);
        expect(writes().map((r) => [r.method, r.body])).to.deep.equal([
            ["PUT", { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 25 }],
        ]);
        expect(tg("G1", "PBX A").maxActiveCalls).to.equal(25);
    });

    it("a rename is one in-place rename", async () => {
        sim.clearRequests();
        config["trunking-quickstart:pbxAName"] = "PBX Alpha";
        const s = await harness.up(quickstart);
        expect(s.changes.map((c) => c.op)).to.deep.equal(["update"]);
        expect(writes().map((r) => [r.method, r.body])).to.deep.equal([
            ["PUT", { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", newName: "PBX Alpha" }],
        ]);
        expect(names("G1")).to.deep.equal(["G1-TG1", "G1-TG2", "PBX Alpha", "PBX B"]);
        expect((await harness.up(quickstart)).changes).to.deep.equal([]);
    });

    it("refresh after an out-of-band change shows the drift; the next up puts it back", async () => {
        const { OdinClient } = await import("../../provider/odin/client");
        await new OdinClient({ baseUrl: sim.url, username: "pulumi", password: API_PASSWORD }).modifyTrunkGroup({
            serviceProviderId: "SP1",
            groupId: "G2",
            name: "SBC Edge",
            maxActiveCalls: 3,
        });
        const r = await harness.refresh();
        expect(r.changes.map((c) => c.op)).to.deep.equal(["refresh"]);
        const s = await harness.up(quickstart);
        expect(s.changes.map((c) => c.op)).to.deep.equal(["update"]);
        expect(tg("G2", "SBC Edge").maxActiveCalls).to.equal(15);
    });

    it("destroy removes everything it created and nothing else", async () => {
        const s = await harness.destroy();
        expect(s.deletes).to.equal(3);
        expect(names("G1")).to.deep.equal(["G1-TG1", "G1-TG2"]);
        expect(names("G2")).to.deep.equal(["G2-TG1"]);
        expect(Object.keys(harness.resources())).to.have.length(0);
    });

    it("nothing the provider hosts printed contains a credential", () => {
        for (const s of [SIP, API_PASSWORD]) {
            expect(harness.logs()).not.to.contain(s);
        }
    });
});
