import { expect } from "chai";
import { UNKNOWN } from "../../provider/kit/schema";
import { resetForTests as resetTrunkGroup } from "../../provider/odin/trunkGroup/handlers";
import { PendingChanges } from "../../provider/plugin/pending";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { providerFor } from "./fixtures";

type Props = Record<string, any>;
const urn = (type: string, name: string) => `urn:pulumi:dev::proj::trunking:index:${type}::${name}`;
const TG = (name: string) => urn("TrunkGroup", name);
const CAP = (name: string) => urn("GroupTrunkingCapacity", name);
const FUNCTION = "trunking:index:getTrunkingCapacity";

describe("the plugin's pending changes: what a deployment has checked and not yet applied", () => {
    const sbc = { serviceProviderId: "SP1", groupId: "G2", name: "SBC Edge", maxActiveCalls: 15, sipAuthenticationPassword: "never-kept" };

    it("a checked create is pending until applied; an update whose diff finds no change is not; other kinds are not kept", () => {
        const p = new PendingChanges();
        p.checked(TG("sbc"), "odin:TrunkGroup", {}, sbc);
        p.checked(CAP("g2"), "odin:GroupTrunkingCapacity", { serviceProviderId: "SP1", groupId: "G2", maxActiveCalls: 30 }, { serviceProviderId: "SP1", groupId: "G2", maxActiveCalls: 50 });
        p.checked("urn:pulumi:dev::proj::trunking:index:WebexTrunk::w", "webex:Trunk", {}, { name: "w" });
        expect(p.size).to.equal(2);
        const { changes, unknown } = p.projection();
        expect(unknown).to.deep.equal([]);
        expect(changes.trunkGroups).to.deep.equal([{ urn: TG("sbc"), serviceProviderId: "SP1", groupId: "G2", name: "SBC Edge", maxActiveCalls: 15 }]);
        expect(changes.groupCapacities).to.deep.equal([{ urn: CAP("g2"), serviceProviderId: "SP1", groupId: "G2", maxActiveCalls: 50, burstingMaxActiveCalls: undefined }]);
        expect(changes.managed, "a create had nothing before").to.deep.equal([]);
        expect(JSON.stringify(p.projection()), "only the fields a report reads are kept").not.to.contain("never-kept");

        p.applied(TG("sbc"));
        p.diffed(CAP("g2"), false);
        expect(p.size).to.equal(0);
        p.checked(CAP("g2"), "odin:GroupTrunkingCapacity", {}, { serviceProviderId: "SP1", groupId: "G2", maxActiveCalls: 50 });
        p.diffed(CAP("g2"), undefined);
        expect(p.size, "a diff that does not say keeps it pending").to.equal(1);
    });

    it("a renamed trunk group's old inputs stand as what the stack has, so its old line leaves; a value unknown at preview is left out by name", () => {
        const p = new PendingChanges();
        p.checked(TG("pbx"), "odin:TrunkGroup", { serviceProviderId: "SP1", groupId: "G1", name: "Old", maxActiveCalls: 5 }, { serviceProviderId: "SP1", groupId: "G1", name: "New", maxActiveCalls: 5 });
        p.checked(TG("later"), "odin:TrunkGroup", {}, { serviceProviderId: "SP1", groupId: UNKNOWN, name: "Later", maxActiveCalls: 5 });
        const { changes, unknown } = p.projection();
        expect(changes.managed).to.deep.equal([{ urn: TG("pbx"), type: "pulumi-nodejs:dynamic/odin:TrunkGroup", outputs: { serviceProviderId: "SP1", groupId: "G1", name: "Old", maxActiveCalls: 5 } }]);
        expect(changes.trunkGroups.map((t) => t.name)).to.deep.equal(["New"]);
        expect(unknown).to.deep.equal(["later"]);
    });
});

describe("the plugin's getTrunkingCapacity projects the pending changes, against the Odin simulator", () => {
    let sim: OdinSimulator | undefined;
    afterEach(async () => {
        await sim?.close();
        sim = undefined;
        resetTrunkGroup();
    });

    const writes = (s: OdinSimulator) => s.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");
    const g2 = (report: Props) => report.groups.find((g: Props) => g.groupId === "G2");
    const capacity = { serviceProviderId: "SP1", groupId: "G2", maxActiveCalls: 50 };
    const sbc = { serviceProviderId: "SP1", groupId: "G2", name: "SBC Edge", maxActiveCalls: 15 };

    it("at preview (checked, nothing applied) the report is projected with before and nothing is written; once applied it is the live report again", async () => {
        sim = await startOdinSimulator();
        const p = providerFor(sim);
        const live = (await p.invoke(FUNCTION, { serviceProviderId: "SP1", groupIds: ["G2"] })).outputs;
        expect(live.projected, "nothing pending: the report as read").to.equal(undefined);
        expect(g2(live).maxActiveCalls).to.equal(30);

        expect((await p.check(CAP("g2"), {}, capacity)).failures).to.deep.equal([]);
        expect((await p.check(TG("sbc"), {}, sbc)).failures).to.deep.equal([]);
        const preview = (await p.invoke(FUNCTION, { serviceProviderId: "SP1", groupIds: ["G2"] })).outputs;
        expect(preview.projected).to.equal(true);
        expect(g2(preview).maxActiveCalls).to.equal(50);
        expect(g2(preview).trunkGroups.map((t: Props) => t.name)).to.include("SBC Edge");
        expect(g2(preview).trunkGroupsCallCapacityTotal).to.equal(g2(live).trunkGroupsCallCapacityTotal + 15);
        expect(g2(preview).before).to.include({ maxActiveCalls: 30, trunkGroupsCallCapacityTotal: g2(live).trunkGroupsCallCapacityTotal });
        expect(g2(preview).callCapacityOversubscribed).to.equal(false);
        expect(writes(sim), "a preview writes nothing").to.deep.equal([]);

        // up: the engine applies both before the invoke that waits for them.
        await p.create(CAP("g2"), capacity);
        await p.create(TG("sbc"), sbc);
        expect(p.pending.size).to.equal(0);
        const after = (await p.invoke(FUNCTION, { serviceProviderId: "SP1", groupIds: ["G2"] })).outputs;
        expect(after.projected, "applied: the report as read").to.equal(undefined);
        const { projected: _p, before: _b, ...projectedRest } = preview;
        const expected = { ...projectedRest, groups: preview.groups.map(({ before: _x, ...g }: Props) => g) };
        expect(after, "the preview's projection is what up leads to").to.deep.equal(expected);
    });

    it("a pending change that would oversubscribe a group is warned at preview in the future tense; deny fails it before anything is written", async () => {
        sim = await startOdinSimulator();
        const warned: string[] = [];
        const p = providerFor(sim, {}, warned);
        await p.check(TG("sbc"), {}, { ...sbc, maxActiveCalls: 10 });
        const report = (await p.invoke(FUNCTION, { serviceProviderId: "SP1", groupIds: ["G2"] })).outputs;
        expect(report.projected).to.equal(true);
        expect(warned.filter((l) => /group G2\b.* will be oversubscribed/.test(l)), warned.join("\n")).to.have.length(1);

        const deny = providerFor(sim, { odinOversubscription: "deny" });
        await deny.check(TG("sbc"), {}, { ...sbc, maxActiveCalls: 10 });
        let denied: Error | undefined;
        try {
            await deny.invoke(FUNCTION, { serviceProviderId: "SP1", groupIds: ["G2"] });
        } catch (e) {
            denied = e as Error;
        }
        expect(denied?.message).to.match(/after this change one part of service provider SP1 would be oversubscribed\. Nothing was changed\./);
        expect(writes(sim)).to.deep.equal([]);
    });

    it("a resource whose values are unknown at preview is shown as it is now, and says so", async () => {
        sim = await startOdinSimulator();
        const warned: string[] = [];
        const p = providerFor(sim, {}, warned);
        await p.check(TG("sbc"), {}, { ...sbc, groupId: UNKNOWN });
        const report = (await p.invoke(FUNCTION, { serviceProviderId: "SP1", groupIds: ["G2"] })).outputs;
        expect(report.projected).to.equal(undefined);
        expect(warned.join("\n")).to.contain("sbc's values are not known yet");
    });
});
