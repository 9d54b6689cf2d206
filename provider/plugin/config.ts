/**
 * The provider plugin's settings. The engine starts a plugin with the stack
 * config of the plugin's own namespace only (`trunking:*`), as the JSON
 * object PULUMI_CONFIG, keys without the namespace, values as strings,
 * secrets decrypted (pkg/host/host.go, Provider); the Node.js provider server
 * ignores Configure's arguments. So every setting the dynamic providers read
 * as `<api>:<name>` is `trunking:<api><Name>` here (odin:baseUrl is
 * trunking:odinBaseUrl), derived from the one list of each API's settings;
 * the environment variables are the same. The handlers keep asking for
 * `odin:baseUrl`: the config source answers with trunking:odinBaseUrl, and
 * every text the plugin sends out names the key a plugin user sets.
 */
import { ODIN_SETTINGS } from "../odin/config";
import { ConfigSource, suggestName } from "../util/settings";
import { WEBEX_SETTINGS } from "../webex/config";

/** The plugin's package name: its config namespace and the first part of every token. */
export const PACKAGE = "trunking";

/** An API's settings list, its keys read by name. */
interface AnySettings {
    namespace: string;
    keys: Readonly<Record<string, readonly [string, string?]>>;
    exampleUrl: string;
}

/** Every API the resources reach, with its settings list (the one the dynamic providers and the CLIs read). */
const APIS: readonly AnySettings[] = [ODIN_SETTINGS, WEBEX_SETTINGS];

/** Settings whose values are credentials: secret in the schema, scrubbed from everything the plugin writes. */
const SECRET_NAMES = new Set(["password", "accessToken"]);

const INTEGER_NAMES = new Set(["timeoutMs", "deadlineMs", "maxRetries", "maxConcurrency", "maxInFlight"]);
const BOOLEAN_NAMES = new Set(["insecureSkipTlsVerify"]);

/** What each setting means, by its name in every API's list (docs/settings.md has the long form). */
const MEANING: Readonly<Record<string, (api: AnySettings) => string>> = {
    baseUrl: (a) => `The ${title(a)} API base URL, e.g. ${a.exampleUrl}.`,
    username: (a) => `The ${title(a)} API login.`,
    password: (a) => `The ${title(a)} API password.`,
    accessToken: () => "The Webex admin access token (scopes spark-admin:telephony_config_read and spark-admin:telephony_config_write), without the Bearer prefix.",
    orgId: () => "The Webex org to manage trunks in (partner admins); default: the token's own org.",
    timeoutMs: () => "Deadline of one attempt of a request, in milliseconds (default 30000).",
    deadlineMs: () => "Deadline of a request with all its attempts and waits, in milliseconds (default 60000).",
    maxRetries: () => "Retries of idempotent requests after 429/502/503/504 or a network error (default 5).",
    concurrency: () => "Requests in flight at once: adaptive (the default) or a fixed number from 1 to 64.",
    maxConcurrency: () => "The ceiling of adaptive concurrency, 1 to 64 (default 32).",
    maxInFlight: () => "Deprecated: a fixed concurrency under its old name.",
    insecureSkipTlsVerify: () => "Lab systems only: accept any TLS certificate (warns).",
    oversubscription: () =>
        "What getTrunkingCapacity does with an oversubscribed group or service provider in the report it reads: warn (the default) once per part, deny (fails), or allow.",
    adoptExisting: (a) => `true or apply: every ${title(a)} resource of the stack takes over an object that already exists (see each resource's adoptExisting).`,
};

function title(api: AnySettings): string {
    return api.namespace === "odin" ? "Odin" : api.namespace.charAt(0).toUpperCase() + api.namespace.slice(1);
}

/** One setting as the plugin reads it. */
export interface PluginSetting {
    /** The key in the plugin's namespace: "odinBaseUrl" (stack config trunking:odinBaseUrl). */
    key: string;
    /** The key the handlers ask for: "odin:baseUrl". */
    setting: string;
    /** The environment variable read when the key is not set. */
    env?: string;
    secret: boolean;
    type: "string" | "integer" | "boolean";
    description: string;
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "odin:baseUrl" → "odinBaseUrl". */
export function pluginKeyOf(setting: string): string {
    const [namespace, name] = setting.split(":");
    return `${namespace}${capitalized(name)}`;
}

/** Every setting of every API, in the APIs' own order. */
export function pluginSettings(): PluginSetting[] {
    return APIS.flatMap((api) =>
        Object.entries(api.keys).map(([name, [setting, env]]) => {
            const meaning = MEANING[name]?.(api) ?? `The ${title(api)} setting ${name}.`;
            return {
                key: pluginKeyOf(setting),
                setting,
                env,
                secret: SECRET_NAMES.has(name),
                type: INTEGER_NAMES.has(name) ? "integer" : BOOLEAN_NAMES.has(name) ? "boolean" : "string",
                description: env ? `${meaning} When not set: the environment variable ${env}.` : meaning,
            } satisfies PluginSetting;
        }),
    );
}

const BY_SETTING = new Map(pluginSettings().map((s) => [s.setting, s]));

/**
 * The plugin's stack config as the handlers read settings: `get("odin:baseUrl")`
 * is trunking:odinBaseUrl. One object per process: the handlers of every kind
 * are configured with it, so what is said about it is said once.
 */
export class PluginConfig implements ConfigSource {
    /** The values as the engine passed them (kit/handlers and util/settings key their once-per-config state by this object). */
    readonly rawConfig: Readonly<Record<string, string>>;

    constructor(raw: Readonly<Record<string, unknown>>) {
        this.rawConfig = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    }

    /** PULUMI_CONFIG as the engine sets it; absent means no stack config in the namespace. */
    static fromEnvironment(env: NodeJS.ProcessEnv = process.env): PluginConfig {
        const text = env.PULUMI_CONFIG;
        if (!text) {
            return new PluginConfig({});
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(text);
        } catch {
            throw new Error("PULUMI_CONFIG is not JSON: the pulumi engine sets it to the stack config of the trunking namespace");
        }
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
            throw new Error("PULUMI_CONFIG is not a JSON object: the pulumi engine sets it to the stack config of the trunking namespace");
        }
        return new PluginConfig(parsed as Record<string, unknown>);
    }

    get(setting: string): string | undefined {
        const s = BY_SETTING.get(setting);
        return s && Object.prototype.hasOwnProperty.call(this.rawConfig, s.key) ? this.rawConfig[s.key] : undefined;
    }

    /** For pulumi.dynamic's Config shape (the handlers' configure takes one). */
    require(setting: string): string {
        const v = this.get(setting);
        if (v === undefined) {
            throw new Error(`missing required configuration ${pluginWording(setting)}`);
        }
        return v;
    }

    /** The settings that are set, as the handlers name them (keys that are not settings are the plugin's to report: see unknownKeys). */
    keys(): string[] {
        return [...BY_SETTING.values()].filter((s) => Object.prototype.hasOwnProperty.call(this.rawConfig, s.key)).map((s) => s.setting);
    }

    /** The values of the secret settings that are set, to scrub from everything the plugin writes. */
    secretValues(): string[] {
        return [...BY_SETTING.values()].filter((s) => s.secret && typeof this.rawConfig[s.key] === "string").map((s) => this.rawConfig[s.key]);
    }

    /** One warning per trunking:* key that is no setting, with the nearest valid key. */
    unknownKeys(): string[] {
        const valid = [...BY_SETTING.values()].map((s) => s.key);
        return Object.keys(this.rawConfig)
            .filter((k) => !valid.includes(k))
            .map((k) => {
                const near = suggestName(k, valid);
                return `unknown stack config key ${PACKAGE}:${k}${near ? `; did you mean ${PACKAGE}:${near}?` : ""} (valid: ${valid.join(", ")})`;
            });
    }
}

const SETTING_IN_TEXT = /\b([a-z]+):([a-z][A-Za-z]*)\b/g;

/**
 * A text the handlers wrote for a dynamic-provider user, as a plugin user
 * needs it: each stack config key `odin:baseUrl` becomes `trunking:odinBaseUrl`.
 * Only keys that are settings change (odin:TrunkGroup, a URL, a time are left).
 */
export function pluginWording(text: string): string {
    return text.replace(SETTING_IN_TEXT, (whole: string) => {
        const s = BY_SETTING.get(whole);
        return s ? `${PACKAGE}:${s.key}` : whole;
    });
}
