import { expect } from "chai";
import { ApiError } from "../../provider/http/errors";
import { MAX_SETTLE_READS, settledRead } from "../../provider/kit/settle";
import { isCapacityError, isNotFound, isPilotBlocksDelete } from "../../provider/odin/errors";
import { trunkGroupAnswerProblem } from "../../provider/capacity/rules";
import { answerProblem } from "../../provider/kit/answers";
import { TRUNK_GROUP } from "../../provider/odin/trunkGroup/schema";
import { isNotFound as isWebexNotFound } from "../../provider/webex/errors";
import { pageProblem } from "../../provider/webex/pagination";
import { trunkCheck } from "../../provider/webex/trunk/handlers";
import { usageProblem } from "../../provider/webex/trunk/usage";

/**
 * Issue 13, hostile answers judged without a server: what may reach the state
 * from a 2xx body, what counts as "gone", what counts as a capacity refusal,
 * and how many reads a disagreeing answer costs.
 */
const KEY = { serviceProviderId: "SP1", groupId: "G1", name: "PBX A" };
const ALWAYS = {
    enableBursting: false,
    capacityExceededTrapInitialCalls: 0,
    capacityExceededTrapOffsetCalls: 0,
    invitationTimeout: 6,
    requireAuthentication: false,
    allowTerminationToTrunkGroupIdentity: false,
    allowTerminationToDtgIdentity: false,
    includeTrunkGroupIdentity: false,
    includeDtgIdentity: false,
    includeTrunkGroupIdentityForNetworkCalls: false,
    includeOtgIdentityForNetworkCalls: false,
    enableNetworkAddressIdentity: false,
    allowUnscreenedCalls: false,
    allowUnscreenedEmergencyCalls: false,
    pilotUserCallingLineIdentityForExternalCallsPolicy: "No Calls",
    pilotUserChargeNumberPolicy: "No Calls",
    pilotUserCallingLineIdentityForEmergencyCallsPolicy: "No Calls",
    pilotUserCallingLineAssertedIdentityPolicy: "Unscreened Originating Calls",
    useSystemCallingLineAssertedIdentityPolicy: false,
    pilotUserCallOptimizationPolicy: "Optimize For User Services",
    clidSourceForScreenedCallsPolicy: "Profile Name Profile Number",
    useSystemCLIDSourceForScreenedCallsPolicy: false,
    userLookupPolicy: "Basic",
    useSystemUserLookupPolicy: true,
    routeToPeeringDomain: false,
    prefixEnabled: false,
    statefulReroutingEnabled: false,
    sendContinuousOptionsMessage: false,
    continuousOptionsSendingIntervalSeconds: 30,
    failureOptionsSendingIntervalSeconds: 10,
    failureThresholdCounter: 1,
    successThresholdCounter: 1,
    inviteFailureThresholdCounter: 1,
    inviteFailureThresholdWindowSeconds: 30,
};
const PROFILE = { ...KEY, maxActiveCalls: 10, maxIncomingCalls: 4, ...ALWAYS, users: [] };

/** A trunk group profile as the TrunkGroup resource judges it (the capacity report has its own, laxer rule). */
const profileProblem = (data: unknown, key: object, expect: object = {}) => answerProblem(TRUNK_GROUP, data, { key, ...expect });
const trunkProblem = (data: unknown, id: string) => trunkCheck(id)(data);

const apiError = (status: number, apiMessage: string, apiBody = true) => new ApiError({ api: "Odin", method: "POST", path: "/x", status, apiMessage, attempts: 1, apiBody });

describe("answers judged before they reach the state (issue 13)", () => {
    describe("a trunk group profile", () => {
        it("the real profile passes, complete and with what was written", () => {
            expect(profileProblem(PROFILE, KEY, { complete: true, written: { maxIncomingCalls: 4, maxOutgoingCalls: null } })).to.equal(undefined);
            // Odin sends numeric-looking names as numbers.
            expect(profileProblem({ ...PROFILE, name: 1234 }, { ...KEY, name: "1234" }, { complete: true })).to.equal(undefined);
        });

        const bad: Array<[string, unknown, RegExp, object?]> = [
            ["an empty list", [], /not a trunk group profile \(a list\)/],
            ["null", null, /not a trunk group profile \(null\)/],
            ["another trunk group's profile", { ...PROFILE, name: "PBX B" }, /another trunk group \(name "PBX B"/],
            ["another group's", { ...PROFILE, groupId: "G2" }, /another trunk group \(groupId "G2"/],
            ["serviceProviderId absent", { ...PROFILE, serviceProviderId: undefined }, /serviceProviderId is missing/, { complete: true }],
            ['maxActiveCalls: "lots"', { ...PROFILE, maxActiveCalls: "lots" }, /maxActiveCalls is the text "lots", not a whole number/],
            ["a number turned into text", { ...PROFILE, invitationTimeout: "lots" }, /invitationTimeout is the text "lots", not a whole number/],
            ["a boolean turned into text", { ...PROFILE, enableBursting: "false" }, /enableBursting is the text "false", not true or false/],
            ["an always-reported field dropped", { ...PROFILE, invitationTimeout: undefined }, /invitationTimeout is missing \(BroadWorks always reports it\)/, { complete: true }],
            ["a field just written dropped", { ...PROFILE, maxIncomingCalls: undefined }, /maxIncomingCalls is missing, although it is set/, { written: { maxIncomingCalls: 4 } }],
            ["a field just cleared still there", PROFILE, /maxIncomingCalls is still reported, although it was cleared/, { written: { maxIncomingCalls: null } }],
            ["users not a list", { ...PROFILE, users: "x" }, /users is the text "x", not a list/],
        ];
        for (const [what, data, reason, expect_] of bad) {
            it(`refuses ${what}`, () => {
                expect(profileProblem(data, KEY, expect_ as object)).to.match(reason);
            });
        }

        it("a lenient read (discovery, and the capacity report's own rule) takes a profile without the identity or the always-reported fields", () => {
            expect(profileProblem({ name: "PBX A", maxActiveCalls: 3 }, KEY)).to.equal(undefined);
            expect(trunkGroupAnswerProblem("PBX A")({ name: "PBX A", maxActiveCalls: 3 })).to.equal(undefined);
            expect(trunkGroupAnswerProblem("PBX A")({ name: "PBX B", maxActiveCalls: 3 })).to.match(/another trunk group \(name "PBX B"/);
            expect(trunkGroupAnswerProblem("PBX A")({ name: "PBX A", maxActiveCalls: "3" })).to.match(/maxActiveCalls is not a whole number/);
        });
    });

    describe("a Webex trunk, a page, a usage answer", () => {
        const trunk = { id: "T1", name: "LGW", location: { id: "L1", name: "Boston" }, trunkType: "REGISTERING", maxConcurrentCalls: 250, dualIdentitySupportEnabled: true };
        it("the real trunk passes; another trunk, a dropped name, a number as text do not", () => {
            expect(trunkProblem(trunk, "T1")).to.equal(undefined);
            expect(trunkProblem({ ...trunk, id: "T2" }, "T1")).to.match(/another trunk \(id "T2"\)/);
            expect(trunkProblem({ ...trunk, name: undefined }, "T1")).to.match(/name is missing/);
            expect(trunkProblem({ ...trunk, maxConcurrentCalls: "lots" }, "T1")).to.match(/maxConcurrentCalls is the text "lots", not a whole number/);
            expect(trunkProblem([], "T1")).to.match(/not a trunk \(a list\)/);
        });
        it("a page must hold its list, each item with an id (and a name, for trunks)", () => {
            expect(pageProblem({ trunks: [{ id: "T1", name: "LGW" }] }, "trunks")).to.equal(undefined);
            expect(pageProblem({ trunks: [] }, "trunks")).to.equal(undefined);
            expect(pageProblem({}, "trunks")).to.match(/no "trunks" list/);
            expect(pageProblem({ trunks: [{ id: "T1" }] }, "trunks")).to.match(/no id or no name/);
            expect(pageProblem([], "trunks")).to.match(/a bare list/);
        });
        it("usage counts must be counts", () => {
            expect(usageProblem({ routeGroupCount: "2", dialPlanCount: 0 })).to.equal(undefined);
            expect(usageProblem({ routeGroupCount: "lots" })).to.match(/routeGroupCount is not a count/);
        });
    });

    describe("what an error means", () => {
        it("gone only by the API's own not-found body, never a proxy's 404 page", () => {
            expect(isNotFound(apiError(404, "Trunk Group not found: X"))).to.equal(true);
            expect(isNotFound(apiError(404, "the server answered with an HTML page", false))).to.equal(false);
            expect(isWebexNotFound(apiError(404, "not found"))).to.equal(true);
            expect(isWebexNotFound(apiError(404, "nginx page", false))).to.equal(false);
        });

        it("a capacity refusal by its sentence; a field name with 'capacity' in it is not one", () => {
            expect(isCapacityError(apiError(400, "[Error 4503] Trunk group max active calls 60 exceeds the group trunking call capacity 50"))).to.equal(true);
            expect(isCapacityError(apiError(400, "[Error 4962] Request validation failed: capacityExceededTrapInitialCalls must be 0 to 999999 (got -1)"))).to.equal(false);
            expect(isCapacityError(apiError(400, "capacityExceededAction must be one of \"Forward\", \"Reroute\""))).to.equal(false);
            expect(isCapacityError(apiError(400, "Trunk group max active calls 60 exceeds the group trunking call capacity 50", false))).to.equal(false);
        });

        it("the pilot refusal of a delete", () => {
            expect(isPilotBlocksDelete(apiError(400, '[Error 4515] Cannot delete trunk group "X" while it has a pilot user (p@x); clear pilotUserId first'))).to.equal(true);
            expect(isPilotBlocksDelete(apiError(400, "[Error 4008] User not found: p@x"))).to.equal(false);
        });
    });

    describe("a read that disagrees is read again until two answers agree", () => {
        const reader = (answers: number[]) => {
            let n = 0;
            return { reads: () => n, read: async () => answers[n++] };
        };
        it("an answer showing what is expected is taken at once", async () => {
            const r = reader([5]);
            expect(await settledRead({ what: "x", read: r.read, expected: (a) => a === 5, same: (a, b) => a === b })).to.equal(5);
            expect(r.reads()).to.equal(1);
        });
        it("a dropped field (one odd answer) costs one more read; drift is taken once two answers agree", async () => {
            const odd = reader([0, 5]);
            expect(await settledRead({ what: "x", read: odd.read, expected: (a) => a === 5, same: (a, b) => a === b })).to.equal(5);
            const drift = reader([7, 7]);
            expect(await settledRead({ what: "x", read: drift.read, expected: (a) => a === 5, same: (a, b) => a === b })).to.equal(7);
            expect(drift.reads()).to.equal(2);
        });
        it("answers that keep disagreeing are an error, never a value", async () => {
            const r = reader([1, 2, 3, 4, 5]);
            const e = await settledRead({ what: 'Trunk group "X"', read: r.read, expected: () => false, same: (a, b) => a === b }).catch((x: Error) => x);
            expect((e as Error).message).to.match(/^Trunk group "X": 4 reads in a row gave different answers.*Run the command again$/);
            expect(r.reads()).to.equal(MAX_SETTLE_READS);
        });
    });
});
