/**
 * The resource path through the provider host, at default settings: 500
 * TrunkGroups created, refreshed and deleted with 50 operations in parallel,
 * as `pulumi up`, `pulumi refresh` and `pulumi destroy` with `--parallel 50`.
 * The Odin simulator runs in its own process.
 *   npm run bench:resources
 *   node dist/bench/resources.js --count 500 --parallel 50 --latency 20 --groups 10 --runs 3 --also-fixed 5
 *
 * It drives the real dynamic-provider host of the installed @pulumi/pulumi
 * over gRPC (bench/providerHost.ts) with the engine's request sequences
 * (pulumi/pulumi's engine): up = Check(olds={}) one at a time (the step generator
 * is one loop), each Create as soon as its Check answered, at most `parallel`
 * Creates at once; refresh = Read(id, old outputs, old inputs) then the drift
 * Diff(refreshed outputs, old inputs), `parallel` at once; destroy =
 * Delete(id, outputs), `parallel` at once.
 *
 * Not the test engine (tests/engine): with a program of 500 TrunkGroups its
 * own work (a checkpoint of every resource written after every step, in
 * JavaScript) took 23 s of an up's 33 s on this machine at 0.4 Odin requests
 * in flight on average, so it measured the test engine, not the provider.
 *
 * Per phase: wall time, Odin requests and their number per operation, the
 * mean requests in flight at the server, and the time against the limit at
 * the setting: requests x latency / requests in flight allowed (32, the
 * adaptive ceiling, at the defaults; a fixed value's own). "host alone" is the
 * same phase at 0 ms latency: the host's and driver's own time (gRPC,
 * serialization, the handlers), which no setting can shorten; a phase can be
 * no faster than the larger of the two.
 */
import * as os from "os";
import { parseArgs } from "util";
import { ADAPTIVE_DEFAULTS } from "../provider/http/limiter";
import { providerStub } from "../provider/kit/stub";
import { mapBounded } from "../provider/capacity/pool";
import { ProviderHost, cleanEnv, serializeProvider, startProviderHost, urnOf, withProvider } from "./providerHost";
import { BENCH_LOGIN, BENCH_SP, ChildSim, ServerWindow, startChildSimulator } from "./simChild";

type Command = "up" | "refresh" | "destroy";

interface Phase {
    command: Command;
    wallMs: number;
    server: ServerWindow;
    /** create, read or delete requests to the host. */
    operations: number;
}

interface Via {
    run(sim: ChildSim, count: number, groups: number, parallel: number, config: Record<string, string>): Promise<Phase[]>;
}

const TG_TYPE = "pulumi-nodejs:dynamic/odin:TrunkGroup";

function trunkGroupArgs(i: number, groups: number): Record<string, unknown> {
    return { serviceProviderId: BENCH_SP, groupId: `G${String(i % groups).padStart(5, "0")}`, name: `TG-BENCH-${i}`, maxActiveCalls: 1 };
}

async function timed(sim: ChildSim, command: Command, fn: () => Promise<number>): Promise<Phase> {
    const since = Date.now();
    const started = process.hrtime.bigint();
    const operations = await fn();
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    return { command, wallMs, server: await sim.window(since), operations };
}

/** The real host over gRPC with the engine's request sequences. */
const driver: Via = {
    async run(sim, count, groups, parallel, config) {
        const text = await serializeProvider(providerStub("odin:TrunkGroup"));
        const host: ProviderHost = await startProviderHost({ env: cleanEnv(process.env) });
        try {
            // Configure: the whole stack config, once per command in the engine; the host keeps it.
            await host.configure(config);
            const state: Array<{ urn: string; id: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }> = [];
            const up = await timed(sim, "up", async () => {
                const creates: Array<Promise<void>> = [];
                let running = 0;
                const waiting: Array<() => void> = [];
                const slot = async () => {
                    if (running >= parallel) {
                        await new Promise<void>((r) => waiting.push(r));
                    }
                    running++;
                };
                const free = () => {
                    running--;
                    waiting.shift()?.();
                };
                for (let i = 0; i < count; i++) {
                    const urn = urnOf(TG_TYPE, `tg${i}`);
                    // The step generator: one Check at a time, in program order.
                    const checked = await host.check(urn, {}, withProvider(text, trunkGroupArgs(i, groups)));
                    if (checked.failures.length > 0) {
                        throw new Error(`check ${urn}: ${JSON.stringify(checked.failures)}`);
                    }
                    await slot();
                    creates.push(
                        host
                            .create(urn, checked.inputs)
                            .then((r) => void state.push({ urn, id: r.id, inputs: checked.inputs, outputs: r.properties }))
                            .finally(free),
                    );
                }
                await Promise.all(creates);
                return count;
            });
            const refresh = await timed(sim, "refresh", async () => {
                await mapBounded(state, parallel, async (r) => {
                    const read = await host.read(r.urn, r.id, r.outputs, r.inputs);
                    if (!read.id) {
                        throw new Error(`refresh: ${r.urn} reported gone`);
                    }
                    // The drift Diff: refreshed outputs against the old inputs.
                    const d = await host.diff(r.urn, r.id, read.properties, read.inputs ?? r.inputs);
                    if (d.changes === "some") {
                        throw new Error(`refresh: ${r.urn} drifted`);
                    }
                    r.outputs = read.properties;
                });
                return state.length;
            });
            const destroy = await timed(sim, "destroy", async () => {
                await mapBounded(state, parallel, (r) => host.delete(r.urn, r.id, r.outputs));
                return state.length;
            });
            return [up, refresh, destroy];
        } finally {
            await host.close();
        }
    },
};

async function runAll(via: Via, label: string, count: number, groups: number, parallel: number, latency: number, extra: Record<string, string>): Promise<Phase[]> {
    const sim = await startChildSimulator({ groups, trunks: 0 }, latency, "withTrunkGroups");
    try {
        const config = { "odin:baseUrl": sim.url, "odin:username": BENCH_LOGIN.username, "odin:password": BENCH_LOGIN.password, ...extra };
        const phases = await via.run(sim, count, groups, parallel, config);
        process.stderr.write(`  ${label}: done\n`);
        return phases;
    } finally {
        await sim.close();
    }
}

const median = <T>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            count: { type: "string" },
            parallel: { type: "string" },
            latency: { type: "string" },
            groups: { type: "string" },
            runs: { type: "string" },
            "also-fixed": { type: "string" },
        },
    });
    const count = Number(values.count ?? 500);
    const parallel = Number(values.parallel ?? 50);
    const latency = Number(values.latency ?? 20);
    const groups = Number(values.groups ?? 10);
    const runs = Number(values.runs ?? 3);
    const fixed = Number(values["also-fixed"] ?? 5);
    const via = driver;
    const ceiling = ADAPTIVE_DEFAULTS.max;
    console.log(`resources through the provider host: ${count} TrunkGroups (in ${groups} groups) created, refreshed, deleted, ${parallel} operations in parallel;`);
    console.log(`${latency} ms Odin latency per request; Node ${process.version}; median of ${runs} runs per row (by wall time, per phase)`);
    console.log("via: the provider-host driver (bench/providerHost.ts: the real host of @pulumi/pulumi over gRPC) with the engine's request sequences");
    console.log(`settings: defaults (only odin:baseUrl, odin:username, odin:password in stack config): adaptive concurrency, ceiling ${ceiling}; compared with odin:concurrency ${fixed}\n`);

    const rows: Array<[string, number, Phase[]]> = [];
    for (const [label, extra, allowed, lat] of [
        ["defaults (adaptive)", {}, ceiling, latency],
        [`odin:concurrency ${fixed}`, { "odin:concurrency": String(fixed) }, fixed, latency],
        ["host alone (0 ms)", {}, ceiling, 0],
    ] as Array<[string, Record<string, string>, number, number]>) {
        const all: Phase[][] = [];
        for (let i = 0; i < runs; i++) {
            all.push(await runAll(via, label, count, groups, parallel, lat, extra));
        }
        rows.push([label, allowed, [0, 1, 2].map((p) => median(all.map((r) => r[p]), (x) => x.wallMs))]);
    }
    const hostAlone = rows[rows.length - 1][2];

    console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end\n`);
    const head = ["settings", "phase", "operations", "wall time", "Odin requests", "per operation", "in flight", "limit", "vs limit", "vs max(limit, host)"];
    const widths = [22, 8, 10, 10, 13, 13, 10, 8, 8, 19];
    const line = (cells: string[]) => console.log(cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" "));
    line(head);
    for (const [label, allowed, phases] of rows) {
        phases.forEach((p, i) => {
            const limitMs = label.startsWith("host alone") ? 0 : (p.server.requests * latency) / allowed;
            line([
                label,
                p.command,
                String(p.operations),
                `${(p.wallMs / 1000).toFixed(2)} s`,
                String(p.server.requests),
                (p.server.requests / p.operations).toFixed(2),
                (p.server.busyMs / p.wallMs).toFixed(1),
                `${(limitMs / 1000).toFixed(2)} s`,
                limitMs ? `${(p.wallMs / limitMs).toFixed(2)}x` : "-",
                limitMs ? `${(p.wallMs / Math.max(limitMs, hostAlone[i].wallMs)).toFixed(2)}x` : "-",
            ]);
        });
    }
    const [defaults, fixedRow] = [rows[0][2], rows[1][2]];
    console.log(`\nspeed-up of the defaults over odin:concurrency ${fixed}: ${defaults.map((p, i) => `${p.command} ${(fixedRow[i].wallMs / p.wallMs).toFixed(1)}x`).join(", ")}`);
    console.log("\nOdin requests per phase at the defaults, by route:");
    for (const p of defaults) {
        const routes = Object.entries(p.server.byRoute)
            .sort((a, b) => b[1] - a[1])
            .map(([r, n]) => `${r} ${n}`)
            .join(", ");
        console.log(`  ${p.command}: ${routes}`);
    }
    console.log("\nOdin requests: counted at the server (a phase's login included). in flight: the mean requests in flight at the server over");
    console.log(`the phase. limit = Odin requests x latency / requests in flight allowed (${ceiling}, the adaptive ceiling; ${fixed} for the fixed row).`);
    console.log("host alone = the same phase at 0 ms latency: the host's and driver's own time (gRPC, protobuf, the SDK, HTTP in the");
    console.log("client); a phase can be no faster than the larger of the two, which vs max(limit, host) compares with.");
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
