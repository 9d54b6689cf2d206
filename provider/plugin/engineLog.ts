/**
 * What the plugin has to say, where the person running pulumi sees it. The
 * engine hides a native provider's stderr (pkg/resource/plugin/plugin.go: only
 * the dynamic-provider hosts' output is shown; another plugin's goes to the
 * debug log, and is dumped only when the plugin dies), so the plugin sends
 * its warnings and info lines through the engine's Log service, attributed
 * to the resource whose request is running (the CLI lists them under it).
 * The handlers keep writing their lines to stderr as in the dynamic host;
 * main.ts hands each line to `lineToEngine`.
 */
import { AsyncLocalStorage } from "async_hooks";
import * as path from "path";

/** The URN of the request being served, for the lines its handlers write ("" outside a resource's request). */
export const requestUrn = new AsyncLocalStorage<string>();

export type Level = "debug" | "info" | "warn" | "error";

/** A line the kit's loggers write: `[pulumi-trunking odin warn] …` (util/log.ts), or the plugin's own `[pulumi-trunking warn] …`. */
const KIT_LINE = /^\[pulumi-trunking(?: ([^\] ]+))? (debug|info|warn|error)\] (.*)$/;

export function parseLine(line: string): { tag?: string; level: Level; message: string } | undefined {
    const m = KIT_LINE.exec(line);
    return m ? { tag: m[1], level: m[2] as Level, message: m[3] } : undefined;
}

interface Client {
    log(req: unknown, cb: (err: Error | null) => void): void;
    close(): void;
}

/** The engine's Log service at `address` (the plugin's first argument). Lines go out one at a time, in order. */
export class EngineLog {
    private readonly client: Client;
    private readonly proto: { LogRequest: new () => Record<string, (v: unknown) => unknown>; LogSeverity: Record<string, number> };
    private last: Promise<void> = Promise.resolve();

    constructor(address: string) {
        // The engine's protocol as the installed @pulumi/pulumi ships it, over its own grpc-js.
        const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
        const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] })) as { credentials: { createInsecure(): unknown } };
        const rpc = require("@pulumi/pulumi/proto/engine_grpc_pb") as { EngineClient: new (a: string, c: unknown) => Client };
        this.proto = require("@pulumi/pulumi/proto/engine_pb");
        this.client = new rpc.EngineClient(address, grpc.credentials.createInsecure());
    }

    /** Debug lines are only written with TRUNKING_DEBUG=1, which asks to see them: they are shown as info. */
    send(level: Level, message: string, urn: string): Promise<void> {
        const severity = { debug: "INFO", info: "INFO", warn: "WARNING", error: "ERROR" }[level];
        const req = new this.proto.LogRequest();
        req.setSeverity(this.proto.LogSeverity[severity]);
        req.setMessage(message);
        req.setUrn(urn);
        req.setStreamid(0);
        req.setEphemeral(false);
        this.last = this.last.then(
            () =>
                new Promise<void>((resolve) => {
                    // A line the engine cannot take stays in stderr, which the engine keeps in its debug log.
                    this.client.log(req, () => resolve());
                }),
        );
        return this.last;
    }

    close(): void {
        this.client.close();
    }
}
