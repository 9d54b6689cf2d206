/**
 * Scale benchmark: the capacity report of 20, 200, 2000 and 16000 groups
 * (5 trunk groups each, one bursting) at default settings, on both server
 * variants. For each size it prints the wall time and the wall time per
 * group, the client's memory growth (peak RSS of a fresh client process minus
 * its RSS once loaded), and the CPU time of the report's own code, measured
 * separately against an in-memory client (no network, no HTTP library).
 *   npm run bench:scale   (or: node dist/bench/scale.js --sizes 20,200,2000,16000 --latency 5 --variant both --runs 3)
 * Every size but the largest is run `--runs` times (the median is printed); the largest once.
 * Each client process then runs the same report `--warm` more times (default
 * 2, each with a new client) and the last of them is printed as "warm": the
 * first report of a process (what one `pulumi up` or CLI run gets) pays for
 * V8 compiling the HTTP path, which a larger report spreads over more groups.
 *
 * Targets (issue 16): wall time per group constant within 20% from 2000 to
 * 16000 groups; client memory growth under 200 MB at 16000.
 */
import { fork } from "child_process";
import * as os from "os";
import { parseArgs } from "util";
import type { OdinClient } from "../provider/odin/client";
import type { CallCapacityReport, GroupCallCapacity, TrunkGroupProfile } from "../provider/odin/types";
import type { CapacityReportMode } from "../provider/simulator";
import { BENCH_LOGIN, BENCH_SP, SeedShape, startChildSimulator } from "./simChild";

const TRUNKS = 5;

interface ClientResult {
    wallMs: number;
    rssLoadedMb: number;
    peakRssMb: number;
    groups: number;
    /** CPU time of the whole client process during the report (HTTP included). */
    cpuMs: number;
    /** Mean requests in flight in the client's limiter, and its most. */
    meanInFlight: number;
    peakInFlight: number;
    /** The last of the extra reports in the same process, when asked for. */
    warmWallMs?: number;
}

/** One report in a fresh process, so its peak RSS is this report's and nothing else's. */
function runClient(url: string, warm: number): Promise<ClientResult> {
    return new Promise((resolve, reject) => {
        const child = fork(__filename, ["--client", url, String(warm)], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
        child.once("message", (m) => resolve(m as ClientResult));
        child.once("exit", (code) => (code === 0 ? undefined : reject(new Error(`client process exited (${code})`))));
    });
}

async function clientMain(url: string, warm: number): Promise<void> {
    const { getTrunkingCapacity } = require("../provider/capacity/function") as typeof import("../provider/capacity/function");
    const { OdinClient } = require("../provider/odin/client") as typeof import("../provider/odin/client");
    const { resolveOdinSettings } = require("../provider/odin/config") as typeof import("../provider/odin/config");
    // The client a program or trunking-capacity builds from ODIN_* with only the connection set: default concurrency.
    const { warnings: _w, sources: _s, ...settings } = resolveOdinSettings(undefined, {
        ODIN_BASE_URL: url,
        ODIN_USERNAME: BENCH_LOGIN.username,
        ODIN_PASSWORD: BENCH_LOGIN.password,
    });
    const client = new OdinClient({ ...settings });
    const rssLoaded = process.memoryUsage().rss;
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    const report = await getTrunkingCapacity({ serviceProviderId: BENCH_SP }, { client });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const used = process.cpuUsage(cpu);
    const stats = client.transport.concurrency.stats();
    const result: ClientResult = {
        wallMs,
        rssLoadedMb: rssLoaded / 2 ** 20,
        peakRssMb: (process.resourceUsage().maxRSS * 1024) / 2 ** 20,
        groups: report.groups.length,
        cpuMs: (used.user + used.system) / 1000,
        meanInFlight: stats.inFlightMs / wallMs,
        peakInFlight: stats.peakInFlight,
    };
    for (let i = 0; i < warm; i++) {
        const again = new OdinClient({ ...settings });
        const t = process.hrtime.bigint();
        await getTrunkingCapacity({ serviceProviderId: BENCH_SP }, { client: again });
        result.warmWallMs = Number(process.hrtime.bigint() - t) / 1e6;
    }
    process.send!(result, () => process.exit(0));
}

/**
 * The same report against a client that answers from memory: what is left is
 * the report's own code (grouping, worker pool, bursting rules, arithmetic).
 */
async function ownCodeCpuMs(groups: number, mode: CapacityReportMode): Promise<number> {
    const { fetchCapacity } = require("../provider/capacity/fetch") as typeof import("../provider/capacity/fetch");
    const { buildTrunkingCapacityReport } = require("../provider/capacity/report") as typeof import("../provider/capacity/report");
    const { reportWorkers } = require("../provider/capacity/run") as typeof import("../provider/capacity/run");
    const { ADAPTIVE_DEFAULTS } = require("../provider/http/limiter") as typeof import("../provider/http/limiter");
    const ids = Array.from({ length: groups }, (_, g) => `G${g}`);
    const cap: GroupCallCapacity = { maxActiveCalls: 500, maxAvailableActiveCalls: -1, burstingMaxActiveCalls: 50, burstingMaxAvailableActiveCalls: -1 };
    const profile = (groupId: string, name: string): TrunkGroupProfile =>
        ({ serviceProviderId: BENCH_SP, groupId, name, maxActiveCalls: 10, enableBursting: name === "TG0", ...(name === "TG0" ? { burstingMaxActiveCalls: 5 } : {}) }) as TrunkGroupProfile;
    const report: CallCapacityReport = {
        serviceProviderId: BENCH_SP,
        serviceProviderTrunkCapacity: { maxActiveCalls: -1, burstingMaxActiveCalls: -1 },
        groups: ids.map((groupId) => ({ groupId, groupName: groupId, service: { serviceName: "Trunk Group", assigned: true }, groupTrunkCapacity: cap })),
        groupTrunkGroupDetails: ids.flatMap((groupId) =>
            Array.from({ length: TRUNKS }, (_, t) => ({ groupId, name: `TG${t}`, maxActiveCalls: 10, enableBursting: t === 0 })),
        ),
    };
    const list = Array.from({ length: TRUNKS }, (_, t) => ({ name: `TG${t}`, groupId: "", serviceProviderId: BENCH_SP }));
    const client = {
        getCallCapacityReport: async () => (mode === "none" ? undefined : report),
        getServiceProviderCallCapacity: async () => report.serviceProviderTrunkCapacity,
        listGroups: async () => ids.map((groupId) => ({ groupId, groupName: groupId, serviceProviderId: BENCH_SP })),
        getGroupCallCapacity: async () => cap,
        listTrunkGroups: async () => list,
        getTrunkGroup: async (k: { groupId: string; name: string }) => profile(k.groupId, k.name),
    } as unknown as OdinClient;
    const before = process.cpuUsage();
    // The worker pool the default settings give (sized from the adaptive ceiling).
    const built = buildTrunkingCapacityReport(await fetchCapacity(client, BENCH_SP, { workers: reportWorkers(ADAPTIVE_DEFAULTS.max) }));
    const cpu = process.cpuUsage(before);
    if (built.groups.length !== groups || built.groupsCallCapacityTotal !== groups * 500) {
        throw new Error("in-memory report is wrong");
    }
    return (cpu.user + cpu.system) / 1000;
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { sizes: { type: "string" }, latency: { type: "string" }, variant: { type: "string" }, runs: { type: "string" }, warm: { type: "string" } } });
    // Small sizes are quick and noisy on a shared machine: their median of `runs`; the largest size once.
    const runs = Number(values.runs ?? 3);
    const warm = Number(values.warm ?? 2);
    const sizes = (values.sizes ?? "20,200,2000,16000").split(",").map(Number);
    const latency = Number(values.latency ?? 5);
    const variant = values.variant ?? "both";
    if (!["report", "per-group", "both"].includes(variant)) {
        throw new Error("--variant must be report, per-group or both");
    }
    const modes: Array<[CapacityReportMode, string]> = [];
    if (variant !== "per-group") {
        modes.push(["withTrunkGroups", "with report endpoint"]);
    }
    if (variant !== "report") {
        modes.push(["none", "without report endpoint"]);
    }
    const { resolveOdinSettings } = require("../provider/odin/config") as typeof import("../provider/odin/config");
    const defaults = resolveOdinSettings(undefined, { ODIN_BASE_URL: "http://127.0.0.1:1/api/v2", ODIN_USERNAME: "u", ODIN_PASSWORD: "p" }).concurrency;
    console.log(`scale: ${sizes.join(", ")} groups x ${TRUNKS} trunk groups (1 bursting), ${latency} ms latency per request, Node ${process.version}`);
    console.log(`settings: defaults (only the connection in ODIN_*) -> transport concurrency ${JSON.stringify(defaults)} (adaptive: starts at 5)`);
    console.log(`each report in a fresh client process, then ${warm} more in the same process ("warm": the last of them); the simulator in another process; machine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the start\n`);
    const head = ["server", "groups", "runs", "requests", "wall time", "ms/group", "in flight", "client CPU", "RSS loaded", "RSS growth", "own code CPU", "warm ms/group"];
    const widths = [24, 7, 4, 9, 10, 9, 10, 11, 11, 11, 13, 14];
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" ");
    console.log(line(head));
    const perGroup: Record<string, Record<number, number>> = {};
    const warmPerGroup: Record<string, Record<number, number>> = {};
    for (const [mode, label] of modes) {
        perGroup[label] = {};
        warmPerGroup[label] = {};
        for (const groups of sizes) {
            const shape: SeedShape = { groups, trunks: TRUNKS };
            const n = groups < Math.max(...sizes) ? runs : 1;
            const all: Array<{ r: ClientResult; requests: number }> = [];
            for (let i = 0; i < n; i++) {
                const sim = await startChildSimulator(shape, latency, mode);
                try {
                    const r = await runClient(sim.url, warm);
                    // Every report of the process sends the same requests; the server counted them all.
                    all.push({ r, requests: (await sim.requests()) / (1 + warm) });
                } finally {
                    await sim.close();
                }
            }
            all.sort((x, y) => x.r.wallMs - y.r.wallMs);
            const { r, requests } = all[Math.floor(all.length / 2)];
            const cpuMs = await ownCodeCpuMs(groups, mode);
            perGroup[label][groups] = r.wallMs / groups;
            if (r.warmWallMs !== undefined) {
                warmPerGroup[label][groups] = r.warmWallMs / groups;
            }
            console.log(
                line([
                    label,
                    String(groups),
                    String(n),
                    String(requests),
                    `${(r.wallMs / 1000).toFixed(2)} s`,
                    (r.wallMs / groups).toFixed(2),
                    `${r.meanInFlight.toFixed(1)}/${r.peakInFlight}`,
                    `${(r.cpuMs / 1000).toFixed(2)} s`,
                    `${r.rssLoadedMb.toFixed(0)} MB`,
                    `${(r.peakRssMb - r.rssLoadedMb).toFixed(0)} MB`,
                    `${cpuMs.toFixed(0)} ms`,
                    r.warmWallMs === undefined ? "-" : (r.warmWallMs / groups).toFixed(2),
                ]),
            );
        }
    }
    const [a, b] = [2000, 16000];
    for (const [label, m] of Object.entries(perGroup)) {
        if (m[a] !== undefined && m[b] !== undefined) {
            console.log(`\n${label}: wall time per group at ${b} / at ${a} groups = ${(m[b] / m[a]).toFixed(2)} (target: within 0.80-1.20)`);
        }
        const w = warmPerGroup[label];
        if (w[a] !== undefined && w[b] !== undefined) {
            console.log(`${label}, warm: wall time per group at ${b} / at ${a} groups = ${(w[b] / w[a]).toFixed(2)}`);
        }
    }
    console.log(`\nmachine load average ${os.loadavg()[0].toFixed(1)} at the end.`);
    console.log("in flight = mean / most requests in flight in the client's adaptive limiter over the report. client CPU = the client");
    console.log("process's CPU time during the report (HTTP included). RSS growth = peak RSS of the client process during the report minus");
    console.log("its RSS once its modules were loaded. own code CPU = fetch + build against an in-memory client (no network, no HTTP");
    console.log("library), same sizes, with the worker pool the defaults give.");
}

if (process.argv[2] === "--client") {
    clientMain(process.argv[3], Number(process.argv[4] ?? 0)).catch((e) => {
        console.error(e);
        process.exit(1);
    });
} else {
    main().catch((e) => {
        console.error(e);
        process.exit(1);
    });
}
