import type { ClientTransportOptions } from "../http/transport";

/** The transport knobs of a client's options, and nothing else: no credential reaches the transport. */
export function transportKnobs(o: ClientTransportOptions): ClientTransportOptions {
    return {
        timeoutMs: o.timeoutMs,
        deadlineMs: o.deadlineMs,
        maxInFlight: o.maxInFlight,
        concurrency: o.concurrency,
        retry: o.retry,
        insecureSkipTlsVerify: o.insecureSkipTlsVerify,
        log: o.log,
        secrets: o.secrets,
        sleep: o.sleep,
        settingNames: o.settingNames,
        maxResponseBytes: o.maxResponseBytes,
    };
}
