import { ChildProcess, spawn } from "child_process";
import { WIRE_FIELDS, wireJson } from "./wire";

/**
 * The REAL dynamic-provider host of the installed @pulumi/pulumi, started the
 * way the engine starts the `pulumi-resource-pulumi-nodejs` plugin
 * (sdk/nodejs/dist/pulumi-resource-pulumi-nodejs: `node <@pulumi/pulumi/cmd/dynamic-provider> <engine>`,
 * resolved from the program's directory, working directory = the program's),
 * and spoken to over gRPC with the SDK's own stubs. This module is transport
 * only: it records every request in order and lets a test act before or
 * after any of them (e.g. kill the process). What goes into each request is
 * decided by providerPlugin.ts.
 */

export type HostMethod =
    | "handshake"
    | "getPluginInfo"
    | "checkConfig2"
    | "checkConfig"
    | "diffConfig"
    | "configure"
    | "check"
    | "diff"
    | "create"
    | "read"
    | "update"
    | "delete"
    | "cancel";

/** gRPC method names, for requests sent as bytes built by hand (see wire.ts). */
const METHOD_PATH: Partial<Record<HostMethod, string>> = { handshake: "Handshake", checkConfig2: "CheckConfig2" };

/** The protobuf message each method sends (checkConfig2's is built by hand: see wire.ts). */
const REQUEST_TYPE: Record<Exclude<HostMethod, "checkConfig2">, keyof typeof WIRE_FIELDS> = {
    handshake: "ProviderHandshakeRequest",
    getPluginInfo: "Empty",
    checkConfig: "CheckRequest",
    diffConfig: "DiffRequest",
    configure: "ConfigureRequest",
    check: "CheckRequest",
    diff: "DiffRequest",
    create: "CreateRequest",
    read: "ReadRequest",
    update: "UpdateRequest",
    delete: "DeleteRequest",
    cancel: "Empty",
};

export interface InitFailure {
    id: string;
    properties: Record<string, unknown>;
    reasons: string[];
}

export interface HostRequest {
    /** 1-based position among all requests this engine sent to hosts in this command. */
    seq: number;
    method: HostMethod;
    /** 1-based count of this method in this command (the 2nd create has nth 2). */
    nth: number;
    urn?: string;
    /** What the request carries that the engine decides (olds, news, ids, ...), as plain JSON (fields named as in provider.proto). */
    request: Record<string, unknown>;
    /** The whole request as the real engine's PULUMI_DEBUG_GRPC log prints it (protojson; see wire.ts). */
    wire?: Record<string, unknown>;
    response?: Record<string, unknown>;
    error?: { code: number; message: string; initFailure?: InitFailure };
    /** The host process that got it. */
    hostPid?: number;
    /** ms since the epoch when it left and when its answer came back (overlaps show concurrency). */
    startedAt?: number;
    endedAt?: number;
}

export interface HostControl {
    /** SIGKILL the provider host, as a crash would. Requests after this fail with UNAVAILABLE. */
    kill(): Promise<void>;
    readonly pid: number | undefined;
}

export interface HostHooks {
    /** Called just before the request leaves; killing the host here means the request never arrives. */
    before?(req: HostRequest, host: HostControl): void | Promise<void>;
    /** Called when the answer (or error) arrived, before the engine acts on it. */
    after?(req: HostRequest, host: HostControl): void | Promise<void>;
}

export class HostError extends Error {
    constructor(
        message: string,
        readonly code: number,
        readonly initFailure?: InitFailure,
    ) {
        super(message);
    }
}

export interface HostProcessOptions {
    /** Directory the host runs in and resolves @pulumi/pulumi from (the program's directory). */
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** The node binary to run it with; default this process's. */
    node?: string;
    hooks?: HostHooks;
    /** Shared across hosts of one command so `seq`/`nth` count the whole command. */
    recorder: RequestRecorder;
}

export class RequestRecorder {
    readonly requests: HostRequest[] = [];
    private readonly perMethod = new Map<HostMethod, number>();

    open(method: HostMethod, urn: string | undefined, request: Record<string, unknown>): HostRequest {
        const nth = (this.perMethod.get(method) ?? 0) + 1;
        this.perMethod.set(method, nth);
        const r: HostRequest = { seq: this.requests.length + 1, method, nth, urn, request };
        this.requests.push(r);
        return r;
    }
}

const HOST_START_TIMEOUT_MS = 20_000;

/** What a provider host printed, stream by stream, in arrival order. */
export interface HostOutputChunk {
    stream: "stdout" | "stderr";
    text: string;
}

export class HostProcess implements HostControl {
    private logs = "";
    private chunks: HostOutputChunk[] = [];
    private closed = false;

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        private readonly opts: HostProcessOptions,
    ) {}

    get pid(): number | undefined {
        return this.child.pid;
    }

    static async start(opts: HostProcessOptions): Promise<HostProcess> {
        const grpc = require("@grpc/grpc-js");
        const services = require("@pulumi/pulumi/proto/provider_grpc_pb");
        const script = require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [opts.cwd] });
        // The engine address is required; the dynamic host never dials it.
        const child = spawn(opts.node ?? process.execPath, [script, "127.0.0.1:1"], { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
        let early = "";
        const earlyChunks: HostOutputChunk[] = [];
        const port = await new Promise<number>((resolve, reject) => {
            let first = "";
            const timer = setTimeout(() => reject(new Error(`provider host did not print its port within ${HOST_START_TIMEOUT_MS} ms: ${early}`)), HOST_START_TIMEOUT_MS);
            const onData = (d: Buffer) => {
                first += d.toString();
                const nl = first.indexOf("\n");
                if (nl >= 0) {
                    child.stdout!.off("data", onData);
                    clearTimeout(timer);
                    early += first.slice(nl + 1);
                    earlyChunks.push({ stream: "stdout", text: first.slice(nl + 1) });
                    resolve(Number(first.slice(0, nl).trim()));
                }
            };
            child.stdout!.on("data", onData);
            child.stderr!.on("data", (x: Buffer) => {
                early += x.toString();
                earlyChunks.push({ stream: "stderr", text: x.toString() });
            });
            child.once("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`provider host exited (${code}) before printing its port: ${early}`));
            });
        });
        const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const host = new HostProcess(child, client, opts);
        host.logs = early;
        host.chunks = earlyChunks;
        const record = (stream: HostOutputChunk["stream"]) => (x: Buffer) => {
            host.logs += x.toString();
            host.chunks.push({ stream, text: x.toString() });
        };
        child.stdout!.on("data", record("stdout"));
        child.stderr!.removeAllListeners("data");
        child.stderr!.on("data", record("stderr"));
        return host;
    }

    /** Every non-blank line the host printed after its port line, with the stream it came on. */
    lines(): HostOutputChunk[] {
        const out: HostOutputChunk[] = [];
        for (const stream of ["stdout", "stderr"] as const) {
            const text = this.chunks
                .filter((c) => c.stream === stream)
                .map((c) => c.text)
                .join("");
            out.push(...text.split("\n").filter((l) => l.trim() !== "").map((l) => ({ stream, text: l })));
        }
        return out;
    }

    /** Everything the host printed after its port line. */
    output(): string {
        return this.logs;
    }

    /** Neither exited nor closed. */
    alive(): boolean {
        return !this.closed && this.child.exitCode === null && this.child.signalCode === null;
    }

    async kill(): Promise<void> {
        if (this.child.exitCode === null && this.child.signalCode === null) {
            const exited = new Promise((r) => this.child.once("exit", r));
            this.child.kill("SIGKILL");
            await exited;
        }
    }

    /**
     * Sends one request. `record` is what the request carries, for the log and
     * the hooks; `req` is the protobuf message built from it (for
     * a request built by hand, its bytes, with `wire` its protojson).
     */
    async call<T>(method: HostMethod, urn: string | undefined, record: Record<string, unknown>, req: unknown, wire?: Record<string, unknown>): Promise<T> {
        const entry = this.opts.recorder.open(method, urn, record);
        entry.wire = wire ?? (method === "checkConfig2" ? undefined : wireJson(REQUEST_TYPE[method], req));
        const raw = req instanceof Uint8Array;
        await this.opts.hooks?.before?.(entry, this);
        entry.hostPid = this.child.pid;
        entry.startedAt = Date.now();
        let res: T;
        try {
            res = await new Promise<T>((resolve, reject) => {
                const done = (err: any, r: T): void => (err ? reject(err) : resolve(r));
                if (raw) {
                    // Built by hand (the installed stubs lack a method or field the engine's have): sent by its method path.
                    const bytes = (x: Uint8Array): Buffer => Buffer.from(x);
                    this.client.makeUnaryRequest(`/pulumirpc.ResourceProvider/${METHOD_PATH[method]}`, bytes, bytes, req, done);
                } else {
                    this.client[method](req, done);
                }
            });
        } catch (e) {
            entry.endedAt = Date.now();
            const err = toHostError(method, e);
            entry.error = { code: err.code, message: err.message, ...(err.initFailure ? { initFailure: err.initFailure } : {}) };
            await this.opts.hooks?.after?.(entry, this);
            throw err;
        }
        entry.endedAt = Date.now();
        entry.response = responseRecord(method, res);
        await this.opts.hooks?.after?.(entry, this);
        return res;
    }

    async close(): Promise<void> {
        if (this.closed) {
            return;
        }
        this.closed = true;
        this.client.close();
        if (this.child.exitCode === null && this.child.signalCode === null) {
            const exited = new Promise((r) => this.child.once("exit", r));
            this.child.kill("SIGTERM");
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 2000);
            await exited;
            clearTimeout(timer);
        }
    }
}

function toHostError(_method: string, e: any): HostError {
    const pb = require("@pulumi/pulumi/proto/provider_pb");
    const statuspb = require("@pulumi/pulumi/proto/status_pb");
    let initFailure: InitFailure | undefined;
    const bin = e?.metadata?.get?.("grpc-status-details-bin")?.[0];
    if (bin) {
        // The host packs a half-made create into the status details (grpcResponseFromError).
        const status = statuspb.Status.deserializeBinary(bin);
        for (const any of status.getDetailsList()) {
            const f = any.unpack(pb.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
            if (f) {
                initFailure = { id: f.getId(), properties: f.getProperties()?.toJavaScript() ?? {}, reasons: f.getReasonsList() };
            }
        }
    }
    return new HostError(String(e?.details ?? e?.message ?? e), typeof e?.code === "number" ? e.code : 2, initFailure);
}

function responseRecord(method: HostMethod, res: any): Record<string, unknown> {
    switch (method) {
        case "check":
        case "checkConfig":
            return {
                inputs: res.getInputs()?.toJavaScript(),
                failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
            };
        case "diff":
        case "diffConfig":
            return { changes: res.getChanges(), replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
        case "create":
            return { id: res.getId(), properties: res.getProperties()?.toJavaScript() };
        case "read":
            return { id: res.getId(), properties: res.getProperties()?.toJavaScript(), inputs: res.getInputs()?.toJavaScript() };
        case "update":
            return { properties: res.getProperties()?.toJavaScript() };
        case "configure":
            return { acceptSecrets: res.getAcceptsecrets(), acceptResources: res.getAcceptresources(), supportsPreview: res.getSupportspreview() };
        default:
            return {};
    }
}

/** The host must take its credentials from Configure in these tests, not from the test runner's shell. */
export function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const out: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(env)) {
        if (!/^(ODIN_|WEBEX_|PULUMI_CONFIG)/.test(k)) {
            out[k] = v;
        }
    }
    return out;
}
