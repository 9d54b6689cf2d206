/**
 * The capacity report as one self-contained HTML page: inline CSS and
 * script, no request of any kind (a Content-Security-Policy forbids them), so
 * it works from file:// and as a CI artifact. Pure: text in, text out.
 */
import { createHash } from "crypto";
import { difference } from "../report";
import type { GroupCapacityReport, TrunkGroupCapacityLine, TrunkingCapacityReport } from "../types";
import {
    capacityText,
    groupChange,
    groupOversubscribed,
    groupsInReadingOrder,
    reportKind,
    serviceProviderChange,
    spOversubscribed,
    trunkGroupChanges,
    usage,
} from "./model";

export interface HtmlOptions {
    /** Shown under the title, e.g. when and from what the report was made. Omitted by default so the page depends on the report only. */
    note?: string;
}

/** Every string from the report goes through this: group and trunk-group names are user data. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const n = (v: number | null | undefined) => escapeHtml(capacityText(v));

const STYLE = `
:root{--ok:#2f7d32;--near:#a15c00;--over:#b3261e;--track:#e6e8eb;--muted:#5f6368;--line:#d0d4d9;--before:#7b8794}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:0 auto;max-width:78rem;padding:1rem 1.5rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem}h3{font-size:1.05rem;margin:0 0 .4rem}h4{font-size:.85rem;margin:0 0 .2rem;color:var(--muted);font-weight:600}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.muted{color:var(--muted)}
.projected{background:#fff4d6;border:1px solid #e8c872;padding:.4rem .7rem;border-radius:4px;display:inline-block}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
th,td{padding:.2rem .6rem;text-align:right;border-bottom:1px solid var(--line)}
th:first-child,td.text{text-align:left}
thead th{font-size:.8rem;color:var(--muted);font-weight:600;border-bottom:1px solid #9aa0a6}
.badge{display:inline-block;font-size:.75rem;font-weight:700;padding:.05rem .45rem;border-radius:3px;margin-left:.4rem;vertical-align:middle;border:1px solid}
.badge.over{color:#fff;background:var(--over);border-color:var(--over)}
.badge.changed{color:#6b4e00;background:#fff4d6;border-color:#e8c872}
.badge.nosvc{color:var(--muted);background:#f1f3f4;border-color:var(--line)}
.controls{display:flex;flex-wrap:wrap;gap:1rem;align-items:end;margin:1rem 0;padding:.6rem .8rem;background:#f6f8fa;border:1px solid var(--line);border-radius:6px}
.controls label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
.controls input,.controls select{font:inherit;padding:.25rem .4rem;min-width:14rem}
#groups{list-style:none;padding:0;margin:0}
/* content-visibility: a browser lays out only the groups on screen, which keeps 2000 groups fast to open (bench/render.ts). */
.group{border:1px solid var(--line);border-left:5px solid var(--ok);border-radius:6px;padding:.7rem .9rem;margin:.6rem 0;break-inside:avoid;content-visibility:auto;contain-intrinsic-size:auto 16rem}
.group.near{border-left-color:var(--near)}.group.over{border-left-color:var(--over)}.group.nosvc,.group.unlimited{border-left-color:#9aa0a6}
.gid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em;color:var(--muted)}
.sides{display:flex;flex-wrap:wrap;gap:1.5rem;margin:.3rem 0 .5rem}
.side{flex:1 1 20rem;min-width:16rem}
.side.before{opacity:.85}
.meter{display:grid;grid-template-columns:5.5rem 1fr 11rem;align-items:center;gap:.5rem;margin:.15rem 0;font-variant-numeric:tabular-nums}
.meter .what{font-size:.8rem;color:var(--muted)}
.meter .nums{font-size:.85rem;text-align:right}
.bar{position:relative;height:.9rem;background:var(--track);border-radius:2px;overflow:hidden;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.bar .fill{position:absolute;left:0;top:0;bottom:0;background:var(--ok)}
.bar.near .fill{background:var(--near)}
.bar .excess{position:absolute;top:0;bottom:0;background:repeating-linear-gradient(45deg,var(--over) 0 4px,#e4827b 4px 8px)}
.bar.over .fill{background:var(--over)}
.bar .cap{position:absolute;top:-2px;bottom:-2px;width:2px;background:#1f2328}
.bar.unlimited{background:repeating-linear-gradient(90deg,var(--track) 0 10px,#f6f8fa 10px 14px)}
.bar.unlimited .fill{background:#7aa7d9}
.side.before .bar .fill{background:var(--before)}
table.tg{margin-top:.3rem;font-size:.88rem;min-width:24rem}
table.tg tfoot th,table.tg tfoot td{border-bottom:none;color:var(--muted)}
table.tg tfoot tr:first-child th,table.tg tfoot tr:first-child td{border-top:1px solid #9aa0a6}
tr.removed td,tr.removed th{text-decoration:line-through;color:var(--muted)}
td.neg{color:var(--over);font-weight:600}
.summary li{margin:.1rem 0}
footer{margin-top:2rem;font-size:.8rem;color:var(--muted)}
@media print{
  body{max-width:none;padding:0;font-size:10pt;color:#000}
  .controls{display:none}
  .group{border-color:#000;margin:.3rem 0;padding:.3rem .5rem;content-visibility:visible}
  .bar{border:1px solid #000}
  a{color:inherit;text-decoration:none}
}
`;

/** Sorting and filtering; the page reads the same without it (controls stay hidden). */
const SCRIPT = `
(function () {
  var list = document.getElementById("groups");
  if (!list) return;
  var items = Array.prototype.slice.call(list.children);
  var q = document.getElementById("filter");
  var sort = document.getElementById("sort");
  var shown = document.getElementById("shown");
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  function attr(li, k) { return li.getAttribute("data-" + k) || ""; }
  function num(li, k) { var v = attr(li, k); return v === "" ? -1 : Number(v); }
  var order = {
    reading: function (a, b) { return num(a, "order") - num(b, "order"); },
    name: function (a, b) { return collator.compare(attr(a, "name"), attr(b, "name")) || collator.compare(attr(a, "id"), attr(b, "id")); },
    id: function (a, b) { return collator.compare(attr(a, "id"), attr(b, "id")); },
    usage: function (a, b) { return num(b, "usage") - num(a, "usage") || num(a, "order") - num(b, "order"); }
  };
  function apply() {
    var needle = q.value.trim().toLowerCase();
    var sorted = items.slice().sort(order[sort.value] || order.reading);
    var count = 0;
    var frag = document.createDocumentFragment();
    for (var i = 0; i < sorted.length; i++) {
      var li = sorted[i];
      var match = needle === "" || attr(li, "name").toLowerCase().indexOf(needle) >= 0 || attr(li, "id").toLowerCase().indexOf(needle) >= 0;
      li.hidden = !match;
      if (match) count++;
      frag.appendChild(li);
    }
    list.appendChild(frag);
    shown.textContent = "Showing " + count + " of " + items.length + " groups";
  }
  q.addEventListener("input", apply);
  sort.addEventListener("change", apply);
  document.getElementById("controls").hidden = false;
})();
`;

const SCRIPT_HASH = createHash("sha256").update(SCRIPT).digest("base64");

/** Nothing may be fetched: not a font, an image, a frame or a connection. Inline styles for the bars; the one script by its hash. */
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

const pct = (v: number) => `${Math.max(0, Math.min(100, v * 100)).toFixed(2)}%`;

/** One bar: allocated against capacity, with its numbers beside it and in words for a screen reader. */
function meter(what: string, capacity: number | null, allocated: number, cls: string): string {
    const nums = `<span class="nums"><span class="${cls}-alloc">${n(allocated)}</span> of <span class="${cls}-cap">${n(capacity)}</span></span>`;
    const label = `<span class="what">${what}</span>`;
    if (capacity === -1 || allocated === -1) {
        const words = capacity === -1 ? `${what}: unlimited capacity, ${capacityText(allocated)} allocated` : `${what}: unlimited allocated against a capacity of ${capacityText(capacity)}`;
        return `<div class="meter">${label}<div class="bar unlimited" role="img" aria-label="${escapeHtml(words)}"><span class="fill" style="width:${capacity === -1 ? "0%" : "100%"}"></span></div>${nums}</div>`;
    }
    if (capacity === null) {
        return `<div class="meter">${label}<div class="bar" role="img" aria-label="${escapeHtml(`${what}: no capacity applies, ${allocated} allocated`)}"></div>${nums}</div>`;
    }
    const share = usage(capacity, allocated)!;
    const state = allocated > capacity ? "over" : share >= 0.8 ? "near" : "ok";
    const scale = Math.max(capacity, allocated, 1);
    const within = Math.min(allocated, capacity);
    const percent = Number.isFinite(share) ? `${Math.round(share * 100)}%` : "no capacity";
    const words =
        `${what}: ${allocated} of ${capacity} allocated (${percent})` + (state === "over" ? `, oversubscribed by ${allocated - capacity}` : state === "near" ? ", near the limit" : "");
    return (
        `<div class="meter">${label}<div class="bar ${state}" role="img" aria-label="${escapeHtml(words)}">` +
        `<span class="fill" style="width:${pct(within / scale)}"></span>` +
        (allocated > capacity ? `<span class="excess" style="left:${pct(capacity / scale)};width:${pct((allocated - capacity) / scale)}"></span>` : "") +
        `<span class="cap" style="left:calc(${pct(capacity / scale)} - 1px)"></span></div>${nums}</div>`
    );
}

interface Numbers {
    maxActiveCalls: number | null;
    burstingMaxActiveCalls: number | null;
    trunkGroupsCallCapacityTotal: number;
    trunkGroupsBurstingCallCapacityTotal: number;
}

function meters(g: Numbers, prefix: string): string {
    return meter("calls", g.maxActiveCalls, g.trunkGroupsCallCapacityTotal, `${prefix}calls`) + meter("bursting", g.burstingMaxActiveCalls, g.trunkGroupsBurstingCallCapacityTotal, `${prefix}burst`);
}

const diffCell = (v: number | null, cls: string) => `<td class="${cls}${v !== null && v < 0 ? " neg" : ""}">${n(v)}</td>`;

function trunkGroupTable(g: GroupCapacityReport, changed: boolean): string {
    const b = g.before;
    const caption = `<caption class="sr-only">Trunk groups of group ${escapeHtml(g.groupId)}${changed ? ", now and after the change" : ""}</caption>`;
    const head = changed
        ? `<thead><tr><th scope="col">Trunk group</th><th scope="col">Now: calls</th><th scope="col">Now: bursting</th><th scope="col">After: calls</th><th scope="col">After: bursting</th><th scope="col" class="text">Change</th></tr></thead>`
        : `<thead><tr><th scope="col">Trunk group</th><th scope="col">Max active calls</th><th scope="col">Bursting</th></tr></thead>`;
    const kinds = new Map(trunkGroupChanges(g).map((c) => [c.name, c.kind]));
    const beforeOf = new Map((b?.trunkGroups ?? []).map((t) => [t.name, t]));
    const rows: string[] = [];
    const line = (t: TrunkGroupCapacityLine) => `<td class="tg-max">${n(t.maxActiveCalls)}</td><td class="tg-burst">${n(t.burstingMaxActiveCalls)}</td>`;
    for (const t of g.trunkGroups) {
        const name = `<th scope="row" class="tg-name">${escapeHtml(t.name)}</th>`;
        if (!changed) {
            rows.push(`<tr>${name}${line(t)}</tr>`);
            continue;
        }
        const was = beforeOf.get(t.name);
        const kind = kinds.get(t.name);
        rows.push(
            `<tr${kind ? ` class="${kind}"` : ""}>${name}` +
                (was ? `<td class="tg-max-before">${n(was.maxActiveCalls)}</td><td class="tg-burst-before">${n(was.burstingMaxActiveCalls)}</td>` : `<td>–</td><td>–</td>`) +
                `${line(t)}<td class="text">${kind ?? ""}</td></tr>`,
        );
    }
    if (changed) {
        for (const t of b!.trunkGroups) {
            if (kinds.get(t.name) === "removed") {
                rows.push(
                    `<tr class="removed"><th scope="row" class="tg-name-removed">${escapeHtml(t.name)}</th><td class="tg-max-before">${n(t.maxActiveCalls)}</td><td class="tg-burst-before">${n(t.burstingMaxActiveCalls)}</td><td>–</td><td>–</td><td class="text">removed</td></tr>`,
                );
            }
        }
    }
    if (rows.length === 0) {
        rows.push(`<tr><td class="text" colspan="${changed ? 6 : 3}">No trunk groups</td></tr>`);
    }
    const foot = (label: string, after: [string, string], before?: [string, string]) =>
        `<tr><th scope="row">${label}</th>${changed ? (before ? before.join("") : "<td></td><td></td>") : ""}${after.join("")}${changed ? "<td></td>" : ""}</tr>`;
    const bd = b ? difference(b.maxActiveCalls, b.trunkGroupsCallCapacityTotal) : null;
    const bbd = b ? difference(b.burstingMaxActiveCalls, b.trunkGroupsBurstingCallCapacityTotal) : null;
    const tfoot =
        `<tfoot>` +
        foot(
            "Total",
            [`<td class="tg-total">${n(g.trunkGroupsCallCapacityTotal)}</td>`, `<td class="tg-btotal">${n(g.trunkGroupsBurstingCallCapacityTotal)}</td>`],
            b ? [`<td>${n(b.trunkGroupsCallCapacityTotal)}</td>`, `<td>${n(b.trunkGroupsBurstingCallCapacityTotal)}</td>`] : undefined,
        ) +
        foot(
            "Group capacity",
            [`<td class="g-cap">${n(g.maxActiveCalls)}</td>`, `<td class="g-bcap">${n(g.burstingMaxActiveCalls)}</td>`],
            b ? [`<td>${n(b.maxActiveCalls)}</td>`, `<td>${n(b.burstingMaxActiveCalls)}</td>`] : undefined,
        ) +
        foot("Difference", [diffCell(g.callCapacityDifference, "g-diff"), diffCell(g.burstingCallCapacityDifference, "g-bdiff")], b ? [diffCell(bd, ""), diffCell(bbd, "")] : undefined) +
        `</tfoot>`;
    return `<table class="tg">${caption}${head}<tbody>${rows.join("")}</tbody>${tfoot}</table>`;
}

function groupItem(g: GroupCapacityReport, order: number, projected: boolean): string {
    const over = groupOversubscribed(g);
    const change = projected ? groupChange(g) : undefined;
    const noService = g.trunkGroupService === "notAssigned";
    const share = usage(g.maxActiveCalls, g.trunkGroupsCallCapacityTotal);
    const unlimited = g.maxActiveCalls === -1;
    const state = noService ? "nosvc" : over ? "over" : unlimited ? "unlimited" : share !== undefined && share >= 0.8 ? "near" : "ok";
    const id = `g-${order}`;
    const badges =
        (over ? `<span class="badge over">Oversubscribed</span>` : "") +
        (change ? `<span class="badge changed">Changed</span>` : "") +
        (noService ? `<span class="badge nosvc">No Trunk Group service</span>` : "");
    const name = g.groupName && g.groupName !== g.groupId ? ` <span class="gname">${escapeHtml(g.groupName)}</span>` : "";
    let body: string;
    if (noService) {
        body = `<p class="nosvc">The Trunk Group service is not assigned to this group: it has no trunking call capacity and no trunk groups.</p>`;
    } else if (change && g.before) {
        body =
            `<div class="sides"><div class="side before"><h4>Now</h4>${meters(g.before, "before-")}</div>` +
            `<div class="side after"><h4>After the change</h4>${meters(g, "")}</div></div>` +
            `<p class="change"><span class="sr-only">What changes: </span>${change.phrases.map(escapeHtml).join("; ")}</p>` +
            trunkGroupTable(g, true);
    } else {
        body = `<div class="sides"><div class="side">${meters(g, "")}</div></div>${trunkGroupTable(g, false)}`;
    }
    return (
        `<li class="group ${state}" id="${id}" data-order="${order}" data-id="${escapeHtml(g.groupId)}" data-name="${escapeHtml(g.groupName ?? "")}" ` +
        `data-over="${over ? 1 : 0}" data-usage="${share === undefined ? "" : Number.isFinite(share) ? share.toFixed(4) : "1e9"}">` +
        `<article aria-labelledby="${id}-h"><h3 id="${id}-h"><span class="gid">${escapeHtml(g.groupId)}</span>${name}${badges}</h3>${body}</article></li>`
    );
}

function serviceProvider(report: TrunkingCapacityReport): string {
    const kind = reportKind(report);
    const b = report.before;
    const projected = report.projected === true;
    const out: string[] = [`<section class="sp" aria-labelledby="sp-h"><h2 id="sp-h">${kind} totals</h2>`];
    if (report.trunkGroupService === "notAssigned") {
        out.push(`<p>The Trunk Group service is not assigned to ${escapeHtml(report.serviceProviderId)}: it has no trunking call capacity.</p>`);
    }
    const status = (f: boolean) => (f ? `<span class="badge over">Oversubscribed</span>` : "");
    const showBefore = projected && b !== undefined;
    out.push(
        `<table class="totals"><caption class="sr-only">Capacity of ${escapeHtml(report.serviceProviderId)} against what its groups take${showBefore ? ", now and after the change" : ""}</caption><thead><tr><th scope="col"></th>` +
            (showBefore ? `<th scope="col">Now: capacity</th><th scope="col">Now: allocated to groups</th>` : "") +
            `<th scope="col">${showBefore ? "After: capacity" : "Capacity"}</th><th scope="col">${showBefore ? "After: allocated to groups" : "Allocated to groups"}</th><th scope="col">Difference</th><th scope="col" class="text">Status</th></tr></thead><tbody>`,
    );
    const row = (label: string, cls: string, cap: number | null, alloc: number, diff: number | null, over: boolean, bCap?: number | null, bAlloc?: number) =>
        `<tr><th scope="row">${label}</th>` +
        (showBefore ? `<td>${n(bCap)}</td><td>${n(bAlloc)}</td>` : "") +
        `<td class="sp-${cls}cap">${n(cap)}</td><td class="sp-${cls}alloc">${n(alloc)}</td>${diffCell(diff, `sp-${cls}diff`)}<td class="text">${status(over)}</td></tr>`;
    out.push(
        row("Max active calls", "", report.maxActiveCalls, report.groupsCallCapacityTotal, report.callCapacityDifference, report.callCapacityOversubscribed, b?.maxActiveCalls, b?.groupsCallCapacityTotal),
        row(
            "Bursting",
            "b",
            report.burstingMaxActiveCalls,
            report.groupsBurstingCallCapacityTotal,
            report.burstingCallCapacityDifference,
            report.burstingCallCapacityOversubscribed,
            b?.burstingMaxActiveCalls,
            b?.groupsBurstingCallCapacityTotal,
        ),
        `</tbody></table>`,
    );
    if (report.trunkGroupService === "assigned") {
        const now = (x: { maxActiveCalls: number | null; burstingMaxActiveCalls: number | null; groupsCallCapacityTotal: number; groupsBurstingCallCapacityTotal: number }, prefix: string) =>
            meter("calls", x.maxActiveCalls, x.groupsCallCapacityTotal, `${prefix}sp-calls`) + meter("bursting", x.burstingMaxActiveCalls, x.groupsBurstingCallCapacityTotal, `${prefix}sp-burst`);
        out.push(
            showBefore
                ? `<div class="sides"><div class="side before"><h4>Now</h4>${now(b!, "before-")}</div><div class="side after"><h4>After the change</h4>${now(report, "")}</div></div>`
                : `<div class="sides"><div class="side">${now(report, "")}</div></div>`,
        );
    }
    if (showBefore) {
        const words = serviceProviderChange(report);
        out.push(`<p class="change">${words.length > 0 ? `What changes: ${escapeHtml(words.join("; "))}` : "The pending changes do not move the service provider's totals."}</p>`);
    }
    if (report.groupFilter) {
        const f = report.groupFilter;
        out.push(`<p class="muted">Showing ${f.groupIds.length} of ${f.groupsInServiceProvider} groups (filtered by group id); the totals above cover all ${f.groupsInServiceProvider} groups.</p>`);
    }
    out.push(`</section>`);
    return out.join("");
}

function summary(report: TrunkingCapacityReport, ordered: GroupCapacityReport[], orderOf: Map<GroupCapacityReport, number>): string {
    const over = ordered.filter(groupOversubscribed);
    const noService = report.groups.filter((g) => g.trunkGroupService === "notAssigned").length;
    const changed = report.projected ? report.groups.filter((g) => groupChange(g)).length : 0;
    const link = (g: GroupCapacityReport) => `<a href="#g-${orderOf.get(g)}">${escapeHtml(g.groupId)}</a>`;
    const items: string[] = [`<li>${report.groups.length} ${report.groups.length === 1 ? "group" : "groups"}</li>`];
    const firstOver = over.slice(0, 30).map(link).join(", ") + (over.length > 30 ? ` and ${over.length - 30} more` : "");
    items.push(
        over.length > 0
            ? `<li><strong>${over.length} oversubscribed</strong> (listed first): ${firstOver}. Their trunk groups together may take more calls than the group allows; BroadWorks permits this (each fits on its own, and the limits apply per call), so check it is what you meant.</li>`
            : `<li>No group is oversubscribed.</li>`,
    );
    if (noService > 0) {
        items.push(`<li>${noService} without the Trunk Group service</li>`);
    }
    if (report.projected) {
        items.push(`<li>${changed} moved by the pending change${changed > 0 ? " (marked Changed, shown now and after side by side)" : ""}</li>`);
    }
    return `<section aria-labelledby="sum-h"><h2 id="sum-h">Groups</h2><ul class="summary">${items.join("")}</ul></section>`;
}

function enterpriseTrunks(report: TrunkingCapacityReport): string {
    if (!report.enterpriseTrunks) {
        return "";
    }
    const rows = report.enterpriseTrunks.map(
        (t) =>
            `<tr><th scope="row">${escapeHtml(t.name)}</th><td class="text">${escapeHtml(t.groupId ?? "–")}</td><td>${n(t.maximumActiveCalls)}</td><td class="text">${t.capacityManagementEnabled ? "on" : "off"}</td><td>${t.trunkGroups.length}</td></tr>`,
    );
    return (
        `<section aria-labelledby="et-h"><h2 id="et-h">Enterprise trunks</h2><table><thead><tr><th scope="col">Enterprise trunk</th><th scope="col" class="text">Group</th>` +
        `<th scope="col">Max active calls</th><th scope="col" class="text">Capacity management</th><th scope="col">Trunk groups</th></tr></thead><tbody>${rows.join("") || `<tr><td colspan="5" class="text">None</td></tr>`}</tbody></table></section>`
    );
}

/**
 * The page: the service provider's totals, a summary, then one entry per
 * group (oversubscribed first, then those a pending change moves) with a bar
 * of what its trunk groups take against its capacity, bursting apart, and its
 * trunk groups. A projected report shows each moved group now and after the
 * change side by side. Every bar has its numbers as text and a text
 * alternative; every string from the report is escaped.
 */
export function renderCapacityHtml(report: TrunkingCapacityReport, opts: HtmlOptions = {}): string {
    const projected = report.projected === true;
    const ordered = groupsInReadingOrder(report);
    const orderOf = new Map(ordered.map((g, i) => [g, i]));
    const sp = escapeHtml(report.serviceProviderId);
    const title = `Trunking capacity: ${sp}${projected ? " (projected)" : ""}`;
    const spOver = spOversubscribed(report);
    return [
        `<!DOCTYPE html>`,
        `<html lang="en"><head><meta charset="utf-8">`,
        `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
        `<meta name="viewport" content="width=device-width, initial-scale=1">`,
        `<meta name="referrer" content="no-referrer">`,
        `<title>${title}</title><style>${STYLE}</style></head><body>`,
        `<header><h1>Trunking capacity: ${reportKind(report).toLowerCase()} <span class="gid">${sp}</span>${spOver ? `<span class="badge over">Oversubscribed</span>` : ""}</h1>`,
        projected ? `<p class="projected"><strong>Projected</strong>: the report as it will be after the pending changes; groups the change moves show their numbers now and after.</p>` : "",
        opts.note ? `<p class="muted">${escapeHtml(opts.note)}</p>` : "",
        `</header><main>`,
        serviceProvider(report),
        summary(report, ordered, orderOf),
        ordered.length > 0
            ? `<div class="controls" id="controls" hidden><label for="filter">Filter by group name or id<input type="search" id="filter" autocomplete="off"></label>` +
              `<label for="sort">Sort<select id="sort"><option value="reading">Oversubscribed first${projected ? ", then changed" : ""}</option><option value="name">Group name</option><option value="id">Group id</option><option value="usage">Most used first</option></select></label>` +
              `<p id="shown" role="status" aria-live="polite">Showing ${ordered.length} of ${ordered.length} groups</p></div>`
            : "",
        `<ul id="groups" aria-label="Groups">${ordered.map((g, i) => groupItem(g, i, projected)).join("\n")}</ul>`,
        enterpriseTrunks(report),
        `</main><footer>Capacities in simultaneous calls. “unlimited” is no limit; “n/a” is no number (no Trunk Group service, or a difference against unlimited). ` +
            `Bars show what the trunk groups take against the group's capacity (the black mark).</footer>`,
        `<script>${SCRIPT}</script>`,
        `</body></html>`,
        "",
    ].join("\n");
}
