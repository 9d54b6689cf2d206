import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { WEBEX_LOCATIONS, WEBEX_TOKEN, trunkPasswordOf, variedWebexSeed } from "../../bench/seeds/variedTrunking";
import type { Discovery } from "../../provider/discover";
import { WebexSimulator, startWebexSimulator } from "../../provider/simulator";
import type { TestEngine } from "../engine/index";
import { requestsOf } from "../engine/index";
import { compileProject, configCommands, engineForProject, runDiscover, tempDir, writesOf } from "./helpers";

/**
 * Issue 12's main path, for Webex: an org holding REGISTERING trunks and
 * certificate-based ones addressed by FQDN and port or by DNS SRV (no port)
 * across three locations and more than one page of the list; `trunking-discover webex` writes the project,
 * it compiles, `pulumi up` adopts every trunk with zero write requests, a
 * second up changes nothing, a refresh finds no drift.
 */
describe("adopt: trunking-discover webex → compile → up, on 60 trunks", function () {
    this.timeout(600_000);
    const COUNT = 60;
    let sim: WebexSimulator;
    let dir: string;
    let out: string;
    let engine: TestEngine;
    let discovery: Discovery;
    const env = () => ({ WEBEX_BASE_URL: sim.url, WEBEX_ACCESS_TOKEN: WEBEX_TOKEN });

    before(async () => {
        // Small pages, so discovery has to follow the links to see every trunk.
        sim = await startWebexSimulator({ seed: variedWebexSeed(COUNT, { srv: true }), tokens: [WEBEX_TOKEN], pageSize: 25 });
        dir = tempDir("webex");
        out = path.join(dir, "project");
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("writes the project: every trunk once, by location then name, passwords only as config keys", async () => {
        const run = await runDiscover(["webex", "--out", out, "--json"], env());
        expect(run.stderr).to.contain(`${COUNT} trunks written to ${out}/index.ts`);
        expect(run.code).to.equal(0);
        discovery = JSON.parse(run.stdout) as Discovery;
        const program = fs.readFileSync(path.join(out, "index.ts"), "utf8");
        const names = [...program.matchAll(/^new WebexTrunk\("([^"]+)"/gm)].map((m) => m[1]);
        expect(names).to.have.length(COUNT);
        expect(new Set(names).size).to.equal(COUNT);
        expect(discovery.resources.map((r) => r.section)).to.deep.equal([...discovery.resources.map((r) => r.section)].sort());
        const registering = discovery.resources.filter((r) => r.args.trunkType === "REGISTERING");
        const certificate = discovery.resources.filter((r) => r.args.trunkType === "CERTIFICATE_BASED");
        const srv = certificate.filter((r) => !("port" in r.args));
        expect(registering).to.have.length(COUNT / 3);
        expect(certificate).to.have.length((COUNT / 3) * 2);
        expect(srv.map((r) => r.args.name).sort()).to.deep.equal(sim.state().trunks!.filter((t) => t.trunkType === "CERTIFICATE_BASED" && t.port === undefined).map((t) => t.name).sort());
        expect(srv).to.have.length(COUNT / 3);
        // A REGISTERING trunk's call limit is reported but refused in requests: not declared.
        for (const r of registering) {
            expect(r.args).to.not.have.any.keys("maxConcurrentCalls", "address", "domain", "port");
        }
        for (const r of certificate) {
            expect(r.args).to.include.keys("address", "domain", "maxConcurrentCalls");
        }
        // Every trunk, SRV-addressed ones included, is one the resource accepts as it is: no NOTE in the program.
        expect(discovery.resources.map((r) => r.problems)).to.deep.equal(discovery.resources.map(() => []));
        expect(program).to.not.contain("NOTE");
        const text = program + fs.readFileSync(path.join(out, "README.md"), "utf8") + run.stdout;
        for (const r of discovery.resources) {
            expect(text).to.not.contain(trunkPasswordOf(String(r.args.name)));
        }
        expect(text).to.not.contain(WEBEX_TOKEN);
        const commands = configCommands(fs.readFileSync(path.join(out, "README.md"), "utf8"));
        expect(commands.filter((c) => c.secret && !c.key.includes(":"))).to.have.length(COUNT);
        expect(commands.map((c) => c.key)).to.include.members(["webex:baseUrl", "webex:accessToken"]);
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });

    it("--location takes an id or a name and keeps only that location's trunks", async () => {
        const run = await runDiscover(["webex", "--location", "Oslo", "--location", WEBEX_LOCATIONS[0].id, "--json"], env());
        expect(run.code).to.equal(0);
        const d = JSON.parse(run.stdout) as Discovery;
        expect([...new Set(d.resources.map((r) => r.section))]).to.deep.equal(["Berlin", "Oslo"]);
        expect(d.resources).to.have.length(COUNT / 3 * 2);
    });

    it("compiles against the package with its own tsconfig", async () => {
        await compileProject(out);
    });

    it("pulumi up adopts every trunk and makes zero write requests", async () => {
        const passwordOf = new Map(discovery.resources.map((r) => [r.secrets[0].configKey, trunkPasswordOf(String(r.args.name))]));
        engine = engineForProject(out, (key) => (key === "webex:accessToken" ? WEBEX_TOKEN : passwordOf.get(key)!));
        sim.clearRequests();
        const s = await engine.up();
        expect(s.changes).to.deep.equal({ create: COUNT + 1 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
        const ids = new Set(sim.state().trunks!.map((t) => t.id));
        expect(engine.resources().map((r) => r.id).filter((id) => ids.has(id))).to.have.length(COUNT);
        // An SRV-addressed trunk stays one: no port is made up in the state.
        const srvTrunks = engine.resources().filter((r) => r.inputs.trunkType === "CERTIFICATE_BASED" && r.inputs.port === undefined);
        expect(srvTrunks).to.have.length(COUNT / 3);
        for (const r of srvTrunks) {
            expect(r.outputs).to.include.keys("address", "domain").and.not.have.property("port");
        }
        for (const r of engine.resources()) {
            // Not compared, not sent: recorded as declared (a secret), so a later change in the program is sent.
            expect(r.outputs.password).to.equal(r.inputs.password);
            expect(r.secretOutputs).to.include("password");
            expect(engine.stateText()).to.not.contain(trunkPasswordOf(String(r.inputs.name)));
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
        expect(r.changes).to.deep.equal({ same: COUNT + 1 });
        sim.clearRequests();
        expect((await engine.up({ expectNoChanges: true })).changes).to.deep.equal({ same: COUNT + 1 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
    });
});
