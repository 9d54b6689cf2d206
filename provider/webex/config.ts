import type { ConcurrencyOptions } from "../http/limiter";
import type { ApiConnection } from "../kit/handlers";
import type { RetryOptions } from "../http/retryPolicy";
import { ApiSettings, ConfigSource, SettingOverrides, SettingsReader, settingsWarnings, transportSettings, unknownConfigKeys } from "../util/settings";
import { WebexClient } from "./client";

export type { ConfigSource };

export interface WebexSettings {
    baseUrl: string;
    accessToken: string;
    orgId?: string;
    timeoutMs?: number;
    deadlineMs?: number;
    /** The one concurrency setting (webex:concurrency, webex:maxConcurrency), as the transport's option. */
    concurrency: ConcurrencyOptions;
    retry?: Partial<RetryOptions>;
    insecureSkipTlsVerify: boolean;
    /** Deprecations and unknown webex:* keys, for the caller to log (never a value). */
    warnings: string[];
    /** Where each value came from, so messages can name the key without showing the value. */
    sources: Record<string, string>;
}

export const DEFAULT_WEBEX_BASE_URL = "https://webexapis.com/v1";

export const WEBEX_SETTING_KEYS = {
    accessToken: ["webex:accessToken", "WEBEX_ACCESS_TOKEN"],
    baseUrl: ["webex:baseUrl", "WEBEX_BASE_URL"],
    orgId: ["webex:orgId", "WEBEX_ORG_ID"],
    timeoutMs: ["webex:timeoutMs", "WEBEX_TIMEOUT_MS"],
    deadlineMs: ["webex:deadlineMs", "WEBEX_DEADLINE_MS"],
    maxRetries: ["webex:maxRetries", "WEBEX_MAX_RETRIES"],
    concurrency: ["webex:concurrency", "WEBEX_CONCURRENCY"],
    maxConcurrency: ["webex:maxConcurrency", "WEBEX_MAX_CONCURRENCY"],
    /** Deprecated: a fixed webex:concurrency. */
    maxInFlight: ["webex:maxInFlight", "WEBEX_MAX_IN_FLIGHT"],
    insecureSkipTlsVerify: ["webex:insecureSkipTlsVerify", "WEBEX_INSECURE_SKIP_TLS_VERIFY"],
    /** Read by create (kit/adopt), from stack config only: take over what already exists. */
    adoptExisting: ["webex:adoptExisting"],
} as const;

/** Every webex:* setting: the one list the provider and trunking-discover read and check against. */
export const WEBEX_SETTINGS: ApiSettings<typeof WEBEX_SETTING_KEYS> = { namespace: "webex", keys: WEBEX_SETTING_KEYS, exampleUrl: DEFAULT_WEBEX_BASE_URL };

/**
 * Caller overrides, then stack config, then the environment. Called by the
 * handlers at call time, inside the provider host, so no setting is ever
 * captured in the serialized provider that Pulumi writes into state.
 */
export function resolveWebexSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env, overrides?: SettingOverrides): WebexSettings {
    const r = new SettingsReader(WEBEX_SETTING_KEYS, config, env, overrides);
    const unknown = unknownConfigKeys(config, WEBEX_SETTINGS.namespace, Object.values(WEBEX_SETTING_KEYS).map(([k]) => k));
    const accessToken = r.read("accessToken")?.trim();
    if (!accessToken) {
        const typos = unknown.length > 0 ? ` ${unknown.map((w) => w.replace(/ \(valid: .*\)$/, "")).join("; ")}.` : "";
        throw new Error(
            `Webex access token missing: set ${r.describe("accessToken")}` +
                (r.hasConfig
                    ? " (`pulumi config set --secret webex:accessToken <token>`)"
                    : overrides?.labels.baseUrl
                      ? ", or name another variable that holds it with --token-env NAME (there is no token flag: it would land in shell history)"
                      : "") +
                ". It needs the spark-admin:telephony_config_read and spark-admin:telephony_config_write scopes (a full administrator)." +
                typos,
        );
    }
    if (/^bearer\s/i.test(accessToken)) {
        throw new Error(`${r.sources.accessToken} must be the bare access token, without the "Bearer " prefix`);
    }
    const transport = transportSettings(r);
    return {
        baseUrl: r.url("baseUrl", (r.read("baseUrl") ?? DEFAULT_WEBEX_BASE_URL).trim(), DEFAULT_WEBEX_BASE_URL),
        accessToken,
        orgId: r.read("orgId"),
        ...transport,
        warnings: [...unknown, ...transport.warnings],
        sources: r.sources,
    };
}

/** The client and the settings it was built from (the default org). */
export interface WebexApi {
    client: WebexClient;
    settings: WebexSettings;
}

/** How every Webex resource reaches the API: the settings read inside the provider host, the token registered as a secret. */
export const WEBEX_API: ApiConnection<WebexApi> = {
    tag: "webex",
    settingsWarnings: (config) => settingsWarnings(WEBEX_SETTINGS, config, process.env),
    connect(config, secrets, log) {
        const settings = resolveWebexSettings(config);
        secrets.add(settings.accessToken);
        return { settings, client: new WebexClient({ ...settings, secrets, log }) };
    },
};
