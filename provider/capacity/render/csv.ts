/**
 * The capacity report as CSV for spreadsheets (RFC 4180): one row per trunk
 * group, with its group's and its service provider's columns repeated on
 * every row so a filter or pivot table needs nothing else. Pure.
 */
import type { TrunkGroupCapacityLine, TrunkingCapacityReport } from "../types";
import { trunkGroupChanges } from "./model";

type Cell = string | number | boolean | null | undefined;

/**
 * A text cell a spreadsheet would run as a formula (= + - @, or a tab or
 * carriage return before one) gets a leading apostrophe, which spreadsheets
 * show as text and do not display. Only text from the report (names and ids)
 * is guarded: numbers such as -1 (unlimited) stay numbers.
 */
export function guardFormula(text: string): string {
    return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function field(v: Cell): string {
    if (v === null || v === undefined) {
        return "";
    }
    const s = typeof v === "string" ? guardFormula(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const SP_COLUMNS = [
    "serviceProviderId",
    "serviceProviderTrunkGroupService",
    "serviceProviderMaxActiveCalls",
    "serviceProviderBurstingMaxActiveCalls",
    "serviceProviderGroupsCallCapacityTotal",
    "serviceProviderGroupsBurstingCallCapacityTotal",
    "serviceProviderCallCapacityDifference",
    "serviceProviderBurstingCallCapacityDifference",
    "serviceProviderCallCapacityOversubscribed",
    "serviceProviderBurstingCallCapacityOversubscribed",
] as const;

const GROUP_COLUMNS = [
    "groupId",
    "groupName",
    "groupTrunkGroupService",
    "groupMaxActiveCalls",
    "groupBurstingMaxActiveCalls",
    "groupMaxAvailableActiveCalls",
    "groupBurstingMaxAvailableActiveCalls",
    "groupTrunkGroupsCallCapacityTotal",
    "groupTrunkGroupsBurstingCallCapacityTotal",
    "groupCallCapacityDifference",
    "groupBurstingCallCapacityDifference",
    "groupCallCapacityOversubscribed",
    "groupBurstingCallCapacityOversubscribed",
] as const;

const TRUNK_GROUP_COLUMNS = ["trunkGroupName", "trunkGroupMaxActiveCalls", "trunkGroupBurstingMaxActiveCalls"] as const;

/** Projected reports only: the numbers before the pending change, and what it does to the trunk group. */
const BEFORE_COLUMNS = [
    "change",
    "trunkGroupMaxActiveCallsBefore",
    "trunkGroupBurstingMaxActiveCallsBefore",
    "groupMaxActiveCallsBefore",
    "groupBurstingMaxActiveCallsBefore",
    "groupTrunkGroupsCallCapacityTotalBefore",
    "groupTrunkGroupsBurstingCallCapacityTotalBefore",
    "groupCallCapacityOversubscribedBefore",
    "groupBurstingCallCapacityOversubscribedBefore",
    "serviceProviderMaxActiveCallsBefore",
    "serviceProviderGroupsCallCapacityTotalBefore",
    "serviceProviderCallCapacityOversubscribedBefore",
] as const;

/** The header of the CSV for this report (the before columns only for a projected report). */
export function capacityCsvColumns(report: Pick<TrunkingCapacityReport, "projected">): string[] {
    return [...GROUP_COLUMNS.slice(0, 2), ...TRUNK_GROUP_COLUMNS, ...GROUP_COLUMNS.slice(2), ...SP_COLUMNS, ...(report.projected ? BEFORE_COLUMNS : [])];
}

export interface CsvOptions {
    /** Line ending: "\r\n" (RFC 4180, the default) or "\n". */
    newline?: "\r\n" | "\n";
}

/**
 * One row per trunk group. A group without trunk groups (or without the
 * Trunk Group service) still gets one row, with the trunk-group columns
 * empty, so every group of the report is in the sheet. In a projected
 * report a trunk group the change removes keeps a row: its current columns
 * are empty, `change` is "removed" and its numbers are in the before columns.
 * -1 means unlimited (as in the JSON); an empty cell means no number applies.
 */
export function renderCapacityCsv(report: TrunkingCapacityReport, opts: CsvOptions = {}): string {
    const nl = opts.newline ?? "\r\n";
    const projected = report.projected === true;
    const spCells: Cell[] = [
        report.serviceProviderId,
        report.trunkGroupService,
        report.maxActiveCalls,
        report.burstingMaxActiveCalls,
        report.groupsCallCapacityTotal,
        report.groupsBurstingCallCapacityTotal,
        report.callCapacityDifference,
        report.burstingCallCapacityDifference,
        report.callCapacityOversubscribed,
        report.burstingCallCapacityOversubscribed,
    ];
    const spBefore = report.before ?? report;
    const lines = [capacityCsvColumns(report).map(field).join(",")];
    for (const g of report.groups) {
        const groupCells: Cell[] = [
            g.trunkGroupService,
            g.maxActiveCalls,
            g.burstingMaxActiveCalls,
            g.maxAvailableActiveCalls,
            g.burstingMaxAvailableActiveCalls,
            g.trunkGroupsCallCapacityTotal,
            g.trunkGroupsBurstingCallCapacityTotal,
            g.callCapacityDifference,
            g.burstingCallCapacityDifference,
            g.callCapacityOversubscribed,
            g.burstingCallCapacityOversubscribed,
        ];
        const gb = g.before ?? g;
        const row = (t: TrunkGroupCapacityLine | undefined, change: string, tBefore: TrunkGroupCapacityLine | undefined) => {
            const cells: Cell[] = [g.groupId, g.groupName, t?.name ?? tBefore?.name, t?.maxActiveCalls, t?.burstingMaxActiveCalls, ...groupCells, ...spCells];
            if (projected) {
                cells.push(
                    change,
                    tBefore?.maxActiveCalls,
                    tBefore?.burstingMaxActiveCalls,
                    gb.maxActiveCalls,
                    gb.burstingMaxActiveCalls,
                    gb.trunkGroupsCallCapacityTotal,
                    gb.trunkGroupsBurstingCallCapacityTotal,
                    gb.callCapacityOversubscribed,
                    gb.burstingCallCapacityOversubscribed,
                    spBefore.maxActiveCalls,
                    spBefore.groupsCallCapacityTotal,
                    spBefore.callCapacityOversubscribed,
                );
            }
            lines.push(cells.map(field).join(","));
        };
        const changes = new Map(trunkGroupChanges(g).map((c) => [c.name, c]));
        const beforeOf = (name: string) => g.before?.trunkGroups.find((t) => t.name === name);
        for (const t of g.trunkGroups) {
            // Without `before` the change leaves the group as it is: its trunk groups are their own "before".
            row(t, changes.get(t.name)?.kind ?? "", g.before ? beforeOf(t.name) : t);
        }
        for (const c of changes.values()) {
            if (c.kind === "removed") {
                row(undefined, "removed", c.before);
            }
        }
        if (g.trunkGroups.length === 0 && ![...changes.values()].some((c) => c.kind === "removed")) {
            row(undefined, "", undefined);
        }
    }
    return lines.join(nl) + nl;
}

