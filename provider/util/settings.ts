import { ADAPTIVE_DEFAULTS, ConcurrencyOptions } from "../http/limiter";
import type { SettingNames } from "../http/failures";
import type { RetryOptions } from "../http/retryPolicy";
import { nearestName } from "./nearest";

/**
 * The provider's view of stack config: `config.get("odin:baseUrl")`. The
 * dynamic-provider host's config object also carries `rawConfig` (every key
 * it received); a program-side source may offer `keys()`. Either lets the
 * settings reader point out keys it does not know.
 */
export interface ConfigSource {
    get(key: string): string | undefined;
    keys?(): string[];
}

/** [stack config key, environment variable]; a setting read from stack config alone has no variable. */
export type SettingKeys = Record<string, readonly [string, string?]>;

/**
 * The one concurrency setting. "adaptive" lets the transport find the
 * server's pace (never above `max`); "fixed" gives exactly `value` requests
 * in flight. A subset of the transport's ConcurrencyOptions, so
 * clientConcurrency() hands it over with only the defaults filled in.
 */
export type ConcurrencySetting = { mode: "adaptive"; max?: number; initial?: number } | { mode: "fixed"; value: number };

export const MAX_CONCURRENCY_LIMIT = 64;
export const DEFAULT_CONCURRENCY: ConcurrencySetting = { mode: "adaptive" };

/**
 * Values given directly by the caller (command-line flags, a function's
 * arguments), ahead of stack config and environment. `labels` is what the
 * user typed, so messages name `--base-url` rather than `odin:baseUrl`.
 */
export interface SettingOverrides {
    values: Record<string, string | undefined>;
    labels: Record<string, string>;
    /** Read a setting from another environment variable (e.g. --password-env NAME), labelled as given. */
    env?: Record<string, { name: string; label: string }>;
}

export interface TransportSettings {
    timeoutMs?: number;
    deadlineMs?: number;
    /**
     * The transport's concurrency option, from clientConcurrency(): handlers
     * spread the settings into a client, so this is what the transport gets.
     */
    concurrency: ConcurrencyOptions;
    retry?: Partial<RetryOptions>;
    insecureSkipTlsVerify: boolean;
    /** How each setting is named to the person, for the transport's advice ("raise odin:timeoutMs (or ODIN_TIMEOUT_MS)"). */
    settingNames: SettingNames;
    /** Deprecations and unknown config keys, for the caller to log. Never holds a value. */
    warnings: string[];
}

/**
 * THE place where the concurrency setting becomes transport options; the
 * provider host, getTrunkingCapacity and the CLIs all get theirs from here
 * (through transportSettings). Adaptive is handed over with its ceiling made
 * explicit, so whoever reads the settings sees the same maximum the
 * transport uses; a fixed value is handed over exactly.
 */
export function clientConcurrency(setting: ConcurrencySetting): { concurrency: ConcurrencyOptions } {
    if (setting.mode === "fixed") {
        return { concurrency: { mode: "fixed", value: setting.value } };
    }
    return {
        concurrency: {
            mode: "adaptive",
            max: setting.max ?? ADAPTIVE_DEFAULTS.max,
            ...(setting.initial !== undefined ? { initial: setting.initial } : {}),
        },
    };
}

/** "adaptive" or an integer from 1 to 64; anything else names `label`. */
export function parseConcurrency(value: string, label: string): ConcurrencySetting {
    const v = value.trim();
    if (/^adaptive$/i.test(v)) {
        return { mode: "adaptive" };
    }
    const n = Number(v);
    if (v === "" || !Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY_LIMIT) {
        throw new Error(`${label} must be an integer from 1 to ${MAX_CONCURRENCY_LIMIT}, got "${value}" (or "adaptive", the default)`);
    }
    return { mode: "fixed", value: n };
}

/**
 * Caller overrides first, then stack config, then the environment, for both
 * APIs. Used by the handlers at call time inside the provider host, so no
 * setting is captured in the serialized provider. Records where each value
 * came from, so messages can name the key without ever showing the value.
 */
export class SettingsReader<K extends SettingKeys> {
    readonly sources: Record<string, string> = {};

    constructor(
        private readonly keys: K,
        private readonly config: ConfigSource | undefined,
        private readonly env: NodeJS.ProcessEnv,
        private readonly overrides?: SettingOverrides,
    ) {}

    /** Whether a stack config is in play (program or provider host) rather than a command line only. */
    get hasConfig(): boolean {
        return this.config !== undefined;
    }

    read(name: keyof K & string): string | undefined {
        const [cfgKey, envKey] = this.keys[name];
        const given = this.overrides?.values[name];
        if (given !== undefined && given !== "") {
            this.sources[name] = this.overrides!.labels[name] ?? name;
            return given;
        }
        const fromCfg = this.config?.get(cfgKey);
        if (fromCfg !== undefined && fromCfg !== null && String(fromCfg) !== "") {
            this.sources[name] = cfgKey;
            return String(fromCfg);
        }
        const redirected = this.overrides?.env?.[name];
        const variable = redirected?.name ?? envKey;
        const fromEnv = variable === undefined ? undefined : this.env[variable];
        if (fromEnv !== undefined && fromEnv !== "") {
            this.sources[name] = redirected?.label ?? variable ?? name;
            return fromEnv;
        }
        return undefined;
    }

    /** Every place the setting can come from, first first: "odin:baseUrl (or ODIN_BASE_URL)", "--base-url (or ODIN_BASE_URL)". */
    describe(name: keyof K & string): string {
        const [cfgKey, envKey] = this.keys[name];
        const labels: string[] = [];
        const flag = this.overrides?.labels[name];
        if (flag) {
            labels.push(flag);
        }
        if (this.config || envKey === undefined) {
            labels.push(cfgKey);
        }
        const variable = this.overrides?.env?.[name]?.label ?? envKey;
        if (variable !== undefined) {
            labels.push(variable);
        }
        return labels.length === 1 ? labels[0] : `${labels[0]} (or ${labels.slice(1).join(", or ")})`;
    }

    integer(name: keyof K & string, min: number, max: number): number | undefined {
        const v = this.read(name);
        if (v === undefined) {
            return undefined;
        }
        const n = Number(v);
        if (v.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
            throw new Error(`${this.sources[name]} must be an integer from ${min} to ${max}, got "${v}"`);
        }
        return n;
    }

    boolean(name: keyof K & string): boolean {
        const v = this.read(name);
        if (v !== undefined && !/^(true|false)$/i.test(v)) {
            throw new Error(`${this.sources[name]} must be true or false, got "${v}"`);
        }
        return v?.toLowerCase() === "true";
    }

    url(name: keyof K & string, value: string, example: string): string {
        if (!/^https?:\/\/[^/]+/i.test(value)) {
            throw new Error(`${this.sources[name] ?? this.describe(name)} must be an http(s) URL like ${example}`);
        }
        return value;
    }
}

/** The keys a config source holds, when it can tell (the host's config keeps them in `rawConfig`). */
export function configKeys(config: ConfigSource | undefined): string[] | undefined {
    if (!config) {
        return undefined;
    }
    if (typeof config.keys === "function") {
        return config.keys();
    }
    const raw = (config as { rawConfig?: unknown }).rawConfig;
    return raw && typeof raw === "object" ? Object.keys(raw) : undefined;
}

/**
 * One message per stack config key in `namespace` that is not a setting:
 * `unknown stack config key odin:baseURL; did you mean odin:baseUrl?`. Keys of
 * other namespaces are someone else's business.
 */
export function unknownConfigKeys(config: ConfigSource | undefined, namespace: string, valid: readonly string[]): string[] {
    const keys = configKeys(config) ?? [];
    const known = new Set(valid);
    const names = valid.map((k) => k.slice(namespace.length + 1));
    const out: string[] = [];
    for (const key of keys) {
        if (!key.startsWith(`${namespace}:`) || known.has(key)) {
            continue;
        }
        const near = suggestName(key.slice(namespace.length + 1), names);
        out.push(`unknown stack config key ${key}${near ? `; did you mean ${namespace}:${near}?` : ""} (valid: ${names.join(", ")})`);
    }
    return out;
}

/**
 * The nearest valid name by edit distance, else the one sharing most of its
 * beginning (odin:maxRetry → maxRetries is 3 edits away, but plainly meant).
 */
export function suggestName(input: string, valid: readonly string[]): string | undefined {
    const near = nearestName(input, valid);
    if (near) {
        return near;
    }
    const lower = input.toLowerCase();
    let best: string | undefined;
    let bestLength = 0;
    for (const v of valid) {
        const w = v.toLowerCase();
        let n = 0;
        while (n < w.length && n < lower.length && w[n] === lower[n]) {
            n++;
        }
        if (n > bestLength) {
            [best, bestLength] = [v, n];
        }
    }
    return best !== undefined && bestLength >= Math.max(4, Math.ceil(0.7 * Math.min(lower.length, best.length))) ? best : undefined;
}

type TransportKeyNames = "baseUrl" | "timeoutMs" | "deadlineMs" | "maxRetries" | "maxInFlight" | "concurrency" | "maxConcurrency" | "insecureSkipTlsVerify";

/** One API's settings: the stack config namespace, every key, and what a base URL looks like. */
export interface ApiSettings<K extends Record<TransportKeyNames, readonly [string, string?]>> {
    namespace: string;
    keys: K;
    exampleUrl: string;
}

/**
 * Everything about an API's settings worth a warning before anything runs,
 * from the stack config and the environment as the provider host sees them:
 * each stack config key of the namespace that is not a setting (with the
 * nearest valid name), each deprecated setting in use, and a value the
 * settings would refuse (a command that reaches the API stops there). Never
 * a value, never a throw: a preview needs no connection.
 */
export function settingsWarnings<K extends Record<TransportKeyNames, readonly [string, string?]>>(api: ApiSettings<K>, config: ConfigSource | undefined, env: NodeJS.ProcessEnv): string[] {
    const out = unknownConfigKeys(config, api.namespace, Object.values(api.keys).map(([cfgKey]) => cfgKey));
    try {
        const r = new SettingsReader(api.keys, config, env);
        const base = r.read("baseUrl");
        if (base !== undefined) {
            r.url("baseUrl", base.trim(), api.exampleUrl);
        }
        out.push(...transportSettings(r).warnings);
    } catch (e) {
        out.push(`${(e as Error).message}; a command that reaches the API stops there`);
    }
    return out;
}

/**
 * The config a provider host was configured with, one object however many
 * resource kinds it loads (the host hands each a Config over the same raw
 * map), so what is said about it is said once.
 */
export function configIdentity(config: ConfigSource): object {
    const raw = (config as { rawConfig?: unknown }).rawConfig;
    return raw !== null && typeof raw === "object" ? raw : config;
}

/**
 * The transport knobs both APIs share: timeoutMs, maxRetries, concurrency
 * (with maxConcurrency, its adaptive ceiling, and maxInFlight, its deprecated
 * fixed form) and insecureSkipTlsVerify.
 */
export function transportSettings(r: SettingsReader<Record<TransportKeyNames, readonly [string, string?]>>): TransportSettings {
    const warnings: string[] = [];
    const maxRetries = r.integer("maxRetries", 0, 20);
    const concurrency = concurrencySetting(r, warnings);
    return {
        timeoutMs: r.integer("timeoutMs", 100, 600_000),
        deadlineMs: r.integer("deadlineMs", 100, 3_600_000),
        ...clientConcurrency(concurrency),
        retry: maxRetries === undefined ? undefined : { maxRetries },
        insecureSkipTlsVerify: r.boolean("insecureSkipTlsVerify"),
        settingNames: {
            baseUrl: r.describe("baseUrl"),
            timeoutMs: r.describe("timeoutMs"),
            deadlineMs: r.describe("deadlineMs"),
            insecureSkipTlsVerify: r.describe("insecureSkipTlsVerify"),
            maxRetries: r.describe("maxRetries"),
            concurrency: r.describe("concurrency"),
        },
        warnings,
    };
}

function concurrencySetting(r: SettingsReader<Record<TransportKeyNames, readonly [string, string?]>>, warnings: string[]): ConcurrencySetting {
    const raw = r.read("concurrency");
    const max = r.integer("maxConcurrency", 1, MAX_CONCURRENCY_LIMIT);
    const legacy = r.integer("maxInFlight", 1, MAX_CONCURRENCY_LIMIT);
    let setting: ConcurrencySetting;
    if (raw !== undefined) {
        setting = parseConcurrency(raw, r.sources.concurrency);
        if (legacy !== undefined) {
            warnings.push(`${r.sources.maxInFlight} is deprecated and ignored: ${r.sources.concurrency} is set`);
        }
    } else if (legacy !== undefined) {
        // The old fixed cap keeps meaning exactly what it meant.
        setting = { mode: "fixed", value: legacy };
        warnings.push(`${r.sources.maxInFlight} is deprecated: set ${r.describe("concurrency")} to ${legacy} for the same fixed number of requests in flight`);
    } else {
        setting = { ...DEFAULT_CONCURRENCY };
    }
    if (max !== undefined) {
        if (setting.mode === "fixed") {
            throw new Error(
                `${r.sources.maxConcurrency} is the ceiling of adaptive concurrency; it cannot be combined with a fixed ${r.sources.concurrency ?? r.sources.maxInFlight} of ${setting.value}`,
            );
        }
        setting = { ...setting, max };
    }
    return setting;
}
