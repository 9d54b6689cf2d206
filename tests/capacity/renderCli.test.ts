import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { progressLine } from "../../bin/progress";
import { renderCapacityCsv } from "../../provider/capacity/render/csv";
import { renderCapacityMarkdown } from "../../provider/capacity/render/markdown";
import type { TrunkingCapacityReport } from "../../provider/capacity/types";
import { projectedThreeGroupReport, threeGroupReport } from "./render/fixtures";

const DIST = path.resolve(__dirname, "..", "..");
const CLI = path.join(DIST, "bin", "trunking-capacity.js");

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}, stdin?: string): Promise<Run> {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(stdin ?? "");
    });
}

/** Pulumi's events for a preview whose stack outputs are `outputs` (apitype.EngineEvent, one per line). */
function previewEvents(outputs: Record<string, unknown> | undefined): string {
    const urn = "urn:pulumi:prod::trunking::pulumi:pulumi:Stack::trunking-prod";
    const events: object[] = [
        { sequence: 0, timestamp: 1, preludeEvent: { config: {} } },
        { sequence: 1, timestamp: 1, resourcePreEvent: { metadata: { op: "same", urn, type: "pulumi:pulumi:Stack", old: null, new: null, detailedDiff: null, provider: "" }, planning: true } },
    ];
    if (outputs) {
        events.push({
            sequence: 2,
            timestamp: 2,
            resOutputsEvent: {
                metadata: { op: "same", urn, type: "pulumi:pulumi:Stack", old: null, new: { type: "pulumi:pulumi:Stack", urn, id: "", parent: "", inputs: {}, outputs, provider: "" }, detailedDiff: null, provider: "" },
                planning: true,
            },
        });
    }
    events.push({ sequence: 3, timestamp: 3, summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: { same: 1 }, PolicyPacks: {} } });
    return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}

describe("trunking-capacity outputs and render", function () {
    this.timeout(30_000);
    let sim: OdinSimulator;
    let dir: string;
    before(async () => {
        sim = await startOdinSimulator();
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "render-cli-"));
    });
    after(async () => {
        await sim?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });
    const env = () => ({ ODIN_BASE_URL: sim.url, ODIN_USERNAME: "admin", ODIN_PASSWORD: "admin" });
    const file = (name: string, text: string) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, text);
        return f;
    };

    it("--markdown, --csv and --html FILE against the API render the same report --json prints", async () => {
        const json = await run(["-s", "SP1", "--json"], env());
        expect(json.code, json.stderr).to.equal(0);
        const report: TrunkingCapacityReport = JSON.parse(json.stdout);
        const md = await run(["-s", "SP1", "--markdown"], env());
        expect(md.code, md.stderr).to.equal(0);
        expect(md.stdout).to.equal(renderCapacityMarkdown(report));
        const html = path.join(dir, "api.html");
        const csv = await run(["-s", "SP1", "--csv", "--html", html], env());
        expect(csv.code, csv.stderr).to.equal(0);
        expect(csv.stdout).to.equal(renderCapacityCsv(report));
        expect(csv.stderr, "nothing but the result when stderr is not a terminal").to.equal("");
        const page = fs.readFileSync(html, "utf8");
        expect(page).to.match(/^<!DOCTYPE html>/);
        expect(page).to.contain('data-id="G1"');
        const only = await run(["-s", "SP1", "--html", "-"], env());
        expect(only.stdout).to.match(/^<!DOCTYPE html>[\s\S]*<\/html>\n$/);
    });

    it("render reads a saved report from stdin or --from, as a pipeline from a stack output would", async () => {
        const report = threeGroupReport();
        const text = JSON.stringify(report, null, 2);
        const piped = await run(["render", "--markdown"], {}, text);
        expect(piped.code, piped.stderr).to.equal(0);
        expect(piped.stdout).to.equal(renderCapacityMarkdown(report));
        const html = path.join(dir, "from.html");
        const fromFile = await run(["render", "--from", file("report.json", text), "--csv", "--html", html]);
        expect(fromFile.code, fromFile.stderr).to.equal(0);
        expect(fromFile.stdout).to.equal(renderCapacityCsv(report));
        expect(fs.readFileSync(html, "utf8")).to.contain("Group &lt;b&gt;Two&lt;/b&gt; &amp; &quot;friends&quot;");
        const table = await run(["render", "--from", "-"], {}, text);
        expect(table.stdout).to.match(/^Service provider \/ enterprise SP1$/m);
        const json = await run(["render", "--json"], {}, text);
        expect(JSON.parse(json.stdout)).to.deep.equal(report);
    });

    it("render --from-preview takes the stack output from `pulumi preview --json` events", async () => {
        const report = projectedThreeGroupReport();
        const events = file("preview.jsonl", previewEvents({ capacity: report, trunkGroups: [] }));
        const r = await run(["render", "--from-preview", events, "--markdown"]);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout).to.equal(renderCapacityMarkdown(report));
        expect(r.stdout).to.contain("(projected: after the pending changes)");
        const named = await run(["render", "--from-preview", file("other.jsonl", previewEvents({ cap: report })), "--output", "cap", "--csv"]);
        expect(named.code, named.stderr).to.equal(0);
        expect(named.stdout).to.equal(renderCapacityCsv(report));
    });

    describe("refuses bad input with a message naming what was expected, exit 2", () => {
        const expected = "expected a trunking capacity report as JSON (what `trunking-capacity --json` or `pulumi stack output capacity --json` prints";
        const refused = async (args: string[], stdin: string | undefined, message: RegExp | string) => {
            const r = await run(["render", ...args], {}, stdin);
            expect(r.code, r.stderr).to.equal(2);
            expect(r.stdout).to.equal("");
            if (typeof message === "string") {
                expect(r.stderr).to.contain(message);
            } else {
                expect(r.stderr).to.match(message);
            }
            return r.stderr;
        };

        it("not JSON", async () => {
            const err = await refused(["--from", file("notjson.json", "capacity: 40\n")], undefined, /^trunking-capacity render: \S+notjson\.json is not JSON \(Unexpected token/);
            expect(err).to.contain(expected);
        });

        it("JSON that is not a report (another object, a list, a number)", async () => {
            await refused([], `{"name":"x","trunkGroups":[]}`, `trunking-capacity render: standard input is not a capacity report (it has the keys name, trunkGroups); ${expected}`);
            await refused([], "[1,2]", `standard input holds a JSON list, not a capacity report; ${expected}`);
            await refused([], "42", `standard input holds a JSON number, not a capacity report; ${expected}`);
        });

        it("the stack's outputs instead of the one output, and a secret output", async () => {
            await refused([], JSON.stringify({ capacity: threeGroupReport(), trunkGroups: [] }), 'standard input holds several outputs, not one report: the report is under "capacity". Save that output alone (`pulumi stack output capacity --json`)');
            await refused([], '"[secret]"', "standard input holds a secret Pulumi hides, not the report: add --show-secrets to `pulumi stack output`");
        });

        it("a report of another shape, naming the field", async () => {
            const bad = JSON.parse(JSON.stringify(threeGroupReport()));
            bad.groups[2].maxActiveCalls = "thirty";
            bad.groups[0].trunkGroups[0].burstingMaxActiveCalls = 1.5;
            delete bad.callCapacityOversubscribed;
            await refused(
                [],
                JSON.stringify(bad),
                'standard input is a capacity report of another shape: the report: missing callCapacityOversubscribed; groups[0].trunkGroups[0].burstingMaxActiveCalls: expected a whole number, got 1.5; groups[2].maxActiveCalls: expected a whole number or null, got "thirty"; ' +
                    expected,
            );
            const old = JSON.parse(JSON.stringify(threeGroupReport()));
            delete old.groups[0].trunkGroupService;
            await refused([], JSON.stringify(old), "groups[0]: missing trunkGroupService");
        });

        it("an empty file, empty stdin, a missing file", async () => {
            await refused(["--from", file("empty.json", "")], undefined, /\S+empty\.json is empty; expected a trunking capacity report/);
            await refused([], "", `trunking-capacity render: standard input is empty; ${expected}`);
            await refused([], "  \n", `standard input is empty`);
            await refused(["--from", path.join(dir, "absent.json")], undefined, /--from \S+absent\.json: no such file$/m);
        });

        it("nothing to read: standard input is a terminal and no --from", async () => {
            // script(1) gives the command a pseudo-terminal for its standard input.
            const r = spawnSync("script", ["-qec", `'${process.execPath}' '${CLI}' render --markdown`, "/dev/null"], { encoding: "utf8", env: { PATH: process.env.PATH }, input: "" });
            expect(r.status).to.equal(2);
            expect(r.stdout).to.contain("trunking-capacity: no report to render: give --from FILE, or pipe the report in (e.g. pulumi stack output capacity --json | trunking-capacity render)");
            expect(r.stdout).to.contain("usage: trunking-capacity render");
        });

        it("preview events without the report, or not events at all", async () => {
            await refused(["--from-preview", file("none.jsonl", previewEvents(undefined))], undefined, "has no stack outputs among its 3 events");
            await refused(["--from-preview", file("noname.jsonl", previewEvents({ other: 1 }))], undefined, 'the stack has no output "capacity" (its outputs: other); name the report\'s output with --output');
            await refused(
                ["--from-preview", file("unknown.jsonl", previewEvents({ capacity: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" }))],
                undefined,
                "(stack output capacity): the report is unknown in this preview",
            );
            await refused(["--from-preview", file("digest.json", '{\n  "steps": []\n}\n')], undefined, "is the preview's summary, not its events");
            await refused(["--from", file("events.jsonl", previewEvents({ capacity: threeGroupReport() }))], undefined, "is a stream of JSON lines (a `pulumi preview --json` event log?): read it with --from-preview");
        });

        it("flags that cannot go together", async () => {
            const both = await refused(["--markdown", "--csv"], "{}", "--markdown and --csv both write to standard output: choose one");
            expect(both).to.contain("usage: trunking-capacity render");
            await refused(["--from", "a", "--from-preview", "b"], undefined, "--from and --from-preview both name the input: give one");
            await refused(["--output", "x"], "{}", "--output names a stack output of a preview: it goes with --from-preview");
            await refused(["--htlm", "x"], "{}", "unknown option --htlm; did you mean --html?");
            const api = await run(["-s", "SP1", "--json", "--html", "-"], env());
            expect(api.code).to.equal(2);
            expect(api.stderr).to.contain("--json and --html - both write to standard output");
        });
    });

    it("--fail-on-oversubscribed writes everything, then exits 3 naming the oversubscribed", async () => {
        const html = path.join(dir, "over.html");
        const r = await run(["render", "--markdown", "--html", html, "--fail-on-oversubscribed"], {}, JSON.stringify(projectedThreeGroupReport()));
        expect(r.code).to.equal(3);
        expect(r.stdout).to.equal(renderCapacityMarkdown(projectedThreeGroupReport()));
        expect(fs.existsSync(html)).to.equal(true);
        expect(r.stderr).to.equal("trunking-capacity: oversubscribed after the pending changes: 1 group (G1) (--fail-on-oversubscribed)\n");
        const fine = JSON.parse(JSON.stringify(projectedThreeGroupReport()));
        fine.groups = fine.groups.filter((g: { groupId: string }) => g.groupId !== "G1");
        const ok = await run(["render", "--csv", "--fail-on-oversubscribed"], {}, JSON.stringify(fine));
        expect(ok.code, ok.stderr).to.equal(0);
    });

    it("a progress bar on a terminal's stderr (groups, requests, time), erased at the end; the result alone on stdout", async () => {
        if (spawnSync("script", ["--version"]).status !== 0) {
            // util-linux's `script` gives the command a pseudo-terminal; it is part of every Debian system.
            throw new Error("this test needs `script` (util-linux) for a pseudo-terminal");
        }
        const out = path.join(dir, "tty.csv");
        // stderr (and nothing else) goes to the pseudo-terminal; stdout to a file. Not spawnSync: the simulator answers from this process.
        const r = await new Promise<Run>((resolve) => {
            const child = spawn("script", ["-qec", `'${process.execPath}' '${CLI}' -s SP1 --csv > '${out}'`, "/dev/null"], { env: { PATH: process.env.PATH, ...env(), COLUMNS: "100" } });
            let stdout = "";
            child.stdout.on("data", (d) => (stdout += d));
            child.on("close", (code) => resolve({ code, stdout, stderr: "" }));
            child.stdin.end();
        });
        expect(r.code, r.stdout).to.equal(0);
        expect(r.stdout).to.match(/groups 0\/2 \[\.+\]\s+0%\s+requests \d+\s+\d+\.\ds/);
        expect(r.stdout).to.match(/groups 2\/2 \[#+\]\s+100%\s+requests \d+\s+\d+\.\ds/);
        // Ends erased: the terminal is left with nothing of it.
        expect(r.stdout.endsWith("\r\x1b[K")).to.equal(true);
        const report = JSON.parse((await run(["-s", "SP1", "--json"], env())).stdout);
        expect(fs.readFileSync(out, "utf8")).to.equal(renderCapacityCsv(report));
    });

    it("the bar's line: counts, share, requests and time within the terminal's width", () => {
        expect(progressLine({ done: 0, total: undefined, requests: 1, elapsedMs: 400 }, 80)).to.equal(`groups ?/? [${" ".repeat(40)}]  requests 1  0.4s`);
        expect(progressLine({ done: 500, total: 2000, requests: 1234, elapsedMs: 12_345 }, 100)).to.equal(`groups  500/2000 [${"#".repeat(10)}${".".repeat(30)}]   25%  requests 1234  12.3s`);
        for (const columns of [20, 40, 60, 200]) {
            expect(progressLine({ done: 1999, total: 2000, requests: 99999, elapsedMs: 99_999 }, columns).length).to.be.below(columns);
        }
    });
});
