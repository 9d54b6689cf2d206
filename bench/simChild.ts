/**
 * The Odin simulator in a child process, for the benchmarks: a real server is
 * not in the client's process, and sharing one event loop would bill the
 * server's work to the client (at 20 ms latency and 5 in flight, about 1.4x
 * the limit on its own). The parent talks to it over IPC: start with a
 * generated seed, ask how many requests it served, close.
 */
import { fork } from "child_process";
import type { CapacityReportMode, OdinSeed, ThrottleOptions } from "../provider/simulator";

export const BENCH_LOGIN = { username: "bench", password: "bench-Passw0rd" };
export const BENCH_SP = "BENCH";

export interface SeedShape {
    groups: number;
    trunks: number;
}

/** Every group has `trunks` trunk groups; the first of each bursts, so it needs its own GET even with the report. */
export function benchSeed({ groups, trunks }: SeedShape): OdinSeed {
    return {
        logins: [BENCH_LOGIN],
        serviceProviders: [
            {
                serviceProviderId: BENCH_SP,
                isEnterprise: false,
                trunkGroupCallCapacity: { maxActiveCalls: 10_000_000, burstingMaxActiveCalls: 1_000_000 },
                groups: Array.from({ length: groups }, (_, g) => ({
                    groupId: `G${String(g).padStart(5, "0")}`,
                    groupName: `Group ${g}`,
                    trunkGroupCallCapacity: { maxActiveCalls: 500, burstingMaxActiveCalls: 50 },
                    trunkGroups: Array.from({ length: trunks }, (_, t) => ({
                        name: `TG${t}`,
                        maxActiveCalls: 10 + t,
                        ...(t === 0 ? { enableBursting: true, burstingMaxActiveCalls: 5 } : {}),
                    })),
                })),
            },
        ],
    } as unknown as OdinSeed;
}

/** What the server saw: every request (429s included), the 429s its throttling mode sent, the most admitted in flight. */
export interface ServerCounts {
    requests: number;
    throttled: number;
    peakInFlight: number;
}

/** The requests the server received from `since` on (ms since the epoch): by method and path, and their summed time at the server. */
export interface ServerWindow {
    requests: number;
    byRoute: Record<string, number>;
    /** Sum of the requests' times at the server (latency included): divided by the window, the mean requests in flight there. */
    busyMs: number;
    throttled: number;
}

export interface ChildSim {
    url: string;
    requests(): Promise<number>;
    counts(): Promise<ServerCounts>;
    window(since: number): Promise<ServerWindow>;
    close(): Promise<void>;
}

type ToChild =
    | { cmd: "start"; shape: SeedShape; latencyMs: number; capacityReport: CapacityReportMode; throttle?: ThrottleOptions }
    | { cmd: "requests" }
    | { cmd: "window"; since: number }
    | { cmd: "close" };
type FromChild = { url: string } | ({ requests: number } & ServerCounts) | { window: ServerWindow } | { closed: true } | { error: string };

/** `throttle`: the simulator's throttling mode (429 above N in flight or R per second), as a server at capacity. */
export async function startChildSimulator(shape: SeedShape, latencyMs: number, capacityReport: CapacityReportMode, throttle?: ThrottleOptions): Promise<ChildSim> {
    const child = fork(__filename, ["--child"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const next = () =>
        new Promise<FromChild>((resolve, reject) => {
            child.once("message", (m) => resolve(m as FromChild));
            child.once("exit", (code) => reject(new Error(`simulator process exited (${code})`)));
        });
    const ask = async (msg: ToChild) => {
        const answer = next();
        child.send(msg);
        const m = await answer;
        if ("error" in m) {
            throw new Error(m.error);
        }
        return m;
    };
    const started = (await ask({ cmd: "start", shape, latencyMs, capacityReport, throttle })) as { url: string };
    return {
        url: started.url,
        requests: async () => ((await ask({ cmd: "requests" })) as ServerCounts).requests,
        counts: async () => (await ask({ cmd: "requests" })) as ServerCounts,
        window: async (since) => ((await ask({ cmd: "window", since })) as { window: ServerWindow }).window,
        close: async () => {
            await ask({ cmd: "close" });
            child.disconnect();
        },
    };
}

if (process.argv[2] === "--child") {
    // Loaded only in the child: the parent never pays for the simulator's modules.
    const { startOdinSimulator } = require("../provider/simulator") as typeof import("../provider/simulator");
    let sim: Awaited<ReturnType<typeof startOdinSimulator>> | undefined;
    process.on("message", async (m: ToChild) => {
        try {
            if (m.cmd === "start") {
                sim = await startOdinSimulator({ seed: benchSeed(m.shape), latencyMs: m.latencyMs, capacityReport: m.capacityReport, throttle: m.throttle });
                process.send!({ url: sim.url });
            } else if (m.cmd === "window") {
                const w: ServerWindow = { requests: 0, byRoute: {}, busyMs: 0, throttled: 0 };
                for (const r of sim!.requests()) {
                    if (r.startedAt >= m.since) {
                        w.requests++;
                        const route = `${r.method} ${r.path}`;
                        w.byRoute[route] = (w.byRoute[route] ?? 0) + 1;
                        w.busyMs += r.durationMs ?? 0;
                        w.throttled += r.throttled ? 1 : 0;
                    }
                }
                process.send!({ window: w });
            } else if (m.cmd === "requests") {
                const t = sim!.throttleStats();
                process.send!({ requests: sim!.requests().length, throttled: t.throttled, peakInFlight: t.peakInFlight });
            } else {
                await sim?.close();
                process.send!({ closed: true }, () => process.exit(0));
            }
        } catch (e) {
            process.send!({ error: String((e as Error).stack ?? e) });
        }
    });
}
