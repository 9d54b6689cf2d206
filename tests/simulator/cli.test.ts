import { expect } from "chai";
import { ChildProcess, spawn } from "child_process";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { OdinSeed, WebexSeed, sampleSeed } from "../../provider/simulator";
import { parseSimArgs } from "../../provider/simulator/cliArgs";

const BIN = path.resolve(__dirname, "..", "..", "bin", "trunking-sim.js");

interface Run {
    child: ChildProcess;
    stdout: () => string;
    stderr: () => string;
    exited: Promise<number | null>;
}

function run(args: string[]): Run {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.on("data", (c) => (out += c));
    child.stderr!.on("data", (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, stdout: () => out, stderr: () => err, exited };
}

/** Waits (bounded) until the simulator says it is ready. */
async function ready(r: Run, timeoutMs = 10_000): Promise<string> {
    const t0 = Date.now();
    while (!r.stdout().includes("Press Ctrl-C to stop.")) {
        if (Date.now() - t0 > timeoutMs || r.child.exitCode !== null) {
            throw new Error(`trunking-sim did not start: ${r.stdout()} ${r.stderr()}`);
        }
        await new Promise((res) => setTimeout(res, 50));
    }
    return r.stdout();
}

describe("trunking-sim", () => {
    describe("arguments", () => {
        it("runs both simulators by default, judging seed files strictly", () => {
            const o = parseSimArgs([]);
            expect(o.odin).to.deep.equal({ strictSeed: true });
            expect(o.webex).to.deep.equal({ strictSeed: true });
        });

        it("chooses which, and their ports and seeds (--port/--seed kept for Odin)", () => {
            expect(parseSimArgs(["--no-webex", "--port", "8080", "--seed=s.json"])).to.deep.equal({ odin: { strictSeed: true, port: 8080, seed: "s.json" } });
            const o = parseSimArgs(["--no-odin", "--webex-port=9000", "--webex-seed", "w.json", "--webex-token", "T", "--trunk-get-shape", "spec"]);
            expect(o).to.deep.equal({ webex: { strictSeed: true, port: 9000, seed: "w.json", tokens: ["T"], trunkGetShape: "spec" } });
        });

        it("applies latency, random seed and throttling to both", () => {
            const o = parseSimArgs(["--latency-ms", "20", "--random-seed", "7", "--throttle-in-flight", "5", "--throttle-per-second", "50"]);
            for (const s of [o.odin!, o.webex!]) {
                expect(s).to.include({ latencyMs: 20, randomSeed: 7 });
                expect(s.throttle).to.deep.equal({ maxInFlight: 5, maxPerSecond: 50 });
            }
        });

        it("refuses what it cannot use, naming the flag and the nearest one", () => {
            const err = (a: string[]) => (() => parseSimArgs(a)) as () => void;
            expect(err(["--odin-prot", "1"])).to.throw("unknown option --odin-prot; did you mean --odin-port?");
            expect(err(["--webex-sed", "x"])).to.throw("did you mean --webex-seed?");
            expect(err(["--port", "70000"])).to.throw("--port needs a port from 0 to 65535");
            expect(err(["--port"])).to.throw("--port needs a value");
            expect(err(["--seed", "--no-webex"])).to.throw("--seed needs a value");
            expect(err(["--capacity-report", "all"])).to.throw(/withTrunkGroups, groupsOnly or none/);
            expect(err(["--throttle-in-flight", "0"])).to.throw("--throttle-in-flight needs a number >= 1");
            expect(err(["--throttle-retry-after", "2"])).to.throw(/needs --throttle-in-flight or --throttle-per-second/);
            expect(err(["--no-odin", "--no-webex"])).to.throw(/nothing to run/);
            expect(parseSimArgs(["--help"])).to.deep.equal({ help: true });
        });
    });

    describe("the command", function () {
        this.timeout(30_000);
        let dir: string;
        const children: ChildProcess[] = [];
        before(() => (dir = mkdtempSync(path.join(tmpdir(), "trunking-sim-"))));
        after(() => {
            for (const c of children) {
                if (c.exitCode === null) {
                    c.kill("SIGKILL");
                }
            }
            rmSync(dir, { recursive: true, force: true });
        });
        const start = (args: string[]) => {
            const r = run(args);
            children.push(r.child);
            return r;
        };
        const file = (name: string, content: unknown) => {
            const p = path.join(dir, name);
            writeFileSync(p, JSON.stringify(content));
            return p;
        };

        it("starts both simulators, prints the variables to export, serves, and stops on SIGTERM", async () => {
            const r = start(["--odin-port", "0", "--webex-port", "0"]);
            const out = await ready(r);
            const odinUrl = /export ODIN_BASE_URL=(\S+)/.exec(out)![1];
            const webexUrl = /export WEBEX_BASE_URL=(\S+)/.exec(out)![1];
            expect(odinUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/);
            expect(webexUrl).to.match(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
            expect(out).to.include("export ODIN_USERNAME=admin").and.include("export ODIN_PASSWORD=admin").and.include("export WEBEX_ACCESS_TOKEN=webex-test-token");
            expect(out).to.match(/pulumi config set webexLocationId \S+ {4}# Boston/);
            const login = await fetch(`${odinUrl}/auth/token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "admin", password: "admin" }) });
            expect(login.status).to.equal(200);
            const trunks = await fetch(`${webexUrl}/telephony/config/premisePstn/trunks`, { headers: { Authorization: "Bearer webex-test-token" } });
            expect(trunks.status).to.equal(200);
            // The sample org has trunks to discover, as the Odin sample has trunk groups.
            expect(((await trunks.json()) as { trunks: Array<{ name: string }> }).trunks.map((t) => t.name)).to.deep.equal(["Boston LGW", "San Jose SBC"]);
            expect(out).to.include("(trunks: Boston LGW)").and.include("(trunks: San Jose SBC)");
            r.child.kill("SIGTERM");
            expect(await r.exited).to.equal(0);
            expect(r.stdout()).to.include("SIGTERM: stopping after 2 request(s).");
        });

        it("--no-webex runs Odin alone; a seed's own password is not printed", async () => {
            const seed = sampleSeed();
            seed.logins = [{ username: "ops", password: "Not-For-Logs-9" }];
            const r = start(["--no-webex", "--odin-port", "0", "--odin-seed", file("own.json", seed)]);
            const out = await ready(r);
            expect(out).to.include("export ODIN_USERNAME=ops");
            expect(out).to.include("export ODIN_PASSWORD='<the password of ops in your seed>'");
            expect(out).to.not.include("Not-For-Logs-9").and.not.include("WEBEX_BASE_URL");
            r.child.kill("SIGTERM");
            expect(await r.exited).to.equal(0);
        });

        it("refuses a seed with a mistyped key, naming the place and the key it most likely meant", async () => {
            const seed = sampleSeed() as unknown as { serviceProviders: Array<{ groups: Array<{ trunkGroups: Array<Record<string, unknown>> }> }> };
            seed.serviceProviders[0].groups[0].trunkGroups[1].maxActiveCall = 3;
            seed.serviceProviders[0].groups[1].trunkGroups[0].enableBurstng = true;
            const r = start(["--no-webex", "--odin-seed", file("typo.json", seed)]);
            expect(await r.exited).to.equal(1);
            expect(r.stderr()).to.include("Odin simulator seed: 2 unknown key(s):");
            expect(r.stderr()).to.include('serviceProviders[0].groups[0].trunkGroups[1]: unknown key "maxActiveCall"; did you mean "maxActiveCalls"?');
            expect(r.stderr()).to.include('serviceProviders[0].groups[1].trunkGroups[0]: unknown key "enableBurstng"; did you mean "enableBursting"?');
        });

        it("refuses a Webex seed with a mistyped key the same way", async () => {
            const seed = { locations: [{ id: "L1", name: "Here", sipPaswordPolicy: { minLength: 12 } }], trunks: [{ name: "T", locationID: "L1", password: "x", trunkType: "REGISTERING" }] };
            const r = start(["--no-odin", "--webex-seed", file("wtypo.json", seed)]);
            expect(await r.exited).to.equal(1);
            expect(r.stderr()).to.include('locations[0]: unknown key "sipPaswordPolicy"; did you mean "sipPasswordPolicy"?');
            expect(r.stderr()).to.include('trunks[0]: unknown key "locationID"; did you mean "locationId"?');
        });

        it("refuses a seed that breaks the simulators' own capacity rules, with both numbers", async () => {
            const odin: OdinSeed = sampleSeed();
            odin.serviceProviders[0].groups![1].trunkGroups![0].maxActiveCalls = 31;
            const r = start(["--no-webex", "--odin-seed", file("over.json", odin)]);
            expect(await r.exited).to.equal(1);
            expect(r.stderr()).to.match(/serviceProviders\[0\]\.groups\[1\]\.trunkGroups\[0\]: \[Error 4503\] Trunk group max active calls 31 exceeds the group trunking call capacity 30/);

            const webex: WebexSeed = {
                locations: [{ id: "L1", name: "Here" }],
                trunks: [{ name: "SBC", locationId: "L1", password: "x", trunkType: "CERTIFICATE_BASED", address: "sbc", domain: "example.com", maxConcurrentCalls: 5 }],
            };
            const w = start(["--no-odin", "--webex-seed", file("wover.json", webex)]);
            expect(await w.exited).to.equal(1);
            expect(w.stderr()).to.match(/trunks\[0\] \("SBC"\): maxConcurrentCalls must be between 250 and 1000/);
        });

        it("--help prints the usage; a bad flag exits 2 with it", async () => {
            const h = start(["--help"]);
            expect(await h.exited).to.equal(0);
            expect(h.stdout()).to.match(/^usage: trunking-sim/);
            const b = start(["--bogus"]);
            expect(await b.exited).to.equal(2);
            expect(b.stderr()).to.match(/^trunking-sim: unknown option --bogus/);
        });
    });
});
