/**
 * How the CLIs take their connection: flags first, labelled as typed so every
 * message names what the user wrote (`--base-url`, `--concurrency`,
 * `MY_PW (named by --password-env)`), else the variables the providers read
 * (ODIN_* / WEBEX_*). Credentials never come from a flag (they would land in
 * shell history and process listings): from the environment, or from a
 * variable the user names. Both CLIs use this; neither loads @pulumi/pulumi.
 */
import { OdinSettings, resolveOdinSettings } from "../provider/odin/config";
import { WebexSettings, resolveWebexSettings } from "../provider/webex/config";
import type { SettingOverrides } from "../provider/util/settings";

export const CONCURRENCY_OPTION = { concurrency: { type: "string" } } as const;

export const CONCURRENCY_HELP = (api: "ODIN" | "WEBEX") => `Requests in flight: --concurrency, else ${api}_CONCURRENCY ("adaptive", the default, or a fixed
number from 1 to 64, exactly that many). Adaptive starts at 5 and rises while the server answers
quickly and without throttling, up to ${api}_MAX_CONCURRENCY (default 32); it backs off on 429, 503
or rising latency. ${api}_TIMEOUT_MS (one attempt, default 30000), ${api}_DEADLINE_MS (all attempts
together, default 60000), ${api}_MAX_RETRIES and ${api}_INSECURE_SKIP_TLS_VERIFY as for the provider. Long waits before a retry are shown on stderr; TRUNKING_DEBUG=1 logs every request
(without secrets) too.`;

export const ODIN_CONNECTION_OPTIONS = {
    "base-url": { type: "string" },
    username: { type: "string" },
    "password-env": { type: "string" },
} as const;

export const ODIN_CONNECTION_USAGE = "[--base-url URL] [--username U] [--password-env VAR]";

export const ODIN_CONNECTION_HELP = `Connection settings come from the flags or from ODIN_BASE_URL, ODIN_USERNAME and
ODIN_PASSWORD. The password is never taken on the command line (it would land in
shell history and process listings): put it in ODIN_PASSWORD, or name another
variable with --password-env.`;

/** A variable named by a flag must hold something: say so in the flag's words. */
function namedVariable(flag: string, name: string | undefined, env: NodeJS.ProcessEnv): { name: string; label: string } | undefined {
    if (name === undefined) {
        return undefined;
    }
    if (!env[name]) {
        throw new Error(`${flag} ${name}: the environment variable ${name} is not set (or is empty)`);
    }
    return { name, label: `${name} (named by ${flag})` };
}

export function odinSettingsFromFlags(
    values: { "base-url"?: string; username?: string; "password-env"?: string; concurrency?: string },
    env: NodeJS.ProcessEnv = process.env,
): OdinSettings {
    const password = namedVariable("--password-env", values["password-env"], env);
    const overrides: SettingOverrides = {
        values: { baseUrl: values["base-url"], username: values.username, concurrency: values.concurrency },
        labels: { baseUrl: "--base-url", username: "--username", concurrency: "--concurrency" },
        env: password ? { password } : undefined,
    };
    return resolveOdinSettings(undefined, env, overrides);
}

export const WEBEX_CONNECTION_OPTIONS = {
    "base-url": { type: "string" },
    "org-id": { type: "string" },
    "token-env": { type: "string" },
} as const;

export const WEBEX_CONNECTION_USAGE = "[--base-url URL] [--org-id ORG] [--token-env VAR]";

export const WEBEX_CONNECTION_HELP = `Connection settings come from the flags or from WEBEX_BASE_URL, WEBEX_ORG_ID and
WEBEX_ACCESS_TOKEN. The token is never taken on the command line: put it in
WEBEX_ACCESS_TOKEN, or name another variable with --token-env.`;

export function webexSettingsFromFlags(
    values: { "base-url"?: string; "org-id"?: string; "token-env"?: string; concurrency?: string },
    env: NodeJS.ProcessEnv = process.env,
): WebexSettings {
    const accessToken = namedVariable("--token-env", values["token-env"], env);
    const overrides: SettingOverrides = {
        values: { baseUrl: values["base-url"], orgId: values["org-id"], concurrency: values.concurrency },
        labels: { baseUrl: "--base-url", orgId: "--org-id", concurrency: "--concurrency" },
        env: accessToken ? { accessToken } : undefined,
    };
    return resolveWebexSettings(undefined, env, overrides);
}
