/**
 * Capacity-report benchmark at the settings a user gets: 200 groups x 5 trunk
 * groups, 20 ms latency per request. Prints, side by side in one run:
 *   1. the sequential odins_spear algorithm;
 *   2. getTrunkingCapacity at the defaults, on both server variants (with the
 *      one-call report endpoint, and without it), each against its limit:
 *      requests x latency / the mean requests in flight the adaptive limiter
 *      actually had (and the same against the mean limit it allowed, and
 *      against its ceiling);
 *   3. a throttling server (the simulator's throttling mode: 429 with
 *      Retry-After 1 above N requests in flight), the adaptive default next to
 *      a fixed 5 (the old default).
 *   npm run bench:capacity
 *   node dist/bench/capacity.js --groups 200 --trunks 5 --latency 20 --runs 5 --throttle-cap 10 [--also-fixed 16]
 *
 * The client is built from the settings code a program and trunking-capacity
 * run (resolveOdinSettings with only the connection in ODIN_*, so concurrency
 * is the default), and handed to getTrunkingCapacity, so the benchmark can
 * read its transport's limiter before and after. The simulator runs in its
 * own process, as a real server would.
 */
import * as os from "os";
import { parseArgs } from "util";
import { getTrunkingCapacity } from "../provider/capacity/function";
import type { LimiterStats } from "../provider/http/limiter";
import { OdinClient } from "../provider/odin/client";
import { resolveOdinSettings } from "../provider/odin/config";
import type { CapacityReportMode, ThrottleOptions } from "../provider/simulator";
import { odinsSpearTrunkingCapacity } from "./odinsSpearBaseline";
import { BENCH_LOGIN as LOGIN, BENCH_SP, SeedShape, ServerCounts, startChildSimulator } from "./simChild";

interface Run {
    ms: number;
    server: ServerCounts;
    /** Mean requests in flight in the client's limiter over the run, and the mean limit it allowed; 1 for the sequential baseline. */
    meanInFlight: number;
    meanLimit: number;
    peakInFlight: number;
    maxLimit: number;
    total: number;
}

interface Row extends Run {
    name: string;
    serverLabel: string;
    runs: number;
}

const SERVER_LABEL: Record<CapacityReportMode, string> = { none: "without report endpoint", groupsOnly: "report without rows", withTrunkGroups: "with report endpoint" };

/** The client a program or the CLI builds from ODIN_* (connection only, unless `env` adds a setting). */
function clientAsAUser(url: string, env: Record<string, string> = {}): { client: OdinClient; concurrency: unknown } {
    const settings = resolveOdinSettings(undefined, { ODIN_BASE_URL: url, ODIN_USERNAME: LOGIN.username, ODIN_PASSWORD: LOGIN.password, ...env });
    const { warnings: _w, sources: _s, ...clientSettings } = settings;
    return { client: new OdinClient({ ...clientSettings }), concurrency: settings.concurrency };
}

/** The median (by wall time) of `runs` runs, each on a fresh server, so each pays its own login and probe as a new program does. */
async function measure(
    name: string,
    mode: CapacityReportMode,
    shape: SeedShape,
    latencyMs: number,
    runs: number,
    fn: (url: string) => Promise<Omit<Run, "server" | "ms">>,
    throttle?: ThrottleOptions,
): Promise<Row> {
    const all: Run[] = [];
    for (let i = 0; i < runs; i++) {
        const sim = await startChildSimulator(shape, latencyMs, mode, throttle);
        try {
            const started = process.hrtime.bigint();
            const r = await fn(sim.url);
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            all.push({ ...r, ms, server: await sim.counts() });
        } finally {
            await sim.close();
        }
    }
    all.sort((a, b) => a.ms - b.ms);
    return { ...all[Math.floor(all.length / 2)], name, serverLabel: SERVER_LABEL[mode], runs };
}

/** getTrunkingCapacity with the client a user's settings build; reads the limiter before and after. */
async function report(url: string, env: Record<string, string> = {}): Promise<Omit<Run, "server" | "ms">> {
    const { client } = clientAsAUser(url, env);
    const before: LimiterStats = client.transport.concurrency.stats();
    const started = Date.now();
    const r = await getTrunkingCapacity({ serviceProviderId: BENCH_SP }, { client });
    const windowMs = Math.max(1, Date.now() - started);
    const after = client.transport.concurrency.stats();
    return {
        meanInFlight: (after.inFlightMs - before.inFlightMs) / windowMs,
        meanLimit: (after.limitMs - before.limitMs) / windowMs,
        peakInFlight: after.peakInFlight,
        maxLimit: after.max,
        total: r.groupsCallCapacityTotal,
    };
}

const f2 = (n: number) => n.toFixed(2);

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            groups: { type: "string" },
            trunks: { type: "string" },
            latency: { type: "string" },
            runs: { type: "string" },
            "throttle-cap": { type: "string" },
            "also-fixed": { type: "string" },
            "skip-baseline": { type: "boolean" },
        },
    });
    const runs = Number(values.runs ?? 5);
    const groups = Number(values.groups ?? 200);
    const trunks = Number(values.trunks ?? 5);
    const latency = Number(values.latency ?? 20);
    const cap = Number(values["throttle-cap"] ?? 10);
    const fixed = values["also-fixed"] === undefined ? undefined : Number(values["also-fixed"]);
    for (const k of Object.keys(process.env).filter((k) => k.startsWith("ODIN_"))) {
        delete process.env[k]; // nothing from the caller's shell may change "the defaults"
    }
    const data: SeedShape = { groups, trunks };
    const defaults = clientAsAUser("http://127.0.0.1:1/api/v2").concurrency;
    console.log(`capacity report: ${groups} groups x ${trunks} trunk groups (1 in ${trunks} bursting), ${latency} ms latency per request, Node ${process.version}`);
    console.log(`settings: defaults (only the connection in ODIN_*) -> transport concurrency ${JSON.stringify(defaults)} (adaptive: starts at 5)`);
    console.log(`runs: the median of ${runs} for each getTrunkingCapacity row, each on a fresh simulator in its own process; the sequential baseline once\n`);

    const rows: Row[] = [];
    if (!values["skip-baseline"]) {
        rows.push(
            await measure("odins_spear algorithm, sequential", "none", data, latency, 1, async (url) => {
                const r = (await odinsSpearTrunkingCapacity(new OdinClient({ baseUrl: url, ...LOGIN }), BENCH_SP)) as { groupsCallCapacityTotal: number };
                return { meanInFlight: 1, meanLimit: 1, peakInFlight: 1, maxLimit: 1, total: r.groupsCallCapacityTotal };
            }),
        );
    }
    for (const mode of ["withTrunkGroups", "none"] as const) {
        rows.push(await measure("getTrunkingCapacity, defaults", mode, data, latency, runs, (url) => report(url)));
    }
    if (fixed !== undefined) {
        for (const mode of ["withTrunkGroups", "none"] as const) {
            rows.push(await measure(`getTrunkingCapacity, concurrency ${fixed}`, mode, data, latency, runs, (url) => report(url, { ODIN_CONCURRENCY: String(fixed) })));
        }
    }
    const throttle: ThrottleOptions = { maxInFlight: cap };
    const throttled = [
        await measure("getTrunkingCapacity, defaults", "none", data, latency, runs, (url) => report(url), throttle),
        await measure("getTrunkingCapacity, concurrency 5", "none", data, latency, runs, (url) => report(url, { ODIN_CONCURRENCY: "5" }), throttle),
    ];

    const baseline = rows.find((r) => r.name.startsWith("odins_spear"));
    console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end of the runs\n`);
    // The round trip this machine gave the sequential baseline (latency plus both sides' work under whatever else runs).
    const rtt = baseline ? baseline.ms / baseline.server.requests : undefined;
    const head = ["implementation", "server", "wall time", "requests", "429s", "in flight", "mean limit", "peak", "limit", "vs limit", "vs RTT lim", "vs allowed", "vs ceiling", "speed-up"];
    const widths = [36, 24, 9, 8, 5, 9, 10, 5, 8, 8, 10, 10, 10, 8];
    const line = (cells: string[]) => console.log(cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" "));
    const print = (r: Row) => {
        const work = r.server.requests * latency;
        line([
            r.name,
            r.serverLabel,
            `${f2(r.ms / 1000)} s`,
            String(r.server.requests),
            String(r.server.throttled),
            f2(r.meanInFlight),
            f2(r.meanLimit),
            String(r.peakInFlight),
            `${f2(work / r.meanInFlight / 1000)} s`,
            `${f2(r.ms / (work / r.meanInFlight))}x`,
            rtt ? `${f2(r.ms / ((r.server.requests * rtt) / r.meanInFlight))}x` : "-",
            `${f2(r.ms / (work / r.meanLimit))}x`,
            `${f2(r.ms / (work / r.maxLimit))}x`,
            baseline ? `${(baseline.ms / r.ms).toFixed(1)}x` : "-",
        ]);
    };
    line(head);
    rows.forEach(print);
    const served = throttled[1].server.requests - throttled[1].server.throttled;
    console.log(`\nthrottling server: 429 (Retry-After 1) above ${cap} requests in flight; its limit: ${served} answered x ${latency} ms / ${cap} = ${f2((served * latency) / cap / 1000)} s`);
    line(head);
    throttled.forEach(print);

    for (const r of [...rows, ...throttled]) {
        if (baseline && r.total !== baseline.total) {
            throw new Error(`${r.name} (${r.serverLabel}): groups total ${r.total} differs from the baseline's ${baseline.total}`);
        }
    }
    const defaultsRows = rows.filter((r) => r.name === "getTrunkingCapacity, defaults");
    const vsLimit = (r: Row) => r.ms / ((r.server.requests * latency) / r.meanInFlight);
    const checks: Array<[string, boolean]> = [
        ...(baseline ? defaultsRows.map((r): [string, boolean] => [`defaults, ${r.serverLabel}: >= 10x the odins_spear algorithm (${(baseline.ms / r.ms).toFixed(1)}x)`, baseline.ms / r.ms >= 10]) : []),
        ...defaultsRows.map((r): [string, boolean] => [`defaults, ${r.serverLabel}: within 1.25x of its limit (${f2(vsLimit(r))}x)`, vsLimit(r) <= 1.25]),
        [`throttling server: the adaptive default got a few 429s, at most 10 (${throttled[0].server.throttled})`, throttled[0].server.throttled <= 10],
        [`throttling server: the adaptive default beat a fixed 5 (${f2(throttled[0].ms / 1000)} s vs ${f2(throttled[1].ms / 1000)} s)`, throttled[0].ms < throttled[1].ms],
    ];
    console.log("\nrequests and 429s: counted at the server (login included; a 429 is a request). in flight: the mean requests in flight in the");
    console.log("client's limiter over the run (the login's own transport aside); mean limit: the mean of the limit it allowed; peak: its most in flight.");
    console.log("limit = requests x latency / mean in flight (the target's limit). vs RTT lim: the same with the round trip the sequential");
    console.log(`baseline measured in this run (${rtt ? `${rtt.toFixed(1)} ms` : "not run"}) instead of the latency. vs allowed: with the mean limit, so time the`);
    console.log("allowance went unused (sequential round trips, the ramp of the worker pool) counts; vs ceiling: with the adaptive maximum,");
    console.log("so the slow start from 5 counts too. All reports agree on the groups' call capacity total.");
    console.log("\ntargets (issue 16)");
    for (const [what, ok] of checks) {
        console.log(`  ${ok ? "met   " : "MISSED"} ${what}`);
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
