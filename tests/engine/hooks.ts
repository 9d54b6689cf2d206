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

/**
 * Kills the provider host while a request of `method` is in it, as soon as
 * `condition` holds (polled every 25 ms for at most 10 s): a crash timed by
 * what a server has seen (e.g. the create's read-back hanging there), not by
 * a request of the engine's.
 */
export function killHostDuring(method: HostMethod, condition: () => boolean): HostHooks {
    return {
        before: async (req, host) => {
            if (req.method !== method) {
                return;
            }
            void (async () => {
                for (let i = 0; i < 400; i++) {
                    if (condition()) {
                        await host.kill();
                        return;
                    }
                    await new Promise((r) => setTimeout(r, 25));
                }
            })();
        },
    };
}

/** The requests of these methods, in order (e.g. requestsOf(summary.requests, "check", "diff")). */
export function requestsOf(requests: HostRequest[], ...methods: HostMethod[]): HostRequest[] {
    return requests.filter((r) => methods.includes(r.method));
}
