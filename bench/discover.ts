/**
 * Discovery benchmark: how long `trunking-discover odin` takes to read a
 * service provider's trunk groups and render the program that adopts them,
 * and how many requests it sends, against the Odin simulator with a fixed
 * latency per request; once on a server with the one-call capacity report
 * and once on one without it (per-group calls). The client is the one the
 * command builds from ODIN_* with only the connection set: the default,
 * adaptive concurrency (`--concurrency N` here is the command's fixed N).
 *   npm run bench:discover   (or: node dist/bench/discover.js --trunk-groups 2000 --latency 20 [--concurrency N])
 */
import { parseArgs } from "util";
import { discoverOdin, renderProject } from "../provider/discover";
import { OdinClient } from "../provider/odin/client";
import { resolveOdinSettings } from "../provider/odin/config";
import { CapacityReportMode, startOdinSimulator } from "../provider/simulator";
import { VARIED_LOGIN, VARIED_SP, variedOdinSeed } from "./seeds/variedTrunking";

interface Row {
    server: string;
    ms: number;
    requests: number;
    profiles: number;
    resources: number;
    programKb: number;
    meanInFlight: number;
    max: number;
}

async function measure(server: string, mode: CapacityReportMode, count: number, latencyMs: number, concurrency: string | undefined): Promise<Row> {
    const sim = await startOdinSimulator({ seed: variedOdinSeed(count), latencyMs, capacityReport: mode });
    try {
        const { warnings: _w, sources: _s, ...settings } = resolveOdinSettings(undefined, {
            ODIN_BASE_URL: sim.url,
            ODIN_USERNAME: VARIED_LOGIN.username,
            ODIN_PASSWORD: VARIED_LOGIN.password,
            ...(concurrency ? { ODIN_CONCURRENCY: concurrency } : {}),
        });
        const client = new OdinClient(settings);
        const started = process.hrtime.bigint();
        const d = await discoverOdin(client, { serviceProviderId: VARIED_SP, baseUrl: sim.url, username: VARIED_LOGIN.username, command: "bench" });
        const files = renderProject(d, { pulumiTrunking: "^0", pulumi: "^3", typescript: "~5", nodeTypes: "^20" });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const stats = client.transport.concurrency.stats();
        const log = sim.requests();
        return {
            server,
            ms,
            requests: log.length,
            profiles: log.filter((r) => r.path === "/groups/trunk-groups" && r.query.name !== undefined).length,
            resources: d.resources.length,
            programKb: Buffer.byteLength(files["index.ts"]) / 1024,
            meanInFlight: stats.inFlightMs / ms,
            max: stats.max,
        };
    } finally {
        await sim.close();
    }
}

async function main(): Promise<void> {
    const { values } = parseArgs({ options: { "trunk-groups": { type: "string" }, latency: { type: "string" }, concurrency: { type: "string" } } });
    const count = Number(values["trunk-groups"] ?? 2000);
    const latency = Number(values.latency ?? 20);
    const concurrency = values.concurrency;
    const used = resolveOdinSettings(undefined, { ODIN_BASE_URL: "http://127.0.0.1:1/api/v2", ODIN_USERNAME: "u", ODIN_PASSWORD: "p", ...(concurrency ? { ODIN_CONCURRENCY: concurrency } : {}) }).concurrency;
    console.log(
        `trunking-discover odin: ${count} trunk groups (varied fields, 25 per group, ${Math.ceil(count / 25)} groups + 2 without trunk groups), ` +
            `${latency} ms latency per request, Node ${process.version}\n` +
            `settings: ${concurrency ? `--concurrency ${concurrency}` : "defaults (only the connection in ODIN_*)"} -> transport concurrency ${JSON.stringify(used)}\n`,
    );
    const rows = [
        await measure("one-call capacity report (withTrunkGroups)", "withTrunkGroups", count, latency, concurrency),
        await measure("no report endpoint (per-group calls)", "none", count, latency, concurrency),
    ];
    console.log(
        `${"server".padEnd(44)} ${"wall time".padStart(10)} ${"requests".padStart(9)} ${"profile GETs".padStart(13)} ${"declared".padStart(9)} ${"index.ts".padStart(9)} ` +
            `${"in flight".padStart(10)} ${"limit".padStart(8)} ${"vs limit".padStart(9)}`,
    );
    for (const r of rows) {
        const limitMs = (r.requests * latency) / r.max;
        console.log(
            `${r.server.padEnd(44)} ${`${(r.ms / 1000).toFixed(2)} s`.padStart(10)} ${String(r.requests).padStart(9)} ${String(r.profiles).padStart(13)} ` +
                `${String(r.resources).padStart(9)} ${`${r.programKb.toFixed(0)} KB`.padStart(9)} ${`${r.meanInFlight.toFixed(1)}/${r.max}`.padStart(10)} ` +
                `${`${(limitMs / 1000).toFixed(2)} s`.padStart(8)} ${`${(r.ms / limitMs).toFixed(2)}x`.padStart(9)}`,
        );
    }
    console.log(
        "\n(Requests include the login. Each trunk group's profile is read exactly once. in flight: the mean requests in flight in the" +
            "\nclient's limiter / its most allowed; limit = requests x latency / the most allowed; the wall time includes rendering index.ts.)",
    );
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
