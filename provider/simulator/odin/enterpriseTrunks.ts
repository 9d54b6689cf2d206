/**
 * Enterprise trunks: their rules, and the writes (POST, PUT, DELETE) at
 * enterprise level (/service-providers/enterprise-trunks) and group level
 * (/groups/enterprise-trunks).
 *
 * Evidence: the Odin web UI's enterprise-trunk services and forms (their
 * request bodies: `{serviceProviderId, [groupId], enterpriseTrunkName,
 * maximumRerouteAttempts, routeExhaustionAction, orderedRouting:
 * {orderingAlgorithm}, capacityManagement: {maximumActiveCalls, enabled},
 * trunkGroups: [{groupId, trunkGroupName}]}`; the identity in the query for
 * GET and DELETE, in the body for POST and PUT; a rename as
 * `newEnterpriseTrunkName` in the PUT; the choices: ordering algorithm
 * "Ordered Load Balancing", "Overflow", "Most Idle", "Least Idle", route
 * exhaustion "None" or "Forward", routing "orderedRouting" or
 * "priorityWeightedRouting"), a production provisioning script that POSTs
 * such bodies at both levels, and BroadWorks' OCI schema (the add and modify
 * requests: exactly one routing, `routeExhaustionForwardAddress` 1-161
 * characters, names 1-30).
 *
 * Modelling choices where the evidence is silent (docs/enterprise-trunk.md
 * repeats them): maximumRerouteAttempts and
 * maximumRerouteAttemptsWithinPriority are 1 to 10 (the OCI schema's bounds);
 * a member's priority is 1 to 10 and weight 1 to 65536, and only priority
 * weighted routing takes them; a name is unique among the enterprise trunks of its level (the
 * enterprise's, or one group's); a group-level trunk holds only its group's
 * trunk groups; POST, PUT and DELETE answer with the trunk as GET shows it
 * (the trunk-group endpoints do); a PUT's routing object replaces the other
 * routing, its capacityManagement and trunkGroups replace the old ones, and
 * `routeExhaustionForwardAddress: null` clears it.
 */
import { OCI, broadworks, invalid, notFound } from "./errors";
import type { EnterpriseTrunkRec, ServiceProviderRec } from "./state";
import type { EnterpriseTrunkMember } from "./types";

/** The web UI's choices (its enterprise-trunk service options). */
export const ORDERING_ALGORITHMS = ["Ordered Load Balancing", "Overflow", "Most Idle", "Least Idle"];
export const EXHAUSTION_ACTIONS = ["None", "Forward"];

/** The OCI commands behind each write, named in refusals as BroadWorks does. */
export const ET_CMD = {
    add: { enterprise: "EnterpriseEnterpriseTrunkAddRequest", group: "GroupEnterpriseTrunkAddRequest" },
    modify: { enterprise: "EnterpriseEnterpriseTrunkModifyRequest", group: "GroupEnterpriseTrunkModifyRequest" },
    delete: { enterprise: "EnterpriseEnterpriseTrunkDeleteRequest", group: "GroupEnterpriseTrunkDeleteRequest" },
} as const;

export type EtLevel = "enterprise" | "group";

type Body = Record<string, unknown>;

const isObject = (v: unknown): v is Body => v !== null && typeof v === "object" && !Array.isArray(v);

function text(v: unknown, field: string, min: number, max: number, command: string): string {
    if ((typeof v !== "string" && typeof v !== "number") || String(v).length < min || String(v).length > max) {
        throw invalid(`${field} must be ${min} to ${max} characters`, command);
    }
    return String(v);
}

function integer(v: unknown, field: string, min: number, max: number, command: string): number {
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
        throw invalid(`${field} must be an integer from ${min} to ${max}`, command);
    }
    return v;
}

function oneOf(v: unknown, field: string, values: string[], command: string): string {
    if (typeof v !== "string" || !values.includes(v)) {
        throw invalid(`${field} must be one of ${values.join(", ")}`, command);
    }
    return v;
}

function routingOf(body: Body, command: string): Pick<EnterpriseTrunkRec, "orderedRouting" | "priorityWeightedRouting"> | undefined {
    const ordered = body.orderedRouting;
    const weighted = body.priorityWeightedRouting;
    if (isObject(ordered) && isObject(weighted)) {
        throw invalid("orderedRouting and priorityWeightedRouting exclude each other", command);
    }
    if (isObject(ordered)) {
        return { orderedRouting: { orderingAlgorithm: oneOf(ordered.orderingAlgorithm, "orderedRouting.orderingAlgorithm", ORDERING_ALGORITHMS, command) } };
    }
    if (isObject(weighted)) {
        return { priorityWeightedRouting: { maximumRerouteAttemptsWithinPriority: integer(weighted.maximumRerouteAttemptsWithinPriority, "priorityWeightedRouting.maximumRerouteAttemptsWithinPriority", 1, 10, command) } };
    }
    if (ordered !== undefined && ordered !== null) {
        throw invalid("orderedRouting must be an object", command);
    }
    if (weighted !== undefined && weighted !== null) {
        throw invalid("priorityWeightedRouting must be an object", command);
    }
    return undefined;
}

function capacityOf(v: unknown, command: string): EnterpriseTrunkRec["capacityManagement"] {
    if (!isObject(v) || typeof v.enabled !== "boolean") {
        throw invalid("capacityManagement must be {maximumActiveCalls, enabled}", command);
    }
    return { maximumActiveCalls: integer(v.maximumActiveCalls ?? 0, "capacityManagement.maximumActiveCalls", 0, 999999, command), enabled: v.enabled };
}

/** Members: trunk groups that exist, of the trunk's own group at group level, each once. */
function membersOf(sp: ServiceProviderRec, groupId: string | undefined, v: unknown, weighted: boolean, fromSeed: boolean, command: string): EnterpriseTrunkMember[] {
    if (!Array.isArray(v)) {
        throw invalid("trunkGroups must be a list", command);
    }
    const seen = new Set<string>();
    return v.map((raw, i) => {
        if (!isObject(raw)) {
            throw invalid(`trunkGroups[${i}] must be {groupId, trunkGroupName}`, command);
        }
        const member = { groupId: text(raw.groupId, `trunkGroups[${i}].groupId`, 1, 30, command), trunkGroupName: text(raw.trunkGroupName, `trunkGroups[${i}].trunkGroupName`, 1, 30, command) };
        const where = `${member.groupId}/${member.trunkGroupName}`;
        const group = sp.groups.find((g) => g.groupId === member.groupId);
        if (!group?.trunkGroups.some((t) => t.name === member.trunkGroupName)) {
            // A seed's author is told in the seed's words; a request gets BroadWorks' refusal.
            throw fromSeed ? new Error(`trunkGroups[${i}]: trunk group ${where} is not in the seed`) : broadworks(OCI.trunkGroupNotFound, `Trunk Group not found: ${where}`, command);
        }
        if (groupId !== undefined && member.groupId !== groupId) {
            throw invalid(`trunkGroups[${i}]: a group's enterprise trunk holds only trunk groups of group ${groupId}, not ${where}`, command);
        }
        if (seen.has(where)) {
            throw invalid(`trunkGroups[${i}]: trunk group ${where} is listed twice`, command);
        }
        seen.add(where);
        if ((raw.priority !== undefined || raw.weight !== undefined) && !weighted) {
            throw invalid(`trunkGroups[${i}]: priority and weight apply to priority weighted routing only`, command);
        }
        return {
            ...member,
            ...(raw.priority !== undefined ? { priority: integer(raw.priority, `trunkGroups[${i}].priority`, 1, 10, command) } : {}),
            ...(raw.weight !== undefined ? { weight: integer(raw.weight, `trunkGroups[${i}].weight`, 1, 65536, command) } : {}),
        };
    });
}

function checkExhaustion(et: EnterpriseTrunkRec, command: string): void {
    if (et.routeExhaustionAction === "Forward" && et.routeExhaustionForwardAddress === undefined) {
        throw invalid("routeExhaustionForwardAddress is required when routeExhaustionAction is Forward", command);
    }
}

/**
 * An enterprise trunk from a create body or a seed entry, checked
 * completely. A seed may leave the routing out (ordered load balancing);
 * a create must choose.
 */
export function buildEnterpriseTrunk(sp: ServiceProviderRec, groupId: string | undefined, body: Body, from: "seed" | "create", command: string): EnterpriseTrunkRec {
    const name = text(body.enterpriseTrunkName, "enterpriseTrunkName", 1, 30, command);
    if (groupId !== undefined && !sp.groups.some((g) => g.groupId === groupId)) {
        throw notFound("Group", groupId);
    }
    if (sp.enterpriseTrunks.some((et) => et.enterpriseTrunkName === name && et.groupId === groupId)) {
        throw broadworks(OCI.duplicate, `Enterprise Trunk ${name} already exists`, command);
    }
    const routing = routingOf(body, command);
    if (!routing && from === "create") {
        throw invalid("one of orderedRouting and priorityWeightedRouting is required", command);
    }
    const et: EnterpriseTrunkRec = {
        enterpriseTrunkName: name,
        ...(groupId !== undefined ? { groupId } : {}),
        maximumRerouteAttempts: integer(body.maximumRerouteAttempts ?? 1, "maximumRerouteAttempts", 1, 10, command),
        routeExhaustionAction: oneOf(body.routeExhaustionAction ?? "None", "routeExhaustionAction", EXHAUSTION_ACTIONS, command),
        ...(body.routeExhaustionForwardAddress !== undefined && body.routeExhaustionForwardAddress !== null
            ? { routeExhaustionForwardAddress: text(body.routeExhaustionForwardAddress, "routeExhaustionForwardAddress", 1, 161, command) }
            : {}),
        ...(routing ?? { orderedRouting: { orderingAlgorithm: "Ordered Load Balancing" } }),
        capacityManagement: body.capacityManagement !== undefined && body.capacityManagement !== null ? capacityOf(body.capacityManagement, command) : { maximumActiveCalls: 0, enabled: false },
        trunkGroups: [],
    };
    et.trunkGroups = membersOf(sp, groupId, body.trunkGroups ?? [], et.priorityWeightedRouting !== undefined, from === "seed", command);
    checkExhaustion(et, command);
    return et;
}

/** The enterprise trunk a query or body names, at its level; Odin's 404 when there is none. */
export function findEnterpriseTrunk(sp: ServiceProviderRec, groupId: string | undefined, name: unknown): EnterpriseTrunkRec {
    const et = sp.enterpriseTrunks.find((x) => x.enterpriseTrunkName === String(name) && x.groupId === groupId);
    if (!et || name === undefined) {
        throw notFound("Enterprise Trunk", String(name));
    }
    return et;
}

/**
 * A sparse modify: absent = unchanged; `newEnterpriseTrunkName` renames; a
 * routing object replaces the routing; capacityManagement and trunkGroups
 * replace theirs; `routeExhaustionForwardAddress: null` clears it. Checked
 * whole before anything changes.
 */
export function modifyEnterpriseTrunk(sp: ServiceProviderRec, et: EnterpriseTrunkRec, body: Body, command: string): void {
    const next: EnterpriseTrunkRec = { ...et, trunkGroups: [...et.trunkGroups] };
    const rename = body.newEnterpriseTrunkName;
    if (rename !== undefined && rename !== null && String(rename) !== et.enterpriseTrunkName) {
        next.enterpriseTrunkName = text(rename, "newEnterpriseTrunkName", 1, 30, command);
        if (sp.enterpriseTrunks.some((x) => x !== et && x.enterpriseTrunkName === next.enterpriseTrunkName && x.groupId === et.groupId)) {
            throw broadworks(OCI.duplicate, `Enterprise Trunk ${next.enterpriseTrunkName} already exists`, command);
        }
    }
    if (body.maximumRerouteAttempts !== undefined) {
        next.maximumRerouteAttempts = integer(body.maximumRerouteAttempts, "maximumRerouteAttempts", 1, 10, command);
    }
    if (body.routeExhaustionAction !== undefined) {
        next.routeExhaustionAction = oneOf(body.routeExhaustionAction, "routeExhaustionAction", EXHAUSTION_ACTIONS, command);
    }
    if (body.routeExhaustionForwardAddress === null) {
        delete next.routeExhaustionForwardAddress;
    } else if (body.routeExhaustionForwardAddress !== undefined) {
        next.routeExhaustionForwardAddress = text(body.routeExhaustionForwardAddress, "routeExhaustionForwardAddress", 1, 161, command);
    }
    const routing = routingOf(body, command);
    if (routing) {
        delete next.orderedRouting;
        delete next.priorityWeightedRouting;
        Object.assign(next, routing);
    }
    if (body.capacityManagement !== undefined) {
        next.capacityManagement = capacityOf(body.capacityManagement, command);
    }
    const weighted = next.priorityWeightedRouting !== undefined;
    if (body.trunkGroups !== undefined) {
        next.trunkGroups = membersOf(sp, et.groupId, body.trunkGroups, weighted, false, command);
    } else if (!weighted && next.trunkGroups.some((m) => m.priority !== undefined || m.weight !== undefined)) {
        // Ordered routing keeps the members in their order, without priorities or weights.
        next.trunkGroups = next.trunkGroups.map((m) => ({ groupId: m.groupId, trunkGroupName: m.trunkGroupName }));
    }
    checkExhaustion(next, command);
    Object.assign(et, next);
    if (next.orderedRouting === undefined) {
        delete et.orderedRouting;
    }
    if (next.priorityWeightedRouting === undefined) {
        delete et.priorityWeightedRouting;
    }
    if (next.routeExhaustionForwardAddress === undefined) {
        delete et.routeExhaustionForwardAddress;
    }
}
