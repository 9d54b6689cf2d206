import type { SecretRegistry } from "../http/redact";
import type { Logger } from "../http/transport";

/**
 * The handlers' logger: warnings and errors always, every request with
 * TRUNKING_DEBUG=1. It writes to the provider host's stderr, which ends up in
 * the engine's log, so every line is scrubbed of known secrets first.
 */
export function providerLogger(secrets: SecretRegistry, tag: string): Logger {
    const debug = /^(1|true)$/i.test(process.env.TRUNKING_DEBUG ?? "");
    return (level, message) => {
        if (level === "warn" || level === "error" || debug) {
            process.stderr.write(`[pulumi-trunking${tag ? ` ${tag}` : ""} ${level}] ${secrets.scrub(message)}\n`);
        }
    };
}
