import type { SecretRegistry } from "../http/redact";
import type { Logger } from "../http/transport";

/**
 * The handlers' logger: warnings, errors and info always, every request with
 * TRUNKING_DEBUG=1. It writes to the provider host's stderr, which the engine
 * shows to the person running `pulumi up`, so info lines are few and worth
 * reading: the transport's "waiting 4 s before attempt 3 of 6" once a request
 * has been retrying for a while (a run slowed by a throttling server says
 * why), or a create that found its object after a lost answer. Every line is
 * scrubbed of known secrets first.
 */
export function providerLogger(secrets: SecretRegistry, tag: string, env: NodeJS.ProcessEnv = process.env): Logger {
    const debug = /^(1|true)$/i.test(env.TRUNKING_DEBUG ?? "");
    return (level, message) => {
        if (level !== "debug" || debug) {
            process.stderr.write(`[pulumi-trunking${tag ? ` ${tag}` : ""} ${level}] ${secrets.scrub(message)}\n`);
        }
    };
}
