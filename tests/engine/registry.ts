import { HostProcess, type HostHooks, type HostOutputChunk, type RequestRecorder } from "./hostProcess";
import { ProviderPlugin } from "./providerPlugin";
import type { PropertyMap } from "./values";
import { UNKNOWN } from "./values";

/**
 * The provider registry (pkg/resource/deploy/providers/registry.go) for the
 * one package a dynamic resource uses: the default `pulumi-nodejs` provider.
 * One plugin process per provider resource per command, as the engine loads
 * one per provider reference; a program of dynamic resources has one.
 */

export const DYNAMIC_PACKAGE = "pulumi-nodejs";
export const DEFAULT_PROVIDER_TYPE = `pulumi:providers:${DYNAMIC_PACKAGE}`;
/** UnknownID: a provider created during a preview has no ID yet (registry.go:945-953). */
export const UNKNOWN_ID = UNKNOWN;
const UNCONFIGURED = "unconfigured";

/** FilterProviderConfig (providers/registry.go:454-463): the engine's own `__internal` key never reaches Configure. */
export function filterProviderConfig(inputs: PropertyMap): PropertyMap {
    const { __internal: _internal, ...rest } = inputs;
    return rest;
}

export const providerRef = (urn: string, id: string) => `${urn}::${id}`;

export interface RegistryOptions {
    cwd: string;
    env: NodeJS.ProcessEnv;
    /** The node binary of the provider hosts; default this process's. */
    node?: string;
    hooks?: HostHooks;
    recorder: RequestRecorder;
}

export class ProviderRegistry {
    private readonly plugins = new Map<string, Promise<ProviderPlugin>>();
    private readonly all: Array<Promise<ProviderPlugin>> = [];
    /**
     * The process for the next load, started with the registry. The engine
     * starts the plugin when the first request for it comes; a test engine
     * that did so too would spend most of each command's time waiting on two
     * Node processes loading @pulumi/pulumi one after the other (the program
     * runner's, then the host's). Only the process starts early: it sits
     * unspoken-to until the engine's first request (the handshake) is due.
     */
    private spare: Promise<HostProcess> | undefined;

    constructor(private readonly opts: RegistryOptions) {
        this.spare = this.startHost();
    }

    private startHost(): Promise<HostProcess> {
        const p = HostProcess.start(this.opts);
        // A spare nobody uses must not become an unhandled rejection; a used one reports its failure in load().
        p.catch(() => undefined);
        return p;
    }

    private load(): Promise<ProviderPlugin> {
        const host = this.spare ?? this.startHost();
        this.spare = undefined;
        const p = ProviderPlugin.load(this.opts, host);
        this.all.push(p);
        return p;
    }

    /** Check loads the plugin under an unconfigured reference (registry.go:622-719). */
    unconfigured(urn: string): Promise<ProviderPlugin> {
        const key = providerRef(urn, UNCONFIGURED);
        let p = this.plugins.get(key);
        if (!p) {
            p = this.load();
            this.plugins.set(key, p);
        }
        return p;
    }

    /**
     * Create, Update and Same configure the instance Check loaded and register
     * it under its (URN, ID) (registry.go:788-1016). Create and Update pass the
     * new inputs; Same passes the old state's inputs (step.go:180-190).
     */
    async configure(urn: string, id: string, inputs: PropertyMap): Promise<void> {
        const key = providerRef(urn, UNCONFIGURED);
        const p = this.plugins.get(key) ?? this.load();
        this.plugins.delete(key);
        this.plugins.set(providerRef(urn, id), p);
        await (await p).configure(urn, id, filterProviderConfig(inputs));
    }

    /**
     * EnsureProvider / Same(fromCheck=false) (deployment.go:712-745,
     * registry.go:788-880): refresh, destroy and deletes of resources no
     * longer in the program load the provider from its OLD state and configure
     * it with the old inputs stored there.
     */
    async ensureFromState(ref: string, stateResources: Array<{ urn: string; id: string; inputs: PropertyMap }>): Promise<void> {
        if (this.plugins.has(ref)) {
            await this.plugins.get(ref);
            return;
        }
        const res = stateResources.find((r) => providerRef(r.urn, r.id) === ref);
        if (!res) {
            throw new Error(`could not find provider ${ref}`);
        }
        const p = this.load();
        this.plugins.set(ref, p);
        await (await p).configure(res.urn, res.id, filterProviderConfig(res.inputs));
    }

    /** getProvider (step.go:2421-2442). */
    async get(ref: string | undefined): Promise<ProviderPlugin> {
        const p = ref ? this.plugins.get(ref) : undefined;
        if (!p) {
            throw new Error(`unknown provider '${ref}'`);
        }
        return p;
    }

    /** Registry.Delete (registry.go:1018-1030): unregisters; no request reaches the plugin. */
    forget(ref: string): void {
        this.plugins.delete(ref);
    }

    /** Every line the hosts printed, host by host. */
    async lines(): Promise<HostOutputChunk[]> {
        const outs = await Promise.allSettled(this.all);
        return outs.flatMap((o) => (o.status === "fulfilled" ? o.value.lines() : []));
    }

    async output(): Promise<string> {
        const outs = await Promise.allSettled(this.all);
        return outs.map((o) => (o.status === "fulfilled" ? o.value.output() : "")).join("");
    }

    async close(): Promise<void> {
        const spare = this.spare;
        this.spare = undefined;
        await (await spare?.catch(() => undefined))?.close();
        const outs = await Promise.allSettled(this.all);
        await Promise.all(outs.map((o) => (o.status === "fulfilled" ? o.value.close() : undefined)));
    }
}
