/**
 * The capacity report as it will be after a pending change: what BroadWorks
 * has now, with the program's declared trunk groups and capacities in place
 * of the live ones, and the trunk groups the stack manages but the program no
 * longer declares taken out. Pure: the live data, the program's values and
 * the stack's state come in; the projected report, with what each group had
 * before wherever the change moves it, comes out.
 */
import type { GroupCallCapacity, ServiceProviderCallCapacity } from "../odin/types";
import type { FetchedCapacity, FetchedGroup, FetchedTrunkGroup } from "./fetch";
import { buildTrunkingCapacityReport } from "./report";
import type { GroupCapacityReport, TrunkGroupCapacityLine, TrunkingCapacityReport } from "./types";

export const TRUNK_GROUP_TYPE = "pulumi-nodejs:dynamic/odin:TrunkGroup";
export const GROUP_CAPACITY_TYPE = "pulumi-nodejs:dynamic/odin:GroupTrunkingCapacity";
export const SERVICE_PROVIDER_CAPACITY_TYPE = "pulumi-nodejs:dynamic/odin:ServiceProviderTrunkingCapacity";

/** A TrunkGroup as the program declares it (every value known). */
export interface DeclaredTrunkGroup {
    urn: string;
    serviceProviderId: string;
    groupId: string;
    name: string;
    maxActiveCalls: number;
    enableBursting?: boolean;
    burstingMaxActiveCalls?: number | null;
}

/** A GroupTrunkingCapacity (groupId set) or ServiceProviderTrunkingCapacity as the program declares it. */
export interface DeclaredCapacityValues {
    urn: string;
    serviceProviderId: string;
    groupId?: string;
    maxActiveCalls?: number;
    burstingMaxActiveCalls?: number;
}

/** A resource of the stack's last checkpoint: its type and outputs (readStackResourceOutputs). */
export interface ManagedResource {
    urn: string;
    type: string;
    outputs: Readonly<Record<string, unknown>>;
}

export interface ProgramChanges {
    trunkGroups: DeclaredTrunkGroup[];
    groupCapacities: DeclaredCapacityValues[];
    serviceProviderCapacities: DeclaredCapacityValues[];
    /** What the stack manages now; empty when it cannot be read (then nothing the program dropped is projected). */
    managed: ManagedResource[];
}

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : typeof v === "number" ? String(v) : undefined);
const count = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** What a trunk group adds to bursting: nothing while bursting is off. */
function burstingOf(enable: unknown, value: unknown): number | undefined {
    if (enable !== true) {
        return undefined;
    }
    return count(value) ?? 0;
}

/**
 * The live data with the program's changes applied. Trunk-group lines change
 * only in groups whose trunk groups the report lists (a group filter leaves
 * the others out); capacities change everywhere, for the totals.
 */
export function projectFetched(live: FetchedCapacity, changes: ProgramChanges): FetchedCapacity {
    const sp = live.serviceProviderId;
    const groups = new Map<string, FetchedGroup>();
    const out: FetchedCapacity = {
        ...live,
        capacity: live.capacity ? { ...live.capacity } : null,
        groups: live.groups.map((g) => {
            const copy: FetchedGroup = { ...g, capacity: g.capacity ? { ...g.capacity } : null, trunkGroups: g.trunkGroups.map((t) => ({ ...t })) };
            groups.set(g.groupId, copy);
            return copy;
        }),
    };
    const listed = new Set(live.shownGroupIds ?? live.groups.map((g) => g.groupId));
    const declaredUrns = new Set([...changes.trunkGroups, ...changes.groupCapacities, ...changes.serviceProviderCapacities].map((d) => d.urn));
    const managedByUrn = new Map(changes.managed.map((m) => [m.urn, m]));

    // What each trunk group has now, before any line moves: a declaration that leaves bursting out keeps it.
    const now = new Map<string, FetchedTrunkGroup>();
    for (const g of live.groups) {
        for (const t of g.trunkGroups) {
            now.set(`${g.groupId}\u0000${t.name}`, t);
        }
    }
    const managedLine = (m: ManagedResource | undefined) => (m ? now.get(`${text(m.outputs.groupId)}\u0000${text(m.outputs.name)}`) : undefined);

    // Every trunk group the stack manages leaves its line unless the program declares that line again
    // (then it takes the declared values in place); a renamed, moved or dropped one is gone.
    const vacated = new Set<string>();
    for (const m of changes.managed) {
        if (m.type === TRUNK_GROUP_TYPE && text(m.outputs.serviceProviderId) === sp) {
            vacated.add(`${text(m.outputs.groupId)}\u0000${text(m.outputs.name)}`);
        }
    }
    for (const d of changes.trunkGroups) {
        const g = groups.get(d.groupId);
        if (d.serviceProviderId !== sp || !g || !listed.has(g.groupId) || !g.capacity) {
            continue;
        }
        const prior = managedLine(managedByUrn.get(d.urn)) ?? now.get(`${d.groupId}\u0000${d.name}`);
        const enable = d.enableBursting ?? prior?.burstingMaxActiveCalls !== undefined;
        const value = d.burstingMaxActiveCalls === null ? 0 : (d.burstingMaxActiveCalls ?? prior?.burstingMaxActiveCalls);
        const bursting = burstingOf(enable, value);
        const line: FetchedTrunkGroup = { name: d.name, maxActiveCalls: d.maxActiveCalls, ...(bursting !== undefined ? { burstingMaxActiveCalls: bursting } : {}) };
        const at = g.trunkGroups.findIndex((t) => t.name === d.name);
        if (at >= 0) {
            g.trunkGroups[at] = line;
        } else {
            g.trunkGroups.push(line);
        }
        vacated.delete(`${d.groupId}\u0000${d.name}`);
    }
    for (const g of out.groups) {
        if (listed.has(g.groupId)) {
            g.trunkGroups = g.trunkGroups.filter((t) => !vacated.has(`${g.groupId}\u0000${t.name}`));
        }
    }

    // Capacities: declared values, or (a resource dropped with restoreOnDelete) the values it found at create.
    const groupValues = [...changes.groupCapacities, ...restored(changes.managed, GROUP_CAPACITY_TYPE, declaredUrns)];
    for (const d of groupValues) {
        const cap = d.serviceProviderId === sp && d.groupId !== undefined ? groups.get(d.groupId)?.capacity : undefined;
        if (cap) {
            setValues(cap, d);
        }
    }
    const spValues = [...changes.serviceProviderCapacities, ...restored(changes.managed, SERVICE_PROVIDER_CAPACITY_TYPE, declaredUrns)].filter((d) => d.serviceProviderId === sp);
    if (out.capacity && spValues.length > 0) {
        for (const d of spValues) {
            setValues(out.capacity, d);
        }
        // The ceilings each group gets are the service provider's values.
        for (const g of out.groups) {
            if (g.capacity) {
                g.capacity.maxAvailableActiveCalls = out.capacity.maxActiveCalls;
                g.capacity.burstingMaxAvailableActiveCalls = out.capacity.burstingMaxActiveCalls;
            }
        }
    }
    return out;
}

function setValues(cap: GroupCallCapacity | ServiceProviderCallCapacity, d: DeclaredCapacityValues): void {
    if (d.maxActiveCalls !== undefined) {
        cap.maxActiveCalls = d.maxActiveCalls;
    }
    if (d.burstingMaxActiveCalls !== undefined) {
        cap.burstingMaxActiveCalls = d.burstingMaxActiveCalls;
    }
}

/** Capacity resources the program no longer declares whose destroy puts back the values found at create. */
function restored(managed: readonly ManagedResource[], type: string, declared: ReadonlySet<string>): DeclaredCapacityValues[] {
    return managed.flatMap((m): DeclaredCapacityValues[] => {
        const found = m.outputs.foundAtCreate as Record<string, unknown> | null | undefined;
        const sp = text(m.outputs.serviceProviderId);
        if (m.type !== type || declared.has(m.urn) || m.outputs.restoreOnDelete !== true || !found || typeof found !== "object" || sp === undefined) {
            return [];
        }
        return [{ urn: m.urn, serviceProviderId: sp, groupId: text(m.outputs.groupId), maxActiveCalls: count(found.maxActiveCalls), burstingMaxActiveCalls: count(found.burstingMaxActiveCalls) }];
    });
}

const lineKey = (t: TrunkGroupCapacityLine) => `${t.name}\u0000${t.maxActiveCalls}\u0000${t.burstingMaxActiveCalls}`;

function sameLines(a: readonly TrunkGroupCapacityLine[], b: readonly TrunkGroupCapacityLine[]): boolean {
    if (a.length !== b.length) {
        return false;
    }
    const x = a.map(lineKey).sort();
    const y = b.map(lineKey).sort();
    return x.every((k, i) => k === y[i]);
}

function groupMoved(now: GroupCapacityReport, after: GroupCapacityReport): boolean {
    return now.maxActiveCalls !== after.maxActiveCalls || now.burstingMaxActiveCalls !== after.burstingMaxActiveCalls || !sameLines(now.trunkGroups, after.trunkGroups);
}

/** The projected report marked as such, with `before` wherever the change moves a group or the service provider's numbers. */
export function withBefore(live: TrunkingCapacityReport, after: TrunkingCapacityReport): TrunkingCapacityReport {
    const liveGroups = new Map(live.groups.map((g) => [g.groupId, g]));
    const groups = after.groups.map((g): GroupCapacityReport => {
        const now = liveGroups.get(g.groupId);
        if (!now || !groupMoved(now, g)) {
            return g;
        }
        return {
            ...g,
            before: {
                maxActiveCalls: now.maxActiveCalls,
                burstingMaxActiveCalls: now.burstingMaxActiveCalls,
                trunkGroups: now.trunkGroups,
                trunkGroupsCallCapacityTotal: now.trunkGroupsCallCapacityTotal,
                trunkGroupsBurstingCallCapacityTotal: now.trunkGroupsBurstingCallCapacityTotal,
                callCapacityOversubscribed: now.callCapacityOversubscribed,
                burstingCallCapacityOversubscribed: now.burstingCallCapacityOversubscribed,
            },
        };
    });
    const spMoved =
        live.maxActiveCalls !== after.maxActiveCalls ||
        live.burstingMaxActiveCalls !== after.burstingMaxActiveCalls ||
        live.groupsCallCapacityTotal !== after.groupsCallCapacityTotal ||
        live.groupsBurstingCallCapacityTotal !== after.groupsBurstingCallCapacityTotal;
    return {
        ...after,
        groups,
        projected: true,
        ...(spMoved
            ? {
                  before: {
                      maxActiveCalls: live.maxActiveCalls,
                      burstingMaxActiveCalls: live.burstingMaxActiveCalls,
                      groupsCallCapacityTotal: live.groupsCallCapacityTotal,
                      groupsBurstingCallCapacityTotal: live.groupsBurstingCallCapacityTotal,
                      callCapacityOversubscribed: live.callCapacityOversubscribed,
                      burstingCallCapacityOversubscribed: live.burstingCallCapacityOversubscribed,
                  },
              }
            : {}),
    };
}

/** The report a pending change leads to, from the live data (see projectFetched and withBefore). */
export function projectedReport(live: FetchedCapacity, changes: ProgramChanges): TrunkingCapacityReport {
    return withBefore(buildTrunkingCapacityReport(live), buildTrunkingCapacityReport(projectFetched(live, changes)));
}
