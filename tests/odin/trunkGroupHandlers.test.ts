import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { handlers } from "../../provider/odin/trunkGroup/handlers";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { profileCheck } from "../../provider/odin/trunkGroup/handlers";
import { load } from "../../provider/dynamic";
import { UNKNOWN } from "../../provider/kit/schema";

type Props = Record<string, any>;
const h = handlers as Required<pulumi.dynamic.ResourceProvider>;
const SIP = "Pbx-A-Sip-Secret-1";

function configFor(sim: OdinSimulator, extra: Record<string, string> = {}) {
    const values: Record<string, string | undefined> = { "odin:baseUrl": sim.url, "odin:username": "admin", "odin:password": "admin", ...extra };
    return { config: { get: (k: string) => values[k] } } as unknown as pulumi.dynamic.ConfigureRequest;
}

async function plan(olds: Props, news: Props) {
    const r = await h.check(olds, news);
    expect(r.failures ?? [], JSON.stringify(r.failures)).to.deep.equal([]);
    return r.inputs as Props;
}

const trunk = (sim: OdinSimulator, g: string, name: string) =>
    (sim.state().serviceProviders[0].groups ?? []).find((x) => x.groupId === g)?.trunkGroups?.find((t) => t.name === name) as Props | undefined;

describe("TrunkGroup handlers against the Odin simulator", () => {
    let sim: OdinSimulator;
    afterEach(async () => sim?.close());

    const pbxA = { serviceProviderId: "SP1", groupId: "G2", name: "PBX A", maxActiveCalls: 12, requireAuthentication: true, sipAuthenticationUserName: "pbxa", sipAuthenticationPassword: SIP };

    it("creates with real booleans, the create defaults and SIP fields only when authentication is on", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const inputs = await plan({}, pbxA);
        const { id, outs } = await h.create(inputs);
        expect(id).to.equal("SP1/G2/PBX%20A");
        const post = sim.requests().find((r) => r.method === "POST" && r.path === "/groups/trunk-groups")!;
        const body = post.body as Props;
        expect(body.requireAuthentication).to.equal(true);
        expect(body.useSystemUserLookupPolicy).to.equal(true);
        expect(body.invitationTimeout).to.equal(6);
        expect(body.sipAuthenticationPassword).to.equal(SIP);
        expect(outs).to.include({ name: "PBX A", maxActiveCalls: 12, trunkGroupState: "Available", sipAuthenticationPassword: SIP });

        const plain = await plan({}, { serviceProviderId: "SP1", groupId: "G2", name: "Plain", maxActiveCalls: 1 });
        await h.create(plain);
        const body2 = sim.requests().filter((r) => r.method === "POST" && r.path === "/groups/trunk-groups")[1].body as Props;
        expect(body2).not.to.have.property("sipAuthenticationUserName");
        expect(body2).not.to.have.property("sipAuthenticationPassword");
    });

    it("a second plan of the same program shows no change (no perpetual diff)", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const inputs = await plan({}, pbxA);
        const { id, outs } = await h.create(inputs);
        const again = await plan(inputs, pbxA);
        expect((await h.diff(id, outs, again)).changes).to.equal(false);
        // After a refresh, too.
        const refreshed = await h.read(id, outs);
        expect((await h.diff(id, refreshed.props!, await plan(refreshed.inputs!, pbxA))).changes).to.equal(false);
    });

    it("updates with a sparse PUT of the changed fields plus identity, never users or read-only fields", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const inputs = await plan({}, pbxA);
        const { id, outs } = await h.create(inputs);
        sim.clearRequests();
        const news = await plan(inputs, { ...pbxA, maxActiveCalls: 14 });
        const d = await h.diff(id, outs, news);
        expect(d).to.include({ changes: true });
        const { outs: after } = await h.update(id, outs, news);
        const puts = sim.requests().filter((r) => r.method === "PUT" && r.path === "/groups/trunk-groups");
        expect(puts).to.have.length(1);
        expect(puts[0].body).to.deep.equal({ serviceProviderId: "SP1", groupId: "G2", name: "PBX A", maxActiveCalls: 14 });
        expect(after).to.include({ maxActiveCalls: 14 });
        expect(trunk(sim, "G2", "PBX A")?.maxActiveCalls).to.equal(14);
    });

    it("renames in place with newName, and later calls follow the new name", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const inputs = await plan({}, pbxA);
        const { id, outs } = await h.create(inputs);
        const news = await plan(inputs, { ...pbxA, name: "PBX A2" });
        const d = await h.diff(id, outs, news);
        expect(d.replaces ?? []).to.deep.equal([]);
        const { outs: after } = await h.update(id, outs, news);
        const put = sim.requests().filter((r) => r.method === "PUT")[0].body as Props;
        expect(put).to.deep.include({ name: "PBX A", newName: "PBX A2" });
        expect(trunk(sim, "G2", "PBX A")).to.equal(undefined);
        expect(trunk(sim, "G2", "PBX A2")).to.not.equal(undefined);
        const read = await h.read(id, after!);
        expect(read.id).to.equal(id);
        expect(read.props).to.include({ name: "PBX A2" });
        await h.delete(id, after!);
        expect(trunk(sim, "G2", "PBX A2")).to.equal(undefined);
    });

    it("a changed secret password is sent and detected, and never written to the outputs in another field", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const inputs = await plan({}, pbxA);
        const { id, outs } = await h.create(inputs);
        const news = await plan(inputs, { ...pbxA, sipAuthenticationPassword: "Rotated-Secret-2" });
        expect((await h.diff(id, outs, news)).changes).to.equal(true);
        sim.clearRequests();
        const { outs: after } = await h.update(id, outs, news);
        expect(sim.requests()[0].body).to.deep.equal({
            serviceProviderId: "SP1",
            groupId: "G2",
            name: "PBX A",
            sipAuthenticationUserName: "pbxa",
            sipAuthenticationPassword: "Rotated-Secret-2",
        });
        expect(after!.sipAuthenticationPassword).to.equal("Rotated-Secret-2");
        const { sipAuthenticationPassword: _p, ...rest } = after!;
        expect(JSON.stringify(rest)).not.to.contain("Rotated-Secret-2");
    });

    it("refresh reports drift, and a trunk group deleted outside Pulumi as gone", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const inputs = await plan({}, pbxA);
        const { id, outs } = await h.create(inputs);
        // Out-of-band change through the API.
        const { OdinClient } = await import("../../provider/odin/client");
        const other = new OdinClient({ baseUrl: sim.url, username: "admin", password: "admin" });
        const pbxAKey = { serviceProviderId: "SP1", groupId: "G2", name: "PBX A" };
        await other.modifyTrunkGroup({ ...pbxAKey, maxActiveCalls: 3 }, profileCheck(pbxAKey, {}));
        const r = await h.read(id, outs);
        expect(r.props).to.include({ maxActiveCalls: 3 });
        expect(r.inputs).to.include({ maxActiveCalls: 3 });
        expect((await h.diff(id, r.props!, await plan(r.inputs!, pbxA))).changes).to.equal(true);
        await other.deleteTrunkGroup(pbxAKey, profileCheck(pbxAKey));
        expect((await h.read(id, outs)).id).to.equal("");
    });

    it("imports by id alone with inputs that give no diff against a program declaring the same values", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const r = await h.read("SP1/G1/G1-TG2", {});
        expect(r.id).to.equal("SP1/G1/G1-TG2");
        expect(r.inputs).to.include({ maxActiveCalls: 10, enableBursting: true, burstingMaxActiveCalls: 5, requireAuthentication: true });
        const program = {
            serviceProviderId: "SP1",
            groupId: "G1",
            name: "G1-TG2",
            maxActiveCalls: 10,
            enableBursting: true,
            burstingMaxActiveCalls: 5,
            requireAuthentication: true,
            sipAuthenticationUserName: "g1-tg2",
            sipAuthenticationPassword: "Sample-Passw0rd!",
        };
        const checked = await plan(r.inputs!, program);
        const d = await h.diff(r.id!, r.props!, checked);
        expect(d.changes, JSON.stringify(d)).to.equal(false);
    });

    it("deletes after clearing the pilot user the state shows, and a missing trunk group is already deleted", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const r = await h.read("SP1/G1/G1-TG1", {});
        expect(r.props!.pilotUserId).to.be.a("string");
        await h.delete(r.id!, r.props!);
        const calls = sim.requests().filter((x) => x.method !== "GET" && x.path !== "/auth/token");
        // The pilot first: nothing waits on reading BroadWorks' refusal.
        expect(calls.map((x) => `${x.method} ${x.status} ${JSON.stringify(x.body ?? x.query)}`)).to.deep.equal([
            'PUT 200 {"serviceProviderId":"SP1","groupId":"G1","name":"G1-TG1","pilotUserId":null}',
            'DELETE 200 {"serviceProviderId":"SP1","groupId":"G1","name":"G1-TG1"}',
        ]);
        await h.delete(r.id!, r.props!); // gone already: success
    });

    it("a pilot set outside Pulumi (the state shows none) meets BroadWorks' refusal, is cleared, and the DELETE follows", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const r = await h.read("SP1/G1/G1-TG1", {});
        const { pilotUserId: _pilot, ...withoutPilot } = r.props!;
        await h.delete(r.id!, withoutPilot);
        const calls = sim.requests().filter((x) => x.method !== "GET" && x.path !== "/auth/token");
        expect(calls.map((x) => `${x.method} ${x.status} ${JSON.stringify(x.body ?? x.query)}`)).to.deep.equal([
            'DELETE 400 {"serviceProviderId":"SP1","groupId":"G1","name":"G1-TG1"}',
            'PUT 200 {"serviceProviderId":"SP1","groupId":"G1","name":"G1-TG1","pilotUserId":null}',
            'DELETE 200 {"serviceProviderId":"SP1","groupId":"G1","name":"G1-TG1"}',
        ]);
    });

    it("a create naming an unknown department fails naming the field, with nothing created", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const inputs = await plan({}, { ...pbxA, department: { name: "No Such Dept" } });
        const err = (await h.create(inputs).catch((e: Error) => e)) as Error;
        expect(err.message).to.match(/^department: department "No Such Dept" not found in group G2 or enterprise SP1\. Nothing was created\./);
        expect(trunk(sim, "G2", "PBX A")).to.equal(undefined);
    });

    it("a DELETE answered 404 while the trunk group's own lookup still finds it is not taken as deleted", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const { id, outs } = await h.create(await plan({}, pbxA));
        sim.setFaults([{ kind: "status", status: 404, method: "DELETE", path: "/groups/trunk-groups", count: 1 }]);
        const err = (await h.delete(id, outs).catch((e: Error) => e)) as Error;
        expect(err).to.be.instanceOf(Error);
        expect(err.message).to.contain("HTTP 404");
        expect(trunk(sim, "G2", "PBX A")).to.not.equal(undefined);
        await h.delete(id, outs); // the real answer: deleted
        expect(trunk(sim, "G2", "PBX A")).to.equal(undefined);
    });

    it("explains a capacity refusal with the numbers (requested, group capacity, already allocated) and the resource that raises it, at check and in create alike", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const big = { serviceProviderId: "SP1", groupId: "G1", name: "Big", maxActiveCalls: 60 };
        const said =
            'maxActiveCalls: trunk group "Big" asks for 60 active calls, but group G1\'s trunking call capacity is 50 (30 already allocated to 2 other trunk groups). ' +
            "Lower maxActiveCalls to at most 50, or raise group G1's capacity with a GroupTrunkingCapacity (up to 100, the ceiling service provider SP1 sets), " +
            "and list it in this TrunkGroup's dependsOn so the capacity is raised before the trunk group is written.";
        const checked = await h.check({}, big);
        expect(checked.failures).to.deep.equal([{ property: "maxActiveCalls", reason: said }]);
        // create without the check (the capacity fell in between): BroadWorks refuses, and the same words come back, with BroadWorks' own.
        const err = (await h.create(checked.inputs).catch((e: Error) => e)) as Error;
        expect(err.message).to.contain(`${said} BroadWorks said: `);
        expect(err.message).to.not.contain("raise the group's trunking call capacity");
    });

    it("a group or service provider that does not exist: check and a create without it say the same", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const lost = { serviceProviderId: "SP1", groupId: "G9", name: "Lost", maxActiveCalls: 5 };
        const checked = await h.check({}, lost);
        expect(checked.failures).to.deep.equal([{ property: "groupId", reason: 'groupId: group "G9" does not exist in service provider SP1. Nothing was created.' }]);
        const err = (await h.create(checked.inputs).catch((e: Error) => e)) as Error;
        expect(err.message).to.equal('groupId: group "G9" does not exist in service provider SP1. Nothing was created.');
        const noSp = await h.check({}, { ...lost, serviceProviderId: "SP9" });
        expect(noSp.failures![0].reason).to.equal('serviceProviderId: service provider "SP9" does not exist. Nothing was created.');
        expect(((await h.create(noSp.inputs).catch((e: Error) => e)) as Error).message).to.equal(noSp.failures![0].reason);
    });

    it("a service provider or group unknown at preview (another resource's output) is not judged: no failure, no read; each capacity resource alike", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const later = { serviceProviderId: "SP1", groupId: UNKNOWN, name: "Later", maxActiveCalls: 5 };
        expect((await h.check({}, later)).failures).to.deep.equal([]);
        expect((await h.check({}, { ...later, groupId: "G1", serviceProviderId: UNKNOWN })).failures).to.deep.equal([]);
        const capacities: Array<[string, Props]> = [
            ["odin:GroupTrunkingCapacity", { serviceProviderId: "SP1", groupId: UNKNOWN, maxActiveCalls: 50 }],
            ["odin:ServiceProviderTrunkingCapacity", { serviceProviderId: UNKNOWN, maxActiveCalls: 50 }],
        ];
        for (const [kind, inputs] of capacities) {
            const c = load(kind) as Required<pulumi.dynamic.ResourceProvider>;
            await c.configure(configFor(sim));
            expect((await c.check({}, inputs)).failures, kind).to.deep.equal([]);
        }
        expect(sim.requests().filter((r) => r.path !== "/auth/token"), "nothing to read for").to.deep.equal([]);
    });

    it("refuses to take over an existing trunk group on create, and names the line that adopts it (not the import option)", async () => {
        sim = await startOdinSimulator();
        await h.configure(configFor(sim));
        const inputs = await plan({}, { serviceProviderId: "SP1", groupId: "G1", name: "G1-TG1", maxActiveCalls: 20 });
        const err = (await h.create(inputs).catch((e: Error) => e)) as Error;
        expect(err.message).to.contain('already exists in group G1 of SP1');
        expect(err.message).to.contain("add `adoptExisting: true` to this TrunkGroup's arguments").and.contain("pulumi config set odin:adoptExisting true");
        expect(err.message).to.not.contain("{ import:");
    });

    it("a POST whose answer is lost after the server applied it is found, not duplicated, not failed", async () => {
        sim = await startOdinSimulator({ faults: [{ kind: "dropAfterApply", method: "POST", path: "/groups/trunk-groups", count: 1 }] });
        await h.configure(configFor(sim));
        const inputs = await plan({}, pbxA);
        const { id } = await h.create(inputs);
        expect(id).to.equal("SP1/G2/PBX%20A");
        expect(sim.requests().filter((r) => r.method === "POST" && r.path === "/groups/trunk-groups")).to.have.length(1);
        expect((sim.state().serviceProviders[0].groups ?? [])[1].trunkGroups!.filter((t) => t.name === "PBX A")).to.have.length(1);
    });

    it("a POST dropped before it was applied is repeated once its absence is established", async () => {
        sim = await startOdinSimulator({ faults: [{ kind: "drop", method: "POST", path: "/groups/trunk-groups", count: 1 }] });
        await h.configure(configFor(sim));
        const { id } = await h.create(await plan({}, pbxA));
        expect(id).to.equal("SP1/G2/PBX%20A");
        const seq = sim.requests().filter((r) => r.path === "/groups/trunk-groups").map((r) => `${r.method} ${r.status}`);
        // The lookup before the POST (a taken name is refused before any write), then the lost POST's fate.
        expect(seq).to.deep.equal(["GET 404", "POST null", "GET 404", "POST 200"]);
    });

    it("names the missing connection settings", async () => {
        await h.configure({ config: { get: () => undefined } } as unknown as pulumi.dynamic.ConfigureRequest);
        const saved = { ...process.env };
        delete process.env.ODIN_BASE_URL;
        delete process.env.ODIN_USERNAME;
        delete process.env.ODIN_PASSWORD;
        try {
            const err = (await h.read("SP1/G1/X", {}).catch((e: Error) => e)) as Error;
            expect(err.message).to.contain("odin:baseUrl (or ODIN_BASE_URL), odin:username (or ODIN_USERNAME), odin:password (or ODIN_PASSWORD)");
        } finally {
            Object.assign(process.env, saved);
        }
    });
});
