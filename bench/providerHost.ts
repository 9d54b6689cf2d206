import { ChildProcess, spawn } from "child_process";
import * as path from "path";

/**
 * Drives the REAL dynamic-provider host shipped in @pulumi/pulumi directly:
 * the provider is serialized with the SDK's own closure serializer (exactly as
 * pulumi.dynamic.Resource does), the host runs as a child process, and every
 * call goes over gRPC with the SDK's protobuf stubs.
 *
 * Programs and lifecycles run through the test engine (tests/engine), which
 * decides what each request holds as pulumi/pulumi does. Use this only for
 * sequences the engine sends as they are (pulumi/pulumi's step generator and provider plugin):
 * Configure as the engine sends it (below), Check(olds = {} or the stored
 * inputs, news with `__provider`), Create(checked), Diff/Update(olds = stored
 * outputs, news), Read(id, stored outputs, stored inputs), Delete(id, stored
 * outputs). Fields the host drops (name, type, oldInputs, ignoreChanges) are
 * left out. Never a Read without stored outputs: that is an import, which the
 * host cannot serve.
 *
 * Used where many requests must go fast and the sequence is one resource's:
 * the provider-host benchmark (bench/resources.ts: the test engine spends more
 * time on itself than the host at 500 resources) and the per-text runs of the
 * saved provider texts (tests/lifecycle/savedProviders.test.ts). It lives
 * under bench/ because benchmarks may not import the test tree; tests may
 * import it.
 */

/** The repository root (the host runs there, so it resolves pulumi-trunking as a program would). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** Pulumi's marker for a secret value in serialized properties. */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

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
    /** Stack config (`odin:baseUrl` …) and the keys set with `--secret`, sent as the engine's Configure sends them. */
    configure(config: Record<string, string>, secretKeys?: string[]): Promise<void>;
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
        async configure(config, secretKeys = []) {
            // provider_plugin.go:1048-1165: args with secret values still wrapped, variables
            // the same values in plain text under `pulumi-nodejs:config:<key>`. The host
            // answers acceptSecrets false, so CRUD requests carry secrets as plain values.
            const req = new pb.ConfigureRequest();
            const args: Record<string, unknown> = {};
            const vars = req.getVariablesMap();
            for (const [k, v] of Object.entries(config)) {
                args[k] = secretKeys.includes(k) ? { [SECRET_SIG_KEY]: SECRET_SIG, value: v } : v;
                vars.set(`pulumi-nodejs:config:${k}`, v);
            }
            req.setArgs(toStruct(args));
            req.setAcceptsecrets(true);
            req.setAcceptresources(true);
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
