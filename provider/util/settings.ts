import type { RetryOptions } from "../http/retryPolicy";

/** The provider's view of stack config: `config.get("odin:baseUrl")`. */
export interface ConfigSource {
    get(key: string): string | undefined;
}

/** [stack config key, environment variable] */
export type SettingKeys = Record<string, readonly [string, string]>;

export interface TransportSettings {
    timeoutMs?: number;
    maxInFlight?: number;
    retry?: Partial<RetryOptions>;
    insecureSkipTlsVerify: boolean;
}

/**
 * Stack config first, then the environment, for both APIs. Used by the
 * handlers at call time inside the provider host, so no setting is captured
 * in the serialized provider. Records where each value came from, so messages
 * can name the key without ever showing the value.
 */
export class SettingsReader<K extends SettingKeys> {
    readonly sources: Record<string, string> = {};

    constructor(
        private readonly keys: K,
        private readonly config: ConfigSource | undefined,
        private readonly env: NodeJS.ProcessEnv,
    ) {}

    read(name: keyof K & string): string | undefined {
        const [cfgKey, envKey] = this.keys[name];
        const fromCfg = this.config?.get(cfgKey);
        if (fromCfg !== undefined && fromCfg !== null && String(fromCfg) !== "") {
            this.sources[name] = cfgKey;
            return String(fromCfg);
        }
        const fromEnv = this.env[envKey];
        if (fromEnv !== undefined && fromEnv !== "") {
            this.sources[name] = envKey;
            return fromEnv;
        }
        return undefined;
    }

    /** "odin:baseUrl (or ODIN_BASE_URL)" */
    describe(name: keyof K & string): string {
        const [cfgKey, envKey] = this.keys[name];
        return `${cfgKey} (or ${envKey})`;
    }

    integer(name: keyof K & string, min: number, max: number): number | undefined {
        const v = this.read(name);
        if (v === undefined) {
            return undefined;
        }
        const n = Number(v);
        if (!Number.isInteger(n) || n < min || n > max) {
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

/** The transport knobs both APIs share: timeoutMs, maxRetries, maxInFlight, insecureSkipTlsVerify. */
export function transportSettings(r: SettingsReader<Record<"timeoutMs" | "maxRetries" | "maxInFlight" | "insecureSkipTlsVerify", readonly [string, string]>>): TransportSettings {
    const maxRetries = r.integer("maxRetries", 0, 20);
    return {
        timeoutMs: r.integer("timeoutMs", 100, 600_000),
        maxInFlight: r.integer("maxInFlight", 1, 64),
        retry: maxRetries === undefined ? undefined : { maxRetries },
        insecureSkipTlsVerify: r.boolean("insecureSkipTlsVerify"),
    };
}
