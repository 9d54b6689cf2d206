import { expect } from "chai";
import { spawn } from "child_process";
import * as path from "path";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";

const CLI = path.resolve(__dirname, "..", "..", "bin", "trunking-capacity.js");

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}

describe("trunking-capacity command", function () {
    this.timeout(30_000);
    let sim: OdinSimulator;
    before(async () => (sim = await startOdinSimulator()));
    after(async () => sim?.close());
    const env = () => ({ ODIN_BASE_URL: sim.url, ODIN_USERNAME: "admin", ODIN_PASSWORD: "admin" });

    it("prints a table per group from the environment's settings", async () => {
        const r = await run(["--service-provider", "SP1"], env());
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout).to.match(/^Service provider \/ enterprise SP1$/m);
        expect(r.stdout).to.match(/Group G1 \(Group One\)[\s\S]*G1-TG2\s+10\s+5/);
    });

    it("prints the report as JSON with --json, with enterprise trunks when asked", async () => {
        const r = await run(["-s", "SP1", "--json", "--enterprise-trunks", "--group", "G2"], env());
        expect(r.code, r.stderr).to.equal(0);
        const report = JSON.parse(r.stdout);
        expect(report.groups.map((g: { groupId: string }) => g.groupId)).to.deep.equal(["G2"]);
        expect(report.enterpriseTrunks[0].name).to.equal("ET1");
    });

    it("takes the password from a named variable and says what is missing", async () => {
        const ok = await run(["-s", "SP1", "--json", "--base-url", sim.url, "--username", "admin", "--password-env", "MY_ODIN_PW"], { MY_ODIN_PW: "admin" });
        expect(ok.code, ok.stderr).to.equal(0);
        const missing = await run(["-s", "SP1"], {});
        expect(missing.code).to.equal(1);
        expect(missing.stderr).to.contain("odin:baseUrl (or ODIN_BASE_URL)");
        const usage = await run([], env());
        expect(usage.code).to.equal(2);
        expect(usage.stderr).to.contain("--service-provider is required");
    });
});
