/**
 * The enterprise-trunk declaration: a BroadWorks enterprise trunk, at
 * enterprise level (an enterprise's) or group level (a service provider's
 * group), with its routing, route exhaustion, capacity management and member
 * trunk groups, as the Odin web UI sends them. The kit derives check, diff,
 * answer validation, outputs and the args type from it.
 */
import type { FieldSpec, FieldTable, OutputTable, ResourceSchema } from "../../kit/schema";
import { isSet, isUnknown } from "../../kit/schema";
import type { EnterpriseTrunkKey, EnterpriseTrunkSettings } from "../types";
import { broadWorks } from "../values";

/** What an EnterpriseTrunk's checked inputs hold: where it lives, and every setting. */
export type EnterpriseTrunkInputs = EnterpriseTrunkKey & EnterpriseTrunkSettings;

/** A BroadWorks id: service provider, group, trunk group, enterprise trunk. */
const ID = { kind: "string", min: 1, max: 30 } as const;
const FORWARD = { field: "routeExhaustionAction", is: "Forward" } as const;

const MEMBER: FieldSpec = {
    kind: "object",
    fields: {
        groupId: { ...ID, required: true },
        trunkGroupName: { ...ID, required: true },
        priority: { kind: "integer", min: 1, max: 10 },
        weight: { kind: "integer", min: 1, max: 65536 },
    },
};

const FIELDS: FieldTable<EnterpriseTrunkInputs> = {
    serviceProviderId: { ...ID, required: true, identity: true, replaceOnChange: true },
    groupId: { ...ID, identity: true, replaceOnChange: true, description: "the group of a group-level enterprise trunk; leave it out for an enterprise's" },
    // Identity, but renamed in place (newEnterpriseTrunkName).
    enterpriseTrunkName: { ...ID, required: true, identity: true },
    maximumRerouteAttempts: { kind: "integer", min: 1, max: 10, createDefault: 1, resetTo: 1 },
    routeExhaustionAction: { kind: "enum", values: ["None", "Forward"], createDefault: "None", resetTo: "None" },
    routeExhaustionForwardAddress: { kind: "string", min: 1, max: 161, nullable: true, resetTo: null, requiredWhen: FORWARD, onlyWhen: FORWARD },
    orderedRouting: {
        kind: "object",
        nullable: true,
        resetTo: null,
        fields: { orderingAlgorithm: { kind: "enum", values: ["Ordered Load Balancing", "Overflow", "Most Idle", "Least Idle"], required: true } },
    },
    priorityWeightedRouting: { kind: "object", nullable: true, resetTo: null, fields: { maximumRerouteAttemptsWithinPriority: { kind: "integer", min: 1, max: 10, required: true } } },
    capacityManagement: { kind: "object", fields: { maximumActiveCalls: { kind: "integer", min: 0, max: 999999, required: true }, enabled: { kind: "boolean", required: true } } },
    trunkGroups: { kind: "list", items: MEMBER, max: 100 },
};

const OUTPUTS: OutputTable<Record<string, never>> = {};

const ROUTINGS = ["orderedRouting", "priorityWeightedRouting"] as const;

/** BroadWorks' rules across fields: one routing, members of the trunk's own group, each once, priorities only where they mean something. */
function across(inputs: Readonly<Record<string, unknown>>): { property: string; reason: string }[] {
    const out: { property: string; reason: string }[] = [];
    const chosen = ROUTINGS.filter((k) => isSet(inputs[k]));
    if (chosen.length === 2) {
        out.push({ property: "priorityWeightedRouting", reason: "orderedRouting and priorityWeightedRouting exclude each other: an enterprise trunk routes one way; keep one" });
    } else if (chosen.length === 0) {
        out.push({
            property: "orderedRouting",
            reason: 'an enterprise trunk needs one of orderedRouting ({ orderingAlgorithm: "Ordered Load Balancing" }, "Overflow", "Most Idle" or "Least Idle") and priorityWeightedRouting ({ maximumRerouteAttemptsWithinPriority: 1 to 10 })',
        });
    }
    const members = Array.isArray(inputs.trunkGroups) ? inputs.trunkGroups : [];
    const weighted = isSet(inputs.priorityWeightedRouting);
    const seen = new Set<string>();
    members.forEach((m: unknown, i: number) => {
        if (m === null || typeof m !== "object" || isUnknown(m)) {
            return;
        }
        const member = m as Record<string, unknown>;
        const groupId = inputs.groupId;
        if (typeof groupId === "string" && typeof member.groupId === "string" && member.groupId !== groupId) {
            out.push({ property: "trunkGroups", reason: `trunkGroups[${i}].groupId must be ${groupId}: a group's enterprise trunk holds only trunk groups of its own group (got ${member.groupId})` });
        }
        if (!weighted && !isUnknown(inputs.priorityWeightedRouting) && (isSet(member.priority) || isSet(member.weight))) {
            out.push({ property: "trunkGroups", reason: `trunkGroups[${i}]: priority and weight are for priorityWeightedRouting; remove them, or route by priority and weight` });
        }
        if (typeof member.groupId === "string" && typeof member.trunkGroupName === "string") {
            const where = `${member.groupId}/${member.trunkGroupName}`;
            if (seen.has(where)) {
                out.push({ property: "trunkGroups", reason: `trunkGroups[${i}]: trunk group ${where} is listed twice` });
            }
            seen.add(where);
        }
    });
    return out;
}

/**
 * A BroadWorks enterprise trunk. Identity: serviceProviderId, groupId (a
 * group's enterprise trunk; none for an enterprise's) and
 * enterpriseTrunkName; serviceProviderId and groupId replace, a new name
 * renames in place. Its trunk groups route calls in order or by priority and
 * weight.
 */
export const ENTERPRISE_TRUNK: ResourceSchema<EnterpriseTrunkInputs> = {
    ...broadWorks("EnterpriseTrunk"),
    fields: FIELDS,
    outputs: OUTPUTS,
    rules: { across },
    answer: { noun: "enterprise trunk", object: "enterprise trunk", always: ["enterpriseTrunkName"], numbersAsText: true, omitsUnset: true },
    adoption: { findsBy: "serviceProviderId, groupId (for a group's) and enterpriseTrunkName" },
    notInputs: { newEnterpriseTrunkName: "change `enterpriseTrunkName` and the enterprise trunk is renamed in place" },
};
