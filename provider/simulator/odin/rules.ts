/**
 * BroadWorks business rules, each refused the way Odin relays them: HTTP 400
 * with an OCI-style "[Error NNNN] ..." text that carries the numbers a person
 * needs. Kept apart from the store so every rule can be read in one place.
 */
import { broadworks, invalid, OCI } from "./errors";
import type { FieldValues } from "./fields";
import type { GroupRec, ServiceProviderRec, TrunkGroupRec } from "./state";

const show = (n: number) => (n === -1 ? "unlimited" : String(n));

export function checkTrunkGroupName(name: unknown, field: string, command: string): string {
    if ((typeof name !== "string" && typeof name !== "number") || String(name).length < 1 || String(name).length > 30) {
        throw invalid(`${field} must be 1 to 30 characters (got ${JSON.stringify(name)})`, command);
    }
    return String(name);
}

export function requireTrunkGroupService(group: GroupRec, command: string): void {
    if (!group.trunkGroupService) {
        // Worded so both "not assigned" and "service" appear, as BroadWorks does.
        throw broadworks(OCI.serviceNotAssigned, `Service not assigned to group ${group.groupId}: Trunk Group`, command);
    }
}

export function checkUniqueName(group: GroupRec, name: string, command: string, except?: TrunkGroupRec): void {
    if (group.trunkGroups.some((t) => t !== except && t.name === name)) {
        throw broadworks(OCI.duplicate, `Trunk group "${name}" already exists in group ${group.groupId}`, command);
    }
}

/**
 * The capacity rules, from the reference (odin-api.md §2.6-2.8, §7) and, where
 * it is silent, assumed as follows:
 * - a group's capacity is at most its ceilings, which are the service
 *   provider's values (`maxAvailable*`); -1 (unlimited) is allowed for a
 *   group's bursting only where the service provider's bursting is unlimited,
 *   and never for a group's maxActiveCalls;
 * - a trunk group's maxActiveCalls must fit the group's capacity on its own,
 *   judged when it is created or its maxActiveCalls changes; the sums over
 *   trunk groups and over groups are not checked (§2.8: 65 allocated under 40);
 * - ASSUMED: lowering a capacity below what is already allocated (a group
 *   below its trunk groups, a service provider below a group) is accepted and
 *   changes nothing else: the existing trunk groups and group values stay,
 *   the ceilings follow the service provider at once, and BroadWorks applies
 *   the limit at call time. The next change of a trunk group's maxActiveCalls
 *   or of a group's capacity must fit the new values.
 */

/** Each trunk group must fit the group's trunking capacity; the sum over trunk groups is not checked. */
export function checkTrunkCapacity(group: GroupRec, maxActiveCalls: number, command: string): void {
    const cap = group.capacity.maxActiveCalls;
    if (cap !== -1 && maxActiveCalls > cap) {
        throw broadworks(
            OCI.trunkCapacity,
            `Trunk group max active calls ${maxActiveCalls} exceeds the group trunking call capacity ${cap}`,
            command,
        );
    }
}

/** A group may not exceed its service provider (unless unlimited); the sum over groups is not checked. */
export function checkGroupCapacity(sp: ServiceProviderRec, next: { maxActiveCalls: number; burstingMaxActiveCalls: number }, command: string): void {
    const spMax = sp.capacity.maxActiveCalls;
    if (spMax !== -1 && next.maxActiveCalls > spMax) {
        throw broadworks(
            OCI.groupCapacity,
            `Group trunking call capacity ${next.maxActiveCalls} exceeds the service provider trunking call capacity ${spMax}`,
            command,
        );
    }
    const spBurst = sp.capacity.burstingMaxActiveCalls;
    if (spBurst !== -1 && (next.burstingMaxActiveCalls === -1 || next.burstingMaxActiveCalls > spBurst)) {
        throw broadworks(
            OCI.groupCapacity,
            `Group bursting trunking call capacity ${show(next.burstingMaxActiveCalls)} exceeds the service provider bursting trunking call capacity ${spBurst}`,
            command,
        );
    }
}

/** requireAuthentication needs both SIP credentials, given now or stored before. */
export function checkAuthentication(fields: FieldValues, hasPassword: boolean, command: string): void {
    if (fields.requireAuthentication !== true) {
        return;
    }
    if (typeof fields.sipAuthenticationUserName !== "string" || fields.sipAuthenticationUserName === "" || !hasPassword) {
        throw broadworks(
            OCI.authRequired,
            "SIP authentication user name and password are required when requireAuthentication is true",
            command,
        );
    }
}

/**
 * A user id the system knows nowhere gets BroadWorks' own answer, "[Error
 * 4008] User not found: <id>" - a 400 that says "not found" although the
 * trunk group exists, which a client must not read as the trunk group's
 * absence. A user of another group gets the simulator's own wording.
 */
export function checkGroupUser(group: GroupRec, userId: string, userExists: (id: string) => boolean, command: string): void {
    if (group.users.some((u) => u.userId === userId)) {
        return;
    }
    if (!userExists(userId)) {
        throw broadworks(OCI.userNotFound, `User not found: ${userId}`, command);
    }
    throw broadworks(OCI.userNotInGroup, `User ${userId} is not in group ${group.groupId}`, command);
}

/** The pilot user must be one of the trunk group's hosted users (BroadWorks: "user must be on the trunk"). */
export function checkPilotHosted(trunkName: string, pilotUserId: string, hosted: string[], command: string): void {
    if (!hosted.includes(pilotUserId)) {
        throw broadworks(OCI.pilotNotHosted, `Pilot user ${pilotUserId} must be a hosted user of trunk group "${trunkName}"`, command);
    }
}

/**
 * OCI GroupTrunkGroupModifyInstanceRequest20sp1: "The access device cannot be
 * modified or cleared if there are any users assigned to the Trunk Group."
 * Judged on the users the trunk group has before the request.
 */
export function checkDeviceUnlocked(trunk: TrunkGroupRec, next: unknown, command: string): void {
    const before = trunk.fields.accessDevice as Record<string, string> | undefined;
    const same = (a: Record<string, string> | undefined, b: Record<string, string> | undefined) =>
        (a === undefined && b === undefined) || (a !== undefined && b !== undefined && a.deviceLevel === b.deviceLevel && a.deviceName === b.deviceName);
    if (trunk.userIds.length > 0 && !same(before, (next ?? undefined) as Record<string, string> | undefined)) {
        throw broadworks(
            OCI.deviceLocked,
            `The access device cannot be modified or cleared while users are assigned to trunk group "${trunk.name}" (${trunk.userIds.length} assigned)`,
            command,
        );
    }
}

/**
 * A service provider without the Trunk Group service: BroadWorks authorizes
 * services at service-provider level (and assigns them at group level), so
 * the text says "not authorized". The exact BroadWorks wording is not in the
 * reference; this one carries the id and the service, as BroadWorks does.
 */
export function requireServiceProviderTrunkGroupService(sp: ServiceProviderRec, command: string): void {
    if (!sp.trunkGroupService) {
        throw broadworks(OCI.serviceNotAuthorized, `Service Provider ${sp.serviceProviderId} is not authorized for service: Trunk Group`, command);
    }
}

export function checkNoPilotOnDelete(trunk: TrunkGroupRec, command: string): void {
    const pilot = trunk.fields.pilotUserId;
    if (typeof pilot === "string") {
        throw broadworks(
            OCI.pilotOnDelete,
            `Cannot delete trunk group "${trunk.name}" while it has a pilot user (${pilot}); clear pilotUserId first`,
            command,
        );
    }
}

/** Capacity values: -1 (unlimited) or a non-negative integer. */
export function checkCapacityValue(raw: unknown, field: string, allowUnlimited: boolean, command?: string): number {
    const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < -1 || (n === -1 && !allowUnlimited)) {
        throw invalid(`${field} must be ${allowUnlimited ? "-1 (unlimited) or " : ""}an integer >= 0 (got ${JSON.stringify(raw)})`, command);
    }
    return n;
}
