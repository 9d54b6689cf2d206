import type { RetryOptions } from "../http/retryPolicy";
import { ConfigSource, SettingsReader, transportSettings } from "../util/settings";

export type { ConfigSource };

export interface WebexSettings {
    baseUrl: string;
    accessToken: string;
    orgId?: string;
    timeoutMs?: number;
    maxInFlight?: number;
    retry?: Partial<RetryOptions>;
    insecureSkipTlsVerify: boolean;
    /** Where each value came from, so messages can name the key without showing the value. */
    sources: Record<string, string>;
}

export const DEFAULT_WEBEX_BASE_URL = "https://webexapis.com/v1";

const KEYS = {
    accessToken: ["webex:accessToken", "WEBEX_ACCESS_TOKEN"],
    baseUrl: ["webex:baseUrl", "WEBEX_BASE_URL"],
    orgId: ["webex:orgId", "WEBEX_ORG_ID"],
    timeoutMs: ["webex:timeoutMs", "WEBEX_TIMEOUT_MS"],
    maxRetries: ["webex:maxRetries", "WEBEX_MAX_RETRIES"],
    maxInFlight: ["webex:maxInFlight", "WEBEX_MAX_IN_FLIGHT"],
    insecureSkipTlsVerify: ["webex:insecureSkipTlsVerify", "WEBEX_INSECURE_SKIP_TLS_VERIFY"],
} as const;

/**
 * Stack config first, then the environment. Called by the handlers at call
 * time, inside the provider host, so no setting is ever captured in the
 * serialized provider that Pulumi writes into state.
 */
export function resolveWebexSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): WebexSettings {
    const r = new SettingsReader(KEYS, config, env);
    const accessToken = r.read("accessToken")?.trim();
    if (!accessToken) {
        throw new Error(
            "Webex access token missing: set the stack config key webex:accessToken " +
                "(`pulumi config set --secret webex:accessToken <token>`) or the environment variable WEBEX_ACCESS_TOKEN. " +
                "It needs the spark-admin:telephony_config_read and spark-admin:telephony_config_write scopes (a full administrator).",
        );
    }
    if (/^bearer\s/i.test(accessToken)) {
        throw new Error(`${r.sources.accessToken} must be the bare access token, without the "Bearer " prefix`);
    }
    return {
        baseUrl: r.url("baseUrl", (r.read("baseUrl") ?? DEFAULT_WEBEX_BASE_URL).trim(), DEFAULT_WEBEX_BASE_URL),
        accessToken,
        orgId: r.read("orgId"),
        ...transportSettings(r),
        sources: r.sources,
    };
}
