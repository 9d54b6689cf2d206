import type { OdinClient } from "../odin/client";
import { isServiceNotAssigned } from "../odin/errors";
import type {
    CallCapacityReport,
    CapacityReportTrunkGroupRow,
    EnterpriseTrunk,
    GroupCallCapacity,
    GroupSummary,
    ServiceProviderCallCapacity,
} from "../odin/types";
import { fetchEnterpriseTrunks } from "./enterpriseTrunks";
import { mapBounded } from "./pool";
import { burstingContribution, reportGroupCapacity, rowNeedsDetails, rowsByGroup, trunkGroupAnswerProblem, wholeNumber } from "./rules";

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
    /** Empty for a group outside the filter: only its capacity is needed (for the totals). */
    trunkGroups: FetchedTrunkGroup[];
}

export interface FetchedCapacity {
    serviceProviderId: string;
    isEnterprise?: boolean;
    /** null: the service provider lacks the Trunk Group service (its call-capacity GET is refused for that). */
    capacity: ServiceProviderCallCapacity | null;
    /** Every group of the service provider: the totals cover them all. */
    groups: FetchedGroup[];
    /** With a group filter: the groups to show, in the service provider's order. */
    shownGroupIds?: string[];
    enterpriseTrunks?: EnterpriseTrunk[];
    /** How the data was gathered, for the benchmark and for debugging. */
    source: "report+details" | "report" | "per-group";
}

export interface FetchOptions {
    groupIds?: string[];
    includeEnterpriseTrunks?: boolean;
    /**
     * Groups worked on at once. Bounds memory and the requests queued in the
     * transport; how many are in flight is the transport's (concurrency) business.
     */
    workers?: number;
    /** Set false to skip the one-call report endpoint. */
    useReportEndpoint?: boolean;
    /**
     * Groups listed in the report done so far, of how many: (0, total) once the
     * group list is in, then after each group. Reads nothing and changes nothing
     * in the report; requests sent are the transport's count (transport.stats).
     */
    onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_WORKERS = 32;

/**
 * Whether a client's server has a usable report endpoint, learnt on the first
 * report of the process. Keyed by client (not URL) so one program talking to
 * two servers, or a test restarting a server on a reused port, cannot mix them up.
 */
const reportEndpoint = new WeakMap<OdinClient, boolean>();

type Settled<T> = Promise<T>;
/** Starts a request whose failure is only observed if its result is used (a speculative call). */
function speculative<T>(p: Promise<T>): Settled<T> {
    p.catch(() => undefined);
    return p;
}

interface Basics {
    capacity: Settled<ServiceProviderCallCapacity | null>;
    groups: Settled<GroupSummary[]>;
}

function startBasics(client: OdinClient, serviceProviderId: string): Basics {
    return {
        capacity: speculative(
            client.getServiceProviderCallCapacity(serviceProviderId).catch((e) => {
                if (isServiceNotAssigned(e)) {
                    return null;
                }
                throw e;
            }),
        ),
        groups: speculative(client.listGroups(serviceProviderId)),
    };
}

/**
 * Gathers the capacity data with as few, and as concurrent, requests as the
 * server allows, in time and memory linear in groups and trunk groups.
 *
 * The one-call report carries the service provider's and every group's
 * capacity and, on newer servers, one row per trunk group; only trunk groups
 * with bursting on then need their own GET (for burstingMaxActiveCalls).
 * Older servers get the per-group calls. Until a client has learnt which kind
 * its server is, the per-group path's first two calls go out together with
 * the report probe, so a missing endpoint costs no extra round trip.
 *
 * "The Trunk Group service is not assigned" is reported (capacity null), for
 * the service provider and for each group; any other failure fails the whole
 * call: a report never shows zeros in place of an error.
 */
export async function fetchCapacity(client: OdinClient, serviceProviderId: string, opts: FetchOptions = {}): Promise<FetchedCapacity> {
    const workers = opts.workers ?? DEFAULT_WORKERS;
    const wanted = opts.groupIds ? new Set(opts.groupIds) : undefined;
    const known = opts.useReportEndpoint === false ? false : reportEndpoint.get(client);
    // Whether it is an enterprise decides where its enterprise trunks live; otherwise spare the request.
    const spInfo = opts.includeEnterpriseTrunks ? speculative(client.getServiceProvider(serviceProviderId)) : undefined;
    let basics = known === true ? undefined : startBasics(client, serviceProviderId);

    let report: CallCapacityReport | undefined;
    if (known !== false) {
        let refused = false;
        try {
            report = await client.getCallCapacityReport(serviceProviderId);
        } catch (e) {
            // The endpoint exists but refuses a service provider without the service: the per-group
            // calls say the same, group by group, and the report shows it.
            if (!isServiceNotAssigned(e)) {
                throw e;
            }
            refused = true;
        }
        const usable = report !== undefined && Array.isArray(report.groups) && report.serviceProviderTrunkCapacity !== undefined;
        if (!refused) {
            reportEndpoint.set(client, usable);
        }
        if (!usable) {
            report = undefined;
        }
    }

    const ctx: Ctx = { client, serviceProviderId, wanted, workers, onProgress: opts.onProgress, done: 0, total: 0 };
    let base: Base;
    if (report) {
        base = await fromReport(ctx, report);
    } else {
        basics ??= startBasics(client, serviceProviderId);
        base = await perGroup(ctx, basics);
    }
    const isEnterprise = spInfo ? (await spInfo).isEnterprise : undefined;
    return {
        serviceProviderId,
        ...(spInfo ? { isEnterprise } : {}),
        capacity: base.capacity,
        groups: base.groups,
        ...(wanted ? { shownGroupIds: base.groups.filter((g) => wanted.has(g.groupId)).map((g) => g.groupId) } : {}),
        enterpriseTrunks: base.enterpriseTrunks,
        source: base.source,
    };

    /** Enterprise trunks run beside the groups' pool once the group list is known. */
    function enterpriseTrunksFor(groupIds: string[]): Promise<EnterpriseTrunk[]> | undefined {
        if (!spInfo) {
            return undefined;
        }
        return spInfo.then((info) => fetchEnterpriseTrunks(client, serviceProviderId, info.isEnterprise, groupIds, workers));
    }

    async function fromReport(c: Ctx, r: CallCapacityReport): Promise<Base> {
        const groups = r.groups!;
        checkWanted(c, groups);
        const rows = r.groupTrunkGroupDetails ? rowsByGroup(r.groupTrunkGroupDetails) : undefined;
        const shown = groups.filter((g) => show(c, g.groupId)).map((g) => g.groupId);
        c.total = shown.length;
        started(c);
        const [fetched, ets] = await Promise.all([
            mapBounded(groups, c.workers, async (g): Promise<FetchedGroup> => {
                const decided = reportGroupCapacity(g);
                const capacity =
                    decided.kind === "assigned" ? decided.capacity : decided.kind === "notAssigned" ? null : await groupCapacity(c, g.groupId);
                let trunkGroups: FetchedTrunkGroup[] = [];
                if (show(c, g.groupId)) {
                    if (capacity) {
                        trunkGroups = rows ? await fromRows(c, g.groupId, rows.get(g.groupId) ?? []) : await trunkGroupsOf(c, g.groupId);
                    }
                    progress(c);
                }
                return { groupId: g.groupId, groupName: String(g.groupName ?? g.groupId), capacity, trunkGroups };
            }),
            enterpriseTrunksFor(shown),
        ]);
        return { capacity: r.serviceProviderTrunkCapacity!, groups: fetched, enterpriseTrunks: ets, source: rows ? "report+details" : "report" };
    }

    async function perGroup(c: Ctx, b: Basics): Promise<Base> {
        const [capacity, groups] = await Promise.all([b.capacity, b.groups]);
        checkWanted(c, groups);
        const shown = groups.filter((g) => show(c, g.groupId)).map((g) => g.groupId);
        c.total = shown.length;
        started(c);
        const [fetched, ets] = await Promise.all([
            mapBounded(groups, c.workers, async (g): Promise<FetchedGroup> => {
                // Asked even when the service provider lacks the service: the server says so per group.
                const cap = await groupCapacity(c, g.groupId);
                let trunkGroups: FetchedTrunkGroup[] = [];
                if (show(c, g.groupId)) {
                    trunkGroups = cap ? await trunkGroupsOf(c, g.groupId) : [];
                    progress(c);
                }
                return { groupId: g.groupId, groupName: String(g.groupName ?? g.groupId), capacity: cap, trunkGroups };
            }),
            enterpriseTrunksFor(shown),
        ]);
        return { capacity, groups: fetched, enterpriseTrunks: ets, source: "per-group" };
    }
}

interface Ctx {
    client: OdinClient;
    serviceProviderId: string;
    wanted: Set<string> | undefined;
    workers: number;
    onProgress?: (done: number, total: number) => void;
    done: number;
    total: number;
}

interface Base {
    capacity: ServiceProviderCallCapacity | null;
    groups: FetchedGroup[];
    enterpriseTrunks?: EnterpriseTrunk[];
    source: FetchedCapacity["source"];
}

function show(c: Ctx, groupId: string): boolean {
    return !c.wanted || c.wanted.has(groupId);
}

function progress(c: Ctx): void {
    c.onProgress?.(++c.done, c.total);
}

/** Once the groups are known: a progress display can show the total before the first group is done. */
function started(c: Ctx): void {
    if (c.total > 0) {
        c.onProgress?.(0, c.total);
    }
}

/** Before any per-group request: a filter naming a group that does not exist is the user's error. */
function checkWanted(c: Ctx, groups: ReadonlyArray<{ groupId: string }>): void {
    if (!c.wanted) {
        return;
    }
    const ids = new Set(groups.map((g) => g.groupId));
    const missing = [...c.wanted].filter((g) => !ids.has(g));
    if (missing.length > 0) {
        throw new Error(`groupIds: ${missing.map((g) => JSON.stringify(g)).join(", ")} not found in service provider ${c.serviceProviderId}`);
    }
}

async function groupCapacity(c: Ctx, groupId: string): Promise<GroupCallCapacity | null> {
    try {
        return await c.client.getGroupCallCapacity(c.serviceProviderId, groupId);
    } catch (e) {
        if (isServiceNotAssigned(e)) {
            return null;
        }
        throw e;
    }
}

async function fromRows(c: Ctx, groupId: string, rows: readonly CapacityReportTrunkGroupRow[]): Promise<FetchedTrunkGroup[]> {
    return Promise.all(
        rows.map(async (r): Promise<FetchedTrunkGroup> => {
            const name = String(r.name);
            if (!rowNeedsDetails(r)) {
                return { name, maxActiveCalls: wholeNumber(r.maxActiveCalls, `maxActiveCalls of trunk group ${name}`) };
            }
            // The row says bursting is on (or does not say) but not how much: ask the trunk group.
            return detailOf(c, groupId, name, r.maxActiveCalls);
        }),
    );
}

async function trunkGroupsOf(c: Ctx, groupId: string): Promise<FetchedTrunkGroup[]> {
    const list = await c.client.listTrunkGroups(c.serviceProviderId, groupId);
    return Promise.all(list.map((t) => detailOf(c, groupId, String(t.name))));
}

/** One trunk group's GET, read the same way on both paths. */
async function detailOf(c: Ctx, groupId: string, name: string, rowMaxActiveCalls?: number): Promise<FetchedTrunkGroup> {
    const tg = await c.client.getTrunkGroup({ serviceProviderId: c.serviceProviderId, groupId, name }, trunkGroupAnswerProblem(name));
    const where = `trunk group ${name} of group ${groupId}`;
    const bursting = burstingContribution(tg);
    return {
        name: String(tg.name ?? name),
        maxActiveCalls: wholeNumber(tg.maxActiveCalls ?? rowMaxActiveCalls, `maxActiveCalls for ${where}`),
        ...(bursting !== undefined ? { burstingMaxActiveCalls: bursting } : {}),
    };
}
