import { startWebexSimulator, WebexSimulator, WebexSimulatorOptions } from "../../provider/simulator/webex";
import { defaultWebexSeed } from "../../provider/simulator/webex";
import { WebexClient, WebexClientOptions } from "../../provider/webex/client";
import type { TrunkPost } from "../../provider/webex/types";

/** A token that must never show up in an error, a log line or a serialized provider. */
export const TOKEN = "wx-TOKEN-7f3a9c1e5b2d4f6a8c0e";
export const LOCATIONS = defaultWebexSeed().locations;

export interface ClientHarness {
    client: WebexClient;
    sleeps: number[];
    logs: { level: string; message: string }[];
}

/** The simulator with its realistic defaults (no option that keeps an older, laxer rule), accepting TOKEN. */
export async function startSim(opts: WebexSimulatorOptions = {}): Promise<WebexSimulator> {
    return startWebexSimulator({ tokens: [TOKEN], ...opts });
}

/** A client that records its backoff sleeps instead of sleeping. */
export function makeClient(sim: WebexSimulator, opts: Partial<WebexClientOptions> = {}): ClientHarness {
    const sleeps: number[] = [];
    const logs: { level: string; message: string }[] = [];
    const client = new WebexClient({
        baseUrl: sim.url,
        accessToken: TOKEN,
        retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 30_000 },
        sleep: async (ms) => {
            sleeps.push(ms);
        },
        random: () => 0.5,
        log: (level, message) => logs.push({ level, message }),
        ...opts,
    });
    return { client, sleeps, logs };
}

export function registeringBody(name: string, extra: Partial<TrunkPost> = {}): TrunkPost {
    return { name, locationId: LOCATIONS[0].id, password: "Sip-Pa55word-1", trunkType: "REGISTERING", ...extra };
}

export function certificateBody(name: string, extra: Partial<TrunkPost> = {}): TrunkPost {
    return {
        name,
        locationId: LOCATIONS[1].id,
        password: "Sip-Pa55word-2",
        trunkType: "CERTIFICATE_BASED",
        address: `${name.toLowerCase().replace(/[^a-z0-9]/g, "")}.sbc.example.com`,
        domain: "example.com",
        port: 5061,
        maxConcurrentCalls: 300,
        ...extra,
    };
}
