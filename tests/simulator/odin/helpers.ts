/**
 * A deliberately plain Odin client for the simulator's contract tests: a
 * fresh connection per request, no retries, no product code.
 */
import { expect } from "chai";
import * as http from "http";
import { OdinSimulator, OdinSimulatorOptions, startOdinSimulator } from "../../../provider/simulator";

// --- a deliberately plain client: fresh connection per request, no retries ------------------

export interface Res {
    status: number;
    headers: http.IncomingHttpHeaders;
    text: string;
    json: any;
}

interface Opts {
    query?: Record<string, string>;
    body?: unknown;
    rawBody?: string;
    token?: string;
    contentType?: string;
}

export function call(base: string, method: string, p: string, o: Opts = {}): Promise<Res> {
    const url = new URL(base + p);
    for (const [k, v] of Object.entries(o.query ?? {})) {
        url.searchParams.set(k, v);
    }
    const payload = o.rawBody ?? (o.body !== undefined ? JSON.stringify(o.body) : undefined);
    return new Promise((resolve, reject) => {
        const req = http.request(
            url,
            {
                method,
                agent: false,
                headers: {
                    ...(payload !== undefined ? { "Content-Type": o.contentType ?? "application/json" } : {}),
                    ...(o.token ? { Authorization: `Bearer ${o.token}` } : {}),
                },
            },
            (res) => {
                const chunks: Buffer[] = [];
                res.on("data", (c) => chunks.push(c));
                res.on("error", reject);
                res.on("aborted", () => reject(new Error("aborted")));
                res.on("end", () => {
                    const text = Buffer.concat(chunks).toString("utf8");
                    let json: any;
                    try {
                        json = JSON.parse(text);
                    } catch {
                        json = undefined;
                    }
                    resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
                });
            },
        );
        req.on("error", reject);
        if (payload !== undefined) {
            req.write(payload);
        }
        req.end();
    });
}

export async function login(sim: OdinSimulator, username = "admin", password = "admin"): Promise<string> {
    const res = await call(sim.url, "POST", "/auth/token", { body: { username, password } });
    expect(res.status, res.text).to.equal(200);
    return res.json.token;
}

/**
 * Closes the previous simulator (if any), starts one with `opts`, logs in and
 * forgets the login in the request log: each test starts from a session.
 */
export async function restartWithSession(previous: OdinSimulator | undefined, opts: OdinSimulatorOptions = {}): Promise<{ sim: OdinSimulator; api: Api }> {
    await previous?.close();
    const sim = await startOdinSimulator(opts);
    const api = session(sim, await login(sim));
    sim.clearRequests();
    return { sim, api };
}

export function claims(token: string): Record<string, number | string> {
    return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
}

export const G1 = { serviceProviderId: "SP1", groupId: "G1" };
export const TG_PATH = "/groups/trunk-groups";

/** A tiny API session against one simulator. */
export function session(sim: OdinSimulator, token: string) {
    return {
        get: (p: string, query?: Record<string, string>) => call(sim.url, "GET", p, { query, token }),
        post: (p: string, body: unknown) => call(sim.url, "POST", p, { body, token }),
        put: (p: string, body: unknown) => call(sim.url, "PUT", p, { body, token }),
        del: (p: string, query: Record<string, string>) => call(sim.url, "DELETE", p, { query, token }),
        trunk: (name: string, group = G1) => call(sim.url, "GET", TG_PATH, { query: { ...group, name }, token }),
    };
}

export function expectOdinError(res: Res, status: number, pattern?: RegExp): void {
    expect(res.status, res.text).to.equal(status);
    expect(res.json, res.text).to.be.an("object");
    expect(res.json.error).to.be.a("string");
    expect(res.json.status).to.equal(status);
    expect(res.json).to.have.property("details");
    if (pattern) {
        expect(res.json.error).to.match(pattern);
    }
}

/** The exact request shape odins_spear (v1 and v2) builds for POST /groups/trunk-groups. */
export function odinsSpearCreateBody(name: string, maxActiveCalls: number | string) {
    return {
        name,
        maxActiveCalls,
        serviceProviderId: "SP1",
        groupId: "G1",
        capacityExceededTrapInitialCalls: 0,
        capacityExceededTrapOffsetCalls: 0,
        clidSourceForScreenedCallsPolicy: "Profile Name Profile Number",
        continuousOptionsSendingIntervalSeconds: 30,
        failureOptionsSendingIntervalSeconds: 10,
        failureThresholdCounter: 1,
        successThresholdCounter: 1,
        invitationTimeout: 6,
        inviteFailureThresholdCounter: 1,
        inviteFailureThresholdWindowSeconds: 30,
        pilotUserCallOptimizationPolicy: "Optimize For User Services",
        pilotUserCallingLineAssertedIdentityPolicy: "Unscreened Originating Calls",
        pilotUserCallingLineIdentityForEmergencyCallsPolicy: "No Calls",
        pilotUserCallingLineIdentityForExternalCallsPolicy: "No Calls",
        pilotUserChargeNumberPolicy: "No Calls",
        useSystemUserLookupPolicy: "true",
        userLookupPolicy: "Basic",
        requireAuthentication: "false",
        // The library's truthiness bug always adds these, empty when not given.
        sipAuthenticationUserName: "",
        sipAuthenticationPassword: "",
    };
}

export type Api = ReturnType<typeof session>;

/**
 * One simulator per test (the sample seed unless `fresh` is given options),
 * logged in as admin, with an empty request log.
 */
export function useSimulator() {
    const ctx = {
        sim: undefined as unknown as OdinSimulator,
        api: undefined as unknown as Api,
        fresh: async (opts: OdinSimulatorOptions = {}) => {
            await ctx.sim?.close();
            ctx.sim = await startOdinSimulator(opts);
            ctx.api = session(ctx.sim, await login(ctx.sim));
            ctx.sim.clearRequests();
        },
    };
    beforeEach(() => ctx.fresh());
    afterEach(() => ctx.sim.close());
    return ctx;
}
