import { randomBytes, randomUUID } from "crypto";
import * as path from "path";
import { HostError, HostHooks, HostOutputChunk, HostProcess, InitFailure, RequestRecorder } from "./hostProcess";
import { PropertyMap, UNKNOWN, annotateSecrets, forProvider, fromProgram, isUnknown, makeSecret } from "./values";
import { checkConfig2Request, handshakeRequest } from "./wire";

/**
 * The engine's side of the provider protocol for the dynamic host, after
 * sdk/go/common/resource/plugin/provider_plugin.go: what each request carries
 * and how each answer is read back. The dynamic host answers Configure with
 * acceptSecrets false, acceptResources false and no preview support, so
 * secrets go as plain values (the engine re-marks them from the request),
 * resource references as their id, and a preview never calls Create or Update.
 */

export type DiffChanges = "unknown" | "none" | "some";

export interface DiffResult {
    changes: DiffChanges;
    replaces: string[];
    deleteBeforeReplace: boolean;
}

/** A create or update that failed after the resource came to exist (resource.StatusPartialFailure). */
export class InitError extends Error {
    constructor(
        readonly id: string,
        readonly outputs: PropertyMap,
        readonly reasons: string[],
    ) {
        super(reasons.join("; ") || "resource failed to initialize");
    }
}

const GRPC_UNIMPLEMENTED = 12;

/**
 * Where the engine's own services would be (the engine, the mapper, loader
 * and resolver, the resource status service): this engine serves none of
 * them, and the dynamic host never dials any, so the requests carry an
 * address where nothing listens, as the real ones carry an address.
 */
const NO_SERVICE = "127.0.0.1:1";

/**
 * The resource status service's address and a fresh token for one Create,
 * Read, Update or Delete (pkg/resource/deploy/step.go at v3.277.0: :375-380,
 * :791, :1111, :1717, each with ReserveToken).
 */
function resourceStatus(req: any): void {
    req.setResourceStatusAddress(NO_SERVICE);
    req.setResourceStatusToken(randomUUID());
}
const DIFF_CODES: Record<number, DiffChanges> = { 0: "unknown", 1: "none", 2: "some" };

interface MarshalOptions {
    keepUnknowns: boolean;
}

/**
 * MarshalProperties with KeepSecrets/KeepResources false (rpc.go:229-236): the
 * plain form; unknowns dropped unless kept (rpc.go MarshalPropertyValue).
 */
function marshal(props: PropertyMap | undefined, opts: MarshalOptions): any {
    const structpb = require("google-protobuf/google/protobuf/struct_pb");
    const dropUnknowns = (v: unknown): unknown => {
        if (Array.isArray(v)) {
            return v.filter((x) => !isUnknown(x)).map(dropUnknowns);
        }
        if (v !== null && typeof v === "object") {
            return Object.fromEntries(
                Object.entries(v)
                    .filter(([, x]) => !isUnknown(x))
                    .map(([k, x]) => [k, dropUnknowns(x)]),
            );
        }
        return v;
    };
    let value = forProvider(props ?? {});
    if (!opts.keepUnknowns) {
        value = dropUnknowns(value);
    }
    return structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

function unmarshal(s: any): PropertyMap | undefined {
    return s ? (fromProgram(s.toJavaScript()) as PropertyMap) : undefined;
}

export interface ProviderPluginOptions {
    cwd: string;
    env: NodeJS.ProcessEnv;
    hooks?: HostHooks;
    recorder: RequestRecorder;
}

export class ProviderPlugin {
    private constructor(private readonly host: HostProcess) {}

    /**
     * Loads the plugin: start the process, the handshake the engine always
     * tries (NewProvider, pkg/resource/plugin/provider_plugin.go:278-300 at
     * v3.277.0: the directory of the plugin's executable as root and program
     * directory), then GetPluginInfo, which the host asks every provider right
     * after loading it (pkg/host/host.go:389 at v3.277.0).
     */
    static async load(opts: ProviderPluginOptions, started?: Promise<HostProcess>): Promise<ProviderPlugin> {
        const host = await (started ?? HostProcess.start(opts));
        const plugin = new ProviderPlugin(host);
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const req = new pb.ProviderHandshakeRequest();
        // The plugin's executable, pulumi-resource-pulumi-nodejs, sits at the root of the SDK package.
        const pluginDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [opts.cwd] }));
        req.setEngineAddress(NO_SERVICE);
        req.setRootDirectory(pluginDir);
        req.setProgramDirectory(pluginDir);
        req.setConfigureWithUrn(true);
        req.setSupportsViews(true);
        req.setSupportsRefreshBeforeUpdate(true);
        req.setInvokeWithPreview(true);
        req.setMapperTarget(NO_SERVICE);
        req.setLoaderTarget(NO_SERVICE);
        req.setResolverTarget(NO_SERVICE);
        req.setAcceptsByteString(true);
        req.setSendsOldOutputsToCheck(true);
        req.setAcceptsOutputsInInvoke(true);
        const hs = handshakeRequest(req);
        try {
            await host.call("handshake", undefined, { engineAddress: NO_SERVICE }, hs.bytes, hs.wire);
        } catch (e) {
            // The dynamic host does not implement it; the engine carries on (provider_plugin.go:383-420 at v3.277.0).
            if (!(e instanceof HostError) || e.code !== GRPC_UNIMPLEMENTED) {
                throw e;
            }
        }
        const empty = require("google-protobuf/google/protobuf/empty_pb");
        await host.call("getPluginInfo", undefined, {}, new empty.Empty());
        return plugin;
    }

    output(): string {
        return this.host.output();
    }

    lines(): HostOutputChunk[] {
        return this.host.lines();
    }

    /**
     * Cancel, then close: the host sends every provider plugin Cancel before it
     * closes it at the end of a command (pkg/host/host.go:600-612 and :727-760 at
     * v3.277.0, SignalCancellation then Close).
     */
    async close(): Promise<void> {
        if (this.host.alive()) {
            const empty = require("google-protobuf/google/protobuf/empty_pb");
            await this.host.call("cancel", undefined, {}, new empty.Empty()).catch(() => undefined);
        }
        return this.host.close();
    }

    /**
     * CheckConfig2, then CheckConfig when that is unimplemented; an
     * unimplemented CheckConfig means "the news as they are"
     * (pkg/resource/plugin/provider_plugin.go:713-790 at v3.277.0).
     */
    async checkConfig(urn: string, olds: PropertyMap, news: PropertyMap): Promise<PropertyMap> {
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const molds = marshal(olds, { keepUnknowns: true });
        const mnews = marshal(news, { keepUnknowns: true });
        const two = checkConfig2Request(urn, nameOf(urn), typeOf(urn), molds, mnews);
        try {
            await this.host.call<any>("checkConfig2", urn, { olds: forProvider(olds), news: forProvider(news) }, two.bytes, two.wire);
            // The dynamic host has no CheckConfig2; a provider that had one would answer here.
            throw new Error("the test engine does not model a provider that implements CheckConfig2");
        } catch (e) {
            if (!(e instanceof HostError) || e.code !== GRPC_UNIMPLEMENTED) {
                throw e;
            }
        }
        const req = new pb.CheckRequest();
        req.setUrn(urn);
        req.setName(nameOf(urn));
        req.setType(typeOf(urn));
        req.setOlds(molds);
        req.setNews(mnews);
        try {
            const res = await this.host.call<any>("checkConfig", urn, { olds: forProvider(olds), news: forProvider(news) }, req);
            return unmarshal(res.getInputs()) ?? news;
        } catch (e) {
            if (e instanceof HostError && e.code === GRPC_UNIMPLEMENTED) {
                return news;
            }
            throw e;
        }
    }

    /** DiffConfig; unimplemented means DiffUnknown with no replaces (provider_plugin.go:837-852). */
    async diffConfig(urn: string, oldInputs: PropertyMap, oldOutputs: PropertyMap, newInputs: PropertyMap): Promise<DiffResult> {
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const req = new pb.DiffRequest();
        req.setUrn(urn);
        req.setName(nameOf(urn));
        req.setType(typeOf(urn));
        req.setOldInputs(marshal(oldInputs, { keepUnknowns: true }));
        req.setOlds(marshal(oldOutputs, { keepUnknowns: true }));
        req.setNews(marshal(newInputs, { keepUnknowns: true }));
        try {
            const res = await this.host.call<any>("diffConfig", urn, { oldInputs: forProvider(oldInputs), olds: forProvider(oldOutputs), news: forProvider(newInputs) }, req);
            return { changes: DIFF_CODES[res.getChanges()] ?? "unknown", replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
        } catch (e) {
            if (e instanceof HostError && e.code === GRPC_UNIMPLEMENTED) {
                return { changes: "unknown", replaces: [], deleteBeforeReplace: false };
            }
            throw e;
        }
    }

    /**
     * Configure (provider_plugin.go:1048-1165): `args` is the provider's inputs
     * with secrets still wrapped; `variables` the same values as plain strings
     * under the deprecated `<pkg>:config:<key>` names.
     */
    async configure(urn: string, id: string, inputs: PropertyMap): Promise<void> {
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const structpb = require("google-protobuf/google/protobuf/struct_pb");
        const pkg = typeOf(urn).split(":")[2];
        const variables: Record<string, string> = {};
        for (const [k, v] of Object.entries(inputs)) {
            if (k === "version") {
                continue;
            }
            const p = forProvider(v);
            variables[`${pkg}:config:${k}`] = typeof p === "string" ? p : JSON.stringify(p);
        }
        const args = JSON.parse(JSON.stringify(inputs));
        const req = new pb.ConfigureRequest();
        req.setUrn(urn);
        req.setName(nameOf(urn));
        req.setType(typeOf(urn));
        req.setId(id);
        req.setAcceptsecrets(true);
        req.setAcceptresources(true);
        req.setSendsOldInputs(true);
        req.setSendsOldInputsToDelete(true);
        const vars = req.getVariablesMap();
        for (const [k, v] of Object.entries(variables)) {
            vars.set(k, v);
        }
        req.setArgs(structpb.Struct.fromJavaScript(args));
        await this.host.call("configure", urn, { id, variables, args }, req);
    }

    /**
     * Check (provider_plugin.go:1167-1279): olds always a struct, news as given; secrets re-marked by name.
     * The old OUTPUTS go too, as oldOutputs (pkg/resource/plugin/provider_plugin.go:1201-1285 at v3.277.0;
     * an empty struct when there are none).
     */
    async check(
        urn: string,
        olds: PropertyMap | undefined,
        news: PropertyMap,
        allowUnknowns: boolean,
        oldOutputs?: PropertyMap,
    ): Promise<{ inputs: PropertyMap; failures: Array<{ property: string; reason: string }> }> {
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const req = new pb.CheckRequest();
        req.setUrn(urn);
        req.setName(nameOf(urn));
        req.setType(typeOf(urn));
        const molds = marshal(olds, { keepUnknowns: allowUnknowns });
        const mnews = marshal(news, { keepUnknowns: allowUnknowns });
        const mOldOutputs = marshal(oldOutputs, { keepUnknowns: allowUnknowns });
        req.setOlds(molds);
        req.setNews(mnews);
        req.setOldOutputs(mOldOutputs);
        // A fresh random seed per Check, as the engine makes one per registration (step_generator.go:1092-1101).
        req.setRandomseed(randomBytes(32));
        const res = await this.host.call<any>("check", urn, { olds: molds.toJavaScript(), news: mnews.toJavaScript(), oldOutputs: mOldOutputs.toJavaScript() }, req);
        const inputs = unmarshal(res.getInputs()) ?? {};
        annotateSecrets(inputs, news);
        return { inputs, failures: res.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })) };
    }

    /** Diff (provider_plugin.go:1281-1395): olds are the old OUTPUTS; oldInputs and ignoreChanges go on the wire too. */
    async diff(urn: string, id: string, oldInputs: PropertyMap, oldOutputs: PropertyMap, newInputs: PropertyMap, ignoreChanges: string[], allowUnknowns: boolean): Promise<DiffResult> {
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const req = new pb.DiffRequest();
        const mOldInputs = marshal(oldInputs, { keepUnknowns: allowUnknowns });
        const mOlds = marshal(oldOutputs, { keepUnknowns: allowUnknowns });
        const mNews = marshal(newInputs, { keepUnknowns: allowUnknowns });
        req.setId(id);
        req.setUrn(urn);
        req.setName(nameOf(urn));
        req.setType(typeOf(urn));
        req.setOldInputs(mOldInputs);
        req.setOlds(mOlds);
        req.setNews(mNews);
        req.setIgnorechangesList(ignoreChanges);
        const res = await this.host.call<any>(
            "diff",
            urn,
            { id, oldInputs: mOldInputs.toJavaScript(), olds: mOlds.toJavaScript(), news: mNews.toJavaScript(), ignoreChanges },
            req,
        );
        return { changes: DIFF_CODES[res.getChanges()] ?? "unknown", replaces: res.getReplacesList(), deleteBeforeReplace: res.getDeletebeforereplace() };
    }

    /** Create (provider_plugin.go:1397-1520). An ErrorResourceInitFailed detail becomes an InitError carrying the half-made resource. */
    async create(urn: string, properties: PropertyMap): Promise<{ id: string; outputs: PropertyMap }> {
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const req = new pb.CreateRequest();
        const mprops = marshal(properties, { keepUnknowns: false });
        req.setUrn(urn);
        req.setName(nameOf(urn));
        req.setType(typeOf(urn));
        req.setProperties(mprops);
        req.setPreview(false);
        resourceStatus(req);
        try {
            const res = await this.host.call<any>("create", urn, { properties: mprops.toJavaScript() }, req);
            const outputs = unmarshal(res.getProperties()) ?? {};
            annotateSecrets(outputs, properties);
            if (!res.getId()) {
                throw new Error(`plugin returned empty resource.ID from create '${urn}'`);
            }
            return { id: res.getId(), outputs };
        } catch (e) {
            throw asInitError(e, properties);
        }
    }

    /**
     * Read (provider_plugin.go:1522-1680). A refresh sends the old outputs and
     * inputs; an import sends neither (both left unset: PropagateNil).
     */
    async read(urn: string, id: string, state: PropertyMap | undefined, inputs: PropertyMap | undefined): Promise<{ id: string; outputs: PropertyMap; inputs?: PropertyMap }> {
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const req = new pb.ReadRequest();
        req.setId(id);
        req.setUrn(urn);
        req.setName(nameOf(urn));
        req.setType(typeOf(urn));
        resourceStatus(req);
        const record: Record<string, unknown> = { id };
        if (state) {
            const m = marshal(state, { keepUnknowns: false });
            req.setProperties(m);
            record.properties = m.toJavaScript();
        }
        if (inputs) {
            const m = marshal(inputs, { keepUnknowns: false });
            req.setInputs(m);
            record.inputs = m.toJavaScript();
        }
        try {
            const res = await this.host.call<any>("read", urn, record, req);
            const outputs = unmarshal(res.getProperties()) ?? {};
            const newInputs = unmarshal(res.getInputs());
            annotateSecrets(newInputs, inputs);
            annotateSecrets(outputs, state);
            return { id: res.getId(), outputs, inputs: newInputs };
        } catch (e) {
            throw asInitError(e, state ?? {});
        }
    }

    /** Update (provider_plugin.go:1682-1820): olds are the old OUTPUTS; oldInputs and ignoreChanges go on the wire too. */
    async update(urn: string, id: string, oldInputs: PropertyMap, oldOutputs: PropertyMap, newInputs: PropertyMap, ignoreChanges: string[]): Promise<{ outputs: PropertyMap }> {
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const req = new pb.UpdateRequest();
        const mOlds = marshal(oldOutputs, { keepUnknowns: false });
        const mNews = marshal(newInputs, { keepUnknowns: false });
        const mOldInputs = marshal(oldInputs, { keepUnknowns: false });
        req.setId(id);
        req.setUrn(urn);
        req.setName(nameOf(urn));
        req.setType(typeOf(urn));
        req.setOlds(mOlds);
        req.setNews(mNews);
        req.setIgnorechangesList(ignoreChanges);
        req.setPreview(false);
        req.setOldInputs(mOldInputs);
        resourceStatus(req);
        try {
            const res = await this.host.call<any>(
                "update",
                urn,
                { id, olds: mOlds.toJavaScript(), news: mNews.toJavaScript(), oldInputs: mOldInputs.toJavaScript(), ignoreChanges },
                req,
            );
            const outputs = unmarshal(res.getProperties()) ?? {};
            annotateSecrets(outputs, newInputs);
            return { outputs };
        } catch (e) {
            throw asInitError(e, newInputs);
        }
    }

    /** Delete (provider_plugin.go:1822-1905): the old outputs as properties, the old inputs as oldInputs. */
    async delete(urn: string, id: string, oldInputs: PropertyMap, oldOutputs: PropertyMap): Promise<void> {
        const pb = require("@pulumi/pulumi/proto/provider_pb");
        const req = new pb.DeleteRequest();
        const mOutputs = marshal(oldOutputs, { keepUnknowns: false });
        const mInputs = marshal(oldInputs, { keepUnknowns: false });
        req.setId(id);
        req.setUrn(urn);
        req.setName(nameOf(urn));
        req.setType(typeOf(urn));
        req.setProperties(mOutputs);
        req.setOldInputs(mInputs);
        resourceStatus(req);
        await this.host.call("delete", urn, { id, properties: mOutputs.toJavaScript(), oldInputs: mInputs.toJavaScript() }, req);
    }
}

/** parseError (provider_plugin.go:2531-2559): an init-failure detail makes the error a partial failure. */
function asInitError(e: unknown, sent: PropertyMap): unknown {
    if (e instanceof HostError && e.initFailure) {
        const f: InitFailure = e.initFailure;
        const outputs = fromProgram(f.properties) as PropertyMap;
        annotateSecrets(outputs, sent);
        return new InitError(f.id, outputs, f.reasons);
    }
    return e;
}

export function nameOf(urn: string): string {
    return urn.split("::").slice(3).join("::");
}

export function typeOf(urn: string): string {
    const qualified = urn.split("::")[2] ?? "";
    const parts = qualified.split("$");
    return parts[parts.length - 1];
}

export { UNKNOWN, makeSecret };
