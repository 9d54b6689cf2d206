import type { HostHooks, HostMethod, HostRequest } from "./hostProcess";

/**
 * Kills the provider host at the nth request of a method: `when: "before"`
 * means the request never reaches it (a crash before the call), `"after"`
 * that the answer arrived and the engine records it, then the host is gone
 * for whatever comes next.
 */
export function killHostAt(method: HostMethod, nth: number, when: "before" | "after"): HostHooks & { fired(): boolean } {
    let fired = false;
    const maybeKill = async (req: HostRequest, host: { kill(): Promise<void> }) => {
        if (!fired && req.method === method && req.nth === nth) {
            fired = true;
            await host.kill();
        }
    };
    return {
        before: when === "before" ? maybeKill : undefined,
        after: when === "after" ? maybeKill : undefined,
        fired: () => fired,
    };
}

/** The requests of these methods, in order (e.g. requestsOf(summary.requests, "check", "diff")). */
export function requestsOf(requests: HostRequest[], ...methods: HostMethod[]): HostRequest[] {
    return requests.filter((r) => methods.includes(r.method));
}
