import { expect } from "chai";
import { handlers as trunkGroupHandlers } from "../../provider/odin/trunkGroup/handlers";
import { checkInputs } from "../../provider/kit/check";
import { TRUNK_GROUP } from "../../provider/odin/trunkGroup/schema";
import { WEBEX_TRUNK } from "../../provider/webex/trunk/schema";
import type { CheckResult } from "../../provider/util/check";

/**
 * Issue 13, hostile input: control characters in any string field of either
 * resource, huge unknown keys and values, and secrets too short to scrub are
 * refused by check, before any request, with messages that name the field
 * and never echo the whole value.
 */
const TG = { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 10 };
const WX = { name: "LGW 1", locationId: "loc-1", trunkType: "REGISTERING", password: "Trunk-Passw0rd#1" };

const CONTROLS: Array<[string, string]> = [
    ["a newline", "PBX\nA"],
    ["CR/LF with header text", "PBX\r\nX-Injected: 1"],
    ["NUL", "PBX\u0000A"],
    ["a tab", "PBX\tA"],
    ["an ANSI escape", "\u001b[31mPBX\u001b[0m"],
    ["DEL", "PBX\u007f"],
    ["a C1 control", "PBX\u0085"],
    ["a line separator", "PBX\u2028A"],
];

function failureOf(r: CheckResult, property: string): string {
    const f = r.failures.find((x) => x.property === property);
    expect(f, `no failure for ${property}: ${JSON.stringify(r.failures)}`).to.not.equal(undefined);
    return f!.reason;
}

describe("check refuses hostile input (issue 13)", () => {
    describe("control characters, in every string field of both resources", () => {
        for (const [what, text] of CONTROLS) {
            for (const field of ["name", "groupId", "serviceProviderId", "otgDtgIdentity", "sipAuthenticationUserName"]) {
                it(`TrunkGroup ${field} with ${what}`, () => {
                    const extra = field === "sipAuthenticationUserName" ? { requireAuthentication: true, sipAuthenticationPassword: "Sip-Passw0rd" } : {};
                    const reason = failureOf(checkInputs(TRUNK_GROUP, {}, { ...TG, ...extra, [field]: text }), field);
                    expect(reason).to.match(new RegExp(`^${field} must not contain control characters .* at character \\d+`));
                    expect(reason).to.not.contain(text);
                });
            }
            for (const field of ["name", "locationId", "deviceType"]) {
                it(`WebexTrunk ${field} with ${what}`, () => {
                    const reason = failureOf(checkInputs(WEBEX_TRUNK, {}, { ...WX, [field]: text }), field);
                    expect(reason).to.match(/must not contain control characters/);
                });
            }
        }

        it("inside an object field (accessDevice.deviceName)", () => {
            const reason = failureOf(checkInputs(TRUNK_GROUP, {}, { ...TG, accessDevice: { deviceLevel: "Group", deviceName: "dev\r\nX: y" } }), "accessDevice");
            expect(reason).to.match(/^accessDevice\.deviceName must not contain control characters/);
        });

        it("in a secret: says where, never what", () => {
            const password = "Sip-Pass\nword-9";
            const reason = failureOf(checkInputs(TRUNK_GROUP, {}, { ...TG, requireAuthentication: true, sipAuthenticationUserName: "u1", sipAuthenticationPassword: password }), "sipAuthenticationPassword");
            expect(reason).to.match(/must not contain control characters .*got one at character 9/);
            expect(reason).to.not.contain("Sip-Pass");
            const webex = failureOf(checkInputs(WEBEX_TRUNK, {}, { ...WX, password: "Trunk\u001bPassw0rd" }), "password");
            expect(webex).to.not.contain("Passw0rd");
        });

        it("plain text still passes (spaces, accents, punctuation)", () => {
            expect(checkInputs(TRUNK_GROUP, {}, { ...TG, name: "PBX Zürich-2 (main)" }).failures).to.deep.equal([]);
            expect(checkInputs(WEBEX_TRUNK, {}, { ...WX, name: "LGW São Paulo" }).failures).to.deep.equal([]);
        });
    });

    describe("sizes", () => {
        it("a 1,000,000-character unknown key is refused fast and shown cut short", () => {
            const key = "k".repeat(1_000_000);
            const started = Date.now();
            const r = checkInputs(TRUNK_GROUP, {}, { ...TG, [key]: 1 });
            expect(Date.now() - started).to.be.below(500);
            expect(r.failures).to.have.length(1);
            const f = r.failures[0];
            expect(f.reason).to.match(/^"k{64}…" \(1000000 characters\) is not a TrunkGroup input/);
            expect(f.reason.length).to.be.below(300);
            expect(f.property.length).to.be.below(100);
        });

        it("a key with control characters is shown escaped", () => {
            const r = checkInputs(TRUNK_GROUP, {}, { ...TG, "evil\u001b[2Jkey": 1 });
            expect(r.failures[0].reason).to.contain('"evil\\u001b[2Jkey" is not a TrunkGroup input');
            expect(r.failures[0].reason).to.not.contain("\u001b");
        });

        it("a 1,000,000-character value is described by its length, not echoed", () => {
            const r = checkInputs(TRUNK_GROUP, {}, { ...TG, name: "n".repeat(1_000_000) });
            expect(failureOf(r, "name")).to.equal("name must be 1 to 30 characters, got 1000000");
            const w = checkInputs(WEBEX_TRUNK, {}, { ...WX, trunkType: "x".repeat(1_000_000) });
            expect(failureOf(w, "trunkType").length).to.be.below(300);
        });

        it("thousands of unknown keys give a bounded list of failures", () => {
            const junk = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`junk${i}`, i]));
            const r = checkInputs(TRUNK_GROUP, {}, { ...TG, ...junk });
            expect(r.failures).to.have.length(21);
            expect(r.failures[20].reason).to.equal("4980 more keys are not TrunkGroup inputs either (see TrunkGroupArgs for the allowed fields)");
        });

        it("the host's check answers a huge key quickly too (the secret scrub included)", async () => {
            const started = Date.now();
            const r = await trunkGroupHandlers.check({}, { ...TG, ["x".repeat(1_000_000)]: "v" });
            expect(Date.now() - started).to.be.below(1000);
            expect(r.failures![0].reason.length).to.be.below(300);
        });
    });

    describe("secrets too short to scrub never exist", () => {
        it("a 3-character SIP password is refused, naming the minimum; 4 passes", () => {
            const base = { ...TG, requireAuthentication: true, sipAuthenticationUserName: "u1" };
            const reason = failureOf(checkInputs(TRUNK_GROUP, {}, { ...base, sipAuthenticationPassword: "abc" }), "sipAuthenticationPassword");
            expect(reason).to.match(/^sipAuthenticationPassword must be 4 to 60 characters, got 3 \(shorter secrets cannot be kept out of logs/);
            expect(checkInputs(TRUNK_GROUP, {}, { ...base, sipAuthenticationPassword: "abcd" }).failures).to.deep.equal([]);
        });

        it("a 3-character Webex trunk password is refused the same way", () => {
            const reason = failureOf(checkInputs(WEBEX_TRUNK, {}, { ...WX, password: "a#1" }), "password");
            expect(reason).to.match(/^password must be at least 4 characters, got 3/);
            expect(reason).to.not.contain("a#1");
        });
    });
});
