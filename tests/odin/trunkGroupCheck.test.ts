import { expect } from "chai";
import { checkInputs } from "../../provider/kit/check";
import { TRUNK_GROUP } from "../../provider/odin/trunkGroup/schema";
import { UNKNOWN, fieldsWhere } from "../../provider/kit/schema";

const base = { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 30 };

function reasons(news: unknown, olds: unknown = {}): string[] {
    return checkInputs(TRUNK_GROUP, olds, news).failures.map((f) => `${f.property}: ${f.reason}`);
}

describe("TrunkGroup check", () => {
    it("accepts a minimal trunk group and fills the seed-001 create defaults so the plan shows them", () => {
        const r = checkInputs(TRUNK_GROUP, {}, base);
        expect(r.failures).to.deep.equal([]);
        const defaulted = fieldsWhere(TRUNK_GROUP, (s) => s.createDefault !== undefined);
        expect(defaulted).to.have.length(18);
        for (const k of defaulted) {
            expect(r.inputs[k], k).to.equal(TRUNK_GROUP.fields[k].createDefault);
        }
        // Real booleans, not odins_spear's "true"/"false" strings.
        expect(r.inputs.requireAuthentication).to.equal(false);
        expect(r.inputs.useSystemUserLookupPolicy).to.equal(true);
        expect(r.inputs.invitationTimeout).to.equal(6);
    });

    it("keeps values the program sets over the defaults", () => {
        const r = checkInputs(TRUNK_GROUP, {}, { ...base, invitationTimeout: 10, userLookupPolicy: "Extended" });
        expect(r.inputs.invitationTimeout).to.equal(10);
        expect(r.inputs.userLookupPolicy).to.equal("Extended");
    });

    describe("identity", () => {
        for (const field of ["serviceProviderId", "groupId", "name"]) {
            it(`requires ${field}`, () => {
                const news: Record<string, unknown> = { ...base };
                delete news[field];
                expect(reasons(news)).to.deep.include(`${field}: ${field} is required: a string of 1 to 30 characters`);
            });
            it(`rejects an empty or over-long ${field}`, () => {
                expect(reasons({ ...base, [field]: "" }).join()).to.contain(`${field} must not be empty (1 to 30 characters)`);
                expect(reasons({ ...base, [field]: "x".repeat(31) }).join()).to.contain(`${field} must be 1 to 30 characters, got 31`);
            });
        }
        it("names the wrong type", () => {
            expect(reasons({ ...base, groupId: 7 })).to.deep.equal([
                "groupId: groupId must be a string of 1 to 30 characters, got number 7",
            ]);
        });
    });

    describe("numbers", () => {
        it("requires maxActiveCalls", () => {
            const { maxActiveCalls: _m, ...rest } = base;
            expect(reasons(rest)).to.deep.equal(["maxActiveCalls: maxActiveCalls is required: an integer from 1 to 999999"]);
        });
        it("rejects out-of-range, fractional, unlimited and string numbers with the allowed range", () => {
            expect(reasons({ ...base, maxActiveCalls: 0 })).to.deep.equal(["maxActiveCalls: maxActiveCalls must be from 1 to 999999, got 0"]);
            expect(reasons({ ...base, maxActiveCalls: 2.5 })[0]).to.contain("must be an integer from 1 to 999999, got number 2.5");
            expect(reasons({ ...base, maxActiveCalls: -1 })[0]).to.contain("cannot be -1 (unlimited)");
            expect(reasons({ ...base, maxActiveCalls: "30" })[0]).to.contain('got the string "30"');
            expect(reasons({ ...base, invitationTimeout: 256 })[0]).to.contain("invitationTimeout must be from 1 to 255, got 256");
            expect(reasons({ ...base, continuousOptionsSendingIntervalSeconds: 29 })[0]).to.contain("from 30 to 86400");
            expect(reasons({ ...base, inviteFailureThresholdWindowSeconds: 241 })[0]).to.contain("from 30 to 240");
        });
        it("keeps incoming/outgoing limits within maxActiveCalls", () => {
            expect(reasons({ ...base, maxIncomingCalls: 31 })).to.deep.equal([
                "maxIncomingCalls: maxIncomingCalls (31) cannot exceed maxActiveCalls (30)",
            ]);
        });
    });

    describe("booleans and bursting", () => {
        it("rejects string booleans", () => {
            expect(reasons({ ...base, enableBursting: "true" })[0]).to.equal(
                'enableBursting: enableBursting must be true or false, got the string "true"',
            );
        });
        it("rejects bursting limits without bursting", () => {
            expect(reasons({ ...base, burstingMaxActiveCalls: 5 })).to.deep.equal([
                "burstingMaxActiveCalls: burstingMaxActiveCalls is only used when enableBursting is true; set enableBursting: true or remove burstingMaxActiveCalls",
            ]);
            expect(reasons({ ...base, enableBursting: true, burstingMaxActiveCalls: 5 })).to.deep.equal([]);
        });
    });

    describe("enums", () => {
        it("lists the allowed values and suggests the nearest", () => {
            const [r] = reasons({ ...base, userLookupPolicy: "basic" });
            expect(r).to.contain('userLookupPolicy must be one of "Basic", "Extended", got the string "basic"');
            expect(r).to.contain('did you mean "Basic"?');
            expect(reasons({ ...base, pilotUserCallingLineAssertedIdentityPolicy: "No Calls" })[0]).to.contain(
                '"All Originating Calls", "Unscreened Originating Calls"',
            );
        });
        it("requires the target of a Forward or Reroute action", () => {
            expect(reasons({ ...base, capacityExceededAction: "Forward" })).to.deep.equal([
                'capacityExceededForwardAddress: capacityExceededForwardAddress is required when capacityExceededAction is "Forward"',
            ]);
            expect(reasons({ ...base, unreachableDestinationAction: "Reroute" })[0]).to.contain("unreachableDestinationRerouteTrunkGroupKey is required");
        });
    });

    describe("unknown and read-only keys", () => {
        it("suggests the nearest valid name", () => {
            expect(reasons({ ...base, maxActiveCall: 3 })).to.deep.include(
                "maxActiveCall: maxActiveCall is not a TrunkGroup input; did you mean maxActiveCalls? (see TrunkGroupArgs for the allowed fields)",
            );
        });
        it("explains read-only fields and newName", () => {
            expect(reasons({ ...base, trunkGroupState: "Available" })[0]).to.contain("trunkGroupState is read-only");
            expect(reasons({ ...base, newName: "B" })[0]).to.contain("change `name`");
        });
    });

    describe("nested keys", () => {
        it("validates accessDevice, department and reroute keys field by field", () => {
            expect(reasons({ ...base, accessDevice: { deviceLevel: "Group", deviceName: "sbc1" } })).to.deep.equal([]);
            expect(reasons({ ...base, accessDevice: { deviceLevel: "Site", deviceName: "sbc1" } })[0]).to.contain(
                'accessDevice.deviceLevel must be one of "System", "Service Provider", "Group"',
            );
            expect(reasons({ ...base, accessDevice: { deviceLevel: "Group", deviceNmae: "x" } })[0]).to.contain(
                "accessDevice.deviceNmae is not allowed (allowed: deviceLevel, deviceName, serviceProviderId, groupId); did you mean deviceName?",
            );
            expect(reasons({ ...base, department: {} })[0]).to.contain("department.name is required");
            expect(
                reasons({ ...base, capacityExceededAction: "Reroute", capacityExceededRerouteTrunkGroupKey: { serviceProviderId: "SP1", groupId: "G1" } })[0],
            ).to.contain("capacityExceededRerouteTrunkGroupKey.name is required");
        });
    });

    describe("secrets", () => {
        const secret = "s3cret-Passw0rd";
        it("requires user name and password when authentication is on", () => {
            expect(reasons({ ...base, requireAuthentication: true }).sort()).to.deep.equal([
                "sipAuthenticationPassword: sipAuthenticationPassword is required when requireAuthentication is true",
                "sipAuthenticationUserName: sipAuthenticationUserName is required when requireAuthentication is true",
            ]);
        });
        it("refuses SIP credentials while authentication is off (they would never be stored)", () => {
            expect(reasons({ ...base, sipAuthenticationUserName: "u", sipAuthenticationPassword: secret })).to.have.length(2);
        });
        it("never echoes the password in a failure", () => {
            const all = [
                ...reasons({ ...base, requireAuthentication: true, sipAuthenticationUserName: "u", sipAuthenticationPassword: secret + "x".repeat(60) }),
                ...reasons({ ...base, sipAuthenticationPassword: secret }),
            ].join("\n");
            expect(all).to.contain("sipAuthenticationPassword must be 4 to 60 characters, got 75");
            expect(all).not.to.contain(secret);
        });
    });

    describe("removed fields and preview", () => {
        it("resets a field the program stopped declaring to its default, or clears it", () => {
            const olds = { ...base, invitationTimeout: 12, prefix: "9", prefixEnabled: true, enableBursting: true };
            const r = checkInputs(TRUNK_GROUP, olds, base);
            expect(r.failures).to.deep.equal([]);
            expect(r.inputs.invitationTimeout).to.equal(6);
            expect(r.inputs.prefix).to.equal(null);
            expect(r.inputs.prefixEnabled).to.equal(false);
            expect(r.inputs.enableBursting).to.equal(false);
        });
        it("skips values that are unknown during preview", () => {
            expect(reasons({ ...base, maxActiveCalls: UNKNOWN, requireAuthentication: true, sipAuthenticationUserName: UNKNOWN, sipAuthenticationPassword: UNKNOWN })).to.deep.equal([]);
        });
        it("passes the serialized provider through untouched", () => {
            expect(checkInputs(TRUNK_GROUP, {}, { ...base, __provider: "text" }).inputs.__provider).to.equal("text");
        });
        it("returns a failure instead of throwing on a non-object", () => {
            expect(checkInputs(TRUNK_GROUP, undefined, 42).failures[0].reason).to.contain("must be an object");
        });
    });
});
