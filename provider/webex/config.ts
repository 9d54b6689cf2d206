import type { RetryOptions } from "../http/retryPolicy";

/** The provider's view of stack config: `config.get("webex:accessToken")`. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

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

type Key = keyof typeof KEYS;

/**
 * Stack config first, then the environment. Called by the handlers at call
 * time, inside the provider host, so no setting is ever captured in the
 * serialized provider that Pulumi writes into state.
 */
export function resolveWebexSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): WebexSettings {
    const sources: Record<string, string> = {};
    const read = (name: Key): string | undefined => {
        const [cfgKey, envKey] = KEYS[name];
        const fromCfg = config?.get(cfgKey);
        if (fromCfg !== undefined && fromCfg !== null && String(fromCfg) !== "") {
            sources[name] = cfgKey;
            return String(fromCfg);
        }
        const fromEnv = env[envKey];
        if (fromEnv !== undefined && fromEnv !== "") {
            sources[name] = envKey;
            return fromEnv;
        }
        return undefined;
    };

    const accessToken = read("accessToken")?.trim();
    if (!accessToken) {
        throw new Error(
            "Webex access token missing: set the stack config key webex:accessToken " +
                "(`pulumi config set --secret webex:accessToken <token>`) or the environment variable WEBEX_ACCESS_TOKEN. " +
                "It needs the spark-admin:telephony_config_read and spark-admin:telephony_config_write scopes (a full administrator).",
        );
    }
    if (/^bearer\s/i.test(accessToken)) {
        throw new Error(`${sources.accessToken} must be the bare access token, without the "Bearer " prefix`);
    }

    const baseUrl = (read("baseUrl") ?? DEFAULT_WEBEX_BASE_URL).trim();
    if (!/^https?:\/\/[^/]+/i.test(baseUrl)) {
        throw new Error(`${sources.baseUrl} must be an http(s) URL like ${DEFAULT_WEBEX_BASE_URL}`);
    }

    const num = (name: "timeoutMs" | "maxRetries" | "maxInFlight", min: number, max: number): number | undefined => {
        const v = read(name);
        if (v === undefined) {
            return undefined;
        }
        const n = Number(v);
        if (!Number.isInteger(n) || n < min || n > max) {
            throw new Error(`${sources[name]} must be an integer from ${min} to ${max}, got "${v}"`);
        }
        return n;
    };
    const timeoutMs = num("timeoutMs", 100, 600_000);
    const maxRetries = num("maxRetries", 0, 20);
    const maxInFlight = num("maxInFlight", 1, 64);

    const insecure = read("insecureSkipTlsVerify");
    if (insecure !== undefined && !/^(true|false)$/i.test(insecure)) {
        throw new Error(`${sources.insecureSkipTlsVerify} must be true or false, got "${insecure}"`);
    }

    return {
        baseUrl,
        accessToken,
        orgId: read("orgId"),
        timeoutMs,
        maxInFlight,
        retry: maxRetries === undefined ? undefined : { maxRetries },
        insecureSkipTlsVerify: insecure?.toLowerCase() === "true",
        sources,
    };
}
