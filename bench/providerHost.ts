import { ChildProcess, spawn } from "child_process";
import * as path from "path";

/**
 * Drives the REAL dynamic-provider host shipped in @pulumi/pulumi the way the
 * engine does: the provider is serialized with the SDK's own closure
 * serializer (exactly as pulumi.dynamic.Resource does), the host runs as a
 * child process, and every call goes over gRPC with the SDK's protobuf stubs.
 *
 * The benchmarks' copy of tests/helpers/providerHost.ts (same API), so they
 * run without the test tree; the tests' helper can become a re-export of this
 * file once no branch is changing it.
 */

/** The repository root (the host runs there, so it resolves pulumi-trunking as a program would). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Serializes a provider as pulumi.dynamic.Resource does (dynamic/index.js serializeFunctionMaybeSecret). */
export async function serializeProvider(provider: object): Promise<string> {
    const sc = require("@pulumi/pulumi/runtime/closure/serializeClosure");
    const sf = await sc.serializeFunction(() => provider, { allowSecrets: true });
    return sf.text as string;
}

export interface DiffResult {
    changes: "none" | "some" | "unknown";
    replaces: string[];
    deleteBeforeReplace: boolean;
}

export interface InitFailure {
    id: string;
    properties: Record<string, unknown>;
    reasons: string[];
}

export interface HostError extends Error {
    initFailure?: InitFailure;
}

export interface ProviderHost {
    configure(variables: Record<string, string>): Promise<void>;
    check(urn: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs: Record<string, any>; failures: Array<{ property: string; reason: string }> }>;
    diff(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<DiffResult>;
    create(urn: string, props: Record<string, unknown>): Promise<{ id: string; properties: Record<string, any> }>;
    read(urn: string, id: string, properties: Record<string, unknown>, inputs?: Record<string, unknown>): Promise<{ id: string; properties: Record<string, any>; inputs?: Record<string, any> }>;
    update(urn: string, id: string, olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ properties: Record<string, any> }>;
    delete(urn: string, id: string, props: Record<string, unknown>): Promise<void>;
    /** Everything the host printed after its port line (stdout and stderr). */
    logs(): string;
    close(): Promise<void>;
}

export interface StartOptions {
    /** Replaces the child's environment (defaults to this process's, minus ODIN_* and WEBEX_*). */
    env?: NodeJS.ProcessEnv;
}

/** Adds the serialized provider the way the engine sends it with every call. */
export function withProvider(text: string, props: Record<string, unknown>): Record<string, unknown> {
    return { ...props, __provider: text };
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::trunking::${type}::${name}`;
}

export async function startProviderHost(opts: StartOptions = {}): Promise<ProviderHost> {
    const grpc = require("@grpc/grpc-js");
    const services = require("@pulumi/pulumi/proto/provider_grpc_pb");
    const pb = require("@pulumi/pulumi/proto/provider_pb");
    const structpb = require("google-protobuf/google/protobuf/struct_pb");
    const statuspb = require("@pulumi/pulumi/proto/status_pb");

    const env = opts.env ?? cleanEnv(process.env);
    const hostDir = path.dirname(require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js"));
    // The engine address is required but never dialled by the dynamic host.
    const child: ChildProcess = spawn(process.execPath, [hostDir, "127.0.0.1:1"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let logs = "";
    const port = await new Promise<number>((resolve, reject) => {
        let first = "";
        const onData = (d: Buffer) => {
            first += d.toString();
            const nl = first.indexOf("\n");
            if (nl >= 0) {
                child.stdout!.off("data", onData);
                logs += first.slice(nl + 1);
                child.stdout!.on("data", (x: Buffer) => (logs += x.toString()));
                resolve(Number(first.slice(0, nl).trim()));
            }
        };
        child.stdout!.on("data", onData);
        child.stderr!.on("data", (x: Buffer) => (logs += x.toString()));
        child.once("exit", (code) => reject(new Error(`provider host exited (${code}) before printing its port: ${logs}`)));
        setTimeout(() => reject(new Error("provider host did not print its port within 20 s")), 20_000).unref();
    });
    const client = new services.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const toStruct = (o: Record<string, unknown>) => structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(o ?? {})));

    const call = <T>(method: string, req: unknown): Promise<T> =>
        new Promise((resolve, reject) => {
            client[method](req, (err: any, res: T) => {
                if (err) {
                    const e: HostError = new Error(`${method}: ${err.details ?? err.message}`);
                    const bin = err.metadata?.get?.("grpc-status-details-bin")?.[0];
                    if (bin) {
                        const status = statuspb.Status.deserializeBinary(bin);
                        for (const any of status.getDetailsList()) {
                            const f = any.unpack(pb.ErrorResourceInitFailed.deserializeBinary, "pulumirpc.ErrorResourceInitFailed");
                            if (f) {
                                e.initFailure = { id: f.getId(), properties: f.getProperties()?.toJavaScript() ?? {}, reasons: f.getReasonsList() };
                            }
                        }
                    }
                    reject(e);
                } else {
                    resolve(res);
                }
            });
        });

    return {
        async configure(variables) {
            const req = new pb.ConfigureRequest();
            // acceptSecrets comes back false: the engine then sends secrets as plain values, as here.
            req.setArgs(toStruct(variables));
            const vars = req.getVariablesMap();
            for (const [k, v] of Object.entries(variables)) {
                vars.set(k, v);
            }
            await call("configure", req);
        },
        async check(urn, olds, news) {
            const req = new pb.CheckRequest();
            req.setUrn(urn);
            req.setOlds(toStruct(olds));
            req.setNews(toStruct(news));
            const res = await call<any>("check", req);
            return {
                inputs: res.getInputs()?.toJavaScript() ?? {},
                failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
            };
        },
        async diff(urn, id, olds, news) {
            const req = new pb.DiffRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setOlds(toStruct(olds));
            req.setNews(toStruct(news));
            const res = await call<any>("diff", req);
            const c = res.getChanges();
            const D = pb.DiffResponse.DiffChanges;
            return {
                changes: c === D.DIFF_SOME ? "some" : c === D.DIFF_NONE ? "none" : "unknown",
                replaces: res.getReplacesList(),
                deleteBeforeReplace: res.getDeletebeforereplace(),
            };
        },
        async create(urn, props) {
            const req = new pb.CreateRequest();
            req.setUrn(urn);
            req.setProperties(toStruct(props));
            const res = await call<any>("create", req);
            return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {} };
        },
        async read(urn, id, properties, inputs) {
            const req = new pb.ReadRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setProperties(toStruct(properties));
            if (inputs) {
                req.setInputs(toStruct(inputs));
            }
            const res = await call<any>("read", req);
            return { id: res.getId(), properties: res.getProperties()?.toJavaScript() ?? {}, inputs: res.getInputs()?.toJavaScript() };
        },
        async update(urn, id, olds, news) {
            const req = new pb.UpdateRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setOlds(toStruct(olds));
            req.setNews(toStruct(news));
            const res = await call<any>("update", req);
            return { properties: res.getProperties()?.toJavaScript() ?? {} };
        },
        async delete(urn, id, props) {
            const req = new pb.DeleteRequest();
            req.setUrn(urn);
            req.setId(id);
            req.setProperties(toStruct(props));
            await call("delete", req);
        },
        logs: () => logs,
        async close() {
            client.close();
            if (child.exitCode === null) {
                const exited = new Promise((r) => child.once("exit", r));
                child.kill("SIGTERM");
                await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
                if (child.exitCode === null) {
                    child.kill("SIGKILL");
                }
            }
        },
    };
}

/** The host must get its credentials from Configure in these tests, not from our shell. */
export function cleanEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const out: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(env)) {
        if (!/^(ODIN_|WEBEX_)/.test(k)) {
            out[k] = v;
        }
    }
    return out;
}
