import type { SecretRegistry } from "../http/redact";
import type { Logger } from "../http/transport";

/** Where the report's log lines go: the terminal for the CLI, Pulumi's diagnostics in a program. */
export interface LogSink {
    warn(line: string): void;
    /**
     * Always shown: the transport's "waiting 4 s before attempt 3 of 6" once a
     * request has been retrying for a while, so a slow run says why.
     */
    info(line: string): void;
    /** Only called with TRUNKING_DEBUG=1. */
    debug(line: string): void;
}

export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
    return /^(1|true)$/i.test(env.TRUNKING_DEBUG ?? "");
}

/**
 * The same policy as the provider host's logger: warnings (an insecure TLS
 * switch, deprecated settings) and info (long waits) always, every request
 * with TRUNKING_DEBUG=1, and every line scrubbed of the secrets the client knows.
 */
export function scrubbedLogger(secrets: SecretRegistry, sink: LogSink, env: NodeJS.ProcessEnv = process.env): Logger {
    const debug = debugEnabled(env);
    return (level, message) => {
        if (level === "warn" || level === "error") {
            sink.warn(secrets.scrub(message));
        } else if (level === "info") {
            sink.info(secrets.scrub(message));
        } else if (debug) {
            sink.debug(secrets.scrub(message));
        }
    };
}
