import { expect } from "chai";
import type { WebexSimulator } from "../../provider/simulator/webex";
import { handlers, resetForTests } from "../../provider/webex/trunk/handlers";
import { checkInputs } from "../../provider/kit/check";
import { WEBEX_TRUNK } from "../../provider/webex/trunk/schema";
import { LOCATIONS, TOKEN, startSim } from "./webexFixtures";

type Props = Record<string, unknown>;

const PASSWORD = "Sip-Pa55word-1";
const registering: Props = { name: "LGW Boston", locationId: LOCATIONS[0].id, password: PASSWORD, trunkType: "REGISTERING" };
const certificate: Props = {
    name: "SBC London",
    locationId: LOCATIONS[1].id,
    password: PASSWORD,
    trunkType: "CERTIFICATE_BASED",
    address: "sbc1.example.com",
    domain: "example.com",
    port: 5061,
    maxConcurrentCalls: 300,
};

function configFor(values: Record<string, string>) {
    return { get: (k: string) => values[k] };
}

async function rejection(p: Promise<unknown>): Promise<Error & Props> {
    try {
        await p;
    } catch (e) {
        return e as Error & Props;
    }
    throw new Error("expected a rejection");
}

describe("WebexTrunk handlers against the simulator", () => {
    let sim: WebexSimulator;
    const saved = { ...process.env };

    beforeEach(async () => {
        sim = await startSim({ pageSize: 2 });
        for (const k of ["WEBEX_ACCESS_TOKEN", "WEBEX_BASE_URL", "WEBEX_ORG_ID"]) {
            delete process.env[k];
        }
        await handlers.configure!({ config: configFor({ "webex:baseUrl": sim.url, "webex:accessToken": TOKEN, "webex:maxRetries": "1" }) } as never);
    });
    afterEach(async () => {
        await sim.close();
        process.env = { ...saved };
        resetForTests();
    });

    const create = (inputs: Props) => handlers.create(checkInputs(WEBEX_TRUNK, {}, inputs).inputs);
    const putBodies = () => sim.requests().filter((r) => r.method === "PUT").map((r) => r.body as Props);

    it("creates a trunk and returns the GET's fields as outputs, keeping the password", async () => {
        const { id, outs } = await create(registering);
        expect(id).to.equal(sim.state().trunks?.[0].id);
        expect(outs).to.include({ trunkId: id, name: "LGW Boston", locationId: LOCATIONS[0].id, trunkType: "REGISTERING", password: PASSWORD });
        expect(outs).to.include({ dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "DISABLED", deviceType: "Cisco Unified Border Element" });
        for (const k of ["otgDtgId", "linePort", "pilotUserId", "sipAuthenticationUserName", "status", "outboundProxy"]) {
            expect(outs[k], k).to.not.equal(null);
        }
        expect(outs.location).to.deep.equal(LOCATIONS[0]);
        expect(outs.responseStatus).to.equal(null);
        expect((await handlers.diff!(id, outs, checkInputs(WEBEX_TRUNK, {}, registering).inputs)).changes).to.equal(false);
    });

    it("reports a created trunk whose read-back failed with its id, so the engine keeps it", async () => {
        sim.setFaults([{ kind: "status", status: 500, method: "GET", path: /^\/telephony\/config\/premisePstn\/trunks\/[^/]+$/ }]);
        const e = await rejection(create(registering));
        const id = sim.state().trunks?.[0].id;
        expect(e.id).to.equal(id);
        expect(e.properties).to.include({ trunkId: id, name: "LGW Boston" });
        expect(e.properties).not.to.have.property("password");
        expect(e.reasons).to.be.an("array").with.length(1);
        expect(e.message).to.include("was created").and.include("pulumi refresh");
    });

    it("checks the device type and call limit against the org's trunk types before creating", async () => {
        const dev = await rejection(create({ ...certificate, deviceType: "Acme 9000" }));
        expect(dev.message).to.include('"Acme 9000" is not offered').and.include("Ribbon Session Border Controller");
        // The spec's example range (250..1000) is a minimum too: a small SBC's 100 is refused before the POST.
        for (const calls of [100, 1001]) {
            const e = await rejection(create({ ...certificate, maxConcurrentCalls: calls }));
            expect(e.message).to.include(`maxConcurrentCalls ${calls} is outside the range`).and.include('"Cisco Unified Border Element" 250 to 1000');
        }
        const ok = await create({ ...certificate, deviceType: "Ribbon Session Border Controller", maxConcurrentCalls: 250 });
        expect(ok.outs).to.include({ maxConcurrentCalls: 250 });
        expect(sim.requests().filter((r) => r.method === "POST")).to.have.length(1);
        const lowered = checkInputs(WEBEX_TRUNK, ok.outs, { ...certificate, deviceType: "Ribbon Session Border Controller", maxConcurrentCalls: 200 }).inputs;
        const e = await rejection(handlers.update!(ok.id, ok.outs, lowered));
        expect(e.message).to.include("maxConcurrentCalls 200 is outside the range").and.include('"Ribbon Session Border Controller" 250 to 1000');
        expect(putBodies()).to.deep.equal([]);
    });

    it("creates a certificate-based trunk addressed by DNS SRV: no port sent, none in the outputs, no diff", async () => {
        const { port: _port, ...srv }: Props = { ...certificate, maxConcurrentCalls: 300 };
        const { id, outs } = await create(srv);
        const post = sim.requests().find((r) => r.method === "POST")!.body as Props;
        expect(post).not.to.have.property("port");
        expect(sim.state().trunks?.find((t) => t.id === id)).not.to.have.property("port");
        expect(outs).to.include({ address: "sbc1.example.com", domain: "example.com" }).and.not.have.property("port");
        expect((await handlers.diff!(id, outs, checkInputs(WEBEX_TRUNK, outs, srv).inputs)).changes).to.equal(false);
        // A second SRV trunk on the same address is refused by Webex (27571) and explained as such.
        const again = await rejection(create({ ...srv, name: "SBC London SRV 2" }));
        expect(again.message).to.include("27571").and.include("SRV address sbc1.example.com");
    });

    it("refuses a taken name before the POST, also one that differs only in case, naming the trunk that has it", async () => {
        const first = await create(registering);
        sim.clearRequests();
        const same = await rejection(create(registering));
        expect(same.message).to.include(`the Webex trunk "LGW Boston" (id ${first.id}, location Boston) already has this name`).and.include("add `adoptExisting: true` to this WebexTrunk's arguments").and.include("pulumi config set webex:adoptExisting true").and.not.include("{ import:");
        const cased = await rejection(create({ ...registering, name: "lgw BOSTON" }));
        expect(cased.message)
            .to.include(`the Webex trunk "LGW Boston" (id ${first.id}, location Boston) already has this name in another case ("lgw BOSTON" was asked for)`)
            .and.include("regardless of case");
        expect(sim.requests().filter((r) => r.method !== "GET")).to.deep.equal([]);
        // Renaming a trunk to another case of its own name is fine; to another trunk's name is not.
        const other = await create({ ...registering, name: "LGW Other" });
        const e = await rejection(handlers.update!(other.id, other.outs, checkInputs(WEBEX_TRUNK, other.outs, { ...registering, name: "LGW BOSTON" }).inputs));
        expect(e.message).to.include(`(id ${first.id}, location Boston) already has this name in another case`).and.include("The trunk was not changed");
        expect(putBodies()).to.deep.equal([]);
        const recased = await handlers.update!(first.id, first.outs, checkInputs(WEBEX_TRUNK, first.outs, { ...registering, name: "LGW BOSTON" }).inputs);
        expect(recased.outs).to.include({ name: "LGW BOSTON" });
    });

    it("explains a password the location's policy refuses: which policy, that nothing was written, how to get a compliant one", async () => {
        const weak = { ...registering, password: "weak-1" };
        expect(checkInputs(WEBEX_TRUNK, {}, weak).failures).to.deep.equal([]); // preview passes: the policy is Webex's to apply
        const e = await rejection(create(weak));
        expect(e.message).to.include("HTTP 400").and.include("Password must be at least 8 characters long.");
        expect(e.message).to.include(`SIP password policy of location ${LOCATIONS[0].id}`).and.include("Nothing was created");
        expect(e.message).to.include(`/v1/telephony/config/locations/${LOCATIONS[0].id}/actions/generatePassword/invoke`);
        expect(e.message).not.to.include("weak-1");
        expect(sim.state().trunks).to.deep.equal([]);
        const { id, outs } = await create(registering);
        const u = await rejection(handlers.update!(id, outs, checkInputs(WEBEX_TRUNK, outs, { ...registering, password: "alllowercase-1" }).inputs));
        expect(u.message).to.include("upper case").and.include("The trunk was not changed").and.not.include("alllowercase-1");
        expect(sim.state().trunks?.[0].password).to.equal(PASSWORD);
    });

    it("explains a 409 for a name taken between the check and the POST, and a taken SBC address", async () => {
        const first = await create(registering);
        // The name check's list answers as if the name were free (a race, or a filter that misses it).
        sim.setFaults([{ kind: "status", status: 200, body: '{"trunks":[]}', contentType: "application/json", method: "GET", path: "/telephony/config/premisePstn/trunks", count: 1 }]);
        const e = await rejection(create({ ...registering, name: "lgw boston" }));
        expect(e.message).to.include("409").and.include(`the Webex trunk "LGW Boston" (id ${first.id}, location Boston) already has this name in another case`).and.include('declare name: "LGW Boston" with `adoptExisting: true`').and.not.include("{ import:");
        await create(certificate);
        const addr = await rejection(create({ ...certificate, name: "SBC London 2" }));
        expect(addr.message).to.include("27571").and.include("unique across certificate-based trunks");
    });

    it("updates in place with name and password always sent, keeping the fields the program leaves to Webex", async () => {
        const { id, outs } = await create(certificate);
        // Changed out of band: the update must not reset it.
        const { makeClient } = await import("./webexFixtures");
        await makeClient(sim).client.updateTrunk(id, { name: "SBC London", password: PASSWORD, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" });
        sim.clearRequests();
        const news = checkInputs(WEBEX_TRUNK, outs, { ...certificate, name: "SBC London B", maxConcurrentCalls: 400 }).inputs;
        const r = await handlers.update!(id, outs, news);
        expect(putBodies()).to.deep.equal([
            { name: "SBC London B", password: PASSWORD, dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY", maxConcurrentCalls: 400 },
        ]);
        expect(r.outs).to.include({ name: "SBC London B", maxConcurrentCalls: 400, password: PASSWORD, pChargeInfoSupportPolicy: "ASSERTED_IDENTITY" });
    });

    it("never carries maxConcurrentCalls into a registering trunk's PUT", async () => {
        const { id, outs } = await create(registering);
        sim.clearRequests();
        await handlers.update!(id, outs, checkInputs(WEBEX_TRUNK, outs, { ...registering, password: "New-Pa55word" }).inputs);
        expect(putBodies()[0]).to.deep.equal({ name: "LGW Boston", password: "New-Pa55word", dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "DISABLED" });
        expect(sim.state().trunks?.[0].password).to.equal("New-Pa55word");
    });

    it("says to refresh when the trunk was deleted out of band before an update", async () => {
        const { id, outs } = await create(registering);
        await handlers.delete!(id, outs);
        const e = await rejection(handlers.update!(id, outs, { ...registering, name: "x" }));
        expect(e.message).to.include("404").and.include("pulumi refresh");
    });

    describe("a POST whose fate is unknown (kit createOnce)", () => {
        const posts = () => sim.requests().filter((r) => r.method === "POST");

        it("is found by exact name when it was applied but the answer was lost: not duplicated, not failed", async () => {
            sim.setFaults([{ kind: "dropAfterApply", method: "POST", count: 1 }]);
            const { id, outs } = await create(registering);
            expect(sim.state().trunks).to.have.length(1);
            expect(id).to.equal(sim.state().trunks?.[0].id);
            expect(outs).to.include({ name: "LGW Boston", password: PASSWORD });
            expect(posts()).to.have.length(1);
        });

        it("is found when the 201 body was cut short", async () => {
            sim.setFaults([{ kind: "truncate", method: "POST", count: 1 }]);
            const { id } = await create(registering);
            expect(id).to.equal(sim.state().trunks?.[0].id);
            expect(posts()).to.have.length(1);
        });

        it("is sent again only after the lookup proves it was not applied", async () => {
            sim.setFaults([{ kind: "status", status: 502, method: "POST", count: 1 }]);
            await create(registering);
            const calls = sim.requests().map((q) => `${q.method} ${/\/trunks\/[^/]+$/.test(q.path) ? "trunk" : "trunks"}`);
            // The name check, the POST, the lookup that finds nothing, the POST again, the read-back.
            expect(calls).to.deep.equal(["GET trunks", "POST trunks", "GET trunks", "POST trunks", "GET trunk"]);
            expect(sim.state().trunks).to.have.length(1);
        });

        it("stops after three POSTs that were never applied, saying so and that nothing needs cleaning up", async () => {
            sim.setFaults([{ kind: "drop", method: "POST" }]);
            const e = await rejection(create(registering));
            expect(e.message).to.include("Not applied").and.include("3 POSTs").and.include("nothing needs cleaning up");
            expect(posts()).to.have.length(3);
            expect(sim.state().trunks ?? []).to.have.length(0);
        });

        it("refuses to adopt a same-named trunk that differs from what was sent, naming the field", async () => {
            await create({ ...registering, locationId: LOCATIONS[2].id });
            // Another tool creates it just after the name check (whose list still answers without it).
            sim.setFaults([
                { kind: "status", status: 200, body: '{"trunks":[]}', contentType: "application/json", method: "GET", path: "/telephony/config/premisePstn/trunks", count: 1 },
                { kind: "drop", method: "POST", count: 1 },
            ]);
            const e = await rejection(create(registering));
            expect(e.message).to.include('Webex trunk "LGW Boston" exists').and.include("its locationId differs").and.include("import");
            expect(sim.state().trunks).to.have.length(1);
        });

        it("does not trust the server's name filter: an exact match across pages", async () => {
            // The filter matches loosely (here: substrings); names differing only in case cannot coexist in an org.
            for (const n of ["LGW Bostonx", "A LGW Boston", "LGW Boston 1", "LGW Boston 2"]) {
                await create({ ...registering, name: n });
            }
            sim.setFaults([{ kind: "dropAfterApply", method: "POST", count: 1 }]);
            const { id } = await create(registering);
            expect(sim.state().trunks?.find((t) => t.id === id)?.name).to.equal("LGW Boston");
            expect(sim.state().trunks).to.have.length(5);
        });
    });

    describe("read", () => {
        it("refresh returns outputs and inputs that give no diff, and picks up drift", async () => {
            const { id, outs } = await create(registering);
            const first = await handlers.read!(id, outs);
            expect(first.id).to.equal(id);
            expect((await handlers.diff!(id, first.props!, checkInputs(WEBEX_TRUNK, {}, registering).inputs)).changes).to.equal(false);
            const { makeClient } = await import("./webexFixtures");
            await makeClient(sim).client.updateTrunk(id, { name: "Renamed", password: PASSWORD, dualIdentitySupportEnabled: true });
            const drifted = await handlers.read!(id, first.props!);
            expect(drifted.props).to.include({ name: "Renamed", dualIdentitySupportEnabled: true, password: PASSWORD });
            const d = await handlers.diff!(id, drifted.props!, checkInputs(WEBEX_TRUNK, {}, registering).inputs);
            expect(d).to.include({ changes: true });
            expect(d.replaces).to.deep.equal([]);
        });

        it("reports a deleted trunk as gone with an empty id", async () => {
            const { id, outs } = await create(registering);
            await handlers.delete!(id, outs);
            expect(await handlers.read!(id, outs)).to.deep.equal({ id: "", props: {} });
        });

        it("treats 206 as success, surfaces responseStatus and keeps the unreadable field", async () => {
            const { id, outs } = await create(registering);
            sim.setPartial(id, { code: 25013, asList: true });
            const r = await handlers.read!(id, outs);
            expect(r.props!.responseStatus).to.be.an("array").with.length(1);
            expect((r.props!.responseStatus as Props[])[0]).to.include({ code: 25013 });
            expect(r.props!.outboundProxy).to.deep.equal(outs.outboundProxy);
        });

        it("import with the program's inputs keeps the declared password: no diff", async () => {
            const { id } = await create(certificate);
            const program = checkInputs(WEBEX_TRUNK, {}, certificate).inputs;
            const r = await handlers.read!(id, { ...program, __provider: "serialized" });
            expect(r.props).to.include({ password: PASSWORD, trunkId: id });
            expect(r.inputs).to.include(certificate);
            expect(checkInputs(WEBEX_TRUNK, {}, r.inputs).failures).to.deep.equal([]);
            expect((await handlers.diff!(id, r.props!, program)).changes).to.equal(false);
        });

        it("read by id alone: inputs without password pass no password judgement; the diff asks for the update that sends the declared one", async () => {
            const { id } = await create(registering);
            const r = await handlers.read!(id, {});
            expect(r.props).not.to.have.property("password");
            // Webex shows the device type's limit on a registering trunk: an output, not an input the program could declare.
            expect(r.props).to.include({ maxConcurrentCalls: 1000 });
            expect(r.inputs).to.deep.equal({ name: "LGW Boston", locationId: LOCATIONS[0].id, trunkType: "REGISTERING", deviceType: "Cisco Unified Border Element", dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "DISABLED" });
            const program = checkInputs(WEBEX_TRUNK, {}, registering).inputs;
            expect(await handlers.diff!(id, r.props!, program)).to.deep.equal({ changes: true, replaces: [], deleteBeforeReplace: false });
            sim.clearRequests();
            const renamed = await handlers.update!(id, r.props!, { ...program, name: "LGW Boston 2" });
            expect(putBodies()[0]).to.deep.equal({ name: "LGW Boston 2", password: PASSWORD, dualIdentitySupportEnabled: false, pChargeInfoSupportPolicy: "DISABLED" });
            expect(renamed.outs).to.include({ password: PASSWORD });
        });
    });

    describe("delete", () => {
        it("treats 404 as already gone", async () => {
            const { id, outs } = await create(registering);
            await handlers.delete!(id, outs);
            await handlers.delete!(id, outs);
            expect(sim.state().trunks).to.deep.equal([]);
        });

        /** Trunk A is used by two route groups, a dial plan, Boston's PSTN connection and San Jose's call-to-extension routing; B by nothing. */
        async function busyOrg(pageSize = 100) {
            await sim.close();
            const [boston, sanJose] = LOCATIONS;
            sim = await startSim({
                pageSize,
                seed: {
                    locations: [
                        { ...boston, pstnConnection: { type: "TRUNK", id: "T-A" } },
                        { ...sanJose, callToExtension: { type: "TRUNK", id: "T-A" } },
                        LOCATIONS[2],
                    ],
                    trunks: [
                        { id: "T-A", name: "LGW A", locationId: boston.id, password: PASSWORD, trunkType: "REGISTERING" },
                        { id: "T-B", name: "LGW B", locationId: boston.id, password: PASSWORD, trunkType: "REGISTERING" },
                    ],
                    routeGroups: [
                        { id: "RG-1", name: "RG East", localGateways: [{ id: "T-A", priority: 1 }] },
                        { id: "RG-2", name: "RG West", localGateways: [{ id: "T-A", priority: 1 }, { id: "T-B", priority: 2 }] },
                    ],
                    dialPlans: [{ id: "DP-1", name: "DP Boston", routeType: "TRUNK", routeId: "T-A" }],
                },
            });
            resetForTests(configFor({ "webex:baseUrl": sim.url, "webex:accessToken": TOKEN }));
        }

        it("refuses to delete a trunk in use before the DELETE, naming every route group, dial plan and location that uses it", async () => {
            await busyOrg(1); // one item per page: the usage lists are walked to the end
            const e = await rejection(handlers.delete!("T-A", { name: "LGW A" }));
            expect(e.message).to.equal(
                'Webex trunk "LGW A" (id T-A) is still used by route group "RG East", route group "RG West", dial plan "DP Boston", ' +
                    'the PSTN connection of location "Boston" and the call-to-extension routing of location "San Jose". ' +
                    "Webex refuses to delete a trunk in use, so nothing was deleted. Point those at another trunk or route group first " +
                    "(Control Hub: Calling > Call Routing, and the location's PSTN and internal dialing settings), or remove them, then run the same pulumi command again",
            );
            expect(sim.requests().filter((r) => r.method === "DELETE")).to.deep.equal([]);
            expect(sim.state().trunks?.map((t) => t.id)).to.deep.equal(["T-A", "T-B"]);
        });

        it("deletes a trunk nothing uses after reading its usage, and deletes all the same when the usage cannot be read", async () => {
            await busyOrg();
            // Still a member of RG West, so refused; after Control Hub changes, a trunk of its own.
            await rejection(handlers.delete!("T-B", { name: "LGW B" }));
            await sim.close();
            sim = await startSim({ seed: { locations: LOCATIONS, trunks: [{ id: "T-C", name: "LGW C", locationId: LOCATIONS[0].id, password: PASSWORD, trunkType: "REGISTERING" }, { id: "T-D", name: "LGW D", locationId: LOCATIONS[0].id, password: PASSWORD, trunkType: "REGISTERING" }] } });
            resetForTests(configFor({ "webex:baseUrl": sim.url, "webex:accessToken": TOKEN, "webex:maxRetries": "0" }));
            await handlers.delete!("T-C", { name: "LGW C" });
            expect(sim.requests().map((r) => `${r.method} ${r.path.split("/").pop()}`)).to.deep.equal(["GET usage", "DELETE T-C"]);
            sim.setFaults([{ kind: "status", status: 503, method: "GET", path: /\/usage$/ }]);
            await handlers.delete!("T-D", { name: "LGW D" });
            expect(sim.state().trunks).to.deep.equal([]);
        });

        it("explains Webex's own refusal from a fresh read when the usage changed after it was read", async () => {
            await busyOrg();
            sim.setFaults([{ kind: "status", status: 200, body: '{"pstnConnectionCount":0,"callToExtensionCount":0,"dialPlanCount":0,"routeGroupCount":0}', contentType: "application/json", method: "GET", path: /\/usage$/, count: 1 }            ]);
            const e = await rejection(handlers.delete!("T-A", { name: "LGW A" }));
            expect(e.message).to.include("HTTP 409").and.include("code 25017").and.include('is still used by route group "RG East"');
        });
    });

    describe("settings and secrets", () => {
        it("a missing token names both the config key and the environment variable", async () => {
            resetForTests(configFor({ "webex:baseUrl": sim.url }));
            const e = await rejection(create(registering));
            expect(e.message).to.include("webex:accessToken").and.include("WEBEX_ACCESS_TOKEN");
        });

        it("falls back to the environment", async () => {
            resetForTests(configFor({}));
            process.env.WEBEX_ACCESS_TOKEN = TOKEN;
            process.env.WEBEX_BASE_URL = sim.url;
            const { outs } = await create(registering);
            expect(outs.name).to.equal("LGW Boston");
        });

        it("uses webex:orgId for every call and records it", async () => {
            const org = sim.state().orgId!;
            resetForTests(configFor({ "webex:baseUrl": sim.url, "webex:accessToken": TOKEN, "webex:orgId": org }));
            const { outs } = await create(registering);
            expect(outs.orgId).to.equal(org);
            expect(sim.requests().every((r) => r.query.orgId === org)).to.equal(true);
        });

        it("no handler error carries the token or the password", async () => {
            sim.setTokens(["another"]);
            const e = await rejection(create(registering));
            expect(e.message).to.include("401");
            expect(e.message).not.to.include(TOKEN);
            sim.setTokens([TOKEN]);
            sim.setFaults([{ kind: "status", status: 400, method: "POST", body: `{"message":"echo ${PASSWORD} and ${TOKEN}"}`, contentType: "application/json" }]);
            const echoed = await rejection(create(registering));
            expect(echoed.message).to.include("echo").and.not.include(PASSWORD);
            expect(echoed.message).not.to.include(TOKEN);
        });

        it("check scrubs a reason that would repeat a known secret", async () => {
            const r = await handlers.check!({}, { ...registering, [PASSWORD]: 1 });
            expect(r.failures!.map((f) => f.reason).join(" ")).not.to.include(PASSWORD);
        });
    });
});
