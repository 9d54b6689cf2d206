import type * as pulumi from "@pulumi/pulumi";
import { SecretRegistry, collectSecretValues } from "../http/redact";
import type { Logger } from "../http/transport";
import type { CheckFailure } from "../util/check";
import { providerLogger } from "../util/log";
import { ConfigSource, configIdentity } from "../util/settings";
import { Adoption, adoptionOf } from "./adopt";
import { checkInputs } from "./check";
import { diffInputs } from "./diff";
import { toHostError } from "./errors";
import { ResourceSchema, fieldsIn, isUnknown, typedInputs } from "./schema";

type Props = Record<string, unknown>;

/** What every CRUD step gets besides its arguments. */
export interface Session<Api> {
    /** Built on first use from the settings `configure` received, then cached for the host process. */
    api(): Api;
    log: Logger;
    /** The adoption a create must attempt: the resource's `adoptExisting`, else the stack config `<tag>:adoptExisting`. */
    adoption(props: Readonly<Props>): Adoption | undefined;
    /**
     * One object per host process and config, whatever the resource kind: the
     * key of what every resource of one command shares (reads made at
     * preview, values the program declares). undefined before `configure`.
     */
    scope(): object | undefined;
}

/** How the resources of one API reach it: shared by every resource of that API. */
export interface ApiConnection<Api> {
    /** The stack config namespace and log tag: "odin". */
    tag: string;
    /** Reads the settings and builds the API client; registers every credential in `secrets`. */
    connect(config: ConfigSource | undefined, secrets: SecretRegistry, log: Logger): Api;
    /** What to warn about in this API's settings (unknown, deprecated or refused keys), said at configure, so at preview. */
    settingsWarnings?(config: ConfigSource | undefined): string[];
}

/**
 * What each config has been warned about. Every resource kind of one API is
 * configured in the same host process with the same config: each warning
 * is said once per configure of the host, however many kinds there are.
 */
const warned = new WeakMap<object, Set<string>>();

function firstTime(config: ConfigSource, lines: string[]): string[] {
    const key = configIdentity(config);
    const said = warned.get(key) ?? new Set<string>();
    warned.set(key, said);
    const fresh = [...new Set(lines)].filter((line) => !said.has(line));
    fresh.forEach((line) => said.add(line));
    return fresh;
}

/** An update as the CRUD gets it: the checked inputs typed, and the fields whose change must be applied. */
export interface Change<T> {
    id: string;
    /** The previous outputs. */
    olds: Props;
    news: T;
    /** The checked inputs as the engine sent them (`__provider` and `adoptExisting` included). */
    props: Props;
    changed: (keyof T & string)[];
}

/**
 * One resource: its schema (field table, outputs, the API's rules), the API
 * it talks to, and its CRUD. Check, diff, typed inputs, secret handling and
 * the error boundary come from the kit.
 */
export interface ResourceDeclaration<T, Api> {
    schema: ResourceSchema<T>;
    api: ApiConnection<Api>;
    create(s: Session<Api>, inputs: T, props: Props): Promise<pulumi.dynamic.CreateResult>;
    read(s: Session<Api>, id: string, props: Props): Promise<pulumi.dynamic.ReadResult>;
    update(s: Session<Api>, change: Change<T>): Promise<pulumi.dynamic.UpdateResult>;
    delete(s: Session<Api>, id: string, props: Props): Promise<void>;
    /**
     * What only the API can say before any write (an object that does not
     * exist, a value above a limit another object sets), judged at every
     * check whose inputs passed the field table: the checked inputs (a value
     * unknown at preview left out, as not given) and the previous inputs. Reads are
     * the resource's to bound. Not asked without API settings; when it
     * throws, a warning says the check is left to the write.
     */
    preview?(s: Session<Api>, checked: Readonly<Props>, olds: Readonly<Props>): Promise<CheckFailure[]>;
}

/**
 * Where another front door than the dynamic provider (the provider plugin,
 * provider/plugin) finds the declaration behind a kind's handlers: its schema
 * and its API's settings namespace. Symbol.for, so a second copy of the
 * package agrees.
 */
const DECLARATION = Symbol.for("pulumi-trunking.declaration");

export interface DeclaredKind {
    schema: ResourceSchema<unknown>;
    api: Pick<ApiConnection<unknown>, "tag">;
}

/** The declaration behind handlers made by resourceHandlers; undefined for any other object. */
export function declarationOf(handlers: object): DeclaredKind | undefined {
    return (handlers as { [DECLARATION]?: DeclaredKind })[DECLARATION];
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
export function resourceHandlers<T, Api>(resource: ResourceDeclaration<T, Api>): ResourceHandlers {
    const { schema, api } = resource;
    const secrets = new SecretRegistry();
    const log = providerLogger(secrets, api.tag);
    let config: ConfigSource | undefined;
    let cached: Api | undefined;
    const session: Session<Api> = {
        api: () => (cached ??= api.connect(config, secrets, log)),
        log,
        adoption: (props) => adoptionOf(props, api.tag, (key) => config?.get(key)),
        scope: () => (config ? configIdentity(config) : undefined),
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
    const made: ResourceHandlers = {
        resetForTests: reset,
        handlers: {
            async configure(req) {
                reset(req.config);
                // Written to the host's stderr, which the engine shows as the command's output, preview included.
                for (const line of firstTime(req.config, api.settingsWarnings?.(req.config) ?? [])) {
                    log("warn", line);
                }
            },
            async check(olds, news) {
                collectSecretValues(news, (v) => secrets.add(v));
                const r = checkInputs(schema, olds, news);
                if (r.failures.length === 0 && resource.preview) {
                    r.failures.push(...(await previewFailures(resource, session, r.inputs, olds ?? {})));
                }
                return { inputs: r.inputs, failures: r.failures.map((f) => ({ property: f.property, reason: secrets.scrub(f.reason) })) };
            },
            async diff(_id, olds, news) {
                const d = diffInputs(schema, olds, news);
                return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
            },
            create: (inputs) => guarded(inputs, () => resource.create(session, typedInputs(schema, inputs), inputs)),
            read: (id, props) => guarded(props, () => resource.read(session, id, props ?? {})),
            update: (id, olds, news) =>
                guarded(news, async () => {
                    const changed = fieldsIn(schema, diffInputs(schema, olds, news).changedKeys);
                    return resource.update(session, { id, olds, news: typedInputs(schema, news), props: news, changed });
                }),
            delete: (id, props) => guarded(props, () => resource.delete(session, id, props ?? {})),
        },
    };
    Object.defineProperty(made.handlers, DECLARATION, { value: { schema, api: { tag: api.tag } } });
    return made;
}

/** The resource's preview judgement; nothing without API settings, a warning when the API cannot be asked. */
async function previewFailures<T, Api>(resource: ResourceDeclaration<T, Api>, session: Session<Api>, checked: Props, olds: Props): Promise<CheckFailure[]> {
    try {
        session.api();
    } catch {
        // Missing or bad settings: configure has said so, and every write will.
        return [];
    }
    try {
        // The sentinel is a string: left in, a group id unknown at preview would be looked up, and not found.
        const known = Object.fromEntries(Object.entries(checked).filter(([, v]) => !isUnknown(v)));
        return await resource.preview!(session, known, olds);
    } catch (e) {
        session.log("warn", `${resource.schema.title}: could not check the inputs against ${resource.schema.api} before the change (${(e as Error)?.message ?? String(e)}); \`pulumi up\` will find out`);
        return [];
    }
}
