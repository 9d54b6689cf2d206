import { readFileSync } from "fs";
import { FaultRule, RequestLogEntry, startSimulatorCore } from "../core";
import { sampleSeed } from "../sampleSeed";
import type { ThrottleOptions, ThrottleStats } from "../throttle";
import { refuseUnknownKeys } from "../seedKeys";
import { TokenIssuer } from "./jwt";
import { CapacityReportMode, EnterpriseTrunkListMode, odinRoutes } from "./routes";
import { ODIN_SEED_SHAPE } from "./seedShape";
import { OdinState } from "./state";
import type { OdinSeed } from "./types";

export const ODIN_BASE_PATH = "/api/v2";

export interface OdinSimulatorOptions {
    /** Default 0 (ephemeral). Always bound to 127.0.0.1. */
    port?: number;
    /** The data to serve, or a path to a JSON file holding it; default sampleSeed(). See OdinSeed. */
    seed?: OdinSeed | string;
    /** Added to every request. */
    latencyMs?: number;
    /** Lifetime of issued tokens; default 3600. Fractions allowed. */
    tokenTtlSeconds?: number;
    faults?: FaultRule[];
    /** Seed of the PRNG that decides FaultRule.probability; default 1. */
    randomSeed?: number;
    /** Which variant of the call-capacity report endpoint the server has; default "withTrunkGroups". */
    capacityReport?: CapacityReportMode;
    /** Render numeric-looking strings as JSON numbers, as Odin does; default true. */
    numericStrings?: boolean;
    /**
     * Enterprise-trunk lists: "summary" (default; the real list: name and
     * routing type, capacity only in the GET of one trunk) or "full" (whole
     * records, the simulator's old answer).
     */
    enterpriseTrunkList?: EnterpriseTrunkListMode;
    /** Keep bursting values while bursting is off (the simulator's old answer). Default false: absent when off. */
    keepBurstingWhenOff?: boolean;
    /** Accept access devices, departments and reroute keys without checking they exist (the simulator's old rule). */
    skipReferenceChecks?: boolean;
    /** A pilot user need only be a user of the group, not a hosted user of the trunk group (the simulator's old rule). */
    pilotAnyGroupUser?: boolean;
    /** Judge the seed key by key (unknown keys refused, with the nearest valid name) and against the capacity rules too (trunking-sim does). Default false. */
    strictSeed?: boolean;
    /** A real server's capacity: 429 above N requests in flight or R per second. Off by default. */
    throttle?: ThrottleOptions;
}

export interface OdinSimulator {
    /** http://127.0.0.1:PORT/api/v2 */
    url: string;
    port: number;
    /** Ends hung requests and all connections promptly. */
    close(): Promise<void>;
    /** Paths are relative to /api/v2. */
    requests(): RequestLogEntry[];
    clearRequests(): void;
    setFaults(rules: FaultRule[]): void;
    faultStats(): Record<string, number>;
    setThrottle(opts: ThrottleOptions | undefined): void;
    throttleStats(): ThrottleStats;
    resetThrottleStats(): void;
    /** Invalidates every issued token at once (the next call answers 401). */
    expireTokens(): void;
    /** Deep copy of the current data, in seed form. */
    state(): OdinSeed;
}

/** A local Odin API (BroadWorks REST gateway) with the documented wire format and BroadWorks rules. */
export async function startOdinSimulator(opts: OdinSimulatorOptions = {}): Promise<OdinSimulator> {
    const seed = loadSeedFile(opts.seed);
    if (opts.strictSeed) {
        refuseUnknownKeys("Odin", seed, ODIN_SEED_SHAPE);
    }
    const state = new OdinState(seed, {
        strictSeed: opts.strictSeed,
        keepBurstingWhenOff: opts.keepBurstingWhenOff,
        skipReferenceChecks: opts.skipReferenceChecks,
        pilotAnyGroupUser: opts.pilotAnyGroupUser,
    });
    const tokens = new TokenIssuer(opts.tokenTtlSeconds ?? 3600);
    const core = await startSimulatorCore({
        basePath: ODIN_BASE_PATH,
        port: opts.port,
        latencyMs: opts.latencyMs,
        faults: opts.faults,
        randomSeed: opts.randomSeed,
        throttle: opts.throttle,
        errorBody: (status, message) => ({ error: message, status, details: null }),
        routes: odinRoutes({
            state,
            tokens,
            capacityReport: opts.capacityReport ?? "withTrunkGroups",
            enterpriseTrunkList: opts.enterpriseTrunkList ?? "summary",
            view: { numericStrings: opts.numericStrings ?? true },
        }),
    });
    return {
        url: core.url,
        port: core.port,
        close: () => core.close(),
        requests: () => core.requests(),
        clearRequests: () => core.clearRequests(),
        setFaults: (rules) => core.setFaults(rules),
        faultStats: () => core.faultStats(),
        setThrottle: (t) => core.setThrottle(t),
        throttleStats: () => core.throttleStats(),
        resetThrottleStats: () => core.resetThrottleStats(),
        expireTokens: () => tokens.expireAll(),
        state: () => state.toSeed(),
    };
}

function loadSeedFile(seed: OdinSeed | string | undefined): OdinSeed {
    if (seed === undefined) {
        return sampleSeed();
    }
    if (typeof seed === "string") {
        let text: string;
        try {
            text = readFileSync(seed, "utf8");
        } catch (e) {
            throw new Error(`Odin simulator seed: cannot read ${seed}: ${(e as Error).message}`);
        }
        try {
            return JSON.parse(text) as OdinSeed;
        } catch (e) {
            throw new Error(`Odin simulator seed: ${seed} is not valid JSON: ${(e as Error).message}`);
        }
    }
    // The simulator mutates its data; the caller's object must stay as it was.
    return structuredClone(seed);
}

export type { CapacityReportMode, EnterpriseTrunkListMode } from "./routes";
export * from "./types";
