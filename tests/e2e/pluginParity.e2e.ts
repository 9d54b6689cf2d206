import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { OdinClient } from "../../provider/odin/client";
import { OdinSimulator, RequestLogEntry, WebexSimulator, startOdinSimulator, startWebexSimulator } from "../../provider/simulator";
import { ODIN_PASSWORD, ODIN_USER, ResourceSpec, enterpriseTrunk, odinSeed, trunkGroup, webexTrunk } from "../engine/fixtures";
import { PulumiProject, STACK_PROGRAM, providerCalls, resourceSummary } from "./cli";
import { teeingPluginDir, yamlProgram } from "./pluginPrograms";

/**
 * One behaviour, two front doors: the same declarations through the dynamic
 * provider (the TypeScript `stack` test program, served to the CLI as the
 * Automation API serves an inline program) and through the provider plugin
 * (the same resources in Pulumi YAML, run by the real YAML host), each on
 * simulators of its own seeded alike, must send the APIs the same requests
 * and leave the same outputs in the state: create, an in-place update with a
 * rotated secret, a refresh after an out-of-band change, destroy. Then a stack
 * of dynamic TrunkGroups moves to the plugin's type without a create or
 * delete, and nothing secret shows in the state, the output or the plugin's
 * own stderr.
 */

const SIP = "Parity-Sip-Passw0rd-1";
const SIP2 = "Parity-Sip-Passw0rd-2";
const WEBEX_TOKEN = "parity-webex-token-0123456789";
const TRUNK_PW = "Parity-Trunk-Pw-1x";
const SECRETS = [SIP, SIP2, WEBEX_TOKEN, TRUNK_PW, ODIN_PASSWORD];

const sip = { secrets: { sipAuthenticationPassword: "sip" } };
const specsV1 = (): ResourceSpec[] => [
    trunkGroup("a", { name: "PBX A", maxActiveCalls: 20, requireAuthentication: true, sipAuthenticationUserName: "pbxa" }, sip),
    trunkGroup("b", { groupId: "G2", name: "SBC Edge", maxActiveCalls: 15 }),
    enterpriseTrunk("e", { enterpriseTrunkName: "Parity ET", maximumRerouteAttempts: 2 }, { members: [{ name: "a" }, { name: "b" }] }),
    webexTrunk("w", { name: "Parity Trunk" }),
];
const specsV2 = (): ResourceSpec[] => [
    trunkGroup("a", { name: "PBX A", maxActiveCalls: 30, requireAuthentication: true, sipAuthenticationUserName: "pbxa" }, sip),
    trunkGroup("b", { groupId: "G2", name: "SBC Edge", maxActiveCalls: 15, capacityExceededAction: "Forward", capacityExceededForwardAddress: "+15551230000" }),
    enterpriseTrunk("e", { enterpriseTrunkName: "Parity ET", maximumRerouteAttempts: 3 }, { members: [{ name: "b" }, { name: "a" }] }),
    webexTrunk("w", { name: "Parity Trunk 2" }),
];
/** The report after a and b: the TypeScript program by dependsOn, the YAML one by taking its arguments from them (see yamlProgram). */
const CAPACITY = { serviceProviderId: "SP1", groupIds: ["G1", "G2"], dependsOn: ["a", "b"] };
const YAML_CAPACITY = { serviceProviderId: "${a.serviceProviderId}", groupIds: ["${a.groupId}", "${b.groupId}"] };

/** One front door: a stack, its simulators. */
class Side {
    constructor(
        readonly kind: "dynamic" | "plugin",
        readonly p: PulumiProject,
        readonly odin: OdinSimulator,
        readonly webex: WebexSimulator,
    ) {}

    static async start(kind: "dynamic" | "plugin", pluginDir?: string): Promise<Side> {
        const odin = await startOdinSimulator({ seed: odinSeed() });
        const webex = await startWebexSimulator({ tokens: [WEBEX_TOKEN] });
        const p = new PulumiProject({ name: "trunking-test", entry: STACK_PROGRAM, writePulumiYaml: kind === "dynamic" });
        const side = new Side(kind, p, odin, webex);
        if (kind === "plugin") {
            side.pluginDir = pluginDir;
            side.write(specsV1());
        }
        await p.init();
        const values: Record<string, string> =
            kind === "dynamic"
                ? { "odin:baseUrl": odin.url, "odin:username": ODIN_USER, "odin:password": ODIN_PASSWORD, "webex:baseUrl": webex.url, "webex:accessToken": WEBEX_TOKEN }
                : { "trunking:odinBaseUrl": odin.url, "trunking:odinUsername": ODIN_USER, "trunking:odinPassword": ODIN_PASSWORD, "trunking:webexBaseUrl": webex.url, "trunking:webexAccessToken": WEBEX_TOKEN };
        await p.configMany({ ...values, "trunking-test:sip": SIP, "trunking-test:pw": TRUNK_PW }, ["odin:password", "webex:accessToken", "trunking:odinPassword", "trunking:webexAccessToken", "trunking-test:sip", "trunking-test:pw"]);
        return side;
    }

    pluginDir?: string;

    /** The declarations: stack config for the TypeScript program, Pulumi.yaml for the YAML one. */
    async declare(specs: ResourceSpec[]): Promise<void> {
        if (this.kind === "dynamic") {
            await this.p.config("trunking-test:resources", JSON.stringify(specs));
            await this.p.config("trunking-test:capacity", JSON.stringify(CAPACITY));
        } else {
            this.write(specs);
        }
    }

    private write(specs: ResourceSpec[]): void {
        fs.writeFileSync(path.join(this.p.dir, "Pulumi.yaml"), yamlProgram(specs, { name: "trunking-test", pluginDir: this.pluginDir, capacity: YAML_CAPACITY }));
    }

    /** The program is served only to the TypeScript side; the YAML host runs the other. */
    run(args: string[], opts: { env?: Record<string, string> } = {}) {
        return this.p.run(args, { program: this.kind === "dynamic" && ["up", "preview"].includes(args[0]), ...opts });
    }

    clear(): void {
        this.odin.clearRequests();
        this.webex.clearRequests();
    }

    /** What the APIs received, in an order that does not depend on which resource the engine stepped first. */
    requests(): string[] {
        const norm = (api: string, r: RequestLogEntry) => JSON.stringify({ api, method: r.method, path: r.path, query: r.query, body: r.body, status: r.status });
        return [...this.odin.requests().map((r) => norm("odin", r)), ...this.webex.requests().map((r) => norm("webex", r))].sort();
    }

    /** Each resource's inputs and outputs as the state holds them (decrypted), by name, without the dynamic provider's own key. */
    async state(): Promise<Record<string, { inputs: unknown; outputs: unknown }>> {
        const out: Record<string, { inputs: unknown; outputs: unknown }> = {};
        for (const r of await this.p.resources()) {
            if (/(TrunkGroup|Trunk)$/.test(r.type)) {
                const strip = (o: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== "__provider"));
                out[r.urn.split("::").pop()] = { inputs: strip(r.inputs), outputs: strip(r.outputs) };
            }
        }
        return out;
    }

    async close(): Promise<void> {
        await this.p.dispose();
        await this.odin.close();
        await this.webex.close();
    }
}

async function outOfBand(sim: OdinSimulator, body: Record<string, unknown>): Promise<void> {
    const c = new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD });
    await c.transport.request({ method: "PUT", path: "/groups/trunk-groups", body });
}

describe("the provider plugin and the dynamic provider through the real pulumi CLI: the same requests and outputs", function () {
    this.timeout(1_800_000);
    let dyn: Side;
    let plug: Side;
    let pluginLog: string;

    before(async () => {
        dyn = await Side.start("dynamic");
        pluginLog = path.join(dyn.p.dir, "..", "plugin-stderr.log");
        plug = await Side.start("plugin", teeingPluginDir(path.join(dyn.p.dir, "..", "plugin"), pluginLog));
        await dyn.declare(specsV1());
        await plug.declare(specsV1());
    });
    after(async () => {
        await dyn?.close();
        await plug?.close();
    });

    /** One command on both sides (the update phase only: see the last test for what the preview adds), then their requests and states compared. */
    async function both(args: string[]): Promise<void> {
        dyn.clear();
        plug.clear();
        const env = { TRUNKING_DEBUG: "1" };
        const [a, b] = [await dyn.run(args, { env }), await plug.run(args, { env })];
        expect(resourceSummary(b.stdout), b.stdout).to.deep.equal(resourceSummary(a.stdout));
        expect(plug.requests(), `${args.join(" ")}: the requests differ`).to.deep.equal(dyn.requests());
        expect(await plug.state(), `${args.join(" ")}: the states differ`).to.deep.equal(await dyn.state());
    }

    it("create: two TrunkGroups (one with a secret SIP password), an EnterpriseTrunk over them, a WebexTrunk (secret password) and the capacity report", async () => {
        await both(["up", "--yes", "--skip-preview"]);
        expect(Object.keys(await plug.state()).sort()).to.deep.equal(["a", "b", "e", "w"]);
        expect(((await plug.state()).e.outputs as Record<string, unknown>).trunkGroups).to.deep.equal([
            { groupId: "G1", trunkGroupName: "PBX A" },
            { groupId: "G2", trunkGroupName: "SBC Edge" },
        ]);
        expect((await plug.p.stackOutputs()).capacity).to.deep.equal((await dyn.p.stackOutputs()).capacity);
        expect((await plug.p.stackOutputs()).capacity.groups.find((g: any) => g.groupId === "G1").trunkGroups.map((t: any) => t.name)).to.include("PBX A");
    });

    it("update in place: new limits, a forward action, an enterprise trunk's members reordered, a renamed Webex trunk and a rotated SIP password", async () => {
        await dyn.declare(specsV2());
        await plug.declare(specsV2());
        for (const s of [dyn, plug]) {
            await s.p.config("trunking-test:sip", SIP2, { secret: true });
        }
        await both(["up", "--yes", "--skip-preview"]);
        const a = (await plug.state()).a.outputs as Record<string, unknown>;
        expect(a.maxActiveCalls).to.equal(30);
        const e = (await plug.state()).e.outputs as Record<string, any>;
        expect(e.maximumRerouteAttempts).to.equal(3);
        expect(e.trunkGroups.map((m: any) => m.trunkGroupName)).to.deep.equal(["SBC Edge", "PBX A"]);
        expect(JSON.stringify(a.sipAuthenticationPassword), "the rotated password, a secret").to.contain(SIP2).and.contain("4dabf18193072939515e22adb298388d");
    });

    it("a second up changes nothing; refresh finds an out-of-band change alike", async () => {
        await both(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
        for (const s of [dyn, plug]) {
            await outOfBand(s.odin, { serviceProviderId: "SP1", groupId: "G2", name: "SBC Edge", maxActiveCalls: 9 });
        }
        await both(["refresh", "--yes", "--skip-preview"]);
        expect((await plug.state()).b.outputs).to.include({ maxActiveCalls: 9 });
    });

    it("destroy", async () => {
        await both(["destroy", "--yes", "--skip-preview"]);
        expect(await plug.state()).to.deep.equal({});
    });

    it("no secret in pulumi stack export, the backend's files, any command's output, or the plugin's own stderr", async () => {
        const log = fs.readFileSync(pluginLog, "utf8");
        expect(log, "TRUNKING_DEBUG=1 wrote the plugin's request lines").to.match(/POST \/api\/v2\/groups\/trunk-groups -> 20\d/);
        const texts: Record<string, string> = {
            "pulumi stack export": (await plug.p.exportState()).text,
            "the backend's files": plug.p.filesText(),
            "the commands' output": plug.p.transcriptText(),
            "the plugin's stderr": log,
        };
        for (const [where, text] of Object.entries(texts)) {
            for (const secret of SECRETS) {
                expect(text.includes(secret), `${where} holds a secret (${secret.slice(0, 6)}…)`).to.equal(false);
            }
        }
    });

    it("what the preview adds: both write nothing, read the capacity report and project the declarations onto it alike", async () => {
        await dyn.declare(specsV1());
        await plug.declare(specsV1());
        dyn.clear();
        plug.clear();
        const a = await dyn.run(["preview"]);
        const b = await plug.run(["preview"]);
        expect(resourceSummary(b.stdout)).to.deep.equal(resourceSummary(a.stdout));
        const writes = (s: Side) => s.requests().filter((r) => /"method":"(POST|PUT|DELETE)"/.test(r) && !r.includes("/auth/token"));
        expect(writes(dyn)).to.deep.equal([]);
        expect(writes(plug)).to.deep.equal([]);
        for (const s of [dyn, plug]) {
            expect(s.requests().some((r) => r.includes("/service-providers/trunk-groups/call-capacity")), `the ${s.kind} preview reads the report`).to.equal(true);
        }
        const projected = outputBlock(a.stdout, "capacity");
        expect(projected, "the TypeScript preview's report is projected").to.match(/projected:true/);
        expect(projected, "SBC Edge is in G2's projected lines").to.contain('name:"SBC Edge"');
        expect(outputBlock(b.stdout, "capacity"), "the plugin's preview report is the TypeScript one").to.equal(projected);
    });
});

/** One stack output as `pulumi preview` prints it, with the alignment padding taken out. */
function outputBlock(stdout: string, name: string): string {
    const lines = stdout.split("\n");
    const start = lines.findIndex((l) => new RegExp(`^    ${name}\\s*:`).test(l));
    expect(start, `output ${name} in:\n${stdout}`).to.be.greaterThan(-1);
    const end = lines.findIndex((l, i) => i > start && !/^ {5,}/.test(l));
    return lines
        .slice(start, end)
        .map((l) => l.trim().replace(/\s*:\s*/, ":"))
        .join("\n");
}

describe("a stack of dynamic TrunkGroups moves to the plugin's type through the real pulumi CLI, with no create or delete", function () {
    this.timeout(900_000);
    let side: Side;
    let p: PulumiProject;

    before(async () => {
        side = await Side.start("dynamic");
        p = side.p;
    });
    after(async () => side?.close());

    it("TypeScript program first; then the same resources in Pulumi YAML: preview shows no create or delete, up sends no write, refresh drops __provider", async () => {
        const specs = specsV1().filter((s) => s.kind === "TrunkGroup");
        await side.declare(specs);
        await p.run(["config", "rm", "trunking-test:capacity"]);
        await side.run(["up", "--yes"]);
        const before = await p.resources();
        expect(before.filter((r) => r.type === "pulumi-nodejs:dynamic/odin:TrunkGroup")).to.have.length(2);

        // The plugin's settings beside the dynamic ones (docs/plugin.md: the migration).
        await p.configMany({ "trunking:odinBaseUrl": side.odin.url, "trunking:odinUsername": ODIN_USER, "trunking:odinPassword": ODIN_PASSWORD }, ["trunking:odinPassword"]);
        fs.writeFileSync(path.join(p.dir, "Pulumi.yaml"), yamlProgram(specs, { name: "trunking-test" }));
        side.clear();
        const preview = await p.run(["preview", "--diff"], { program: false, grpc: true });
        const summary = resourceSummary(preview.stdout);
        expect(summary, preview.stdout).not.to.have.property("create");
        expect(summary, preview.stdout).not.to.have.property("delete");
        expect(summary, preview.stdout).not.to.have.property("replace");
        const calls = providerCalls(preview.grpc).filter((c) => c.urn.includes("TrunkGroup"));
        expect(calls.filter((c) => c.method === "Diff").map((c) => c.urn.split("::")[2]), "the plugin diffed both").to.deep.equal(["trunking:index:TrunkGroup", "trunking:index:TrunkGroup"]);
        expect(calls.filter((c) => c.method === "Create" || c.method === "Delete")).to.deep.equal([]);
        expect(calls.filter((c) => c.method === "Diff").map((c) => c.response?.changes ?? "DIFF_NONE")).to.not.include("DIFF_SOME");

        const up = await p.run(["up", "--yes", "--skip-preview"], { program: false });
        const s = resourceSummary(up.stdout);
        expect(s, up.stdout).not.to.have.property("created");
        expect(s, up.stdout).not.to.have.property("deleted");
        expect(side.odin.requests().filter((r) => ["POST", "PUT", "DELETE"].includes(r.method) && r.path !== "/auth/token"), "no write reached BroadWorks").to.deep.equal([]);
        const after = await p.resources();
        const moved = after.filter((r) => r.type === "trunking:index:TrunkGroup");
        expect(moved.map((r) => r.id).sort()).to.deep.equal(before.filter((r) => r.type === "pulumi-nodejs:dynamic/odin:TrunkGroup").map((r) => r.id).sort());
        expect(after.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic"))).to.deep.equal([]);

        await p.run(["refresh", "--yes", "--skip-preview"]);
        for (const r of (await p.resources()).filter((x) => x.type === "trunking:index:TrunkGroup")) {
            expect(r.outputs).not.to.have.property("__provider");
        }
        await p.run(["up", "--yes", "--expect-no-changes"], { program: false });
        await p.run(["destroy", "--yes"]);
        expect(side.odin.requests().filter((r) => r.method === "DELETE")).to.have.length(2);
    });
});
