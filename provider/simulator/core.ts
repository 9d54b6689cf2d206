/**
 * A small HTTP simulator core, independent of any particular API: a route
 * table, JSON bodies, fixed latency, a request log and fault injection. The
 * Odin simulator is built on it and a Webex one can be, so nothing here knows
 * about tokens, error formats or resources; the API layer passes those in.
 */
import * as http from "http";
import type { AddressInfo, Socket } from "net";
import { Throttle, ThrottleOptions, ThrottleStats } from "./throttle";

export type FaultKind = "status" | "drop" | "dropAfterApply" | "hang" | "truncate" | "latency";

export interface FaultRule {
    kind: FaultKind;
    /** e.g. "POST"; default any method. */
    method?: string;
    /** Matched against the path relative to the API base (e.g. "/groups/trunk-groups"); a string must match exactly. Default any. */
    path?: string | RegExp;
    /** 0..1, drawn per matching request from a PRNG seeded with `randomSeed`, so runs repeat exactly. */
    probability?: number;
    /** Apply to the first N matching requests only (with `probability`: stop after N injections). */
    count?: number;
    /** For "status": e.g. 429, 503, 502. */
    status?: number;
    /** Retry-After header value for "status" (anything, including garbage, is sent verbatim). */
    retryAfter?: string;
    /** Raw body for "status" (e.g. an HTML error page); default the API's JSON error body. */
    body?: string;
    contentType?: string;
    /** For "latency": extra delay in ms. */
    latencyMs?: number;
    /**
     * For "truncate": "end" (default) sends the first half of the body as if it
     * were complete, so the client sees a 2xx with unparseable JSON; "close"
     * announces the full Content-Length and cuts the connection mid-body.
     */
    truncateMode?: "end" | "close";
}

export interface SimRequest {
    method: string;
    /** Path relative to the base path, without a trailing slash. */
    path: string;
    query: Record<string, string>;
    /** Parsed JSON (or form) body; undefined when absent or unparseable. */
    body: unknown;
    rawBody: string;
    /** Set when a body was sent but could not be parsed; the route decides what that means. */
    bodyError?: string;
    headers: http.IncomingHttpHeaders;
    /** Values of `:name` segments in the route path. */
    params: Record<string, string>;
}

export interface SimResponse {
    status: number;
    /** Serialised as JSON, unless it is a string and a content-type header is given. */
    body?: unknown;
    headers?: Record<string, string>;
}

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

export interface Route {
    method: string;
    /** Relative to the base path; `:name` segments match one path segment. */
    path: string;
    handler: Handler;
}

export interface RequestLogEntry {
    method: string;
    /** Relative to the base path (the full path when the request was outside it). */
    path: string;
    query: Record<string, string>;
    body: unknown;
    /** null when the request was dropped, hung, or is still in flight. */
    status: number | null;
    fault?: FaultKind;
    /** Answered 429 by the throttling mode (a server at capacity), not by a fault rule. */
    throttled?: true;
    /** ms since the epoch. */
    startedAt: number;
    /** null while in flight. */
    durationMs: number | null;
}

export interface SimulatorCoreOptions {
    routes: Route[];
    /** e.g. "/api/v2"; default "" (routes are absolute paths). */
    basePath?: string;
    /** Default 0: an ephemeral port. The server always binds 127.0.0.1. */
    port?: number;
    /** Added to every request before it is answered. */
    latencyMs?: number;
    faults?: FaultRule[];
    /** Seed of the PRNG behind FaultRule.probability; default 1. */
    randomSeed?: number;
    /** The API's JSON error body, used for 404/405/500, throttled 429s and "status" faults without a raw body. */
    errorBody?: (status: number, message: string, req: SimRequest) => unknown;
    /**
     * Last word on every answer the server sends, whoever produced it (route,
     * 404/405, fault, throttle): the place for headers a real API puts on
     * every response, such as Webex's TrackingID.
     */
    finalize?: (res: SimResponse, req: SimRequest) => SimResponse;
    /** A server's capacity: 429 above N requests in flight or R per second. Off by default. */
    throttle?: ThrottleOptions;
}

export interface SimulatorCore {
    /** http://127.0.0.1:PORT plus the base path. */
    readonly url: string;
    readonly port: number;
    close(): Promise<void>;
    requests(): RequestLogEntry[];
    clearRequests(): void;
    /** Replaces all fault rules (an empty list clears them) and restarts their counts. */
    setFaults(rules: FaultRule[]): void;
    addFault(rule: FaultRule): void;
    /** Faults injected so far, by kind (every kind present, 0 when none). */
    faultStats(): Record<string, number>;
    /** Changes the throttling limits at run time; undefined turns throttling off. */
    setThrottle(opts: ThrottleOptions | undefined): void;
    /** Requests admitted and throttled, in flight now and at the peak (counted even with throttling off). */
    throttleStats(): ThrottleStats;
    resetThrottleStats(): void;
}

const FAULT_KINDS: FaultKind[] = ["status", "drop", "dropAfterApply", "hang", "truncate", "latency"];
const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** mulberry32: tiny, seedable and good enough to decide which requests fail. */
export function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

interface ActiveRule {
    rule: FaultRule;
    applied: number;
}

interface CompiledRoute extends Route {
    segments: string[];
}

export async function startSimulatorCore(opts: SimulatorCoreOptions): Promise<SimulatorCore> {
    const basePath = trimSlash(opts.basePath ?? "");
    const routes: CompiledRoute[] = opts.routes.map((r) => ({ ...r, method: r.method.toUpperCase(), segments: splitPath(r.path) }));
    const errorBody = opts.errorBody ?? ((status: number, message: string) => ({ error: message, status }));
    const random = seededRandom(opts.randomSeed ?? 1);
    const finalize = opts.finalize ?? ((r: SimResponse) => r);
    const throttle = new Throttle(opts.throttle);
    const log: RequestLogEntry[] = [];
    const stats: Record<string, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0]));
    let rules: ActiveRule[] = [];
    let closed = false;
    // Pending latency waits: close() must release them instead of leaving timers that keep node alive.
    const sleepers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
    const sockets = new Set<Socket>();

    const setFaults = (list: FaultRule[]) => {
        rules = list.map((rule) => ({ rule, applied: 0 }));
    };
    setFaults(opts.faults ?? []);

    const sleep = (ms: number) =>
        ms <= 0
            ? Promise.resolve()
            : new Promise<void>((resolve) => {
                  const s = {
                      timer: setTimeout(() => {
                          sleepers.delete(s);
                          resolve();
                      }, ms),
                      resolve,
                  };
                  sleepers.add(s);
              });

    /** Latency rules add up; the first other matching rule decides the request's fate. */
    const pickFaults = (method: string, path: string): { extraLatency: number; fault?: FaultRule; latencyHit: boolean } => {
        let extraLatency = 0;
        let latencyHit = false;
        let fault: FaultRule | undefined;
        for (const active of rules) {
            const r = active.rule;
            if (r.kind !== "latency" && fault) {
                continue;
            }
            if (r.method && r.method.toUpperCase() !== method) {
                continue;
            }
            if (r.path !== undefined && !(typeof r.path === "string" ? (trimSlash(r.path) || "/") === path : r.path.test(path))) {
                continue;
            }
            if (r.count !== undefined && active.applied >= r.count) {
                continue;
            }
            if (r.probability !== undefined && random() >= r.probability) {
                continue;
            }
            active.applied++;
            stats[r.kind] = (stats[r.kind] ?? 0) + 1;
            if (r.kind === "latency") {
                extraLatency += r.latencyMs ?? 0;
                latencyHit = true;
            } else {
                fault = r;
            }
        }
        return { extraLatency, fault, latencyHit };
    };

    const match = (method: string, path: string): { route?: CompiledRoute; params: Record<string, string>; pathKnown: boolean } => {
        const segs = splitPath(path);
        let pathKnown = false;
        for (const r of routes) {
            const params = matchSegments(r.segments, segs);
            if (!params) {
                continue;
            }
            pathKnown = true;
            if (r.method === method) {
                return { route: r, params, pathKnown };
            }
        }
        return { params: {}, pathKnown };
    };

    const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
        const startedAt = Date.now();
        const raw = await readBody(req).catch(() => undefined);
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const method = (req.method ?? "GET").toUpperCase();
        const fullPath = trimSlash(safeDecode(url.pathname)) || "/";
        const inBase = basePath === "" || fullPath === basePath || fullPath.startsWith(basePath + "/");
        const path = inBase ? trimSlash(fullPath.slice(basePath.length)) || "/" : fullPath;
        const query: Record<string, string> = {};
        url.searchParams.forEach((v, k) => {
            query[k] = v;
        });
        const parsed = parseBody(raw ?? "", req.headers["content-type"]);
        const simReq: SimRequest = { method, path, query, body: parsed.body, rawBody: raw ?? "", bodyError: parsed.error, headers: req.headers, params: {} };
        const entry: RequestLogEntry = { method, path, query, body: parsed.body ?? (raw ? raw : undefined), status: null, startedAt, durationMs: null };
        log.push(entry);
        const finish = (status: number | null) => {
            entry.status = status;
            entry.durationMs = Date.now() - startedAt;
        };
        if (raw === undefined) {
            // Body too large or the client went away.
            finish(null);
            req.socket.destroy();
            return;
        }

        // A server at capacity refuses at the door, before any work or fault rule.
        const decision = throttle.decide();
        if (!decision.admit) {
            entry.throttled = true;
            const message = decision.reason === "inFlight" ? "Too many requests in flight" : "Too many requests per second";
            send(res, finalize({ status: 429, body: errorBody(429, message, simReq), headers: { "Retry-After": String(decision.retryAfterSeconds) } }, simReq));
            finish(429);
            return;
        }
        res.once("close", () => throttle.release());

        const { extraLatency, fault, latencyHit } = pickFaults(method, path);
        if (fault) {
            entry.fault = fault.kind;
        } else if (latencyHit) {
            entry.fault = "latency";
        }
        await sleep((opts.latencyMs ?? 0) + extraLatency);
        if (closed || res.destroyed) {
            finish(null);
            return;
        }

        if (fault?.kind === "status") {
            const status = fault.status ?? 503;
            const headers: Record<string, string> = {};
            if (fault.retryAfter !== undefined) {
                headers["Retry-After"] = fault.retryAfter;
            }
            if (fault.body !== undefined) {
                headers["Content-Type"] = fault.contentType ?? "text/html; charset=utf-8";
                send(res, finalize({ status, body: fault.body, headers }, simReq));
            } else {
                send(res, finalize({ status, body: errorBody(status, http.STATUS_CODES[status] ?? "Injected fault", simReq), headers }, simReq));
            }
            finish(status);
            return;
        }
        if (fault?.kind === "drop") {
            finish(null);
            req.socket.destroy();
            return;
        }
        if (fault?.kind === "hang") {
            // Never answered; close() destroys the socket. The log shows status null.
            return;
        }

        const found = inBase ? match(method, path) : { params: {}, pathKnown: false };
        let response: SimResponse;
        if (!found.route) {
            const status = found.pathKnown ? 405 : 404;
            const message = found.pathKnown ? `Method ${method} not allowed on ${path}` : `Not found: ${method} ${fullPath}`;
            response = { status, body: errorBody(status, message, simReq) };
        } else {
            simReq.params = found.params;
            try {
                response = await found.route.handler(simReq);
            } catch (e) {
                response = { status: 500, body: errorBody(500, `Simulator error: ${(e as Error).message}`, simReq) };
            }
        }
        if (closed || res.destroyed) {
            finish(null);
            return;
        }

        if (fault?.kind === "dropAfterApply") {
            // The state changed but the client never learns the outcome.
            finish(null);
            req.socket.destroy();
            return;
        }
        response = finalize(response, simReq);
        if (fault?.kind === "truncate") {
            sendTruncated(res, response, fault.truncateMode ?? "end");
            finish(response.status);
            return;
        }
        send(res, response);
        finish(response.status);
    };

    const server = http.createServer((req, res) => {
        handle(req, res).catch(() => {
            if (!res.headersSent && !res.destroyed) {
                res.statusCode = 500;
                res.end();
            }
        });
    });
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });

    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port ?? 0, "127.0.0.1", () => {
            server.off("error", reject);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;

    return {
        url: `http://127.0.0.1:${port}${basePath}`,
        port,
        close: async () => {
            if (closed) {
                return;
            }
            closed = true;
            for (const s of sleepers) {
                clearTimeout(s.timer);
                s.resolve();
            }
            sleepers.clear();
            const done = new Promise<void>((resolve) => server.close(() => resolve()));
            server.closeAllConnections();
            for (const s of sockets) {
                s.destroy();
            }
            await done;
            const now = Date.now();
            for (const e of log) {
                if (e.durationMs === null) {
                    e.durationMs = now - e.startedAt;
                }
            }
        },
        requests: () => log.map((e) => ({ ...e, query: { ...e.query } })),
        clearRequests: () => {
            log.length = 0;
        },
        setFaults,
        addFault: (rule) => {
            rules.push({ rule, applied: 0 });
        },
        faultStats: () => ({ ...stats }),
        setThrottle: (t) => throttle.configure(t),
        throttleStats: () => throttle.stats(),
        resetThrottleStats: () => throttle.resetStats(),
    };
}

function send(res: http.ServerResponse, r: SimResponse): void {
    const { text, contentType } = serialise(r);
    res.writeHead(r.status, {
        ...(contentType ? { "Content-Type": contentType } : {}),
        "Content-Length": Buffer.byteLength(text),
        ...r.headers,
    });
    res.end(text);
}

function sendTruncated(res: http.ServerResponse, r: SimResponse, mode: "end" | "close"): void {
    const { text, contentType } = serialise(r);
    const full = Buffer.from(text);
    const half = full.subarray(0, Math.floor(full.length / 2));
    res.writeHead(r.status, {
        ...(contentType ? { "Content-Type": contentType } : {}),
        "Content-Length": mode === "end" ? half.length : full.length,
        ...r.headers,
    });
    if (mode === "end") {
        res.end(half);
        return;
    }
    res.write(half, () => res.socket?.destroy());
}

function serialise(r: SimResponse): { text: string; contentType?: string } {
    const explicit = Object.entries(r.headers ?? {}).find(([k]) => k.toLowerCase() === "content-type")?.[1];
    if (typeof r.body === "string" && explicit) {
        return { text: r.body };
    }
    if (r.body === undefined) {
        return { text: "" };
    }
    return { text: JSON.stringify(r.body), contentType: explicit ? undefined : "application/json" };
}

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY_BYTES) {
                reject(new Error("body too large"));
                req.destroy();
                return;
            }
            chunks.push(c);
        });
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

function parseBody(raw: string, contentType: string | undefined): { body?: unknown; error?: string } {
    if (raw.trim() === "") {
        return {};
    }
    try {
        return { body: JSON.parse(raw) };
    } catch (e) {
        // Some scripts post credentials form-encoded (and curl -d labels JSON that way), so JSON wins when it parses.
        if (contentType && /application\/x-www-form-urlencoded/i.test(contentType)) {
            return { body: Object.fromEntries(new URLSearchParams(raw)) };
        }
        return { error: (e as Error).message };
    }
}

function safeDecode(p: string): string {
    try {
        return decodeURIComponent(p);
    } catch {
        return p;
    }
}

function trimSlash(p: string): string {
    return p.length > 1 && p.endsWith("/") ? trimSlash(p.slice(0, -1)) : p === "/" ? "" : p;
}

function splitPath(p: string): string[] {
    return p.split("/").filter((s) => s !== "");
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
    if (pattern.length !== actual.length) {
        return undefined;
    }
    const params: Record<string, string> = {};
    for (let i = 0; i < pattern.length; i++) {
        if (pattern[i].startsWith(":")) {
            params[pattern[i].slice(1)] = actual[i];
        } else if (pattern[i] !== actual[i]) {
            return undefined;
        }
    }
    return params;
}
