import type * as pulumi from "@pulumi/pulumi";
import { SecretRegistry, collectSecretValues } from "../http/redact";
import type { Logger } from "../http/transport";
import type { CheckResult } from "../util/check";
import { providerLogger } from "../util/log";
import type { ConfigSource } from "../util/settings";
import { Adoption, adoptionOf } from "./adopt";
import type { ResourceDiff } from "./diff";
import { toHostError } from "./errors";

type Props = Record<string, unknown>;

/** What every CRUD step gets besides its arguments. */
export interface Session<Api> {
    /** Built on first use from the settings `configure` received, then cached for the host process. */
    api(): Api;
    log: Logger;
    /** The adoption a create must attempt: the resource's `adoptExisting`, else the stack config `<tag>:adoptExisting`. */
    adoption(props: Readonly<Props>): Adoption | undefined;
}

/** A resource's own part: its check and diff (bound to its schema) and its CRUD. */
export interface ResourceSpec<Api> {
    /** Log tag: "odin". */
    tag: string;
    /** Reads the settings and builds the API client; register every credential in `secrets`. */
    connect(config: ConfigSource | undefined, secrets: SecretRegistry, log: Logger): Api;
    check(olds: unknown, news: unknown): CheckResult;
    diff(olds: unknown, news: unknown): ResourceDiff;
    create(s: Session<Api>, inputs: Props): Promise<pulumi.dynamic.CreateResult>;
    read(s: Session<Api>, id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(s: Session<Api>, id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
    delete(s: Session<Api>, id: string, props: Props): Promise<void>;
}

export interface ResourceHandlers {
    /** What `pulumi-trunking/dynamic` `load(kind)` returns to the serialized provider. */
    readonly handlers: Required<pulumi.dynamic.ResourceProvider>;
    /** Tests put the module state back between simulated engine runs, with optional stack config. */
    resetForTests(source?: ConfigSource): void;
}

/**
 * The handlers the dynamic-provider host calls, around a resource's CRUD.
 * Settings are read at call time inside the host (stack config from
 * `configure`, then the environment), never at program time, so nothing is
 * captured in state; the client is built on first use, so check and diff need
 * no credentials. Every value that looks secret is registered before anything
 * can print it, and every error leaves through one boundary. Module state is
 * per host process.
 */
export function resourceHandlers<Api>(spec: ResourceSpec<Api>): ResourceHandlers {
    const secrets = new SecretRegistry();
    const log = providerLogger(secrets, spec.tag);
    let config: ConfigSource | undefined;
    let cached: Api | undefined;
    const session: Session<Api> = {
        api: () => (cached ??= spec.connect(config, secrets, log)),
        log,
        adoption: (props) => adoptionOf(props, spec.tag, (key) => config?.get(key)),
    };
    const reset = (source?: ConfigSource) => {
        config = source;
        cached = undefined;
    };
    const guarded = async <R>(props: unknown, fn: () => Promise<R>): Promise<R> => {
        collectSecretValues(props, (v) => secrets.add(v));
        try {
            return await fn();
        } catch (e) {
            throw toHostError(e, secrets);
        }
    };
    return {
        resetForTests: reset,
        handlers: {
            async configure(req) {
                reset(req.config);
            },
            async check(olds, news) {
                collectSecretValues(news, (v) => secrets.add(v));
                const r = spec.check(olds, news);
                return { inputs: r.inputs, failures: r.failures.map((f) => ({ property: f.property, reason: secrets.scrub(f.reason) })) };
            },
            async diff(_id, olds, news) {
                const d = spec.diff(olds, news);
                return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
            },
            create: (inputs) => guarded(inputs, () => spec.create(session, inputs)),
            read: (id, props) => guarded(props, () => spec.read(session, id, props ?? {})),
            update: (id, olds, news) => guarded(news, () => spec.update(session, id, olds, news)),
            delete: (id, props) => guarded(props, () => spec.delete(session, id, props ?? {})),
        },
    };
}
