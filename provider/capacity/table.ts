import type { TrunkingCapacityReport } from "./types";

const num = (v: number | null | undefined) => (v === null || v === undefined ? "n/a" : v === -1 ? "unlimited" : String(v));

function table(rows: string[][]): string[] {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd());
}

/** The report as a plain-text table per group, for the CLI and the demo. */
export function formatCapacityTable(report: TrunkingCapacityReport): string {
    const out: string[] = [];
    const kind = report.isEnterprise === true ? "Enterprise" : report.isEnterprise === false ? "Service provider" : "Service provider / enterprise";
    out.push(`${kind} ${report.serviceProviderId}`);
    out.push(
        ...table([
            ["", "capacity", "allocated to groups", "difference", ""],
            [
                "max active calls",
                num(report.maxActiveCalls),
                num(report.groupsCallCapacityTotal),
                num(report.callCapacityDifference),
                report.callCapacityOversubscribed ? "OVER" : "",
            ],
            [
                "bursting",
                num(report.burstingMaxActiveCalls),
                num(report.groupsBurstingCallCapacityTotal),
                num(report.burstingCallCapacityDifference),
                report.burstingCallCapacityOversubscribed ? "OVER" : "",
            ],
        ]).map((l) => "  " + l),
    );
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
        rows.push([
            "  difference",
            num(g.callCapacityDifference),
            num(g.burstingCallCapacityDifference),
            g.callCapacityOversubscribed || g.burstingCallCapacityOversubscribed ? "OVER" : "",
        ]);
        out.push(...table(rows).map((l) => "  " + l));
    }
    if (report.enterpriseTrunks) {
        out.push("", "Enterprise trunks");
        const rows: string[][] = [["", "max active", "capacity mgmt", "trunk groups"]];
        for (const t of report.enterpriseTrunks) {
            rows.push([`  ${t.name}`, num(t.maximumActiveCalls), t.capacityManagementEnabled ? "on" : "off", String(t.trunkGroups.length)]);
        }
        out.push(...table(rows).map((l) => "  " + l));
    }
    return out.join("\n");
}
