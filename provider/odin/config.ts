import type { OdinClientOptions } from "./client";

/** Reads stack config (odin:*) first, then the environment. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

export interface OdinSettings extends Omit<OdinClientOptions, "log" | "secrets" | "sleep" | "now"> {
    /** Where each value came from, for error messages that never show the value. */
    sources: Record<string, string>;
}

const KEYS = {
    baseUrl: ["odin:baseUrl", "ODIN_BASE_URL"],
    username: ["odin:username", "ODIN_USERNAME"],
    password: ["odin:password", "ODIN_PASSWORD"],
    timeoutMs: ["odin:timeoutMs", "ODIN_TIMEOUT_MS"],
    maxRetries: ["odin:maxRetries", "ODIN_MAX_RETRIES"],
    maxInFlight: ["odin:maxInFlight", "ODIN_MAX_IN_FLIGHT"],
    insecureSkipTlsVerify: ["odin:insecureSkipTlsVerify", "ODIN_INSECURE_SKIP_TLS_VERIFY"],
} as const;

export function resolveOdinSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): OdinSettings {
    const sources: Record<string, string> = {};
    const read = (name: keyof typeof KEYS): string | undefined => {
        const [cfgKey, envKey] = KEYS[name];
        const fromCfg = config?.get(cfgKey);
        if (fromCfg !== undefined && fromCfg !== "") {
            sources[name] = cfgKey;
            return fromCfg;
        }
        const fromEnv = env[envKey];
        if (fromEnv !== undefined && fromEnv !== "") {
            sources[name] = envKey;
            return fromEnv;
        }
        return undefined;
    };
    const missing: string[] = [];
    const need = (name: "baseUrl" | "username" | "password"): string => {
        const v = read(name);
        if (v === undefined) {
            const [cfgKey, envKey] = KEYS[name];
            missing.push(`${cfgKey} (or ${envKey})`);
            return "";
        }
        return v;
    };
    const baseUrl = need("baseUrl");
    const username = need("username");
    const password = need("password");
    if (missing.length > 0) {
        throw new Error(
            `Odin connection settings missing: ${missing.join(", ")}. Set them with \`pulumi config set odin:baseUrl https://host/api/v2\`, ` +
                "`pulumi config set odin:username …`, `pulumi config set --secret odin:password …`, or the environment variables.",
        );
    }
    if (!/^https?:\/\/[^/]+/i.test(baseUrl)) {
        throw new Error(`${sources.baseUrl} must be an http(s) URL like https://host/api/v2`);
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
        username,
        password,
        timeoutMs,
        maxInFlight,
        retry: maxRetries === undefined ? undefined : { maxRetries },
        insecureSkipTlsVerify: insecure?.toLowerCase() === "true",
        sources,
    };
}
