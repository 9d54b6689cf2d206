/**
 * The capacity report as Markdown for a pull-request comment or a CI job
 * summary: a short summary (totals, oversubscribed groups, what a pending
 * change moves) and the full table in a collapsed <details>. Pure.
 */
import type { GroupCapacityReport, TrunkingCapacityReport } from "../types";
import {
    capacityText,
    groupChange,
    groupChanges,
    groupOversubscribed,
    groupsInReadingOrder,
    reportKind,
    serviceProviderChange,
    spOversubscribed,
} from "./model";

/** GitHub refuses a comment longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
    /**
     * The longest text to produce (characters). Past it the full table lists
     * the groups that matter most (oversubscribed, then changed, then the
     * rest) and says how many it left out. Default 60,000: a GitHub comment
     * holds 65,536, and the rest leaves room for a marker or a link.
     */
    maxLength?: number;
    /** Entries in each summary list (oversubscribed groups, changes) before "and N more". Default 20. */
    summaryItems?: number;
}

const NAME_MAX = 60;
const TRUNK_GROUPS_PER_ROW = 4;

/**
 * User text as an inline code span: nothing in it is read as Markdown, a
 * link, HTML or an @mention. In a table cell a pipe must still be escaped
 * (GFM splits cells before it reads code spans).
 */
export function mdCode(text: string, opts: { inTable?: boolean; max?: number } = {}): string {
    // Control characters (a newline would end the table row) become spaces.
    let s = [...text].map((c) => (c < " " || c === "\u007f" ? " " : c)).join("");
    const max = opts.max ?? NAME_MAX;
    if (s.length > max) {
        s = `${s.slice(0, max - 1)}…`;
    }
    if (s.trim() === "") {
        return "(blank)";
    }
    if (opts.inTable) {
        s = s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|");
    }
    const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));
    const fence = "`".repeat(longest + 1);
    const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
    return `${fence}${pad}${s}${pad}${fence}`;
}

/** "a → b" where a projected report moves the number, else just the number. */
function moved(after: number | null, before: number | null | undefined, isProjected: boolean): string {
    return isProjected && before !== undefined && before !== after ? `${capacityText(before)} → ${capacityText(after)}` : capacityText(after);
}

function groupLabel(g: GroupCapacityReport, inTable = false): string {
    return g.groupName && g.groupName !== g.groupId ? `${mdCode(g.groupId, { inTable })} ${mdCode(g.groupName, { inTable })}` : mdCode(g.groupId, { inTable });
}

function overLine(g: GroupCapacityReport): string {
    const parts: string[] = [];
    if (g.callCapacityOversubscribed) {
        parts.push(`${capacityText(g.trunkGroupsCallCapacityTotal)} allocated to trunk groups for a capacity of ${capacityText(g.maxActiveCalls)}`);
    }
    if (g.burstingCallCapacityOversubscribed) {
        parts.push(`bursting ${capacityText(g.trunkGroupsBurstingCallCapacityTotal)} for ${capacityText(g.burstingMaxActiveCalls)}`);
    }
    return `- ${groupLabel(g)}: ${parts.join("; ")}`;
}

function list(lines: string[], max: number, rest: (n: number) => string): string[] {
    return lines.length > max ? [...lines.slice(0, max), `- ${rest(lines.length - max)}`] : lines;
}

function summary(report: TrunkingCapacityReport, items: number): string[] {
    const projected = report.projected === true;
    const b = report.before;
    const out: string[] = [];
    out.push(`### Trunking capacity: ${reportKind(report).toLowerCase()} ${mdCode(report.serviceProviderId)}${projected ? " (projected: after the pending changes)" : ""}`, "");
    if (report.trunkGroupService === "notAssigned") {
        out.push(
            "The Trunk Group service is not assigned to it (no trunking call capacity).",
            "",
            `Allocated to groups: ${moved(report.groupsCallCapacityTotal, b?.groupsCallCapacityTotal, projected)} calls, bursting ${moved(report.groupsBurstingCallCapacityTotal, b?.groupsBurstingCallCapacityTotal, projected)}.`,
        );
    } else {
        const flag = (f: boolean) => (f ? "⚠️ oversubscribed" : "");
        out.push(
            "| | capacity | allocated to groups | difference | |",
            "|:--|--:|--:|--:|:--|",
            `| max active calls | ${moved(report.maxActiveCalls, b?.maxActiveCalls, projected)} | ${moved(report.groupsCallCapacityTotal, b?.groupsCallCapacityTotal, projected)} | ${capacityText(report.callCapacityDifference)} | ${flag(report.callCapacityOversubscribed)} |`,
            `| bursting | ${moved(report.burstingMaxActiveCalls, b?.burstingMaxActiveCalls, projected)} | ${moved(report.groupsBurstingCallCapacityTotal, b?.groupsBurstingCallCapacityTotal, projected)} | ${capacityText(report.burstingCallCapacityDifference)} | ${flag(report.burstingCallCapacityOversubscribed)} |`,
        );
    }
    if (report.groupFilter) {
        const f = report.groupFilter;
        out.push("", `Showing ${f.groupIds.length} of ${f.groupsInServiceProvider} groups (filtered by group id); the totals cover all ${f.groupsInServiceProvider}.`);
    }
    out.push("");
    const over = report.groups.filter(groupOversubscribed);
    if (spOversubscribed(report)) {
        out.push("**The service provider is oversubscribed**: its groups together may take more calls than it allows.", "");
    }
    if (over.length === 0) {
        out.push(`No group is oversubscribed (${report.groups.length} ${report.groups.length === 1 ? "group" : "groups"}).`);
    } else {
        out.push(
            `**${over.length} of ${report.groups.length} groups oversubscribed**: their trunk groups together may take more calls than the group allows. ` +
                "BroadWorks permits this (each trunk group fits on its own; the limits apply per call), so check it is what you meant.",
            "",
            ...list(over.map(overLine), items, (n) => `and ${n} more (in the full table below)`),
        );
    }
    if (projected) {
        out.push("");
        const changes = groupChanges(report, (s) => mdCode(s, { max: 30 }));
        const spChange = serviceProviderChange(report);
        if (changes.length === 0 && spChange.length === 0) {
            out.push("**What changes**: the pending changes move no capacity.");
        } else {
            out.push(`**What changes**: ${changes.length} ${changes.length === 1 ? "group" : "groups"}${spChange.length > 0 ? " and the service provider" : ""}`, "");
            if (spChange.length > 0) {
                out.push(`- service provider: ${spChange.join(", ")}`);
            }
            out.push(...list(changes.map((c) => `- ${groupLabel(c.group)}: ${phrases(c.phrases)}`), items, (n) => `and ${n} more`));
        }
    }
    return out;
}

const PHRASES_PER_GROUP = 6;

function phrases(p: string[]): string {
    return p.length > PHRASES_PER_GROUP ? `${p.slice(0, PHRASES_PER_GROUP).join(", ")} and ${p.length - PHRASES_PER_GROUP} more changes` : p.join(", ");
}

function trunkGroupsCell(g: GroupCapacityReport): string {
    if (g.trunkGroupService === "notAssigned") {
        return "no Trunk Group service";
    }
    if (g.trunkGroups.length === 0) {
        return "none";
    }
    const shown = g.trunkGroups
        .slice(0, TRUNK_GROUPS_PER_ROW)
        .map((t) => `${mdCode(t.name, { inTable: true, max: 30 })} ${capacityText(t.maxActiveCalls)}${t.burstingMaxActiveCalls ? `+${t.burstingMaxActiveCalls}` : ""}`);
    const more = g.trunkGroups.length - TRUNK_GROUPS_PER_ROW;
    return shown.join(", ") + (more > 0 ? `, +${more} more` : "");
}

function row(g: GroupCapacityReport, projected: boolean): string {
    const b = g.before;
    const status =
        g.trunkGroupService === "notAssigned"
            ? ""
            : [groupOversubscribed(g) ? "⚠️ oversubscribed" : "", projected && groupChange(g) ? "changed" : ""].filter(Boolean).join(", ");
    return (
        `| ${groupLabel(g, true)} | ${moved(g.maxActiveCalls, b?.maxActiveCalls, projected)} | ${moved(g.trunkGroupsCallCapacityTotal, b?.trunkGroupsCallCapacityTotal, projected)} ` +
        `| ${capacityText(g.callCapacityDifference)} | ${moved(g.burstingMaxActiveCalls, b?.burstingMaxActiveCalls, projected)} ` +
        `| ${moved(g.trunkGroupsBurstingCallCapacityTotal, b?.trunkGroupsBurstingCallCapacityTotal, projected)} | ${trunkGroupsCell(g)} | ${status} |`
    );
}

/**
 * The report as GitHub-flavoured Markdown, never longer than `maxLength`.
 * Every string from the report is shown as code, so a group name cannot
 * format, link or mention anything.
 */
export function renderCapacityMarkdown(report: TrunkingCapacityReport, opts: MarkdownOptions = {}): string {
    const maxLength = opts.maxLength ?? 60_000;
    const projected = report.projected === true;
    const head = summary(report, opts.summaryItems ?? 20).join("\n");
    const ordered = groupsInReadingOrder(report);
    const n = ordered.length;
    const tableHead = [
        "| group | capacity | allocated | difference | bursting capacity | bursting allocated | trunk groups (calls+bursting) | |",
        "|:--|--:|--:|--:|--:|--:|:--|:--|",
    ].join("\n");
    const open = `\n\n<details><summary>All ${n} ${n === 1 ? "group" : "groups"}${n > 1 ? ` (oversubscribed first${projected ? ", then changed" : ""})` : ""}</summary>\n\n`;
    const close = "\n\n</details>\n";
    const cutNote = (shown: number) =>
        `Showing ${shown} of ${n} groups: the full table would pass the ${GITHUB_COMMENT_LIMIT.toLocaleString("en-US")}-character limit of a GitHub comment. ` +
        `The HTML and CSV forms of the report have every group.\n\n`;
    if (n === 0) {
        return fit(`${head}\n`, maxLength);
    }
    const rows = ordered.map((g) => row(g, projected));
    const full = `${head}${open}${tableHead}\n${rows.join("\n")}${close}`;
    if (full.length <= maxLength) {
        return full;
    }
    // Summarised: as many rows as fit beside the note saying so (its length barely depends on the count).
    const fixed = head.length + open.length + cutNote(n).length + tableHead.length + 1 + close.length;
    let used = fixed;
    let shown = 0;
    while (shown < rows.length && used + rows[shown].length + 1 <= maxLength) {
        used += rows[shown].length + 1;
        shown++;
    }
    const text = `${head}${open}${cutNote(shown)}${tableHead}\n${rows.slice(0, shown).join("\n")}${close}`;
    return fit(text, maxLength);
}

/** Only a summary longer than the limit on its own (a tiny maxLength) gets here: cut it and say so. */
function fit(text: string, maxLength: number): string {
    if (text.length <= maxLength) {
        return text;
    }
    const note = "\n\n… (cut to fit the size limit)\n";
    return text.slice(0, Math.max(0, maxLength - note.length)) + note;
}
