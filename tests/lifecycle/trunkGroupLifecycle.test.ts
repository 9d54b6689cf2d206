import { expect } from "chai";
import { providerStub } from "../../provider/kit/stub";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { ProviderHost, cleanEnv, serializeProvider, startProviderHost, urnOf, withProvider } from "../helpers/providerHost";

const URN = urnOf("pulumi-nodejs:dynamic/odin:TrunkGroup", "pbx-a");
const API_PASSWORD = "Odin-Api-Passw0rd";
const SIP_PASSWORD = "Pbx-A-Sip-Secret-9";
const ROTATED = "Pbx-A-Sip-Secret-10";

describe("TrunkGroup through the real dynamic-provider host", function () {
    this.timeout(60_000);
    let sim: OdinSimulator;
    let host: ProviderHost;
    let text: string;
    const seed = () => {
        const s = require("../../provider/simulator").sampleSeed();
        s.logins = [{ username: "pulumi", password: API_PASSWORD }];
        return s;
    };
    const p = (props: Record<string, unknown>) => withProvider(text, props);
    const trunk = (name: string) => (sim.state().serviceProviders[0].groups ?? [])[1].trunkGroups?.find((t) => t.name === name) as Record<string, any> | undefined;

    before(async () => {
        text = await serializeProvider(providerStub("odin:TrunkGroup"));
        sim = await startOdinSimulator({ seed: seed() });
        host = await startProviderHost();
        await host.configure({ "odin:baseUrl": sim.url, "odin:username": "pulumi", "odin:password": API_PASSWORD });
    });
    after(async () => {
        await host?.close();
        await sim?.close();
    });

    const program = {
        serviceProviderId: "SP1",
        groupId: "G2",
        name: "PBX A",
        maxActiveCalls: 10,
        requireAuthentication: true,
        sipAuthenticationUserName: "pbxa",
        sipAuthenticationPassword: SIP_PASSWORD,
    };

    it("serializes to a small text with no credential and no live object in it", () => {
        expect(text).to.contain('require("pulumi-trunking/dynamic")');
        for (const banned of [API_PASSWORD, SIP_PASSWORD, "pulumi", sim.url, "axios", "Agent", "socket"]) {
            if (banned === "pulumi") {
                // only the package name may appear
                expect(text.replace(/pulumi-trunking/g, "")).not.to.match(/\bpulumi\b(?!-)/);
                continue;
            }
            expect(text, banned).not.to.contain(banned);
        }
        expect(text.length).to.be.below(4000);
    });

    /** A trunk group of its own for one test: checked and created through the host, as the engine does. */
    async function made(name: string) {
        const urn = urnOf("pulumi-nodejs:dynamic/odin:TrunkGroup", name);
        const declared = { ...program, name };
        const inputs = (await host.check(urn, {}, p(declared))).inputs;
        const created = await host.create(urn, inputs);
        return { urn, declared, inputs, id: created.id, outs: created.properties };
    }

    it("check: fills the create defaults; invalid inputs fail with the field and what is allowed", async () => {
        sim.clearRequests();
        const ok = await host.check(URN, {}, p(program));
        expect(ok.failures).to.deep.equal([]);
        expect(ok.inputs).to.include({ invitationTimeout: 6, userLookupPolicy: "Basic", requireAuthentication: true });
        const bad = await host.check(URN, {}, p({ ...program, maxActiveCalls: 0, userLookupPolicy: "Fast", maxActiveCall: 1 }));
        // Struct keys arrive sorted, so compare as a set.
        expect(bad.failures.map((f) => f.reason).sort()).to.deep.equal([
            "maxActiveCall is not a TrunkGroup input; did you mean maxActiveCalls? (see TrunkGroupArgs for the allowed fields)",
            "maxActiveCalls must be from 1 to 999999, got 0",
            'userLookupPolicy must be one of "Basic", "Extended", got the string "Fast"',
        ]);
        expect(sim.requests()).to.have.length(0); // no API call during check
    });

    it("create: POSTs and returns the identity id and the outputs", async () => {
        const { id, outs } = await made("PBX A");
        expect(id).to.equal("SP1/G2/PBX%20A");
        expect(outs).to.include({ name: "PBX A", maxActiveCalls: 10, trunkGroupState: "Available", totalActiveIncomingCalls: 0 });
        expect(outs.__provider).to.equal(text);
        expect(trunk("PBX A")).to.include({ maxActiveCalls: 10, sipAuthenticationUserName: "pbxa" });
    });

    it("diff with no change: no changes", async () => {
        const t = await made("PBX Same");
        const checked = await host.check(t.urn, t.inputs, p(t.declared));
        expect(await host.diff(t.urn, t.id, t.outs, checked.inputs)).to.deep.equal({ changes: "none", replaces: [], deleteBeforeReplace: false });
    });

    it("update: one sparse PUT with the change", async () => {
        const t = await made("PBX Update");
        sim.clearRequests();
        const news = (await host.check(t.urn, t.inputs, p({ ...t.declared, maxActiveCalls: 12 }))).inputs;
        expect((await host.diff(t.urn, t.id, t.outs, news)).changes).to.equal("some");
        const outs = (await host.update(t.urn, t.id, t.outs, news)).properties;
        const writes = sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");
        expect(writes.map((r) => [r.method, r.body])).to.deep.equal([["PUT", { serviceProviderId: "SP1", groupId: "G2", name: "PBX Update", maxActiveCalls: 12 }]]);
        expect(outs.maxActiveCalls).to.equal(12);
    });

    it("a changed secret password is detected and sent, and kept for the next diff", async () => {
        const t = await made("PBX Rotate");
        const news = (await host.check(t.urn, t.inputs, p({ ...t.declared, sipAuthenticationPassword: ROTATED }))).inputs;
        expect((await host.diff(t.urn, t.id, t.outs, news)).changes).to.equal("some");
        const outs = (await host.update(t.urn, t.id, t.outs, news)).properties;
        expect(outs.sipAuthenticationPassword).to.equal(ROTATED);
        expect(trunk("PBX Rotate")?.sipAuthenticationPassword).to.equal(ROTATED);
        expect((await host.diff(t.urn, t.id, outs, news)).changes).to.equal("none");
    });

    it("rename: an in-place update with newName, no replacement", async () => {
        const t = await made("PBX Rename");
        const news = (await host.check(t.urn, t.inputs, p({ ...t.declared, name: "PBX Renamed" }))).inputs;
        const d = await host.diff(t.urn, t.id, t.outs, news);
        expect(d).to.deep.equal({ changes: "some", replaces: [], deleteBeforeReplace: false });
        await host.update(t.urn, t.id, t.outs, news);
        expect(trunk("PBX Rename")).to.equal(undefined);
        expect(trunk("PBX Renamed")).to.include({ maxActiveCalls: 10 });
    });

    it("a groupId change replaces", async () => {
        const t = await made("PBX Move");
        const news = (await host.check(t.urn, t.inputs, p({ ...t.declared, groupId: "G1" }))).inputs;
        expect((await host.diff(t.urn, t.id, t.outs, news)).replaces).to.deep.equal(["groupId"]);
    });

    it("refresh after an out-of-band change reports the drift, and the next plan corrects it", async () => {
        const t = await made("PBX Drift");
        const { OdinClient } = await import("../../provider/odin/client");
        const other = new OdinClient({ baseUrl: sim.url, username: "pulumi", password: API_PASSWORD });
        await other.modifyTrunkGroup({ serviceProviderId: "SP1", groupId: "G2", name: "PBX Drift", maxActiveCalls: 7 });
        const r = await host.read(t.urn, t.id, t.outs, t.inputs);
        expect(r.id).to.equal(t.id);
        expect(r.properties.maxActiveCalls).to.equal(7);
        expect(r.inputs?.maxActiveCalls).to.equal(7);
        const news = (await host.check(t.urn, r.inputs!, p(t.declared))).inputs;
        expect((await host.diff(t.urn, t.id, r.properties, news)).changes).to.equal("some");
        await host.update(t.urn, t.id, r.properties, news);
        expect(trunk("PBX Drift")?.maxActiveCalls).to.equal(10);
    });

    it("a PUT naming an unknown access device or reroute target fails naming the field; the trunk group is not reported gone", async () => {
        const t = await made("PBX Refs");
        const cases: [Record<string, unknown>, string][] = [
            [{ accessDevice: { deviceLevel: "Group", deviceName: "No Such SBC" } }, 'accessDevice: access device "No Such SBC" (Group level) not found'],
            [
                { capacityExceededAction: "Reroute", capacityExceededRerouteTrunkGroupKey: { serviceProviderId: "SP1", groupId: "G2", name: "No Such TG" } },
                "capacityExceededRerouteTrunkGroupKey: the trunk group to reroute to, SP1/G2/No Such TG, not found",
            ],
        ];
        for (const [change, reason] of cases) {
            const news = (await host.check(t.urn, t.inputs, p({ ...t.declared, ...change }))).inputs;
            const err = (await host.update(t.urn, t.id, t.outs, news).catch((e: Error) => e)) as Error;
            expect(err.message).to.contain(reason).and.contain("The trunk group was not changed").and.not.contain("deleted outside Pulumi");
        }
        expect((await host.read(t.urn, t.id, t.outs, t.inputs)).id).to.equal(t.id);
    });

    it("pilotUserId: a user BroadWorks does not know, or one the trunk group does not host, is refused before the PUT", async () => {
        const urn = urnOf("pulumi-nodejs:dynamic/odin:TrunkGroup", "g1-tg1");
        const r = await host.read(urn, "SP1/G1/G1-TG1", p({}));
        sim.clearRequests();
        for (const pilot of ["nobody@sp1.sim.example", "g1.bob@sp1.sim.example"]) {
            const news = (await host.check(urn, r.inputs!, p({ ...r.inputs, pilotUserId: pilot }))).inputs;
            const err = (await host.update(urn, r.id, r.properties, news).catch((e: Error) => e)) as Error;
            expect(err.message).to.contain(`pilotUserId: user "${pilot}" is not a hosted user of trunk group "G1-TG1" (it hosts "g1.pilot@sp1.sim.example", "g1.alice@sp1.sim.example")`);
            expect(err.message).to.contain("The trunk group was not changed").and.not.contain("deleted outside Pulumi");
        }
        expect(sim.requests().filter((q) => q.method === "PUT")).to.deep.equal([]);
        // A hosted user is a valid pilot.
        const news = (await host.check(urn, r.inputs!, p({ ...r.inputs, pilotUserId: "g1.alice@sp1.sim.example" }))).inputs;
        expect((await host.update(urn, r.id, r.properties, news)).properties).to.include({ pilotUserId: "g1.alice@sp1.sim.example" });
        const undo = (await host.check(urn, news, p({ ...r.inputs }))).inputs;
        await host.update(urn, r.id, { ...r.properties, pilotUserId: "g1.alice@sp1.sim.example" }, undo);
    });

    it("a create with pilotUserId is refused before any request: a new trunk group hosts no users yet", async () => {
        const urn = urnOf("pulumi-nodejs:dynamic/odin:TrunkGroup", "pbx-pilot");
        const inputs = (await host.check(urn, {}, p({ ...program, name: "PBX Pilot", pilotUserId: "g2.carol@sp1.sim.example" }))).inputs;
        sim.clearRequests();
        const err = (await host.create(urn, inputs).catch((e: Error) => e)) as Error;
        expect(err.message).to.contain('pilotUserId: a trunk group\'s pilot user must be one of its hosted users, and trunk group "PBX Pilot" is being created');
        expect(err.message).to.contain("Nothing was created");
        expect(sim.requests()).to.deep.equal([]);
        expect(trunk("PBX Pilot")).to.equal(undefined);
    });

    it("import by id: read with no state, then the same program shows no diff", async () => {
        const importUrn = urnOf("pulumi-nodejs:dynamic/odin:TrunkGroup", "imported");
        const r = await host.read(importUrn, "SP1/G2/G2-TG1", p({}));
        expect(r.id).to.equal("SP1/G2/G2-TG1");
        expect(r.inputs).to.include({ maxActiveCalls: 30, maxIncomingCalls: 15, maxOutgoingCalls: 15 });
        const declared = { serviceProviderId: "SP1", groupId: "G2", name: "G2-TG1", maxActiveCalls: 30, maxIncomingCalls: 15, maxOutgoingCalls: 15 };
        const checked = await host.check(importUrn, r.inputs!, p(declared));
        expect(checked.failures).to.deep.equal([]);
        expect((await host.diff(importUrn, r.id, r.properties, checked.inputs)).changes).to.equal("none");
    });

    it("delete, then read of the deleted trunk group reports it gone", async () => {
        const t = await made("PBX Delete");
        await host.delete(t.urn, t.id, t.outs);
        expect(trunk("PBX Delete")).to.equal(undefined);
        const r = await host.read(t.urn, t.id, t.outs, t.inputs);
        expect(r.id).to.equal("");
        await host.delete(t.urn, t.id, t.outs); // already gone: success
    });

    it("no credential or SIP password appears in anything the host printed, with debug logging on", async () => {
        const debugHost = await startProviderHost({ env: { ...cleanEnv(process.env), TRUNKING_DEBUG: "1" } });
        try {
            await debugHost.configure({ "odin:baseUrl": sim.url, "odin:username": "pulumi", "odin:password": API_PASSWORD });
            const urn = urnOf("pulumi-nodejs:dynamic/odin:TrunkGroup", "PBX Logged");
            const declared = { ...program, name: "PBX Logged" };
            const inputs = (await debugHost.check(urn, {}, p(declared))).inputs;
            const created = await debugHost.create(urn, inputs);
            const news = (await debugHost.check(urn, inputs, p({ ...declared, sipAuthenticationPassword: ROTATED }))).inputs;
            const updated = await debugHost.update(urn, created.id, created.properties, news);
            await debugHost.delete(urn, created.id, updated.properties);
            const logs = debugHost.logs();
            expect(logs).to.contain("[pulumi-trunking odin debug]"); // it did log
            for (const secret of [API_PASSWORD, SIP_PASSWORD, ROTATED]) {
                expect(logs).not.to.contain(secret);
            }
        } finally {
            await debugHost.close();
        }
    });

    it("reports the missing settings by name when configure got none and the environment has none", async () => {
        const bare = await startProviderHost();
        try {
            await bare.configure({});
            const err = (await bare.read(URN, "SP1/G1/G1-TG1", p({})).catch((e: Error) => e)) as Error;
            expect(err.message).to.contain("Odin connection settings missing: odin:baseUrl (or ODIN_BASE_URL)");
        } finally {
            await bare.close();
        }
    });

    it("falls back to ODIN_* environment variables in the host", async () => {
        const envHost = await startProviderHost({
            env: { ...cleanEnv(process.env), ODIN_BASE_URL: sim.url, ODIN_USERNAME: "pulumi", ODIN_PASSWORD: API_PASSWORD },
        });
        try {
            await envHost.configure({});
            const r = await envHost.read(URN, "SP1/G1/G1-TG1", p({}));
            expect(r.id).to.equal("SP1/G1/G1-TG1");
        } finally {
            await envHost.close();
        }
    });
});
