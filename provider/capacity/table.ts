import type { TrunkingCapacityReport } from "./types";

const num = (v: number | null | undefined) => (v === null || v === undefined ? "n/a" : v === -1 ? "unlimited" : String(v));

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd());
}

const OVER = "oversubscribed";

/**
 * Why "oversubscribed" is worth a look but not an alarm: BroadWorks checks
 * each trunk group (and each group) against the level above on its own, not
 * their sum, and enforces the limits at call time.
 */
export const OVERSUBSCRIBED_NOTE =
    "oversubscribed: together they may take more calls than the level above allows. BroadWorks permits this (each one\n" +
    "fits on its own, and the limits are enforced per call), so it is often deliberate; check it is what you meant.";

/** The report as a plain-text table per group, for the CLI and the demo. */
export function formatCapacityTable(report: TrunkingCapacityReport): string {
    const out: string[] = [];
    const kind = report.isEnterprise === true ? "Enterprise" : report.isEnterprise === false ? "Service provider" : "Service provider / enterprise";
    let anyOver = false;
    const over = (flag: boolean) => {
        anyOver ||= flag;
        return flag ? OVER : "";
    };
    if (report.trunkGroupService === "notAssigned") {
        out.push(`${kind} ${report.serviceProviderId}: Trunk Group service not assigned (no trunking call capacity)`);
        out.push(`  groups' capacity total ${num(report.groupsCallCapacityTotal)}, bursting ${num(report.groupsBurstingCallCapacityTotal)}`);
    } else {
        out.push(`${kind} ${report.serviceProviderId}`);
        out.push(
            ...table([
                ["", "capacity", "allocated to groups", "difference", ""],
                [
                    "max active calls",
                    num(report.maxActiveCalls),
                    num(report.groupsCallCapacityTotal),
                    num(report.callCapacityDifference),
                    over(report.callCapacityOversubscribed),
                ],
                [
                    "bursting",
                    num(report.burstingMaxActiveCalls),
                    num(report.groupsBurstingCallCapacityTotal),
                    num(report.burstingCallCapacityDifference),
                    over(report.burstingCallCapacityOversubscribed),
                ],
            ]).map((l) => "  " + l),
        );
    }
    if (report.groupFilter) {
        const f = report.groupFilter;
        out.push(`  Showing ${f.groupIds.length} of ${f.groupsInServiceProvider} groups (filtered by group id); the totals above cover all ${f.groupsInServiceProvider} groups.`);
    }
    for (const g of report.groups) {
        out.push("");
        if (g.trunkGroupService === "notAssigned") {
            out.push(`Group ${g.groupId} (${g.groupName}): Trunk Group service not assigned`);
            continue;
        }
        out.push(`Group ${g.groupId} (${g.groupName})`);
        const rows: string[][] = [["", "max active", "bursting", ""]];
        for (const t of g.trunkGroups) {
            rows.push([`  ${t.name}`, num(t.maxActiveCalls), num(t.burstingMaxActiveCalls), ""]);
        }
        rows.push(["  trunk groups total", num(g.trunkGroupsCallCapacityTotal), num(g.trunkGroupsBurstingCallCapacityTotal), ""]);
        rows.push(["  group capacity", num(g.maxActiveCalls), num(g.burstingMaxActiveCalls), ""]);
        rows.push(["  difference", num(g.callCapacityDifference), num(g.burstingCallCapacityDifference), over(g.callCapacityOversubscribed || g.burstingCallCapacityOversubscribed)]);
        out.push(...table(rows).map((l) => "  " + l));
    }
    if (report.enterpriseTrunks) {
        out.push("", "Enterprise trunks");
        const rows: string[][] = [["", "group", "max active", "capacity mgmt", "trunk groups"]];
        for (const t of report.enterpriseTrunks) {
            rows.push([`  ${t.name}`, t.groupId ?? "-", num(t.maximumActiveCalls), t.capacityManagementEnabled ? "on" : "off", String(t.trunkGroups.length)]);
        }
        out.push(...table(rows).map((l) => "  " + l));
    }
    if (anyOver) {
        out.push("", OVERSUBSCRIBED_NOTE);
    }
    return out.join("\n");
}
