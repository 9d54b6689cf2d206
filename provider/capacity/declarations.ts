/**
 * Declared Odin resources as the values a capacity report reads: which
 * kinds count, which of their fields, and the snapshot a projection is made
 * from. Pure: the program (programChanges.ts) and the provider plugin
 * (plugin/pending.ts) each bring their own declarations.
 */
import type { DeclaredCapacityValues, DeclaredTrunkGroup } from "./projection";

export const TRUNK_GROUP = "odin:TrunkGroup";
export const GROUP_CAPACITY = "odin:GroupTrunkingCapacity";
export const SERVICE_PROVIDER_CAPACITY = "odin:ServiceProviderTrunkingCapacity";
export const CAPACITY_KINDS: ReadonlySet<string> = new Set([TRUNK_GROUP, GROUP_CAPACITY, SERVICE_PROVIDER_CAPACITY]);

/** One declared resource's values; allow: its allowOversubscription. */
export interface Declared {
    kind: string;
    name: string;
    urn: string;
    values: Record<string, unknown>;
    allow: boolean;
}

export interface ProgramSnapshot {
    trunkGroups: DeclaredTrunkGroup[];
    groupCapacities: DeclaredCapacityValues[];
    serviceProviderCapacities: DeclaredCapacityValues[];
    /** Pulumi names by URN, for messages. */
    names: Record<string, string>;
    /** Who may be oversubscribed, by service provider. */
    allowed: Array<{ serviceProviderId: string; groupId?: string }>;
}

/** The fields a capacity report reads, by kind: only these are resolved, compared or projected. */
export const TRUNK_GROUP_FIELDS = ["serviceProviderId", "groupId", "name", "maxActiveCalls", "enableBursting", "burstingMaxActiveCalls"];
export const CAPACITY_FIELDS = ["serviceProviderId", "groupId", "maxActiveCalls", "burstingMaxActiveCalls"];

export function pick(args: Readonly<Record<string, unknown>>, fields: readonly string[]): Record<string, unknown> {
    return Object.fromEntries(fields.filter((f) => args[f] !== undefined).map((f) => [f, args[f]]));
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const int = (v: unknown): number | undefined => (typeof v === "number" ? v : undefined);

export function snapshotOf(ds: readonly Declared[]): ProgramSnapshot {
    const out: ProgramSnapshot = { trunkGroups: [], groupCapacities: [], serviceProviderCapacities: [], names: {}, allowed: [] };
    for (const d of ds) {
        out.names[d.urn] = d.name;
        const v = d.values;
        const sp = str(v.serviceProviderId);
        if (sp === undefined) {
            continue;
        }
        if (d.kind === TRUNK_GROUP) {
            const [groupId, name, calls] = [str(v.groupId), str(v.name), int(v.maxActiveCalls)];
            if (groupId !== undefined && name !== undefined && calls !== undefined) {
                out.trunkGroups.push({
                    urn: d.urn,
                    serviceProviderId: sp,
                    groupId,
                    name,
                    maxActiveCalls: calls,
                    ...(typeof v.enableBursting === "boolean" ? { enableBursting: v.enableBursting } : {}),
                    ...(v.burstingMaxActiveCalls === null || typeof v.burstingMaxActiveCalls === "number" ? { burstingMaxActiveCalls: v.burstingMaxActiveCalls } : {}),
                });
            }
            continue;
        }
        const values: DeclaredCapacityValues = { urn: d.urn, serviceProviderId: sp, maxActiveCalls: int(v.maxActiveCalls), burstingMaxActiveCalls: int(v.burstingMaxActiveCalls) };
        if (d.kind === GROUP_CAPACITY) {
            const groupId = str(v.groupId);
            if (groupId !== undefined) {
                out.groupCapacities.push({ ...values, groupId });
                if (d.allow) {
                    out.allowed.push({ serviceProviderId: sp, groupId });
                }
            }
        } else {
            out.serviceProviderCapacities.push(values);
            if (d.allow) {
                out.allowed.push({ serviceProviderId: sp });
            }
        }
    }
    return out;
}

