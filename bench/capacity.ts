/**
 * Capacity-report benchmark at the settings a user gets: 200 groups x 5 trunk
 * groups, 20 ms latency per request. Prints, side by side in one run, the wall
 * time and request count of the sequential odins_spear algorithm and of
 * getTrunkingCapacity on both server variants (with the one-call report
 * endpoint, and without it), each against its limit: requests x latency /
 * requests in flight.
 *   npm run bench:capacity   (or: node dist/bench/capacity.js --groups 200 --trunks 5 --latency 20 --runs 3 [--also-fixed 16])
 *
 * getTrunkingCapacity is called as a program calls it, with no client and no
 * concurrency argument: its settings come from the ODIN_* variables this
 * script sets (connection only), so the concurrency is the default. The
 * simulator runs in its own process, as a real server would.
 * `--also-fixed N` adds rows with a fixed concurrency of N for comparison.
 */
import { parseArgs } from "util";
import { getTrunkingCapacity } from "../provider/capacity/function";
import { OdinClient } from "../provider/odin/client";
import { resolveOdinSettings } from "../provider/odin/config";
import type { CapacityReportMode } from "../provider/simulator";
import { odinsSpearTrunkingCapacity } from "./odinsSpearBaseline";
import { BENCH_LOGIN as LOGIN, SeedShape, startChildSimulator } from "./simChild";

interface Row {
    name: string;
    server: string;
    ms: number;
    requests: number;
    inFlight: number | undefined;
    total: number;
    runs: number;
}

/** The median of `runs` runs, each on a fresh server (so each pays its own login and probe, as a new program does). */
async function measure(
    name: string,
    mode: CapacityReportMode,
    shape: SeedShape,
    latencyMs: number,
    inFlight: number | undefined,
    runs: number,
    fn: (url: string) => Promise<{ groupsCallCapacityTotal: number }>,
): Promise<Row> {
    const all: Row[] = [];
    for (let i = 0; i < runs; i++) {
        const sim = await startChildSimulator(shape, latencyMs, mode);
        try {
            const started = process.hrtime.bigint();
            const report = await fn(sim.url);
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            const server = mode === "none" ? "without report endpoint" : mode === "groupsOnly" ? "report without rows" : "with report endpoint";
            all.push({ name, server, ms, requests: await sim.requests(), inFlight, total: report.groupsCallCapacityTotal, runs });
        } finally {
            await sim.close();
        }
    }
    all.sort((a, b) => a.ms - b.ms);
    return all[Math.floor(all.length / 2)];
}

/** getTrunkingCapacity as a program calls it: settings from the environment, nothing else. */
async function asAUser(url: string, concurrency?: number) {
    Object.assign(process.env, { ODIN_BASE_URL: url, ODIN_USERNAME: LOGIN.username, ODIN_PASSWORD: LOGIN.password });
    try {
        return await getTrunkingCapacity({ serviceProviderId: "BENCH", ...(concurrency ? { concurrency } : {}) });
    } finally {
        for (const k of ["ODIN_BASE_URL", "ODIN_USERNAME", "ODIN_PASSWORD"]) {
            delete process.env[k];
        }
    }
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: { groups: { type: "string" }, trunks: { type: "string" }, latency: { type: "string" }, runs: { type: "string" }, "also-fixed": { type: "string" } },
    });
    const runs = Number(values.runs ?? 3);
    const groups = Number(values.groups ?? 200);
    const trunks = Number(values.trunks ?? 5);
    const latency = Number(values.latency ?? 20);
    const fixed = values["also-fixed"] === undefined ? undefined : Number(values["also-fixed"]);
    for (const k of Object.keys(process.env).filter((k) => k.startsWith("ODIN_"))) {
        delete process.env[k]; // nothing from the caller's shell may change "the defaults"
    }
    // What the defaults give today, read through the same settings code a user's program runs.
    const defaults = resolveOdinSettings(undefined, { ODIN_BASE_URL: "http://127.0.0.1/api/v2", ODIN_USERNAME: "u", ODIN_PASSWORD: "p" });
    const defaultInFlight = defaults.maxInFlight!;
    const data: SeedShape = { groups, trunks };
    console.log(`capacity report: ${groups} groups x ${trunks} trunk groups (1 in ${trunks} bursting), ${latency} ms latency per request`);
    console.log(
        `settings: defaults (no odin:* / ODIN_* concurrency set) -> concurrency ${JSON.stringify(defaults.concurrency)}, ` +
            `${defaultInFlight} requests in flight with the transport as it is today (fixed cap; adaptive not yet in the transport)\n`,
    );

    const rows: Row[] = [];
    rows.push(
        await measure("odins_spear algorithm, sequential", "none", data, latency, 1, 1, (url) =>
            odinsSpearTrunkingCapacity(new OdinClient({ baseUrl: url, ...LOGIN }), "BENCH") as Promise<{ groupsCallCapacityTotal: number }>,
        ),
    );
    for (const mode of ["withTrunkGroups", "none"] as const) {
        rows.push(await measure("getTrunkingCapacity, defaults", mode, data, latency, defaultInFlight, runs, (url) => asAUser(url)));
    }
    if (fixed !== undefined) {
        for (const mode of ["withTrunkGroups", "none"] as const) {
            rows.push(await measure(`getTrunkingCapacity, concurrency ${fixed}`, mode, data, latency, fixed, runs, (url) => asAUser(url, fixed)));
        }
    }

    const baseline = rows[0];
    // The sequential baseline's time per request is the round trip this machine actually gives
    // (latency plus both sides' work, under whatever else is running): a second, load-independent limit.
    const rtt = baseline.ms / baseline.requests;
    const head = ["implementation", "server", "runs", "wall time", "requests", "in flight", "limit", "vs limit", "vs RTT lim", "speed-up"];
    const widths = [36, 24, 4, 10, 9, 9, 9, 9, 10, 9];
    const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" ");
    console.log(`machine: ${require("os").cpus().length} cores, load average ${require("os").loadavg()[0].toFixed(1)} at the end of the runs\n`);
    console.log(line(head));
    for (const r of rows) {
        const limitMs = r.inFlight ? (r.requests * latency) / r.inFlight : NaN;
        console.log(
            line([
                r.name,
                r.server,
                String(r.runs),
                `${(r.ms / 1000).toFixed(2)} s`,
                String(r.requests),
                String(r.inFlight ?? "?"),
                `${(limitMs / 1000).toFixed(2)} s`,
                `${(r.ms / limitMs).toFixed(2)}x`,
                r.inFlight ? `${(r.ms / ((r.requests * rtt) / r.inFlight)).toFixed(2)}x` : "?",
                `${(baseline.ms / r.ms).toFixed(1)}x`,
            ]),
        );
    }
    for (const r of rows.slice(1)) {
        if (r.total !== baseline.total) {
            throw new Error(`${r.name} (${r.server}): groups total ${r.total} differs from the baseline's ${baseline.total}`);
        }
    }
    console.log("\nwall time: the median of the runs, each on a fresh simulator in its own process.");
    console.log("limit = requests x latency / requests in flight (requests counted at the server, login included).");
    console.log(`RTT lim = the same with the round trip measured by the sequential baseline (${rtt.toFixed(1)} ms) instead of the latency.`);
    console.log("Targets (issue 16): speed-up >= 10x on both servers, each within 1.25x of its limit, at the defaults.");
    console.log("All reports agree on the groups' call capacity total. The odins_spear algorithm never uses the report");
    console.log("endpoint, so it is measured once, on the server without it.");
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
