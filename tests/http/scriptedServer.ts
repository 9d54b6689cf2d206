import * as http from "http";
import * as https from "https";
import type { AddressInfo, Socket } from "net";

/**
 * A tiny HTTP(S) server for transport tests: each request goes to a script
 * that sees how many requests came before it, so a test can answer the first
 * one with a fault and the next one properly. Binds 127.0.0.1 only.
 */
export interface Seen {
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
    body: string;
}

export type Script = (req: Seen, res: http.ServerResponse, n: number) => void;

export interface ScriptedServer {
    url: string;
    port: number;
    seen: Seen[];
    /** TCP connections accepted. */
    connections: number;
    close(): Promise<void>;
}

export async function startScripted(script: Script, tls?: { key: Buffer; cert: Buffer }): Promise<ScriptedServer> {
    const seen: Seen[] = [];
    const sockets = new Set<Socket>();
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
            const s: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
            seen.push(s);
            script(s, res, seen.length);
        });
    };
    const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    const state = { connections: 0 };
    server.on("connection", (s: Socket) => {
        state.connections++;
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `${tls ? "https" : "http"}://127.0.0.1:${port}/api`,
        port,
        seen,
        get connections() {
            return state.connections;
        },
        close: async () => {
            for (const s of sockets) {
                s.destroy();
            }
            await new Promise<void>((r) => server.close(() => r()));
        },
    };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    res.end(text);
}

/** A port nothing listens on: bind one, then free it. */
export async function freePort(): Promise<number> {
    const s = http.createServer();
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
    const port = (s.address() as AddressInfo).port;
    await new Promise<void>((r) => s.close(() => r()));
    return port;
}
