import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { getTrunkingCapacity } from "../../provider/capacity/function";
import { OdinClient } from "../../provider/odin/client";
import { handlers as trunkGroupHandlers } from "../../provider/odin/trunkGroup/handlers";
import { FaultRule, OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { handlers as webexHandlers } from "../../provider/webex/trunk/handlers";

/**
 * A table of bad inputs across both resources, the capacity function and the
 * API's answers. Every row must end in an error that names the field (or the
 * call) and what is allowed, and no row may change anything on the server.
 */
type Row = [label: string, input: Record<string, unknown>, expected: RegExp];

const TG = { serviceProviderId: "SP1", groupId: "G1", name: "PBX A", maxActiveCalls: 10 };
const tgRows: Row[] = [
    ["missing serviceProviderId", { ...TG, serviceProviderId: undefined }, /serviceProviderId is required: a string of 1 to 30 characters/],
    ["missing groupId", { ...TG, groupId: undefined }, /groupId is required: a string of 1 to 30 characters/],
    ["missing name", { ...TG, name: undefined }, /name is required: a string of 1 to 30 characters/],
    ["missing maxActiveCalls", { ...TG, maxActiveCalls: undefined }, /maxActiveCalls is required: an integer from 1 to 999999/],
    ["empty name", { ...TG, name: "" }, /name must not be empty \(1 to 30 characters\)/],
    ["blank groupId", { ...TG, groupId: "   " }, /groupId must not be empty/],
    ["over-long name", { ...TG, name: "n".repeat(31) }, /name must be 1 to 30 characters, got 31/],
    ["over-long serviceProviderId", { ...TG, serviceProviderId: "s".repeat(40) }, /serviceProviderId must be 1 to 30 characters, got 40/],
    ["name of the wrong type", { ...TG, name: 42 }, /name must be a string of 1 to 30 characters, got number 42/],
    ["maxActiveCalls as a string", { ...TG, maxActiveCalls: "10" }, /maxActiveCalls must be an integer from 1 to 999999, got the string "10"/],
    ["maxActiveCalls zero", { ...TG, maxActiveCalls: 0 }, /maxActiveCalls must be from 1 to 999999, got 0/],
    ["maxActiveCalls fractional", { ...TG, maxActiveCalls: 1.5 }, /maxActiveCalls must be an integer from 1 to 999999/],
    ["maxActiveCalls unlimited", { ...TG, maxActiveCalls: -1 }, /maxActiveCalls cannot be -1 \(unlimited\)/],
    ["maxIncomingCalls unlimited", { ...TG, maxIncomingCalls: -1 }, /maxIncomingCalls cannot be -1 \(unlimited\)/],
    ["invitationTimeout above 255", { ...TG, invitationTimeout: 300 }, /invitationTimeout must be from 1 to 255, got 300/],
    ["failureThresholdCounter zero", { ...TG, failureThresholdCounter: 0 }, /failureThresholdCounter must be from 1 to 60, got 0/],
    ["continuousOptionsSendingIntervalSeconds too low", { ...TG, continuousOptionsSendingIntervalSeconds: 5 }, /from 30 to 86400, got 5/],
    ["unknown enum value", { ...TG, userLookupPolicy: "Full" }, /userLookupPolicy must be one of "Basic", "Extended", got the string "Full"/],
    ["enum in the wrong case", { ...TG, pilotUserChargeNumberPolicy: "no calls" }, /pilotUserChargeNumberPolicy must be one of .*did you mean "No Calls"\?/],
    ["unknown key, near a real one", { ...TG, maxActivCalls: 3 }, /maxActivCalls is not a TrunkGroup input; did you mean maxActiveCalls\?/],
    ["unknown key, far from any", { ...TG, colour: "blue" }, /colour is not a TrunkGroup input \(see TrunkGroupArgs/],
    ["read-only key", { ...TG, totalActiveIncomingCalls: 3 }, /totalActiveIncomingCalls is read-only/],
    ["boolean as a string", { ...TG, enableBursting: "false" }, /enableBursting must be true or false, got the string "false"/],
    ["authentication without credentials", { ...TG, requireAuthentication: true }, /sipAuthenticationUserName is required when requireAuthentication is true/],
    ["SIP password without authentication", { ...TG, sipAuthenticationPassword: "Pw-123456" }, /sipAuthenticationPassword is only used when requireAuthentication is true/],
    ["over-long SIP password", { ...TG, requireAuthentication: true, sipAuthenticationUserName: "u", sipAuthenticationPassword: "p".repeat(61) }, /sipAuthenticationPassword must be 4 to 60 characters, got 61/],
    ["bursting limit without bursting", { ...TG, burstingMaxActiveCalls: 3 }, /burstingMaxActiveCalls is only used when enableBursting is true; set enableBursting: true or remove burstingMaxActiveCalls/],
    ["incoming above max", { ...TG, maxIncomingCalls: 11 }, /maxIncomingCalls \(11\) cannot exceed maxActiveCalls \(10\)/],
    ["Forward without address", { ...TG, capacityExceededAction: "Forward" }, /capacityExceededForwardAddress is required when capacityExceededAction is "Forward"/],
    ["prefix with letters", { ...TG, prefixEnabled: true, prefix: "9a" }, /prefix must be in digits only, got the string "9a"/],
    ["trunk group identity not user@domain", { ...TG, trunkGroupIdentity: "pbx" }, /trunkGroupIdentity must be in user@domain form/],
    ["access device with an unknown level", { ...TG, accessDevice: { deviceLevel: "Site", deviceName: "sbc" } }, /accessDevice.deviceLevel must be one of "System", "Service Provider", "Group"/],
    ["reroute key missing its name", { ...TG, unreachableDestinationAction: "Reroute", unreachableDestinationRerouteTrunkGroupKey: { serviceProviderId: "SP1", groupId: "G1" } }, /unreachableDestinationRerouteTrunkGroupKey.name is required/],
];

const WX = { name: "LGW", locationId: "loc-1", password: "Trunk-Passw0rd", trunkType: "REGISTERING" };
const webexRows: Row[] = [
    ["webex: missing name", { ...WX, name: undefined }, /name is required: the trunk name, unique in the org, at most 24 characters/],
    ["webex: empty password", { ...WX, password: "" }, /password must not be empty/],
    ["webex: password with ! or ?", { ...WX, password: "Trunk-Passw0rd!" }, /password must not contain "\?" or "!": Webex rejects them \(error 25015/],
    ["webex: unknown trunk type", { ...WX, trunkType: "SIP" }, /trunkType must be one of "REGISTERING", "CERTIFICATE_BASED", got the string "SIP"/],
    ["webex: over-long name", { ...WX, name: "x".repeat(30) }, /name is 30 characters; Webex accepts trunk names of at most 24/],
    ["webex: certificate-based without address", { ...WX, trunkType: "CERTIFICATE_BASED" }, /address is required when trunkType is "CERTIFICATE_BASED": the SBC's FQDN or SRV address/],
    ["webex: port out of range", { ...WX, trunkType: "CERTIFICATE_BASED", address: "sbc.example.com", domain: "example.com", port: 70000, maxConcurrentCalls: 10 }, /port must be from 1 to 65535, got 70000/],
    ["webex: maxConcurrentCalls zero", { ...WX, maxConcurrentCalls: 0 }, /maxConcurrentCalls must be at least 1, got 0/],
    ["webex: unknown P-Charge-Info policy", { ...WX, pChargeInfoSupportPolicy: "ON" }, /pChargeInfoSupportPolicy must be one of "DISABLED", "ASSERTED_IDENTITY", "CONFIGURABLE_CHARGE_NUMBER"/],
    ["webex: unknown key", { ...WX, nmae: "x" }, /nmae is not a WebexTrunk input; did you mean name\? \(see WebexTrunkArgs for the allowed fields\)/],
    ["webex: locationId of the wrong type", { ...WX, locationId: 5 }, /locationId must be a string, got number 5/],
];

const capacityRows: Array<[string, Record<string, unknown>, RegExp]> = [
    ["capacity: missing serviceProviderId", {}, /serviceProviderId is required: a string of 1 to 30 characters/],
    ["capacity: over-long serviceProviderId", { serviceProviderId: "s".repeat(31) }, /serviceProviderId is required: a string of 1 to 30 characters/],
    ["capacity: concurrency zero", { serviceProviderId: "SP1", concurrency: 0 }, /concurrency must be an integer from 1 to 64, got 0/],
    ["capacity: groupIds not a list", { serviceProviderId: "SP1", groupIds: "G1" }, /groupIds must be a list of non-empty group ids/],
    ["capacity: includeEnterpriseTrunks not boolean", { serviceProviderId: "SP1", includeEnterpriseTrunks: "yes" }, /includeEnterpriseTrunks must be true or false/],
];

const HTML = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
const apiRows: Array<[string, FaultRule, "read" | "delete" | "capacity", RegExp]> = [
    ["an HTML error page from a proxy", { kind: "status", status: 502, body: HTML, contentType: "text/html", method: "GET", path: "/groups/trunk-groups" }, "read", /HTML page \("502 Bad Gateway"\)/],
    ["a plain-text error body", { kind: "status", status: 500, body: "upstream exploded", contentType: "text/plain", method: "GET", path: "/groups/trunk-groups" }, "read", /HTTP 500 — unexpected response body: upstream exploded/],
    ["an empty error body", { kind: "status", status: 500, body: "", contentType: "text/plain", method: "GET", path: "/groups/trunk-groups" }, "read", /HTTP 500 with an empty body/],
    // A delete sends its DELETE first (issue 16), so the lookup that meets the cut answer is a read's.
    ["truncated JSON on a lookup", { kind: "truncate", method: "GET", path: "/groups/trunk-groups" }, "read", /response body is not valid JSON \(truncated or malformed/],
    ["truncated JSON in the capacity report", { kind: "truncate", method: "GET", path: "/service-providers/trunk-groups/call-capacity/reports" }, "capacity", /call-capacity\/reports failed: HTTP 200 — the response body is not valid JSON/],
];

describe("bad input table: a clear error for each, and no API write", function () {
    this.timeout(60_000);
    let sim: OdinSimulator;
    const writes = () => sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");
    const h = trunkGroupHandlers as Required<pulumi.dynamic.ResourceProvider>;
    const w = webexHandlers as Required<pulumi.dynamic.ResourceProvider>;
    const cfg = (url: string, extra: Record<string, string> = {}) => {
        const values: Record<string, string> = { "odin:baseUrl": url, "odin:username": "admin", "odin:password": "admin", "odin:maxRetries": "1", ...extra };
        return { config: { get: (k: string) => values[k] } } as unknown as pulumi.dynamic.ConfigureRequest;
    };

    before(async () => {
        sim = await startOdinSimulator();
        await h.configure(cfg(sim.url));
        await w.configure({ config: { get: () => undefined } } as unknown as pulumi.dynamic.ConfigureRequest);
    });
    after(async () => sim?.close());

    it("has at least 40 rows", () => {
        expect(tgRows.length + webexRows.length + capacityRows.length + apiRows.length).to.be.at.least(40);
    });

    for (const [label, input, expected] of tgRows) {
        it(`TrunkGroup: ${label}`, async () => {
            const news = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
            const r = await h.check({}, news);
            const reasons = (r.failures ?? []).map((f) => f.reason).join("\n");
            expect(reasons).to.match(expected);
            expect(sim.requests()).to.have.length(0);
        });
    }

    for (const [label, input, expected] of webexRows) {
        it(label, async () => {
            const news = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
            const r = await w.check({}, news);
            expect((r.failures ?? []).map((f) => f.reason).join("\n")).to.match(expected);
            // No token is configured for Webex at all: check needs no API.
        });
    }

    for (const [label, args, expected] of capacityRows) {
        it(label, async () => {
            const client = new OdinClient({ baseUrl: sim.url, username: "admin", password: "admin" });
            const err = (await getTrunkingCapacity(args as never, { client }).catch((e: Error) => e)) as Error;
            expect(err.message).to.match(expected);
            expect(sim.requests()).to.have.length(0);
        });
    }

    for (const [label, fault, op, expected] of apiRows) {
        it(`API answers with ${label}`, async () => {
            const before = JSON.stringify(sim.state());
            sim.setFaults([fault]);
            sim.clearRequests();
            try {
                const attempt =
                    op === "read"
                        ? h.read("SP1/G1/G1-TG1", {})
                        : op === "delete"
                          ? h.delete("SP1/G2/G2-TG1", { serviceProviderId: "SP1", groupId: "G2", name: "G2-TG1" })
                          : getTrunkingCapacity({ serviceProviderId: "SP1" }, { client: new OdinClient({ baseUrl: sim.url, username: "admin", password: "admin", retry: { maxRetries: 0 } }) });
                const err = (await attempt.then(() => undefined).catch((e: Error) => e)) as Error | undefined;
                expect(err, "should fail").to.be.instanceOf(Error);
                expect(err!.message).to.match(expected);
                expect(err!.message).to.match(/Odin API GET \/api\/v2\//);
                expect(writes()).to.deep.equal([]);
                expect(JSON.stringify(sim.state())).to.equal(before);
            } finally {
                sim.setFaults([]);
            }
        });
    }
});
