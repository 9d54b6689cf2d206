/**
 * The provider plugin: `@pulumi/pulumi`'s provider interface over the very
 * handlers the dynamic resources run (pulumi-trunking/dynamic load(kind)),
 * so a YAML, Python, Go or .NET program gets the same checks, plans, requests
 * and outputs as a TypeScript one. What the dynamic-provider host and the
 * engine did around those handlers, the plugin does here:
 * - settings: the engine passes the `trunking:*` stack config as PULUMI_CONFIG
 *   (the Node.js provider server ignores Configure's arguments); each kind's
 *   `configure` gets it once, as the config source of the settings lists;
 * - secrets arrive wrapped (the server accepts them): unwrapped for the
 *   handlers, wrapped again going out, on every field the table declares
 *   secret and every property that came in secret;
 * - `__provider`, the dynamic provider's own input, is dropped from a state
 *   a dynamic resource left, so a stack moves here without a change;
 * - every text going out names the plugin's settings (trunking:odinBaseUrl)
 *   and is scrubbed of every secret the plugin has seen;
 * - what the program declares, which the capacity report projects at
 *   preview, is what the engine has checked and not yet written (pending.ts).
 */
import type * as pulumi from "@pulumi/pulumi";
import { SecretRegistry } from "../http/redact";
import { fieldsWhere } from "../kit/schema";
import { CAPACITY_TOKEN, capacityInvoke } from "./capacity";
import { requestUrn } from "./engineLog";
import { PluginConfig, pluginSettings, pluginWording } from "./config";
import { PendingChanges } from "./pending";
import { PluginResource } from "./resources";
import { packageSchema } from "./schema";
import { unwrap, withSecrets } from "./wire";

type Props = Record<string, unknown>;

/** The dynamic provider's own input: in every state a dynamic resource left, never a field. */
const DYNAMIC_PROVIDER_KEY = "__provider";

function withoutProvider(props: Props): Props {
    const { [DYNAMIC_PROVIDER_KEY]: _p, ...rest } = props;
    return rest;
}

/** The type of a URN: urn:pulumi:stack::project::[parent$]type::name. */
export function typeOfUrn(urn: string): string {
    const parts = urn.split("::");
    return (parts[2] ?? "").split("$").pop() ?? "";
}

export class TrunkingProvider implements pulumi.provider.Provider {
    readonly version: string;
    /** Every secret the plugin has seen (settings, secret inputs): scrubbed from every text it sends out. */
    readonly secrets = new SecretRegistry();
    /** The changes this deployment has checked and not yet applied: what the capacity invoke projects. */
    readonly pending = new PendingChanges();
    private readonly byToken: Map<string, PluginResource>;
    private configured: Promise<void> | undefined;

    constructor(
        readonly resources: readonly PluginResource[],
        readonly config: PluginConfig,
        version: string,
        private readonly warn: (line: string) => void = (line) => process.stderr.write(`[pulumi-trunking warn] ${line}\n`),
    ) {
        this.version = version;
        this.byToken = new Map(resources.map((r) => [r.token, r]));
        config.secretValues().forEach((v) => this.secrets.add(v));
    }

    async getSchema(): Promise<string> {
        return JSON.stringify(packageSchema({ version: this.version, resources: this.resources, settings: pluginSettings() }));
    }

    /** Configures every kind's handlers once, with the plugin's config, before the first request; says what is wrong with the config. */
    private configure(): Promise<void> {
        // What configure says is about the stack's config, not the resource whose request came first.
        this.configured ??= requestUrn.run("", async () => {
            for (const line of this.config.unknownKeys()) {
                this.warn(line);
            }
            for (const r of this.resources) {
                await r.handlers.configure({ config: this.config as unknown as pulumi.dynamic.Config });
            }
        });
        return this.configured;
    }

    private resourceOf(urn: string): PluginResource {
        const type = typeOfUrn(urn);
        const r = this.byToken.get(type);
        if (!r) {
            throw new Error(`the trunking provider has no resource type ${type} (it has ${[...this.byToken.keys()].join(", ")})`);
        }
        return r;
    }

    /** The properties the handlers get (secrets unwrapped, no __provider), and which were secret. */
    private inbound(props: unknown): { value: Props; secretKeys: Set<string> } {
        const u = unwrap(props);
        u.secretStrings.forEach((s) => this.secrets.add(s));
        return { value: withoutProvider(u.value), secretKeys: u.secretKeys };
    }

    /** The properties the engine gets: the table's secret fields and whatever came in secret, wrapped. */
    private outbound(r: PluginResource, props: Props | undefined, cameSecret: Iterable<string>): Props {
        const secret = new Set<string>([...fieldsWhere(r.schema, (s) => s.secret === true), ...cameSecret]);
        return withSecrets(withoutProvider(props ?? {}), secret);
    }

    /** An error as it leaves the plugin: scrubbed, in the plugin's words; a partial create keeps its id and (wrapped) properties. */
    private failure(r: PluginResource | undefined, e: unknown, cameSecret: Iterable<string> = []): Error {
        const text = (s: string) => this.secrets.scrub(pluginWording(s));
        const out = new Error(text(e instanceof Error ? e.message : String(e)));
        const init = e as { id?: unknown; properties?: Props; reasons?: unknown[] };
        if (r && typeof init?.id === "string" && init.id !== "") {
            Object.assign(out, {
                id: init.id,
                properties: this.outbound(r, init.properties, cameSecret),
                reasons: (init.reasons ?? []).map((x) => text(String(x))),
            });
        }
        return out;
    }

    /** One request: its lines attributed to its resource, its errors through failure(). */
    private guarded<T>(urn: string, cameSecret: Iterable<string>, fn: (r: PluginResource) => Promise<T>): Promise<T> {
        return requestUrn.run(urn, async () => {
            let r: PluginResource | undefined;
            try {
                r = this.resourceOf(urn);
                await this.configure();
                return await fn(r);
            } catch (e) {
                throw this.failure(r, e, cameSecret);
            }
        });
    }

    async check(urn: string, olds: Props, news: Props): Promise<pulumi.provider.CheckResult> {
        const o = this.inbound(olds);
        const n = this.inbound(news);
        return this.guarded(urn, n.secretKeys, async (r) => {
            const result = await r.handlers.check(o.value, n.value);
            if ((result.failures ?? []).length === 0) {
                this.pending.checked(urn, r.kind, o.value, result.inputs ?? {});
            }
            return {
                inputs: this.outbound(r, result.inputs, n.secretKeys),
                failures: (result.failures ?? []).map((f) => ({ property: f.property, reason: this.secrets.scrub(pluginWording(f.reason)) })),
            };
        });
    }

    async diff(id: string, urn: string, olds: Props, news: Props): Promise<pulumi.provider.DiffResult> {
        const o = this.inbound(olds);
        const n = this.inbound(news);
        return this.guarded(urn, [], async (r) => {
            const d = await r.handlers.diff(id, o.value, n.value);
            this.pending.diffed(urn, d.changes);
            return { changes: d.changes, replaces: d.replaces, stables: d.stables, deleteBeforeReplace: d.deleteBeforeReplace };
        });
    }

    async create(urn: string, inputs: Props): Promise<pulumi.provider.CreateResult> {
        const i = this.inbound(inputs);
        return this.guarded(urn, i.secretKeys, async (r) => {
            const result = await r.handlers.create(i.value);
            this.pending.applied(urn);
            return { id: result.id, outs: this.outbound(r, result.outs, i.secretKeys) };
        });
    }

    async read(id: string, urn: string, props?: Props): Promise<pulumi.provider.ReadResult> {
        const p = this.inbound(props ?? {});
        return this.guarded(urn, p.secretKeys, async (r) => {
            const result = await r.handlers.read(id, p.value);
            return {
                id: result.id,
                props: result.props === undefined ? undefined : this.outbound(r, result.props, p.secretKeys),
                inputs: result.inputs === undefined ? undefined : this.outbound(r, result.inputs, p.secretKeys),
            };
        });
    }

    async update(id: string, urn: string, olds: Props, news: Props): Promise<pulumi.provider.UpdateResult> {
        const o = this.inbound(olds);
        const n = this.inbound(news);
        return this.guarded(urn, n.secretKeys, async (r) => {
            const result = await r.handlers.update(id, o.value, n.value);
            this.pending.applied(urn);
            return { outs: this.outbound(r, result.outs, n.secretKeys) };
        });
    }

    async delete(id: string, urn: string, props: Props): Promise<void> {
        const p = this.inbound(props);
        await this.guarded(urn, [], (r) => r.handlers.delete(id, p.value));
    }

    async invoke(token: string, inputs: Props): Promise<pulumi.provider.InvokeResult> {
        const args = this.inbound(inputs).value;
        try {
            if (token !== CAPACITY_TOKEN) {
                throw new Error(`the trunking provider has no function ${token} (it has ${CAPACITY_TOKEN})`);
            }
            await this.configure();
            const warn = (line: string) => this.warn(this.secrets.scrub(pluginWording(line)));
            const result = await capacityInvoke(args, this.config, this.secrets, warn, this.pending.size > 0 ? this.pending.projection() : undefined);
            return { outputs: result.outputs, failures: result.failures?.map((f) => ({ property: f.property, reason: this.secrets.scrub(pluginWording(f.reason)) })) };
        } catch (e) {
            throw this.failure(undefined, e);
        }
    }
}
