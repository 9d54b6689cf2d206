import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load } from "../../provider/dynamic";
import { providerStub } from "../../provider/kit/stub";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import type { WebexSimulator } from "../../provider/simulator/webex";
import { ProviderHost, REPO_ROOT, serializeProvider, startProviderHost, urnOf, withProvider } from "../../bench/providerHost";
import { LOCATIONS, TOKEN, startSim } from "../webex/webexFixtures";
import { OdinStack, TG_TYPE, WEBEX_TYPE, startOdin, tempDir, trunkGroup, webexTrunk } from "../engine/fixtures";
import { requestsOf } from "../engine/hooks";

/**
 * State outlives versions: a resource that is never updated keeps the
 * provider text it was written with, and the engine hands that text to the
 * host for every refresh and destroy. The fixtures are the texts real
 * versions wrote (never edited); each must keep working against the
 * installed package, through the real dynamic-provider host.
 *
 * The per-text tests drive the host directly with the engine's own sequence
 * for one resource (up, refresh, up with a change, destroy: Configure, Check,
 * Create, Read with the stored outputs and inputs, Check with Read's inputs,
 * Diff, Update, Delete), so every fixture is exercised in a few milliseconds;
 * the stack whose state 0.1.0 wrote runs through the test engine itself.
 */
const FIXTURES = path.join(REPO_ROOT, "tests", "fixtures", "serialized-providers");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");

const TEXTS = {
    "odin:TrunkGroup": [
        ["0.1.0 (dist/provider/odin/trunkGroup/handlers)", "odin-trunkgroup-0.1.0.js"],
        ["pulumi-trunking/dynamic", "odin-trunkgroup-dynamic.js"],
        ["pulumi-trunking/dynamic/odin/TrunkGroup (installed in node_modules)", "odin-trunkgroup-module.js"],
    ],
    "webex:Trunk": [
        ["0.1.0 (dist/provider/webex/handlers)", "webex-trunk-0.1.0.js"],
        ["pulumi-trunking/dynamic", "webex-trunk-dynamic.js"],
        ["pulumi-trunking/dynamic/webex/Trunk (installed in node_modules)", "webex-trunk-module.js"],
    ],
} as const;

const ODIN_PASSWORD = "Saved-State-Odin-Pw1";
const SIP_PASSWORD = "Saved-State-Sip-Pw1";
const WEBEX_PASSWORD = "Saved-State-Trunk-1";

describe("saved provider texts load through the real host: state written by each version keeps working", function () {
    this.timeout(90_000);

    describe("TrunkGroup", () => {
        let sim: OdinSimulator;
        let host: ProviderHost;
        const group = () => (sim.state().serviceProviders[0].groups ?? []).find((g) => g.groupId === "G2")?.trunkGroups ?? [];

        before(async () => {
            const seed = require("../../provider/simulator").sampleSeed();
            seed.logins = [{ username: "saved", password: ODIN_PASSWORD }];
            sim = await startOdinSimulator({ seed });
            host = await startProviderHost();
            await host.configure({ "odin:baseUrl": sim.url, "odin:username": "saved", "odin:password": ODIN_PASSWORD }, ["odin:password"]);
        });
        after(async () => {
            await host?.close();
            await sim?.close();
        });

        for (const [label, file] of TEXTS["odin:TrunkGroup"]) {
            it(`${label}: check, create, read, update and delete`, async () => {
                const text = fixture(file);
                const name = `Saved ${file.includes("0.1.0") ? "Old" : file.includes("module") ? "Module" : "New"}`;
                const urn = urnOf("pulumi-nodejs:dynamic/odin:TrunkGroup", name);
                const program = {
                    serviceProviderId: "SP1",
                    groupId: "G2",
                    name,
                    maxActiveCalls: 5,
                    requireAuthentication: true,
                    sipAuthenticationUserName: "saved",
                    sipAuthenticationPassword: SIP_PASSWORD,
                };
                const checked = await host.check(urn, {}, withProvider(text, program));
                expect(checked.failures).to.deep.equal([]);
                const created = await host.create(urn, checked.inputs);
                expect(created.id).to.equal(`SP1/G2/${encodeURIComponent(name)}`);
                expect(created.properties.__provider).to.equal(text);
                expect(group().find((t) => t.name === name)).to.include({ maxActiveCalls: 5 });

                // A refresh: Read(id, stored outputs, stored inputs); its inputs replace the stored ones.
                const read = await host.read(urn, created.id, created.properties, checked.inputs);
                expect(read.id).to.equal(created.id);
                expect(read.properties).to.include({ maxActiveCalls: 5, trunkGroupState: "Available" });

                const news = (await host.check(urn, read.inputs!, withProvider(text, { ...program, maxActiveCalls: 6 }))).inputs;
                expect((await host.diff(urn, created.id, read.properties, news)).changes).to.equal("some");
                const updated = await host.update(urn, created.id, read.properties, news);
                expect(updated.properties.maxActiveCalls).to.equal(6);
                expect(group().find((t) => t.name === name)).to.include({ maxActiveCalls: 6 });

                await host.delete(urn, created.id, updated.properties);
                expect(group().find((t) => t.name === name)).to.equal(undefined);
            });
        }
    });

    describe("WebexTrunk", () => {
        let sim: WebexSimulator;
        let host: ProviderHost;
        const stored = (id: string) => sim.state().trunks?.find((t) => t.id === id);

        before(async () => {
            sim = await startSim();
            host = await startProviderHost();
            await host.configure({ "webex:baseUrl": sim.url, "webex:accessToken": TOKEN }, ["webex:accessToken"]);
        });
        after(async () => {
            await host?.close();
            await sim?.close();
        });

        for (const [label, file] of TEXTS["webex:Trunk"]) {
            it(`${label}: check, create, read, update and delete`, async () => {
                const text = fixture(file);
                const name = `Saved ${file.includes("0.1.0") ? "Old" : file.includes("module") ? "Module" : "New"}`;
                const urn = urnOf("pulumi-nodejs:dynamic/webex:Trunk", name);
                const program = { name, locationId: LOCATIONS[0].id, password: WEBEX_PASSWORD, trunkType: "REGISTERING" };
                const checked = await host.check(urn, {}, withProvider(text, program));
                expect(checked.failures).to.deep.equal([]);
                const created = await host.create(urn, checked.inputs);
                expect(stored(created.id)).to.include({ name, password: WEBEX_PASSWORD });
                expect(created.properties.__provider).to.equal(text);

                // A refresh: Read(id, stored outputs, stored inputs); its inputs replace the stored ones.
                const read = await host.read(urn, created.id, created.properties, checked.inputs);
                expect(read.id).to.equal(created.id);
                expect(read.properties).to.include({ name, trunkType: "REGISTERING" });

                const news = (await host.check(urn, read.inputs!, withProvider(text, { ...program, dualIdentitySupportEnabled: true }))).inputs;
                expect((await host.diff(urn, created.id, read.properties, news)).changes).to.equal("some");
                const updated = await host.update(urn, created.id, read.properties, news);
                expect(updated.properties.dualIdentitySupportEnabled).to.equal(true);
                expect(stored(created.id)).to.include({ dualIdentitySupportEnabled: true });

                await host.delete(urn, created.id, updated.properties);
                expect(stored(created.id)).to.equal(undefined);
            });
        }
    });

    describe("a stack whose state 0.1.0 wrote, through the test engine (issue 11, defect 5)", () => {
        let odin: OdinSimulator;
        let webex: WebexSimulator;
        let dir: string;

        before(async () => {
            odin = await startOdin();
            webex = await startSim();
            dir = tempDir("saved-providers");
        });
        after(async () => {
            await odin?.close();
            await webex?.close();
            fs.rmSync(dir, { recursive: true, force: true });
        });

        it("refreshes and destroys both resources, the engine handing the host the 0.1.0 provider texts it keeps", async () => {
            const stack = new OdinStack(odin, dir, {
                config: { "webex:baseUrl": webex.url, "webex:accessToken": TOKEN, "trunking-test:pw": WEBEX_PASSWORD },
                secretConfig: ["webex:accessToken", "trunking-test:pw"],
            });
            stack.setResources([trunkGroup("old-tg"), webexTrunk("old-lgw", { name: "Old State LGW", locationId: LOCATIONS[0].id })]);
            await stack.engine.up();
            // What a stack created with 0.1.0 holds: its provider texts, in inputs and outputs alike.
            const old: Record<string, string> = { [TG_TYPE]: fixture("odin-trunkgroup-0.1.0.js"), [WEBEX_TYPE]: fixture("webex-trunk-0.1.0.js") };
            stack.engine.editState((resources) => {
                for (const r of resources.filter((x) => x.type in old)) {
                    r.inputs.__provider = old[r.type];
                    r.outputs.__provider = old[r.type];
                }
            });

            const refreshed = await stack.engine.refresh();
            const reads = requestsOf(refreshed.requests, "read");
            expect(reads.map((r) => (r.request.properties as Record<string, unknown>).__provider)).to.have.members([old[TG_TYPE], old[WEBEX_TYPE]]);
            expect(refreshed.steps.filter((x) => x.type in old).map((x) => x.detail)).to.deep.equal(["same", "same"]);
            for (const r of stack.engine.resources()) {
                expect(r.outputs.__provider, r.name).to.equal(old[r.type]);
            }

            const destroyed = await stack.engine.destroy();
            expect(requestsOf(destroyed.requests, "delete").map((r) => (r.request.properties as Record<string, unknown>).__provider)).to.have.members([old[TG_TYPE], old[WEBEX_TYPE]]);
            expect(stack.engine.resources()).to.deep.equal([]);
            expect(stack.trunkGroups()).to.deep.equal({});
            expect(webex.state().trunks).to.deep.equal([]);
        });
    });

    describe("the text this version writes where the package is installed in node_modules", () => {
        // tests/package/packInstall.spec.ts shows that a real install writes exactly this text.
        for (const [kind, file] of [
            ["odin:TrunkGroup", "odin-trunkgroup-module.js"],
            ["webex:Trunk", "webex-trunk-module.js"],
        ] as const) {
            it(`${kind}: one require of its module, which exports the kind's stub`, () => {
                const text = fixture(file);
                const [module, type] = kind.split(":");
                expect([...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).to.deep.equal([`"pulumi-trunking/dynamic/${module}/${type}"`]);
                expect(text.length).to.be.below(300);
                const stub = require(`pulumi-trunking/dynamic/${module}/${type}`);
                expect(stub).to.have.all.keys("configure", "check", "diff", "create", "read", "update", "delete");
            });
        }

        it("every kind the stable entry knows has its module", () => {
            const known = /\(it knows ([^)]*)\)/.exec(String((() => { try { load("?"); } catch (e) { return (e as Error).message; } })()))![1].split(", ");
            for (const kind of known) {
                const [module, type] = kind.split(":");
                expect(() => require(`pulumi-trunking/dynamic/${module}/${type}`), kind).not.to.throw();
            }
        });
    });

    describe("the text this version writes where the package is linked (npm link, a file: dependency)", () => {
        for (const kind of ["odin:TrunkGroup", "webex:Trunk"] as const) {
            it(`${kind}: requires pulumi-trunking/dynamic and nothing else, and captures only the kind`, async () => {
                const text = await serializeProvider(providerStub(kind));
                expect([...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1])).to.deep.equal(['"pulumi-trunking/dynamic"']);
                // The closure serializer writes every captured variable into a `with({...})` scope.
                const captured = new Set([...text.matchAll(/with\(\{ (.*?), this: undefined/g)].flatMap((m) => m[1].split(", ").map((e) => e.split(":")[0])));
                expect([...captured].sort()).to.deep.equal(["entry", "kind", "provider"]);
                expect(text).to.contain(`kind: ${JSON.stringify(kind)}`);
                expect(text).not.to.match(/dist\/provider|axios|Agent|https?:\/\//);
                expect(text.length).to.be.below(4000);
            });
        }

        it("is held by a fixture, so later versions prove it still loads", async () => {
            const shape = (t: string) => t.replace(/\s+/g, " ");
            for (const [kind, file] of [
                ["odin:TrunkGroup", "odin-trunkgroup-dynamic.js"],
                ["webex:Trunk", "webex-trunk-dynamic.js"],
            ] as const) {
                expect(shape(await serializeProvider(providerStub(kind))), `${kind} now writes a provider text no fixture holds: add it as a new fixture (never edit the old ones)`).to.equal(
                    shape(fixture(file)),
                );
            }
        });
    });

    describe("the stable entry", () => {
        it("load(kind) is what the 0.1.0 paths export, and what the new texts reach", () => {
            for (const [kind, legacy] of [
                ["odin:TrunkGroup", "pulumi-trunking/dist/provider/odin/trunkGroup/handlers"],
                ["webex:Trunk", "pulumi-trunking/dist/provider/webex/handlers"],
            ] as const) {
                // Through the package name, exactly as the saved texts require them.
                expect(require(legacy).handlers, legacy).to.equal(require("pulumi-trunking/dynamic").load(kind));
                expect(load(kind)).to.have.all.keys("configure", "check", "diff", "create", "read", "update", "delete");
            }
        });

        it("an unknown kind (state from a newer version) is a clear error naming the kinds it knows and what to run", () => {
            for (const kind of ["cisco:DialPeer", "constructor", "__proto__", ""]) {
                expect(() => load(kind)).to.throw(/pulumi-trunking \d+\.\d+\.\d+ has no resource kind .* \(it knows odin:TrunkGroup, odin:GroupTrunkingCapacity, odin:ServiceProviderTrunkingCapacity, webex:Trunk, odin:EnterpriseTrunk\).*npm install pulumi-trunking@latest/);
            }
        });
    });

    describe("when the package cannot be loaded where the host runs", () => {
        /** Loads a saved text the way the host does (require-from-string, paths from the working directory) and calls check. */
        function checkIn(cwd: string, text: string): string {
            const script = `
                const requireFromString = require(${JSON.stringify(require.resolve("require-from-string", { paths: [path.dirname(require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js"))] }))});
                const provider = requireFromString(require("fs").readFileSync(0, "utf8")).handler();
                provider.check({}, {}).then(() => console.log("loaded"), (e) => console.log(e.message));`;
            const r = spawnSync(process.execPath, ["-e", script], { cwd, input: text, encoding: "utf8", env: { PATH: process.env.PATH ?? "" }, timeout: 20_000 });
            return `${r.stdout}${r.stderr}`.trim();
        }

        it("not installed: says to install pulumi-trunking next to Pulumi.yaml", () => {
            const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-trunking-"));
            try {
                const out = checkIn(empty, fixture("webex-trunk-dynamic.js"));
                expect(out).to.contain("This stack has webex:Trunk resources, which need the npm package pulumi-trunking, but it cannot be found from");
                expect(out).to.contain("run `npm install pulumi-trunking` in the folder that holds Pulumi.yaml");
            } finally {
                fs.rmSync(empty, { recursive: true, force: true });
            }
        });

        it("an older pulumi-trunking without the entry: says to upgrade it", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "old-trunking-"));
            try {
                const pkg = path.join(dir, "node_modules", "pulumi-trunking");
                fs.mkdirSync(pkg, { recursive: true });
                fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "pulumi-trunking", version: "0.1.0", exports: { ".": "./index.js", "./dist/*": "./dist/*.js" } }));
                const out = checkIn(dir, fixture("odin-trunkgroup-dynamic.js"));
                expect(out).to.contain('were written by a newer pulumi-trunking than the one installed (it has no "pulumi-trunking/dynamic" entry)');
                expect(out).to.contain("npm install pulumi-trunking@latest");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("not installed, a text written by an installed package: Node names the module to install", () => {
            const empty = fs.mkdtempSync(path.join(os.tmpdir(), "no-trunking-"));
            try {
                expect(checkIn(empty, fixture("odin-trunkgroup-module.js"))).to.contain("Cannot find module 'pulumi-trunking/dynamic/odin/TrunkGroup'");
                expect(checkIn(REPO_ROOT, fixture("odin-trunkgroup-module.js"))).to.equal("loaded");
            } finally {
                fs.rmSync(empty, { recursive: true, force: true });
            }
        });

        it("installed: the same text loads (the check above fails for the right reason only)", () => {
            expect(checkIn(REPO_ROOT, fixture("webex-trunk-dynamic.js"))).to.equal("loaded");
        });
    });
});
