/**
 * The crash matrix: the provider host killed at each write of create,
 * update, rename, pilot-clear-then-delete and delete, either before the
 * request reached the API or after the API applied it (the fault proxy holds
 * the request at that moment while the host is killed), or a gateway that
 * answers a write in a way that hides its fate, then the commands a person
 * runs next, through the test engine as the engine runs them. Each case starts from a saved checkpoint and simulator state, so
 * cases are independent and several run at once.
 */
import * as fs from "fs";
import * as path from "path";
import type { OdinSeed } from "../../provider/simulator";
import type { WebexSeed } from "../../provider/simulator";
import { startOdinSimulator } from "../../provider/simulator";
import { OdinClient } from "../../provider/odin/client";
import type { ResourceSpec } from "../engine/fixtures";
import { TestEngine, programPath } from "../engine/engine";
import type { HostControl } from "../engine/hostProcess";
import type { RunSummary } from "../engine/types";
import { FaultKind, FaultProxy, startFaultProxy } from "../faults/proxy";
import { Findings, HeldResource, judge } from "../faults/scenario/compare";

export const SP = "SPC";
export const GROUP = "GC";
export const USER = "u1@spc.sim.example";
/** The matrix uses no Webex trunk. */
const NO_WEBEX = { trunks: [] } as unknown as WebexSeed;
const LOGIN = { username: "crash-matrix", password: "Crash-Matrix-Api-Passw0rd" };

export type Command = "up" | "refresh" | "destroy";
export type Snapshot = "empty" | "hosted" | "piloted";

export const T0: ResourceSpec = { kind: "TrunkGroup", name: "t", args: { serviceProviderId: SP, groupId: GROUP, name: "CR-T", maxActiveCalls: 5 } };
export const withArgs = (args: Record<string, unknown>): ResourceSpec => ({ ...T0, args: { ...T0.args, ...args } });

export interface CrashCase {
    title: string;
    from: Snapshot;
    /** The command the host dies in, with its program. */
    crash: { command: Command; program: ResourceSpec[] };
    /** The request during which the host is killed: "before" it reaches the API, or "after" the API applied it. */
    kill?: { method: "POST" | "PUT" | "DELETE"; stage: "before" | "after"; nth?: number };
    /** Instead of a kill: what a gateway does to the first `count` such requests of the command (the fault proxy's kinds). */
    gateway?: { kind: FaultKind; method: "POST" | "PUT" | "DELETE"; count: number };
    /** What the person runs next (the program stays the crash's). */
    next: Command[];
}

export interface CaseOutcome {
    killed: boolean;
    crashErrors: string[];
    /** Every later command, with its errors; advice followed is listed too. */
    runs: Array<{ command: Command; ok: boolean; errors: string[]; advised?: boolean }>;
    /** The state against the system and the program after the last command. */
    findings: Findings;
    /** The last command failed: its errors. */
    endedWith?: string[];
}

function seed(): OdinSeed {
    return {
        logins: [LOGIN],
        serviceProviders: [
            {
                serviceProviderId: SP,
                serviceProviderName: "Crash Matrix",
                isEnterprise: true,
                trunkGroupCallCapacity: { maxActiveCalls: 1000, burstingMaxActiveCalls: 100 },
                groups: [
                    {
                        groupId: GROUP,
                        groupName: "Crash group",
                        trunkGroupCallCapacity: { maxActiveCalls: 500, burstingMaxActiveCalls: 50 },
                        users: [{ userId: USER, firstName: "U", lastName: "One" }],
                    },
                ],
            },
        ],
    } as unknown as OdinSeed;
}

interface Saved {
    state: string;
    sim: OdinSeed;
    /** The API's URL the checkpoint holds (the stack config kept with its provider). */
    url: string;
}

/** One stack on one simulator behind one proxy, whose host can be killed from the proxy. */
class Bench {
    host: HostControl | undefined;
    private constructor(
        readonly engine: TestEngine,
        readonly proxy: FaultProxy,
        readonly close: () => Promise<void>,
        readonly simState: () => OdinSeed,
        readonly simUrl: string,
    ) {}

    static async start(dir: string, from: Saved | undefined, onForward: (b: Bench) => Parameters<typeof startFaultProxy>[0]["onForward"]): Promise<Bench> {
        fs.mkdirSync(dir, { recursive: true });
        const stateFile = path.join(dir, "state.json");
        const sim = await startOdinSimulator({ seed: from?.sim ?? seed() });
        const box: { bench?: Bench } = {};
        const proxy = await startFaultProxy({ upstream: sim.url, onForward: (e) => onForward(box.bench!)?.(e) });
        if (from) {
            // The same API, now at this case's address: refresh and destroy configure the provider
            // from the config kept in the checkpoint, as the engine does.
            fs.writeFileSync(stateFile, from.state.split(from.url).join(proxy.url));
        }
        const engine = new TestEngine({
            programDir: programPath("stack"),
            stateFile,
            project: "trunking-test",
            parallel: 1,
            config: { "odin:baseUrl": proxy.url, "odin:username": LOGIN.username, "odin:password": LOGIN.password, "odin:maxRetries": "1", "trunking-test:resources": "[]" },
            secretConfig: ["odin:password"],
        });
        const bench = new Bench(
            engine,
            proxy,
            async () => {
                await proxy.close();
                await sim.close();
            },
            () => sim.state(),
            sim.url,
        );
        box.bench = bench;
        return bench;
    }

    program(specs: ResourceSpec[]): void {
        this.engine.setConfig("trunking-test:resources", JSON.stringify(specs));
    }

    /** Runs a command, remembering its host so the proxy can kill it. */
    run(command: Command, allowFailure = true): Promise<RunSummary> {
        return this.engine[command]({ allowFailure, hooks: { before: (_req, host) => void (this.host = host) } });
    }
}

/** Builds the three starting points once: nothing; the trunk group hosting a user; the same with that user as its pilot. */
export async function buildSnapshots(dir: string): Promise<Record<Snapshot, Saved | undefined>> {
    const b = await Bench.start(path.join(dir, "snapshots"), undefined, () => undefined);
    const stateFile = path.join(dir, "snapshots", "state.json");
    try {
        b.program([T0]);
        await b.run("up", false);
        // A user hosted on the trunk group (outside Pulumi, as an administrator does), recorded by a refresh.
        const c = new OdinClient({ baseUrl: b.simUrl, username: LOGIN.username, password: LOGIN.password });
        await c.transport.request({ method: "PUT", path: "/groups/trunk-groups", body: { serviceProviderId: SP, groupId: GROUP, name: "CR-T", users: [{ userId: USER }] } });
        await b.run("refresh", false);
        const hosted = { state: fs.readFileSync(stateFile, "utf8"), sim: b.simState(), url: b.proxy.url };
        b.program([withArgs({ pilotUserId: USER })]);
        await b.run("up", false);
        const piloted = { state: fs.readFileSync(stateFile, "utf8"), sim: b.simState(), url: b.proxy.url };
        return { empty: undefined, hosted, piloted };
    } finally {
        await b.close();
    }
}

/** Advice a failed run gives that names a command this matrix can run. */
function advised(errors: string[], last: Command): Command | undefined {
    const text = errors.join("\n");
    for (const cmd of ["up", "refresh", "destroy"] as Command[]) {
        if (cmd !== last && new RegExp(`\`pulumi ${cmd}\``).test(text)) {
            return cmd;
        }
    }
    return undefined;
}

export async function runCase(dir: string, c: CrashCase, snapshots: Record<Snapshot, Saved | undefined>): Promise<CaseOutcome> {
    let seen = 0;
    let killed = false;
    const bench = await Bench.start(dir, snapshots[c.from], (b) => async (e) => {
        if (killed || !c.kill || e.method !== c.kill.method || e.path !== "/groups/trunk-groups" || e.stage !== c.kill.stage) {
            return;
        }
        if (++seen === (c.kill.nth ?? 1) && b.host) {
            killed = true;
            await b.host.kill();
            // Killed before the API saw the request: it never arrives.
            return e.stage === "before" ? "drop" : undefined;
        }
        return undefined;
    });
    try {
        bench.program(c.crash.program);
        if (c.gateway) {
            bench.proxy.inject({ kind: c.gateway.kind, method: c.gateway.method, path: "/groups/trunk-groups", count: c.gateway.count });
        }
        const crashed = await bench.run(c.crash.command);
        const outcome: CaseOutcome = { killed, crashErrors: crashed.errors, runs: [], findings: { lost: [], orphaned: [], duplicated: [], wrongValues: [], stuck: [] } };
        let last: RunSummary | undefined;
        for (const cmd of c.next) {
            last = await bench.run(cmd);
            outcome.runs.push({ command: cmd, ok: last.ok, errors: last.errors });
            // Whoever reads "run `pulumi up`" runs it; then the command they meant to run.
            const advice = last.ok ? undefined : advised(last.errors, cmd);
            if (advice) {
                const a = await bench.run(advice);
                outcome.runs.push({ command: advice, ok: a.ok, errors: a.errors, advised: true });
                last = await bench.run(cmd);
                outcome.runs.push({ command: cmd, ok: last.ok, errors: last.errors });
            }
        }
        if (last && !last.ok) {
            outcome.endedWith = last.errors;
        }
        const finalCommand = c.next[c.next.length - 1];
        const declared = finalCommand === "destroy" ? [] : finalCommand === "refresh" ? currentResources(bench) : c.crash.program;
        const st = bench.engine.state();
        const held: HeldResource[] = bench.engine.resources().map((r) => ({ name: r.name, type: r.type, id: r.id, outputs: r.outputs, initErrors: r.initErrors, delete: r.delete }));
        outcome.findings = judge(declared, {}, held, st.pendingOperations.length, bench.simState(), NO_WEBEX, SP);
        return outcome;
    } finally {
        await bench.close();
    }
}

/** After a refresh the state must match the system: what it holds, with the values it holds, is what is declared. */
function currentResources(b: Bench): ResourceSpec[] {
    return b.engine.resources().map((r) => ({ kind: "TrunkGroup", name: r.name, args: { serviceProviderId: SP, groupId: GROUP, name: r.outputs.name, maxActiveCalls: r.outputs.maxActiveCalls, pilotUserId: r.outputs.pilotUserId ?? null } }));
}
