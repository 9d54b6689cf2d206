import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OdinClient } from "../../provider/odin/client";
import { OdinSimulator, WebexSimulator, startOdinSimulator, startWebexSimulator } from "../../provider/simulator";
import { ODIN_PASSWORD, ODIN_USER, OdinStack, ResourceSpec, odinSeed, trunkGroup, webexTrunk } from "../engine/fixtures";
import type { HostRequest } from "../engine/hostProcess";
import type { Command, RunSummary } from "../engine/types";
import { UNKNOWN } from "../engine/values";
import { CliResult, GrpcEntry, PulumiProject, REPO } from "./cli";

/**
 * Conformance of the stand-in: the same program, the same commands and the
 * same simulator state, run through tests/engine (TestEngine) and through the
 * real `pulumi` CLI with PULUMI_DEBUG_GRPC, must send the provider host the
 * same requests: per resource (and for the provider itself) the same methods
 * in the same order, each with the same fields (protojson, as the CLI logs
 * them; see tests/engine/wire.ts) once what differs by nature is set aside
 * (VOLATILE: ports, random seeds, tokens, the provider's id, the simulators'
 * URLs). Across independent resources the order may differ (both step them in
 * parallel); for a resource that takes another's output, its first request
 * must follow the other's write in both.
 *
 * The CLI runs `up`, `refresh` and `destroy` with `--skip-preview`: the test
 * engine's commands are the CLI's update phase (as the Automation API runs
 * them); a CLI command without it runs a preview first, which the last test
 * shows is the engine's preview followed by its command.
 */

const STACK_PROGRAM = path.join(REPO, "dist", "tests", "engine", "programs", "stack", "index.js");
const SIP = "Conformance-Sip-Passw0rd";
const SIP2 = "Conformance-Sip-Rotated-1";
const WEBEX_TOKEN = "conformance-webex-token-1";
const TRUNK_PW = "Conformance-Trunk-Pw-1x";

/** Each side's simulator URLs, and the placeholder each stands for. */
type Urls = Array<[string, string]>;

/** One provider request, as either engine sent it. */
interface Call {
    method: string;
    /** The resource's name, or "<provider>" for the provider's own requests. */
    key: string;
    wire: Record<string, unknown>;
}

const METHOD_NAMES: Record<string, string> = {
    handshake: "Handshake",
    getPluginInfo: "GetPluginInfo",
    checkConfig2: "CheckConfig2",
    checkConfig: "CheckConfig",
    diffConfig: "DiffConfig",
    configure: "Configure",
    check: "Check",
    diff: "Diff",
    create: "Create",
    read: "Read",
    update: "Update",
    delete: "Delete",
    cancel: "Cancel",
};

function keyOf(urn: string | undefined): string {
    if (!urn || urn.includes("::pulumi:providers:")) {
        return "<provider>";
    }
    return urn.split("::").pop()!;
}

const ADDRESS_FIELDS = new Set(["engineAddress", "mapperTarget", "loaderTarget", "resolverTarget", "resourceStatusAddress"]);

/** What differs by nature between two runs, replaced by a placeholder (its presence still compared). */
function normalize(wire: Record<string, unknown>, method: string, urls: Urls): Record<string, unknown> {
    const walk = (v: unknown): unknown => {
        if (typeof v === "string") {
            return urls.reduce((acc, [url, placeholder]) => acc.split(url).join(placeholder), v);
        }
        if (Array.isArray(v)) {
            return v.map(walk);
        }
        if (v && typeof v === "object") {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
        }
        return v;
    };
    const out = walk(wire) as Record<string, unknown>;
    for (const k of Object.keys(out)) {
        if (ADDRESS_FIELDS.has(k)) {
            out[k] = "<address>";
        } else if (k === "resourceStatusToken") {
            out[k] = "<token>";
        } else if (k === "rootDirectory" || k === "programDirectory") {
            out[k] = "<plugin directory>";
        } else if (k === "randomSeed") {
            out[k] = `<${Buffer.from(String(out[k]), "base64").length} random bytes>`;
        } else if (k === "id" && method === "Configure" && out[k] !== UNKNOWN) {
            out[k] = "<provider id>";
        }
    }
    return out;
}

function engineCalls(s: RunSummary, urls: Urls): Call[] {
    return s.requests.map((r: HostRequest) => {
        const method = METHOD_NAMES[r.method];
        return { method, key: keyOf(r.urn), wire: normalize(r.wire ?? {}, method, urls) };
    });
}

function cliCalls(entries: GrpcEntry[], urls: Urls): Call[] {
    return entries
        .filter((e) => e.method.startsWith("/pulumirpc.ResourceProvider/"))
        .map((e) => {
            const method = e.method.split("/").pop()!;
            return { method, key: keyOf(e.request?.urn), wire: normalize(e.request ?? {}, method, urls) };
        });
}

/** Every difference between the two, per resource, as sentences. */
export function compareCalls(cli: Call[], eng: Call[]): string[] {
    const out: string[] = [];
    const keys = [...new Set([...cli.map((c) => c.key), ...eng.map((c) => c.key)])].sort();
    for (const key of keys) {
        const a = cli.filter((c) => c.key === key);
        const b = eng.filter((c) => c.key === key);
        const ma = a.map((c) => c.method).join(" ");
        const mb = b.map((c) => c.method).join(" ");
        if (ma !== mb) {
            out.push(`${key}: the CLI sends [${ma}], the test engine [${mb}]`);
            continue;
        }
        a.forEach((ca, i) => {
            for (const d of fieldDifferences(ca.wire, b[i].wire)) {
                out.push(`${key}: ${ca.method} #${a.slice(0, i + 1).filter((x) => x.method === ca.method).length} ${d}`);
            }
        });
    }
    return out;
}

function fieldDifferences(a: Record<string, unknown>, b: Record<string, unknown>, prefix = ""): string[] {
    const out: string[] = [];
    for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        const p = prefix ? `${prefix}.${k}` : k;
        if (!(k in b)) {
            out.push(`${p}: only the CLI sends it (${short(a[k])})`);
        } else if (!(k in a)) {
            out.push(`${p}: only the test engine sends it (${short(b[k])})`);
        } else if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) {
            const x = a[k];
            const y = b[k];
            if (x && y && typeof x === "object" && typeof y === "object" && !Array.isArray(x) && !Array.isArray(y) && prefix === "") {
                out.push(...fieldDifferences(x as Record<string, unknown>, y as Record<string, unknown>, p));
            } else {
                out.push(`${p}: the CLI sends ${short(x)}, the test engine ${short(y)}`);
            }
        }
    }
    return out;
}

function short(v: unknown): string {
    const s = JSON.stringify(v) ?? "undefined";
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** JSON with lists of named objects in name order. */
function canonical(v: unknown): any {
    if (Array.isArray(v)) {
        const items = v.map(canonical);
        return items.every((x) => x && typeof x === "object" && typeof x.name === "string") ? items.sort((a, b) => String(a.name).localeCompare(String(b.name))) : items;
    }
    if (v && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, canonical(x)]));
    }
    return v;
}

/** The position of a resource's request of a method in the order the engine finished them. */
function position(calls: Call[], key: string, method: string, which: "first" | "last" = "first"): number {
    const idx = calls.map((c, i) => (c.key === key && c.method === method ? i : -1)).filter((i) => i >= 0);
    return which === "first" ? (idx[0] ?? -1) : (idx[idx.length - 1] ?? -1);
}

interface StepResult {
    cli: Call[];
    eng: Call[];
    cliRun: CliResult;
    engRun: RunSummary;
}

/** One stack in each engine, on simulators of the same state. */
class Twin {
    private constructor(
        readonly engSim: OdinSimulator,
        readonly cliSim: OdinSimulator,
        readonly engWebex: WebexSimulator,
        readonly cliWebex: WebexSimulator,
        readonly stack: OdinStack,
        readonly p: PulumiProject,
        readonly dir: string,
    ) {}

    static async start(): Promise<Twin> {
        const engSim = await startOdinSimulator({ seed: odinSeed() });
        const cliSim = await startOdinSimulator({ seed: odinSeed() });
        // Seeded alike, so a trunk made on each gets the same id.
        const engWebex = await startWebexSimulator({ tokens: [WEBEX_TOKEN] });
        const cliWebex = await startWebexSimulator({ tokens: [WEBEX_TOKEN] });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "conformance-"));
        const secrets = ["trunking-test:sip", "webex:accessToken", "trunking-test:pw"];
        const config = (webexUrl: string) => ({ "trunking-test:sip": SIP, "webex:baseUrl": webexUrl, "webex:accessToken": WEBEX_TOKEN, "trunking-test:pw": TRUNK_PW });
        const stack = new OdinStack(engSim, dir, { config: config(engWebex.url), secretConfig: secrets });
        const p = new PulumiProject({ name: "trunking-test", entry: STACK_PROGRAM });
        await p.init();
        await p.configMany(
            { "odin:baseUrl": cliSim.url, "odin:username": ODIN_USER, "odin:password": ODIN_PASSWORD, "trunking-test:resources": "[]", ...config(cliWebex.url) },
            ["odin:password", ...secrets],
        );
        return new Twin(engSim, cliSim, engWebex, cliWebex, stack, p, dir);
    }

    get engUrls(): Urls {
        return [
            [this.engSim.url, "<odin>"],
            [this.engWebex.url, "<webex>"],
        ];
    }

    get cliUrls(): Urls {
        return [
            [this.cliSim.url, "<odin>"],
            [this.cliWebex.url, "<webex>"],
        ];
    }

    async setResources(specs: ResourceSpec[]): Promise<void> {
        this.stack.setResources(specs);
        await this.p.config("trunking-test:resources", JSON.stringify(specs));
    }

    async setConfig(key: string, value: string, secret = false): Promise<void> {
        this.stack.engine.setConfig(key, value, { secret });
        await this.p.config(key, value, { secret });
    }

    async setCapacity(capacity: { serviceProviderId: string; dependsOn?: string[] } | undefined): Promise<void> {
        this.stack.setCapacity(capacity);
        if (capacity) {
            await this.p.config("trunking-test:capacity", JSON.stringify(capacity));
        } else {
            await this.p.run(["config", "rm", "trunking-test:capacity"]);
        }
    }

    /** The same change made outside Pulumi on both simulators. */
    async outOfBand(body: Record<string, unknown>): Promise<void> {
        for (const sim of [this.engSim, this.cliSim]) {
            const c = new OdinClient({ baseUrl: sim.url, username: ODIN_USER, password: ODIN_PASSWORD });
            await c.transport.request({ method: "PUT", path: "/groups/trunk-groups", body });
        }
    }

    async run(command: Command, opts: { allowFailure?: boolean } = {}): Promise<StepResult> {
        const engRun = await this.stack.engine[command]({ allowFailure: opts.allowFailure });
        const args = command === "preview" ? ["preview"] : [command, "--yes", "--skip-preview"];
        const cliRun = await this.p.run(args, { grpc: true, allowFailure: opts.allowFailure });
        return { engRun, cliRun, eng: engineCalls(engRun, this.engUrls), cli: cliCalls(cliRun.grpc, this.cliUrls) };
    }

    /** Trunk groups and Webex trunks on each side's simulators: the two engines must have left them alike. */
    systems(): [unknown, unknown] {
        const view = (sim: OdinSimulator, webex: WebexSimulator) => [
            sim
                .state()
                .serviceProviders[0].groups!.map((g) => [g.groupId, ((g.trunkGroups ?? []) as any[]).map((t) => JSON.stringify(t)).sort()])
                .sort(),
            ((webex.state().trunks ?? []) as any[]).map((t) => JSON.stringify(t)).sort(),
        ];
        return [view(this.cliSim, this.cliWebex), view(this.engSim, this.engWebex)];
    }

    async close(): Promise<void> {
        await this.p.dispose();
        await this.engSim.close();
        await this.cliSim.close();
        await this.engWebex.close();
        await this.cliWebex.close();
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

const sip = { secrets: { sipAuthenticationPassword: "sip" } };
const A = (args: Record<string, unknown> = {}) => trunkGroup("a", { requireAuthentication: true, sipAuthenticationUserName: "pbxa", ...args }, sip);
const B = (args: Record<string, unknown> = {}) => trunkGroup("b", { groupId: "G2", ...args }, { refs: { name: "a.id" }, export: ["id", "name"] });
const C = (args: Record<string, unknown> = {}) => trunkGroup("c", args, { options: { ignoreChanges: ["maxActiveCalls"] } });
const D = (args: Record<string, unknown> = {}) => trunkGroup("d", args, { options: { deleteBeforeReplace: true } });
const E = () => trunkGroup("e", {}, { options: { retainOnDelete: true } });
const P = (protect = true) => trunkGroup("p", {}, { options: { protect } });
const W = (args: Record<string, unknown> = {}) => webexTrunk("w", { name: "Conformance Trunk", ...args }, { export: ["id"] });

describe("conformance: the test engine and the real pulumi CLI send the provider the same requests", function () {
    this.timeout(900_000);
    let t: Twin;

    before(async () => {
        t = await Twin.start();
    });
    after(async () => {
        await t?.close();
    });

    function same(r: StepResult): void {
        expect(r.cli.filter((c) => c.key !== "<provider>"), "the CLI's log holds the resources' requests").to.not.deep.equal([]);
        const diffs = compareCalls(r.cli, r.eng);
        expect(diffs, diffs.join("\n")).to.deep.equal([]);
        expect(r.cliRun.code === 0, `${r.cliRun.stdout}\n${r.cliRun.stderr}`).to.equal(r.engRun.ok);
    }

    it("preview of a new stack: unknowns from another resource's id; the capacity report unknown", async () => {
        await t.setResources([A(), B(), C(), D(), E(), P(), W()]);
        await t.setCapacity({ serviceProviderId: "SP1", dependsOn: ["a", "b"] });
        const r = await t.run("preview");
        same(r);
        const checkB = r.cli.find((c) => c.key === "b" && c.method === "Check")!;
        expect((checkB.wire.news as any).name).to.equal(UNKNOWN);
        expect(t.systems()[0]).to.deep.equal(t.systems()[1]);
    });

    it("up creates them all; b after a (it takes a's id); the stack outputs agree", async () => {
        const r = await t.run("up");
        same(r);
        for (const calls of [r.cli, r.eng]) {
            expect(position(calls, "b", "Check")).to.be.greaterThan(position(calls, "a", "Create"));
        }
        const [cliSys, engSys] = t.systems();
        expect(cliSys).to.deep.equal(engSys);
        // The capacity report lists trunk groups in the order BroadWorks made them, which parallel creates leave to chance.
        const cliOut = canonical(await t.p.stackOutputs(true));
        const engOut = canonical(t.stack.engine.stackOutputs().outputs);
        expect(cliOut).to.deep.equal(engOut);
        expect(Object.keys(cliOut).sort()).to.deep.equal(["b.id", "b.name", "capacity", "w.id"]);
    });

    it("an up with nothing to do: Check and Diff of each, nothing else", async () => {
        const r = await t.run("up");
        same(r);
        expect(r.cli.filter((c) => !["Check", "Diff"].includes(c.method) && c.key !== "<provider>")).to.deep.equal([]);
    });

    it("in-place update, a new secret (a provider config change), a change under ignoreChanges, a deleteBeforeReplace replacement, a retained resource dropped from the program", async () => {
        await t.setConfig("trunking-test:sip", SIP2, true);
        await t.setResources([A({ maxActiveCalls: 6 }), B(), C({ maxActiveCalls: 9 }), D({ groupId: "G2" }), P(), W({ dualIdentitySupportEnabled: true })]);
        const r = await t.run("up");
        same(r);
        expect(t.systems()[0]).to.deep.equal(t.systems()[1]);
    });

    it("a create-before-delete replacement whose id feeds another resource: preview shows the dependent's input unknown; up renames it", async () => {
        await t.setResources([A({ maxActiveCalls: 6, groupId: "G2" }), B(), C({ maxActiveCalls: 9 }), D({ groupId: "G2" }), P(), W({ dualIdentitySupportEnabled: true })]);
        const preview = await t.run("preview");
        same(preview);
        // a is replaced, so its id is unknown until it exists: b is checked with its name unknown.
        const checkB = preview.cli.find((c) => c.key === "b" && c.method === "Check")!;
        expect((checkB.wire.news as any).name).to.equal(UNKNOWN);
        const r = await t.run("up");
        same(r);
        for (const calls of [r.cli, r.eng]) {
            expect(position(calls, "b", "Update")).to.be.greaterThan(position(calls, "a", "Create"));
        }
        expect(t.systems()[0]).to.deep.equal(t.systems()[1]);
    });

    it("refresh with drift made outside Pulumi (one field under ignoreChanges), then up puts back what is not ignored", async () => {
        // b is named after a's id.
        await t.outOfBand({ serviceProviderId: "SP1", groupId: "G2", name: "SP1/G2/A", maxActiveCalls: 3 });
        await t.outOfBand({ serviceProviderId: "SP1", groupId: "G1", name: "C", maxActiveCalls: 4 });
        same(await t.run("refresh"));
        same(await t.run("up"));
        expect(t.systems()[0]).to.deep.equal(t.systems()[1]);
    });

    it("destroy refuses the protected resource and deletes the others; once unprotected, destroy deletes it", async () => {
        const refused = await t.run("destroy", { allowFailure: true });
        same(refused);
        expect(refused.engRun.ok).to.equal(false);
        // b takes a's id: it goes first.
        for (const calls of [refused.cli, refused.eng]) {
            expect(position(calls, "b", "Delete")).to.be.within(0, position(calls, "a", "Delete"));
        }
        await t.setCapacity(undefined);
        await t.setResources([P(false)]);
        same(await t.run("up"));
        same(await t.run("destroy"));
        expect(t.systems()[0]).to.deep.equal(t.systems()[1]);
    });

    it("`pulumi up` without --skip-preview sends what the test engine's preview and then its up send", async () => {
        await t.setResources([trunkGroup("f", { maxActiveCalls: 3 })]);
        const preview = await t.stack.engine.preview();
        const up = await t.stack.engine.up();
        const cliRun = await t.p.run(["up", "--yes"], { grpc: true });
        const both = [...engineCalls(preview, t.engUrls), ...engineCalls(up, t.engUrls)];
        const diffs = compareCalls(cliCalls(cliRun.grpc, t.cliUrls), both);
        expect(diffs, diffs.join("\n")).to.deep.equal([]);
        expect(cliCalls(cliRun.grpc, t.cliUrls).filter((c) => c.method === "Handshake")).to.have.length(2);
        expect(t.systems()[0]).to.deep.equal(t.systems()[1]);
        same(await t.run("destroy"));
    });
});
