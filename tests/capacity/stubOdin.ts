/**
 * A small Odin server with the real wire shapes where the simulator (owned
 * elsewhere, being changed) does not have them yet: enterprise-trunk lists as
 * summaries (enterpriseTrunkName, routingType) with capacity only in the
 * per-trunk GET, group-level enterprise trunks, a service provider without the
 * Trunk Group service (400 on its call-capacity GET), a server that keeps
 * burstingMaxActiveCalls after bursting was turned off. It also measures the
 * requests in flight, which is what a concurrency setting must control.
 * 127.0.0.1 only; every lookup is a Map, so it costs no time that grows with
 * the data.
 */
import * as http from "http";
import type { AddressInfo } from "net";

export interface StubTrunkGroup {
    name: string;
    maxActiveCalls: number;
    enableBursting?: boolean;
    burstingMaxActiveCalls?: number;
}

export interface StubEnterpriseTrunk {
    enterpriseTrunkName: string;
    routingType?: string;
    maximumActiveCalls?: number;
    capacityManagementEnabled?: boolean;
    trunkGroups?: Array<{ groupId: string; trunkGroupName: string }>;
}

export interface StubGroup {
    groupId: string;
    groupName: string;
    /** Absent: the group lacks the Trunk Group service. */
    capacity?: { maxActiveCalls: number; burstingMaxActiveCalls: number; maxAvailableActiveCalls?: number; burstingMaxAvailableActiveCalls?: number };
    trunkGroups?: StubTrunkGroup[];
    /** Group-level enterprise trunks (a service provider's). */
    enterpriseTrunks?: StubEnterpriseTrunk[];
}

export interface StubOdinOptions {
    serviceProviderId: string;
    isEnterprise: boolean;
    /** Absent: the service provider lacks the Trunk Group service (400 on its call-capacity GET and report). */
    capacity?: { maxActiveCalls: number; burstingMaxActiveCalls: number };
    groups: StubGroup[];
    /** Enterprise-level trunks (an enterprise's). */
    enterpriseTrunks?: StubEnterpriseTrunk[];
    /** "rows": report with groupTrunkGroupDetails; "groupsOnly": the documented shape; "absent": 404. */
    report: "rows" | "groupsOnly" | "absent";
    /** A trunk group's GET with bursting off: "omit" burstingMaxActiveCalls (the reference) or "keep" the stale value. */
    burstingWhenOff?: "omit" | "keep";
    /** Enterprise-trunk lists: "summary" (the real API) or "full" records. */
    enterpriseTrunkList?: "summary" | "full";
    latencyMs?: number;
}

export interface StubRequest {
    method: string;
    path: string;
    query: Record<string, string>;
    /** Requests being served when this one arrived, itself included. */
    concurrent: number;
}

export interface StubOdin {
    url: string;
    requests: StubRequest[];
    /** The most requests that were being served at the same moment (login excluded). */
    maxInFlight(): number;
    /** Starts a new measurement of maxInFlight. */
    resetPeak(): void;
    close(): Promise<void>;
}

const BASE = "/api/v2";

class Refusal {
    constructor(
        readonly status: number,
        readonly error: string,
    ) {}
}

export async function startStubOdin(o: StubOdinOptions): Promise<StubOdin> {
    const groups = new Map(o.groups.map((g) => [g.groupId, g]));
    const requests: StubRequest[] = [];
    let active = 0;
    let peak = 0;

    const groupOf = (q: Record<string, string>): StubGroup => {
        if (q.serviceProviderId !== o.serviceProviderId) {
            throw new Refusal(404, `[Error 4008] Service Provider not found: ${q.serviceProviderId}`);
        }
        const g = groups.get(q.groupId);
        if (!g) {
            throw new Refusal(404, `[Error 4008] Group not found: ${q.groupId}`);
        }
        return g;
    };
    const spCapacity = () => {
        if (!o.capacity) {
            throw new Refusal(400, `[Error 4410] Service not assigned to service provider ${o.serviceProviderId}: Trunk Group`);
        }
        return { serviceProviderId: o.serviceProviderId, ...o.capacity };
    };
    const groupCapacity = (g: StubGroup) => {
        if (!g.capacity) {
            throw new Refusal(400, `[Error 4410] Service not assigned to group ${g.groupId}: Trunk Group`);
        }
        const sp = o.capacity ?? { maxActiveCalls: 0, burstingMaxActiveCalls: 0 };
        return {
            maxActiveCalls: g.capacity.maxActiveCalls,
            maxAvailableActiveCalls: g.capacity.maxAvailableActiveCalls ?? sp.maxActiveCalls,
            burstingMaxActiveCalls: g.capacity.burstingMaxActiveCalls,
            burstingMaxAvailableActiveCalls: g.capacity.burstingMaxAvailableActiveCalls ?? sp.burstingMaxActiveCalls,
            serviceProviderId: o.serviceProviderId,
            groupId: g.groupId,
        };
    };
    const trunkProfile = (g: StubGroup, t: StubTrunkGroup) => ({
        serviceProviderId: o.serviceProviderId,
        groupId: g.groupId,
        name: t.name,
        maxActiveCalls: t.maxActiveCalls,
        enableBursting: t.enableBursting === true,
        ...(t.burstingMaxActiveCalls !== undefined && (t.enableBursting === true || o.burstingWhenOff === "keep")
            ? { burstingMaxActiveCalls: t.burstingMaxActiveCalls }
            : {}),
        users: [],
    });
    const etFull = (et: StubEnterpriseTrunk, groupId?: string) => ({
        serviceProviderId: o.serviceProviderId,
        ...(groupId ? { groupId } : {}),
        enterpriseTrunkName: et.enterpriseTrunkName,
        maximumRerouteAttempts: 3,
        routeExhaustionAction: "None",
        orderedRouting: { orderingAlgorithm: "Ordered" },
        ...(et.maximumActiveCalls !== undefined
            ? { capacityManagement: { maximumActiveCalls: et.maximumActiveCalls, enabled: et.capacityManagementEnabled !== false } }
            : { capacityManagement: { enabled: false } }),
        trunkGroups: et.trunkGroups ?? [],
    });
    const etList = (list: StubEnterpriseTrunk[], q: Record<string, string>, groupId?: string) => {
        if (q.enterpriseTrunkName !== undefined) {
            const et = list.find((x) => x.enterpriseTrunkName === q.enterpriseTrunkName);
            if (!et) {
                throw new Refusal(404, `[Error 4008] Enterprise Trunk not found: ${q.enterpriseTrunkName}`);
            }
            return etFull(et, groupId);
        }
        return o.enterpriseTrunkList === "full"
            ? list.map((et) => etFull(et, groupId))
            : list.map((et) => ({ enterpriseTrunkName: et.enterpriseTrunkName, routingType: et.routingType ?? "Ordered Load Balancing" }));
    };

    const route = (method: string, path: string, q: Record<string, string>): unknown => {
        if (method === "POST" && path === "/auth/token") {
            return { token: "stub-token" };
        }
        if (method !== "GET") {
            throw new Refusal(405, `${method} not modelled`);
        }
        switch (path) {
            case "/service-providers":
                return { serviceProviderId: o.serviceProviderId, serviceProviderName: "Stub", isEnterprise: o.isEnterprise };
            case "/groups":
                return o.groups.map((g) => ({ groupId: g.groupId, groupName: g.groupName, userLimit: 100, serviceProviderId: o.serviceProviderId }));
            case "/service-providers/trunk-groups/call-capacity":
                return spCapacity();
            case "/service-providers/trunk-groups/call-capacity/reports": {
                if (o.report === "absent") {
                    throw new Refusal(404, `Not found: GET ${BASE}${path}`);
                }
                const report: Record<string, unknown> = {
                    serviceProviderId: o.serviceProviderId,
                    serviceProviderTrunkCapacity: spCapacity(),
                    groups: o.groups.map((g) => ({
                        groupId: g.groupId,
                        groupName: g.groupName,
                        userLimit: 100,
                        service: { serviceName: "Trunk Group", authorized: true, assigned: g.capacity !== undefined, limited: "Unlimited", quantity: -1, usage: 0, licensed: true, allowed: -1, alias: false },
                        ...(g.capacity ? { groupTrunkCapacity: groupCapacity(g) } : {}),
                    })),
                };
                if (o.report === "rows") {
                    report.groupTrunkGroupDetails = o.groups.flatMap((g) =>
                        (g.trunkGroups ?? []).map((t) => ({
                            groupId: g.groupId,
                            name: t.name,
                            maxActiveCalls: t.maxActiveCalls,
                            enableBursting: t.enableBursting === true,
                            burstingMaxAvailableActiveCalls: g.capacity?.burstingMaxActiveCalls ?? 0,
                            quantity: -1,
                            allowed: -1,
                        })),
                    );
                }
                return report;
            }
            case "/groups/trunk-groups/call-capacity":
                return groupCapacity(groupOf(q));
            case "/groups/trunk-groups": {
                const g = groupOf(q);
                groupCapacity(g); // refused without the service
                if (q.name === undefined) {
                    return (g.trunkGroups ?? []).map((t) => ({ name: t.name, department: null, deviceName: "sbc", deviceLevel: "Group", groupId: g.groupId, serviceProviderId: o.serviceProviderId }));
                }
                const t = (g.trunkGroups ?? []).find((x) => x.name === q.name);
                if (!t) {
                    throw new Refusal(400, `[Error 4008] Trunk Group not found: ${q.name}`);
                }
                return trunkProfile(g, t);
            }
            case "/service-providers/enterprise-trunks":
                if (!o.isEnterprise) {
                    throw new Refusal(400, `[Error 4000] ${o.serviceProviderId} is not an enterprise`);
                }
                return etList(o.enterpriseTrunks ?? [], q);
            case "/groups/enterprise-trunks": {
                const g = groupOf(q);
                if (o.isEnterprise) {
                    throw new Refusal(400, `[Error 4000] group enterprise trunks exist only in a service provider`);
                }
                return etList(g.enterpriseTrunks ?? [], q, g.groupId);
            }
        }
        throw new Refusal(404, `Not found: ${method} ${BASE}${path}`);
    };

    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        const path = url.pathname.startsWith(BASE) ? url.pathname.slice(BASE.length).replace(/\/+$/, "") : url.pathname;
        const query = Object.fromEntries(url.searchParams);
        const counted = path !== "/auth/token";
        if (counted) {
            active++;
            peak = Math.max(peak, active);
            requests.push({ method: req.method ?? "GET", path, query, concurrent: active });
        }
        req.resume();
        req.on("end", () => {
            setTimeout(() => {
                let status = 200;
                let body: unknown;
                try {
                    body = route(req.method ?? "GET", path, query);
                } catch (e) {
                    if (!(e instanceof Refusal)) {
                        throw e;
                    }
                    status = e.status;
                    body = { error: e.error, status: e.status, details: null };
                }
                if (counted) {
                    active--;
                }
                res.writeHead(status, { "content-type": "application/json" });
                res.end(JSON.stringify(body));
            }, o.latencyMs ?? 0);
        });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}${BASE}`,
        requests,
        maxInFlight: () => peak,
        resetPeak: () => {
            peak = active;
        },
        close: () =>
            new Promise<void>((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}
