import type { OdinClientOptions } from "./client";
import { ConfigSource, SettingsReader, transportSettings } from "../util/settings";

export type { ConfigSource };

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

/** Reads stack config (odin:*) first, then the environment. */
export function resolveOdinSettings(config: ConfigSource | undefined, env: NodeJS.ProcessEnv = process.env): OdinSettings {
    const r = new SettingsReader(KEYS, config, env);
    const [baseUrl, username, password] = (["baseUrl", "username", "password"] as const).map((k) => r.read(k));
    const missing = (["baseUrl", "username", "password"] as const).filter((k, i) => [baseUrl, username, password][i] === undefined);
    if (missing.length > 0) {
        throw new Error(
            `Odin connection settings missing: ${missing.map((k) => r.describe(k)).join(", ")}. Set them with \`pulumi config set odin:baseUrl https://host/api/v2\`, ` +
                "`pulumi config set odin:username …`, `pulumi config set --secret odin:password …`, or the environment variables.",
        );
    }
    return {
        baseUrl: r.url("baseUrl", baseUrl!, "https://host/api/v2"),
        username: username!,
        password: password!,
        ...transportSettings(r),
        sources: r.sources,
    };
}
