import Ajv from "ajv";
import { expect } from "chai";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { renderCapacityMarkdown } from "../../provider/capacity/render/markdown";
import type { TrunkingCapacityReport } from "../../provider/capacity/types";
import { projectedThreeGroupReport, showcaseReport, threeGroupReport } from "../capacity/render/fixtures";
import { Fakes, makeFakes } from "./ciFakes";

/**
 * examples/ci run for real: the workflow checked against GitHub's workflow
 * schema (SchemaStore's, tests/fixtures/github-workflow.schema.json), its
 * script steps run in order by bash as a runner would (`if:` conditions, step
 * outcomes, GITHUB_OUTPUT, `${{ }}` in env), and the shell pipeline, both
 * with fake pulumi, gh and npm on PATH (tests/package/ciFakes.ts).
 */
const REPO = path.resolve(__dirname, "..", "..", "..");
const DIST = path.resolve(__dirname, "..", "..");
const WORKFLOW = path.join(REPO, "examples", "ci", "github-actions.yml");
const PIPELINE = path.join(REPO, "examples", "ci", "pipeline.sh");
const MARKER = "<!-- pulumi-trunking capacity report -->";

function bash(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
    return new Promise((resolve) => {
        const child = spawn("bash", args, { cwd, env });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("close", (code) => resolve({ code, out }));
        child.stdin.end();
    });
}

/** A GitHub expression as JavaScript: the operators and status functions the workflow uses. */
function evaluate(expr: string, ctx: Record<string, unknown>, failed: boolean): unknown {
    const js = expr
        .replace(/\balways\(\)/g, "true")
        .replace(/\bsuccess\(\)/g, String(!failed))
        .replace(/\bfailure\(\)/g, String(failed))
        .replace(/([=!])=/g, "$1==");
    if (/[^\w\s.'()&|!=[\]-]/.test(js)) {
        throw new Error(`the test's expression evaluator does not know ${JSON.stringify(expr)}`);
    }
    return new Function("ctx", `with (ctx) { return (${js}); }`)(ctx);
}

function substitute(text: string, ctx: Record<string, unknown>, failed: boolean): string {
    return text.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_, e) => {
        const v = evaluate(e, ctx, failed);
        return v === undefined || v === null ? "" : String(v);
    });
}

interface JobRun {
    failed: boolean;
    ran: string[];
    outcomes: Record<string, string>;
    uploads: string[];
    summary: string;
    output: string;
}

/** Runs the job's `run:` steps as a runner would; `uses:` steps are skipped (an upload is recorded). */
async function runJob(fakes: Fakes, event: "pull_request" | "push", run: number): Promise<JobRun> {
    const workflow = parse(fs.readFileSync(WORKFLOW, "utf8"));
    const job = Object.values(workflow.jobs as Record<string, any>)[0];
    const steps = job.steps as Array<Record<string, any>>;
    const shell = workflow.defaults?.run?.shell;
    expect(shell, "defaults.run.shell").to.equal("bash");
    const stepsCtx: Record<string, { outcome: string; outputs: Record<string, string> }> = {};
    for (const s of steps) {
        if (s.id) {
            stepsCtx[s.id] = { outcome: "", outputs: {} };
        }
    }
    const ctx = {
        github: {
            event_name: event,
            event: event === "pull_request" ? { pull_request: { number: 7 } } : {},
            token: "fake-token",
            server_url: "https://github.example",
            repository: "acme/voice",
            run_id: 100 + run,
        },
        secrets: new Proxy({}, { get: (_t, k) => `secret-${String(k)}`, has: () => true }),
        steps: stepsCtx,
    };
    const result: JobRun = { failed: false, ran: [], outcomes: {}, uploads: [], summary: "", output: "" };
    const summary = path.join(fakes.work, "..", `summary-${run}.md`);
    fs.writeFileSync(summary, "");
    const jobEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(job.env ?? {})) {
        jobEnv[k] = substitute(String(v), ctx, false);
    }
    for (const [i, s] of steps.entries()) {
        // As GitHub does: a condition without a status function runs only while every step succeeded.
        const given = s.if === undefined ? "" : String(s.if).replace(/^\$\{\{\s*|\s*\}\}$/g, "");
        const condition = given === "" ? "success()" : /\b(always|success|failure|cancelled)\(\)/.test(given) ? given : `success() && (${given})`;
        const runs = Boolean(evaluate(condition, ctx, result.failed));
        const name = s.name ?? s.run ?? s.uses;
        if (!runs) {
            if (s.id) {
                stepsCtx[s.id].outcome = "skipped";
            }
            continue;
        }
        if (s.uses) {
            if (String(s.uses).startsWith("actions/upload-artifact@")) {
                result.uploads.push(...[s.with.path].filter((p: string) => fs.existsSync(path.join(fakes.work, p))));
            }
            continue;
        }
        const outputFile = path.join(fakes.work, "..", `output-${run}-${i}`);
        fs.writeFileSync(outputFile, "");
        const stepEnv: Record<string, string> = {};
        for (const [k, v] of Object.entries(s.env ?? {})) {
            stepEnv[k] = substitute(String(v), ctx, result.failed);
        }
        const scriptFile = path.join(fakes.work, "..", `step-${run}-${i}.sh`);
        fs.writeFileSync(scriptFile, substitute(String(s.run), ctx, result.failed));
        const r = await bash(["--noprofile", "--norc", "-eo", "pipefail", scriptFile], fakes.work, {
            ...fakes.env,
            ...jobEnv,
            ...stepEnv,
            CI: "true",
            GITHUB_ACTIONS: "true",
            GITHUB_EVENT_NAME: event,
            GITHUB_REPOSITORY: "acme/voice",
            GITHUB_SHA: `abcdef${run}0123456789`,
            GITHUB_OUTPUT: outputFile,
            GITHUB_STEP_SUMMARY: summary,
        });
        result.ran.push(name);
        result.output += `--- ${name}\n${r.out}`;
        const outcome = r.code === 0 ? "success" : "failure";
        result.outcomes[name] = outcome;
        if (s.id) {
            stepsCtx[s.id].outcome = outcome;
            for (const line of fs.readFileSync(outputFile, "utf8").split("\n").filter(Boolean)) {
                const [k, v] = line.split(/=(.*)/s);
                stepsCtx[s.id].outputs[k] = v;
            }
        }
        if (outcome === "failure") {
            result.failed = true;
        }
    }
    result.summary = fs.readFileSync(summary, "utf8");
    return result;
}

describe("examples/ci run with fake pulumi and gh", function () {
    this.timeout(60_000);
    let root: string;
    let fakes: Fakes;
    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "ci-examples-"));
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    describe("the GitHub workflow", () => {
        const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
        const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(REPO, "tests", "fixtures", "github-workflow.schema.json"), "utf8")));

        it("is valid against GitHub's workflow schema, and the schema catches a broken one", () => {
            const workflow = parse(fs.readFileSync(WORKFLOW, "utf8"));
            expect(validate(workflow), ajv.errorsText(validate.errors)).to.equal(true);
            const broken = JSON.parse(JSON.stringify(workflow));
            delete broken.jobs.pulumi["runs-on"];
            broken.jobs.pulumi.steps[1].with["node_version"] = 24;
            broken.jobs.pulumi.steps.push({ name: "both", uses: "actions/checkout@v4", run: "true" });
            expect(validate(broken)).to.equal(false);
            expect(ajv.errorsText(validate.errors)).to.contain("must have required property 'runs-on'");
            const typo = JSON.parse(JSON.stringify(workflow));
            typo.on = { pull_reqest: null };
            expect(validate(typo)).to.equal(false);
        });

        describe("on a pull request", () => {
            before(() => {
                fakes = makeFakes(path.join(root, "workflow"), DIST);
                // Someone quoting the marker must not have their comment taken over.
                fakes.seedComment({ issue: 7, body: `${MARKER} quoted by a reviewer`, user: { login: "octocat", type: "User" } });
            });
            const botComments = () => fakes.comments().filter((c) => c.user.login === "github-actions[bot]");

            it("posts the projected report's Markdown as the capacity comment and uploads the page", async () => {
                const report = projectedThreeGroupReport();
                fakes.setScenario({ preview: report });
                const r = await runJob(fakes, "pull_request", 1);
                expect(r.failed, r.output).to.equal(false);
                expect(r.ran).to.not.include("Apply");
                expect(botComments()).to.have.length(1);
                const body = botComments()[0].body;
                expect(body.startsWith(`${MARKER}\n${renderCapacityMarkdown(report)}`), body).to.equal(true);
                expect(body).to.contain("the **capacity-report** artifact of [this run](https://github.example/acme/voice/actions/runs/101)");
                expect(r.uploads).to.deep.equal(["capacity-report.html"]);
                expect(fs.readFileSync(path.join(fakes.work, "capacity-report.html"), "utf8")).to.contain("(projected)");
                expect(fakes.log()).to.include("pulumi config get odin:oversubscription --stack prod");
                expect(fakes.comments().find((c) => c.user.login === "octocat")!.body).to.equal(`${MARKER} quoted by a reviewer`);
            });

            it("updates that one comment on the next push instead of adding one", async () => {
                const report = JSON.parse(JSON.stringify(showcaseReport())) as TrunkingCapacityReport;
                fakes.setScenario({ preview: report, policy: "warn" });
                const r = await runJob(fakes, "pull_request", 2);
                expect(r.failed, r.output).to.equal(false);
                expect(botComments()).to.have.length(1);
                expect(botComments()[0].body).to.contain(renderCapacityMarkdown(report));
                expect(fakes.ghCalls().filter((c) => c.startsWith("POST"))).to.have.length(1);
                expect(fakes.ghCalls().filter((c) => c.startsWith("PATCH"))).to.deep.equal([`PATCH repos/acme/voice/issues/comments/${botComments()[0].id}`]);
            });

            it("fails the check when the policy is deny and groups are oversubscribed, and the comment says why", async () => {
                fakes.setScenario({ preview: projectedThreeGroupReport(), policy: "deny" });
                const r = await runJob(fakes, "pull_request", 3);
                expect(r.failed).to.equal(true);
                expect(Object.entries(r.outcomes).filter(([, o]) => o === "failure").map(([n]) => n)).to.deep.equal([
                    "Capacity report (fails with odin:oversubscription deny and oversubscribed groups)",
                ]);
                expect(r.output).to.contain("trunking-capacity: oversubscribed after the pending changes: 1 group (G1) (--fail-on-oversubscribed)");
                expect(botComments()).to.have.length(1);
                expect(botComments()[0].body).to.contain("> This check fails: groups are oversubscribed and the stack's `odin:oversubscription` is `deny`.");
                expect(botComments()[0].body).to.contain(renderCapacityMarkdown(projectedThreeGroupReport()));
                expect(r.uploads).to.deep.equal(["capacity-report.html"]);
            });

            it("passes with deny when nothing is oversubscribed", async () => {
                const fine = JSON.parse(JSON.stringify(projectedThreeGroupReport())) as TrunkingCapacityReport;
                fine.groups = fine.groups.filter((g) => g.groupId !== "G1");
                fakes.setScenario({ preview: fine, policy: "deny" });
                const r = await runJob(fakes, "pull_request", 4);
                expect(r.failed, r.output).to.equal(false);
                expect(botComments()[0].body).to.not.contain("This check fails");
            });

            it("fails the check when the preview fails, printing its messages, and replaces the stale report in the comment", async () => {
                fakes.setScenario({ preview: undefined });
                fs.rmSync(path.join(fakes.work, "capacity-report.md"), { force: true });
                fs.rmSync(path.join(fakes.work, "capacity-report.html"), { force: true });
                const r = await runJob(fakes, "pull_request", 5);
                expect(r.failed).to.equal(true);
                expect(r.outcomes["Preview (the engine's events carry the projected capacity report)"]).to.equal("failure");
                expect(r.ran).to.not.include("Capacity report (fails with odin:oversubscription deny and oversubscribed groups)");
                expect(r.output).to.contain("error: TrunkGroup pbx-a: maxActiveCalls 60 does not fit group G1 (capacity 50)");
                expect(botComments()).to.have.length(1);
                expect(botComments()[0].body).to.equal(
                    `${MARKER}\n### Trunking capacity\n\nNo report for abcdef5: the preview failed (see [the run](https://github.example/acme/voice/actions/runs/105)).\n`,
                );
                expect(r.uploads).to.deep.equal([]);
            });
        });

        it("on main: applies, then puts the report in the job summary and the artifact; no comment", async () => {
            fakes = makeFakes(path.join(root, "main"), DIST);
            const applied = threeGroupReport();
            fakes.setScenario({ applied });
            const r = await runJob(fakes, "push", 1);
            expect(r.failed, r.output).to.equal(false);
            expect(r.ran).to.deep.equal(["npm ci", "Apply"]);
            expect(fakes.log()).to.include.members(["pulumi up --stack prod --non-interactive --yes --parallel 4", "pulumi stack output capacity --stack prod --json"]);
            expect(r.summary).to.equal(renderCapacityMarkdown(applied));
            expect(r.uploads).to.deep.equal(["capacity-report.html"]);
            expect(fakes.ghCalls()).to.deep.equal([]);
        });
    });

    describe("the shell pipeline", () => {
        const credentials = { ODIN_BASE_URL: "https://odin.example.net/api/v2", ODIN_USERNAME: "ci", ODIN_PASSWORD: "secret" };
        const pipeline = (f: Fakes, extra: NodeJS.ProcessEnv = {}) => bash([PIPELINE], f.work, { ...f.env, ...credentials, ...extra });

        it("writes the report as Markdown and HTML, then applies", async () => {
            const f = makeFakes(path.join(root, "pipeline-ok"), DIST);
            f.setScenario({ preview: projectedThreeGroupReport(), applied: threeGroupReport() });
            const r = await pipeline(f);
            expect(r.code, r.out).to.equal(0);
            expect(fs.readFileSync(path.join(f.work, "capacity-report.md"), "utf8")).to.equal(renderCapacityMarkdown(projectedThreeGroupReport()));
            expect(fs.readFileSync(path.join(f.work, "capacity-report.html"), "utf8")).to.match(/^<!DOCTYPE html>/);
            expect(fs.existsSync(path.join(f.work, "capacity-applied.html"))).to.equal(true);
            expect(f.log()).to.include("pulumi up --non-interactive --yes --parallel 4");
        });

        it("stops before applying when the policy is deny and groups are oversubscribed (both files still written)", async () => {
            const f = makeFakes(path.join(root, "pipeline-deny"), DIST);
            f.setScenario({ preview: projectedThreeGroupReport(), policy: "deny", applied: threeGroupReport() });
            const r = await pipeline(f);
            expect(r.code).to.equal(3);
            expect(r.out).to.contain("oversubscribed after the pending changes: 1 group (G1)");
            expect(f.log().some((l) => l.startsWith("pulumi up"))).to.equal(false);
            expect(fs.existsSync(path.join(f.work, "capacity-report.md"))).to.equal(true);
            expect(fs.existsSync(path.join(f.work, "capacity-report.html"))).to.equal(true);
            const review = await pipeline(f, { APPLY: "false" });
            expect(review.code).to.equal(3);
        });

        it("stops when the preview fails, with its messages", async () => {
            const f = makeFakes(path.join(root, "pipeline-fail"), DIST);
            f.setScenario({ preview: undefined });
            const r = await pipeline(f);
            expect(r.code).to.equal(1);
            expect(r.out).to.contain("error: TrunkGroup pbx-a: maxActiveCalls 60 does not fit group G1 (capacity 50)");
            expect(r.out).to.contain("pipeline: pulumi preview failed; nothing was applied");
            expect(f.log().some((l) => l.startsWith("pulumi up"))).to.equal(false);
        });

        it("with APPLY=false stops after the report", async () => {
            const f = makeFakes(path.join(root, "pipeline-review"), DIST);
            f.setScenario({ preview: projectedThreeGroupReport() });
            const r = await pipeline(f, { APPLY: "false" });
            expect(r.code, r.out).to.equal(0);
            expect(f.log().some((l) => l.startsWith("pulumi up"))).to.equal(false);
        });
    });
});
