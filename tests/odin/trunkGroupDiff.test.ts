import { expect } from "chai";
import { checkInputs } from "../../provider/kit/check";
import { TRUNK_GROUP } from "../../provider/odin/trunkGroup/schema";
import { diffInputs } from "../../provider/kit/diff";
import { UNKNOWN } from "../../provider/kit/schema";
import { outputsOf } from "../../provider/kit/state";

const base = { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 30 };
const checked = (x: Record<string, unknown>) => checkInputs(TRUNK_GROUP, {}, x).inputs;

/** What the API answers for a freshly created trunk group: inputs plus server defaults and read-only fields. */
function serverOutputs(inputs: Record<string, unknown>): Record<string, unknown> {
    return {
        ...inputs,
        enableBursting: false,
        allowUnscreenedCalls: false,
        trunkGroupState: "Available",
        totalActiveIncomingCalls: 0,
        users: [],
    };
}

describe("TrunkGroup diff", () => {
    it("reports no change for an unchanged program, whatever the server adds", () => {
        const news = checked(base);
        expect(diffInputs(TRUNK_GROUP, serverOutputs(news), news)).to.include({ changes: false });
    });

    it("ignores Odin's numbers-for-strings and null-vs-absent", () => {
        const news = checked({ ...base, prefixEnabled: true, prefix: "9001", otgDtgIdentity: "12345" });
        const olds = { ...serverOutputs(news), prefix: 9001, otgDtgIdentity: 12345, maxIncomingCalls: null };
        expect(diffInputs(TRUNK_GROUP, olds, { ...news, maxIncomingCalls: undefined }).changes).to.equal(false);
    });

    it("numbers and booleans change in place", () => {
        const news = checked(base);
        const d = diffInputs(TRUNK_GROUP, serverOutputs(news), { ...news, maxActiveCalls: 40, enableBursting: true });
        expect(d).to.deep.equal({ changes: true, changedKeys: ["maxActiveCalls", "enableBursting"], replaces: [], deleteBeforeReplace: false });
    });

    it("enums change in place", () => {
        const news = checked(base);
        expect(diffInputs(TRUNK_GROUP, serverOutputs(news), { ...news, userLookupPolicy: "Extended" }).changedKeys).to.deep.equal(["userLookupPolicy"]);
    });

    it("serviceProviderId and groupId replace; name renames in place", () => {
        const news = checked(base);
        const olds = serverOutputs(news);
        expect(diffInputs(TRUNK_GROUP, olds, { ...news, groupId: "G2" }).replaces).to.deep.equal(["groupId"]);
        expect(diffInputs(TRUNK_GROUP, olds, { ...news, serviceProviderId: "SP2" }).replaces).to.deep.equal(["serviceProviderId"]);
        const rename = diffInputs(TRUNK_GROUP, olds, { ...news, name: "PBX B" });
        expect(rename.changes).to.equal(true);
        expect(rename.replaces).to.deep.equal([]);
    });

    it("nested keys compare on the keys the program gave", () => {
        const news = checked({ ...base, accessDevice: { deviceLevel: "Group", deviceName: "sbc1", serviceProviderId: "SP1", groupId: "G1" } });
        const profile = { ...serverOutputs(news), accessDevice: { deviceLevel: "Group", deviceName: "sbc1" } };
        const olds = outputsOf(TRUNK_GROUP, profile, news, Object.keys(news));
        expect(diffInputs(TRUNK_GROUP, olds, news).changes).to.equal(false);
        expect(diffInputs(TRUNK_GROUP, olds, { ...news, accessDevice: { deviceLevel: "Group", deviceName: "sbc1", serviceProviderId: "SP1", groupId: "G2" } }).changedKeys).to.deep.equal(["accessDevice"]);
        expect(diffInputs(TRUNK_GROUP, olds, { ...news, accessDevice: { deviceLevel: "Group", deviceName: "sbc2" } }).changedKeys).to.deep.equal(["accessDevice"]);
    });

    it("detects a changed secret password without revealing it", () => {
        const news = checked({ ...base, requireAuthentication: true, sipAuthenticationUserName: "pbxa", sipAuthenticationPassword: "old-secret" });
        const olds = serverOutputs(news);
        const d = diffInputs(TRUNK_GROUP, olds, { ...news, sipAuthenticationPassword: "new-secret" });
        expect(d.changedKeys).to.deep.equal(["sipAuthenticationPassword"]);
        expect(JSON.stringify(d)).not.to.contain("secret");
        expect(diffInputs(TRUNK_GROUP, olds, news).changes).to.equal(false);
    });

    it("cannot claim a password change when no previous password is known (imported)", () => {
        const news = checked({ ...base, requireAuthentication: true, sipAuthenticationUserName: "pbxa", sipAuthenticationPassword: "pw-1234" });
        const { sipAuthenticationPassword: _p, ...olds } = serverOutputs(news);
        expect(diffInputs(TRUNK_GROUP, olds, news).changes).to.equal(false);
    });

    it("treats unknown preview values as changes", () => {
        const news = checked(base);
        expect(diffInputs(TRUNK_GROUP, serverOutputs(news), { ...news, maxActiveCalls: UNKNOWN }).changedKeys).to.deep.equal(["maxActiveCalls"]);
        expect(diffInputs(TRUNK_GROUP, serverOutputs(news), { ...news, groupId: UNKNOWN }).replaces).to.deep.equal(["groupId"]);
    });

    it("a removed field becomes a change through check's reset", () => {
        const first = checked({ ...base, prefixEnabled: true, prefix: "9" });
        const second = checkInputs(TRUNK_GROUP, first, base).inputs;
        expect(diffInputs(TRUNK_GROUP, serverOutputs(first), second).changedKeys.sort()).to.deep.equal(["prefix", "prefixEnabled"]);
        // Once applied, the reset values are stable: no perpetual diff.
        const applied = { ...serverOutputs(second), prefix: null, prefixEnabled: false };
        expect(diffInputs(TRUNK_GROUP, applied, checkInputs(TRUNK_GROUP, second, base).inputs).changes).to.equal(false);
    });
});
