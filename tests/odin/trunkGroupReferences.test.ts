import { expect } from "chai";
import { ApiError } from "../../provider/http/errors";
import { pilotNotHosted, referenceRefusal } from "../../provider/odin/trunkGroup/references";

const KEY = { serviceProviderId: "SP1", groupId: "G1", name: "PBX A" };

/** Odin's error body as the transport reads it: `error` is the message, `details` the rest. */
const odin400 = (error: string, details?: string) =>
    new ApiError({ api: "Odin", method: "PUT", path: "/api/v2/groups/trunk-groups", status: 400, apiMessage: error, details, attempts: 1 });

describe("TrunkGroup references: a refusal about what the trunk group names", () => {
    it("BroadWorks' [Error 4008] User not found for the pilot names pilotUserId, for a create and for an update", () => {
        const e = odin400("[Error 4008] User not found: pilot@example.net");
        const update = referenceRefusal(e, { pilotUserId: "pilot@example.net" }, KEY, "update");
        expect(update).to.match(/^pilotUserId: user "pilot@example.net" not found: BroadWorks knows no user with this id \(it must be a user of group G1\)\. The trunk group was not changed\./);
        expect(update).to.include("[Error 4008] User not found: pilot@example.net");
        expect(referenceRefusal(e, { pilotUserId: "pilot@example.net" }, KEY, "create")).to.include("Nothing was created");
    });

    it("names the access device, the department and each reroute target by the value BroadWorks quotes", () => {
        expect(referenceRefusal(odin400("[Error 4152] Access Device not found: sbc-9"), { accessDevice: { deviceLevel: "Service Provider", deviceName: "sbc-9" } }, KEY, "update")).to.match(
            /^accessDevice: access device "sbc-9" \(Service Provider level\) not found: it must exist at that level \(service provider SP1\)/,
        );
        expect(referenceRefusal(odin400("Department not found", "Sales"), { department: { name: "Sales" } }, KEY, "create")).to.match(/^department: department "Sales" not found in group G1 or enterprise SP1\. Nothing was created/);
        const target = { serviceProviderId: "SP1", groupId: "G2", name: "Overflow" };
        expect(referenceRefusal(odin400("Trunk Group not found: SP1/G2/Overflow"), { unreachableDestinationRerouteTrunkGroupKey: target }, KEY, "update")).to.match(
            /^unreachableDestinationRerouteTrunkGroupKey: the trunk group to reroute to, SP1\/G2\/Overflow, not found/,
        );
    });

    it("pins nothing on a field whose value the refusal does not quote", () => {
        // The trunk group's own not-found, a validation error, and another user's 4008 are not about these fields.
        const body = { pilotUserId: "a@example.net", accessDevice: { deviceLevel: "Group" as const, deviceName: "sbc-1" }, department: { name: "Sales" } };
        expect(referenceRefusal(odin400("Trunk Group not found: PBX A"), body, KEY, "update")).to.equal(undefined);
        expect(referenceRefusal(odin400("[Error 4962] Request validation failed: invitationTimeout"), body, KEY, "update")).to.equal(undefined);
        expect(referenceRefusal(odin400("[Error 4008] User not found: b@example.net"), body, KEY, "update")).to.equal(undefined);
    });

    it("the pilot must be among the hosted users the trunk group's GET lists", () => {
        expect(pilotNotHosted("a@x", KEY, [{ userId: "a@x" }])).to.equal(undefined);
        expect(pilotNotHosted("a@x", KEY, undefined)).to.equal(undefined); // not listed: BroadWorks judges
        expect(pilotNotHosted("a@x", KEY, [])).to.include('pilotUserId: user "a@x" is not a hosted user of trunk group "PBX A" (it hosts no users)');
        expect(pilotNotHosted("a@x", KEY, [{ userId: "b@x" }])).to.include('(it hosts "b@x")').and.include("The trunk group was not changed");
    });
});
