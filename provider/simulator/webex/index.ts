import { readFileSync } from "fs";
import { FaultRule, RequestLogEntry, seededRandom, SimResponse, startSimulatorCore } from "../core";
import { refuseUnknownKeys } from "../seedKeys";
import type { ThrottleOptions, ThrottleStats } from "../throttle";
import { prepareSeedTrunk } from "./rules";
import { LinkQuirks, WEBEX_BASE_PATH, webexErrorBody, webexRoutes } from "./routes";
import { WEBEX_SEED_SHAPE } from "./seedShape";
import { DEFAULT_TRUNK_TYPES, LEGACY_TRUNK_TYPES, WebexSimState, defaultWebexSeed } from "./state";
import type { PartialSpec, TrunkGetShape, WebexSeed } from "./types";

export interface WebexSimulatorOptions {
    /** Default 0 (ephemeral). Always bound to 127.0.0.1. */
    port?: number;
    /** The org's data, or a path to a JSON file holding it; default defaultWebexSeed() (three locations, no trunks). */
    seed?: WebexSeed | string;
    latencyMs?: number;
    faults?: FaultRule[];
    /** Seed of the PRNG behind fault probabilities, trunk ids and example passwords; default 1. */
    randomSeed?: number;
    /** Accepted bearer tokens; default ["webex-test-token"]. */
    tokens?: string[];
    /** Default and maximum page size of the list endpoints; default 100. */
    pageSize?: number;
    /** Reproduce Webex's historic next-link bugs. */
    linkQuirks?: LinkQuirks;
    /** Single-trunk GET shape: "wxc_sdk" (default, what Cisco's SDK parses) or "spec" (the OpenAPI's). */
    trunkGetShape?: TrunkGetShape;
    /**
     * Device-type call limits of the simulator before it used the spec's
     * example range (250..1000): 1..1000 REGISTERING, 1..5000 certificate-based.
     * For tests whose data predates the realistic default; ignored when the
     * seed lists its own trunkTypes.
     */
    legacyDeviceLimits?: boolean;
    /**
     * Names that differ only in case are different trunks (the simulator's old
     * rule). Default false: they clash, as the realistic default (see state.ts).
     */
    caseSensitiveNames?: boolean;
    /**
     * A REGISTERING trunk accepts maxConcurrentCalls on POST and PUT (within
     * its device range), as the simulator used to. Default false: refused with
     * 400 (see rules.ts for the evidence).
     */
    registeringAcceptsMaxCalls?: boolean;
    /**
     * On a 206, leave the unreadable key (outboundProxy or status) out even in
     * wxc_sdk's shape, as the simulator used to. Default false: wxc_sdk's model
     * requires both keys, so they are present (outboundProxy {}, status "unknown").
     */
    omitUnreadableOn206?: boolean;
    /**
     * Judge the seed as trunking-sim does: key by key (unknown keys refused,
     * with the nearest valid name) and call limits within the device type's
     * range. Default false: a seed may describe a state the API would refuse
     * to create (limits lowered since), as library tests need.
     */
    strictSeed?: boolean;
    /** A real server's capacity: 429 above N requests in flight or R per second. Off by default. */
    throttle?: ThrottleOptions;
}

export interface WebexSimulator {
    /** http://127.0.0.1:PORT/v1 */
    url: string;
    port: number;
    close(): Promise<void>;
    /** Paths are relative to /v1. */
    requests(): RequestLogEntry[];
    clearRequests(): void;
    setFaults(rules: FaultRule[]): void;
    faultStats(): Record<string, number>;
    setThrottle(opts: ThrottleOptions | undefined): void;
    throttleStats(): ThrottleStats;
    resetThrottleStats(): void;
    /** Deep copy of the current data, in seed form (passwords included: it is a test double). */
    state(): WebexSeed;
    /** Make GETs of one trunk (or, without an id, of every trunk) answer 206; undefined turns it off. */
    setPartial(trunkId: string | undefined, partial: PartialSpec | true | undefined): void;
    /** Replace the accepted tokens, e.g. to simulate an expired one. */
    setTokens(tokens: string[]): void;
}

export const DEFAULT_WEBEX_TOKEN = "webex-test-token";

/** A local Webex Calling premise-PSTN trunk API with the documented codes, error body and quirks. */
export async function startWebexSimulator(opts: WebexSimulatorOptions = {}): Promise<WebexSimulator> {
    const randomSeed = opts.randomSeed ?? 1;
    const seed = loadSeed(opts.seed);
    if (opts.strictSeed) {
        refuseUnknownKeys("Webex", seed, WEBEX_SEED_SHAPE);
    }
    const state = new WebexSimState(
        seed,
        seededRandom(randomSeed ^ 0x5eed),
        (t, s) => prepareSeedTrunk(t, s, opts.strictSeed === true),
        {
            defaultTrunkTypes: opts.legacyDeviceLimits ? LEGACY_TRUNK_TYPES : DEFAULT_TRUNK_TYPES,
            caseSensitiveNames: opts.caseSensitiveNames === true,
            registeringAcceptsMaxCalls: opts.registeringAcceptsMaxCalls === true,
        },
    );
    let tokens = [...(opts.tokens ?? [DEFAULT_WEBEX_TOKEN])];
    let tracking = 0;
    const trackingId = () => `ROUTER_SIM_${(++tracking).toString(16).padStart(8, "0")}`;
    const core = await startSimulatorCore({
        basePath: WEBEX_BASE_PATH,
        port: opts.port,
        latencyMs: opts.latencyMs,
        faults: opts.faults,
        randomSeed,
        throttle: opts.throttle,
        errorBody: (_status, message) => webexErrorBody(message, trackingId()),
        // Every Webex answer carries a TrackingID header, errors, 404s and 429s included;
        // on an error it is the body's trackingId.
        finalize: (res) => withTrackingId(res, trackingId),
        routes: webexRoutes({
            state,
            tokens: () => tokens,
            pageSize: opts.pageSize ?? 100,
            linkQuirks: opts.linkQuirks ?? {},
            trackingId,
            view: { shape: opts.trunkGetShape ?? "wxc_sdk", omitUnreadableOn206: opts.omitUnreadableOn206 === true },
            random: seededRandom(randomSeed ^ 0x9a55),
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
        state: () => state.toSeed(),
        setPartial: (id, partial) => state.setPartial(id, partial),
        setTokens: (list) => {
            tokens = [...list];
        },
    };
}

function withTrackingId(res: SimResponse, next: () => string): SimResponse {
    if (Object.keys(res.headers ?? {}).some((k) => k.toLowerCase() === "trackingid")) {
        return res;
    }
    const fromBody = res.body && typeof res.body === "object" ? (res.body as { trackingId?: unknown }).trackingId : undefined;
    return { ...res, headers: { ...res.headers, TrackingID: typeof fromBody === "string" ? fromBody : next() } };
}

function loadSeed(seed: WebexSeed | string | undefined): WebexSeed {
    if (seed === undefined) {
        return defaultWebexSeed();
    }
    if (typeof seed === "string") {
        let text: string;
        try {
            text = readFileSync(seed, "utf8");
        } catch (e) {
            throw new Error(`Webex simulator seed: cannot read ${seed}: ${(e as Error).message}`);
        }
        try {
            return JSON.parse(text) as WebexSeed;
        } catch (e) {
            throw new Error(`Webex simulator seed: ${seed} is not valid JSON: ${(e as Error).message}`);
        }
    }
    // The simulator mutates its data; the caller's object must stay as it was.
    return structuredClone(seed);
}

export { defaultWebexSeed, sampleWebexSeed, DEFAULT_TRUNK_TYPES, LEGACY_TRUNK_TYPES } from "./state";
export { DEFAULT_SIP_PASSWORD_POLICY } from "./passwordPolicy";
export { WEBEX_BASE_PATH, TRUNKS_PATH } from "./routes";
export type { LinkQuirks } from "./routes";
export * from "./types";
