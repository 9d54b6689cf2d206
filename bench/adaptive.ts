/**
 * Adaptive concurrency against servers of known capacity, side by side with a
 * fixed cap of 5 (the old default), in one run:
 *   1. a server that answers 429 (Retry-After: 1) above N requests in flight;
 *   2. a server that answers 429 above M requests per second;
 *   3. an unthrottled server, to show the adaptive limit rising to its maximum.
 * Every server adds a fixed latency and binds 127.0.0.1. Each run is bounded
 * by its request count and a wall-time limit.
 *
 *   npm run bench:adaptive
 *   node dist/bench/adaptive.js --requests 1000 --latency 20 --cap 10 --rate 300 --max 32
 */
import * as http from "http";
import type { AddressInfo } from "net";
import { parseArgs } from "util";
import type { ConcurrencyOptions } from "../provider/http/limiter";
import { HttpTransport } from "../provider/http/transport";

interface ServerLoad {
    url: string;
    served: number;
    throttled: number;
    peakInFlight: number;
    close(): Promise<void>;
}

/** A tiny server: `latencyMs` per answer, 429 above `cap` in flight or above `perSecond` answers in any second. */
async function startServer(latencyMs: number, limits: { cap?: number; perSecond?: number }): Promise<ServerLoad> {
    let inFlight = 0;
    let windowStart = Date.now();
    let windowCount = 0;
    const load = { served: 0, throttled: 0, peakInFlight: 0 };
    const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => {
            const now = Date.now();
            if (now - windowStart >= 1000) {
                windowStart = now;
                windowCount = 0;
            }
            if ((limits.cap !== undefined && inFlight >= limits.cap) || (limits.perSecond !== undefined && windowCount >= limits.perSecond)) {
                load.throttled++;
                res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
                res.end('{"error":"too many requests"}');
                return;
            }
            inFlight++;
            windowCount++;
            load.peakInFlight = Math.max(load.peakInFlight, inFlight);
            setTimeout(() => {
                inFlight--;
                load.served++;
                res.writeHead(200, { "content-type": "application/json" });
                res.end('{"ok":true}');
            }, latencyMs);
        });
    });
    server.keepAliveTimeout = 10_000;
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
        get served() {
            return load.served;
        },
        get throttled() {
            return load.throttled;
        },
        get peakInFlight() {
            return load.peakInFlight;
        },
        close: () => {
            server.closeAllConnections();
            return new Promise((r) => server.close(() => r()));
        },
    };
}

interface RunResult {
    label: string;
    wallMs: number;
    throttled: number;
    retries: number;
    peakServer: number;
    finalLimit: number;
    maxLimit: number;
    limitTrace: string;
}

async function run(label: string, concurrency: ConcurrencyOptions | undefined, requests: number, latencyMs: number, limits: { cap?: number; perSecond?: number }, wallLimitMs: number): Promise<RunResult> {
    const server = await startServer(latencyMs, limits);
    const t = new HttpTransport({ api: "Bench", baseUrl: server.url, parseErrorBody: () => ({}), concurrency, retry: { maxRetries: 10 } });
    const trace: number[] = [];
    const sampler = setInterval(() => trace.push(t.concurrency.limit), 100);
    const started = Date.now();
    try {
        const all = Promise.all(Array.from({ length: requests }, (_, i) => t.request({ method: "GET", path: `/item/${i}` })));
        let timer: NodeJS.Timeout | undefined;
        const limit = new Promise<never>((_r, reject) => {
            timer = setTimeout(() => reject(new Error(`${label}: not finished within ${wallLimitMs} ms`)), wallLimitMs);
        });
        await Promise.race([all, limit]).finally(() => clearTimeout(timer));
        const wallMs = Date.now() - started;
        const stats = t.concurrency.stats();
        return {
            label,
            wallMs,
            throttled: server.throttled,
            retries: t.stats.retries,
            peakServer: server.peakInFlight,
            finalLimit: stats.limit,
            maxLimit: Math.max(...stats.history.map(([, l]) => l)),
            limitTrace: summarizeTrace(trace),
        };
    } finally {
        clearInterval(sampler);
        await server.close();
    }
}

/** The limit every 100 ms, at most 16 points. */
function summarizeTrace(trace: number[]): string {
    if (trace.length <= 16) {
        return trace.join(" ");
    }
    const step = trace.length / 16;
    return Array.from({ length: 16 }, (_, i) => trace[Math.floor(i * step)]).join(" ");
}

function table(rows: RunResult[]): void {
    const line = (cells: string[]) => console.log(cells.map((c, i) => (i === 0 ? c.padEnd(26) : c.padStart(10))).join(" "));
    line(["client", "wall s", "429s", "retries", "peak srv", "limit", "max limit"]);
    for (const r of rows) {
        line([r.label, (r.wallMs / 1000).toFixed(2), String(r.throttled), String(r.retries), String(r.peakServer), String(r.finalLimit), String(r.maxLimit)]);
    }
    for (const r of rows) {
        if (r.label.startsWith("adaptive")) {
            console.log(`  ${r.label} limit every 100 ms: ${r.limitTrace}`);
        }
    }
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            requests: { type: "string" },
            latency: { type: "string" },
            cap: { type: "string" },
            rate: { type: "string" },
            max: { type: "string" },
        },
    });
    const requests = Number(values.requests ?? 1000);
    const latency = Number(values.latency ?? 20);
    const cap = Number(values.cap ?? 10);
    const rate = Number(values.rate ?? 300);
    const max = values.max === undefined ? undefined : Number(values.max);
    const adaptive: ConcurrencyOptions | undefined = max === undefined ? undefined : { mode: "adaptive", max };
    const fixed5: ConcurrencyOptions = { mode: "fixed", value: 5 };
    const wallLimit = 120_000;
    console.log(
        `adaptive concurrency benchmark: ${requests} GETs per run, server latency ${latency} ms, Retry-After 1 s on 429, maxRetries 10, ` +
            `adaptive = ${max === undefined ? "transport defaults (start 5, max 32)" : `max ${max}`}, node ${process.version}\n`,
    );

    console.log(`1. server refuses (429) above ${cap} requests in flight`);
    const capped = [await run("adaptive (default)", adaptive, requests, latency, { cap }, wallLimit), await run("fixed 5", fixed5, requests, latency, { cap }, wallLimit)];
    table(capped);
    const ideal = (requests * latency) / cap;
    console.log(`  limit of the server: ${requests} x ${latency} ms / ${cap} = ${(ideal / 1000).toFixed(2)} s\n`);

    console.log(`2. server refuses (429) above ${rate} requests per second`);
    const rated = [await run("adaptive (default)", adaptive, requests, latency, { perSecond: rate }, wallLimit), await run("fixed 5", fixed5, requests, latency, { perSecond: rate }, wallLimit)];
    table(rated);
    console.log(`  limit of the server: ${requests} / ${rate} per s = ${(requests / rate).toFixed(2)} s\n`);

    console.log("3. unthrottled server");
    const open = [await run("adaptive (default)", adaptive, requests * 2, latency, {}, wallLimit), await run("fixed 5", fixed5, requests * 2, latency, {}, wallLimit)];
    table(open);
    const maxLimit = max ?? 32;
    console.log(`  limit at max concurrency: ${requests * 2} x ${latency} ms / ${maxLimit} = ${((requests * 2 * latency) / maxLimit / 1000).toFixed(2)} s\n`);

    const checks: Array<[string, boolean]> = [
        [`capped server: adaptive got no more than 10 429s (${capped[0].throttled})`, capped[0].throttled <= 10],
        [`capped server: adaptive beat fixed 5 (${(capped[0].wallMs / 1000).toFixed(2)} s vs ${(capped[1].wallMs / 1000).toFixed(2)} s)`, capped[0].wallMs < capped[1].wallMs],
        [`unthrottled: adaptive limit reached the maximum ${maxLimit} (${open[0].maxLimit})`, open[0].maxLimit === maxLimit],
    ];
    console.log("targets");
    for (const [what, ok] of checks) {
        console.log(`  ${ok ? "met   " : "MISSED"} ${what}`);
    }
    if (checks.some(([, ok]) => !ok)) {
        process.exitCode = 1;
    }
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
