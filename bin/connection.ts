/**
 * How the CLIs take their connection: flags, else the variables the
 * providers read (ODIN_* / WEBEX_*). Credentials never come from a flag (they
 * would land in shell history and process listings): from the environment, or
 * from a variable the user names.
 */
import { OdinSettings, resolveOdinSettings } from "../provider/odin/config";
import { WebexSettings, resolveWebexSettings } from "../provider/webex/config";

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

export function odinSettingsFromFlags(
    values: { "base-url"?: string; username?: string; "password-env"?: string },
    env: NodeJS.ProcessEnv = process.env,
): OdinSettings {
    const vars = { ...env };
    if (values["password-env"]) {
        vars.ODIN_PASSWORD = env[values["password-env"]];
    }
    const flags: Record<string, string | undefined> = { "odin:baseUrl": values["base-url"], "odin:username": values.username };
    return resolveOdinSettings({ get: (k) => flags[k] }, vars);
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
    values: { "base-url"?: string; "org-id"?: string; "token-env"?: string },
    env: NodeJS.ProcessEnv = process.env,
): WebexSettings {
    const vars = { ...env };
    if (values["token-env"]) {
        vars.WEBEX_ACCESS_TOKEN = env[values["token-env"]];
    }
    const flags: Record<string, string | undefined> = { "webex:baseUrl": values["base-url"], "webex:orgId": values["org-id"] };
    return resolveWebexSettings({ get: (k) => flags[k] }, vars);
}
