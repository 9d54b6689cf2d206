/**
 * A deliberately plain Webex client for the simulator's contract tests:
 * fetch, no retries, no product code. What a test asserts is the wire.
 */
import { expect } from "chai";
import { DEFAULT_WEBEX_TOKEN, WebexSimulator, defaultWebexSeed } from "../../../provider/simulator/webex";

export const TRUNKS = "/telephony/config/premisePstn/trunks";
export const LOCATIONS = defaultWebexSeed().locations;

export interface Answer {
    status: number;
    body: any;
    headers: Headers;
    text: string;
}

export function caller(sim: WebexSimulator, token: string | null = DEFAULT_WEBEX_TOKEN) {
    return async (method: string, pathAndQuery: string, body?: unknown): Promise<Answer> => {
        const res = await fetch(sim.url + pathAndQuery, {
            method,
            headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
            body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
        });
        const text = await res.text();
        let parsed: unknown;
        try {
            parsed = text ? JSON.parse(text) : undefined;
        } catch {
            parsed = undefined;
        }
        return { status: res.status, body: parsed, headers: res.headers, text };
    };
}

/** A REGISTERING trunk body that passes the default password policy. */
export const reg = (name: string, extra: Record<string, unknown> = {}) => ({ name, locationId: LOCATIONS[0].id, password: "Pa55-word", trunkType: "REGISTERING", ...extra });

/** A certificate-based trunk addressed by FQDN (with port), within the default device range (250..1000). */
export const cert = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    locationId: LOCATIONS[1].id,
    password: "Pa55-word",
    trunkType: "CERTIFICATE_BASED",
    address: "sbc.example.com",
    domain: "example.com",
    port: 5061,
    maxConcurrentCalls: 300,
    ...extra,
});

/** The same, addressed by DNS SRV: no port. */
export const srv = (name: string, extra: Record<string, unknown> = {}) => {
    const { port: _port, ...rest } = cert(name, { address: "sbc-srv", ...extra });
    return rest;
};

/** Webex's error body, and the TrackingID header equal to its trackingId. */
export function expectWebexError(a: Answer, status: number, description: RegExp, code?: number): void {
    expect(a.status, a.text).to.equal(status);
    expect(a.body.message).to.be.a("string");
    expect(a.body.errors[0].description).to.match(description);
    if (code !== undefined) {
        expect(a.body.errors[0].errorCode).to.equal(code);
    }
    expect(a.body.trackingId).to.match(/^ROUTER_SIM_/);
    expect(a.headers.get("trackingid")).to.equal(a.body.trackingId);
}
