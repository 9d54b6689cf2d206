import { expect } from "chai";
import type * as pulumi from "@pulumi/pulumi";
import { load } from "../../provider/dynamic";
import { resetForTests as resetEnterpriseTrunk } from "../../provider/odin/enterpriseTrunk/handlers";
import { resetForTests as resetTrunkGroup } from "../../provider/odin/trunkGroup/handlers";
import { PluginConfig, pluginWording } from "../../provider/plugin/config";
import { parseLine } from "../../provider/plugin/engineLog";
import { TrunkingProvider, typeOfUrn } from "../../provider/plugin/provider";
import { pluginResources } from "../../provider/plugin/resources";
import { SECRET_SIG, SECRET_VALUE, secret, unwrap, withSecrets } from "../../provider/plugin/wire";
import { UNKNOWN } from "../../provider/kit/schema";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { providerFor } from "./fixtures";
import { resetForTests as resetWebexTrunk } from "../../provider/webex/trunk/handlers";

type Props = Record<string, any>;
const SIP = "Plugin-Sip-Secret-77";
const URN = "urn:pulumi:dev::proj::trunking:index:TrunkGroup::pbxA";

const isSecret = (v: unknown) => !!v && typeof v === "object" && (v as Props)[SECRET_SIG] === SECRET_VALUE;


describe("plugin wire values and settings", () => {
    it("unwraps secrets at any depth, noting the top-level keys; unknown output values become the unknown marker", () => {
        const u = unwrap({ a: secret("s1"), b: { c: secret("s2"), d: 1 }, e: UNKNOWN, f: { [SECRET_SIG]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", secret: true }, g: "plain" });
        expect(u.value).to.deep.equal({ a: "s1", b: { c: "s2", d: 1 }, e: UNKNOWN, f: UNKNOWN, g: "plain" });
        expect([...u.secretKeys].sort()).to.deep.equal(["a", "b", "f"]);
        expect(u.secretStrings).to.include.members(["s1", "s2"]);
        expect(withSecrets({ a: "x", b: undefined, c: 1 }, ["a", "b", "z"])).to.deep.equal({ a: secret("x"), c: 1 });
    });

    it("reads trunking:<api><Name> for the handlers' <api>:<name>, and rewords texts to the plugin's keys", () => {
        const c = new PluginConfig({ odinBaseUrl: "http://x/api/v2", webexAccessToken: "tok-123456", odinTimeoutMS: "5" });
        expect(c.get("odin:baseUrl")).to.equal("http://x/api/v2");
        expect(c.get("webex:accessToken")).to.equal("tok-123456");
        expect(c.get("odin:username")).to.equal(undefined);
        expect(c.keys()).to.deep.equal(["odin:baseUrl", "webex:accessToken"]);
        expect(c.secretValues()).to.deep.equal(["tok-123456"]);
        expect(c.unknownKeys()).to.have.length(1);
        expect(c.unknownKeys()[0]).to.match(/^unknown stack config key trunking:odinTimeoutMS; did you mean trunking:odinTimeoutMs\?/);
        expect(pluginWording("set `pulumi config set --secret odin:password …` or ODIN_PASSWORD; odin:TrunkGroup at http://h:80/x; odin:nonsense")).to.equal(
            "set `pulumi config set --secret trunking:odinPassword …` or ODIN_PASSWORD; odin:TrunkGroup at http://h:80/x; odin:nonsense",
        );
        expect(PluginConfig.fromEnvironment({ PULUMI_CONFIG: '{"odinUsername":"u"}' }).get("odin:username")).to.equal("u");
        expect(() => PluginConfig.fromEnvironment({ PULUMI_CONFIG: "[1]" })).to.throw(/not a JSON object/);
        expect(PluginConfig.fromEnvironment({}).keys()).to.deep.equal([]);
        expect(parseLine("[pulumi-trunking odin warn] hello")).to.deep.equal({ tag: "odin", level: "warn", message: "hello" });
        expect(parseLine("Error: x\n    at y")).to.equal(undefined);
        expect(typeOfUrn(URN)).to.equal("trunking:index:TrunkGroup");
        expect(typeOfUrn("urn:pulumi:dev::proj::pulumi:pulumi:Stack$trunking:index:TrunkGroup::x")).to.equal("trunking:index:TrunkGroup");
    });
});

describe("the plugin provider over the kit's handlers, against the Odin simulator", () => {
    let sim: OdinSimulator | undefined;
    afterEach(async () => {
        await sim?.close();
        sim = undefined;
        resetTrunkGroup();
        resetWebexTrunk();
        resetEnterpriseTrunk();
    });

    const pbxA = { serviceProviderId: "SP1", groupId: "G2", name: "PBX A", maxActiveCalls: 12, requireAuthentication: true, sipAuthenticationUserName: "pbxa" };

    it("check: a secret input stays secret in the checked inputs, every secret field is secret, failures name the field and hold no secret", async () => {
        sim = await startOdinSimulator();
        const p = providerFor(sim);
        const ok = await p.check(URN, {}, { ...pbxA, sipAuthenticationPassword: secret(SIP) });
        expect(ok.failures).to.deep.equal([]);
        expect(isSecret(ok.inputs.sipAuthenticationPassword)).to.equal(true);
        expect(ok.inputs.sipAuthenticationPassword.value).to.equal(SIP);
        // Passed as a plain string, the table still makes it secret.
        const plain = await p.check(URN, {}, { ...pbxA, sipAuthenticationPassword: SIP });
        expect(isSecret(plain.inputs.sipAuthenticationPassword)).to.equal(true);
        const bad = await p.check(URN, {}, { ...pbxA, maxActiveCalls: 0, sipAuthenticationPassword: secret(SIP), prefix: SIP });
        expect(bad.failures!.map((f) => f.property)).to.include("maxActiveCalls");
        expect(JSON.stringify(bad.failures)).not.to.contain(SIP);
        // As in the dynamic host: check writes nothing; it reads only the group's capacity, to judge maxActiveCalls against it.
        const sent = sim.requests().filter((r) => r.path !== "/auth/token");
        expect(sent.map((r) => `${r.method} ${r.path}`), "check writes nothing").to.satisfy((l: string[]) => l.every((x) => x === "GET /groups/trunk-groups/call-capacity"));
    });

    it("create, read, update, delete: the same outputs as the dynamic handlers, secrets wrapped", async () => {
        sim = await startOdinSimulator();
        let p = providerFor(sim);
        const checked = (await p.check(URN, {}, { ...pbxA, sipAuthenticationPassword: secret(SIP) })).inputs;
        const created = await p.create(URN, checked);
        expect(created.id).to.equal("SP1/G2/PBX%20A");
        expect(isSecret(created.outs.sipAuthenticationPassword)).to.equal(true);
        const post = sim.requests().find((r) => r.method === "POST" && r.path === "/groups/trunk-groups")!;
        expect((post.body as Props).sipAuthenticationPassword).to.equal(SIP);

        // The dynamic handlers on a simulator of the same state give the same outputs.
        const twin = await startOdinSimulator();
        try {
            const h = load("odin:TrunkGroup");
            await h.configure({ config: { get: (k: string) => ({ "odin:baseUrl": twin.url, "odin:username": "admin", "odin:password": "admin" })[k] } } as unknown as pulumi.dynamic.ConfigureRequest);
            const dynChecked = (await h.check({}, { ...pbxA, sipAuthenticationPassword: SIP })).inputs;
            const dyn = await h.create(dynChecked);
            expect(unwrap(created.outs).value).to.deep.equal(dyn.outs);
            expect(unwrap(checked).value).to.deep.equal(dynChecked);
            expect(twin.requests().map((r) => [r.method, r.path, r.body])).to.deep.equal(sim.requests().map((r) => [r.method, r.path, r.body]));
        } finally {
            await twin.close();
            resetTrunkGroup();
        }

        // The twin's configure replaced the handlers' settings (one host process runs one front door): a fresh plugin configures them again.
        p = providerFor(sim);
        const read = await p.read(created.id, URN, created.outs);
        expect(isSecret(read.props!.sipAuthenticationPassword)).to.equal(true);
        expect(isSecret(read.inputs!.sipAuthenticationPassword)).to.equal(true);
        const news = (await p.check(URN, checked, { ...pbxA, maxActiveCalls: 20, sipAuthenticationPassword: secret(SIP) })).inputs;
        const d = await p.diff(created.id, URN, created.outs, news);
        expect(d.changes).to.equal(true);
        expect(d.replaces ?? []).to.deep.equal([]);
        const updated = await p.update(created.id, URN, created.outs, news);
        expect(updated.outs.maxActiveCalls).to.equal(20);
        expect(isSecret(updated.outs.sipAuthenticationPassword)).to.equal(true);
        await p.delete(created.id, URN, updated.outs);
        expect(sim.requests().filter((r) => r.method === "DELETE")).to.have.length(1);
    });

    it("EnterpriseTrunk: its list of trunk groups through the plugin gives the dynamic handlers' requests and outputs; read shows no change; delete", async () => {
        const ET_URN = "urn:pulumi:dev::proj::trunking:index:EnterpriseTrunk::main";
        const members = [
            { groupId: "G2", trunkGroupName: "ET-A" },
            { groupId: "G2", trunkGroupName: "ET-B" },
        ];
        const et = { serviceProviderId: "SP1", groupId: "G2", enterpriseTrunkName: "Main ET", maximumRerouteAttempts: 3, orderedRouting: { orderingAlgorithm: "Overflow" }, trunkGroups: members };
        const run = async (target: OdinSimulator, viaPlugin: boolean): Promise<Props> => {
            for (const m of members) {
                await providerFor(target).create(URN, { serviceProviderId: "SP1", groupId: m.groupId, name: m.trunkGroupName, maxActiveCalls: 5 });
            }
            resetTrunkGroup();
            target.clearRequests();
            if (viaPlugin) {
                const p = providerFor(target);
                const checked = await p.check(ET_URN, {}, et);
                expect(checked.failures).to.deep.equal([]);
                const created = await p.create(ET_URN, checked.inputs);
                const read = await p.read(created.id, ET_URN, created.outs);
                const d = await p.diff(created.id, ET_URN, created.outs, checked.inputs);
                expect(d.changes, "read back as created").to.equal(false);
                expect(read.props).to.deep.equal(created.outs);
                return { id: created.id, outs: created.outs };
            }
            const h = load("odin:EnterpriseTrunk");
            await h.configure({ config: { get: (k: string) => ({ "odin:baseUrl": target.url, "odin:username": "admin", "odin:password": "admin" })[k] } } as unknown as pulumi.dynamic.ConfigureRequest);
            const checked = await h.check({}, et);
            const created = await h.create(checked.inputs);
            return { id: created.id, outs: created.outs };
        };
        sim = await startOdinSimulator();
        const viaPlugin = await run(sim, true);
        expect(viaPlugin.outs.trunkGroups).to.deep.equal(members);
        const twin = await startOdinSimulator();
        try {
            resetEnterpriseTrunk();
            const viaDynamic = await run(twin, false);
            expect(viaPlugin).to.deep.equal(viaDynamic);
            const writes = (x: OdinSimulator) => x.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token").map((r) => [r.method, r.path, r.body]);
            expect(writes(twin)).to.deep.equal(writes(sim)).and.to.have.length(1);
        } finally {
            await twin.close();
        }
        resetEnterpriseTrunk();
        const p = providerFor(sim);
        await p.delete(viaPlugin.id as string, ET_URN, viaPlugin.outs as Props);
        expect(sim.requests().filter((r) => r.method === "DELETE" && r.path === "/groups/enterprise-trunks")).to.have.length(1);
        const left = sim.state().serviceProviders.find((x) => x.serviceProviderId === "SP1")!.enterpriseTrunks ?? [];
        expect(left.map((x) => x.enterpriseTrunkName)).not.to.include("Main ET");
    });

    it("a state a dynamic TrunkGroup left (with __provider) checks and diffs without a change, and its outputs lose __provider", async () => {
        sim = await startOdinSimulator();
        const h = load("odin:TrunkGroup");
        await h.configure({ config: { get: (k: string) => ({ "odin:baseUrl": sim!.url, "odin:username": "admin", "odin:password": "admin" })[k] } } as unknown as pulumi.dynamic.ConfigureRequest);
        const provider = "exports.handler = () => require('pulumi-trunking/dynamic/odin/TrunkGroup');";
        const plain = { serviceProviderId: "SP1", groupId: "G2", name: "PBX B", maxActiveCalls: 12 };
        const dynCheck = await h.check({}, { ...plain, __provider: provider });
        expect(dynCheck.failures).to.deep.equal([]);
        const dynInputs = dynCheck.inputs as Props;
        const dyn = await h.create(dynInputs);
        const oldOuts = { ...dyn.outs, __provider: provider };
        resetTrunkGroup();

        const p = providerFor(sim);
        const checked = await p.check(URN, dynInputs, plain);
        expect(checked.failures).to.deep.equal([]);
        expect(checked.inputs).not.to.have.property("__provider");
        const d = await p.diff(dyn.id, URN, oldOuts, checked.inputs);
        expect(d.changes).to.equal(false);
        const read = await p.read(dyn.id, URN, oldOuts);
        expect(read.props).not.to.have.property("__provider");
        expect(read.props!.maxActiveCalls).to.equal(12);
    });

    it("settings: warnings and errors name trunking:* keys; an unknown key is warned once with the nearest key", async () => {
        sim = await startOdinSimulator();
        const warnings: string[] = [];
        const noLogin = new TrunkingProvider(pluginResources(), new PluginConfig({ odinBaseURL: sim.url }), "0.0.0-test", (l) => warnings.push(l));
        const checked = (await noLogin.check(URN, {}, pbxA)).inputs;
        let error: Error | undefined;
        try {
            await noLogin.create(URN, checked);
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).to.contain("trunking:odinBaseUrl");
        expect(error?.message).not.to.match(/\bodin:baseUrl\b/);
        expect(warnings).to.have.length(1);
        expect(warnings[0]).to.match(/unknown stack config key trunking:odinBaseURL; did you mean trunking:odinBaseUrl\?/);
        await noLogin.check(URN, {}, pbxA);
        expect(warnings).to.have.length(1);
    });

    it("an error leaves scrubbed of the API password and every secret input", async () => {
        sim = await startOdinSimulator();
        const p = new TrunkingProvider(pluginResources(), new PluginConfig({ odinBaseUrl: sim.url, odinUsername: "admin", odinPassword: "Wrong-Api-Passw0rd" }), "0.0.0-test", () => undefined);
        const checked = (await p.check(URN, {}, { ...pbxA, sipAuthenticationPassword: secret(SIP) })).inputs;
        let error: Error | undefined;
        try {
            await p.create(URN, checked);
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).to.match(/refused/i);
        expect(error?.message).to.contain("trunking:odinPassword");
        expect(error?.message).not.to.contain("Wrong-Api-Passw0rd");
        expect(error?.message).not.to.contain(SIP);
    });

    it("the invoke getTrunkingCapacity: bad arguments fail naming the argument before any request; good ones give the report", async () => {
        sim = await startOdinSimulator();
        const p = providerFor(sim);
        const bad = await p.invoke("trunking:index:getTrunkingCapacity", { serviceProviderId: "SP1", groupId: ["G1"] });
        expect(bad.failures).to.have.length(1);
        expect(bad.failures![0].reason).to.match(/unknown argument "groupId"; did you mean groupIds\?/);
        const conc = await p.invoke("trunking:index:getTrunkingCapacity", { serviceProviderId: "SP1", concurrency: 0 });
        expect(conc.failures![0]).to.deep.include({ property: "concurrency" });
        expect(sim.requests()).to.deep.equal([]);
        const report = await p.invoke("trunking:index:getTrunkingCapacity", { serviceProviderId: "SP1", groupIds: ["G1"] });
        expect(report.failures ?? []).to.deep.equal([]);
        expect(report.outputs.serviceProviderId).to.equal("SP1");
        expect(report.outputs.groups.map((g: Props) => g.groupId)).to.deep.equal(["G1"]);
        let error: Error | undefined;
        try {
            await p.invoke("trunking:index:nope", {});
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).to.contain("has no function trunking:index:nope");
    });

    it("the invoke applies trunking:odinOversubscription to the report it read: warn (the default) once per oversubscribed part, deny fails naming them, allow says nothing", async () => {
        sim = await startOdinSimulator();
        // G2 gives all 30 of its calls to G2-TG1 already: 15 more oversubscribe it.
        await providerFor(sim).create(URN, { serviceProviderId: "SP1", groupId: "G2", name: "Over", maxActiveCalls: 15 });
        const args = { serviceProviderId: "SP1", groupIds: ["G2"] };
        const warned: string[] = [];
        const report = await providerFor(sim, {}, warned).invoke("trunking:index:getTrunkingCapacity", args);
        expect(report.outputs.groups[0].groupId).to.equal("G2");
        const g2 = warned.filter((l) => /group G2\b.*oversubscribed/.test(l));
        expect(g2, warned.join("\n")).to.have.length(1);
        expect(g2[0]).to.contain("(trunking:odinOversubscription: warn)");

        let denied: Error | undefined;
        try {
            await providerFor(sim, { odinOversubscription: "deny" }).invoke("trunking:index:getTrunkingCapacity", args);
        } catch (e) {
            denied = e as Error;
        }
        expect(denied?.message).to.match(/trunking:odinOversubscription is "deny"/);
        expect(denied?.message).to.match(/group G2\b.*oversubscribed/);
        expect(denied?.message, "no advice the plugin cannot follow").not.to.contain("allowOversubscription: true");
        expect(denied?.message).to.contain('set trunking:odinOversubscription to "allow"');

        const quiet: string[] = [];
        await providerFor(sim, { odinOversubscription: "allow" }, quiet).invoke("trunking:index:getTrunkingCapacity", args);
        expect(quiet.filter((l) => /oversubscribed/.test(l))).to.deep.equal([]);
    });

    it("check judges a trunk group against the capacity the program declares for its group (one plugin process serves both), else against BroadWorks'", async () => {
        const CAP_URN = "urn:pulumi:dev::proj::trunking:index:GroupTrunkingCapacity::g2";
        const big = { serviceProviderId: "SP1", groupId: "G2", name: "Big", maxActiveCalls: 45 };
        sim = await startOdinSimulator();
        const alone = await providerFor(sim).check(URN, {}, big);
        expect(alone.failures!.map((f) => f.reason).join("\n")).to.match(/45 active calls.*G2.*30/);
        resetTrunkGroup();
        const p = providerFor(sim);
        const cap = await p.check(CAP_URN, {}, { serviceProviderId: "SP1", groupId: "G2", maxActiveCalls: 50 });
        expect(cap.failures).to.deep.equal([]);
        const raised = await p.check(URN, {}, big);
        expect(raised.failures).to.deep.equal([]);
    });

    it("a resource type the plugin does not have is an error naming the ones it has", async () => {
        sim = await startOdinSimulator();
        const p = providerFor(sim);
        let error: Error | undefined;
        try {
            await p.check("urn:pulumi:dev::proj::trunking:index:Nope::x", {}, {});
        } catch (e) {
            error = e as Error;
        }
        expect(error?.message).to.contain("no resource type trunking:index:Nope (it has trunking:index:TrunkGroup");
    });
});
