import { expect } from "chai";
import { OdinClient } from "../../provider/odin/client";
import { OdinSimulator, WebexSimulator, startOdinSimulator, startWebexSimulator } from "../../provider/simulator";
import { ODIN_PASSWORD, ODIN_USER, ResourceSpec, TG_TYPE, WEBEX_LOCATIONS, WEBEX_TYPE, odinSeed, trunkGroup, webexTrunk } from "../engine/fixtures";
import { PulumiProject, STACK_PROGRAM, resourceSummary, withoutSecretValues } from "./cli";


const SIP = "E2e-Sip-Secret-Passw0rd";
const SIP2 = "E2e-Sip-Rotated-Passw0rd";
const WEBEX_TOKEN = "e2e-webex-admin-token-0001";
const TRUNK_PW = "E2e-Trunk-Passw0rd-1x";

/** Every secret these stacks hold: none may show in plain text anywhere a person or a file sees. */
const SECRETS = [ODIN_PASSWORD, SIP, SIP2, WEBEX_TOKEN, TRUNK_PW];

function expectNoSecrets(text: string, where: string): void {
    for (const s of SECRETS) {
        const at = text.indexOf(s);
        const context = at < 0 ? "" : text.slice(Math.max(0, at - 300), at + s.length + 100).split(s).join("<THE SECRET>");
        expect(at, `${where} shows the secret ${s.slice(0, 4)}…:\n${context}`).to.equal(-1);
    }
}

/** The `stack` test program on its own project and stack, pointed at the simulators. */
async function stackProject(odin: OdinSimulator, webex?: WebexSimulator): Promise<PulumiProject> {
    const p = new PulumiProject({ name: "trunking-test", entry: STACK_PROGRAM });
    await p.init();
    await p.configMany(
        {
            "odin:baseUrl": odin.url,
            "odin:username": ODIN_USER,
            "odin:password": ODIN_PASSWORD,
            "trunking-test:resources": "[]",
            "trunking-test:sip": SIP,
            ...(webex ? { "webex:baseUrl": webex.url, "webex:accessToken": WEBEX_TOKEN, "trunking-test:pw": TRUNK_PW } : {}),
        },
        ["odin:password", "trunking-test:sip", "webex:accessToken", "trunking-test:pw"],
    );
    return p;
}

const setResources = (p: PulumiProject, specs: ResourceSpec[]) => p.config("trunking-test:resources", JSON.stringify(specs));

describe("TrunkGroup through the real pulumi CLI", function () {
    this.timeout(600_000);
    let sim: OdinSimulator;
    let p: PulumiProject;
    const tgs = (group = "G1"): Record<string, any> => {
        const g = sim.state().serviceProviders[0].groups!.find((x) => x.groupId === group)!;
        return Object.fromEntries(((g.trunkGroups ?? []) as any[]).map((t) => [t.name, t]));
    };
    const writes = () => sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");
    const pbx = (args: Record<string, unknown> = {}) =>
        trunkGroup("pbx", { name: "PBX", maxActiveCalls: 5, requireAuthentication: true, sipAuthenticationUserName: "pbxuser", ...args }, { secrets: { sipAuthenticationPassword: "sip" } });

    before(async () => {
        sim = await startOdinSimulator({ seed: odinSeed() });
        p = await stackProject(sim);
    });
    after(async () => {
        await p?.dispose();
        await sim?.close();
    });

    it("preview shows the create and writes nothing; up creates it; a second up and a refresh change nothing", async () => {
        await setResources(p, [pbx()]);
        const preview = await p.preview();
        expect(preview.stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/odin:TrunkGroup\s+pbx\s+create/);
        expect(resourceSummary(preview.stdout)).to.deep.equal({ create: 2 });
        expect(writes()).to.have.length(0);
        const up = await p.up();
        expect(resourceSummary(up.stdout)).to.deep.equal({ created: 2 });
        expect(tgs()).to.have.property("PBX");
        expect(tgs().PBX.maxActiveCalls).to.equal(5);
        sim.clearRequests();
        await p.up(["--expect-no-changes"]);
        await p.refresh(["--expect-no-changes"]);
        expect(writes()).to.have.length(0);
    });

    it("an in-place change: `preview --diff` names the field with its old and new value and never the secret; up updates in place", async () => {
        await setResources(p, [pbx({ maxActiveCalls: 7 })]);
        const diff = await p.preview(["--diff"]);
        expect(diff.stdout).to.match(/~ maxActiveCalls\s*:\s*5 => 7/);
        expect(resourceSummary(diff.stdout)).to.deep.equal({ update: 1, unchanged: 1 });
        expect(diff.stdout).to.match(/sipAuthenticationPassword\s*:\s*\[secret\]/);
        const up = await p.up();
        expect(resourceSummary(up.stdout)).to.deep.equal({ updated: 1, unchanged: 1 });
        expect(tgs().PBX.maxActiveCalls).to.equal(7);
    });

    it("a new SIP password: the preview shows an update and the password only as [secret]; up sends it", async () => {
        await p.config("trunking-test:sip", SIP2, { secret: true });
        const diff = await p.preview(["--diff"]);
        // The engine cannot show a secret's old and new value, and a dynamic provider has
        // no way to name the changed field (its Diff answer carries no detailed diff): the
        // CLI shows the update with every input unmarked, the password as [secret].
        expect(resourceSummary(diff.stdout)).to.deep.equal({ update: 1, unchanged: 1 });
        expect(diff.stdout).to.match(/~ pulumi-nodejs:dynamic\/odin:TrunkGroup: \(update\)/);
        expect(diff.stdout).to.match(/sipAuthenticationPassword\s*:\s*\[secret\]/);
        await p.up();
        expect(tgs().PBX.sipAuthenticationPassword).to.equal(SIP2);
    });

    it("a rename is an update in place: the trunk group keeps its configuration under the new name", async () => {
        await setResources(p, [pbx({ maxActiveCalls: 7, name: "PBX Renamed" })]);
        const diff = await p.preview(["--diff"]);
        expect(diff.stdout).to.match(/~ name\s*:\s*"PBX" => "PBX Renamed"/);
        await p.up();
        expect(Object.keys(tgs())).to.include("PBX Renamed").and.not.include("PBX");
        expect(tgs()["PBX Renamed"].maxActiveCalls).to.equal(7);
    });

    it("another group is a replacement: preview says replace; up creates it in G2 and deletes it from G1", async () => {
        await setResources(p, [pbx({ maxActiveCalls: 7, name: "PBX Renamed", groupId: "G2" })]);
        const diff = await p.preview(["--diff"]);
        expect(diff.stdout).to.match(/\+-pulumi-nodejs:dynamic\/odin:TrunkGroup: \(replace\)/);
        expect(resourceSummary(diff.stdout)).to.deep.equal({ replace: 1, unchanged: 1 });
        expect(diff.stdout).to.match(/groupId\s*:\s*"G1" => "G2"/);
        await p.up();
        expect(tgs("G2")).to.have.property("PBX Renamed");
        expect(tgs("G1")).not.to.have.property("PBX Renamed");
    });

    it("drift made outside Pulumi: refresh finds it and records it; the next up puts the declared value back", async () => {
        const other = new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD });
        await other.transport.request({ method: "PUT", path: "/groups/trunk-groups", body: { serviceProviderId: "SP1", groupId: "G2", name: "PBX Renamed", maxActiveCalls: 3 } });
        const refresh = await p.refresh();
        expect(resourceSummary(refresh.stdout)).to.deep.equal({ updated: 1, unchanged: 1 });
        const [tg] = await p.resources(TG_TYPE);
        expect(tg.outputs.maxActiveCalls).to.equal(3);
        const diff = await p.preview(["--diff"]);
        expect(diff.stdout).to.match(/~ maxActiveCalls\s*:\s*3 => 7/);
        await p.up();
        expect(tgs("G2")["PBX Renamed"].maxActiveCalls).to.equal(7);
        await p.up(["--expect-no-changes"]);
    });

    it("destroy deletes it; nothing of it stays on BroadWorks or in the stack", async () => {
        await p.destroy();
        expect(tgs("G2")).not.to.have.property("PBX Renamed");
        expect(await p.resources(TG_TYPE)).to.have.length(0);
    });

    it("no secret in plain text: stack export, the backend's files, every command's output", async () => {
        const { text } = await p.exportState(false);
        expectNoSecrets(text, "pulumi stack export");
        const shown = await p.exportState(true);
        expectNoSecrets(JSON.stringify(withoutSecretValues(shown.deployment)), "pulumi stack export --show-secrets outside the values it holds as secrets");
        expectNoSecrets(p.filesText(), "the .pulumi backend and PULUMI_HOME");
        expectNoSecrets(p.transcriptText(), "the commands' output");
    });
});

describe("WebexTrunk through the real pulumi CLI", function () {
    this.timeout(600_000);
    let odin: OdinSimulator;
    let webex: WebexSimulator;
    let p: PulumiProject;
    const trunks = () => Object.fromEntries((webex.state().trunks ?? []).map((t: any) => [t.name, t]));

    before(async () => {
        odin = await startOdinSimulator({ seed: odinSeed() });
        webex = await startWebexSimulator({ tokens: [WEBEX_TOKEN] });
        p = await stackProject(odin, webex);
    });
    after(async () => {
        await p?.dispose();
        await webex?.close();
        await odin?.close();
    });

    it("create, update in place, replace on a new location, destroy; a second up and a refresh change nothing", async () => {
        await setResources(p, [webexTrunk("edge", { name: "Edge Trunk" })]);
        await p.up();
        expect(trunks()).to.have.property("Edge Trunk");
        await p.up(["--expect-no-changes"]);
        await p.refresh(["--expect-no-changes"]);

        await setResources(p, [webexTrunk("edge", { name: "Edge Trunk", dualIdentitySupportEnabled: true })]);
        const diff = await p.preview(["--diff"]);
        expect(diff.stdout).to.match(/~ dualIdentitySupportEnabled\s*:\s*false => true/);
        await p.up();
        expect(trunks()["Edge Trunk"].dualIdentitySupportEnabled).to.equal(true);

        await setResources(p, [webexTrunk("edge", { name: "Edge Trunk", dualIdentitySupportEnabled: true, locationId: WEBEX_LOCATIONS[1].id })]);
        const replace = await p.preview(["--diff"]);
        expect(replace.stdout).to.match(/\+-pulumi-nodejs:dynamic\/webex:Trunk: \(replace\)/);
        await p.up();
        expect(trunks()["Edge Trunk"].locationId).to.equal(WEBEX_LOCATIONS[1].id);
        expect(await p.resources(WEBEX_TYPE)).to.have.length(1);

        await p.destroy();
        expect(trunks()).not.to.have.property("Edge Trunk");
        expectNoSecrets(p.transcriptText() + p.filesText() + (await p.exportState(false)).text, "the Webex stack");
        expectNoSecrets(JSON.stringify(withoutSecretValues((await p.exportState(true)).deployment)), "the Webex stack's --show-secrets export outside its secret values");
    });
});
