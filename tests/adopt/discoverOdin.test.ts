import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { VARIED_LOGIN, VARIED_SP, sipPasswordOf, variedOdinSeed } from "../../bench/seeds/variedTrunking";
import type { Discovery } from "../../provider/discover";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import type { TestEngine } from "../engine/index";
import { requestsOf } from "../engine/index";
import { REPO, compileProject, configCommands, engineForProject, runDiscover, tempDir, writesOf } from "./helpers";

/**
 * Issue 12's main path, for BroadWorks: on a system holding 230 trunk groups
 * that use every kind of field, `trunking-discover odin` writes a project; it
 * compiles against the package; `pulumi up` (the test engine driving the
 * real provider host) adopts every trunk group without a single write
 * request; a second up changes nothing; a refresh finds no drift.
 */
describe("adopt: trunking-discover odin → compile → up, on 230 varied trunk groups", function () {
    this.timeout(600_000);
    const COUNT = 230;
    let sim: OdinSimulator;
    let dir: string;
    let out: string;
    let engine: TestEngine;
    let env: Record<string, string>;
    let seededSecrets: Map<string, string>;
    let discovery: Discovery;

    before(async () => {
        const seed = variedOdinSeed(COUNT);
        sim = await startOdinSimulator({ seed });
        dir = tempDir("odin");
        out = path.join(dir, "project");
        env = { ODIN_BASE_URL: sim.url, ODIN_USERNAME: VARIED_LOGIN.username, ODIN_PASSWORD: VARIED_LOGIN.password };
        seededSecrets = new Map();
        for (const g of seed.serviceProviders[0].groups ?? []) {
            for (const t of g.trunkGroups ?? []) {
                if (t.requireAuthentication) {
                    seededSecrets.set(`${g.groupId}/${t.name}`, sipPasswordOf(g.groupId, t.name));
                }
            }
        }
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("writes the project: every trunk group once, by group then name, secrets only as config keys", async () => {
        const run = await runDiscover(["odin", "--service-provider", VARIED_SP, "--out", out, "--json"], env);
        expect(run.stderr).to.contain(`${COUNT} trunk groups written to ${out}/index.ts`);
        expect(run.code).to.equal(0);
        discovery = JSON.parse(run.stdout) as Discovery;
        expect(discovery.resources).to.have.length(COUNT);
        // Run from this clone: pulumi-trunking from its folder, installed as a copy (.npmrc).
        expect(fs.readdirSync(out).sort()).to.deep.equal([".gitignore", ".npmrc", "Pulumi.yaml", "README.md", "index.ts", "package.json", "tsconfig.json"]);
        expect(JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8")).dependencies["pulumi-trunking"]).to.equal(`file:${REPO}`);
        const program = fs.readFileSync(path.join(out, "index.ts"), "utf8");
        const names = [...program.matchAll(/^new TrunkGroup\("([^"]+)"/gm)].map((m) => m[1]);
        expect(names).to.have.length(COUNT);
        expect(new Set(names).size).to.equal(COUNT);
        const identities = [...program.matchAll(/^ {4}groupId: "([^"]+)",\n {4}name: "([^"]+)",$/gm)].map((m) => [m[1], m[2]]);
        expect(identities).to.have.length(COUNT);
        const sorted = [...identities].sort((a, b) => (a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
        expect(identities).to.deep.equal(sorted);
        // Every field kind reached the program, in the program's types (strings stay strings).
        expect(program).to.contain('capacityExceededForwardAddress: "5550104"').and.contain('prefix: "94"').and.contain('otgDtgIdentity: "7004"');
        expect(program).to.match(/unreachableDestinationRerouteTrunkGroupKey: \{ serviceProviderId: "SPX", groupId: "G000", name: "G000-MAIN" \}/);
        expect(program).to.contain('name: "2002"').and.contain('name: "Zürich 3"').and.contain("pilotUserId:").and.contain("burstingMaxActiveCalls:");
        expect(program).to.contain('accessDevice: { deviceLevel: "System", deviceName: "system-sbc" }').and.contain('department: { serviceProviderId: "SPX", groupId: "1002", name: "1234" }');
        // Create defaults are left out; values that differ from them are written.
        expect(program).to.not.contain("invitationTimeout: 6,");
        expect(program).to.contain("invitationTimeout: 12,");
        // "PBX 1" and "pbx-1" slug alike: each gets a suffix from its own identity.
        expect(names.filter((n) => /^g000-pbx-1-[0-9a-f]{6}$/.test(n))).to.have.length(2);
        const written = fs.readdirSync(out).map((f) => fs.readFileSync(path.join(out, f), "utf8")).join("\n") + run.stdout + run.stderr;
        for (const secret of [...seededSecrets.values(), VARIED_LOGIN.password]) {
            expect(written).to.not.contain(secret);
        }
        const commands = configCommands(fs.readFileSync(path.join(out, "README.md"), "utf8"));
        expect(commands.filter((c) => c.secret && !c.key.includes(":"))).to.have.length(seededSecrets.size);
        expect(commands.filter((c) => c.key.startsWith("odin:")).map((c) => c.key)).to.deep.equal(["odin:baseUrl", "odin:username", "odin:password"]);
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });

    it("a second run over the same system writes the same bytes (names and order are stable)", async () => {
        const again = path.join(dir, "again");
        expect((await runDiscover(["odin", "--service-provider", VARIED_SP, "--out", again], env)).code).to.equal(0);
        for (const f of fs.readdirSync(out)) {
            expect(fs.readFileSync(path.join(again, f), "utf8"), f).to.equal(fs.readFileSync(path.join(out, f), "utf8"));
        }
    });

    it("compiles against the package with its own tsconfig", async () => {
        await compileProject(out);
        expect(fs.existsSync(path.join(out, "bin/index.js"))).to.equal(true);
    });

    it("pulumi up adopts every trunk group and makes zero write requests", async () => {
        // The README's secret commands answered with each trunk group's real SIP password.
        const secretOf = new Map(
            discovery.resources.flatMap((r) => r.secrets.map((x) => [x.configKey, seededSecrets.get(`${String(r.args.groupId)}/${String(r.args.name)}`)!] as const)),
        );
        engine = engineForProject(out, (key) => (key === "odin:password" ? VARIED_LOGIN.password : secretOf.get(key)!));
        sim.clearRequests();
        const s = await engine.up();
        expect(s.changes).to.deep.equal({ create: COUNT + 1 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
        expect(requestsOf(s.requests, "create")).to.have.length(COUNT);
        expect(engine.resources()).to.have.length(COUNT);
        expect(engine.resource("g000-main")!.id).to.equal("SPX/G000/G000-MAIN");
        // The SIP passwords were neither compared nor sent: recorded as declared (secret), so a later change is sent.
        const withAuth = engine.resources().filter((r) => r.inputs.requireAuthentication === true);
        expect(withAuth).to.have.length(seededSecrets.size);
        for (const r of withAuth) {
            expect(r.secretInputs).to.include("sipAuthenticationPassword");
            expect(r.outputs.sipAuthenticationPassword).to.equal(r.inputs.sipAuthenticationPassword);
            expect(r.secretOutputs).to.include("sipAuthenticationPassword");
        }
        for (const secret of seededSecrets.values()) {
            expect(engine.stateText()).to.not.contain(secret);
        }
    });

    it("a second up shows zero changes and sends no update", async () => {
        sim.clearRequests();
        const s = await engine.up({ expectNoChanges: true });
        expect(s.changes).to.deep.equal({ same: COUNT + 1 });
        expect(requestsOf(s.requests, "update", "create", "delete")).to.deep.equal([]);
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });

    it("a refresh finds no drift, and the up after it still has nothing to do", async () => {
        const r = await engine.refresh();
        expect(r.steps.filter((st) => st.detail && st.detail !== "same").map((st) => `${st.name}: ${st.detail}`)).to.deep.equal([]);
        expect(r.changes).to.deep.equal({ same: COUNT + 1 });
        sim.clearRequests();
        const s = await engine.up({ expectNoChanges: true });
        expect(s.changes).to.deep.equal({ same: COUNT + 1 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });
});
