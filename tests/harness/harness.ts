import * as fs from "fs";
import * as pulumi from "@pulumi/pulumi";
import { ProviderHost, startProviderHost } from "../helpers/providerHost";
import { SECRET_SIG, SECRET_SIG_KEY, StateCrypter } from "./secrets";

/**
 * Runs a Pulumi program the way the engine would, without the CLI: the
 * program runs under pulumi.runtime.setMocks; every dynamic resource it
 * registers goes to the real dynamic-provider host over gRPC (Check, then Diff
 * against the saved state, then Create/Update/replace, or Read for an import);
 * state is a JSON file between runs. A test tool, not a product: see README.md
 * beside this file for what it does not model.
 */

export type Program = () => Record<string, unknown> | void | Promise<Record<string, unknown> | void>;
export type Op = "create" | "update" | "replace" | "delete" | "same" | "import" | "refresh" | "gone";

export interface ResourceState {
    type: string;
    name: string;
    id: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    /** Keys stored encrypted. */
    secretKeys: string[];
}

export interface Summary {
    creates: number;
    updates: number;
    replaces: number;
    deletes: number;
    sames: number;
    imports: number;
    reads: number;
    changes: Array<{ urn: string; op: Op }>;
    outputs: Record<string, unknown>;
    /** Stack outputs that were secrets. */
    secretOutputs: string[];
}

export interface HarnessOptions {
    stateFile: string;
    project?: string;
    stack?: string;
    /** Stack config, e.g. {"odin:baseUrl": …}; sent to the program and to the host's Configure. */
    config?: Record<string, string>;
    /** Config keys that are secrets (as `pulumi config set --secret`). */
    secretConfig?: string[];
    passphrase?: string;
    hostEnv?: NodeJS.ProcessEnv;
}

interface SavedState {
    resources: Record<string, Omit<ResourceState, "secretKeys"> & { secretKeys: string[] }>;
    order: string[];
}

export class LifecycleHarness {
    private readonly crypter: StateCrypter;
    private readonly project: string;
    private readonly stack: string;
    private hostLogs = "";

    constructor(private readonly opts: HarnessOptions) {
        this.crypter = new StateCrypter(opts.passphrase ?? "harness-passphrase");
        this.project = opts.project ?? "trunking-quickstart";
        this.stack = opts.stack ?? "dev";
    }

    /** Everything the provider hosts printed in this harness's runs. */
    logs(): string {
        return this.hostLogs;
    }

    urn(type: string, name: string): string {
        return `urn:pulumi:${this.stack}::${this.project}::${type}::${name}`;
    }

    /** The saved state, decrypted (for assertions). */
    resources(): Record<string, ResourceState> {
        const saved = this.load();
        const out: Record<string, ResourceState> = {};
        for (const [urn, r] of Object.entries(saved.resources)) {
            out[urn] = { ...r, inputs: this.crypter.openAll(r.inputs).plain, outputs: this.crypter.openAll(r.outputs).plain };
        }
        return out;
    }

    preview(program: Program): Promise<Summary> {
        return this.deploy(program, true);
    }

    up(program: Program): Promise<Summary> {
        return this.deploy(program, false);
    }

    async refresh(): Promise<Summary> {
        return this.withHost(async (host, summary) => {
            const state = this.resources();
            for (const [urn, r] of Object.entries(state)) {
                const res = await host.read(urn, r.id, r.outputs, r.inputs);
                summary.reads++;
                if (!res.id) {
                    delete state[urn];
                    summary.changes.push({ urn, op: "gone" });
                    continue;
                }
                const changed = JSON.stringify(res.properties) !== JSON.stringify(r.outputs);
                state[urn] = { ...r, outputs: res.properties, inputs: res.inputs ?? r.inputs };
                if (changed) {
                    summary.changes.push({ urn, op: "refresh" });
                }
            }
            this.save(state);
        });
    }

    async destroy(): Promise<Summary> {
        return this.withHost(async (host, summary) => {
            const state = this.resources();
            for (const urn of Object.keys(state).reverse()) {
                await host.delete(urn, state[urn].id, state[urn].outputs);
                delete state[urn];
                summary.deletes++;
                summary.changes.push({ urn, op: "delete" });
                this.save(state);
            }
        });
    }

    private async deploy(program: Program, preview: boolean): Promise<Summary> {
        return this.withHost(async (host, summary) => {
            const state = this.resources();
            const registered: string[] = [];
            const errors: Error[] = [];
            const secretInputKeys = new Map<string, Set<string>>();
            const cfg = this.opts.config ?? {};

            await pulumi.runtime.setMocks(
                {
                    newResource: async (args: pulumi.runtime.MockResourceArgs) => {
                        const urn = this.urn(args.type, args.name);
                        registered.push(urn);
                        try {
                            const keys = secretInputKeys.get(urn) ?? new Set<string>();
                            secretInputKeys.set(urn, keys);
                            return await this.applyOne(host, state, urn, args, keys, preview, summary);
                        } catch (e) {
                            errors.push(e as Error);
                            throw e;
                        }
                    },
                    call: () => {
                        throw new Error("the harness does not model provider functions (invokes)");
                    },
                },
                this.project,
                this.stack,
                preview,
            );
            this.captureSecretInputs(secretInputKeys);
            pulumi.runtime.setAllConfig(cfg, this.opts.secretConfig ?? []);

            const result = (await program()) ?? {};
            const settings = require("@pulumi/pulumi/runtime/settings");
            const outputs: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(result)) {
                const o = pulumi.output(v) as unknown as { promise(withUnknowns?: boolean): Promise<unknown>; isSecret: Promise<boolean> };
                try {
                    outputs[k] = await o.promise(true);
                    if (await o.isSecret) {
                        summary.secretOutputs.push(k);
                    }
                } catch (e) {
                    errors.push(e as Error);
                }
            }
            await settings.waitForRPCs();
            if (errors.length > 0) {
                throw new Error(`${preview ? "preview" : "up"} failed: ${[...new Set(errors.map((e) => e.message))].join("; ")}`);
            }
            // Whatever the program no longer declares is deleted, last registered first.
            for (const urn of Object.keys(state).reverse()) {
                if (!registered.includes(urn)) {
                    if (!preview) {
                        await host.delete(urn, state[urn].id, state[urn].outputs);
                        delete state[urn];
                    }
                    summary.deletes++;
                    summary.changes.push({ urn, op: "delete" });
                }
            }
            summary.outputs = outputs;
            if (!preview) {
                this.save(state, registered);
            }
        });
    }

    private async applyOne(
        host: ProviderHost,
        state: Record<string, ResourceState>,
        urn: string,
        args: pulumi.runtime.MockResourceArgs,
        secretKeys: Set<string>,
        preview: boolean,
        summary: Summary,
    ): Promise<{ id: string; state: Record<string, unknown> }> {
        const old = state[urn];
        // Mock inputs keep secrets wrapped; the engine sends the host plain values
        // (it answers acceptSecrets: false) and remembers which were secret.
        const news = unwrapSecrets(args.inputs as Record<string, unknown>, secretKeys);
        const checked = await host.check(urn, old?.inputs ?? {}, news);
        if (checked.failures.length > 0) {
            throw new Error(`${args.name}: ${checked.failures.map((f) => f.reason).join("; ")}`);
        }
        const record = (id: string, outputs: Record<string, unknown>, inputs: Record<string, unknown>) => {
            const secret = new Set([...secretKeys, ...(old?.secretKeys ?? [])].filter((k) => k in outputs || k in inputs));
            state[urn] = { type: args.type, name: args.name, id, inputs, outputs, secretKeys: [...secret] };
            return { id, state: this.markSecret(stripProvider(outputs), secret) };
        };

        if (!old && args.id) {
            const r = await host.read(urn, args.id, { __provider: news.__provider });
            if (!r.id) {
                throw new Error(`${args.name}: cannot import ${args.id}: it does not exist`);
            }
            const c2 = await host.check(urn, r.inputs ?? {}, news);
            const d = await host.diff(urn, r.id, r.properties, c2.inputs);
            if (d.changes === "some") {
                throw new Error(`${args.name}: inputs to import do not match the existing resource ${args.id}; declare its current values`);
            }
            summary.imports++;
            summary.changes.push({ urn, op: "import" });
            return record(r.id, r.properties, c2.inputs);
        }
        if (!old) {
            summary.creates++;
            summary.changes.push({ urn, op: "create" });
            if (preview) {
                return { id: "", state: this.markSecret(stripProvider(checked.inputs), secretKeys) };
            }
            const r = await host.create(urn, checked.inputs);
            return record(r.id, r.properties, checked.inputs);
        }
        const d = await host.diff(urn, old.id, old.outputs, checked.inputs);
        if (d.changes !== "some") {
            summary.sames++;
            return preview ? { id: old.id, state: this.markSecret(stripProvider(old.outputs), new Set(old.secretKeys)) } : record(old.id, old.outputs, checked.inputs);
        }
        if (d.replaces.length > 0) {
            summary.replaces++;
            summary.changes.push({ urn, op: "replace" });
            if (preview) {
                return { id: "", state: this.markSecret(stripProvider(checked.inputs), secretKeys) };
            }
            if (d.deleteBeforeReplace) {
                await host.delete(urn, old.id, old.outputs);
            }
            const r = await host.create(urn, checked.inputs);
            if (!d.deleteBeforeReplace) {
                await host.delete(urn, old.id, old.outputs);
            }
            return record(r.id, r.properties, checked.inputs);
        }
        summary.updates++;
        summary.changes.push({ urn, op: "update" });
        if (preview) {
            return { id: old.id, state: this.markSecret(stripProvider({ ...old.outputs, ...checked.inputs }), new Set(old.secretKeys)) };
        }
        const r = await host.update(urn, old.id, old.outputs, checked.inputs);
        return record(old.id, r.properties, checked.inputs);
    }

    /**
     * Mocks receive inputs already unwrapped, so secret-ness is read off the
     * raw request: secret-signed input values and additionalSecretOutputs.
     */
    private captureSecretInputs(into: Map<string, Set<string>>): void {
        const settings = require("@pulumi/pulumi/runtime/settings");
        const monitor = settings.getMonitor();
        const original = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req: any, cb: any) => {
            const keys = new Set<string>(req.getAdditionalsecretoutputsList());
            const raw = req.getObject()?.toJavaScript() ?? {};
            for (const [k, v] of Object.entries(raw)) {
                if (v && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) {
                    keys.add(k);
                }
            }
            into.set(this.urn(req.getType(), req.getName()), keys);
            return original(req, cb);
        };
    }

    private markSecret(obj: Record<string, unknown>, keys: Set<string>): Record<string, unknown> {
        const out: Record<string, unknown> = { ...obj };
        for (const k of keys) {
            if (out[k] !== undefined) {
                out[k] = pulumi.secret(out[k]);
            }
        }
        return out;
    }

    private async withHost(fn: (host: ProviderHost, summary: Summary) => Promise<void>): Promise<Summary> {
        const summary: Summary = { creates: 0, updates: 0, replaces: 0, deletes: 0, sames: 0, imports: 0, reads: 0, changes: [], outputs: {}, secretOutputs: [] };
        // A fresh host per operation, as the engine starts the plugin per deployment.
        const host = await startProviderHost({ env: this.opts.hostEnv });
        try {
            await host.configure(this.opts.config ?? {});
            await fn(host, summary);
        } finally {
            this.hostLogs += host.logs();
            await host.close();
        }
        return summary;
    }

    private load(): SavedState {
        if (!fs.existsSync(this.opts.stateFile)) {
            return { resources: {}, order: [] };
        }
        return JSON.parse(fs.readFileSync(this.opts.stateFile, "utf8"));
    }

    private save(state: Record<string, ResourceState>, order?: string[]): void {
        const urns = order ? [...order.filter((u) => u in state), ...Object.keys(state).filter((u) => !order.includes(u))] : Object.keys(state);
        const resources: SavedState["resources"] = {};
        for (const urn of urns) {
            const r = state[urn];
            resources[urn] = { ...r, inputs: this.crypter.sealKeys(r.inputs, r.secretKeys), outputs: this.crypter.sealKeys(r.outputs, r.secretKeys) };
        }
        fs.writeFileSync(this.opts.stateFile, JSON.stringify({ resources, order: urns }, null, 2));
    }
}

function unwrapSecrets(inputs: Record<string, unknown>, secretKeys: Set<string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(inputs ?? {})) {
        if (v && typeof v === "object" && (v as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG) {
            out[k] = (v as Record<string, unknown>).value;
            secretKeys.add(k);
        } else {
            out[k] = v;
        }
    }
    return out;
}

function stripProvider(o: Record<string, unknown>): Record<string, unknown> {
    const { __provider: _p, ...rest } = o;
    return rest;
}
