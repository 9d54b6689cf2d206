/**
 * Stand-ins for what the CI examples call, so their shell runs for real in a
 * test: `pulumi` (from Pulumi's engine-event format, apitype.EngineEvent, and
 * its CLI's behaviour: the streamed preview events only with
 * PULUMI_ENABLE_STREAMING_JSON_PREVIEW, `config get` failing for an unset
 * key), `gh api` over an in-memory store of pull-request comments (its --jq
 * through the real jq, as gh's built-in jq would), `npm`, and a
 * `trunking-capacity` in node_modules/.bin running this build's command.
 */
import * as fs from "fs";
import * as path from "path";

/** Pulumi's events for a preview whose stack outputs are `outputs` (apitype.EngineEvent, one per line). */
export function previewEvents(outputs: Record<string, unknown> | undefined, diagnostics: Array<{ severity: string; message: string }> = []): string {
    const urn = "urn:pulumi:prod::trunking::pulumi:pulumi:Stack::trunking-prod";
    const events: object[] = [
        { sequence: 0, timestamp: 1, preludeEvent: { config: {} } },
        { sequence: 1, timestamp: 1, resourcePreEvent: { metadata: { op: "same", urn, type: "pulumi:pulumi:Stack", old: null, new: null, detailedDiff: null, provider: "" }, planning: true } },
    ];
    for (const d of diagnostics) {
        events.push({ sequence: events.length, timestamp: 2, diagnosticEvent: { urn, prefix: `${d.severity}: `, message: d.message, color: "never", severity: d.severity } });
    }
    if (outputs) {
        events.push({
            sequence: events.length,
            timestamp: 2,
            resOutputsEvent: {
                metadata: { op: "same", urn, type: "pulumi:pulumi:Stack", old: null, new: { type: "pulumi:pulumi:Stack", urn, id: "", parent: "", inputs: {}, outputs, provider: "" }, detailedDiff: null, provider: "" },
                planning: true,
            },
        });
    }
    events.push({ sequence: events.length, timestamp: 3, summaryEvent: { maybeCorrupt: false, durationSeconds: 1, resourceChanges: { same: 1 }, PolicyPacks: {} } });
    return events.map((e) => JSON.stringify(e)).join("\n") + "\n";
}

export interface PulumiScenario {
    /** The report the preview computes (its stack output `capacity`); undefined: the preview fails. */
    preview?: unknown;
    /** odin:oversubscription; undefined: not set. */
    policy?: string;
    /** `pulumi stack output capacity --json` after up. */
    applied?: unknown;
}

const FAKE_PULUMI = `
const fs = require("fs");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_LOG, "pulumi " + args.join(" ") + "\\n");
const s = JSON.parse(fs.readFileSync(process.env.FAKE_PULUMI, "utf8"));
const has = (...words) => words.every((w) => args.includes(w));
if (args[0] === "stack" && args[1] === "select") process.exit(0);
if (args[0] === "preview") {
  if (!has("--non-interactive")) { console.error("fake pulumi: a CI run must be --non-interactive"); process.exit(2); }
  if (!has("--json")) { console.log("Previewing update (prod)"); process.exit(s.preview === undefined ? 255 : 0); }
  if (process.env.PULUMI_ENABLE_STREAMING_JSON_PREVIEW !== "true") {
    // Without streaming, --json prints one digest at the end, which has no stack outputs.
    console.log(JSON.stringify({ steps: [], diagnostics: [], changeSummary: { same: 1 } }, null, 4));
    process.exit(s.preview === undefined ? 255 : 0);
  }
  process.stdout.write(s.preview === undefined ? s.failedEvents : s.events);
  process.exit(s.preview === undefined ? 255 : 0);
}
if (args[0] === "config" && args[1] === "get" && args[2] === "odin:oversubscription") {
  if (s.policy === undefined) { console.error("error: configuration key 'odin:oversubscription' not found for stack 'prod'"); process.exit(255); }
  console.log(s.policy);
  process.exit(0);
}
if (args[0] === "up" && has("--yes", "--non-interactive")) process.exit(0);
if (args[0] === "stack" && args[1] === "output" && args[2] === "capacity" && has("--json")) { console.log(JSON.stringify(s.applied, null, 2)); process.exit(0); }
console.error("fake pulumi: unexpected command: " + args.join(" "));
process.exit(2);
`;

const FAKE_GH = `
const fs = require("fs");
const { spawnSync } = require("child_process");
const args = process.argv.slice(2);
fs.appendFileSync(process.env.FAKE_LOG, "gh " + args.join(" ") + "\\n");
if (!process.env.GH_TOKEN) { console.error("gh: To use GitHub CLI in a GitHub Actions workflow, set the GH_TOKEN environment variable."); process.exit(4); }
if (args[0] !== "api") { console.error("fake gh: only gh api"); process.exit(2); }
let method = "GET", endpoint, jq, body;
for (let i = 1; i < args.length; i++) {
  const a = args[i];
  if (a === "--method" || a === "-X") method = args[++i];
  else if (a === "--jq" || a === "-q") jq = args[++i];
  else if (a === "--paginate") {}
  else if (a === "-F" || a === "--field" || a === "-f" || a === "--raw-field") {
    const [k, v] = args[++i].split(/=(.*)/s);
    if (k !== "body") { console.error("fake gh: unexpected field " + k); process.exit(2); }
    body = a.startsWith("-F") || a === "--field" ? (v.startsWith("@") ? fs.readFileSync(v.slice(1), "utf8") : v) : v;
  } else if (!endpoint) endpoint = a;
  else { console.error("fake gh: unexpected argument " + a); process.exit(2); }
}
if (body !== undefined && method === "GET") method = "POST"; // gh api: with fields, POST unless --method says otherwise
const store = JSON.parse(fs.readFileSync(process.env.FAKE_GH_STORE, "utf8"));
const repo = process.env.GITHUB_REPOSITORY;
let out;
let m;
if (method === "GET" && (m = new RegExp("^repos/" + repo + "/issues/(\\\\d+)/comments$").exec(endpoint))) {
  out = store.comments.filter((c) => c.issue === Number(m[1]));
} else if (method === "POST" && (m = new RegExp("^repos/" + repo + "/issues/(\\\\d+)/comments$").exec(endpoint))) {
  const c = { id: store.nextId++, issue: Number(m[1]), body, user: { login: "github-actions[bot]", type: "Bot" } };
  store.comments.push(c);
  out = c;
} else if (method === "PATCH" && (m = new RegExp("^repos/" + repo + "/issues/comments/(\\\\d+)$").exec(endpoint))) {
  const c = store.comments.find((x) => x.id === Number(m[1]));
  if (!c) { console.error("gh: Not Found (HTTP 404)"); process.exit(1); }
  c.body = body;
  out = c;
} else { console.error("fake gh: unexpected " + method + " " + endpoint); process.exit(2); }
store.calls.push(method + " " + endpoint);
fs.writeFileSync(process.env.FAKE_GH_STORE, JSON.stringify(store));
const text = JSON.stringify(out);
if (jq) {
  const r = spawnSync("jq", ["-r", jq], { input: text, encoding: "utf8" });
  if (r.status !== 0) { console.error("jq: " + r.stderr); process.exit(1); }
  process.stdout.write(r.stdout);
} else process.stdout.write(text + "\\n");
`;

const FAKE_NPM = `
require("fs").appendFileSync(process.env.FAKE_LOG, "npm " + process.argv.slice(2).join(" ") + "\\n");
if (process.argv[2] !== "ci") { console.error("fake npm: only npm ci"); process.exit(2); }
`;

export interface GhComment {
    id: number;
    issue: number;
    body: string;
    user: { login: string; type: string };
}

export interface Fakes {
    /** Folder of the fake commands (first on PATH). */
    bin: string;
    /** The project folder the scripts run in (node_modules/.bin/trunking-capacity is this build's). */
    work: string;
    env: NodeJS.ProcessEnv;
    setScenario(s: PulumiScenario): void;
    log(): string[];
    clearLog(): void;
    comments(): GhComment[];
    ghCalls(): string[];
    seedComment(c: Omit<GhComment, "id">): void;
}

export function makeFakes(root: string, dist: string): Fakes {
    const bin = path.join(root, "bin");
    const work = path.join(root, "work");
    fs.mkdirSync(bin, { recursive: true });
    fs.mkdirSync(path.join(work, "node_modules", ".bin"), { recursive: true });
    const script = (file: string, body: string) => {
        fs.writeFileSync(file, `#!${process.execPath}\n${body}`);
        fs.chmodSync(file, 0o755);
    };
    script(path.join(bin, "pulumi"), FAKE_PULUMI);
    script(path.join(bin, "gh"), FAKE_GH);
    script(path.join(bin, "npm"), FAKE_NPM);
    const tc = path.join(work, "node_modules", ".bin", "trunking-capacity");
    fs.writeFileSync(tc, `#!/bin/sh\nexec '${process.execPath}' '${path.join(dist, "bin", "trunking-capacity.js")}' "$@"\n`);
    fs.chmodSync(tc, 0o755);
    const files = { scenario: path.join(root, "pulumi.json"), log: path.join(root, "calls.log"), store: path.join(root, "gh.json") };
    fs.writeFileSync(files.log, "");
    fs.writeFileSync(files.store, JSON.stringify({ nextId: 1000, comments: [], calls: [] }));
    const readStore = () => JSON.parse(fs.readFileSync(files.store, "utf8"));
    return {
        bin,
        work,
        env: {
            PATH: [bin, path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":"),
            FAKE_PULUMI: files.scenario,
            FAKE_LOG: files.log,
            FAKE_GH_STORE: files.store,
        },
        setScenario(s) {
            const events = previewEvents({ capacity: s.preview, trunkGroups: [] });
            const failedEvents = previewEvents(undefined, [{ severity: "error", message: "TrunkGroup pbx-a: maxActiveCalls 60 does not fit group G1 (capacity 50)" }]);
            fs.writeFileSync(files.scenario, JSON.stringify({ ...s, events, failedEvents }));
        },
        log: () => fs.readFileSync(files.log, "utf8").split("\n").filter(Boolean),
        clearLog: () => fs.writeFileSync(files.log, ""),
        comments: () => readStore().comments,
        ghCalls: () => readStore().calls,
        seedComment(c) {
            const store = readStore();
            store.comments.push({ id: store.nextId++, ...c });
            fs.writeFileSync(files.store, JSON.stringify(store));
        },
    };
}
