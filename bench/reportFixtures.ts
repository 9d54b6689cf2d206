/**
 * Capacity reports made up for the renderers' benchmark and tests: built by
 * the product's own report builder from made-up API data, so their numbers
 * are consistent; a projected report gets `before` by hand (the
 * projection itself is not the renderers' business).
 */
import type { FetchedCapacity, FetchedGroup } from "../provider/capacity/fetch";
import { withBefore } from "../provider/capacity/projection";
import { buildTrunkingCapacityReport } from "../provider/capacity/report";
import type { TrunkingCapacityReport } from "../provider/capacity/types";

const cap = (maxActiveCalls: number, burstingMaxActiveCalls: number) => ({
    maxActiveCalls,
    maxAvailableActiveCalls: 100_000,
    burstingMaxActiveCalls,
    burstingMaxAvailableActiveCalls: 10_000,
});

export function reportOf(serviceProviderId: string, sp: { maxActiveCalls: number; burstingMaxActiveCalls: number } | null, groups: FetchedGroup[]): TrunkingCapacityReport {
    const input: FetchedCapacity = { serviceProviderId, capacity: sp, groups, source: "per-group" };
    return buildTrunkingCapacityReport(input);
}

/** Marks `after` as the projection of `now` as a preview's report does (each group and the service provider whose numbers differ carry `before`). */
export function projectedReport(now: TrunkingCapacityReport, after: TrunkingCapacityReport): TrunkingCapacityReport {
    return withBefore(now, after);
}

/** A deterministic pseudo-random sequence (the same report on every run). */
function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}

export interface SyntheticOptions {
    groups: number;
    /** Mean trunk groups per group (1 to 2×mean−1, uniformly). Default 3. */
    trunkGroupsPerGroup?: number;
    seed?: number;
}

/**
 * A service provider of `groups` groups: about 5% oversubscribed, 3% with
 * unlimited capacity, 2% without the Trunk Group service, the rest between
 * 20% and 100% used.
 */
export function syntheticGroups(opts: SyntheticOptions): FetchedGroup[] {
    const r = rng(opts.seed ?? 42);
    const mean = opts.trunkGroupsPerGroup ?? 3;
    const out: FetchedGroup[] = [];
    for (let i = 1; i <= opts.groups; i++) {
        const id = `G${String(i).padStart(4, "0")}`;
        const name = `Branch ${String(i).padStart(4, "0")} ${["North", "South", "East", "West", "Central"][i % 5]}`;
        const roll = r();
        if (roll < 0.02) {
            out.push({ groupId: id, groupName: name, capacity: null, trunkGroups: [] });
            continue;
        }
        const count = 1 + Math.floor(r() * (2 * mean - 1));
        const trunkGroups = Array.from({ length: count }, (_, t) => {
            const bursting = r() < 0.3 ? 1 + Math.floor(r() * 5) : undefined;
            return { name: `TG-${id}-${t + 1}`, maxActiveCalls: 2 + Math.floor(r() * 30), ...(bursting ? { burstingMaxActiveCalls: bursting } : {}) };
        });
        const allocated = trunkGroups.reduce((a, t) => a + t.maxActiveCalls, 0);
        const bursting = trunkGroups.reduce((a, t) => a + (t.burstingMaxActiveCalls ?? 0), 0);
        const capacity = roll < 0.05 ? -1 : roll < 0.1 ? Math.max(1, Math.floor(allocated * 0.8)) : Math.ceil(allocated / (0.2 + r() * 0.8));
        out.push({ groupId: id, groupName: name, capacity: cap(capacity, bursting + Math.floor(r() * 5)), trunkGroups });
    }
    return out;
}

export function syntheticReport(opts: SyntheticOptions): TrunkingCapacityReport {
    const groups = syntheticGroups(opts);
    return reportOf("SP-BENCH", { maxActiveCalls: 40 * opts.groups, burstingMaxActiveCalls: 5 * opts.groups }, groups);
}

/** The synthetic report with a pending change: every tenth group gains a trunk group of 12 calls. */
export function syntheticProjectedReport(opts: SyntheticOptions): TrunkingCapacityReport {
    const groups = syntheticGroups(opts);
    const sp = { maxActiveCalls: 40 * opts.groups, burstingMaxActiveCalls: 5 * opts.groups };
    const now = reportOf("SP-BENCH", sp, groups);
    const changed = groups.map((g, i) => (i % 10 === 0 && g.capacity ? { ...g, trunkGroups: [...g.trunkGroups, { name: `TG-${g.groupId}-new`, maxActiveCalls: 12 }] } : g));
    return projectedReport(now, reportOf("SP-BENCH", sp, changed));
}
