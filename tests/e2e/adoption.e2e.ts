import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { VARIED_LOGIN, VARIED_SP, sipPasswordOf, variedOdinSeed } from "../../bench/seeds/variedTrunking";
import type { Discovery } from "../../provider/discover";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { configCommands, projectOf, runDiscover, tempDir, writesOf } from "../adopt/helpers";
import { PulumiProject, resourceSummary } from "./cli";

/**
 * Adoption as a carrier does it, through the real CLI: `trunking-discover
 * odin` on a system of 200 varied trunk groups writes a project; `npm install`
 * in it (pulumi-trunking from this clone, installed as a copy, beside the
 * project's own @pulumi/pulumi from the registry); `tsc`; the README's config
 * commands; `pulumi up` adopts every trunk group without one write request;
 * then `up --expect-no-changes` and `refresh --expect-no-changes`.
 */
describe("adoption through the real pulumi CLI: trunking-discover → npm install → pulumi up, 200 trunk groups", function () {
    this.timeout(1_800_000);
    const COUNT = 200;
    let sim: OdinSimulator;
    let dir: string;
    let out: string;
    let p: PulumiProject;
    const seeded = new Map<string, string>();

    before(async () => {
        const seed = variedOdinSeed(COUNT);
        for (const g of seed.serviceProviders[0].groups ?? []) {
            for (const t of g.trunkGroups ?? []) {
                if (t.requireAuthentication) {
                    seeded.set(`${g.groupId}/${t.name}`, sipPasswordOf(g.groupId, String(t.name)));
                }
            }
        }
        sim = await startOdinSimulator({ seed });
        dir = tempDir("e2e-adopt");
        out = path.join(dir, "project");
    });
    after(async () => {
        await p?.dispose();
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("discovers, installs, compiles, and adopts every trunk group with zero writes; nothing changes after", async () => {
        const env = { ODIN_BASE_URL: sim.url, ODIN_USERNAME: VARIED_LOGIN.username, ODIN_PASSWORD: VARIED_LOGIN.password };
        const run = await runDiscover(["odin", "--service-provider", VARIED_SP, "--out", out, "--json"], env);
        expect(run.code, run.stderr).to.equal(0);
        const discovery = JSON.parse(run.stdout) as Discovery;
        expect(discovery.resources).to.have.length(COUNT);

        // As the generated README says: npm install, then the program as the language host would run it (compiled).
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: out, stdio: ["ignore", "ignore", "inherit"], timeout: 900_000 });
        expect(fs.lstatSync(path.join(out, "node_modules", "pulumi-trunking")).isSymbolicLink(), "pulumi-trunking installed as a copy").to.equal(false);
        execFileSync(process.execPath, [path.join(out, "node_modules", "typescript", "bin", "tsc"), "-p", out], { cwd: out, stdio: "inherit" });

        p = new PulumiProject({ name: projectOf(out), entry: path.join(out, "bin", "index.js"), dir: out, writePulumiYaml: false, nodeModules: "keep" });
        await p.init();
        const secretOf = new Map(discovery.resources.flatMap((r) => r.secrets.map((x) => [x.configKey, seeded.get(`${String(r.args.groupId)}/${String(r.args.name)}`)!] as const)));
        for (const c of configCommands(fs.readFileSync(path.join(out, "README.md"), "utf8"))) {
            const value = !c.value.startsWith("<") ? c.value : c.key === "odin:password" ? VARIED_LOGIN.password : c.key === "odin:baseUrl" ? sim.url : c.key === "odin:username" ? VARIED_LOGIN.username : secretOf.get(c.key)!;
            expect(value, `a value for ${c.key}`).to.be.a("string");
            await p.config(c.key, value, { secret: c.secret });
        }

        sim.clearRequests();
        const up = await p.up(["--skip-preview"]);
        expect(resourceSummary(up.stdout)).to.deep.equal({ created: COUNT + 1 });
        expect(writesOf(sim.requests())).to.deep.equal([]);
        expect(await p.resources("pulumi-nodejs:dynamic/odin:TrunkGroup")).to.have.length(COUNT);

        await p.up(["--expect-no-changes"]);
        await p.refresh(["--expect-no-changes"]);
        expect(writesOf(sim.requests())).to.deep.equal([]);

        const exported = (await p.exportState(false)).text;
        for (const secret of [...seeded.values(), VARIED_LOGIN.password]) {
            expect(exported.includes(secret)).to.equal(false);
            expect(p.transcriptText().includes(secret)).to.equal(false);
        }
    });
});
