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
 * Not worded "not found": clients read a 400 saying "not found" as "the
 * trunk group is gone", and here the trunk group exists.
 */
export function checkGroupUser(group: GroupRec, userId: string, role: string, command: string): void {
    if (!group.users.some((u) => u.userId === userId)) {
        throw broadworks(OCI.unknownUser, `${role} ${userId} is not a user of group ${group.groupId}`, command);
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
