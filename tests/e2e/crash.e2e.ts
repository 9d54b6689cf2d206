import { expect } from "chai";
import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { OdinClient } from "../../provider/odin/client";
import type { WebexSeed } from "../../provider/simulator";
import { OdinSimulator, startOdinSimulator } from "../../provider/simulator";
import { ODIN_PASSWORD, ODIN_USER, ResourceSpec, TG_TYPE, odinSeed, trunkGroup } from "../engine/fixtures";
import { FaultProxy, startFaultProxy } from "../faults/proxy";
import { judge } from "../faults/scenario/compare";
import { CliResult, PulumiProject, REPO, resourceSummary } from "./cli";

/**
 * The `pulumi` process itself killed (SIGKILL) while a TrunkGroup is being
 * created, updated, renamed and deleted, at the moment the write reaches the
 * API (timed by the fault proxy between the provider and the simulator), then
 * what a person runs next, through the real CLI, until the stack and BroadWorks
 * agree. Every message asserted here is the CLI's own (v3.277.0), as a person
 * sees it; docs/interrupted-runs.md tells the same story.
 *
 * Two ways a run dies:
 *  - "pulumi": the pulumi process alone (`kill -9 <pid>`, an OOM kill). Its
 *    provider host (`node …/dynamic-provider`, started by pulumi) is orphaned:
 *    it finishes the request it was making, so the write reaches the API even
 *    when pulumi died before it left, and then it lives on, idle, until killed.
 *  - "tree": pulumi and its provider host together (a cancelled CI job, a
 *    machine that stops): a write held before the API saw it never arrives.
 */

const STACK_PROGRAM = path.join(REPO, "dist", "tests", "engine", "programs", "stack", "index.js");
const USER = "u1@sim.example";
const URN = `urn:pulumi:dev::trunking-test::${TG_TYPE}::pbx`;
const ID = "SP1/G1/PBX";
const NO_WEBEX = { trunks: [] } as unknown as WebexSeed;
const pbx = (args: Record<string, unknown> = {}): ResourceSpec => trunkGroup("pbx", { name: "PBX", maxActiveCalls: 5, ...args });

/** The engine's warning when a stack holds operations a killed run left pending (pkg/resource/deploy/deployment_executor.go printPendingOperationsWarning). */
const pendingWarning = (op: "creating" | "updating" | "deleting"): RegExp =>
    new RegExp(
        esc(PENDING) +
            String.raw`\n` +
            String.raw`\s+\* ${esc(URN)}, interrupted while ${op}\n` +
            String.raw`\s+These resources are in an unknown state because the Pulumi CLI was interrupted while waiting for changes to these resources to complete\.[^\n]*\n` +
            String.raw`\s*\n\s+Once you have confirmed the status of the interrupted operations, you can repair your stack using \`pulumi refresh\` which will refresh the state from the provider you are using and clear the pending operations if there are any\.\n` +
            String.raw`\s*\n\s+` +
            esc(INTERACTIVELY),
    );

const ALREADY_EXISTS =
    'error: A trunk group named "PBX" already exists in group G1 of SP1, and this stack does not manage it. To take it over, add `adoptExisting: true` to this TrunkGroup\'s arguments ' +
    "(or, for every TrunkGroup of the stack, run `pulumi config set odin:adoptExisting true`), then run `pulumi up` again.";

/** The lines of the CLI's messages that docs/interrupted-runs.md and the README quote: the tests below assert each as the CLI prints it. */
const LOCKED = "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.";
const CANCELED = "The currently running update for 'dev' has been canceled!";
const PENDING = "warning: Attempting to deploy or update resources with 1 pending operations from previous deployment.";
const INTERACTIVELY = "Note that `pulumi refresh` will need to be run interactively to clear pending CREATE operations.";
const AS_HELP_SAYS = "error: accepts 0 arg(s), received 1";

function esc(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Pids of a process's descendants (Linux /proc), children first. */
function descendants(pid: number): number[] {
    const out: number[] = [];
    for (const d of fs.readdirSync("/proc")) {
        if (!/^\d+$/.test(d)) {
            continue;
        }
        let stat: string;
        try {
            stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
        } catch {
            continue;
        }
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid === pid) {
            out.push(Number(d), ...descendants(Number(d)));
        }
    }
    return out;
}

/** Alive and not a zombie. */
function alive(pid: number): boolean {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
    } catch {
        return false;
    }
}

function commandLine(pid: number): string {
    try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    } catch {
        return "";
    }
}

async function until(cond: () => boolean, ms = 10_000): Promise<boolean> {
    for (const end = Date.now() + ms; Date.now() < end; ) {
        if (cond()) {
            return true;
        }
        await new Promise((r) => setTimeout(r, 50));
    }
    return cond();
}

interface Kill {
    method: "POST" | "PUT" | "DELETE";
    stage: "before" | "after";
    who: "pulumi" | "tree";
}

interface Crash {
    result: CliResult;
    pulumiPid: number;
    /** The provider host's processes (the plugin's sh wrapper and node) at the kill. */
    hostPids: number[];
    /** Their command lines, read at the kill. */
    hostCommands: string[];
    /** Whether the API held the trunk group "PBX" (any values) the moment pulumi died. */
    apiHadItAtKill: boolean;
}

/** One stack of the `stack` program, whose provider reaches the simulator through a fault proxy that can kill pulumi. */
class CrashStack {
    private pulumi: ChildProcess | undefined;
    private trap: (Kill & { done?: Promise<void>; hostPids?: number[]; hostCommands?: string[]; apiHadIt?: boolean }) | undefined;
    readonly orphans: number[] = [];

    private constructor(
        readonly sim: OdinSimulator,
        readonly proxy: FaultProxy,
        readonly p: PulumiProject,
    ) {}

    static async start(existing: boolean): Promise<CrashStack> {
        const sim = await startOdinSimulator({ seed: odinSeed([USER]) });
        const box: { s?: CrashStack } = {};
        const proxy = await startFaultProxy({ upstream: sim.url, onForward: (e) => box.s!.onForward(e) });
        const p = new PulumiProject({ name: "trunking-test", entry: STACK_PROGRAM });
        const s = (box.s = new CrashStack(sim, proxy, p));
        await p.init();
        await p.configMany(
            { "odin:baseUrl": proxy.url, "odin:username": ODIN_USER, "odin:password": ODIN_PASSWORD, "trunking-test:resources": JSON.stringify(existing ? [pbx()] : []) },
            ["odin:password"],
        );
        if (existing) {
            await p.up();
            // A user hosted on the trunk group, as an administrator does outside Pulumi, recorded by a refresh:
            // what lets the provider tell a rename from a deletion (see the README's known limits).
            await s.admin().transport.request({ method: "PUT", path: "/groups/trunk-groups", body: { serviceProviderId: "SP1", groupId: "G1", name: "PBX", users: [{ userId: USER }] } });
            await p.refresh();
        }
        return s;
    }

    admin(): OdinClient {
        return new OdinClient({ baseUrl: this.sim.url, username: ODIN_USER, password: ODIN_PASSWORD });
    }

    /** Trunk groups of G1 on the simulator, by name. */
    tgs(): Record<string, any> {
        const g = this.sim.state().serviceProviders[0].groups!.find((x) => x.groupId === "G1")!;
        return Object.fromEntries(((g.trunkGroups ?? []) as any[]).map((t) => [t.name, t]));
    }

    writes(): Array<{ method: string; path: string }> {
        return this.sim.requests().filter((r) => r.method !== "GET" && r.path !== "/auth/token");
    }

    private async onForward(e: { method: string; path: string; stage: "before" | "after" }): Promise<void | "drop"> {
        const t = this.trap;
        if (!t || t.done || !this.pulumi || e.path !== "/groups/trunk-groups" || e.method !== t.method || e.stage !== t.stage) {
            return undefined;
        }
        const child = this.pulumi;
        t.done = (async () => {
            const exited = new Promise<void>((r) => child.once("exit", () => r()));
            t.hostPids = descendants(child.pid!);
            t.hostCommands = t.hostPids.map(commandLine);
            t.apiHadIt = "PBX" in this.tgs();
            process.kill(child.pid!, "SIGKILL");
            await exited;
            if (t.who === "tree") {
                for (const pid of t.hostPids) {
                    try {
                        process.kill(pid, "SIGKILL");
                    } catch {
                        /* gone */
                    }
                }
                await until(() => t.hostPids!.every((pid) => !alive(pid)));
            }
        })();
        await t.done;
        // Killed before the API saw the request, with the host that sent it: it never arrives.
        return t.who === "tree" && e.stage === "before" ? "drop" : undefined;
    }

    /** Runs `pulumi <command>` with the program and kills it (and, for "tree", its provider host) at the write. */
    async crash(command: "up" | "destroy", program: ResourceSpec[], kill: Kill): Promise<Crash> {
        await this.setProgram(program);
        this.trap = { ...kill };
        this.sim.clearRequests();
        let pid = 0;
        const result = await this.p.run([command, "--yes"], {
            allowFailure: true,
            onSpawn: (c) => {
                this.pulumi = c;
                pid = c.pid!;
            },
        });
        const t = this.trap;
        await t.done;
        this.trap = undefined;
        this.pulumi = undefined;
        expect(t.done, `pulumi ${command} reached no ${kill.method} (${kill.stage}):\n${result.stdout}\n${result.stderr}`).to.not.equal(undefined);
        this.orphans.push(...(t.hostPids ?? []));
        return { result, pulumiPid: pid, hostPids: t.hostPids ?? [], hostCommands: t.hostCommands ?? [], apiHadItAtKill: t.apiHadIt === true };
    }

    setProgram(specs: ResourceSpec[]): Promise<CliResult> {
        return this.p.config("trunking-test:resources", JSON.stringify(specs));
    }

    /** `pulumi cancel`: what the lock error names. */
    async cancel(): Promise<void> {
        const r = await this.p.run(["cancel", "--yes", this.p.stack]);
        expect(r.stdout).to.equal(`${CANCELED}\n`);
    }

    async pendingOperations(): Promise<Array<{ type: string; urn: string }>> {
        const { deployment } = await this.p.exportState(false);
        return (deployment.pending_operations ?? []).map((o: any) => ({ type: o.type, urn: o.resource.urn }));
    }

    /** The stack and BroadWorks agree with the program (or with nothing, after a destroy): nothing lost, orphaned, duplicated, stale or pending. */
    async expectConsistent(declared: ResourceSpec[]): Promise<void> {
        const { deployment } = await this.p.exportState(true);
        const held = (deployment.resources ?? [])
            .filter((r: any) => r.type === TG_TYPE)
            .map((r: any) => ({ name: String(r.urn).split("::").pop(), type: r.type, id: r.id, outputs: r.outputs, initErrors: r.initErrors, delete: r.delete === true }));
        const findings = judge(declared, {}, held, (deployment.pending_operations ?? []).length, this.sim.state(), NO_WEBEX, "SP1");
        expect(findings, this.p.transcriptText()).to.deep.equal({ lost: [], orphaned: [], duplicated: [], wrongValues: [], stuck: [] });
        if (declared.length > 0) {
            const again = await this.p.up(["--expect-no-changes"]);
            expect(again.stdout).to.not.match(/pending operations/);
        }
    }

    async close(): Promise<void> {
        for (const pid of this.orphans) {
            if (alive(pid)) {
                process.kill(pid, "SIGKILL");
            }
        }
        await this.p.dispose();
        await this.proxy.close();
        await this.sim.close();
    }
}

/** What the killed run left: the stale lock of the file backend, naming `pulumi cancel` and the dead process. */
function expectLocked(r: CliResult, pulumiPid: number): void {
    expect(r.code).to.equal(1);
    expect(r.stdout).to.equal("");
    const m = new RegExp(
        "^" +
            esc(LOCKED) +
            String.raw`\n` +
            String.raw`  file://\S+/\.pulumi/locks/organization/trunking-test/dev/[0-9a-f-]+\.json\S*: created by \S+@\S+ \(pid (\d+)\) at \S+\n$`,
    ).exec(r.stderr);
    expect(m, r.stderr).to.not.equal(null);
    expect(Number(m![1])).to.equal(pulumiPid);
}

describe("the pulumi CLI killed mid-run (SIGKILL), then what a person runs next", function () {
    this.timeout(900_000);
    let s: CrashStack | undefined;

    afterEach(async () => {
        await s?.close();
        s = undefined;
    });

    /** The killed pulumi's pid (the lock names it), and its provider host: orphaned and alive (pulumi alone killed), or gone (the tree). */
    function afterTheKill(c: Crash, who: Kill["who"]): number {
        expect(c.result.signal).to.equal("SIGKILL");
        expect(c.hostPids.length, "the provider host's processes were found").to.be.greaterThan(0);
        expect(c.hostCommands.join("\n")).to.match(/pulumi-resource-pulumi-nodejs[^\n]*\n[^\n]*node \S+@pulumi\/pulumi\/cmd\/dynamic-provider\/index\.js/);
        if (who === "pulumi") {
            expect(c.hostPids.every(alive), "the orphaned provider host lives on after pulumi died").to.equal(true);
        } else {
            expect(c.hostPids.filter(alive).map((pid) => `${pid} ${commandLine(pid)}`), "the provider host was killed with pulumi").to.deep.equal([]);
        }
        return c.pulumiPid;
    }

    it("create, pulumi killed after BroadWorks applied the POST: the lock, then `pulumi up` as most people would; adopting it; the pending create the engine keeps until `pulumi refresh --clear-pending-creates`", async () => {
        s = await CrashStack.start(false);
        const c = await s.crash("up", [pbx()], { method: "POST", stage: "after", who: "pulumi" });
        const pid = afterTheKill(c, "pulumi");
        expect(c.apiHadItAtKill).to.equal(true);
        expect(c.result.stdout).to.match(/\+\s+pulumi-nodejs:dynamic\/odin:TrunkGroup pbx creating/);

        expectLocked(await s.p.up([], { allowFailure: true }), pid);
        expectLocked(await s.p.refresh([], { allowFailure: true }), pid);
        await s.cancel();

        // The stack does not hold the trunk group the killed run made: the create fails with the adoption advice.
        s.sim.clearRequests();
        const up = await s.p.up([], { allowFailure: true });
        expect(up.code).to.equal(1);
        expect(up.stdout).to.match(pendingWarning("creating"));
        expect(up.stdout).to.include(ALREADY_EXISTS);
        expect(s.writes(), "nothing written").to.deep.equal([]);
        expect(Object.keys(s.tgs())).to.deep.equal(["PBX"]);

        await s.p.config("odin:adoptExisting", "true");
        const adopt = await s.p.up();
        expect(resourceSummary(adopt.stdout)).to.deep.equal({ created: 1, unchanged: 1 });
        expect(s.writes(), "adopted with no write").to.deep.equal([]);
        // The engine carries a pending create over every run, even once the resource exists (pkg/backend/snapshot.go: base
        // pending CREATEs are kept "because these must require user intervention").
        expect(adopt.stdout).to.match(pendingWarning("creating"));
        expect(await s.pendingOperations()).to.deep.equal([{ type: "creating", urn: URN }]);

        // A plain refresh outside a terminal keeps it, and says nothing about it.
        const refresh = await s.p.refresh();
        expect(refresh.stdout + refresh.stderr).to.not.match(/pending/i);
        expect(await s.pendingOperations()).to.deep.equal([{ type: "creating", urn: URN }]);

        const clear = await s.p.refresh(["--clear-pending-creates"]);
        expect(resourceSummary(clear.stdout)).to.deep.equal({ unchanged: 2 });
        expect(await s.pendingOperations()).to.deep.equal([]);
        await s.expectConsistent([pbx()]);
        expect(c.hostPids.every(alive), "the orphaned provider host is still there, idle, after every command").to.equal(true);
    });

    it("create, pulumi killed before the POST left: its orphaned provider host sends it anyway; `--import-pending-creates` drops the pending create without importing anything; adoption does", async () => {
        s = await CrashStack.start(false);
        const c = await s.crash("up", [pbx()], { method: "POST", stage: "before", who: "pulumi" });
        afterTheKill(c, "pulumi");
        expect(c.apiHadItAtKill).to.equal(false);
        // pulumi is dead; the provider host it started carries on with the create.
        expect(await until(() => "PBX" in s!.tgs()), "the orphaned host's POST reached BroadWorks").to.equal(true);
        expect(s.writes().filter((w) => w.method === "POST")).to.have.length(1);

        await s.cancel();
        // Written as its help says ("A list of form [[URN ID]...]"), the id is taken for an argument of refresh.
        const asHelpSays = await s.p.refresh(["--import-pending-creates", URN, ID], { allowFailure: true });
        expect(asHelpSays.stderr).to.equal(`${AS_HELP_SAYS}\n`);
        // The flag takes the URN and the id as two values (`--import-pending-creates URN --import-pending-creates ID`);
        // pulumi v3.277.0 turns the pending create into a pending import, which the refresh then drops: nothing is imported.
        const imp = await s.p.refresh(["--import-pending-creates", URN, "--import-pending-creates", ID]);
        expect(resourceSummary(imp.stdout)).to.deep.equal({ unchanged: 1 });
        expect(await s.pendingOperations()).to.deep.equal([]);
        expect(await s.p.resources(TG_TYPE)).to.deep.equal([]);

        const up = await s.p.up([], { allowFailure: true });
        expect(up.stdout).to.include(ALREADY_EXISTS);
        expect(up.stdout).to.not.match(/pending operations/);
        await s.p.config("odin:adoptExisting", "true");
        s.sim.clearRequests();
        await s.p.up();
        expect(s.writes()).to.deep.equal([]);
        await s.expectConsistent([pbx()]);
    });

    it("create, pulumi and its provider host killed before the POST left (a cancelled CI job): nothing was made; cancel, `refresh --clear-pending-creates`, `up` creates it once", async () => {
        s = await CrashStack.start(false);
        const c = await s.crash("up", [pbx()], { method: "POST", stage: "before", who: "tree" });
        const pid = afterTheKill(c, "tree");
        expect(s.tgs()).to.deep.equal({});

        expectLocked(await s.p.up([], { allowFailure: true }), pid);
        await s.cancel();
        await s.p.refresh(["--clear-pending-creates"]);
        expect(await s.pendingOperations()).to.deep.equal([]);
        s.sim.clearRequests();
        const up = await s.p.up();
        expect(resourceSummary(up.stdout)).to.deep.equal({ created: 1, unchanged: 1 });
        expect(up.stdout).to.not.match(/pending operations/);
        expect(s.writes().filter((w) => w.method === "POST")).to.have.length(1);
        await s.expectConsistent([pbx()]);
    });

    it("update, pulumi killed after BroadWorks applied the PUT: cancel, then `pulumi up` warns of the interrupted update and settles it", async () => {
        s = await CrashStack.start(true);
        const c = await s.crash("up", [pbx({ maxActiveCalls: 7 })], { method: "PUT", stage: "after", who: "pulumi" });
        const pid = afterTheKill(c, "pulumi");
        expect(s.tgs().PBX.maxActiveCalls).to.equal(7);

        expectLocked(await s.p.up([], { allowFailure: true }), pid);
        await s.cancel();
        const up = await s.p.up();
        expect(up.stdout).to.match(pendingWarning("updating"));
        expect(resourceSummary(up.stdout)).to.deep.equal({ updated: 1, unchanged: 1 });
        // The engine drops pending updates after a run (only pending creates are carried over).
        expect(await s.pendingOperations()).to.deep.equal([]);
        await s.expectConsistent([pbx({ maxActiveCalls: 7 })]);
    });

    it("update, pulumi and its provider host killed before the PUT left: cancel, `refresh --clear-pending-creates` (nothing changed), `up` updates", async () => {
        s = await CrashStack.start(true);
        const c = await s.crash("up", [pbx({ maxActiveCalls: 7 })], { method: "PUT", stage: "before", who: "tree" });
        const pid = afterTheKill(c, "tree");
        expect(s.tgs().PBX.maxActiveCalls).to.equal(5);

        expectLocked(await s.p.up([], { allowFailure: true }), pid);
        await s.cancel();
        const refresh = await s.p.refresh(["--clear-pending-creates"]);
        expect(resourceSummary(refresh.stdout)).to.deep.equal({ unchanged: 2 });
        expect(await s.pendingOperations()).to.deep.equal([]);
        const up = await s.p.up();
        expect(resourceSummary(up.stdout)).to.deep.equal({ updated: 1, unchanged: 1 });
        expect(s.tgs().PBX.maxActiveCalls).to.equal(7);
        await s.expectConsistent([pbx({ maxActiveCalls: 7 })]);
    });

    it("rename, pulumi killed after BroadWorks applied the PUT: the refresh refuses to drop it and names `pulumi up`, which finds it under its new name", async () => {
        s = await CrashStack.start(true);
        const c = await s.crash("up", [pbx({ name: "PBX2" })], { method: "PUT", stage: "after", who: "pulumi" });
        const pid = afterTheKill(c, "pulumi");
        expect(Object.keys(s.tgs())).to.deep.equal(["PBX2"]);

        expectLocked(await s.p.refresh([], { allowFailure: true }), pid);
        await s.cancel();
        const refresh = await s.p.refresh(["--clear-pending-creates"], { allowFailure: true });
        expect(refresh.code).to.equal(1);
        expect(refresh.stdout).to.include(
            'error: Preview failed: Trunk group "PBX" is no longer in group G1 of SP1, but trunk group "PBX2" now hosts its users: an interrupted `pulumi up` may have renamed it, ' +
                'so Pulumi does not drop it from the state. If your program names it "PBX2", run `pulumi up`: the update finds it under its new name.',
        );
        const up = await s.p.up();
        expect(up.stdout).to.match(pendingWarning("updating"));
        expect(resourceSummary(up.stdout)).to.deep.equal({ updated: 1, unchanged: 1 });
        await s.p.refresh(["--expect-no-changes"]);
        await s.expectConsistent([pbx({ name: "PBX2" })]);
    });

    it("rename, pulumi and its provider host killed before the PUT left: cancel, `refresh --clear-pending-creates`, `up` renames", async () => {
        s = await CrashStack.start(true);
        const c = await s.crash("up", [pbx({ name: "PBX2" })], { method: "PUT", stage: "before", who: "tree" });
        const pid = afterTheKill(c, "tree");
        expect(Object.keys(s.tgs())).to.deep.equal(["PBX"]);

        expectLocked(await s.p.up([], { allowFailure: true }), pid);
        await s.cancel();
        await s.p.refresh(["--clear-pending-creates"]);
        const up = await s.p.up();
        expect(resourceSummary(up.stdout)).to.deep.equal({ updated: 1, unchanged: 1 });
        expect(Object.keys(s.tgs())).to.deep.equal(["PBX2"]);
        expect(s.tgs().PBX2.users).to.deep.equal([{ userId: USER }]);
        await s.expectConsistent([pbx({ name: "PBX2" })]);
    });

    it("delete, pulumi killed after BroadWorks applied the DELETE: cancel, then `pulumi destroy` again (a trunk group already gone counts as deleted)", async () => {
        s = await CrashStack.start(true);
        const c = await s.crash("destroy", [pbx()], { method: "DELETE", stage: "after", who: "pulumi" });
        const pid = afterTheKill(c, "pulumi");
        expect(s.tgs()).to.deep.equal({});

        expectLocked(await s.p.destroy([], { allowFailure: true }), pid);
        await s.cancel();
        const destroy = await s.p.destroy();
        expect(destroy.stdout).to.match(pendingWarning("deleting"));
        expect(resourceSummary(destroy.stdout)).to.deep.equal({ deleted: 2 });
        expect(await s.pendingOperations()).to.deep.equal([]);
        await s.expectConsistent([]);
    });

    it("delete, pulumi and its provider host killed before the DELETE left: cancel, `refresh --clear-pending-creates`, `destroy` deletes it", async () => {
        s = await CrashStack.start(true);
        const c = await s.crash("destroy", [pbx()], { method: "DELETE", stage: "before", who: "tree" });
        const pid = afterTheKill(c, "tree");
        expect(Object.keys(s.tgs())).to.deep.equal(["PBX"]);

        expectLocked(await s.p.destroy([], { allowFailure: true }), pid);
        await s.cancel();
        await s.p.refresh(["--clear-pending-creates"]);
        const destroy = await s.p.destroy();
        expect(resourceSummary(destroy.stdout)).to.deep.equal({ deleted: 2 });
        expect(s.tgs()).to.deep.equal({});
        await s.expectConsistent([]);
    });

    it("docs/interrupted-runs.md and the README quote these messages and give these steps", () => {
        const doc = fs.readFileSync(path.join(REPO, "docs", "interrupted-runs.md"), "utf8");
        for (const text of [LOCKED, CANCELED, PENDING, INTERACTIVELY, AS_HELP_SAYS, "pulumi cancel --yes", "pulumi refresh --clear-pending-creates --yes", "--import-pending-creates URN --import-pending-creates ID"]) {
            expect(doc, text).to.include(text);
        }
        const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
        const row = readme.split("\n").find((l) => l.startsWith("| The `pulumi` process itself was killed mid-run"));
        expect(row, "the README's row for a killed pulumi").to.be.a("string");
        for (const text of [LOCKED, "pulumi cancel --yes", "pulumi refresh --clear-pending-creates --yes", "docs/interrupted-runs.md"]) {
            expect(row, text).to.include(text);
        }
    });
});
