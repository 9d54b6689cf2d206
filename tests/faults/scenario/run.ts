/**
 * The fault scenario of issue 13: a stack of TrunkGroups and WebexTrunks run
 * by the test engine through the real provider host, with both APIs behind
 * the independent fault proxy (a share of every request faulted, every kind,
 * Odin tokens revoked every few seconds). Each phase (create, change and
 * rename, refresh, remove half, destroy) is repeated the way a user would
 * repeat it after a failed run, then the simulators' state is judged against
 * the checkpoint and the program. Used by tests/faults/lifecycles.test.ts
 * (which asserts) and bench/faults.ts (which prints the table).
 */
import * as fs from "fs";
import * as path from "path";
import type { OdinSeed } from "../../../provider/simulator";
import { defaultWebexSeed, startOdinSimulator, startWebexSimulator } from "../../../provider/simulator";
import { TestEngine, programPath } from "../../engine/engine";
import { cleanEnv } from "../../engine/hostProcess";
import type { RunSummary } from "../../engine/types";
import { FAULT_KINDS, FaultKind, FaultProxy, startFaultProxy } from "../proxy";
import { Findings, HeldResource, judge } from "./compare";
import { SCENARIO_GROUPS, SCENARIO_SP, ScenarioPlan, buildPlan } from "./plan";

export interface ScenarioOptions {
    odinCount: number;
    webexCount: number;
    /** Seeds the proxies' choice of faults. */
    seed: number;
    /** Share of requests faulted, 0..1. */
    rate: number;
    /** Working directory for the checkpoint. */
    dir: string;
    /** The whole run; phases that would start past it are not run and count as hung. */
    timeBudgetMs: number;
    /** `--parallel`; default 16. */
    parallel?: number;
    /** Odin tokens are revoked this often; default 3000 ms. */
    revokeEveryMs?: number;
    log?: (line: string) => void;
}

export type OperationKind = "create" | "update" | "rename" | "refresh" | "delete";

export interface CommandRecord {
    phase: string;
    command: string;
    ok: boolean;
    ms: number;
    errors: string[];
}

export interface ScenarioResult {
    /** Resources taken through create, change, refresh and delete. */
    lifecycles: number;
    /** Provider operations the engine sent, by kind (a rename is an update that renames). */
    operations: Record<OperationKind, number>;
    commands: CommandRecord[];
    /** Requests that reached the proxies, and what they passed on. */
    requests: number;
    upstreamRequests: number;
    faults: Record<FaultKind, number>;
    totalFaults: number;
    revocations: number;
    /** Requests the clients sent again (from the TRUNKING_DEBUG=1 log). */
    retries: number;
    findings: Findings;
    /** Commands that did not finish in time, or proxy requests never answered. */
    hung: string[];
    /** Failed runs whose errors do not say what failed and what to run. */
    unexplained: string[];
    /** Failed runs whose errors do not show that the retries were used up first. */
    premature: string[];
    /** Where a secret (API password, token, SIP or trunk password, a JWT) was found in plain text. */
    secretsFound: string[];
    wallMs: number;
}

const ODIN_USER = "fault-scenario";
const ODIN_PASSWORD = "Fault-Scenario-Api-Passw0rd";
const WEBEX_TOKEN = "wx-FAULT-scenario-token-7f3e9a";
const MAX_RUNS_PER_PHASE = 5;
const PROGRAM_TIMEOUT_MS = 150_000;

function odinSeed(): OdinSeed {
    return {
        logins: [{ username: ODIN_USER, password: ODIN_PASSWORD }],
        serviceProviders: [
            {
                serviceProviderId: SCENARIO_SP,
                serviceProviderName: "Fault Scenario Enterprise",
                isEnterprise: true,
                trunkGroupCallCapacity: { maxActiveCalls: 100000, burstingMaxActiveCalls: 10000 },
                groups: SCENARIO_GROUPS.map((groupId) => ({ groupId, groupName: groupId, trunkGroupCallCapacity: { maxActiveCalls: 20000, burstingMaxActiveCalls: 2000 } })),
            },
        ],
    } as unknown as OdinSeed;
}

/** A failure after the retries were used up says how often it tried (a POST: how many were sent). */
const RETRIES_USED = /\(after \d+ attempts\)|after \d+ POSTs/;

/** What a message must contain to tell a person what failed and what to run next. */
const NAMES_CAUSE = /HTTP \d{3}|no response|timeout|ECONN|refused|answer|failed|not applied|may have been|already exists|not found|unknown/i;
const NAMES_ACTION = /pulumi (up|refresh|destroy|import)|run (it )?again|wait and run|raise |check that|check the|adopt|import:|choose another/i;

export async function runFaultScenario(opts: ScenarioOptions): Promise<ScenarioResult> {
    const log = opts.log ?? (() => undefined);
    const started = Date.now();
    const deadline = started + opts.timeBudgetMs;
    const odin = await startOdinSimulator({ seed: odinSeed() });
    const webex = await startWebexSimulator({ tokens: [WEBEX_TOKEN] });
    const proxies: FaultProxy[] = [];
    try {
        const common = { rate: opts.rate, dripIntervalMs: 300, dripMaxMs: 5_000, upstreamTimeoutMs: 15_000 };
        const odinProxy = await startFaultProxy({
            ...common,
            upstream: odin.url,
            seed: opts.seed,
            revokeEvery: { ms: opts.revokeEveryMs ?? 3_000 },
            onRevoke: () => odin.expireTokens(),
        });
        proxies.push(odinProxy);
        // A Webex token is a static bearer token nobody can renew mid-run: no revocation there.
        const webexProxy = await startFaultProxy({ ...common, upstream: webex.url, seed: opts.seed + 1 });
        proxies.push(webexProxy);

        const locations = defaultWebexSeed().locations.map((l) => l.id);
        const plan: ScenarioPlan = buildPlan(opts.odinCount, opts.webexCount, locations);
        fs.mkdirSync(opts.dir, { recursive: true });
        const engine = new TestEngine({
            programDir: programPath("stack"),
            stateFile: path.join(opts.dir, "state.json"),
            project: "trunking-test",
            parallel: opts.parallel ?? 16,
            programTimeoutMs: PROGRAM_TIMEOUT_MS,
            hostEnv: { ...cleanEnv(process.env), TRUNKING_DEBUG: "1" },
            config: {
                "odin:baseUrl": odinProxy.url,
                "odin:username": ODIN_USER,
                "odin:password": ODIN_PASSWORD,
                "odin:timeoutMs": "2500",
                "odin:maxRetries": "6",
                "webex:baseUrl": webexProxy.url,
                "webex:accessToken": WEBEX_TOKEN,
                "webex:timeoutMs": "2500",
                "webex:maxRetries": "6",
                "trunking-test:resources": "[]",
                ...Object.fromEntries(Object.entries(plan.secrets).map(([k, v]) => [`trunking-test:${k}`, v])),
            },
            secretConfig: ["odin:password", "webex:accessToken", ...Object.keys(plan.secrets).map((k) => `trunking-test:${k}`)],
        });

        const commands: CommandRecord[] = [];
        const summaries: RunSummary[] = [];
        const findings: Findings = { lost: [], orphaned: [], duplicated: [], wrongValues: [], stuck: [] };
        const hung: string[] = [];
        const unexplained: string[] = [];
        const premature: string[] = [];
        const texts: string[] = [];

        const run = async (phase: string, command: "up" | "refresh" | "destroy"): Promise<RunSummary> => {
            const t0 = Date.now();
            const s = await engine[command]({ allowFailure: true });
            const ms = Date.now() - t0;
            summaries.push(s);
            commands.push({ phase, command, ok: s.ok, ms, errors: s.errors });
            // Debug diagnostics are the SDK's own RPC trace (the CLI shows them only with --debug):
            // it prints registrations, secret values inside their secret wrapper included.
            texts.push(...s.errors.map((e) => `[error] ${e}`), ...s.diagnostics.filter((d) => d.severity !== "debug").map((d) => `[diag] ${d.message}`), `[stdout] ${s.program?.stdout ?? ""}`, `[stderr] ${s.program?.stderr ?? ""}`, `[host] ${s.hostOutput}`);
            for (const r of s.requests) {
                if (r.error) {
                    texts.push(r.error.message, ...(r.error.initFailure?.reasons ?? []));
                }
            }
            texts.push(engine.stateText());
            if (ms >= PROGRAM_TIMEOUT_MS * 0.95) {
                hung.push(`${phase}: \`pulumi ${command}\` ran ${Math.round(ms / 1000)} s`);
            }
            log(`${phase}: pulumi ${command} ${s.ok ? "ok" : "FAILED"} in ${(ms / 1000).toFixed(1)} s${s.ok ? "" : `: ${s.errors.length} error(s)`}`);
            if (!s.ok) {
                for (const e of s.errors) {
                    if (!NAMES_CAUSE.test(e) || !NAMES_ACTION.test(e)) {
                        unexplained.push(`${phase}: ${e}`);
                    }
                    if (!RETRIES_USED.test(e)) {
                        premature.push(`${phase}: ${e}`);
                    }
                }
            }
            return s;
        };

        /** Runs a command until it succeeds, following the advice of its errors (a refresh first when they say so). */
        const converge = async (phase: string, command: "up" | "refresh" | "destroy"): Promise<boolean> => {
            for (let n = 1; n <= MAX_RUNS_PER_PHASE; n++) {
                if (Date.now() > deadline) {
                    hung.push(`${phase}: not finished within the time budget`);
                    return false;
                }
                const s = await run(phase, command);
                if (s.ok) {
                    return true;
                }
                if (command !== "refresh" && s.errors.some((e) => /pulumi refresh/.test(e))) {
                    await run(`${phase} (refresh as advised)`, "refresh");
                }
            }
            findings.stuck.push(`${phase}: \`pulumi ${command}\` still failed after ${MAX_RUNS_PER_PHASE} runs`);
            return false;
        };

        const check = (phase: string, declared: ScenarioPlan["v1"]) => {
            const st = engine.state();
            const held: HeldResource[] = engine.resources().map((r) => ({ name: r.name, type: r.type, id: r.id, outputs: r.outputs, initErrors: r.initErrors, delete: r.delete }));
            const f = judge(declared, plan.secrets, held, st.pendingOperations.length, odin.state(), webex.state());
            for (const k of Object.keys(findings) as Array<keyof Findings>) {
                findings[k].push(...f[k].map((x) => `${phase}: ${x}`));
            }
            log(`${phase}: lost ${f.lost.length}, orphaned ${f.orphaned.length}, duplicated ${f.duplicated.length}, wrong ${f.wrongValues.length}, stuck ${f.stuck.length}`);
        };

        const phases: Array<[string, "up" | "refresh" | "destroy", ScenarioPlan["v1"] | undefined, ScenarioPlan["v1"]]> = [
            ["create", "up", plan.v1, plan.v1],
            ["change and rename", "up", plan.v2, plan.v2],
            ["refresh", "refresh", undefined, plan.v2],
            ["remove half", "up", plan.v3, plan.v3],
            ["destroy", "destroy", undefined, []],
        ];
        for (const [phase, command, program, expected] of phases) {
            if (program) {
                engine.setConfig("trunking-test:resources", JSON.stringify(program));
            }
            await converge(phase, command);
            check(phase, expected);
        }

        const all = texts.join("\n");
        const secrets = [ODIN_PASSWORD, WEBEX_TOKEN, ...Object.values(plan.secrets)];
        const secretsFound = secrets.filter((s) => all.includes(s)).map((s) => {
            const at = texts.find((t) => t.includes(s))!;
            const i = at.indexOf(s);
            return `a secret of ${s.length} characters, in ${at.slice(0, 8)}: …${at.slice(Math.max(0, i - 200), i).replace(s, "<secret>")}<secret>${at.slice(i + s.length, i + s.length + 100)}…`;
        });
        const jwt = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/.exec(all);
        if (jwt) {
            secretsFound.push("an Odin session token (JWT)");
        }
        for (const p of proxies) {
            for (const e of p.log()) {
                if (e.answer === undefined) {
                    hung.push(`${e.method} ${e.url.split("?")[0]} never answered`);
                }
            }
        }

        const operations: Record<OperationKind, number> = { create: 0, update: 0, rename: 0, refresh: 0, delete: 0 };
        for (const s of summaries) {
            for (const r of s.requests) {
                if (r.method === "create" || r.method === "update" || r.method === "delete") {
                    operations[r.method]++;
                }
                if (r.method === "read") {
                    operations.refresh++;
                }
                if (r.method === "update" && r.urn && plan.changes[r.urn.split("::").pop()!]?.rename) {
                    const olds = (r.request.olds ?? {}) as Record<string, unknown>;
                    const news = (r.request.news ?? {}) as Record<string, unknown>;
                    if (olds.name !== news.name) {
                        operations.rename++;
                    }
                }
            }
        }
        const hostLog = summaries.map((s) => s.hostOutput).join("\n");
        const retries = (hostLog.match(/before attempt \d+/g) ?? []).length;
        const stats = proxies.map((p) => p.stats());
        const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, stats.reduce((n, s) => n + s.faults[k], 0)])) as Record<FaultKind, number>;
        return {
            lifecycles: plan.v1.length,
            operations,
            commands,
            requests: stats.reduce((n, s) => n + s.requests, 0),
            upstreamRequests: stats.reduce((n, s) => n + s.upstreamRequests, 0),
            faults,
            totalFaults: stats.reduce((n, s) => n + s.totalFaults, 0),
            revocations: stats.reduce((n, s) => n + s.revocations, 0),
            retries,
            findings,
            hung,
            unexplained,
            premature,
            secretsFound,
            wallMs: Date.now() - started,
        };
    } finally {
        for (const p of proxies) {
            await p.close();
        }
        await odin.close();
        await webex.close();
    }
}
