import type { ConcurrencyOptions } from "../http/limiter";
import type { ApiConnection } from "../kit/handlers";
import { OdinClient, OdinClientOptions } from "./client";
import { ApiSettings, ConfigSource, SettingOverrides, SettingsReader, settingsWarnings, transportSettings, unknownConfigKeys } from "../util/settings";

export type { ConfigSource, SettingOverrides };

export interface OdinSettings extends Omit<OdinClientOptions, "log" | "secrets" | "sleep" | "now"> {
    /** The one concurrency setting (odin:concurrency, odin:maxConcurrency), as the transport's option. */
    concurrency: ConcurrencyOptions;
    /** Deprecations and unknown odin:* keys, for the caller to log (never a value). */
    warnings: string[];
    /** Where each value came from, for error messages that never show the value. */
    sources: Record<string, string>;
}

export const ODIN_SETTING_KEYS = {
    baseUrl: ["odin:baseUrl", "ODIN_BASE_URL"],
    username: ["odin:username", "ODIN_USERNAME"],
    password: ["odin:password", "ODIN_PASSWORD"],
    timeoutMs: ["odin:timeoutMs", "ODIN_TIMEOUT_MS"],
    deadlineMs: ["odin:deadlineMs", "ODIN_DEADLINE_MS"],
    maxRetries: ["odin:maxRetries", "ODIN_MAX_RETRIES"],
    concurrency: ["odin:concurrency", "ODIN_CONCURRENCY"],
    maxConcurrency: ["odin:maxConcurrency", "ODIN_MAX_CONCURRENCY"],
    /** Deprecated: a fixed odin:concurrency. */
    maxInFlight: ["odin:maxInFlight", "ODIN_MAX_IN_FLIGHT"],
    insecureSkipTlsVerify: ["odin:insecureSkipTlsVerify", "ODIN_INSECURE_SKIP_TLS_VERIFY"],
    /** Read by create (kit/adopt), from stack config only: take over what already exists. */
    adoptExisting: ["odin:adoptExisting"],
    /** Read by the capacity report in the program, from stack config only: warn, deny or allow an oversubscribed report. */
    oversubscription: ["odin:oversubscription"],
} as const;

/** Every odin:* setting: the one list the providers, getTrunkingCapacity and the CLIs read and check against. */
export const ODIN_SETTINGS: ApiSettings<typeof ODIN_SETTING_KEYS> = { namespace: "odin", keys: ODIN_SETTING_KEYS, exampleUrl: "https://host/api/v2" };

export type OdinSettingName = keyof typeof ODIN_SETTING_KEYS;

const CONNECTION = ["baseUrl", "username", "password"] as const;

/**
 * Reads caller overrides (command-line flags, function arguments) first,
 * then stack config (odin:*), then the environment. Messages name the place
 * the user set, or can set, each value.
 */
export function resolveOdinSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env, overrides?: SettingOverrides): OdinSettings {
    const r = new SettingsReader(ODIN_SETTING_KEYS, config, env, overrides);
    const unknown = unknownConfigKeys(config, ODIN_SETTINGS.namespace, Object.values(ODIN_SETTING_KEYS).map(([k]) => k));
    const [baseUrl, username, password] = CONNECTION.map((k) => r.read(k));
    const missing = CONNECTION.filter((k, i) => [baseUrl, username, password][i] === undefined);
    if (missing.length > 0) {
        const how = r.hasConfig
            ? "Set them with `pulumi config set odin:baseUrl https://host/api/v2`, `pulumi config set odin:username …`, " +
              "`pulumi config set --secret odin:password …`, or the environment variables."
            : overrides?.labels.baseUrl
              ? commandLineHow(missing, overrides.env?.password?.label)
              : `Set ${missing.map((k) => ODIN_SETTING_KEYS[k][1]).join(", ")} in the environment.`;
        // A misspelt key is the likeliest reason a setting is missing: say so in the same message.
        const typos = unknown.length > 0 ? ` ${unknown.map((w) => w.replace(/ \(valid: .*\)$/, "")).join("; ")}.` : "";
        throw new Error(`Odin connection settings missing: ${missing.map((k) => r.describe(k)).join(", ")}. ${how}${typos}`);
    }
    const transport = transportSettings(r);
    return {
        baseUrl: r.url("baseUrl", baseUrl!, ODIN_SETTINGS.exampleUrl),
        username: username!,
        password: password!,
        ...transport,
        warnings: [...unknown, ...transport.warnings],
        sources: r.sources,
    };
}

/** For a command: which flag or variable gives each missing setting (the password never comes from a flag). */
function commandLineHow(missing: ReadonlyArray<(typeof CONNECTION)[number]>, passwordVariable: string | undefined): string {
    const ways = {
        baseUrl: "--base-url https://host/api/v2 (or ODIN_BASE_URL)",
        username: "--username NAME (or ODIN_USERNAME)",
        password: passwordVariable
            ? `the password in ${passwordVariable}`
            : "the password in ODIN_PASSWORD, or in a variable you name with --password-env NAME (there is no password flag: it would land in shell history)",
    };
    return `Give ${missing.map((k) => ways[k]).join("; ")}.`;
}

/** How every Odin resource reaches the API: the settings read inside the provider host, the password registered as a secret. */
export const ODIN_API: ApiConnection<OdinClient> = {
    tag: "odin",
    settingsWarnings: (config) => settingsWarnings(ODIN_SETTINGS, config, process.env),
    connect(config, secrets, log) {
        const settings = resolveOdinSettings(config);
        secrets.add(settings.password);
        return new OdinClient({ ...settings, secrets, log });
    },
};
