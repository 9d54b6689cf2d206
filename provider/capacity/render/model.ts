/**
 * What every rendering of a capacity report agrees on: how a number reads,
 * which groups come first, and what a pending change moves. Pure.
 */
import type { GroupCapacityReport, TrunkGroupCapacityLine, TrunkingCapacityReport } from "../types";

/** A capacity as people read it: -1 is "unlimited", null is "n/a" (no number applies). */
export function capacityText(v: number | null | undefined): string {
    return v === null || v === undefined ? "n/a" : v === -1 ? "unlimited" : String(v);
}

export function reportKind(report: TrunkingCapacityReport): string {
    return report.isEnterprise === true ? "Enterprise" : report.isEnterprise === false ? "Service provider" : "Service provider / enterprise";
}

export function groupOversubscribed(g: { callCapacityOversubscribed: boolean; burstingCallCapacityOversubscribed: boolean }): boolean {
    return g.callCapacityOversubscribed || g.burstingCallCapacityOversubscribed;
}

export function spOversubscribed(report: TrunkingCapacityReport): boolean {
    return report.callCapacityOversubscribed || report.burstingCallCapacityOversubscribed;
}

/**
 * Oversubscribed groups first, then (in a projected report) the groups the
 * change moves, then the rest; each part in the report's (the service provider's) order.
 */
export function groupsInReadingOrder(report: TrunkingCapacityReport): GroupCapacityReport[] {
    const rank = (g: GroupCapacityReport) => (groupOversubscribed(g) ? 0 : g.before ? 1 : 2);
    return report.groups
        .map((g, i) => ({ g, i, r: rank(g) }))
        .sort((a, b) => a.r - b.r || a.i - b.i)
        .map((x) => x.g);
}

/**
 * Share of the group's capacity its trunk groups take (1 = exactly full), for
 * sorting and the bars; undefined where no share applies (unlimited or no service).
 */
export function usage(capacity: number | null, allocated: number): number | undefined {
    if (capacity === null || capacity === -1) {
        return undefined;
    }
    if (capacity === 0) {
        return allocated > 0 ? Infinity : 0;
    }
    return allocated / capacity;
}

export interface TrunkGroupChange {
    name: string;
    kind: "added" | "removed" | "changed";
    before?: TrunkGroupCapacityLine;
    after?: TrunkGroupCapacityLine;
}

export interface GroupChange {
    group: GroupCapacityReport;
    /** Short phrases, e.g. "capacity 30 → 40", "trunk groups 20 → 35", "now oversubscribed". */
    phrases: string[];
    trunkGroups: TrunkGroupChange[];
}

const arrow = (a: number | null, b: number | null) => `${capacityText(a)} → ${capacityText(b)}`;

/** Per trunk group, what the pending change does to it (name order of the report, removed ones last). */
export function trunkGroupChanges(g: GroupCapacityReport): TrunkGroupChange[] {
    if (!g.before) {
        return [];
    }
    const before = new Map(g.before.trunkGroups.map((t) => [t.name, t]));
    const after = new Set(g.trunkGroups.map((t) => t.name));
    const out: TrunkGroupChange[] = [];
    for (const t of g.trunkGroups) {
        const b = before.get(t.name);
        if (!b) {
            out.push({ name: t.name, kind: "added", after: t });
        } else if (b.maxActiveCalls !== t.maxActiveCalls || b.burstingMaxActiveCalls !== t.burstingMaxActiveCalls) {
            out.push({ name: t.name, kind: "changed", before: b, after: t });
        }
    }
    for (const b of g.before.trunkGroups) {
        if (!after.has(b.name)) {
            out.push({ name: b.name, kind: "removed", before: b });
        }
    }
    return out;
}

/**
 * What the pending change does to a group, in words; undefined for a group it
 * does not move. `name` formats a trunk-group name for the output at hand.
 */
export function groupChange(g: GroupCapacityReport, name: (s: string) => string = (s) => s): GroupChange | undefined {
    const b = g.before;
    if (!b) {
        return undefined;
    }
    const phrases: string[] = [];
    if (b.maxActiveCalls !== g.maxActiveCalls) {
        phrases.push(`capacity ${arrow(b.maxActiveCalls, g.maxActiveCalls)}`);
    }
    if (b.burstingMaxActiveCalls !== g.burstingMaxActiveCalls) {
        phrases.push(`bursting capacity ${arrow(b.burstingMaxActiveCalls, g.burstingMaxActiveCalls)}`);
    }
    if (b.trunkGroupsCallCapacityTotal !== g.trunkGroupsCallCapacityTotal) {
        phrases.push(`trunk groups ${arrow(b.trunkGroupsCallCapacityTotal, g.trunkGroupsCallCapacityTotal)}`);
    }
    if (b.trunkGroupsBurstingCallCapacityTotal !== g.trunkGroupsBurstingCallCapacityTotal) {
        phrases.push(`trunk-group bursting ${arrow(b.trunkGroupsBurstingCallCapacityTotal, g.trunkGroupsBurstingCallCapacityTotal)}`);
    }
    const trunkGroups = trunkGroupChanges(g);
    for (const t of trunkGroups) {
        phrases.push(
            t.kind === "added"
                ? `adds ${name(t.name)} (${capacityText(t.after!.maxActiveCalls)})`
                : t.kind === "removed"
                  ? `removes ${name(t.name)} (${capacityText(t.before!.maxActiveCalls)})`
                  : `${name(t.name)} ${arrow(t.before!.maxActiveCalls, t.after!.maxActiveCalls)}` +
                    (t.before!.burstingMaxActiveCalls !== t.after!.burstingMaxActiveCalls
                        ? `, bursting ${arrow(t.before!.burstingMaxActiveCalls, t.after!.burstingMaxActiveCalls)}`
                        : ""),
        );
    }
    const wasOver = groupOversubscribed(b);
    const isOver = groupOversubscribed(g);
    if (isOver && !wasOver) {
        phrases.push("becomes oversubscribed");
    } else if (wasOver && !isOver) {
        phrases.push("no longer oversubscribed");
    }
    return { group: g, phrases: phrases.length > 0 ? phrases : ["no change in numbers"], trunkGroups };
}

export function groupChanges(report: TrunkingCapacityReport, name?: (s: string) => string): GroupChange[] {
    return report.groups.map((g) => groupChange(g, name)).filter((c): c is GroupChange => c !== undefined);
}

/** The service provider's changes in words (empty without `before`). */
export function serviceProviderChange(report: TrunkingCapacityReport): string[] {
    const b = report.before;
    if (!b) {
        return [];
    }
    const out: string[] = [];
    if (b.maxActiveCalls !== report.maxActiveCalls) {
        out.push(`capacity ${arrow(b.maxActiveCalls, report.maxActiveCalls)}`);
    }
    if (b.burstingMaxActiveCalls !== report.burstingMaxActiveCalls) {
        out.push(`bursting capacity ${arrow(b.burstingMaxActiveCalls, report.burstingMaxActiveCalls)}`);
    }
    if (b.groupsCallCapacityTotal !== report.groupsCallCapacityTotal) {
        out.push(`allocated to groups ${arrow(b.groupsCallCapacityTotal, report.groupsCallCapacityTotal)}`);
    }
    if (b.groupsBurstingCallCapacityTotal !== report.groupsBurstingCallCapacityTotal) {
        out.push(`bursting allocated to groups ${arrow(b.groupsBurstingCallCapacityTotal, report.groupsBurstingCallCapacityTotal)}`);
    }
    if (spOversubscribed(report) && !groupOversubscribed(b)) {
        out.push("becomes oversubscribed");
    } else if (groupOversubscribed(b) && !spOversubscribed(report)) {
        out.push("no longer oversubscribed");
    }
    return out;
}
