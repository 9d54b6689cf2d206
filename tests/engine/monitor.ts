import type { ResourceState } from "./checkpoint";
import type { Diagnostic, Goal } from "./types";
import { PropertyMap, fromProgram, isResourceRef, isSecret, makeSecret } from "./values";

/**
 * The pulumirpc.ResourceMonitor and pulumirpc.Engine services the program
 * talks to, built with the SDK's own stubs (proto/resource_grpc_pb,
 * engine_grpc_pb) and @grpc/grpc-js. Transport only: requests become Goals
 * for the step generator and states become responses, as source_eval.go's
 * resmon does. Features are answered as the engine answers them.
 */

/** supportsFeatureID (source_eval.go:945-986). */
const SUPPORTED_FEATURES = new Set([
    "secrets",
    "resourceReferences",
    "outputValues",
    "aliasSpecs",
    "replacementTrigger",
    "deletedWith",
    "replaceWith",
    "transforms",
    "invokeTransforms",
    "parameterization",
    "resourceHooks",
    "errorHooks",
    "sendsOptionsToHooks",
]);

export interface MonitorHandlers {
    registerResource(goal: Goal): Promise<ResourceState>;
    registerResourceOutputs(urn: string, outputs: PropertyMap): void;
    /** Invoke of a builtin function (`pulumi:pulumi:*`); rejects with the engine's error text. */
    invoke(tok: string, args: PropertyMap): Promise<PropertyMap>;
    /** SignalAndWaitForShutdown: resolves when the engine has finished all its steps (source_eval.go:1794-1806). */
    shutdown(): Promise<void>;
    log(d: Diagnostic): void;
    deploymentInfo(): { project: string; stack: string; organization: string; config: Record<string, string>; configSecretKeys: string[]; dryRun: boolean; parallel: number };
}

export interface MonitorServer {
    address: string;
    close(): Promise<void>;
}

export async function startMonitor(handlers: MonitorHandlers): Promise<MonitorServer> {
    const grpc = require("@grpc/grpc-js");
    const rgrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
    const rpb = require("@pulumi/pulumi/proto/resource_pb");
    const egrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const epb = require("@pulumi/pulumi/proto/engine_pb");
    const emptypb = require("google-protobuf/google/protobuf/empty_pb");
    const structpb = require("google-protobuf/google/protobuf/struct_pb");

    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    const notModelled = (name: string) => (_call: unknown, cb: (e: unknown) => void) =>
        cb({ code: grpc.status.UNIMPLEMENTED, details: `${name} is not modelled by the pulumi-trunking test engine` });

    const monitor: Record<string, unknown> = {};
    for (const k of Object.keys(rgrpc.ResourceMonitorService)) {
        monitor[k] = notModelled(k);
    }
    monitor.supportsFeature = (call: any, cb: any) => {
        const r = new rpb.SupportsFeatureResponse();
        r.setHassupport(SUPPORTED_FEATURES.has(call.request.getId()));
        cb(null, r);
    };
    monitor.getDeploymentInfo = (_call: any, cb: any) => {
        // GetDeploymentInfo (source_eval.go:1039-1063), with supportedMonitorFeatures (:988-1037).
        const info = handlers.deploymentInfo();
        const r = new rpb.DeploymentInfo();
        r.setProject(info.project);
        r.setStack(info.stack);
        r.setOrganization(info.organization);
        const cfg = r.getConfigMap();
        for (const [k, v] of Object.entries(info.config)) {
            cfg.set(k, v);
        }
        r.setConfigsecretkeysList(info.configSecretKeys);
        r.setDryrun(info.dryRun);
        r.setParallel(info.parallel);
        const F = rpb.ResourceMonitorFeature;
        r.setSupportedfeaturesList([
            F.RESOURCE_MONITOR_FEATURE_SECRETS,
            F.RESOURCE_MONITOR_FEATURE_RESOURCE_REFERENCES,
            F.RESOURCE_MONITOR_FEATURE_OUTPUT_VALUES,
            F.RESOURCE_MONITOR_FEATURE_ALIAS_SPECS,
            F.RESOURCE_MONITOR_FEATURE_REPLACEMENT_TRIGGER,
            F.RESOURCE_MONITOR_FEATURE_DELETED_WITH,
            F.RESOURCE_MONITOR_FEATURE_REPLACE_WITH,
            F.RESOURCE_MONITOR_FEATURE_TRANSFORMS,
            F.RESOURCE_MONITOR_FEATURE_INVOKE_TRANSFORMS,
            F.RESOURCE_MONITOR_FEATURE_PARAMETERIZATION,
            F.RESOURCE_MONITOR_FEATURE_RESOURCE_HOOKS,
            F.RESOURCE_MONITOR_FEATURE_ERROR_HOOKS,
            F.RESOURCE_MONITOR_FEATURE_SENDS_OPTIONS_TO_HOOKS,
            F.RESOURCE_MONITOR_FEATURE_BYTE_STRING,
            F.RESOURCE_MONITOR_FEATURE_INVOKE_DEPENDS_ON,
            F.RESOURCE_MONITOR_FEATURE_INVOKE_PARENT,
        ].filter((f: unknown) => f !== undefined));
        cb(null, r);
    };
    monitor.registerResource = (call: any, cb: any) => {
        const req = call.request;
        const goal = goalOf(req);
        handlers.registerResource(goal).then(
            (state) => {
                // Components get no outputs back; unknowns stay; secrets only if the SDK accepts them (source_eval.go:3030-3190).
                const outputs = req.getCustom() ? state.outputs : {};
                const acceptSecrets = req.getAcceptsecrets();
                const acceptResources = req.getAcceptresources();
                const body = toSdk(outputs, acceptSecrets, acceptResources);
                const r = new rpb.RegisterResourceResponse();
                r.setUrn(state.urn);
                r.setId(state.id);
                r.setObject(structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(body))));
                r.setResult(rpb.Result.SUCCESS);
                cb(null, r);
            },
            (e: any) => cb({ code: typeof e?.code === "number" ? e.code : grpc.status.UNKNOWN, details: e?.message ?? String(e) }),
        );
    };
    monitor.registerResourceOutputs = (call: any, cb: any) => {
        const outs = (fromProgram(call.request.getOutputs()?.toJavaScript() ?? {}) ?? {}) as PropertyMap;
        handlers.registerResourceOutputs(call.request.getUrn(), outs);
        cb(null, new emptypb.Empty());
    };
    monitor.invoke = (call: any, cb: any) => {
        // ResourceMonitor.Invoke (source_eval.go Invoke): args unmarshalled keeping unknowns and secrets, the
        // return marshalled keeping secrets, resources only if the SDK accepts them.
        const req = call.request;
        const args = (fromProgram(req.getArgs()?.toJavaScript() ?? {}) ?? {}) as PropertyMap;
        handlers
            .invoke(req.getTok(), args)
            .then((ret) => {
                const r = new rpb.ResourceInvokeResponse();
                r.setReturn(structpb.Struct.fromJavaScript(JSON.parse(JSON.stringify(toSdk(ret, true, req.getAcceptresources())))));
                return r;
            })
            .then(
                (r) => cb(null, r),
            (e: any) => cb({ code: typeof e?.code === "number" ? e.code : grpc.status.UNKNOWN, details: `invocation of ${req.getTok()} returned an error: ${e?.message ?? String(e)}` }),
        );
    };
    monitor.signalAndWaitForShutdown = (_call: any, cb: any) => {
        handlers.shutdown().then(
            () => cb(null, new emptypb.Empty()),
            (e) => cb({ code: grpc.status.UNAVAILABLE, details: String(e?.message ?? e) }),
        );
    };
    server.addService(rgrpc.ResourceMonitorService, monitor);

    const engine: Record<string, unknown> = {};
    for (const k of Object.keys(egrpc.EngineService)) {
        engine[k] = notModelled(k);
    }
    const severities: Diagnostic["severity"][] = ["debug", "info", "warning", "error"];
    engine.log = (call: any, cb: any) => {
        const r = call.request;
        handlers.log({ severity: severities[r.getSeverity()] ?? "info", message: r.getMessage(), ...(r.getUrn() ? { urn: r.getUrn() } : {}) });
        cb(null, new emptypb.Empty());
    };
    let root = "";
    engine.getRootResource = (_call: any, cb: any) => {
        const r = new epb.GetRootResourceResponse();
        r.setUrn(root);
        cb(null, r);
    };
    engine.setRootResource = (call: any, cb: any) => {
        root = call.request.getUrn();
        cb(null, new epb.SetRootResourceResponse());
    };
    engine.requirePulumiVersion = (_call: any, cb: any) => cb(null, new emptypb.Empty());
    server.addService(egrpc.EngineService, engine);

    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))),
    );
    return {
        address: `127.0.0.1:${port}`,
        close: () =>
            new Promise<void>((resolve) => {
                const timer = setTimeout(() => {
                    server.forceShutdown();
                    resolve();
                }, 2000);
                server.tryShutdown(() => {
                    clearTimeout(timer);
                    resolve();
                });
            }),
    };
}

/** What the SDK may receive: secrets kept only if it accepts them, resource references likewise (MarshalProperties). */
function toSdk(v: unknown, acceptSecrets: boolean, acceptResources: boolean): unknown {
    if (Array.isArray(v)) {
        return v.map((x) => toSdk(x, acceptSecrets, acceptResources));
    }
    if (isSecret(v)) {
        const inner = toSdk(v.value, acceptSecrets, acceptResources);
        return acceptSecrets ? makeSecret(inner) : inner;
    }
    if (isResourceRef(v)) {
        return acceptResources ? v : v.id || v.urn;
    }
    if (v !== null && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toSdk(x, acceptSecrets, acceptResources)]));
    }
    return v;
}

/** RegisterResourceRequest → Goal (source_eval.go:2281-2880). Options outside this engine's model are listed, not ignored. */
function goalOf(req: any): Goal {
    const unsupported: string[] = [];
    if (req.getRemote()) unsupported.push("remote components");
    if (req.getProvider()) unsupported.push("explicit providers");
    if (req.getProvidersMap().getLength() > 0) unsupported.push("the providers option");
    if (req.getAliasesList().length > 0 || req.getAliasurnsList().length > 0) unsupported.push("aliases");
    if (req.getReplaceonchangesList().length > 0) unsupported.push("replaceOnChanges");
    if (req.getTransformsList().length > 0) unsupported.push("transforms");
    if (req.getDeletedwith()) unsupported.push("deletedWith");
    if ((req.getReplaceWithList?.() ?? []).length > 0) unsupported.push("replaceWith");
    if (req.hasHooks?.() && hasAnyHook(req.getHooks())) unsupported.push("resource hooks");
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
        propertyDependencies[key] = deps.getUrnsList();
    });
    // DeleteBeforeReplaceDefined, or a true value from SDKs that do not set it (source_eval.go:2349-2355).
    const dbr = req.getDeletebeforereplacedefined() || req.getDeletebeforereplace() ? req.getDeletebeforereplace() : undefined;
    return {
        type: req.getType(),
        name: req.getName(),
        custom: req.getCustom(),
        parent: req.getParent(),
        properties: (fromProgram(req.getObject()?.toJavaScript() ?? {}) ?? {}) as PropertyMap,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        ...(req.hasProtect() ? { protect: req.getProtect() } : {}),
        ...(dbr !== undefined ? { deleteBeforeReplace: dbr } : {}),
        ignoreChanges: req.getIgnorechangesList(),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        importId: req.getImportid(),
        ...(req.hasRetainondelete() ? { retainOnDelete: req.getRetainondelete() } : {}),
        unsupported,
    };
}

function hasAnyHook(h: any): boolean {
    if (!h) {
        return false;
    }
    return ["BeforeCreate", "AfterCreate", "BeforeUpdate", "AfterUpdate", "BeforeDelete", "AfterDelete", "OnError"].some((n) => (h[`get${n}List`]?.() ?? []).length > 0);
}
