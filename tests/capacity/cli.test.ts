import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { CapacitySim, LOGIN, startCapacitySim } from "./capacitySim";

const DIST = path.resolve(__dirname, "..", "..");
const CLI = path.join(DIST, "bin", "trunking-capacity.js");

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<Run> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
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
        expect(r.stderr).to.equal("");
    });

    it("prints the report as JSON with --json, with enterprise trunks when asked", async () => {
        const r = await run(["-s", "SP1", "--json", "--enterprise-trunks", "--group", "G2"], env());
        expect(r.code, r.stderr).to.equal(0);
        const report = JSON.parse(r.stdout);
        expect(report.groups.map((g: { groupId: string }) => g.groupId)).to.deep.equal(["G2"]);
        expect(report.enterpriseTrunks[0].name).to.equal("ET1");
    });

    it("with --group, still sums every group and says the table is filtered", async () => {
        const table = await run(["-s", "SP1", "--group", "G2"], env());
        expect(table.code, table.stderr).to.equal(0);
        // G1 (50) + G2 (30): the totals are the service provider's, not the filtered table's.
        expect(table.stdout).to.match(/max active calls\s+100\s+80\s+20/);
        expect(table.stdout).to.contain("Showing 1 of 2 groups (filtered by group id); the totals above cover all 2 groups.");
        expect(table.stdout).not.to.contain("Group G1");
        const json = JSON.parse((await run(["-s", "SP1", "--group", "G2", "--json"], env())).stdout);
        expect(json).to.deep.include({ groupsCallCapacityTotal: 80, groupFilter: { groupIds: ["G2"], groupsInServiceProvider: 2 } });
    });

    it("takes the password from a named variable and names the flags and variables the user typed", async () => {
        const ok = await run(["-s", "SP1", "--json", "--base-url", sim.url, "--username", "admin", "--password-env", "MY_ODIN_PW"], { MY_ODIN_PW: "admin" });
        expect(ok.code, ok.stderr).to.equal(0);
        sim.clearRequests();
        const missing = await run(["-s", "SP1"], {});
        expect(missing.code).to.equal(1);
        expect(missing.stderr).to.equal(
            "trunking-capacity: Odin connection settings missing: --base-url (or ODIN_BASE_URL), --username (or ODIN_USERNAME), ODIN_PASSWORD. " +
                "Give --base-url https://host/api/v2 (or ODIN_BASE_URL); --username NAME (or ODIN_USERNAME); the password in ODIN_PASSWORD, or in a variable you name with --password-env NAME (there is no password flag: it would land in shell history).\n",
        );
        const unset = await run(["-s", "SP1", "--base-url", sim.url, "--username", "admin", "--password-env", "MY_ODIN_PW"], { ODIN_PASSWORD: "admin" });
        expect(unset.stderr).to.equal("trunking-capacity: --password-env MY_ODIN_PW: the environment variable MY_ODIN_PW is not set (or is empty)\n");
        const badUrl = await run(["-s", "SP1", "--base-url", "odin.example.net"], env());
        expect(badUrl.stderr).to.equal("trunking-capacity: --base-url must be an http(s) URL like https://host/api/v2\n");
        const badConcurrency = await run(["-s", "SP1", "--concurrency", "lots"], env());
        expect(badConcurrency.code).to.equal(1);
        expect(badConcurrency.stderr).to.equal('trunking-capacity: --concurrency must be an integer from 1 to 64, got "lots" (or "adaptive", the default)\n');
        const envConcurrency = await run(["-s", "SP1"], { ...env(), ODIN_CONCURRENCY: "0" });
        expect(envConcurrency.stderr).to.match(/^trunking-capacity: ODIN_CONCURRENCY must be an integer from 1 to 64, got "0"/);
        const usage = await run([], env());
        expect(usage.code).to.equal(2);
        expect(usage.stderr).to.contain("--service-provider is required");
        const typo = await run(["-s", "SP1", "--grup", "G1"], env());
        expect(typo.code).to.equal(2);
        expect(typo.stderr).to.match(/^trunking-capacity: unknown option --grup; did you mean --group\?/);
        // Nothing was sent for any of the refused command lines, not even a login.
        expect(sim.requests()).to.deep.equal([]);
    });

    it("logs every request with TRUNKING_DEBUG=1, without secrets, and warns when TLS verification is off", async () => {
        const quiet = await run(["-s", "SP1"], env());
        expect(quiet.stderr).to.equal("");
        const debug = await run(["-s", "SP1", "--json"], { ...env(), TRUNKING_DEBUG: "1", ODIN_PASSWORD: "admin" });
        expect(debug.code, debug.stderr).to.equal(0);
        expect(debug.stderr).to.match(/^trunking-capacity: debug: GET \/api\/v2\/service-providers\/trunk-groups\/call-capacity\/reports -> 200 \(\d+ ms, attempt 1\)$/m);
        expect(debug.stderr).to.match(/^trunking-capacity: debug: POST \/api\/v2\/auth\/token -> 200/m);
        const insecure = await run(["-s", "SP1"], { ...env(), ODIN_INSECURE_SKIP_TLS_VERIFY: "true" });
        expect(insecure.code).to.equal(0);
        expect(insecure.stderr).to.match(/^trunking-capacity: warning: TLS certificate verification is OFF for Odin at 127\.0\.0\.1:\d+; use this only for a lab system\.$/m);
    });

    it("never writes the API password or the session token to its output", async () => {
        // A password long and distinctive enough to be found anywhere it leaks.
        const secretSim = await startOdinSimulator({ seed: { logins: [{ username: "ops", password: "Unique-Passw0rd-4711" }], serviceProviders: [{ serviceProviderId: "S", groups: [] }] } as never });
        try {
            const r = await run(["-s", "S", "--json"], { ODIN_BASE_URL: secretSim.url, ODIN_USERNAME: "ops", ODIN_PASSWORD: "Unique-Passw0rd-4711", TRUNKING_DEBUG: "1" });
            expect(r.code, r.stderr).to.equal(0);
            expect(r.stdout + r.stderr).not.to.contain("Unique-Passw0rd-4711");
            expect(r.stdout + r.stderr).not.to.match(/Bearer [A-Za-z0-9]/);
        } finally {
            await secretSim.close();
        }
    });

    it("shows the transport's long waits on stderr, so a throttled run says why it is slow", async function () {
        this.timeout(30_000);
        // One 429 asking for 4 s: past the transport's 3 s notice threshold, so it is logged at info.
        const slow = await startOdinSimulator({ faults: [{ kind: "status", status: 429, retryAfter: "4", method: "GET", path: "/service-providers/trunk-groups/call-capacity/reports", count: 1 }] });
        try {
            const r = await run(["-s", "SP1", "--json"], { ODIN_BASE_URL: slow.url, ODIN_USERNAME: "admin", ODIN_PASSWORD: "admin" });
            expect(r.code, r.stderr).to.equal(0);
            expect(r.stderr).to.match(/^trunking-capacity: Odin API GET \/api\/v2\/service-providers\/trunk-groups\/call-capacity\/reports: HTTP 429.*, waiting 4 s before attempt 2 of \d+/m);
            expect(JSON.parse(r.stdout).serviceProviderId).to.equal("SP1");
        } finally {
            await slow.close();
        }
    });

    describe("requests in flight", () => {
        let stub: CapacitySim | undefined;
        afterEach(async () => stub?.close());
        const start = async () => {
            stub = await startCapacitySim({
                serviceProviderId: "SP",
                isEnterprise: false,
                capacity: { maxActiveCalls: 1000, burstingMaxActiveCalls: 0 },
                report: "absent",
                latencyMs: 15,
                groups: Array.from({ length: 30 }, (_, i) => ({
                    groupId: `G${i}`,
                    groupName: `G${i}`,
                    capacity: { maxActiveCalls: 10, burstingMaxActiveCalls: 0 },
                    trunkGroups: [1, 2, 3].map((t) => ({ name: `T${t}`, maxActiveCalls: 1 })),
                })),
            });
            return { ODIN_BASE_URL: stub.url, ODIN_USERNAME: LOGIN.username, ODIN_PASSWORD: LOGIN.password };
        };

        it("are exactly --concurrency N, ODIN_CONCURRENCY or the deprecated ODIN_MAX_IN_FLIGHT, and adaptive above 5 by default", async () => {
            for (const [args, extraEnv, expected] of [
                [["--concurrency", "7"], {}, 7],
                [[], { ODIN_CONCURRENCY: "12" }, 12],
                [[], { ODIN_MAX_IN_FLIGHT: "16" }, 16],
                [[], { ODIN_MAX_CONCURRENCY: "4" }, 4],
                [[], {}, "adaptive"],
            ] as const) {
                const e = await start();
                const r = await run(["-s", "SP", "--json", ...args], { ...e, ...extraEnv });
                expect(r.code, r.stderr).to.equal(0);
                if (expected === "adaptive") {
                    // Before: adaptive was mapped onto a fixed 5.
                    expect(stub!.maxInFlight(), "default").to.be.above(5).and.at.most(32);
                } else {
                    expect(stub!.maxInFlight(), JSON.stringify({ args, extraEnv })).to.equal(expected);
                }
                if ("ODIN_MAX_IN_FLIGHT" in extraEnv) {
                    expect(r.stderr).to.contain("warning: ODIN_MAX_IN_FLIGHT is deprecated: set --concurrency (or ODIN_CONCURRENCY) to 16");
                }
                await stub!.close();
                stub = undefined;
            }
        });
    });

    describe("start-up", () => {
        // Writes the modules a process loaded, at exit, to the file named by LOADED_OUT.
        const preload = path.join(os.tmpdir(), `trunking-loaded-${process.pid}.js`);
        const out = path.join(os.tmpdir(), `trunking-loaded-${process.pid}.json`);
        before(() =>
            fs.writeFileSync(preload, 'process.on("exit", () => require("fs").writeFileSync(process.env.LOADED_OUT, JSON.stringify(Object.keys(require.cache))));\n'),
        );
        after(() => [preload, out].forEach((f) => fs.rmSync(f, { force: true })));
        const loaded = () => JSON.parse(fs.readFileSync(out, "utf8")) as string[];
        const pulumiModules = (mods: string[]) => mods.filter((m) => m.includes(`${path.sep}@pulumi${path.sep}`));

        it("does not load @pulumi/pulumi, for --help or for a whole report", async () => {
            const help = await run(["--help"], { LOADED_OUT: out }, ["-r", preload]);
            expect(help.code).to.equal(0);
            expect(help.stdout).to.match(/^usage: trunking-capacity/);
            expect(loaded().some((m) => m.endsWith(path.join("bin", "trunking-capacity.js")))).to.equal(true);
            expect(pulumiModules(loaded())).to.deep.equal([]);
            const report = await run(["-s", "SP1", "--enterprise-trunks"], { ...env(), LOADED_OUT: out }, ["-r", preload]);
            expect(report.code, report.stderr).to.equal(0);
            expect(pulumiModules(loaded())).to.deep.equal([]);
        });

        it("(the check can fail: the package root does load it)", async () => {
            await new Promise<void>((resolve, reject) => {
                const child = spawn(process.execPath, ["-r", preload, "-e", `require(${JSON.stringify(path.join(DIST, "provider", "index.js"))})`], {
                    env: { PATH: process.env.PATH, LOADED_OUT: out },
                });
                child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
            });
            expect(pulumiModules(loaded()).length).to.be.greaterThan(0);
        });
    });
});
