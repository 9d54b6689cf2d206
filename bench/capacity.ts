/**
 * Capacity-report benchmark: 200 groups x 5 trunk groups, 20 ms latency per
 * request. Prints, side by side in one run, wall time and request count of
 * getTrunkingCapacity (with the one-call report endpoint, and without it) and
 * of a sequential one-request-at-a-time port of the odins_spear algorithm.
 *   npm run bench            (or: node dist/bench/capacity.js --groups 200 --trunks 5 --latency 20)
 */
import { parseArgs } from "util";
import { getTrunkingCapacity } from "../provider/capacity/function";
import { OdinClient } from "../provider/odin/client";
import { CapacityReportMode, OdinSeed, startOdinSimulator } from "../provider/simulator";
import { odinsSpearTrunkingCapacity } from "./odinsSpearBaseline";

function seed(groups: number, trunks: number): OdinSeed {
    return {
        logins: [{ username: "bench", password: "bench-Passw0rd" }],
        serviceProviders: [
            {
                serviceProviderId: "BENCH",
                isEnterprise: false,
                trunkGroupCallCapacity: { maxActiveCalls: 100_000, burstingMaxActiveCalls: 10_000 },
                groups: Array.from({ length: groups }, (_, g) => ({
                    groupId: `G${String(g).padStart(3, "0")}`,
                    groupName: `Group ${g}`,
                    trunkGroupCallCapacity: { maxActiveCalls: 500, burstingMaxActiveCalls: 50 },
                    trunkGroups: Array.from({ length: trunks }, (_, t) => ({
                        name: `TG${t}`,
                        maxActiveCalls: 10 + t,
                        // One trunk group in five bursts: those need their own GET even with the report.
                        ...(t === 0 ? { enableBursting: true, burstingMaxActiveCalls: 5 } : {}),
                    })),
                })),
            },
        ],
    } as unknown as OdinSeed;
}

interface Row {
    name: string;
    ms: number;
    requests: number;
    total: number;
}

async function measure(name: string, mode: CapacityReportMode, data: OdinSeed, latencyMs: number, fn: (c: OdinClient) => Promise<{ groupsCallCapacityTotal: number }>): Promise<Row> {
    const sim = await startOdinSimulator({ seed: data, latencyMs, capacityReport: mode });
    try {
        const client = new OdinClient({ baseUrl: sim.url, username: "bench", password: "bench-Passw0rd", maxInFlight: 64 });
        const started = process.hrtime.bigint();
        const report = await fn(client);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        return { name, ms, requests: sim.requests().length, total: report.groupsCallCapacityTotal };
    } finally {
        await sim.close();
    }
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { groups: { type: "string" }, trunks: { type: "string" }, latency: { type: "string" }, concurrency: { type: "string" } } });
    const groups = Number(values.groups ?? 200);
    const trunks = Number(values.trunks ?? 5);
    const latency = Number(values.latency ?? 20);
    const concurrency = Number(values.concurrency ?? 16);
    const data = seed(groups, trunks);
    console.log(`capacity report: ${groups} groups x ${trunks} trunk groups, ${latency} ms latency per request, concurrency ${concurrency}\n`);

    const baseline = await measure("odins_spear algorithm, sequential", "none", data, latency, (c) =>
        odinsSpearTrunkingCapacity(c, "BENCH") as Promise<{ groupsCallCapacityTotal: number }>,
    );
    const withReport = await measure("getTrunkingCapacity, report endpoint", "withTrunkGroups", data, latency, (c) =>
        getTrunkingCapacity({ serviceProviderId: "BENCH", concurrency }, { client: c }),
    );
    const perGroup = await measure("getTrunkingCapacity, per-group calls", "none", data, latency, (c) =>
        getTrunkingCapacity({ serviceProviderId: "BENCH", concurrency }, { client: c }),
    );

    const rows = [baseline, withReport, perGroup];
    console.log(`${"implementation".padEnd(40)} ${"wall time".padStart(10)} ${"requests".padStart(9)} ${"speed-up".padStart(9)}`);
    for (const r of rows) {
        console.log(`${r.name.padEnd(40)} ${`${(r.ms / 1000).toFixed(2)} s`.padStart(10)} ${String(r.requests).padStart(9)} ${`${(baseline.ms / r.ms).toFixed(1)}x`.padStart(9)}`);
    }
    for (const r of rows.slice(1)) {
        if (r.total !== baseline.total) {
            throw new Error(`${r.name}: groups total ${r.total} differs from the baseline's ${baseline.total}`);
        }
        // Without the report endpoint the one probe that finds it missing is the only extra request.
        const allowed = baseline.requests + (r === perGroup ? 1 : 0);
        if (r.requests > allowed) {
            throw new Error(`${r.name}: ${r.requests} requests, more than the baseline's ${baseline.requests}`);
        }
    }
    console.log("\n(requests include the login; without the report endpoint, one probe request finds it missing;");
    console.log(" all three reports agree on the groups' call capacity total)");
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
