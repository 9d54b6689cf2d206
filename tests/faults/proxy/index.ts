/**
 * An independent fault proxy: an HTTP server on 127.0.0.1 that sits between a
 * client and an upstream API (a simulator) and breaks a seeded share of the
 * traffic the ways real networks and gateways do. It imports no product code
 * and does not use the simulators' own fault injection, so the product cannot
 * have been written around it.
 *
 *   const proxy = await startFaultProxy({ upstream: sim.url, seed: 7, rate: 0.25 });
 *   // point the client at proxy.url instead of sim.url
 *   proxy.stats();            // requests, upstream sends, faults by kind, revocations
 *   proxy.log();              // one entry per request: method, path, fault, statuses
 *   proxy.inject({ kind: "slow-drip", method: "GET", count: 1 });   // a forced fault
 *   proxy.revokeTokens();     // now, besides any revoke schedule
 *   await proxy.close();
 *
 * Deterministic for a seed: whether a request is faulted, and how, depends on
 * the seed, the request (method, URL, body) and how many identical requests
 * came before it, not on arrival order, so concurrent clients meet the same
 * faults on every run. Bounded: request and answer bodies are capped, the
 * upstream call times out, a slow drip stops after dripMaxMs, and close() ends
 * every connection and timer.
 */
import * as http from "http";
import type { AddressInfo, Socket } from "net";
import { FAULT_KINDS, FaultKind, NEEDS_ANSWER, NOT_FORWARDED, chooseKind, isFaultKind, kindsFor } from "./kinds";
import { HTML_200, HTML_404, emptyArray, gatewayPage, otherObject, removeField, wrongType } from "./mutate";
import { requestRandom } from "./rng";

export { FAULT_KINDS, type FaultKind } from "./kinds";

export interface FaultProxyOptions {
    /** The upstream API base, e.g. sim.url ("http://127.0.0.1:PORT/api/v2"). The proxy keeps its path. */
    upstream: string;
    /** Default 1. */
    seed?: number;
    /** Share of requests faulted, 0..1; default 0 (only forced faults). */
    rate?: number;
    /** Kinds to draw from (default all), or weights per kind (absent = 0). */
    kinds?: readonly FaultKind[] | Partial<Record<FaultKind, number>>;
    /** Only requests this accepts are faulted at random (forced faults have their own match). */
    match?: (req: { method: string; path: string }) => boolean;
    /** Stop injecting random faults after this many; default unlimited. */
    maxFaults?: number;
    /** Retry-After sent with the "429" kind; default "1". */
    retryAfter?: string;
    /** Slow drip: one byte per interval (default 300 ms), for at most dripMaxMs (default 30 s), then the connection is cut. */
    dripIntervalMs?: number;
    dripMaxMs?: number;
    /** Upstream answer timeout; default 30 s. */
    upstreamTimeoutMs?: number;
    /** Revoke tokens on a schedule: every `ms` milliseconds and/or every `requests` requests. */
    revokeEvery?: { ms?: number; requests?: number };
    /**
     * Called on every revocation, e.g. `() => sim.expireTokens()` so the server
     * itself invalidates its tokens. Without it the proxy revokes by itself:
     * every Authorization value seen so far is answered 401 from then on.
     */
    onRevoke?: () => void | Promise<void>;
    /** Body of the proxy's own 401 for a revoked token; default {"error": "...", "message": "..."}. */
    revokedBody?: string;
    /** Default 0 (ephemeral). Always bound to 127.0.0.1. */
    port?: number;
    /**
     * Awaited at two moments of every request that is forwarded: "before"
     * it goes upstream, and "after" the upstream answered, before the client
     * gets the answer. A crash test kills the client here: at "before" the
     * API never saw the request (answer "drop" and it never will: the
     * connection is cut), at "after" it applied it.
     */
    onForward?: (e: ForwardEvent) => void | "drop" | Promise<void | "drop">;
}

export interface ForwardEvent {
    method: string;
    /** Relative to the upstream's base path, without the query. */
    path: string;
    stage: "before" | "after";
    /** The upstream's status, at "after". */
    status?: number;
}

/** A fault forced onto the next matching request(s), whatever the rate. */
export interface InjectedFault {
    kind: FaultKind;
    method?: string;
    /** Matched against the path without the query; a string must match exactly. */
    path?: string | RegExp;
    /** Default 1. */
    count?: number;
    /** Matching requests to let through first (e.g. 1: the second matching request is the first faulted). Default 0. */
    after?: number;
    /** For "missing-field" and "wrong-type": this field, instead of one drawn at random. */
    field?: string;
}

export interface ProxyLogEntry {
    seq: number;
    method: string;
    /** Path and query as the client sent them. */
    url: string;
    fault?: FaultKind;
    /** A kind drawn for this request that its answer did not fit (passed through unchanged). */
    skipped?: FaultKind;
    /** True when answered 401 because the proxy revoked the token. */
    revoked?: boolean;
    /** Statuses of the upstream answers (two for "duplicate", none when not forwarded). */
    upstream: number[];
    /** What the client got: a status, "reset", or "cut" (headers, then the connection closed). */
    answer?: number | "reset" | "cut";
    startedAt: number;
    durationMs?: number;
}

export interface ProxyStats {
    requests: number;
    /** Requests sent upstream (a duplicate counts twice). */
    upstreamRequests: number;
    /** Faults injected, by kind (every kind present, 0 when none). */
    faults: Record<FaultKind, number>;
    totalFaults: number;
    revocations: number;
    revoked401: number;
}

export interface FaultProxy {
    /** http://127.0.0.1:PORT plus the upstream's base path. */
    readonly url: string;
    readonly port: number;
    stats(): ProxyStats;
    log(): ProxyLogEntry[];
    clearLog(): void;
    setRate(rate: number): void;
    inject(fault: InjectedFault): void;
    revokeTokens(): Promise<void>;
    close(): Promise<void>;
}

const MAX_BODY = 8 * 1024 * 1024;
const MAX_LOG = 100_000;
const MAX_REMEMBERED = 50;
const HOP_HEADERS = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "host", "proxy-connection", "upgrade", "te", "trailer"]);

interface Answer {
    status: number;
    headers: Record<string, string | string[]>;
    body: Buffer;
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
    const upstream = new URL(opts.upstream);
    if (upstream.protocol !== "http:") {
        throw new Error(`fault proxy: upstream must be an http:// URL, got ${upstream.protocol}`);
    }
    const basePath = upstream.pathname.replace(/\/+$/, "");
    const seed = opts.seed ?? 1;
    let rate = clampRate(opts.rate ?? 0);
    const weights = normalizeKinds(opts.kinds);
    const enabled = FAULT_KINDS.filter((k) => (weights[k] ?? 0) > 0);
    const dripInterval = opts.dripIntervalMs ?? 300;
    const dripMax = opts.dripMaxMs ?? 30_000;
    const upstreamTimeout = opts.upstreamTimeoutMs ?? 30_000;

    const faults = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
    const counters = { requests: 0, upstreamRequests: 0, totalFaults: 0, revocations: 0, revoked401: 0 };
    const occurrences = new Map<string, number>();
    const injected: Array<InjectedFault & { left: number; skip: number }> = [];
    const log: ProxyLogEntry[] = [];
    const seenAuth = new Set<string>();
    const revokedAuth = new Set<string>();
    // Recent 2xx JSON object bodies per method and path, for "other-object".
    const remembered = new Map<string, string[]>();
    const sockets = new Set<Socket>();
    const timers = new Set<NodeJS.Timeout>();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    let closed = false;

    const revoke = async (): Promise<void> => {
        counters.revocations++;
        if (opts.onRevoke) {
            await opts.onRevoke();
        } else {
            for (const a of seenAuth) {
                revokedAuth.add(a);
            }
        }
    };

    const forward = (req: http.IncomingMessage, body: Buffer): Promise<Answer> =>
        new Promise((resolve, reject) => {
            counters.upstreamRequests++;
            const headers: Record<string, string | string[]> = {};
            for (const [k, v] of Object.entries(req.headers)) {
                if (v !== undefined && !HOP_HEADERS.has(k)) {
                    headers[k] = v;
                }
            }
            headers["content-length"] = String(body.length);
            const up = http.request(
                { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent, timeout: upstreamTimeout },
                (res) => {
                    readBody(res)
                        .then((b) => resolve({ status: res.statusCode ?? 502, headers: answerHeaders(res.headers), body: b }))
                        .catch(reject);
                },
            );
            up.on("timeout", () => up.destroy(new Error(`upstream did not answer within ${upstreamTimeout} ms`)));
            up.on("error", reject);
            up.end(body);
        });

    const answerHeaders = (h: http.IncomingHttpHeaders): Record<string, string | string[]> => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(h)) {
            if (v === undefined || HOP_HEADERS.has(k)) {
                continue;
            }
            // Links and redirects name the upstream; point them at the proxy.
            out[k] = k === "link" || k === "location" ? rewriteOrigin(v, upstream.origin, ownOrigin()) : v;
        }
        return out;
    };

    let port = 0;
    const ownOrigin = () => `http://127.0.0.1:${port}`;

    let forcedField: string | undefined;
    const forced = (method: string, url: string): FaultKind | undefined => {
        forcedField = undefined;
        const path = url.split("?")[0];
        for (const f of injected) {
            if (f.left > 0 && (!f.method || f.method.toUpperCase() === method) && pathMatches(f.path, path, basePath)) {
                if (f.skip > 0) {
                    f.skip--;
                    continue;
                }
                f.left--;
                forcedField = f.field;
                return f.kind;
            }
        }
        return undefined;
    };

    const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
        const started = Date.now();
        const method = (req.method ?? "GET").toUpperCase();
        const url = req.url ?? "/";
        const entry: ProxyLogEntry = { seq: ++counters.requests, method, url, upstream: [], startedAt: started };
        if (log.length < MAX_LOG) {
            log.push(entry);
        }
        const finish = (answer: ProxyLogEntry["answer"]) => {
            entry.answer = answer;
            entry.durationMs = Date.now() - started;
        };
        let body: Buffer;
        try {
            body = await readBody(req);
        } catch {
            req.socket.destroy();
            finish("reset");
            return;
        }

        // The random draw happens for every request, faulted or not, so that
        // one request's fate never depends on whether another was faulted.
        const key = `${method} ${url} ${body.toString("utf8")}`;
        const n = (occurrences.get(key) ?? 0) + 1;
        occurrences.set(key, n);
        const random = requestRandom(seed, key, n);
        const roll = random();
        let kind = forced(method, url);
        const field = forcedField;
        const path = url.split("?")[0];
        if (
            !kind &&
            roll < rate &&
            (opts.maxFaults === undefined || counters.totalFaults < opts.maxFaults) &&
            (!opts.match || opts.match({ method, path: stripBase(path, basePath) }))
        ) {
            kind = chooseKind(random, kindsFor(method, enabled), weights);
        }

        const auth = req.headers.authorization;
        if (auth) {
            if (revokedAuth.has(auth)) {
                counters.revoked401++;
                entry.revoked = true;
                send(res, 401, { "content-type": "application/json" }, Buffer.from(opts.revokedBody ?? '{"error":"token revoked","message":"token revoked"}'));
                finish(401);
                return;
            }
            seenAuth.add(auth);
        }
        if (opts.revokeEvery?.requests && counters.requests % opts.revokeEvery.requests === 0) {
            void revoke();
        }

        const count = (k: FaultKind) => {
            faults[k]++;
            counters.totalFaults++;
            entry.fault = k;
        };

        if (kind && NOT_FORWARDED.has(kind)) {
            count(kind);
            if (kind === "reset-before") {
                req.socket.destroy();
                finish("reset");
                return;
            }
            if (kind === "empty-200-delete") {
                send(res, 200, { "content-type": "application/json" }, Buffer.alloc(0));
                finish(200);
                return;
            }
            const status = kind === "html-404" ? 404 : kind.startsWith("429") ? 429 : Number(kind);
            const headers: Record<string, string> = { "content-type": "text/html" };
            if (kind === "429") {
                headers["retry-after"] = opts.retryAfter ?? "1";
            }
            send(res, status, headers, Buffer.from(kind === "html-404" ? HTML_404 : gatewayPage(status)));
            finish(status);
            return;
        }

        let answer: Answer;
        if ((await opts.onForward?.({ method, path: stripBase(path, basePath), stage: "before" })) === "drop") {
            req.socket.destroy();
            finish("reset");
            return;
        }
        try {
            answer = await forward(req, body);
            entry.upstream.push(answer.status);
            if (kind === "duplicate") {
                answer = await forward(req, body);
                entry.upstream.push(answer.status);
            }
        } catch (e) {
            send(res, 502, { "content-type": "text/plain" }, Buffer.from(`fault proxy: upstream failed: ${(e as Error).message}`));
            finish(502);
            return;
        }
        // Another answer of the same call (a GET's for a GET, a POST's for a POST), as a gateway mixing up answers would hand out.
        rememberObject(remembered, `${method} ${path}`, answer);
        await opts.onForward?.({ method, path: stripBase(path, basePath), stage: "after", status: answer.status });

        if (kind && NEEDS_ANSWER.has(kind)) {
            const mutated = mutateAnswer(kind, answer, random, remembered.get(`${method} ${path}`) ?? [], field);
            if (mutated === undefined) {
                entry.skipped = kind;
                kind = undefined;
            } else {
                answer = mutated;
            }
        }
        if (!kind) {
            send(res, answer.status, answer.headers, answer.body);
            finish(answer.status);
            return;
        }
        count(kind);
        switch (kind) {
            case "duplicate":
                send(res, answer.status, answer.headers, answer.body);
                finish(answer.status);
                return;
            case "applied-500":
            case "applied-502":
            case "applied-503":
            case "applied-504": {
                const status = Number(kind.slice("applied-".length));
                send(res, status, { "content-type": "text/html" }, Buffer.from(gatewayPage(status)));
                finish(status);
                return;
            }
            case "reset-after":
                req.socket.destroy();
                finish("reset");
                return;
            case "empty-200":
            case "whitespace-200":
            case "null-200": {
                const text = kind === "empty-200" ? "" : kind === "whitespace-200" ? " \r\n\t " : "null";
                send(res, 200, { "content-type": "application/json" }, Buffer.from(text));
                finish(200);
                return;
            }
            case "html-200":
                send(res, 200, { "content-type": "text/html; charset=utf-8" }, Buffer.from(HTML_200));
                finish(200);
                return;
            case "truncate": {
                // Announce the whole body, send half, cut the connection.
                res.writeHead(answer.status, { ...answer.headers, "content-length": String(answer.body.length) });
                res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => req.socket.destroy());
                finish("cut");
                return;
            }
            case "slow-drip":
                drip(req, res, answer, dripInterval, dripMax, timers, (how) => finish(how));
                return;
            default:
                // The wrong-content kinds: the mutated answer as if it were the real one.
                send(res, answer.status, answer.headers, answer.body);
                finish(answer.status);
                return;
        }
    };

    const server = http.createServer((req, res) => {
        handle(req, res).catch(() => {
            if (!res.headersSent) {
                send(res, 500, { "content-type": "text/plain" }, Buffer.from("fault proxy internal error"));
            } else {
                req.socket.destroy();
            }
        });
    });
    server.keepAliveTimeout = 5_000;
    server.on("connection", (s) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
    });
    port = (server.address() as AddressInfo).port;

    if (opts.revokeEvery?.ms) {
        const t = setInterval(() => void revoke(), opts.revokeEvery.ms);
        t.unref();
        timers.add(t);
    }

    return {
        url: `${ownOrigin()}${basePath}`,
        port,
        stats: () => ({ ...counters, faults: { ...faults } }),
        log: () => log.map((e) => ({ ...e, upstream: [...e.upstream] })),
        clearLog: () => void log.splice(0),
        setRate: (r) => {
            rate = clampRate(r);
        },
        inject: (f) => {
            if (!isFaultKind(f.kind)) {
                throw new Error(`fault proxy: unknown fault kind "${String(f.kind)}"; known: ${FAULT_KINDS.join(", ")}`);
            }
            injected.push({ ...f, left: f.count ?? 1, skip: f.after ?? 0 });
        },
        revokeTokens: revoke,
        close: async () => {
            if (closed) {
                return;
            }
            closed = true;
            for (const t of timers) {
                clearInterval(t);
                clearTimeout(t);
            }
            for (const s of sockets) {
                s.destroy();
            }
            agent.destroy();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

function mutateAnswer(kind: FaultKind, answer: Answer, random: () => number, others: string[], field?: string): Answer | undefined {
    const ok = answer.status >= 200 && answer.status < 300;
    const text = answer.body.toString("utf8");
    const withBody = (t: string | undefined): Answer | undefined => (t === undefined ? undefined : { ...answer, body: Buffer.from(t) });
    switch (kind) {
        case "truncate":
        case "slow-drip":
            return answer.body.length >= 2 ? answer : undefined;
        case "missing-field":
            return ok ? withBody(removeField(text, random, field)) : undefined;
        case "wrong-type":
            return ok ? withBody(wrongType(text, random, field)) : undefined;
        case "empty-array":
            return ok ? withBody(emptyArray(text)) : undefined;
        case "other-object":
            return ok ? withBody(otherObject(text, others, random)) : undefined;
        default:
            return answer;
    }
}

function drip(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    answer: Answer,
    intervalMs: number,
    maxMs: number,
    timers: Set<NodeJS.Timeout>,
    done: (how: "cut" | number) => void,
): void {
    res.writeHead(answer.status, { ...answer.headers, "content-length": String(answer.body.length) });
    res.flushHeaders();
    const started = Date.now();
    let i = 0;
    const t = setInterval(() => {
        if (res.destroyed || req.socket.destroyed) {
            stop("cut");
        } else if (Date.now() - started >= maxMs) {
            req.socket.destroy();
            stop("cut");
        } else {
            res.write(answer.body.subarray(i, i + 1));
            i++;
            if (i >= answer.body.length) {
                res.end();
                stop(answer.status);
            }
        }
    }, intervalMs);
    timers.add(t);
    const stop = (how: "cut" | number) => {
        clearInterval(t);
        timers.delete(t);
        done(how);
    };
    res.on("close", () => {
        if (timers.has(t)) {
            stop("cut");
        }
    });
}

function send(res: http.ServerResponse, status: number, headers: Record<string, string | string[]>, body: Buffer): void {
    res.writeHead(status, { ...headers, "content-length": String(body.length) });
    res.end(body);
}

function readBody(stream: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on("data", (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY) {
                stream.destroy(new Error(`body larger than ${MAX_BODY} bytes`));
                return;
            }
            chunks.push(c);
        });
        stream.on("end", () => resolve(Buffer.concat(chunks)));
        stream.on("error", reject);
        stream.on("aborted", () => reject(new Error("aborted")));
    });
}

function rememberObject(store: Map<string, string[]>, path: string, answer: Answer): void {
    if (answer.status < 200 || answer.status >= 300) {
        return;
    }
    const text = answer.body.toString("utf8");
    if (!text.startsWith("{")) {
        return;
    }
    const list = store.get(path) ?? [];
    if (!list.includes(text)) {
        list.push(text);
        if (list.length > MAX_REMEMBERED) {
            list.shift();
        }
    }
    store.set(path, list);
}

function pathMatches(want: string | RegExp | undefined, path: string, basePath: string): boolean {
    if (want === undefined) {
        return true;
    }
    const rel = stripBase(path, basePath);
    return typeof want === "string" ? want === rel || want === path : want.test(rel);
}

function stripBase(path: string, basePath: string): string {
    return basePath && path.startsWith(basePath) ? path.slice(basePath.length) || "/" : path;
}

function rewriteOrigin(v: string | string[], from: string, to: string): string | string[] {
    return Array.isArray(v) ? v.map((x) => x.split(from).join(to)) : v.split(from).join(to);
}

function clampRate(r: number): number {
    if (!Number.isFinite(r) || r < 0 || r > 1) {
        throw new Error(`fault proxy: rate must be from 0 to 1, got ${r}`);
    }
    return r;
}

function normalizeKinds(kinds: FaultProxyOptions["kinds"]): Partial<Record<FaultKind, number>> {
    if (kinds === undefined) {
        return Object.fromEntries(FAULT_KINDS.map((k) => [k, 1]));
    }
    const entries: Array<[string, number]> = Array.isArray(kinds) ? kinds.map((k) => [k, 1]) : Object.entries(kinds as Record<string, number>);
    for (const [k] of entries) {
        if (!isFaultKind(k)) {
            throw new Error(`fault proxy: unknown fault kind "${k}"; known: ${FAULT_KINDS.join(", ")}`);
        }
    }
    return Object.fromEntries(entries) as Partial<Record<FaultKind, number>>;
}

/** The stats as a few aligned lines, for benchmarks and test output: totals, then faults by kind (non-zero first). */
export function formatProxyStats(s: ProxyStats): string {
    const kinds = (Object.entries(s.faults) as Array<[FaultKind, number]>).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const lines = [
        `requests ${s.requests}, sent upstream ${s.upstreamRequests}, faults ${s.totalFaults}, token revocations ${s.revocations} (${s.revoked401} answered 401 by the proxy)`,
        ...kinds.map(([k, n]) => `  ${k.padEnd(20)} ${n}`),
    ];
    return lines.join("\n");
}
