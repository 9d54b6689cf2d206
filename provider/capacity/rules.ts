/**
 * Pure decisions about what the API returned, shared by both fetch paths so
 * they cannot disagree: which rows belong to which group, what a trunk group
 * contributes to bursting, whether an enterprise-trunk list item is a summary.
 */
import type { CapacityReportGroup, CapacityReportTrunkGroupRow, EnterpriseTrunk, GroupCallCapacity } from "../odin/types";

/** The report's trunk-group rows by group, in one pass (filtering per group is quadratic). */
export function rowsByGroup(rows: readonly CapacityReportTrunkGroupRow[]): Map<string, CapacityReportTrunkGroupRow[]> {
    const out = new Map<string, CapacityReportTrunkGroupRow[]>();
    for (const r of rows) {
        const list = out.get(r.groupId);
        if (list) {
            list.push(r);
        } else {
            out.set(r.groupId, [r]);
        }
    }
    return out;
}

/**
 * What a trunk group adds to bursting. A trunk group with bursting off adds
 * nothing, whatever burstingMaxActiveCalls the server still returns (the
 * reference omits it when off; some servers keep the last value after a
 * whole-object PUT). Without enableBursting in the answer, a present value is
 * taken as on: the reference omits the value when bursting is off.
 */
export function burstingContribution(tg: { enableBursting?: unknown; burstingMaxActiveCalls?: unknown }): number | undefined {
    if (tg.enableBursting === false || tg.enableBursting === "false") {
        return undefined;
    }
    const v = tg.burstingMaxActiveCalls;
    if (v === undefined || v === null) {
        return undefined;
    }
    return wholeNumber(v, "burstingMaxActiveCalls");
}

/** Whether a report row is enough on its own, or the trunk group's GET must say how much it bursts. */
export function rowNeedsDetails(row: CapacityReportTrunkGroupRow): boolean {
    return row.enableBursting === true || (row.enableBursting as unknown) === "true" || row.enableBursting === undefined;
}

/** A number the API sent as a number or a numeric string; anything else is a malformed answer, not a zero. */
export function wholeNumber(v: unknown, field: string): number {
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) {
        throw new Error(`the Odin API's answer has ${v === undefined ? "no" : `a non-numeric (${JSON.stringify(v)})`} ${field}`);
    }
    return n;
}

export type ReportGroupCapacity = { kind: "assigned"; capacity: GroupCallCapacity } | { kind: "notAssigned" } | { kind: "ask" };

/**
 * A report group's capacity: its `service.assigned` decides; a group the
 * report says is assigned but sends without numbers is asked directly rather
 * than reported as unassigned.
 */
export function reportGroupCapacity(g: CapacityReportGroup): ReportGroupCapacity {
    const assigned = g.service ? g.service.assigned !== false : g.groupTrunkCapacity !== undefined;
    if (!assigned) {
        return { kind: "notAssigned" };
    }
    return g.groupTrunkCapacity ? { kind: "assigned", capacity: g.groupTrunkCapacity } : { kind: "ask" };
}

/**
 * The real list answers summaries (enterpriseTrunkName, routingType): the
 * capacity is only in the per-trunk GET. Some servers (and older simulators)
 * answer full records, which need no second request.
 */
export function isFullEnterpriseTrunk(t: EnterpriseTrunk): boolean {
    return t.capacityManagement !== undefined || t.trunkGroups !== undefined;
}

/**
 * What the report needs of a trunk group's GET: an object that is this trunk
 * group (Odin sends a numeric-looking name as a number) with a whole
 * maxActiveCalls. Servers of every release answer that much; anything more
 * is not the report's to demand.
 */
export function trunkGroupAnswerProblem(name: string): (data: unknown) => string | undefined {
    return (data) => {
        if (data === null || typeof data !== "object" || Array.isArray(data)) {
            return `it is not a trunk group profile (${Array.isArray(data) ? "a list" : data === null ? "null" : typeof data})`;
        }
        const tg: { name?: unknown; maxActiveCalls?: unknown } = data;
        if (tg.name === undefined || tg.name === null || tg.name === "") {
            return "name is missing";
        }
        if (String(tg.name) !== name) {
            return `it is about another trunk group (name ${JSON.stringify(tg.name)}) than the one asked for (${JSON.stringify(name)})`;
        }
        return typeof tg.maxActiveCalls === "number" && Number.isInteger(tg.maxActiveCalls) ? undefined : "maxActiveCalls is not a whole number";
    };
}
