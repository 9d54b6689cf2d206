/**
 * The oversubscription policy (stack config `odin:oversubscription`): what a
 * capacity report with oversubscribed groups or an oversubscribed service
 * provider does to the command. `warn` (the default) says so, once per
 * group or service provider, with the numbers; `deny` fails it; `allow` says
 * nothing. A group or service provider whose capacity resource has
 * `allowOversubscription: true` is left out. Pure.
 */
import { groupOversubscribed, spOversubscribed } from "./render/model";
import type { GroupCapacityReport, TrunkingCapacityReport } from "./types";

export const POLICIES = ["warn", "deny", "allow"] as const;
export type OversubscriptionPolicy = (typeof POLICIES)[number];

export const POLICY_KEY = "odin:oversubscription";

/** The policy a setting names; anything else is refused naming the key and the values allowed. */
export function parsePolicy(value: string | undefined, label = POLICY_KEY): OversubscriptionPolicy {
    if (value === undefined || value.trim() === "") {
        return "warn";
    }
    const v = value.trim().toLowerCase();
    if ((POLICIES as readonly string[]).includes(v)) {
        return v as OversubscriptionPolicy;
    }
    throw new Error(`${label} must be one of ${POLICIES.map((p) => `"${p}"`).join(", ")} (default "warn"), got ${JSON.stringify(value)}`);
}

/** Who is exempt: `allowOversubscription: true` on the service provider's or a group's capacity resource. */
export interface Exemptions {
    serviceProvider: boolean;
    groupIds: ReadonlySet<string>;
}

export const NO_EXEMPTIONS: Exemptions = { serviceProvider: false, groupIds: new Set() };

const show = (n: number | null): string => (n === null ? "n/a" : n === -1 ? "unlimited" : String(n));

function groupLine(g: GroupCapacityReport, projected: boolean): string {
    const parts: string[] = [];
    if (g.callCapacityOversubscribed) {
        const names = g.trunkGroups.map((t) => `${t.name} ${t.maxActiveCalls}`).join(", ");
        parts.push(`its trunk groups take ${g.trunkGroupsCallCapacityTotal} calls against a capacity of ${show(g.maxActiveCalls)} (${names})`);
    }
    if (g.burstingCallCapacityOversubscribed) {
        const names = g.trunkGroups.filter((t) => t.burstingMaxActiveCalls > 0).map((t) => `${t.name} ${t.burstingMaxActiveCalls}`).join(", ");
        parts.push(`they burst to ${g.trunkGroupsBurstingCallCapacityTotal} calls against a bursting capacity of ${show(g.burstingMaxActiveCalls)} (${names})`);
    }
    const name = g.groupName && g.groupName !== g.groupId ? ` (${g.groupName})` : "";
    return `group ${g.groupId}${name} ${projected ? "will be" : "is"} oversubscribed: ${parts.join("; ")}`;
}

function serviceProviderLine(r: TrunkingCapacityReport, projected: boolean): string {
    const parts: string[] = [];
    if (r.callCapacityOversubscribed) {
        parts.push(`its groups are given ${show(r.groupsCallCapacityTotal)} calls against its capacity of ${show(r.maxActiveCalls)}`);
    }
    if (r.burstingCallCapacityOversubscribed) {
        parts.push(`${show(r.groupsBurstingCallCapacityTotal)} bursting calls against its bursting capacity of ${show(r.burstingMaxActiveCalls)}`);
    }
    return `service provider ${r.serviceProviderId} ${projected ? "will be" : "is"} oversubscribed: ${parts.join("; ")}`;
}

/**
 * One line per oversubscribed group and for the service provider, with the
 * numbers, leaving out the exempt ones. A projected report speaks of what
 * the change will do.
 */
export function oversubscriptions(report: TrunkingCapacityReport, exempt: Exemptions = NO_EXEMPTIONS): string[] {
    const projected = report.projected === true;
    const lines: string[] = [];
    if (spOversubscribed(report) && !exempt.serviceProvider) {
        lines.push(serviceProviderLine(report, projected));
    }
    for (const g of report.groups) {
        if (groupOversubscribed(g) && !exempt.groupIds.has(g.groupId)) {
            lines.push(groupLine(g, projected));
        }
    }
    return lines;
}

/** What `deny` fails the command with. */
export function denial(report: TrunkingCapacityReport, lines: readonly string[]): string {
    const head = report.projected
        ? `${POLICY_KEY} is "deny", and after this change ${lines.length === 1 ? "one part" : `${lines.length} parts`} of service provider ${report.serviceProviderId} would be oversubscribed. Nothing was changed.`
        : `${POLICY_KEY} is "deny", and service provider ${report.serviceProviderId} is oversubscribed after this update (the changes above were applied).`;
    return (
        `${head}\n${lines.map((l) => `  - ${l}`).join("\n")}\n` +
        "Raise the capacity (GroupTrunkingCapacity, ServiceProviderTrunkingCapacity), lower the trunk groups' maxActiveCalls, " +
        "or, where the oversubscription is deliberate, set allowOversubscription: true on that group's GroupTrunkingCapacity (or the ServiceProviderTrunkingCapacity)."
    );
}

/** What a policy does with a report: the warnings to say, or the text to fail the command with. */
export interface PolicyVerdict {
    warnings: string[];
    failure?: string;
}

/** The policy on a report, for every front door: `allow` says nothing, `deny` fails naming each part, `warn` says each once. */
export function policyVerdict(report: TrunkingCapacityReport, policy: OversubscriptionPolicy, exempt: Exemptions = NO_EXEMPTIONS): PolicyVerdict {
    const lines = policy === "allow" ? [] : oversubscriptions(report, exempt);
    if (lines.length > 0 && policy === "deny") {
        return { warnings: [], failure: denial(report, lines) };
    }
    return { warnings: lines.map((line) => `${line} (${POLICY_KEY}: warn)`) };
}
