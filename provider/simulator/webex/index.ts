import { readFileSync } from "fs";
import { FaultRule, RequestLogEntry, seededRandom, startSimulatorCore } from "../core";
import { LinkQuirks, WEBEX_BASE_PATH, webexErrorBody, webexRoutes } from "./routes";
import { WebexSimState, defaultWebexSeed } from "./state";
import type { PartialSpec, WebexSeed } from "./types";

export interface WebexSimulatorOptions {
    /** Default 0 (ephemeral). Always bound to 127.0.0.1. */
    port?: number;
    /** The org's data, or a path to a JSON file holding it; default defaultWebexSeed() (three locations, no trunks). */
    seed?: WebexSeed | string;
    latencyMs?: number;
    faults?: FaultRule[];
    /** Seed of the PRNG behind fault probabilities and trunk ids; default 1. */
    randomSeed?: number;
    /** Accepted bearer tokens; default ["webex-test-token"]. */
    tokens?: string[];
    /** Default and maximum page size of the trunk list; default 100. */
    pageSize?: number;
    /** Reproduce Webex's historic next-link bugs. */
    linkQuirks?: LinkQuirks;
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
    const state = new WebexSimState(loadSeed(opts.seed), seededRandom(randomSeed ^ 0x5eed));
    let tokens = [...(opts.tokens ?? [DEFAULT_WEBEX_TOKEN])];
    let tracking = 0;
    const trackingId = () => `ROUTER_SIM_${(++tracking).toString(16).padStart(8, "0")}`;
    const core = await startSimulatorCore({
        basePath: WEBEX_BASE_PATH,
        port: opts.port,
        latencyMs: opts.latencyMs,
        faults: opts.faults,
        randomSeed,
        errorBody: (status, message) => webexErrorBody(status, message, trackingId()),
        routes: webexRoutes({ state, tokens: () => tokens, pageSize: opts.pageSize ?? 100, linkQuirks: opts.linkQuirks ?? {}, trackingId }),
    });
    return {
        url: core.url,
        port: core.port,
        close: () => core.close(),
        requests: () => core.requests(),
        clearRequests: () => core.clearRequests(),
        setFaults: (rules) => core.setFaults(rules),
        faultStats: () => core.faultStats(),
        state: () => state.toSeed(),
        setPartial: (id, partial) => state.setPartial(id, partial),
        setTokens: (list) => {
            tokens = [...list];
        },
    };
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

export { defaultWebexSeed, DEFAULT_TRUNK_TYPES } from "./state";
export { WEBEX_BASE_PATH } from "./routes";
export type { LinkQuirks } from "./routes";
export * from "./types";
