import { Limiter } from "../http/limiter";
import type { OdinClient } from "../odin/client";
import { isServiceNotAssigned } from "../odin/errors";
import type {
    CallCapacityReport,
    EnterpriseTrunk,
    GroupCallCapacity,
    ServiceProviderCallCapacity,
    TrunkGroupKey,
} from "../odin/types";

/** What the API tells us, before any arithmetic (report.ts does that, purely). */
export interface FetchedTrunkGroup {
    name: string;
    maxActiveCalls: number;
    /** Absent when bursting is off. */
    burstingMaxActiveCalls?: number;
}

export interface FetchedGroup {
    groupId: string;
    groupName: string;
    /** null: the group lacks the Trunk Group service. */
    capacity: GroupCallCapacity | null;
    trunkGroups: FetchedTrunkGroup[];
}

export interface FetchedCapacity {
    serviceProviderId: string;
    isEnterprise?: boolean;
    capacity: ServiceProviderCallCapacity;
    groups: FetchedGroup[];
    enterpriseTrunks?: EnterpriseTrunk[];
    /** How the data was gathered, for the benchmark and for debugging. */
    source: "report+details" | "report" | "per-group";
}

export interface FetchOptions {
    groupIds?: string[];
    includeEnterpriseTrunks?: boolean;
    /** Independent requests in flight at once. */
    concurrency?: number;
    /** Set false to skip the one-call report endpoint. */
    useReportEndpoint?: boolean;
    onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_CONCURRENCY = 8;

/**
 * Gathers the capacity data with as few, and as concurrent, requests as the
 * server allows. The one-call report carries the service provider's and every
 * group's capacity and, on newer servers, one row per trunk group with its
 * maxActiveCalls and whether bursting is on; only trunk groups with bursting
 * on then need their own GET (for burstingMaxActiveCalls). Older servers get
 * the per-group calls, run concurrently. Any failure other than "the group
 * lacks the Trunk Group service" fails the whole call: a report never shows
 * zeros in place of an error.
 */
export async function fetchCapacity(client: OdinClient, serviceProviderId: string, opts: FetchOptions = {}): Promise<FetchedCapacity> {
    const limiter = new Limiter(opts.concurrency ?? DEFAULT_CONCURRENCY);
    const run = <T>(fn: () => Promise<T>) => limiter.run(fn);
    const wanted = opts.groupIds ? new Set(opts.groupIds) : undefined;

    const enterpriseTrunks = opts.includeEnterpriseTrunks ? run(() => client.listEnterpriseTrunks(serviceProviderId)) : undefined;
    // Whether it is an enterprise matters next to its enterprise trunks; otherwise spare the request.
    const spInfo = opts.includeEnterpriseTrunks ? run(() => client.getServiceProvider(serviceProviderId)) : undefined;
    const report = opts.useReportEndpoint === false ? undefined : await run(() => client.getCallCapacityReport(serviceProviderId));

    let result: Omit<FetchedCapacity, "enterpriseTrunks" | "isEnterprise">;
    if (report && Array.isArray(report.groups) && report.serviceProviderTrunkCapacity) {
        result = await fromReport(client, serviceProviderId, report, wanted, run, opts.onProgress);
    } else {
        result = await perGroup(client, serviceProviderId, wanted, run, opts.onProgress);
    }
    if (wanted) {
        const missing = [...wanted].filter((g) => !result.groups.some((x) => x.groupId === g));
        if (missing.length > 0) {
            throw new Error(`groupIds: ${missing.map((g) => JSON.stringify(g)).join(", ")} not found in service provider ${serviceProviderId}`);
        }
    }
    return {
        ...result,
        ...(spInfo ? { isEnterprise: (await spInfo).isEnterprise } : {}),
        enterpriseTrunks: enterpriseTrunks ? await enterpriseTrunks : undefined,
    };
}

type Run = <T>(fn: () => Promise<T>) => Promise<T>;

async function fromReport(
    client: OdinClient,
    serviceProviderId: string,
    report: CallCapacityReport,
    wanted: Set<string> | undefined,
    run: Run,
    onProgress?: (done: number, total: number) => void,
): Promise<Omit<FetchedCapacity, "enterpriseTrunks" | "isEnterprise">> {
    const groups = (report.groups ?? []).filter((g) => !wanted || wanted.has(g.groupId));
    const rows = report.groupTrunkGroupDetails;
    let done = 0;
    const fetched = await Promise.all(
        groups.map(async (g): Promise<FetchedGroup> => {
            const assigned = g.service ? g.service.assigned !== false : g.groupTrunkCapacity !== undefined;
            const capacity = assigned && g.groupTrunkCapacity ? g.groupTrunkCapacity : null;
            let trunkGroups: FetchedTrunkGroup[] = [];
            if (capacity) {
                trunkGroups = rows
                    ? await fromRows(client, serviceProviderId, g.groupId, rows.filter((r) => r.groupId === g.groupId), run)
                    : await trunkGroupsOf(client, { serviceProviderId, groupId: g.groupId }, run);
            }
            onProgress?.(++done, groups.length);
            return { groupId: g.groupId, groupName: String(g.groupName ?? g.groupId), capacity, trunkGroups };
        }),
    );
    return { serviceProviderId, capacity: report.serviceProviderTrunkCapacity!, groups: fetched, source: rows ? "report+details" : "report" };
}

async function fromRows(
    client: OdinClient,
    serviceProviderId: string,
    groupId: string,
    rows: NonNullable<CallCapacityReport["groupTrunkGroupDetails"]>,
    run: Run,
): Promise<FetchedTrunkGroup[]> {
    return Promise.all(
        rows.map(async (r) => {
            const name = String(r.name);
            if (r.enableBursting !== true) {
                return { name, maxActiveCalls: r.maxActiveCalls };
            }
            // The row says bursting is on but not how much: ask the trunk group.
            const tg = await run(() => client.getTrunkGroup({ serviceProviderId, groupId, name }));
            return { name, maxActiveCalls: tg.maxActiveCalls ?? r.maxActiveCalls, burstingMaxActiveCalls: tg.burstingMaxActiveCalls ?? undefined };
        }),
    );
}

async function perGroup(
    client: OdinClient,
    serviceProviderId: string,
    wanted: Set<string> | undefined,
    run: Run,
    onProgress?: (done: number, total: number) => void,
): Promise<Omit<FetchedCapacity, "enterpriseTrunks" | "isEnterprise">> {
    const [capacity, allGroups] = await Promise.all([
        run(() => client.getServiceProviderCallCapacity(serviceProviderId)).catch((e) => {
            if (isServiceNotAssigned(e)) {
                throw new Error(
                    `Service provider ${serviceProviderId} has no trunking call capacity: the Trunk Group service is not assigned to it (${(e as Error).message})`,
                );
            }
            throw e;
        }),
        run(() => client.listGroups(serviceProviderId)),
    ]);
    const groups = allGroups.filter((g) => !wanted || wanted.has(g.groupId));
    let done = 0;
    const fetched = await Promise.all(
        groups.map(async (g): Promise<FetchedGroup> => {
            const key = { serviceProviderId, groupId: g.groupId };
            let cap: GroupCallCapacity | null;
            try {
                cap = await run(() => client.getGroupCallCapacity(serviceProviderId, g.groupId));
            } catch (e) {
                if (!isServiceNotAssigned(e)) {
                    throw e;
                }
                cap = null;
            }
            const trunkGroups = cap ? await trunkGroupsOf(client, key, run) : [];
            onProgress?.(++done, groups.length);
            return { groupId: g.groupId, groupName: String(g.groupName ?? g.groupId), capacity: cap, trunkGroups };
        }),
    );
    return { serviceProviderId, capacity, groups: fetched, source: "per-group" };
}

async function trunkGroupsOf(client: OdinClient, group: Omit<TrunkGroupKey, "name">, run: Run): Promise<FetchedTrunkGroup[]> {
    const list = await run(() => client.listTrunkGroups(group.serviceProviderId, group.groupId));
    return Promise.all(
        list.map(async (t) => {
            const tg = await run(() => client.getTrunkGroup({ ...group, name: String(t.name) }));
            return {
                name: String(tg.name ?? t.name),
                maxActiveCalls: tg.maxActiveCalls ?? 0,
                burstingMaxActiveCalls: tg.burstingMaxActiveCalls ?? undefined,
            };
        }),
    );
}
